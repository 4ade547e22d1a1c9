"""The ``bioregion`` command line: thin calls into the public Python API.

Each command parses its options, calls one library function and formats what comes
back. Errors print their message (no traceback unless ``--debug``) and exit 1.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bioregion import __version__
from bioregion.errors import BioregionError
from bioregion.store import DEFAULT_DB, Store

app = typer.Typer(
    name="bioregion",
    help="Map, measure and simulate regional innovation systems: actors, dated ties and "
    "their networks, with a source for every fact.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class _State:
    db: str = DEFAULT_DB
    debug: bool = False


state = _State()

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file path or a postgresql:// URL "
        "[default: bioregion.db, or $BIOREGION_DB]",
        envvar="BIOREGION_DB",
    ),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"bioregion {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: DbOption = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = None,
) -> None:
    """Options that apply to every command."""
    state.db = db or DEFAULT_DB
    state.debug = debug


def open_store(create: bool = False) -> Store:
    return Store.open(state.db, create=create)


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _emit(records: list[dict], columns: list[str], title: str, fmt: str) -> None:
    if fmt == "json":
        out.print_json(json.dumps(records, ensure_ascii=False, default=str))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(
            sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({c: _cell(r.get(c)) for c in columns} for r in records)
    else:
        out.print(_table(title, columns, [[_cell(r.get(c)) for c in columns] for r in records]))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return str(value)


FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]


@app.command()
def init() -> None:
    """Create the store (or upgrade it to this version's schema)."""
    with Store.open(state.db, create=True) as store:
        out.print(f"store ready at {store.display} (schema {store.revision()})")


# The commands live in small modules that register themselves on `app`.
from bioregion import cli_files, cli_records, cli_report  # noqa: E402,F401


def main() -> None:
    """Entry point: run the app, printing library errors without a traceback."""
    try:
        app()  # standalone: usage errors and --help exit through SystemExit
    except BioregionError as exc:
        if state.debug:
            raise
        err.print(f"[bold red]error:[/] {_escape(str(exc))}")
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted; nothing was half-written (imports are transactions)")
        raise SystemExit(130) from None
    except Exception as exc:
        if state.debug:
            raise
        err.print(
            f"[bold red]unexpected error:[/] {_escape(repr(exc))}\n"
            "run again with --debug for the traceback, and please report it"
        )
        raise SystemExit(2) from None


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


__all__ = ["FormatOption", "app", "main", "open_store", "out", "state"]
