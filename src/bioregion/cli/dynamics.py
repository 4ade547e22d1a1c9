"""``bioregion dynamics``: how a region's alliance network grows (the logics of
attachment of its firms by decade, the attachment exponent, the bursts of alliance kinds
and the core of its own network), from the store."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bioregion.cli._app import (
    BusyTimeoutOption,
    DbOption,
    FormatOption,
    SectorOption,
    app,
    open_store,
)
from bioregion.cli._render import emit, out
from bioregion.errors import ArgumentError

if TYPE_CHECKING:
    import pandas as pd


@app.command()
def dynamics(
    region: Annotated[
        str, typer.Option(metavar="REGION", help="Named region or NUTS code.")
    ] = "flanders",
    start: Annotated[int, typer.Option("--from", metavar="YEAR", help="First year.")] = 1987,
    end: Annotated[int, typer.Option("--to", metavar="YEAR", help="Last year.")] = 2025,
    sector: SectorOption = None,
    controls: Annotated[
        int,
        typer.Option(
            min=0, metavar="N", help="Partners sampled per choice; 0: every partner at risk."
        ),
    ] = 10,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed of the sampling.")] = 0,
    fmt: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """How the region's alliance network grows: which logic of attachment drives its
    NBFs' choice of partners decade by decade (a relational event model: odds ratio per
    standard deviation with its 95% interval, and the dominant logic with the share of
    draws in which it comes first), the attachment exponent of their alliances, the
    bursts of alliance kinds, and the core of the region's own network at each decade's
    end. See docs/dynamics.md."""
    import numpy as np

    from bioregion.network import TemporalNetwork
    from bioregion.system import NBFRule, alliance_bursts, regional_core
    from bioregion.system.attachment import partner_choice

    if end < start:
        raise ArgumentError(f"--to {end} comes before --from {start}")
    rule = NBFRule(sector=sector)  # as the report's main job
    network = TemporalNetwork.from_store(open_store(db))
    period = (start, end)
    found = partner_choice(network, region, period, rule, controls=controls or None, seed=seed)
    title = f"{region} {start}-{end}"
    table = found.logics.table.assign(odds_ratio=np.exp(found.logics.table["effect"].astype(float)))
    columns = ["period", "logic", "odds_ratio", "effect", "effect_low", "effect_high"]
    columns += ["dominant_share", "events"]
    emit(_records(table), columns, f"{title}: logics of attachment", fmt)
    dominance = found.logics.dominance
    emit(_records(dominance), list(dominance.columns), f"{title}: dominant logic", fmt)
    for label, why in found.logics.skipped.items():
        out.print(f"{label}: not modelled ({why})")
    if found.kernel is not None and fmt == "table":
        out.print(f"attachment exponent of the NBF alliances: {found.kernel.summary()}")
    bursts = alliance_bursts(network, region, period)
    emit(_records(bursts), list(bursts.columns), f"{title}: bursts of alliance kinds", fmt)
    core = regional_core(network, region, period, seed=seed)
    emit(_records(core), list(core.columns), f"{title}: core of the region's own network", fmt)


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.round(4).to_dict("records")
