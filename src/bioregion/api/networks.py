"""Networks over HTTP: a selection at a date or over a window, column-wise, with
server-side layouts; the years a timeline replays; measures; network downloads."""

from __future__ import annotations

import random
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from bioregion.api.pages import MAX_LIMIT, parse_date, rows
from bioregion.api.records import Many, context_of
from bioregion.errors import ArgumentError, NotFoundError
from bioregion.io import export_network
from bioregion.network import (
    betweenness,
    degree,
    eigenvector,
    harmonic_closeness,
    k_core,
    pagerank,
)

router = APIRouter()

#: Measures the API computes, by name: a function of an igraph graph -> frame by actor.
MEASURES = {
    "degree": lambda g: degree(g)["degree"],
    "strength": lambda g: degree(g, weight="weight")["strength"],
    "betweenness": lambda g: betweenness(g)["betweenness"],
    "pagerank": lambda g: pagerank(g, weight="weight")["pagerank"],
    "eigenvector": lambda g: eigenvector(g)["eigenvector"],
    "harmonic_closeness": lambda g: harmonic_closeness(g)["harmonic_closeness"],
    "k_core": lambda g: k_core(g)["coreness"],
}
#: Network download formats (the file name is ours, never the request's).
FORMATS = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}
#: Above this many actors Fruchterman-Reingold runs on a grid (repulsion from nearby
#: actors only) and fewer iterations: 50,000 actors and 200,000 edges lay out in about
#: 2 s; igraph's DrL took about 10 minutes on such a graph in a trial run.
FR_LIMIT = 3000
_LAYOUT_LOCK = threading.Lock()

At = Annotated[str | None, Query(description="a date: 2010, 2010-05 or 2010-05-17")]
From = Annotated[str | None, Query(alias="from", description="window start")]
To = Annotated[str | None, Query(alias="to", description="window end")]


def period_of(at: str | None, start: str | None, end: str | None) -> dict[str, Any]:
    if at and (start or end):
        raise ArgumentError("give either at or a window (from and to), not both")
    if (start is None) != (end is None):
        raise ArgumentError("a window needs both from and to")
    for text, field in ((at, "at"), (start, "from"), (end, "to")):
        if text is not None:
            parse_date(text, field)
    return {"at": at} if at else ({"window": (start, end)} if start else {})


def filters_of(tie_kind, actor_kind, region, tag, tie_tag) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "tie_kinds": tie_kind or None,
        "actor_kinds": actor_kind or None,
        "regions": region or None,
        "tags": tag or None,
        "tie_tags": tie_tag or None,
    }


def _key(filters: dict[str, Any]) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(filters.items()))


def layout(graph: Any, seed: int) -> pd.DataFrame:
    """x, y of each vertex (by actor id), seeded: Fruchterman-Reingold (500 iterations
    up to :data:`FR_LIMIT` vertices, 200 on a grid above); scaled to [-1, 1]."""
    import igraph as ig

    if graph.vcount() == 0:
        return pd.DataFrame({"x": [], "y": []}, index=pd.Index([], name="id"))
    with _LAYOUT_LOCK:  # igraph's random numbers come from one global generator
        ig.set_random_number_generator(random.Random(seed))
        try:
            if graph.vcount() <= FR_LIMIT:
                coords = graph.layout_fruchterman_reingold(niter=500, grid="nogrid")
            else:
                coords = graph.layout_fruchterman_reingold(niter=200, grid="grid")
        finally:
            ig.set_random_number_generator(random)
    xy = np.asarray(coords.coords, dtype=float).reshape(-1, 2)
    xy -= xy.mean(axis=0)
    scale = float(np.abs(xy).max()) or 1.0
    xy /= scale
    return pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]}, index=pd.Index(graph.vs["name"], name="id"))


