"""The Typer app, the options every command shares, and how errors reach the user.

The command modules (``files``, ``records``, ``store``, ``report``) import from here and
from :mod:`bioregion.cli._render` only; ``bioregion.cli`` imports them to register them.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from bioregion.cli._render import err, error, out
from bioregion.errors import ArgumentError, BioregionError, StoreLockedError
from bioregion.model.dates import PartialDate
from bioregion.store import DEFAULT_DB, Store, database_url
from bioregion.store.engine import DEFAULT_BUSY_TIMEOUT, sqlite_path


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

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command; an argument given a metavar (``FILE...``) shows only that in
        ``--help``, not also its Python type (``<list[Path]>``)."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if param.param_type_name == "argument" and param.metavar:
                param.display_type_rich = _no_type
        return command

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


def _no_type(ctx: Any) -> None:
    return None


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
    typer.Option("--db", metavar="DB", help=DB_HELP + "; may also come before the command."),
]

FormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar="FORMAT", help="table, csv or json.")
]

SectorOption = Annotated[
    str | None,
    typer.Option(
        metavar="TAG",
        help="Count only NBFs carrying this tag (e.g. red_biotech) [default: any sector].",
    ),
]

BUSY_HELP = "Seconds a write waits while another import holds the store, then gives up."


def _busy_timeout(value: float | None) -> None:
    if value is not None:
        state.busy_timeout = value


#: ``--busy-timeout`` after the command; the same as before it (it sets :data:`state`).
BusyTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--busy-timeout",
        min=0,
        callback=_busy_timeout,
        expose_value=False,
        metavar="SECONDS",
        help=f"{BUSY_HELP} [default: {DEFAULT_BUSY_TIMEOUT:g}]; may also come before the command.",
    ),
]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number of years; give e.g. 5")
    return value


#: ``--default-years``: a finite number of years >= 0 (``ties``, ``export``).
DefaultYearsOption = Annotated[
    float,
    typer.Option(
        "--default-years",
        min=0,
        callback=_finite,
        metavar="YEARS",
        help="Years a tie without an end date counts as active (for the dates given).",
    ),
]


#: The text of a ``--at``/``--from``/``--to`` date in ``--help``.
DATE = "DATE"


@dataclass(frozen=True)
class When:
    """The dates of ``--at``, ``--from`` and ``--to``, read and checked."""

    at: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None

    @property
    def given(self) -> bool:
        return any((self.at, self.start, self.end))


def read_dates(at: str | None = None, start: str | None = None, end: str | None = None) -> When:
    """Read ``--at``, ``--from`` and ``--to``; errors name the options, as typed.

    Raises :class:`ArgumentError` (exit 1) for a text that is not a date, ``--at`` with
    ``--from``/``--to``, and ``--to`` before ``--from``.
    """
    if at and (start or end):
        raise ArgumentError(
            "give either --at (the ties active at one date) or --from/--to (a period), not both"
        )
    found = When(_date(at, "--at"), _date(start, "--from"), _date(end, "--to"))
    if found.start and found.end and found.end.last_day < found.start.first_day:
        raise ArgumentError(
            f"--to {end} is before --from {start}: the period ends before it starts; "
            "give --from no later than --to"
        )
    return found


def _date(text: str | None, option: str) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        how = "" if "YYYY" in str(exc) else "; write YYYY, YYYY-MM or YYYY-MM-DD"
        raise ArgumentError(f"{option} {text!r}: {exc}{how}, e.g. {option} 2010") from None


def check_kinds(given: str | Iterable[str] | None, vocab: type[Enum], option: str) -> None:
    """Refuse values of ``option`` that are not members of ``vocab``, listing the known ones."""
    if not given:
        return
    values = [given] if isinstance(given, str) else list(given)
    known = [str(member.value) for member in vocab]
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ArgumentError(
            f"{option}: unknown kind {', '.join(map(repr, unknown))}; the known kinds are "
            f"{', '.join(known)}"
        )


def _version(value: bool) -> None:
    if value:
        from bioregion._version import installed_version

        out.print(f"bioregion {installed_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[str | None, typer.Option("--db", metavar="DB", help=DB_HELP)] = None,
    busy_timeout: Annotated[
        float, typer.Option("--busy-timeout", min=0, metavar="SECONDS", help=BUSY_HELP)
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


#: What SQLite may leave beside a store file.
SIDE_FILES = ("-wal", "-shm", "-journal")


@contextmanager
def removed_if_new(target: str) -> Iterator[None]:
    """Remove the SQLite store file at ``target`` (and its side files) if the block fails
    and the file did not exist before it: a rejected first import leaves nothing behind.
    Folders made for it are removed too when they are left empty.
    """
    path = sqlite_path(database_url(target))
    if path is None or path.exists():
        yield
        return
    missing = [p for p in path.parents if not p.exists()]
    try:
        yield
    except BaseException:
        if _holds_no_import(path):
            for leftover in (path, *(path.with_name(path.name + end) for end in SIDE_FILES)):
                leftover.unlink(missing_ok=True)
            for folder in missing:  # deepest first
                try:
                    folder.rmdir()
                except OSError:
                    break
        raise


def _holds_no_import(path: Path) -> bool:
    """Whether the store file at ``path`` holds no import (another process's import that
    landed in the meantime keeps it); a file that is no readable store holds none."""
    if not path.exists():
        return True
    try:
        with Store.open(path, busy_timeout=0.5) as store:
            return not store.batches()
    except StoreLockedError:
        return False  # another process is writing to it: not ours to remove
    except BioregionError:
        return True
