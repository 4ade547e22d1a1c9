"""What an actor page shows besides the actor's records: its measures over time (each
year's network, as the timeline replays it) and, for a new biotechnology firm, its
business model with the ties that are its evidence."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request

from bioregion.api.context import Context
from bioregion.api.networks import MEASURES
from bioregion.api.records import actor_position, context_of
from bioregion.errors import ArgumentError
from bioregion.network import over_snapshots
from bioregion.regions import named_regions
from bioregion.system import business_models

router = APIRouter()

#: The measures an actor page charts when none are asked for.
DEFAULT_MEASURES = ("degree", "betweenness", "k_core")


def _actor_row(context: Context, actor_id: str) -> pd.Series:
    return context.frame("actors").iloc[actor_position(context, actor_id)]


def _span(context: Context) -> list[int]:
    """The years from the first tie's start to the last (the timeline's years)."""
    starts = context.frame("ties")["start"].dropna()
    if starts.empty:
        return []
    return list(range(int(starts.min().year), int(starts.max().year) + 1))


def _yearly(context: Context, name: str) -> pd.DataFrame:
    """One measure of every actor in every year's network (``year, actor, value, rank,
    actors``), computed once per store version: rank 1 is the highest value that year
    (ties share the best rank), ``actors`` the number of actors in that year's network."""

    def compute() -> pd.DataFrame:
        years = _span(context)
        if not years:
            return pd.DataFrame(columns=["year", "actor", "value", "rank", "actors"])
        table = over_snapshots(
            context.network(), {name: MEASURES[name]}, years[0], years[-1], vertices="connected"
        ).rename(columns={name: "value"})
        grouped = table.groupby("year")["value"]
        table["rank"] = grouped.rank(method="min", ascending=False).astype("int64")
        table["actors"] = grouped.transform("size").astype("int64")
        return table

    return context.cached(("yearly", name), compute)


@router.get("/actors/{actor_id}/measures", tags=["records"])
def actor_measures(
    request: Request,
    actor_id: str,
    name: Annotated[list[str] | None, Query()] = None,
) -> dict[str, Any]:
    """The actor's measures in each year's network (ties active that year; a tie without
    an end lasts the store's default window), with its rank among that year's actors:
    ``null`` in years it has no tie. ``name`` picks measures (default degree,
    betweenness, k-core)."""
    context = context_of(request)
    _actor_row(context, actor_id)
    chosen = list(dict.fromkeys(name or DEFAULT_MEASURES))
    if unknown := [n for n in chosen if n not in MEASURES]:
        raise ArgumentError(f"no measure {unknown[0]!r}; measures: {', '.join(MEASURES)}")
    years = _span(context)
    series: dict[str, Any] = {}
    for measure in chosen:
        table = _yearly(context, measure)
        mine = table[table["actor"] == actor_id].set_index("year").reindex(years)
        known = mine["value"].notna().to_numpy()
        series[measure] = {
            "values": [float(v) if k else None for v, k in zip(mine["value"], known, strict=True)],
            "ranks": [int(v) if k else None for v, k in zip(mine["rank"], known, strict=True)],
            "actors": [int(v) if k else None for v, k in zip(mine["actors"], known, strict=True)],
        }
    return {
        "actor": actor_id,
        "years": years,
        "window_years": context.default_years,
        "measures": series,
        "version": context.version(),
    }


def home_region(nuts: str) -> str | None:
    """The first named region whose NUTS codes contain ``nuts`` (None if none does)."""
    for region in named_regions():
        if nuts and region.contains(nuts):
            return region.key
    return None


@router.get("/actors/{actor_id}/business-model", tags=["records"])
def actor_business_model(
    request: Request,
    actor_id: str,
    start: Annotated[int, Query(alias="from", ge=1800, le=2200)] = 1987,
    end: Annotated[int, Query(alias="to", ge=1800, le=2200)] = 2025,
) -> dict[str, Any]:
    """The business model of a new biotechnology firm over a period (the report's rules:
    platform, product, hybrid, R&D service), with the reasons and the evidence ties; for
    another actor, ``model`` is null and ``reason`` says why."""
    if start > end:
        raise ArgumentError(f"the period's first year ({start}) comes after its last ({end})")
    context = context_of(request)
    actor = _actor_row(context, actor_id)
    region = home_region(str(actor["nuts"] or ""))
    answer: dict[str, Any] = {"actor": actor_id, "region": region, "period": [start, end]}
    if region is None:
        return {**answer, "model": None, "reason": "not located in a named region"}
    table = context.cached(
        ("indicator", "business_models", region, start, end),
        lambda: business_models(context.network(), region, (start, end)),
    )
    found = table[table["firm"] == actor_id]
    if found.empty:
        reason = f"not a new biotechnology firm of {region} by the report's rule"
        return {**answer, "model": None, "reason": reason}
    row = found.iloc[0]
    evidence = [str(t) for t in row["evidence"]]
    return {
        **answer,
        "model": str(row["model"]),
        "rule": str(row["rule"]),
        "evidence": evidence,
        "version": context.version(),
    }
