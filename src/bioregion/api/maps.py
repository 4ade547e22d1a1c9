"""Maps over HTTP: the shipped NUTS boundaries, and where a network's ties are."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from bioregion.api.networks import At, From, To, filters_of, period_of
from bioregion.api.pages import rows
from bioregion.api.records import Many, context_of
from bioregion.errors import ArgumentError
from bioregion.regions import nuts_geojson
from bioregion.system import region_flows

router = APIRouter()

Level = Annotated[int, Query(ge=0, le=3, description="NUTS level, 0 (country) to 3")]


@router.get("/regions/geo", tags=["maps"])
def geo(request: Request, level: Level = 2, country: Many = None) -> Response:
    """NUTS 2021 boundaries of one level (GISCO, 1:60 million) as GeoJSON, optionally of
    some NUTS country codes (``BE``, ``NL``, ``UK``...): a map needs no tile server."""
    countries = tuple(sorted(c.upper() for c in country)) if country else None
    if countries and any(len(c) != 2 or not c.isalpha() for c in countries):
        raise ArgumentError("country takes two-letter NUTS country codes (BE, DE, UK...)")
    body = context_of(request).cached(
        ("geo", level, countries), lambda: json.dumps(nuts_geojson(level, countries)).encode()
    )
    return Response(body, media_type="application/geo+json")


@router.get("/regions/flows", tags=["maps"])
def flows(
    request: Request,
    level: Level = 2,
    at: At = None,
    start: From = None,
    end: To = None,
    tie_kind: Many = None,
    actor_kind: Many = None,
) -> dict[str, Any]:
    """Per NUTS region of ``level``: actors with a tie, ties inside the region and ties
    leaving it, and the ties between regions (:func:`bioregion.system.region_flows`)."""
    context = context_of(request)
    period = period_of(at, start, end)
    filters = filters_of(tie_kind, actor_kind, None, None, None)
    found = region_flows(
        context.network(),
        level,
        **period,
        tie_kinds=filters["tie_kinds"],
        actor_kinds=filters["actor_kinds"],
    )
    return {
        "level": level,
        "regions": rows(found.regions),
        "links": rows(found.links),
        "version": context.version(),
    }
