"""Read endpoints for the store's records: lists (filtered, sorted, paged), one record
with what cites it, the store's summary, its import batches and the tables as CSV."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from bioregion.api.context import TABLES, Context
from bioregion.api.pages import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    digest,
    paginate,
    parse_date,
    rendered_rows,
    rows,
    sort_order,
)
from bioregion.errors import NotFoundError
from bioregion.io import export_tables
from bioregion.regions import members_of, named_regions

router = APIRouter()

Many = Annotated[list[str] | None, Query()]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Text = Annotated[str | None, Query(max_length=200)]


def context_of(request: Request) -> Context:
    return request.app.state.context


def _listed(
    request: Request,
    table: str,
    keep: np.ndarray,
    sort: str,
    allowed: tuple[str, ...],
    limit: int,
    cursor: str | None,
) -> Response:
    """A page of the rows of ``table`` that ``keep`` selects, in the ``sort`` order (the
    order of the whole table is kept per store version, so a request only masks it)."""
    context = context_of(request)
    version = context.version()
    frame = context.frame(table)
    order = context.cached(("order", table, sort), lambda: sort_order(frame, sort, allowed))
    query = digest(dict(request.query_params))
    page = paginate(order, keep, limit=limit, cursor=cursor, version=version, query=query)
    rendered = context.cached(("rows", table), lambda: rendered_rows(frame))
    return Response(page.json(rendered, version), media_type="application/json")


def _has_any(values: pd.Series, wanted: list[str]) -> np.ndarray:
    """Rows whose tuple of tags/flags holds one of ``wanted``."""
    chosen = set(wanted)
    return np.fromiter((bool(chosen.intersection(v or ())) for v in values), bool, len(values))


def _positions(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Row positions of each actor's ties (as source or target): a request for one
    actor's ties reads its rows instead of comparing every row."""
    ends = pd.concat([frame["source"], frame["target"]], ignore_index=True).astype(object)
    rows_of = np.tile(np.arange(len(frame)), 2)
    groups = pd.Series(rows_of).groupby(ends.to_numpy(), sort=False)
    return {str(k): np.unique(v.to_numpy()) for k, v in groups}


def _contains(frame: pd.DataFrame, columns: tuple[str, ...], text: str) -> np.ndarray:
    found = np.zeros(len(frame), bool)
    for column in columns:
        found |= frame[column].astype(str).str.contains(text, case=False, regex=False).to_numpy()
    return found


def _dated(frame: pd.DataFrame, column: str, start: str | None, end: str | None) -> pd.Series:
    """Rows whose ``column`` falls within [start, end] (partial dates: ``2005``,
    ``2005-06``); rows without the date are left out when a bound is given."""
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= frame[column] >= pd.Timestamp(parse_date(start, "from").first_day)
    if end:
        keep &= frame[column] <= pd.Timestamp(parse_date(end, "to").last_day)
    return keep


@router.get("/meta", tags=["store"])
def meta(request: Request) -> dict[str, Any]:
    """The store's version, record counts, the kinds in use, the years ties start in and
    the named regions."""
    context = context_of(request)
    actors, ties = context.frame("actors"), context.frame("ties")
    starts = ties["start"].dropna()
    years = [int(starts.min().year), int(starts.max().year)] if len(starts) else None
    return {
        "version": context.version(),
        "counts": context.store.counts(),
        "actor_kinds": sorted(actors["kind"].dropna().unique().tolist()),
        "tie_kinds": sorted(ties["kind"].dropna().unique().tolist()),
        "years": years,
        "regions": [
            {"key": r.key, "name": r.name, "codes": list(r.codes)} for r in named_regions()
        ],
        "writable": context.token is not None,
    }


