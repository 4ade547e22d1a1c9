"""``bioregion report``: the bioRegion report of a region as one self-contained HTML page."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Annotated

import typer

from bioregion.cli import app, open_store, out
from bioregion.errors import BioregionError


def _period(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-:/]\s*(\d{4})\s*", text)
    if not match or int(match[1]) > int(match[2]):
        raise typer.BadParameter(f"expected FIRST-LAST years like 1987-2017, got {text!r}")
    return int(match[1]), int(match[2])


@app.command("report")
def report_command(
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            help="Report on a shipped dataset (e.g. belgium), loaded into memory, "
            "instead of the store given by --db.",
        ),
    ] = None,
    region: Annotated[
        str, typer.Option(help="Focal region: a named region or NUTS code.")
    ] = "flanders",
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            help="Regions to compare (repeat the option) [default: flanders, wallonia, brussels].",
        ),
    ] = None,
    period: Annotated[str, typer.Option(help="First and last year, e.g. 1987-2017.")] = "1987-2017",
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory to write report.html into.")
    ] = Path("out/report"),
    top: Annotated[int, typer.Option(help="Rows of the partner tables printed.")] = 10,
) -> None:
    """Write the bioRegion report (one self-contained, printable report.html).

    Prints the top preferred partners and global partners of the region and the path of
    the report.
    """
    from bioregion.report import build_report
    from bioregion.report.main_job import partner_tables, progress_bar

    years = _period(period)
    regions = tuple(compare) if compare else ("flanders", "wallonia", "brussels")
    started = time.perf_counter()
    with progress_bar(out) as bar:
        if dataset:
            from bioregion.datasets import load

            loading = bar.add_task(f"loading dataset {dataset}", total=None)
            store = load(
                dataset, progress=lambda _s, d, t: bar.update(loading, completed=d, total=t)
            )
        else:
            store = open_store()
        task = bar.add_task("building the report", total=None)

        def on_step(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"report: {step}", completed=done, total=total)

        try:
            path = build_report(
                store,
                region=region,
                compare=regions,
                period=years,
                out_dir=out_dir,
                progress=on_step,
            )
            tables = partner_tables(store, region, years, top=top)
        except (ValueError, LookupError) as exc:
            raise BioregionError(str(exc)) from exc
        finally:
            store.close()
    for table in tables:
        out.print(table)
    out.print(f"report: {path}")
    out.print(f"done in {time.perf_counter() - started:.1f} s")
