"""``bioregion report`` and ``bioregion demo``: the bioRegion report as one HTML page."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bioregion.cli._app import DbOption, app, open_store
from bioregion.cli._render import ProgressCallback, out, staged_progress, table
from bioregion.errors import NoDataError

#: The command line's defaults (the main job's settings): Flanders among the Belgian
#: regions, 1987-2017. The library has none.
REGION = "flanders"
COMPARE = ("flanders", "wallonia", "brussels")
PERIOD = "1987-2017"

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

    from bioregion.store import Store


def _period(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*[-:/]\s*(\d{4})\s*", text)
    if not match or int(match[1]) > int(match[2]):
        raise typer.BadParameter(f"expected FIRST-LAST years like 1987-2017, got {text!r}")
    return int(match[1]), int(match[2])


def partner_tables(
    ranking: pd.DataFrame, partners: pd.DataFrame, region: str, period: tuple[int, int]
) -> list[Table]:
    """Tables of the top preferred partners and the top global partners of a region."""
    from bioregion.regions import named_region

    span, name = f"{period[0]}-{period[1]}", named_region(region).name
    first = table(
        f"Top preferred partners, {name} {span}",
        ["rank", "firm", "pharma partners", "repeat deals", "degree", "score"],
        (
            [
                str(r.rank),
                str(r.name),
                str(r.pharma_partners),
                str(r.repeat_partnering),
                str(r.degree),
                f"{r.score:.3f}",
            ]
            for r in ranking.itertuples()
        ),
        right=("rank", "pharma partners", "repeat deals", "degree", "score"),
    )
    second = table(
        f"Top global partners of the NBFs of {name}, {span}",
        ["partner", "country", "kind", "NBFs", "ties"],
        (
            [str(p.name), str(p.country), str(p.kind), str(p.firms), str(p.ties)]
            for p in partners.itertuples()
        ),
        right=("NBFs", "ties"),
    )
    return [first, second]


def require_ties(store: Store) -> None:
    """Raise :class:`NoDataError` when the store has no actors or no ties."""
    counts = store.counts()
    if not counts.get("actor") or not counts.get("tie"):
        what = "no actors" if not counts.get("actor") else "no ties"
        raise NoDataError(
            f"the store at {store.display} has {what}, so there is nothing to report on; "
            "load data with `bioregion import FILES --db ...` or `bioregion load belgium "
            "--db ...`, or report on the shipped data with `bioregion report --dataset belgium`"
        )


def _report_and_tables(
    store: Store,
    region: str,
    compare: tuple[str, ...],
    period: tuple[int, int],
    out_dir: Path,
    top: int,
    progress: ProgressCallback,
) -> tuple[Path, list[Table]]:
    from bioregion.report import build_report, main_job

    def step(name: str, done: int, total: int) -> None:
        progress(f"building the report: {name}", done, total)

    path = build_report(
        store, region=region, compare=compare, period=period, out_dir=out_dir, progress=step
    )
    ranking, partners = main_job.headline_partners(store, region, period, top=top)
    return path, partner_tables(ranking, partners, region, period)


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
    ] = REGION,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            help="Regions to compare (repeat the option) [default: flanders, wallonia, brussels].",
        ),
    ] = None,
    period: Annotated[str, typer.Option(help="First and last year, e.g. 1987-2017.")] = PERIOD,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory to write report.html into.")
    ] = Path("out/report"),
    top: Annotated[int, typer.Option(help="Rows of the partner tables printed.")] = 10,
    db: DbOption = None,
) -> None:
    """Write the bioRegion report (one self-contained, printable report.html).

    Prints the top preferred partners and global partners of the region and the path of
    the report.
    """
    from bioregion.datasets import load
    from bioregion.regions import named_region

    years = _period(period)
    regions = tuple(compare) if compare else COMPARE
    for name in (region, *regions):
        named_region(name)  # an unknown region fails here, before any work
    started = time.perf_counter()
    with staged_progress() as progress:
        if dataset:
            label = f"loading dataset {dataset}"
            store = load(dataset, progress=lambda _s, done, total: progress(label, done, total))
        else:
            store = open_store(db)
        try:
            require_ties(store)
            path, tables = _report_and_tables(store, region, regions, years, out_dir, top, progress)
        finally:
            store.close()
    for found in tables:
        out.print(found)
    out.print(f"report: {path}")
    out.print(f"done in {time.perf_counter() - started:.1f} s")


@app.command()
def demo(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory to write report.html into.")
    ] = Path("out/belgium"),
    top: Annotated[int, typer.Option(help="Rows of the partner tables printed.")] = 10,
) -> None:
    """Run the main job (make demo): the Belgian dataset in, the Flanders report out.

    Loads the shipped Belgian dataset into memory (the store given by --db is not used),
    writes the report of Flanders compared with Wallonia and Brussels, 1987-2017, and
    prints the top preferred partners, the top global partners and the report's path.
    """
    from bioregion.report import main_job

    with staged_progress() as progress:
        result = main_job.run(out_dir, top=top, progress=progress)
    ranking, partners = result.preferred_partners, result.global_partners
    for found in partner_tables(ranking, partners, main_job.REGION, main_job.PERIOD):
        out.print(found)
    out.print(f"report: [bold]{result.report}[/]")
    total = result.seconds_loading + result.seconds_report
    out.print(
        f"done in {total:.1f} s (dataset {result.seconds_loading:.1f} s, "
        f"report {result.seconds_report:.1f} s)"
    )
