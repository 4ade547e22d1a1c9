"""The main job (``make demo``): the Belgian dataset in, ``out/belgium/report.html`` out.

Run with ``python -m bioregion.report.main_job [OUT_DIR]``. Loads the shipped Belgian
dataset into an in-memory store, writes the Flanders report (compared with Wallonia and
Brussels, 1987-2017), and prints the top preferred partners, the top global partners, the
report path and the time it took.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

REGION = "flanders"
COMPARE = ("flanders", "wallonia", "brussels")
PERIOD = (1987, 2017)


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def partner_tables(store, region: str, period: tuple[int, int], top: int = 10) -> list[Table]:
    """Rich tables of the top preferred partners and top global partners."""
    from bioregion.system.partners import global_partners, preferred_partners

    ranking = preferred_partners(store, region=region, period=period).head(top)
    partners = global_partners(store, region=region, period=period).head(top)
    from bioregion.report.sections import region_name

    span, name = f"{period[0]}-{period[1]}", region_name(region)
    first = Table(title=f"Top preferred partners, {name} {span}", title_justify="left")
    for column in ("rank", "firm", "pharma partners", "repeat deals", "degree", "score"):
        first.add_column(column, justify="left" if column == "firm" else "right")
    for r in ranking.itertuples():
        first.add_row(
            str(r.rank),
            str(r.name),
            str(r.pharma_partners),
            str(r.repeat_partnering),
            str(r.degree),
            f"{r.score:.3f}",
        )
    second = Table(title=f"Top global partners of the NBFs of {name}, {span}", title_justify="left")
    for column in ("partner", "country", "kind", "NBFs", "ties"):
        second.add_column(column, justify="right" if column in ("NBFs", "ties") else "left")
    for p in partners.itertuples():
        second.add_row(str(p.name), str(p.country), str(p.kind), str(p.firms), str(p.ties))
    return [first, second]


def run(
    out: str | Path = "out/belgium",
    *,
    region: str = REGION,
    compare: tuple[str, ...] = COMPARE,
    period: tuple[int, int] = PERIOD,
    console: Console | None = None,
) -> Path:
    """Load the Belgian dataset, write ``out/report.html``, print the headline tables."""
    from bioregion.datasets import load
    from bioregion.report import build_report

    console = console or Console(soft_wrap=True)
    started = time.perf_counter()
    with progress_bar(console) as bar:
        loading = bar.add_task("loading the Belgian dataset", total=None)

        def on_import(stage: str, done: int, total: int) -> None:
            bar.update(loading, completed=done, total=total)

        store = load("belgium", progress=on_import)
        bar.update(loading, completed=1, total=1)
        loaded = time.perf_counter()
        task = bar.add_task("building the report", total=None)

        def on_step(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"report: {step}", completed=done, total=total)

        path = build_report(
            store, region=region, compare=compare, period=period, out_dir=out, progress=on_step
        )
    built = time.perf_counter()
    for table in partner_tables(store, region, period):
        console.print(table)
    console.print(f"report: [bold]{path}[/]")
    console.print(
        f"done in {built - started:.1f} s (dataset {loaded - started:.1f} s, "
        f"report {built - loaded:.1f} s)"
    )
    store.close()
    return path


if __name__ == "__main__":
    run(*sys.argv[1:2])
