"""Indicators over HTTP: the tables of the report's sections for a region and period.

Each endpoint calls one indicator of :mod:`bioregion.system` on the store's network and
returns its table as rows; the definitions and references are in ``docs/indicators.md``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from bioregion.api.pages import rows
from bioregion.api.records import context_of
from bioregion.errors import ArgumentError, NotFoundError
from bioregion.report import build_report
from bioregion.system import (
    alliance_bursts,
    business_models,
    exit_summary,
    gatekeepers,
    genealogy_summary,
    geographic_shares,
    global_partners,
    oi_summary,
    partner_choice_table,
    preferred_partners,
    regional_core,
)

router = APIRouter()

#: Indicator -> (function of (network, region, period) -> table, what it answers).
INDICATORS: dict[str, tuple[Callable[..., pd.DataFrame], str]] = {
    "preferred_partners": (
        preferred_partners,
        "the region's new biotechnology firms ranked as most preferred partners",
    ),
    "global_partners": (global_partners, "the region's partners abroad, grouped by company"),
    "geographic_shares": (geographic_shares, "per year, where the partners of NBF deals are"),
    "gatekeepers": (gatekeepers, "who brokers between the region and the world"),
    "business_models": (business_models, "each firm's business model, with its evidence"),
    "open_innovation": (oi_summary, "inbound, outbound and coupled deals; exploration"),
    "spinoffs": (genealogy_summary, "spin-offs by parent kind and period"),
    "exits": (exit_summary, "how firms ended: acquisitions, alliance before acquisition"),
    "attachment_logics": (
        partner_choice_table,
        "which logic of attachment drives the firms' choice of alliance partners, by decade",
    ),
    "regional_core": (regional_core, "who is at the core of the region's own network, by decade"),
    "alliance_bursts": (alliance_bursts, "when a kind of alliance came in a burst"),
}


#: What the scenario indicator answers (present when the server was given a simulation).
SCENARIOS = "what the simulated policy scenarios change, with 95% confidence intervals"


@router.get("/indicators", tags=["indicators"])
def indicators(request: Request) -> dict[str, Any]:
    """The indicators this API computes, with what each answers (``scenarios`` when the
    server was started with a simulation's results)."""
    items = [{"name": k, "answers": v[1]} for k, v in INDICATORS.items()]
    if context_of(request).scenarios is not None:
        items.append({"name": "scenarios", "answers": SCENARIOS})
    return {"items": items}


@router.get("/indicators/{name}", tags=["indicators"])
def indicator(
    request: Request,
    name: str,
    region: str = "flanders",
    start: Annotated[int, Query(alias="from", ge=1800, le=2200)] = 1987,
    end: Annotated[int, Query(alias="to", ge=1800, le=2200)] = 2025,
) -> dict[str, Any]:
    """One indicator's table for a region (a named region or NUTS code) and period of
    years (``from``, ``to``), computed once per store version."""
    context = context_of(request)
    if name == "scenarios" and context.scenarios is not None:
        # the simulation's table: not computed for a region or period
        return _answer(context, name, region, start, end, context.scenarios)
    if name not in INDICATORS:
        raise NotFoundError(f"no indicator {name!r}; indicators: {', '.join(INDICATORS)}")
    if start > end:
        raise ArgumentError(f"the period's first year ({start}) comes after its last ({end})")
    compute = INDICATORS[name][0]
    table = context.cached(
        ("indicator", name, region, start, end),
        lambda: compute(context.network(), region, (start, end)),
    )
    if not isinstance(table.index, pd.RangeIndex):  # a labelled index is a column too
        table = table.reset_index()
    return _answer(context, name, region, start, end, table)


def _answer(
    context: Any, name: str, region: str, start: int, end: int, table: pd.DataFrame
) -> dict[str, Any]:
    """An indicator's table as the endpoint answers it."""
    return {
        "indicator": name,
        "region": region,
        "period": [start, end],
        "columns": [str(c) for c in table.columns],
        "items": rows(table),
        "version": context.version(),
    }


@router.get("/report", tags=["indicators"])
def report(
    request: Request,
    region: str = "flanders",
    start: Annotated[int, Query(alias="from", ge=1800, le=2200)] = 1987,
    end: Annotated[int, Query(alias="to", ge=1800, le=2200)] = 2025,
    compare: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The bioRegion report of a region and period (the page ``bioregion report`` writes,
    self-contained HTML), with regions to ``compare``; built once per store version."""
    if start > end:
        raise ArgumentError(f"the period's first year ({start}) comes after its last ({end})")
    context = context_of(request)
    others = tuple(compare or ())

    def build() -> bytes:
        with tempfile.TemporaryDirectory(prefix="bioregion-report-") as folder:
            path = build_report(
                context.store,
                region=region,
                period=(start, end),
                compare=others,
                out_dir=Path(folder),
                workers=0,
                scenario_effects=context.scenarios,
            )
            return Path(path).read_bytes()

    body = context.cached(("report", region, start, end, others), build)
    return Response(body, media_type="text/html; charset=utf-8")
