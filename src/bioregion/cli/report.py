"""``bioregion report`` and ``bioregion demo``: the bioRegion report as one HTML page."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, SectorOption, app, open_store
from bioregion.cli._render import ProgressCallback, out, staged_progress, table
from bioregion.errors import NoDataError

#: The command line's defaults (the main job's settings): Flanders among the Belgian
#: regions, 1987-2017. The library has none. COMPARE applies only to a Belgian region.
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
    repeat = "repeat_deals" if "repeat_deals" in ranking.columns else "repeat_ties"
    shown = ranking[["rank", "name", "large_pharma_partners", repeat, "degree", "score"]]
    first = table(
        f"Top preferred partners, {name} {span}",
        ["rank", "firm", "large-pharma partners", repeat.replace("_", " "), "degree", "score"],
        (
            [str(rank), str(firm), str(pharma), str(repeats), str(degree), f"{score:.3f}"]
            for rank, firm, pharma, repeats, degree, score in shown.itertuples(index=False)
        ),
        right=("rank", "large-pharma partners", repeat.replace("_", " "), "degree", "score"),
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


def compared_regions(region: str, compare: list[str] | None) -> tuple[str, ...]:
    """The regions to compare: ``--compare`` when given, else the Belgian regions
    (:data:`COMPARE`) for a focal region in Belgium, else none.

    An unknown region raises :class:`~bioregion.errors.UnknownRegionError`.
    """
    from bioregion.regions import named_region

    focal = named_region(region)
    if compare:
        for name in compare:
            named_region(name)
        return tuple(compare)
    in_belgium = all(code.upper().startswith("BE") for code in focal.codes)
    return COMPARE if in_belgium else ()


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
    sector: str | None = None,
    scenarios: Path | None = None,
) -> tuple[Path, list[Table]]:
    from bioregion.report import main_job

    def step(name: str, done: int, total: int) -> None:
        progress(f"building the report: {name}", done, total)

    path, ranking, partners = main_job.report_with_partners(
        store,
        out_dir,
        region=region,
        compare=compare,
        period=period,
        sector=sector,
        top=top,
        progress=step,
        scenario_effects=scenarios,
    )
    return path, partner_tables(ranking, partners, region, period)


@app.command("report")
def report_command(
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            metavar="NAME",
            help="Report on a shipped dataset (e.g. belgium), loaded into memory, "
            "instead of the store given by --db.",
        ),
    ] = None,
    region: Annotated[
        str, typer.Option(metavar="REGION", help="Focal region: a named region or NUTS code.")
    ] = REGION,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            metavar="REGION",
            help="Regions to compare (repeat the option) [default: flanders, wallonia, "
            "brussels for a region in Belgium, else none].",
        ),
    ] = None,
    period: Annotated[
        str, typer.Option(metavar="FIRST-LAST", help="First and last year, e.g. 1987-2017.")
    ] = PERIOD,
    out_dir: Annotated[
        Path,
        typer.Option("--out", metavar="FOLDER", help="Directory to write report.html into."),
    ] = Path("out/report"),
    top: Annotated[int, typer.Option(metavar="N", help="Rows of the partner tables printed.")] = 10,
    sector: SectorOption = None,
    scenarios: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="A simulation's effects.csv (bioregion simulate --out DIR): adds a section.",
        ),
    ] = None,
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Write the bioRegion report (one self-contained, printable report.html).

    Prints the top preferred partners and global partners of the region and the path of
    the report.
    """
    from bioregion.datasets import load

    years = _period(period)
    regions = compared_regions(region, compare)  # an unknown region fails here, before any work
    started = time.perf_counter()
    with staged_progress() as progress:
        if dataset:
            label = f"loading dataset {dataset}"
            store = load(dataset, progress=lambda _s, done, total: progress(label, done, total))
        else:
            store = open_store(db)
        try:
            require_ties(store)
            path, tables = _report_and_tables(
                store, region, regions, years, out_dir, top, progress, sector, scenarios
            )
        finally:
            store.close()
    for found in tables:
        out.print(found)
    out.print(f"report: {path}")
    out.print(f"done in {time.perf_counter() - started:.1f} s")


@app.command()
def demo(
    out_dir: Annotated[
        Path,
        typer.Option("--out", metavar="FOLDER", help="Directory to write report.html into."),
    ] = Path("out/belgium"),
    top: Annotated[int, typer.Option(metavar="N", help="Rows of the partner tables printed.")] = 10,
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
