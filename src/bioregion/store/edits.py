"""Curation of single records: edits, deletes, and the review queue of candidates.

An edit changes some fields of one record and is checked by the same rules as an
import (:mod:`bioregion.model.rules`, references included); a delete refuses while other
records cite the record. Both are batches with their field-level changes. Candidates
are records queued for review (e.g. ties read from SEC EDGAR exhibits) that enter the
network only when accepted; a rejected one is never queued again. See
``docs/curation.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update
from sqlalchemy import delete as sql_delete

from bioregion.errors import ArgumentError, NotFoundError, Problem, ValidationError
from bioregion.model import rules
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import (
    RECORD_TYPE_BY_NAME,
    RECORD_TYPES,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
    field_kinds,
)
from bioregion.store.convert import key_text
from bioregion.store.curation import APPLIED
from bioregion.store.journal import COUNT_KEYS, log_changes
from bioregion.store.redirects import known_records
from bioregion.store.schema import (
    SOURCE_LINKS,
    TABLES,
    actor_aliases,
    actor_domains,
    actor_relations,
    candidates,
    merges,
)
from bioregion.store.writer import (
    BatchReport,
    Writer,
    fetch_existing,
    finish_batch,
    source_ids_by_url,
    start_batch,
)

CANDIDATE_STATUSES = ("pending", "accepted", "rejected")


def _version() -> str:
    from bioregion._version import __version__

    return __version__


# -- finding the record ------------------------------------------------------------
def record_type_named(name: str) -> type[Record]:
    """``actor``/``actors`` ... -> the record type; an unknown name lists the known ones."""
    found = RECORD_TYPE_BY_NAME.get(name.lower().removesuffix("s"))
    if found is None:
        raise ArgumentError(
            f"unknown record type {name!r}; use one of: {', '.join(RECORD_TYPE_BY_NAME)}"
        )
    return found


def parse_key(rtype: type[Record], key: Any) -> tuple:
    """A natural key: an id, or ``event|actor|role`` (or a tuple) for a participation."""
    parts = tuple(key) if isinstance(key, (tuple, list)) else tuple(str(key).split("|"))
    if len(parts) != len(rtype.key_fields):
        raise ArgumentError(
            f"a {rtype.kind_name} key has {len(rtype.key_fields)} part(s) "
            f"({'|'.join(rtype.key_fields)}); got {key!r}"
        )
    return parts


def stored_record(conn: Connection, rtype: type[Record], key: tuple) -> Record:
    """The stored record with this key, or :class:`NotFoundError` saying how to list them."""
    found = fetch_existing(conn, rtype, [key])
    if key not in found:
        raise NotFoundError(
            f"no {rtype.kind_name} {'|'.join(map(str, key))!r} in the store; "
            f"list them with: bioregion {rtype.kind_name}s"
            if rtype in (Actor, Tie)
            else f"no {rtype.kind_name} {'|'.join(map(str, key))!r} in the store"
        )
    return found[key]


# -- edit --------------------------------------------------------------------------
def coerce(rtype: type[Record], field: str, value: Any) -> Any:
    """A value for a record field: a date or its ISO text (``YYYY[-MM[-DD]]``), a number
    or its text, a list (a text is a list of one), a mapping; ``None`` or ``""`` clears
    the field. A value that is none of these raises :class:`ValidationError`."""
    kind = field_kinds(rtype)[field]
    if value is None or value == "":
        return {"date": None, "float": None, "list": (), "dict": {}}.get(kind, "")
    try:
        if kind == "date":
            return value if isinstance(value, PartialDate) else PartialDate.parse(value)
        if kind == "float":
            return float(value)
        if kind == "list":
            return (value,) if isinstance(value, str) else tuple(value)
        if kind == "dict":
            return dict(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            [_problem(rtype, field, value, str(exc))], summary="the edit was refused"
        ) from None
    return str(value)


def _problem(rtype: type[Record], field: str, value: Any, rule: str) -> Problem:
    return Problem(file=f"{rtype.kind_name}", column=field, value=str(value), rule=rule)


def edit(
    conn: Connection,
    record_type: str,
    key: Any,
    changes: Mapping[str, Any],
    *,
    label: str = "",
) -> BatchReport:
    """Change fields of one stored record; refused (nothing changed) when a rule breaks."""
    rtype = record_type_named(record_type)
    key = parse_key(rtype, key)
    old = stored_record(conn, rtype, key)
    if not changes:
        raise ArgumentError("give at least one field=value to change")
    fields = set(field_kinds(rtype))
    for name in changes:
        if name not in fields:
            raise ArgumentError(
                f"a {rtype.kind_name} has no field {name!r}; its fields: "
                + ", ".join(field_kinds(rtype))
            )
        if name in rtype.key_fields:
            raise ArgumentError(
                f"{name!r} is part of the {rtype.kind_name}'s key and cannot be edited"
                + (
                    "; to fold one actor into another use: bioregion merge"
                    if rtype is Actor
                    else ""
                )
            )
    new = old.evolve(**{n: coerce(rtype, n, v) for n, v in changes.items()})
    written = Dataset()
    written.records(rtype).append(new)
    if hasattr(new, "sources"):  # sources cited by URL, and NUTS from lat/lon, as imports do
        written = written.cite_urls(source_ids_by_url(conn, written.cited_urls()))
    written.locate_actors()
    checked = Dataset(**{t.kind_name + "s": list(written.records(t)) for t in RECORD_TYPES})
    if rtype is Actor:  # its stored ties are checked against its new founding date
        table = TABLES[Tie]
        ties = or_(table.c.source_id == new.id, table.c.target_id == new.id)  # type: ignore[attr-defined]
        checked.ties += _ties(conn, ties)
    for record in checked:  # problems name the record they are about
        checked.where[id(record)] = (f"{record.kind_name} {key_text(record)}", None)
    problems = checked.problems(**known_records(conn))
    if problems:
        raise ValidationError(
            problems,
            summary=f"the edit of {rtype.kind_name} {key_text(old)} breaks {len(problems)} "
            "rule(s); nothing was changed",
        )
    label = label or f"edit {rtype.kind_name} {key_text(old)}"
    batch_id = start_batch(conn, label, [], _version())
    counts = Writer(conn, batch_id).write(written)
    finish_batch(conn, batch_id, counts)
    return BatchReport(batch_id=batch_id, counts=counts)


def _ties(conn: Connection, where: Any) -> list[Tie]:
    ids = [(i,) for (i,) in conn.execute(select(TABLES[Tie].c.id).where(where))]
    return list(fetch_existing(conn, Tie, ids).values())  # type: ignore[arg-type]


# -- delete ------------------------------------------------------------------------
def citing(conn: Connection, record: Record) -> dict[str, list[str]]:
    """What still cites a record, by kind (``"ties"``: their ids, ...)."""
    out: dict[str, list[str]] = {}

    def add(kind: str, query: Any) -> None:
        found = ["|".join(map(str, row)) for row in conn.execute(query)]
        if found:
            out[kind] = found

    if isinstance(record, Source):
        for rtype, link in SOURCE_LINKS.items():
            keys = [c for c in link.c if c.name.startswith("record_")]
            add(f"{rtype.kind_name}s", select(*keys).where(link.c.source_id == record.id))
    elif isinstance(record, Actor):
        ties, parts = TABLES[Tie], TABLES[Participation]
        add(
            "ties",
            select(ties.c.id).where(
                or_(ties.c.source_id == record.id, ties.c.target_id == record.id)
            ),
        )
        add(
            "participations",
            select(parts.c.event_id, parts.c.actor_id, parts.c.role).where(
                parts.c.actor_id == record.id
            ),
        )
        merged = select(merges.c.id).where(
            and_(merges.c.kept == record.id, merges.c.status == APPLIED)
        )
        add("applied merges (kept actor)", merged)
    elif isinstance(record, Event):
        parts = TABLES[Participation]
        add(
            "participations",
            select(parts.c.event_id, parts.c.actor_id, parts.c.role).where(
                parts.c.event_id == record.id
            ),
        )
    return out


def delete(conn: Connection, record_type: str, key: Any, *, label: str = "") -> BatchReport:
    """Delete one record; refused (nothing changed) while other records cite it."""
    rtype = record_type_named(record_type)
    key = parse_key(rtype, key)
    record = stored_record(conn, rtype, key)
    cited = citing(conn, record)
    if cited:
        listed = "; ".join(
            f"{len(v)} {k} ({', '.join(v[:5])}{', ...' if len(v) > 5 else ''})"
            for k, v in cited.items()
        )
        raise ArgumentError(
            f"{rtype.kind_name} {key_text(record)} is still cited by {listed}; nothing was "
            "deleted. Delete or edit those first"
            + (
                ", or merge the actor into another: bioregion merge KEPT MERGED"
                if rtype is Actor
                else ""
            )
        )
    label = label or f"delete {rtype.kind_name} {key_text(record)}"
    batch_id = start_batch(conn, label, [], _version())
    table, link = TABLES[rtype], SOURCE_LINKS.get(rtype)
    columns = [table.c[c.name] for c in table.primary_key.columns]
    where = and_(*(c == k for c, k in zip(columns, key, strict=True)))
    if link is not None:
        lcols = [link.c[f"record_{c.name}"] for c in columns]
        conn.execute(
            sql_delete(link).where(and_(*(c == k for c, k in zip(lcols, key, strict=True))))
        )
    if rtype is Actor:
        actor_id = record.id  # type: ignore[attr-defined]
        conn.execute(sql_delete(actor_aliases).where(actor_aliases.c.actor_id == actor_id))
        conn.execute(sql_delete(actor_domains).where(actor_domains.c.actor_id == actor_id))
        conn.execute(sql_delete(actor_relations).where(actor_relations.c.source_id == actor_id))
    conn.execute(sql_delete(table).where(where))
    counts = {t.kind_name: dict.fromkeys(COUNT_KEYS, 0) for t in RECORD_TYPES}
    counts.update(log_changes(conn, batch_id, [(record, None)]))
    finish_batch(conn, batch_id, counts)
    return BatchReport(batch_id=batch_id, counts=counts)


# -- candidates --------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A record waiting for review, with the records it needs (``dataset``) and the
    evidence for it. ``status``: ``pending``, ``accepted`` or ``rejected``;
    ``batch_id``: the batch that wrote it when accepted."""

    id: int
    record_type: str
    key: str
    record: Record
    dataset: Dataset
    evidence: dict[str, Any]
    status: str
    batch_id: int | None
    created_at: dt.datetime | None
    decided_at: dt.datetime | None
    label: str = ""


