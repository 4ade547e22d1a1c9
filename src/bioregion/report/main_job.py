"""The main job (``make demo``): the Belgian dataset in, ``out/belgium/report.html`` out.

Loads the shipped Belgian dataset into an in-memory store, writes the Flanders report
(compared with Wallonia and Brussels, 1987-2017, red-biotech NBFs) and returns the
report's path with the headline tables, the top preferred partners and the top global
partners of the region. It prints nothing: ``bioregion demo`` shows the progress and the
tables. The Belgian choices live here (and in the command line) as the main job's
settings, not as library defaults.

``python -m bioregion.report.main_job [OUT_DIR]`` runs it without the command line and
prints the tables as plain text.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from bioregion.network import TemporalNetwork
    from bioregion.store import Store

REGION = "flanders"
COMPARE = ("flanders", "wallonia", "brussels")
PERIOD = (1987, 2017)
#: The Belgian set codes green-biotech firms (Devgen, CropDesign) for their pharma deals;
#: the red-biotech report counts only NBFs tagged ``red_biotech``.
SECTOR = "red_biotech"

#: ``progress(stage, done, total)``; stages are ``"loading the Belgian dataset"`` and
#: ``"building the report: <step>"``.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class MainJobResult:
    """What the main job made: the report's path, the headline tables and the timings."""

    report: Path
    preferred_partners: pd.DataFrame
    global_partners: pd.DataFrame
    seconds_loading: float
    seconds_report: float  # the report and its headline tables


def headline_partners(
    store: Store | TemporalNetwork,
    region: str,
    period: tuple[int, int],
    top: int = 10,
    *,
    sector: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``top`` rows of the preferred-partner ranking and of the global partners
    (NBFs of ``sector`` only when given), from one network of the store."""
    from bioregion.system import NBFRule
    from bioregion.system._scope import as_network
    from bioregion.system.partners import global_partners, preferred_partners

    net = as_network(store)  # one network for both tables
    rule = NBFRule(sector=sector)
    ranking = preferred_partners(net, region=region, period=period, nbf_rule=rule).head(top)
    partners = global_partners(net, region=region, period=period, nbf_rule=rule).head(top)
    return ranking, partners


def report_with_partners(
    store: Store,
    out_dir: str | Path,
    *,
    region: str,
    compare: tuple[str, ...],
    period: tuple[int, int],
    sector: str | None,
    top: int = 10,
    progress: Progress | None = None,
    scenario_effects: Any = None,
) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """Write the report of ``region`` into ``out_dir`` and return its path with the
    headline tables of :func:`headline_partners` (what ``bioregion report`` and the main
    job print). ``progress(step, done, total)`` follows the report's steps;
    ``scenario_effects`` adds the section on a simulation's scenarios."""
    from bioregion.report.build import report_context
    from bioregion.system import NBFRule, global_partners, preferred_partners
    from bioregion.system._memo import reuse

    with reuse():
        path, ctx = report_context(
            store,
            region=region,
            compare=compare,
            period=period,
            nbf_rule=NBFRule(sector=sector),
            out_dir=out_dir,
            progress=progress,
            scenario_effects=scenario_effects,
        )
        # the tables of headline_partners, from the report's network and its cache
        ranking = ctx.focal(preferred_partners).head(top)
        partners = ctx.focal(global_partners).head(top)
    return path, ranking, partners


def run(
    out: str | Path = "out/belgium",
    *,
    region: str = REGION,
    compare: tuple[str, ...] = COMPARE,
    period: tuple[int, int] = PERIOD,
    sector: str | None = SECTOR,
    top: int = 10,
    progress: Progress | None = None,
) -> MainJobResult:
    """Load the Belgian dataset, write ``out/report.html``, return the headline tables."""
    from bioregion.datasets import load

    def report(stage: str) -> Callable[[str, int, int], None]:
        def step(name: str, done: int, total: int) -> None:
            if progress:
                progress(stage.format(step=name), done, total)

        return step

    started = time.perf_counter()
    store = load("belgium", progress=report("loading the Belgian dataset"))
    try:
        loaded = time.perf_counter()
        path, ranking, partners = report_with_partners(
            store,
            out,
            region=region,
            compare=compare,
            period=period,
            sector=sector,
            top=top,
            progress=report("building the report: {step}"),
        )
        built = time.perf_counter()
    finally:
        store.close()
    return MainJobResult(path, ranking, partners, loaded - started, built - loaded)


if __name__ == "__main__":
    result = run(*sys.argv[1:2])
    print(result.preferred_partners.to_string(index=False))
    print(result.global_partners.to_string(index=False))
    print(f"report: {result.report}")
