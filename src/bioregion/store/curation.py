"""Merges of actors: applied now or queued for review, recorded, reversible.

:func:`merge_actors` points the ties, participations and source links of one actor to
another, adds its identifiers and name (as an alias) to the kept actor and removes it,
in one transaction recorded as a batch with its field-level changes. A
:class:`~bioregion.store.journal.Journal` keeps every row it inserted, changed or
removed (``merges.snapshot``), so that :func:`undo_merge` puts them back exactly, or
refuses when a value the merge wrote changed since. :func:`actor_redirects` (merged id
-> kept id) is what later writes honour (:mod:`bioregion.store.redirects`);
:func:`rejected_pairs` what the matcher must not propose again. See
``docs/curation.md``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bioregion.errors import ArgumentError, NotFoundError, ValidationError
from bioregion.model import rules
from bioregion.model.records import (
    Actor,
    Participation,
    Record,
    Tie,
)
from bioregion.store.convert import from_row
from bioregion.store.journal import (
    Journal,
    changed_since,
    log_changes,
    log_inverse,
    play_back,
    typed_row,
)
from bioregion.store.schema import SOURCE_LINKS, TABLES, actor_aliases, changes, merges
from bioregion.store.writer import (
    fetch_existing,
    finish_batch,
    start_batch,
)

APPLIED, PENDING, REJECTED, UNDONE = "applied", "pending", "rejected", "undone"
STATUSES = (APPLIED, PENDING, REJECTED, UNDONE)
DECISIONS = ("manual", "auto", "accepted", "pending")
#: The tables whose rows of the merged actor ``merges.merged_record`` keeps.
MERGED = ("actors", "actor_sources", "participations", "participation_sources")


@dataclass(frozen=True)
class Merge:
    """One merge of actor ``merged`` into actor ``kept`` (see :func:`merge_actors`).

    ``status``: ``applied``, ``pending`` (waiting for review), ``rejected`` or
    ``undone``; ``decision``: how it was decided (``auto``, ``manual``, ``accepted``,
    ``rejected``, or ``pending``); ``batch_id``: the batch that applied it.
    """

    id: int
    kept: str
    merged: str
    probability: float | None
    evidence: dict[str, Any]
    status: str
    batch_id: int | None
    decided_at: dt.datetime | None
    decision: str = ""
    label: str = ""
    created_at: dt.datetime | None = None
    undo_batch_id: int | None = None


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _merge_of(row: Any) -> Merge:
    return Merge(
        id=row["id"],
        kept=row["kept"],
        merged=row["merged"],
        probability=row["probability"],
        evidence=json.loads(row["evidence"] or "{}"),
        status=row["status"],
        batch_id=row["batch_id"],
        decided_at=_utc(row["decided_at"]),
        decision=row["decision"],
        label=row["label"],
        created_at=_utc(row["created_at"]),
        undo_batch_id=row["undo_batch_id"],
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _version() -> str:
    from bioregion._version import __version__

    return __version__


# -- merges ----------------------------------------------------------------------
def actor_redirects(conn: Connection) -> dict[str, str]:
    """Merged actor id -> the id it lives on as, for applied merges (chains followed)."""
    query = select(merges.c.merged, merges.c.kept).where(merges.c.status == APPLIED)
    direct = dict(conn.execute(query.order_by(merges.c.id)).all())
    out = {}
    for merged, kept in direct.items():
        seen = {merged}
        while kept in direct and kept not in seen:
            seen.add(kept)
            kept = direct[kept]
        out[merged] = kept
    return out


def merged_actors(
    conn: Connection, kept: Iterable[str]
) -> dict[str, list[tuple[Actor, list[Participation]]]]:
    """The actors merged (by applied merges, chains followed) into each of ``kept``, as
    they were when merged (identifiers and sources), oldest merge first, each with the
    participations it had then."""
    redirects = actor_redirects(conn)
    wanted = set(kept)
    ids = [m for m, k in redirects.items() if k in wanted]
    out: dict[str, list[tuple[Actor, list[Participation]]]] = {}
    if not ids:
        return out
    query = select(merges.c.merged, merges.c.merged_record).where(
        merges.c.status == APPLIED, merges.c.merged.in_(ids)
    )
    for merged, record in conn.execute(query.order_by(merges.c.id)):
        gone = json.loads(record)
        actor = _rebuilt(Actor, next(r for r in gone if r.get("id") == merged), gone)
        parts = [_rebuilt(Participation, r, gone) for r in gone if r.get("actor_id") == merged]
        out.setdefault(redirects[merged], []).append((actor, parts))  # type: ignore[arg-type]
    return out


def _rebuilt(rtype: type[Record], row: dict[str, Any], gone: list[dict[str, Any]]) -> Record:
    """A record from a row a merge removed, citing the sources of the links it removed."""
    keys = [c.name for c in TABLES[rtype].primary_key.columns]
    links = sorted(
        (r["position"], r["source_id"])
        for r in gone
        if "source_id" in r and all(r.get(f"record_{k}") == row[k] for k in keys)
    )
    return from_row(rtype, typed_row(TABLES[rtype], row), tuple(s for _, s in links))


def folded(kept: Actor, merged: Sequence[Actor]) -> Actor:
    """``kept`` with what merging ``merged`` into it adds: their identifiers (those of
    ``kept`` win) and their sources after its own."""
    identifiers, sources = dict(kept.identifiers), list(kept.sources)
    for actor in merged:
        identifiers = {**actor.identifiers, **identifiers}
        sources += [s for s in actor.sources if s not in sources]
    return kept.evolve(identifiers=dict(sorted(identifiers.items())), sources=tuple(sources))  # type: ignore[return-value]


def rejected_pairs(conn: Connection) -> set[frozenset[str]]:
    """Pairs a person judged distinct: merges rejected, or applied and then undone."""
    query = select(merges.c.kept, merges.c.merged).where(merges.c.status.in_([REJECTED, UNDONE]))
    return {frozenset(pair) for pair in conn.execute(query)}


def list_merges(conn: Connection, status: str | None = None) -> list[Merge]:
    if status is not None and status not in STATUSES:
        raise ArgumentError(f"unknown merge status {status!r}; use one of: {', '.join(STATUSES)}")
    query = select(merges).order_by(merges.c.id)
    if status is not None:
        query = query.where(merges.c.status == status)
    return [_merge_of(r) for r in conn.execute(query).mappings()]


def one_merge(conn: Connection, merge_id: int) -> Merge:
    row = conn.execute(select(merges).where(merges.c.id == merge_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"no merge #{merge_id}; list them with: bioregion merges")
    return _merge_of(row)


def aliases(conn: Connection, actor_id: str | None = None) -> dict[str, list[str]]:
    query = select(actor_aliases.c.actor_id, actor_aliases.c.alias)
    if actor_id is not None:
        query = query.where(actor_aliases.c.actor_id == actor_id)
    out: dict[str, list[str]] = {}
    for aid, alias in conn.execute(query.order_by(actor_aliases.c.actor_id, actor_aliases.c.alias)):
        out.setdefault(aid, []).append(alias)
    return out


def _actor(conn: Connection, actor_id: str) -> Actor:
    found = fetch_existing(conn, Actor, [(actor_id,)])
    if (actor_id,) in found:
        return found[(actor_id,)]  # type: ignore[return-value]
    into = actor_redirects(conn).get(actor_id)
    hint = f"; it was merged into {into!r}" if into else "; list them with: bioregion actors"
    raise NotFoundError(f"no actor with id {actor_id!r}{hint}")


def merge_actors(
    conn: Connection,
    kept: str,
    merged: str,
    *,
    probability: float | None = None,
    evidence: Mapping[str, Any] | None = None,
    decision: str = "manual",
    label: str = "",
    force: bool = False,
) -> Merge:
    """Merge actor ``merged`` into ``kept`` now, or queue it (``decision="pending"``).

    A pair already rejected (or undone) is not merged again automatically: ``auto``
    and ``pending`` return that merge unchanged; ``manual`` merges anyway. A pending
    merge of the pair is reused (applied, unless ``pending`` again).
    """
    if decision not in DECISIONS:
        raise ArgumentError(f"decision {decision!r}: use one of {', '.join(DECISIONS)}")
    if kept == merged:
        raise ArgumentError(f"cannot merge actor {kept!r} into itself")
    if probability is not None and not 0 <= probability <= 1:
        raise ArgumentError(f"probability {probability!r} is not between 0 and 1")
    pair = or_(
        and_(merges.c.kept == kept, merges.c.merged == merged),
        and_(merges.c.kept == merged, merges.c.merged == kept),
    )
    rows = conn.execute(select(merges).where(pair).order_by(merges.c.id)).mappings().all()
    earlier = [_merge_of(r) for r in rows]
    judged = [m for m in earlier if m.status in (REJECTED, UNDONE)]
    if judged and decision in ("auto", "pending"):
        return judged[-1]
    waiting = [m for m in earlier if m.status == PENDING]
    if waiting and decision == "pending":
        return waiting[-1]
    kept_actor, merged_actor = _actor(conn, kept), _actor(conn, merged)
    if waiting:  # applied now, the way round and with the evidence given this time
        merge_id = waiting[-1].id
        values: dict[str, Any] = {"kept": kept, "merged": merged}
        if probability is not None:
            values["probability"] = probability
        if evidence:
            values["evidence"] = json.dumps(dict(evidence), ensure_ascii=False, default=str)
        conn.execute(update(merges).where(merges.c.id == merge_id).values(**values))
    else:
        values = {
            "kept": kept,
            "merged": merged,
            "probability": probability,
            "evidence": json.dumps(dict(evidence or {}), ensure_ascii=False, default=str),
            "status": PENDING,
            "decision": PENDING,
            "label": label,
            "created_at": _now(),
            "snapshot": "{}",
            "merged_record": "[]",
        }
        merge_id = int(conn.execute(insert(merges).values(**values)).inserted_primary_key[0])
    if decision != "pending":
        _apply(conn, merge_id, kept_actor, merged_actor, decision, label, force)
    return one_merge(conn, merge_id)


def _apply(
    conn: Connection,
    merge_id: int,
    kept: Actor,
    merged: Actor,
    decision: str,
    label: str,
    force: bool,
) -> None:
    batch_id = start_batch(conn, label or f"merge {merged.id} into {kept.id}", [], _version())
    journal = Journal(conn)
    pairs = _move(journal, kept, merged, merge_id, batch_id, force)
    counts = log_changes(conn, batch_id, pairs)
    _log_aliases(conn, batch_id, journal.entries)
    finish_batch(conn, batch_id, counts)
    values = {
        "status": APPLIED,
        "decision": decision,
        "batch_id": batch_id,
        "decided_at": _now(),
        "snapshot": json.dumps({"rows": journal.entries}, ensure_ascii=False),
        "merged_record": json.dumps(
            [e["before"] for e in journal.entries if e["op"] == "delete" and e["table"] in MERGED],
            ensure_ascii=False,
        ),
    }
    conn.execute(update(merges).where(merges.c.id == merge_id).values(**values))


def _log_aliases(conn: Connection, batch_id: int, entries: list[dict[str, Any]]) -> None:
    """Log the aliases a merge added and removed (record type ``alias``)."""
    for entry in entries:
        if entry["table"] != actor_aliases.name:
            continue
        row = entry["after"] or entry["before"]
        alias = row["alias"]
        created = entry["op"] == "insert"
        change = {
            "batch_id": batch_id,
            "record_type": "alias",
            "record_key": f"{row['actor_id']}|{alias}",
            "action": "create" if created else "delete",
            "changed": json.dumps(
                {"alias": [None, alias] if created else [alias, None]}, ensure_ascii=False
            ),
        }
        conn.execute(insert(changes).values(**change))


def _identifiers(kept: Actor, merged: Actor, force: bool) -> dict[str, str]:
    conflicts = {
        scheme: (kept.identifiers[scheme], value)
        for scheme, value in merged.identifiers.items()
        if scheme in kept.identifiers and kept.identifiers[scheme] != value
    }
    if conflicts and not force:
        listed = "; ".join(f"{s}: {a!r} vs {b!r}" for s, (a, b) in sorted(conflicts.items()))
        raise ArgumentError(
            f"{kept.id!r} and {merged.id!r} hold different identifiers of one scheme ({listed}): "
            "they may be two organisations. Nothing was changed; merge anyway with --force "
            f"(keeps the values of {kept.id!r}; those of {merged.id!r} stay in the merge record)"
        )
    return dict(sorted({**merged.identifiers, **kept.identifiers}.items()))


def _move(
    journal: Journal, kept: Actor, merged: Actor, merge_id: int, batch_id: int, force: bool
) -> list[tuple[Record | None, Record | None]]:
    """Point everything of ``merged`` to ``kept`` and remove ``merged``; the record pairs."""
    conn = journal.conn
    identifiers = _identifiers(kept, merged, force)
    _move_aliases(journal, kept, merged, merge_id)
    link = SOURCE_LINKS[Actor]
    cited = _move_links(journal, link, {"record_id": merged.id}, {"record_id": kept.id})
    if cited or identifiers != kept.identifiers:
        values = {"identifiers": json.dumps(identifiers, ensure_ascii=False)}
        journal.update(TABLES[Actor], {"id": kept.id}, values | {"updated_batch": batch_id})
    pairs = _move_ties(journal, kept, merged, batch_id)
    pairs += _move_participations(journal, kept, merged, batch_id)
    journal.delete(TABLES[Actor], {"id": merged.id})
    now = _actor(conn, kept.id)
    pairs += [(kept, now), (merged, None)]
    broken = []
    for _, after in pairs:
        if isinstance(after, Tie):
            known = {after.source: None, after.target: None, kept.id: now}
            broken += rules.check_tie_references(after, known)
    if broken:
        raise ValidationError(
            broken,
            summary=f"merging {merged.id} into {kept.id} would break {len(broken)} rule(s); "
            "nothing was changed (correct the records with `bioregion edit` first)",
        )
    return pairs


def _move_aliases(journal: Journal, kept: Actor, merged: Actor, merge_id: int) -> None:
    have = set(aliases(journal.conn, kept.id).get(kept.id, []))
    rows = journal.conn.execute(
        select(actor_aliases).where(actor_aliases.c.actor_id == merged.id)
    ).mappings()
    moving = [dict(r) for r in rows]
    for row in moving:
        if row["alias"] not in have and row["alias"] != kept.name:
            journal.insert(actor_aliases, row | {"actor_id": kept.id})
            have.add(row["alias"])
        journal.delete(actor_aliases, row)
    if merged.name != kept.name and merged.name not in have:
        origin = f"merge:{merge_id}"
        journal.insert(actor_aliases, {"actor_id": kept.id, "alias": merged.name, "origin": origin})


def _move_links(
    journal: Journal, link: Table, old: Mapping[str, Any], new: Mapping[str, Any]
) -> bool:
    """Move the source links of the record keyed ``old`` to the one keyed ``new``, after
    those it has (a source both cite is cited once); whether ``new`` cites more now."""
    conn = journal.conn

    def cited(key: Mapping[str, Any]) -> list[dict[str, Any]]:
        where = and_(*(link.c[c] == v for c, v in key.items()))
        query = select(link).where(where).order_by(link.c.position)
        return [dict(r) for r in conn.execute(query).mappings()]

    have = cited(new)
    known, position = {r["source_id"] for r in have}, max((r["position"] for r in have), default=-1)
    for row in cited(old):
        if row["source_id"] not in known:
            position += 1
            journal.insert(link, row | dict(new) | {"position": position})
        journal.delete(link, row)
    return position > max((r["position"] for r in have), default=-1)


def _move_ties(
    journal: Journal, kept: Actor, merged: Actor, batch_id: int
) -> list[tuple[Record | None, Record | None]]:
    """Ties of ``merged`` point to ``kept``; one between the two is removed (it would
    join ``kept`` to itself)."""
    conn, table, link = journal.conn, TABLES[Tie], SOURCE_LINKS[Tie]
    touching = or_(table.c.source_id == merged.id, table.c.target_id == merged.id)
    ids = [(i,) for (i,) in conn.execute(select(table.c.id).where(touching).order_by(table.c.id))]
    ties: list[Tie] = list(fetch_existing(conn, Tie, ids).values())  # type: ignore[arg-type]
    ends = {kept.id, merged.id}
    loops = [t for t in ties if {t.source, t.target} <= ends]
    if loops:
        where = link.c.record_id.in_([t.id for t in loops])
        journal.delete_many(
            link, [dict(r) for r in conn.execute(select(link).where(where)).mappings()]
        )
        journal.delete_many(table, [{"id": t.id} for t in loops])
    for end in ("source", "target"):
        moved = [{"id": t.id} for t in ties if getattr(t, end) == merged.id and t not in loops]
        journal.update_many(table, moved, {f"{end}_id": kept.id, "updated_batch": batch_id})
    pairs: list[tuple[Record | None, Record | None]] = [(t, None) for t in loops]
    for tie in ties:
        if tie not in loops:
            source = kept.id if tie.source == merged.id else tie.source
            target = kept.id if tie.target == merged.id else tie.target
            pairs.append((tie, tie.evolve(source=source, target=target)))
    return pairs


def _move_participations(
    journal: Journal, kept: Actor, merged: Actor, batch_id: int
) -> list[tuple[Record | None, Record | None]]:
    """Each participation of ``merged`` becomes one of ``kept``; where ``kept`` already
    has one in that event with that role, the two become one (see :func:`combined`)."""
    conn, table, link = journal.conn, TABLES[Participation], SOURCE_LINKS[Participation]
    query = select(table).where(table.c.actor_id == merged.id)
    rows = [
        dict(r) for r in conn.execute(query.order_by(table.c.event_id, table.c.role)).mappings()
    ]
    olds = [(r["event_id"], merged.id, r["role"]) for r in rows]
    news = [(e, kept.id, role) for e, _, role in olds]
    stored = fetch_existing(conn, Participation, olds + news)
    alone = [r for r, new in zip(rows, news, strict=True) if new not in stored]
    journal.insert_many(
        table, [r | {"actor_id": kept.id, "updated_batch": batch_id} for r in alone]
    )
    lonely = {(r["event_id"], r["role"]) for r in alone}
    links = conn.execute(select(link).where(link.c.record_actor_id == merged.id)).mappings()
    moving = [dict(r) for r in links if (r["record_event_id"], r["record_role"]) in lonely]
    journal.insert_many(link, [r | {"record_actor_id": kept.id} for r in moving])
    journal.delete_many(link, moving)
    for (event, _, role), new in zip(olds, news, strict=True):
        if new in stored:  # both took part in the event in the same role
            other, old = stored[new], stored[(event, merged.id, role)]
            keys = {"record_event_id": event, "record_role": role}
            cited = _move_links(
                journal,
                link,
                keys | {"record_actor_id": merged.id},
                keys | {"record_actor_id": kept.id},
            )
            both = combined(other, old)  # type: ignore[arg-type]
            if cited or both.contribution != other.contribution:  # type: ignore[attr-defined]
                values = {"contribution": both.contribution, "currency": both.currency}
                key = {"event_id": event, "actor_id": kept.id, "role": role}
                journal.update(table, key, values | {"updated_batch": batch_id})
    journal.delete_many(
        table, [dict(zip(("event_id", "actor_id", "role"), k, strict=True)) for k in olds]
    )
    after = fetch_existing(conn, Participation, news)
    pairs: list[tuple[Record | None, Record | None]] = []
    for old, new in zip(olds, news, strict=True):
        pairs += [(stored[old], None), (stored.get(new), after[new])]
    return pairs


def combined(kept: Participation, merged: Participation) -> Participation:
    """One participation from two of one actor in one event with one role: the kept one's
    contribution (the merged one's when it has none) and the sources of both."""
    sources = kept.sources + tuple(s for s in merged.sources if s not in kept.sources)
    if kept.contribution is None and merged.contribution is not None:
        kept = kept.evolve(contribution=merged.contribution, currency=merged.currency)  # type: ignore[assignment]
    return kept.evolve(sources=sources)  # type: ignore[return-value]


def decide_merge(conn: Connection, merge_id: int, accept: bool, *, force: bool = False) -> Merge:
    """Accept (apply) or reject a pending merge; a rejected one may still be accepted."""
    merge = one_merge(conn, merge_id)
    if merge.status == UNDONE:
        raise ArgumentError(
            f"merge #{merge_id} was undone; merge again with: "
            f"bioregion merge {merge.kept} {merge.merged}"
        )
    if merge.status == APPLIED:
        if accept:
            return merge
        raise ArgumentError(
            f"merge #{merge_id} is applied; undo it with: bioregion merges undo {merge_id}"
        )
    if not accept:
        values = {"status": REJECTED, "decision": "rejected", "decided_at": _now()}
        conn.execute(update(merges).where(merges.c.id == merge_id).values(**values))
        return one_merge(conn, merge_id)
    kept, merged = _actor(conn, merge.kept), _actor(conn, merge.merged)
    _apply(conn, merge_id, kept, merged, "accepted", merge.label, force)
    return one_merge(conn, merge_id)


def undo_merge(conn: Connection, merge_id: int) -> Merge:
    """Put back every row an applied merge changed, as it was; recorded as a batch.

    Refuses (nothing changed) when a row the merge wrote was changed afterwards, e.g.
    by a later merge of the kept actor (undo that one first) or an edit.
    """
    merge = one_merge(conn, merge_id)
    if merge.status != APPLIED:
        raise ArgumentError(f"merge #{merge_id} is {merge.status}; only an applied merge is undone")
    snapshot = conn.execute(select(merges.c.snapshot).where(merges.c.id == merge_id)).scalar_one()
    entries = json.loads(snapshot)["rows"]
    later = changed_since(conn, entries)
    if later:
        ids = {merge.kept, merge.merged}
        after = [
            f"#{m.id}"
            for m in list_merges(conn, APPLIED)
            if m.id > merge_id and {m.kept, m.merged} & ids
        ]
        hint = (
            f"undo the later merge(s) {', '.join(after)} first"
            if after
            else ("undo or revert those changes first")
        )
        shown = ", ".join(later[:5]) + (f" and {len(later) - 5} more" if len(later) > 5 else "")
        raise ArgumentError(
            f"merge #{merge_id} ({merge.merged} into {merge.kept}) cannot be undone: "
            f"{len(later)} row(s) it wrote changed afterwards ({shown}); {hint}. "
            "Nothing was changed"
        )
    label = f"undo merge #{merge_id} ({merge.merged} into {merge.kept})"
    batch_id = start_batch(conn, label, [], _version())
    try:
        play_back(conn, entries)
    except IntegrityError as exc:  # e.g. a source the merged actor cited was deleted since
        raise ArgumentError(
            f"merge #{merge_id} cannot be undone: a record the rows it removed refer to is "
            f"gone ({str(exc.orig).splitlines()[0]}); nothing was changed"
        ) from None
    counts = log_inverse(conn, merge.batch_id, batch_id)
    finish_batch(conn, batch_id, counts)
    values = {"status": UNDONE, "undo_batch_id": batch_id}
    conn.execute(update(merges).where(merges.c.id == merge_id).values(**values))
    return one_merge(conn, merge_id)