def record_from_dict(rtype: type[Record], values: Mapping[str, Any]) -> Record:
    """The inverse of :meth:`Record.to_dict`."""
    out: dict[str, Any] = {}
    for name, kind in field_kinds(rtype).items():
        if name in values:
            value = values[name]
            if kind == "date" and value is not None:
                value = PartialDate.parse(value)
            elif kind == "list":
                value = tuple(value)
            out[name] = value
    return rtype(**out)


def _bundles(dataset: Dataset) -> list[tuple[Record, Dataset]]:
    """The records to review, each with the records of ``dataset`` it needs: every tie
    and participation; without those, every event; without those, every actor."""
    main: list[Record] = (
        [*dataset.ties, *dataset.participations] or [*dataset.events] or [*dataset.actors]
    )
    actors = {a.id: a for a in dataset.actors}
    events = {e.id: e for e in dataset.events}
    sources = {s.id: s for s in dataset.sources} | {s.url: s for s in dataset.sources}
    out = []
    for record in main:
        bundle = Dataset()
        bundle.records(type(record)).append(record)
        refs = [getattr(record, n, None) for n in ("source", "target", "actor")]
        bundle.actors = [
            actors[r] for r in dict.fromkeys(refs) if r in actors and actors[r] is not record
        ]
        event = getattr(record, "event", None)
        bundle.events = [events[event]] if event in events else []
        cited = [s for r in bundle for s in getattr(r, "sources", ())]
        bundle.sources = list({sources[s].id: sources[s] for s in cited if s in sources}.values())
        out.append((record, bundle))
    return out