@router.get("/actors", tags=["records"])
def actors(
    request: Request,
    kind: Many = None,
    region: Many = None,
    tag: Many = None,
    q: Text = None,
    sort: str = "id",
    limit: Limit = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Response:
    """Actors, filtered by kind, region (a named region or NUTS code; any of several),
    tag and text in the id or name; sorted by id, name, kind, founded or country."""
    frame = context_of(request).frame("actors")
    keep = np.ones(len(frame), bool)
    if kind:
        keep &= frame["kind"].isin(kind).to_numpy()
    if region:
        inside = np.zeros(len(frame), bool)
        for name in region:
            inside |= np.asarray(members_of(frame["systems"], frame["nuts"], name), bool)
        keep &= inside
    if tag:
        keep &= _has_any(frame["tags"], tag)
    if q:
        keep &= _contains(frame, ("id", "name"), q)
    allowed = ("id", "name", "kind", "founded", "country", "nuts")
    return _listed(request, "actors", keep, sort, allowed, limit, cursor)


@router.get("/actors/{actor_id}", tags=["records"])
def actor(request: Request, actor_id: str) -> dict[str, Any]:
    """One actor with its ties (oldest first), its events and every source cited."""
    store = context_of(request).store
    found = store.actor(actor_id)
    ties = store.ties(actor=actor_id)
    participations = store.participations(actor=actor_id)
    cited = set(found.sources).union(*(t.sources for t in ties))
    return {
        "actor": found.to_dict(),
        "ties": [t.to_dict() for t in ties],
        "participations": [p.to_dict() for p in participations],
        "sources": [s.to_dict() for s in store.sources(sorted(cited))],
    }


@router.get("/ties", tags=["records"])
def ties(
    request: Request,
    actor: str | None = None,
    kind: Many = None,
    tag: Many = None,
    start_from: Annotated[str | None, Query(alias="from")] = None,
    start_to: Annotated[str | None, Query(alias="to")] = None,
    q: Text = None,
    sort: str = "start",
    limit: Limit = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Response:
    """Ties, filtered by actor (either end), kind, tag, start date (``from``/``to``:
    ``2005``, ``2005-06``, ``2005-06-30``) and text in the id or description."""
    context = context_of(request)
    frame = context.frame("ties")
    keep = _dated(frame, "start", start_from, start_to).to_numpy(copy=True)
    if actor:
        index = context.cached(("by_actor", "ties"), lambda: _positions(frame))
        mine = np.zeros(len(frame), bool)
        mine[index.get(actor, [])] = True
        keep &= mine
    if kind:
        keep &= frame["kind"].isin(kind).to_numpy()
    if tag:
        keep &= _has_any(frame["tags"], tag)
    if q:
        keep &= _contains(frame, ("id", "description"), q)
    allowed = ("start", "id", "kind", "source", "target", "total")
    return _listed(request, "ties", keep, sort, allowed, limit, cursor)


@router.get("/ties/{tie_id}", tags=["records"])
def tie(request: Request, tie_id: str) -> dict[str, Any]:
    """One tie with its sources."""
    context = context_of(request)
    frame = context.frame("ties")
    chosen = frame[frame["id"] == tie_id]
    if chosen.empty:
        raise NotFoundError(f"no tie with id {tie_id!r}; list them at /api/ties")
    store = context.store
    found = next(t for t in store.ties(actor=str(chosen["source"].iloc[0])) if t.id == tie_id)
    return {"tie": found.to_dict(), "sources": [s.to_dict() for s in store.sources(found.sources)]}


@router.get("/events", tags=["records"])
def events(
    request: Request,
    kind: Many = None,
    start_from: Annotated[str | None, Query(alias="from")] = None,
    start_to: Annotated[str | None, Query(alias="to")] = None,
    q: Text = None,
    sort: str = "start",
    limit: Limit = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Response:
    """Events (EU projects, trials, listings, rounds), by kind, start date and text."""
    frame = context_of(request).frame("events")
    keep = _dated(frame, "start", start_from, start_to).to_numpy(copy=True)
    if kind:
        keep &= frame["kind"].isin(kind).to_numpy()
    if q:
        keep &= _contains(frame, ("id", "name"), q)
    allowed = ("start", "id", "kind", "name", "amount")
    return _listed(request, "events", keep, sort, allowed, limit, cursor)


@router.get("/events/{event_id}", tags=["records"])
def event(request: Request, event_id: str) -> dict[str, Any]:
    """One event with its participants."""
    context = context_of(request)
    frame = context.frame("events")
    chosen = frame[frame["id"] == event_id]
    if chosen.empty:
        raise NotFoundError(f"no event with id {event_id!r}; list them at /api/events")
    members = context.store.participations(event=event_id)
    return {"event": rows(chosen)[0], "participations": [p.to_dict() for p in members]}


@router.get("/participations", tags=["records"])
def participations(
    request: Request,
    event: str | None = None,
    actor: str | None = None,
    role: Many = None,
    sort: str = "event",
    limit: Limit = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Response:
    """Who took part in which event, in which role."""
    frame = context_of(request).frame("participations")
    keep = np.ones(len(frame), bool)
    if event:
        keep &= (frame["event"] == event).to_numpy()
    if actor:
        keep &= (frame["actor"] == actor).to_numpy()
    if role:
        keep &= frame["role"].isin(role).to_numpy()
    allowed = ("event", "actor", "role", "contribution")
    return _listed(request, "participations", keep, sort, allowed, limit, cursor)


@router.get("/sources", tags=["records"])
def sources(
    request: Request,
    q: Text = None,
    publisher: str | None = None,
    sort: str = "id",
    limit: Limit = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> Response:
    """Sources (the public documents facts are read in), by text and publisher."""
    frame = context_of(request).frame("sources")
    keep = np.ones(len(frame), bool)
    if q:
        keep &= _contains(frame, ("id", "title", "url"), q)
    if publisher:
        keep &= (frame["publisher"] == publisher).to_numpy()
    allowed = ("id", "published", "publisher", "title")
    return _listed(request, "sources", keep, sort, allowed, limit, cursor)


@router.get("/sources/{source_id}", tags=["records"])
def source(request: Request, source_id: str) -> dict[str, Any]:
    found = context_of(request).store.sources([source_id])
    if not found:
        raise NotFoundError(f"no source with id {source_id!r}; list them at /api/sources")
    return {"source": found[0].to_dict()}


@router.get("/batches", tags=["store"])
def batches(request: Request) -> dict[str, Any]:
    """Every import, edit and merge batch, oldest first, with its files and counts."""
    found = context_of(request).store.batches()
    items = [
        {
            "id": b.id,
            "started_at": b.started_at.isoformat() if b.started_at else None,
            "finished_at": b.finished_at.isoformat() if b.finished_at else None,
            "label": b.label,
            "files": b.files,
            "counts": b.counts,
            "tool_version": b.tool_version,
        }
        for b in found
    ]
    return {"items": items, "total": len(items), "version": context_of(request).version()}


@router.get("/download/{table}.csv", tags=["downloads"])
def download_table(request: Request, table: str) -> Response:
    """A record table as the CSV template files are written (importable again)."""
    if table not in TABLES:
        raise NotFoundError(f"no table {table!r}; tables: {', '.join(TABLES)}")
    context = context_of(request)
    data = context.cached(("tables",), lambda: _tables(context))
    return Response(
        data[table],
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table}.csv"'},
    )


def _tables(context: Context) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="bioregion-api-") as folder:
        paths = export_tables(context.store, folder, format="csv")
        return {Path(p).stem: Path(p).read_bytes() for p in paths}