@router.get("/network", tags=["networks"])
def network(
    request: Request,
    at: At = None,
    start: From = None,
    end: To = None,
    tie_kind: Many = None,
    actor_kind: Many = None,
    region: Many = None,
    tag: Many = None,
    tie_tag: Many = None,
    isolates: bool = False,
    measure: str = "degree",
    seed: Annotated[int, Query(ge=0, le=2**31 - 1)] = 42,
) -> JSONResponse:
    """The network of the ties active at a date, over a window, or ever, column-wise.

    Nodes (``nodes.id``, ``label``, ``kind``, ``region``, ``country``, ``x``, ``y``,
    ``size`` = the chosen measure) and edges (``edges.source`` / ``target`` as node
    positions, ``kinds``, ``ties``, ``weight``). Positions come from one layout of the
    selection over all time, so that a timeline's frames keep every actor in place.
    """
    if measure not in MEASURES:
        raise ArgumentError(f"unknown measure {measure!r}; one of: {', '.join(MEASURES)}")
    context = context_of(request)
    filters = filters_of(tie_kind, actor_kind, region, tag, tie_tag)
    period = period_of(at, start, end)
    temporal = context.network()
    graph = temporal.graph(**period, **filters, include_isolates=isolates)
    positions = context.cached(
        ("layout", _key(filters), seed),
        lambda: layout(temporal.graph(**filters, include_isolates=True), seed),
    )
    names = context.cached(("names",), lambda: context.frame("actors").set_index("id")["name"])
    ids = graph.vs["name"]
    sizes = MEASURES[measure](graph).reindex(ids).fillna(0.0) if graph.vcount() else pd.Series()
    placed = positions.reindex(ids)
    edges = graph.get_edgelist()
    # Sent as it is (no per-item encoding pass): 50k nodes and 200k edges are plain lists.
    return JSONResponse(
        {
            "version": context.version(),
            "period": {"at": at, "from": start, "to": end},
            "measure": measure,
            "nodes": {
                "id": ids,
                "label": names.reindex(ids).fillna(pd.Series(ids, index=ids)).tolist(),
                "kind": graph.vs["kind"],
                "region": graph.vs["region"],
                "country": graph.vs["country"],
                "x": placed["x"].fillna(0.0).round(5).tolist(),
                "y": placed["y"].fillna(0.0).round(5).tolist(),
                "size": [float(v) for v in sizes],
            },
            "edges": {
                "source": [e[0] for e in edges],
                "target": [e[1] for e in edges],
                "kinds": graph.es["kinds"],
                "ties": graph.es["ties"],
                "weight": graph.es["weight"],
            },
        }
    )


@router.get("/network/years", tags=["networks"])
def years(
    request: Request,
    tie_kind: Many = None,
    actor_kind: Many = None,
    region: Many = None,
) -> dict[str, Any]:
    """For each year from the first tie's start to the last: the ties active in it and
    the actors they join (what a timeline replays)."""
    context = context_of(request)
    temporal = context.network()
    filters = filters_of(tie_kind, actor_kind, region, None, None)
    starts = context.frame("ties")["start"].dropna()
    if starts.empty:
        return {"years": [], "ties": [], "actors": [], "version": context.version()}
    span = list(range(int(starts.min().year), int(starts.max().year) + 1))
    graphs = [temporal.graph(at=y, **filters) for y in span]
    return {
        "years": span,
        "ties": [int(sum(g.es["ties"])) for g in graphs],
        "actors": [g.vcount() for g in graphs],
        "version": context.version(),
    }


@router.get("/measures/{name}", tags=["networks"])
def measure(
    request: Request,
    name: str,
    at: At = None,
    start: From = None,
    end: To = None,
    tie_kind: Many = None,
    actor_kind: Many = None,
    region: Many = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> dict[str, Any]:
    """One measure of each actor of the network (highest first)."""
    if name not in MEASURES:
        raise NotFoundError(f"no measure {name!r}; measures: {', '.join(MEASURES)}")
    context = context_of(request)
    filters = filters_of(tie_kind, actor_kind, region, None, None)
    graph = context.network().graph(**period_of(at, start, end), **filters)
    values = MEASURES[name](graph) if graph.vcount() else pd.Series(dtype=float)
    table = values.rename("value").rename_axis("id").reset_index()
    names = context.frame("actors").set_index("id")["name"]
    table.insert(1, "name", names.reindex(table["id"]).to_numpy())
    table = table.sort_values(["value", "id"], ascending=[False, True]).head(limit)
    return {"measure": name, "items": rows(table), "total": len(values)}


@router.get("/download/network.{fmt}", tags=["downloads"])
def download_network(
    request: Request,
    fmt: str,
    at: At = None,
    start: From = None,
    end: To = None,
    tie_kind: Many = None,
    actor_kind: Many = None,
    region: Many = None,
) -> Response:
    """The network as GEXF (Gephi) or GraphML, with the filters of /network."""
    if fmt not in FORMATS:
        raise NotFoundError(f"no network format {fmt!r}; formats: {', '.join(FORMATS)}")
    context = context_of(request)
    options = {**period_of(at, start, end), **filters_of(tie_kind, actor_kind, region, None, None)}
    options = {k: v for k, v in options.items() if v is not None}
    with tempfile.TemporaryDirectory(prefix="bioregion-api-") as folder:
        path = export_network(
            context.store,
            Path(folder) / f"network.{fmt}",
            default_years=context.default_years,
            **options,
        )
        body = path.read_bytes()
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="network.{fmt}"'},
    )