def _payload(bundle: Dataset) -> str:
    data = {t.kind_name: [r.to_dict() for r in bundle.records(t)] for t in RECORD_TYPES}
    return json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False, sort_keys=True)


def queue_candidates(
    conn: Connection, dataset: Dataset, *, evidence: Sequence[Mapping[str, Any]], label: str = ""
) -> list[int]:
    """Queue the records of ``dataset`` for review, one candidate per record to review
    (every tie and participation; without those every event, then every actor), with
    the records of ``dataset`` each needs. ``evidence`` holds one mapping per candidate,
    in that order. A record whose type and key were queued before (pending, accepted
    or rejected) is not queued again. Returns the ids of the new candidates."""
    bundles = _bundles(dataset)
    if len(evidence) != len(bundles):
        raise ArgumentError(
            f"give one evidence mapping per record to review: {len(bundles)} record(s), "
            f"{len(evidence)} evidence mapping(s)"
        )
    problems = [p for _, bundle in bundles for r in bundle for p in _rules(r)]
    if problems:
        raise ValidationError(problems, summary=f"{len(problems)} problem(s); nothing was queued")
    queued, now = [], dt.datetime.now(dt.UTC)
    for (record, bundle), proof in zip(bundles, evidence, strict=True):
        row = {"record_type": record.kind_name, "record_key": key_text(record)}
        seen = (
            select(func.count())
            .select_from(candidates)
            .where(and_(*(candidates.c[k] == v for k, v in row.items())))
        )
        if conn.execute(seen).scalar_one():
            continue
        values = row | {
            "payload": _payload(bundle),
            "evidence": json.dumps(dict(proof), ensure_ascii=False, default=str),
            "status": "pending",
            "label": label,
            "created_at": now,
        }
        queued.append(
            int(conn.execute(insert(candidates).values(**values)).inserted_primary_key[0])
        )
    return queued


