"""Read endpoints for the store's records: lists (filtered, sorted, paged), one record
with what cites it, the store's summary, its import batches and the tables as CSV."""

from __future__ import annotations

import json
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
    return Response(page.json(_rendered(context, table), version), media_type="application/json")


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


def _dated(
    context: Context, table: str, column: str, start: str | None, end: str | None
) -> np.ndarray:
    """Rows of ``table`` whose ``column`` falls within [start, end] (partial dates:
    ``2005``, ``2005-06``); rows without the date are left out when a bound is given.
    Compares the dates as integers kept per store version (no per-request conversion)."""
    seconds = context.cached(("seconds", table, column), lambda: _seconds(context, table, column))
    keep = np.ones(len(seconds), bool)
    if start:
        first = np.datetime64(parse_date(start, "from").first_day, "s").astype(np.int64)
        keep &= seconds >= first
    if end:
        last = np.datetime64(parse_date(end, "to").last_day, "s").astype(np.int64)
        keep &= (seconds <= last) & (seconds != _NAT)
    return keep


_NAT = np.datetime64("NaT").astype(np.int64)


def _seconds(context: Context, table: str, column: str) -> np.ndarray:
    """A date column as seconds since 1970 (NaT as the smallest int64)."""
    values = context.frame(table)[column].to_numpy(dtype="datetime64[s]")
    return values.astype(np.int64)


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
async def actors(
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
async def actor(request: Request, actor_id: str) -> Response:
    """One actor with its ties (oldest first, undated last), the events it took part in and
    every source that it or its ties cite. Read from the tables kept per store version."""
    context = context_of(request)
    position = actor_position(context, actor_id)
    mine = _ties_of(context, actor_id)
    taking_part = np.flatnonzero(context.column("participations", "actor") == actor_id)
    cites = {t: context.citations(t) for t in ("actors", "ties", "participations")}
    tie_ids = context.column("ties", "id")[mine]
    cited = dict.fromkeys(cites["actors"].get(actor_id, ()))
    for tie_id in tie_ids:
        cited.update(dict.fromkeys(cites["ties"].get(tie_id, ())))
    sources_at = context.index("sources")
    found = sorted(sources_at[s] for s in cited if s in sources_at)
    picked = [context.column("participations", c)[taking_part] for c in ("event", "actor", "role")]
    keys = zip(*picked, strict=True)
    parts = {
        "actor": _with_sources(
            _rendered(context, "actors"), [position], [actor_id], cites["actors"]
        ),
        "ties": _with_sources(_rendered(context, "ties"), mine, tie_ids, cites["ties"]),
        "participations": _with_sources(
            _rendered(context, "participations"),
            taking_part,
            list(keys),
            cites["participations"],
        ),
        "sources": "[" + ",".join(_rendered(context, "sources")[i] for i in found) + "]",
    }
    parts["actor"] = parts["actor"][1:-1]
    body = "{" + ",".join(f'"{k}":{v}' for k, v in parts.items()) + "}"
    return Response(body.encode(), media_type="application/json")


def actor_position(context: Context, actor_id: str) -> int:
    """The actor's row in the actors table of this version; NotFoundError (with close
    ids and names) when there is none."""
    position = context.index("actors").get(actor_id)
    if position is None:
        context.store.actor(actor_id)  # raises NotFoundError with close ids and names
        raise NotFoundError(f"no actor with id {actor_id!r}; list them at /api/actors")
    return position


def _rendered(context: Context, table: str) -> list[str]:
    """Every row of a record table as JSON text, once per store version."""
    return context.cached(("rows", table), lambda: rendered_rows(context.frame(table)))


def _with_sources(
    rendered: list[str], positions: Any, keys: Any, cites: dict[Any, tuple[str, ...]]
) -> str:
    """A JSON list of rows (rendered without their sources) with ``sources`` added."""
    items = []
    for i, key in zip(positions, keys, strict=True):
        listed = json.dumps(list(cites.get(key, ())), ensure_ascii=False)
        items.append(rendered[i][:-1] + ', "sources": ' + listed + "}")
    return "[" + ",".join(items) + "]"


def _ties_of(context: Context, actor_id: str) -> np.ndarray:
    """Row positions of an actor's ties in start order (undated last), then by id."""
    frame = context.frame("ties")
    index = context.cached(("by_actor", "ties"), lambda: _positions(frame))
    rank = context.cached(("rank", "ties", "start"), lambda: _ranks(_order(context, "ties")))
    mine = np.asarray(index.get(actor_id, []), dtype=np.int64)
    return mine[np.argsort(rank[mine], kind="stable")]


def _order(context: Context, table: str, sort: str = "start") -> np.ndarray:
    """Row positions of a table sorted by ``sort`` (then id), once per store version."""
    frame = context.frame(table)
    return context.cached(("order", table, sort), lambda: sort_order(frame, sort, (sort,)))


def _ranks(order: np.ndarray) -> np.ndarray:
    """Each row's place in ``order``."""
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank


@router.get("/ties", tags=["records"])
async def ties(
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
    keep = _dated(context, "ties", "start", start_from, start_to)
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
async def events(
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
    context = context_of(request)
    frame = context.frame("events")
    keep = _dated(context, "events", "start", start_from, start_to)
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
async def participations(
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
async def sources(
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
