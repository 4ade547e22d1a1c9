"""``bioregion import``, ``export`` and ``batches`` (the imports recorded in the store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bioregion.cli._app import (
    DATE,
    BusyTimeoutOption,
    DbOption,
    DefaultYearsOption,
    FormatOption,
    app,
    check_kinds,
    open_store,
    read_dates,
    removed_if_new,
    store_target,
)
from bioregion.cli._render import emit, out, staged_progress
from bioregion.errors import ArgumentError, ExportError
from bioregion.io.export import TABLE_FORMATS
from bioregion.io.network_export import NETWORK_FORMATS, network_format
from bioregion.model.activity import DEFAULT_DURATION_YEARS
from bioregion.model.vocab import TieKind


@app.command("import")
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV, XLSX or JSON template files, imported together as one batch.",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            metavar="TYPE",
            help="Record type of every file (actors, ties, "
            "events, participations, sources) when names and columns do not tell.",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            metavar="ENCODING",
            help="Text encoding of CSV/JSON files that are not UTF-8, e.g. cp1252.",
        ),
    ] = None,
    allow_extra_columns: Annotated[
        bool,
        typer.Option(
            "--allow-extra-columns",
            help="Skip columns the template does not have instead of rejecting the file.",
        ),
    ] = False,
    recheck: Annotated[
        bool,
        typer.Option(
            "--recheck",
            help="Compare every record with the store even when the files are those of "
            "the store's last batch, unchanged (by default such a repeat is recorded "
            "without reading them again).",
        ),
    ] = False,
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Import template files into the store in one transaction (all or nothing).

    Every problem of every file is listed with its file, row, column and value; then
    nothing is written (and a store file the import would have created is not left
    behind). Re-importing the same files changes nothing.
    """
    from bioregion.io import import_files  # the importer's libraries load only here

    with (
        removed_if_new(store_target(db)),
        open_store(db, create=True) as store,
        staged_progress() as progress,
    ):
        report = import_files(
            store,
            files,
            kind=kind,
            encoding=encoding,
            allow_extra_columns=allow_extra_columns,
            progress=progress,
            recheck=recheck,
        )
    for note in report.notes:
        out.print(f"note: {note}")
    for warning in report.warnings:
        out.print(f"warning: {warning}")
    out.print(f"imported batch {report.batch_id} into {store.display}: {report.summary()}")


def supported_targets() -> str:
    """What ``bioregion export`` can write, for messages."""
    networks = ", ".join(f"{suffix} ({name})" for suffix, name in NETWORK_FORMATS.items())
    return (
        f"network files: {networks}; template tables: a directory without a suffix "
        "(csv, or json with --format json) or a .xlsx workbook"
    )


def export_format(target: Path, given: str | None, network_options: list[str]) -> str:
    """The format to write ``target`` in: ``given``, else from its suffix.

    Raises :class:`ExportError` for an unknown format or suffix, a table directory given
    a file suffix, and network options (``--at``, ...) with a table format.
    """
    networks = set(NETWORK_FORMATS.values())
    suffix = target.suffix.lower()
    if given is not None:
        fmt = given.lower()
        if fmt not in networks and fmt not in TABLE_FORMATS:
            known = ", ".join([*TABLE_FORMATS, *sorted(networks)])
            raise ExportError(f"unknown export format {given!r}; formats: {known}")
    elif (by_suffix := network_format(target)) is not None:
        fmt = by_suffix
    elif suffix in (".xlsx", ".csv", ".json"):
        fmt = suffix[1:]  # a .csv or .json path is refused below: those write a folder
    elif not suffix or target.is_dir():
        fmt = "csv"
    else:
        raise ExportError(
            f"cannot tell what to write to {target}: bioregion does not export {suffix} "
            f"files. It writes {supported_targets()}; or pass --format"
        )
    if fmt in ("csv", "json") and suffix and not target.is_dir():
        raise ExportError(
            f"{fmt} export writes a directory of files (actors.{fmt}, ties.{fmt}, ...), "
            f"not one file named {target.name}; give a directory such as "
            f"{target.with_suffix('')}, or a network file ({', '.join(NETWORK_FORMATS)})"
        )
    if fmt in TABLE_FORMATS and network_options:
        raise ExportError(
            f"{', '.join(network_options)} choose which ties make a network, but {target} "
            f"is a {fmt} table export (all records); give a network file "
            f"({', '.join(NETWORK_FORMATS)}) or --format {'|'.join(sorted(networks))}"
        )
    return fmt