def _rules(record: Record) -> list[Problem]:
    return rules.check_record(record)


def _candidate_of(row: Any) -> Candidate:
    payload = json.loads(row["payload"])
    bundle = Dataset()
    for rtype in RECORD_TYPES:
        bundle.records(rtype).extend(
            record_from_dict(rtype, v) for v in payload.get(rtype.kind_name, [])
        )
    rtype = RECORD_TYPE_BY_NAME[row["record_type"]]
    record = next(r for r in bundle.records(rtype) if key_text(r) == row["record_key"])
    zone = lambda t: t.replace(tzinfo=dt.UTC) if t is not None and t.tzinfo is None else t  # noqa: E731
    return Candidate(
        id=row["id"],
        record_type=row["record_type"],
        key=row["record_key"],
        record=record,
        dataset=bundle,
        evidence=json.loads(row["evidence"] or "{}"),
        status=row["status"],
        batch_id=row["batch_id"],
        created_at=zone(row["created_at"]),
        decided_at=zone(row["decided_at"]),
        label=row["label"],
    )


def list_candidates(conn: Connection, status: str | None = "pending") -> list[Candidate]:
    if status is not None and status not in CANDIDATE_STATUSES:
        raise ArgumentError(
            f"unknown candidate status {status!r}; use one of: {', '.join(CANDIDATE_STATUSES)}"
        )
    query = select(candidates).order_by(candidates.c.id)
    if status is not None:
        query = query.where(candidates.c.status == status)
    return [_candidate_of(r) for r in conn.execute(query).mappings()]


def one_candidate(conn: Connection, candidate_id: int) -> Candidate:
    row = conn.execute(select(candidates).where(candidates.c.id == candidate_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no candidate #{candidate_id}; list them with: bioregion candidates")
    return _candidate_of(row)


def candidate_to_decide(
    conn: Connection, candidate_id: int, accept: bool
) -> tuple[Candidate, bool]:
    """The candidate, and whether accepting (or rejecting) it changes anything: a
    pending one may be accepted or rejected, a rejected one still accepted; an accepted
    one is in the store (delete its records to undo that)."""
    found = one_candidate(conn, candidate_id)
    if found.status == ("accepted" if accept else "rejected"):
        return found, False
    if found.status == "accepted":
        raise ArgumentError(
            f"candidate #{candidate_id} is already accepted (batch {found.batch_id}); "
            f"to take it back, delete its record: bioregion delete {found.record_type} "
            f"{found.key}"
        )
    return found, True


def mark_candidate(
    conn: Connection, found: Candidate, accept: bool, batch_id: int | None
) -> Candidate:
    """Record the decision on a candidate (and the batch that wrote an accepted one)."""
    values = {
        "status": "accepted" if accept else "rejected",
        "batch_id": batch_id,
        "decided_at": dt.datetime.now(dt.UTC),
    }
    conn.execute(update(candidates).where(candidates.c.id == found.id).values(**values))
    return one_candidate(conn, found.id)
