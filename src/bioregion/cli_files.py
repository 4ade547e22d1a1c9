"""``bioregion import`` and ``bioregion export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bioregion.cli import app, open_store, out
from bioregion.io import export_tables, import_files, network_graph, write_network

NETWORK_SUFFIXES = {".gexf": "gexf", ".graphml": "graphml", ".net": "pajek"}


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
) -> None:
    """Import template files into the store in one transaction (all or nothing).

    Every problem of every file is listed with its file, row, column and value; then
    nothing is written. Re-importing the same files changes nothing.
    """
    with (
        open_store(create=True) as store,
        Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            transient=True,
            console=out,
            disable=not out.is_terminal,
        ) as bar,
    ):
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                label = stage if " " in stage else f"writing {stage}s"
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total)

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
    out.print(f"imported batch {report.batch_id} into {store.display}: {report.summary()}")


@app.command("export")
def export_command(
    target: Annotated[
        Path,
        typer.Argument(
            help="A directory (csv, json), a .xlsx workbook, or a "
            ".gexf, .graphml or .net (Pajek) network file."
        ),
    ],
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, json, xlsx, gexf, "
            "graphml or pajek [default: from the target's suffix, else csv]",
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
    ] = 5,
) -> None:
    """Export the store as template tables (lossless) or as a network for Gephi, Pajek, NetworkX."""
    fmt = (
        format
        or NETWORK_SUFFIXES.get(target.suffix.lower())
        or ("xlsx" if target.suffix.lower() == ".xlsx" else "csv")
    )
    with open_store() as store:
        if fmt in ("csv", "json", "xlsx"):
            paths = export_tables(store, target, format=fmt)
            out.print(f"wrote {len(paths)} file(s): {', '.join(str(p) for p in paths)}")
            return
        window = (start or "1500", end or "2100") if (start or end) else None
        graph = network_graph(
            store, at=at, window=window, tie_kinds=tie_kind or None, default_years=default_years
        )
        path = write_network(graph, target, format=fmt)
        out.print(f"wrote {path}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} ties")


@app.command("load")
def load_command(
    name: Annotated[str, typer.Argument(help="A shipped dataset: belgium.")],
) -> None:
    """Load a shipped reference dataset into the store (through the ordinary importer)."""
    from bioregion.datasets import load

    with open_store(create=True) as store:
        load(name, store)
        batch = store.batches()[-1]
    counts = "; ".join(
        f"{kind}s: {c['created']} new, {c['updated']} updated, {c['unchanged']} unchanged"
        for kind, c in batch.counts.items()
        if any(c.values())
    )
    out.print(f"loaded dataset {name} into {store.display} as batch {batch.id}: {counts}")


@app.command("describe")
def describe_command() -> None:
    """Count what the store holds: actors by kind and region, ties by kind and decade."""
    from bioregion.datasets import describe

    with open_store() as store:
        found = describe(store)
    out.print(found.summary())
    out.print(_frame_table("actors by kind", found.actors_by_kind))
    regions = found.actors_by_region.pivot_table(
        index="kind", columns="region", values="actors", fill_value=0, aggfunc="sum"
    )
    out.print(_frame_table("actors by region", regions.reset_index()))
    out.print(_frame_table("ties by kind and decade of start", found.ties_by_decade.reset_index()))


def _frame_table(title: str, frame: object) -> object:
    from bioregion.cli import _table

    columns = [str(c) for c in frame.columns]  # type: ignore[attr-defined]
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]  # type: ignore[attr-defined]
    return _table(title, columns, rows)