@app.command("export")
def export_command(
    target: Annotated[
        Path,
        typer.Argument(
            metavar="TARGET",
            help="A directory (csv, json), a .xlsx workbook, or a "
            "network file: " + ", ".join(f"{s} ({n})" for s, n in NETWORK_FORMATS.items()) + ".",
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=", ".join([*TABLE_FORMATS, *dict.fromkeys(NETWORK_FORMATS.values())])
            + " [default: from the target's suffix; a directory without suffix: csv]",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            metavar=DATE,
            help="Networks: ties active at this date (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar=DATE, help="Networks: start of a period.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", metavar=DATE, help="Networks: end of a period.")
    ] = None,
    tie_kind: Annotated[
        list[str] | None,
        typer.Option(metavar="KIND", help="Networks: only ties of this kind (repeat for more)."),
    ] = None,
    default_years: DefaultYearsOption = DEFAULT_DURATION_YEARS,
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Export the store as template tables (lossless) or as a network for Gephi, Pajek, NetworkX,
    UCINET or VOSviewer (these two write several files: every one is listed)."""
    from bioregion.io import export_tables, network_paths, network_table, write_network

    given = {"--at": at, "--from": start, "--to": end, "--tie-kind": tie_kind}
    fmt = export_format(target, format, [name for name, value in given.items() if value])
    when = read_dates(at=at, start=start, end=end)
    check_kinds(tie_kind, TieKind, "--tie-kind")
    with open_store(db) as store:
        if fmt in TABLE_FORMATS:
            paths = export_tables(store, target, format=fmt)
            out.print(f"wrote {len(paths)} file(s): {', '.join(str(p) for p in paths)}")
            return
        window = (start or "1500", end or "2100") if (when.start or when.end) else None
        network = network_table(
            store, at=at, window=window, tie_kinds=tie_kind or None, default_years=default_years
        )
        path = write_network(network, target, format=fmt)
    counts = f"{len(network.nodes)} actors, {len(network.edges)} ties"
    written = network_paths(network, target, fmt)
    if len(written) == 1:
        out.print(f"wrote {path}: {counts}")
    else:
        names = ", ".join(p.name for p in written)
        out.print(f"wrote {len(written)} files in {path.parent}: {names} ({counts})")


@app.command()
def batches(
    changes: Annotated[
        int | None,
        typer.Option(metavar="BATCH", help="Show the changes one batch (its id) made."),
    ] = None,
    format: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """List the imports recorded in the store (files, hashes, counts) or one batch's changes."""
    with open_store(db) as store:
        found = store.batches()
        if changes is not None:
            check_batch(changes, [b.id for b in found], store.display)
            rows = store.changes(batch=changes)
            columns = ["record_type", "record_key", "action", "changed"]
            emit(rows, columns, f"changes of batch {changes}", format)
            return
    rows = [
        {
            "id": b.id,
            "finished": str(b.finished_at)[:19],
            "label": b.label,
            "files": [f"{f['path']} ({f['sha256'][:12]})" for f in b.files],
            "counts": {
                k: "/".join(str(v) for v in c.values())
                for k, c in b.counts.items()
                if any(c.values())
            },
        }
        for b in found
    ]
    title = f"{len(found)} batches (counts: new/updated/unchanged)"
    emit(rows, ["id", "finished", "label", "files", "counts"], title, format)


def check_batch(batch: int, ids: list[int], display: str) -> None:
    """Refuse a batch id the store does not have, saying which ids it has."""
    if batch in ids:
        return
    if not ids:
        raise ArgumentError(f"--changes {batch}: the store at {display} has no batches yet")
    if len(ids) == 1:
        known = f"its only batch is {ids[0]}"
    else:
        known = f"its batch ids run from {min(ids)} to {max(ids)}"
    raise ArgumentError(
        f"--changes {batch}: there is no batch {batch} in the store at {display}; {known} "
        "(list them with: bioregion batches)"
    )
