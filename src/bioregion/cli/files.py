"""``bioregion import``, ``export`` and ``batches`` (the imports recorded in the store)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bioregion.cli._app import DbOption, FormatOption, app, open_store
from bioregion.cli._render import emit, out, staged_progress
from bioregion.errors import ExportError
from bioregion.io import (
    NETWORK_FORMATS,
    TABLE_FORMATS,
    export_tables,
    import_files,
    network_format,
    network_graph,
    write_network,
)
from bioregion.model.activity import DEFAULT_DURATION_YEARS


@app.command("import")
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="CSV, XLSX or JSON template files, imported together as one batch.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            help="Record type of every file (actors, ties, "
            "events, participations, sources) when names and columns do not tell."
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Text encoding of CSV/JSON files that are not UTF-8, e.g. cp1252."),
    ] = None,
    allow_extra_columns: Annotated[
        bool,
        typer.Option(
            "--allow-extra-columns",
            help="Skip columns the template does not have instead of rejecting the file.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Import template files into the store in one transaction (all or nothing).

    Every problem of every file is listed with its file, row, column and value; then
    nothing is written. Re-importing the same files changes nothing.
    """
    with open_store(db, create=True) as store, staged_progress() as progress:
        report = import_files(
            store,
            files,
            kind=kind,
            encoding=encoding,
            allow_extra_columns=allow_extra_columns,
            progress=progress,
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
            help="A directory (csv, json), a .xlsx workbook, or a "
            "network file: " + ", ".join(f"{s} ({n})" for s, n in NETWORK_FORMATS.items()) + "."
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help=", ".join([*TABLE_FORMATS, *dict.fromkeys(NETWORK_FORMATS.values())])
            + " [default: from the target's suffix; a directory without suffix: csv]",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(help="Networks: ties active at this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Networks: start of a period.")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Networks: end of a period.")] = None,
    tie_kind: Annotated[
        list[str] | None, typer.Option(help="Networks: only ties of this kind (repeat for more).")
    ] = None,
    default_years: Annotated[
        float, typer.Option(help="Networks: years a tie without an end stays active.")
    ] = DEFAULT_DURATION_YEARS,
    db: DbOption = None,
) -> None:
    """Export the store as template tables (lossless) or as a network for Gephi, Pajek, NetworkX."""
    given = {"--at": at, "--from": start, "--to": end, "--tie-kind": tie_kind}
    fmt = export_format(target, format, [name for name, value in given.items() if value])
    with open_store(db) as store:
        if fmt in TABLE_FORMATS:
            paths = export_tables(store, target, format=fmt)
            out.print(f"wrote {len(paths)} file(s): {', '.join(str(p) for p in paths)}")
            return
        window = (start or "1500", end or "2100") if (start or end) else None
        graph = network_graph(
            store, at=at, window=window, tie_kinds=tie_kind or None, default_years=default_years
        )
        path = write_network(graph, target, format=fmt)
    out.print(f"wrote {path}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} ties")


@app.command()
def batches(
    changes: Annotated[int | None, typer.Option(help="Show the changes one batch made.")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List the imports recorded in the store (files, hashes, counts) or one batch's changes."""
    with open_store(db) as store:
        if changes is not None:
            rows = store.changes(batch=changes)
            columns = ["record_type", "record_key", "action", "changed"]
            emit(rows, columns, f"changes of batch {changes}", format)
            return
        found = store.batches()
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
