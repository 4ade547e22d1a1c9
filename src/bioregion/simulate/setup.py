"""A region's starting population for the model, counted in its data.

The model starts from the organisations a region had in its first year: its universities
and research institutes (which found spin-offs), investors, agencies and cluster
organisations, its own pharma companies, its firms, and the pharma companies and
investors abroad that its actors deal with. :func:`region_population` counts them in a
store (members of the region's innovation system by :func:`bioregion.regions.members_of`;
abroad: partners outside it with a tie in the data), or gives a generic population.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.regions import members_of, named_region
from bioregion.simulate.params import Population

if TYPE_CHECKING:
    from bioregion.store import Store

__all__ = ["region_population"]


def region_population(
    region: str, store: Store | None = None, year: int | None = None
) -> Population:
    """The population of ``region`` (a named region or NUTS code) in ``year``.

    With a store: the region's actors that exist in ``year`` (founded by then, or
    undated, and not ended) by kind, and the pharma companies and investors outside the
    region that have a tie with one of its actors at any time (the partners the region
    can reach). Without: a generic population placed in the region's NUTS codes.
    """
    area = named_region(region)
    codes = tuple(area.codes)
    if store is None:
        return Population(nuts=codes)
    actors = store.frame("actors", ["id", "kind", "nuts", "systems", "founded", "ended", "country"])
    ties = store.frame("ties", ["source", "target"])
    inside = np.asarray(members_of(actors["systems"], actors["nuts"], area), bool)
    when = pd.Timestamp(year=year or 1900, month=12, day=31)
    exists = (actors["founded"].isna() | (actors["founded"] <= when)) & (
        actors["ended"].isna() | (actors["ended"] > when)
    )
    here = actors[inside & exists.to_numpy()]
    region_ids = set(actors.loc[inside, "id"])
    linked = set(ties.loc[ties["source"].isin(region_ids), "target"]) | set(
        ties.loc[ties["target"].isin(region_ids), "source"]
    )
    abroad = actors[~inside & actors["id"].isin(linked).to_numpy()]

    def count(frame: pd.DataFrame, kind: str) -> int:
        return int((frame["kind"] == kind).sum())

    countries = abroad["country"].replace("", np.nan).dropna().value_counts().index.tolist()
    return Population(
        nuts=codes,
        abroad=tuple(countries[:12]) or Population(nuts=codes).abroad,
        firms=count(here, "biotech_firm"),
        pharma_global=max(count(abroad, "pharma"), 1),
        pharma_local=count(here, "pharma"),
        universities=count(here, "university"),
        institutes=count(here, "research_institute"),
        investors_local=count(here, "investor"),
        investors_global=count(abroad, "investor"),
        agencies=count(here, "government"),
        clusters=count(here, "cluster_organisation"),
    )
