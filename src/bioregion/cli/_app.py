"""The Typer app, the options every command shares, and how errors reach the user.

The command modules (``files``, ``records``, ``store``, ``report``) import from here and
from :mod:`bioregion.cli._render` only; ``bioregion.cli`` imports them to register them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from bioregion._version import __version__
from bioregion.cli._render import err, error, out
from bioregion.errors import BioregionError
from bioregion.store import DEFAULT_DB, Store
from bioregion.store.engine import DEFAULT_BUSY_TIMEOUT


@dataclass
class State:
    """What the options before the command set, for one invocation."""

    db: str | None = None
    debug: bool = False
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT


state = State()


class CommandGroup(TyperGroup):
    """Runs a command; a :class:`BioregionError` prints its message and exits 1.

    No traceback unless ``--debug``: these errors are conditions to fix (a file, an
    option, the store), not bugs. Anything else propagates (see :func:`main`).
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BioregionError as exc:
            if state.debug:
                raise
            error(str(exc))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("interrupted; nothing was half-written (imports are transactions)")
            raise typer.Exit(130) from None


app = typer.Typer(
    name="bioregion",
    cls=CommandGroup,
    help="Map, measure and simulate regional innovation systems: actors, dated ties and "
    "their networks, with a source for every fact.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DB_HELP = (
    "Store: a SQLite file path or a postgresql:// URL [default: bioregion.db, or $BIOREGION_DB]"
)

#: ``--db`` after the command (``bioregion init --db my.db``); the same as before it.
DbOption = Annotated[
    str | None,
    typer.Option("--db", help=DB_HELP + "; may also come before the command."),
]

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"bioregion {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    busy_timeout: Annotated[
        float,
        typer.Option(
            help="Seconds a write waits while another import holds the store, then gives up."
        ),
    ] = DEFAULT_BUSY_TIMEOUT,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Options that apply to every command."""
    state.db = db
    state.debug = debug
    state.busy_timeout = busy_timeout


def store_target(db: str | None) -> str:
    """The store a command uses: its own ``--db``, else the one before it, else the default.

    Raises a usage error when both are given and differ.
    """
    if db and state.db and db != state.db:
        raise typer.BadParameter(
            f"the store is given twice ({state.db!r} before the command, {db!r} after it); "
            "give --db once",
            param_hint="--db",
        )
    return db or state.db or os.environ.get("BIOREGION_DB") or DEFAULT_DB


def open_store(db: str | None = None, *, create: bool = False) -> Store:
    """Open the store of this invocation (see :func:`store_target`)."""
    return Store.open(store_target(db), create=create, busy_timeout=state.busy_timeout)


def main() -> None:
    """Entry point of the ``bioregion`` command.

    Errors of the library (:class:`BioregionError`) print their message and exit 1 (see
    :class:`CommandGroup`). Any other exception is a bug in bioregion: without ``--debug``
    it prints a short message asking for a report and exits 2.
    """
    try:
        app()  # standalone: usage errors, --help and typer.Exit end with SystemExit
    except Exception as exc:
        if state.debug:
            raise
        err.print(
            f"[bold red]unexpected error (a bug in bioregion):[/] {type(exc).__name__}: "
            f"{escape(str(exc))}\nrun again with --debug for the traceback, and please "
            "report it"
        )
        raise SystemExit(2) from None
