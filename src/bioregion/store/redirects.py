"""Applied merges on later writes: a merged actor never comes back through an import.

:meth:`Store.write <bioregion.store.Store.write>` passes every dataset through
:func:`redirect_dataset`; :meth:`Store.bulk_session <bioregion.store.Store.bulk_session>`
(the importer's fast path) hands out a :class:`RedirectingSession`, which redirects the
rows of its tables that mention a merged (or a kept) actor the same way before writing
column by column. So both paths leave the same store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from bioregion.errors import ImportRejectedError
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation, Record, Source, Tie
from bioregion.store.bulk import BulkSession, RowTable
from bioregion.store.curation import combined, folded, merged_actors
from bioregion.store.schema import TABLES
from bioregion.store.writer import BatchReport, fetch_existing


@dataclass(frozen=True)
class _Founded:
    """What reference checks need to know of a stored actor."""

    founded: PartialDate | None


def known_records(conn: Connection) -> dict[str, dict[str, Any]]:
    """The stored ids references may point to (``Dataset.problems``' ``known_*``)."""
    table = TABLES[Actor]
    query = select(table.c.id, table.c.founded_date, table.c.founded_precision)
    actors = {
        aid: _Founded(PartialDate.from_parts(day, precision) if day else None)
        for aid, day, precision in conn.execute(query)
    }
    events = {eid: None for (eid,) in conn.execute(select(TABLES[Event].c.id))}
    sources = {sid: None for (sid,) in conn.execute(select(TABLES[Source].c.id))}
    return {"known_actors": actors, "known_events": events, "known_sources": sources}


def _touches(dataset: Dataset, redirects: Mapping[str, str]) -> bool:
    kept = set(redirects.values())
    return (
        any(a.id in redirects or a.id in kept for a in dataset.actors)
        or any(t.source in redirects or t.target in redirects for t in dataset.ties)
        or any(p.actor in redirects or p.actor in kept for p in dataset.participations)
    )


def redirect_dataset(conn: Connection, dataset: Dataset, redirects: Mapping[str, str]) -> Dataset:
    """The dataset as it reads after the applied merges (``redirects``: merged -> kept).

    A merged actor is left out (the kept one stands for it); a kept actor keeps the
    identifiers and sources the merges brought it (:func:`folded`); ties and
    participations point to the kept actor; a tie between two actors merged into one is
    left out, as the merge removed it; a participation that meets one of the kept actor
    in the same event and role becomes one with it (:func:`combined`), as in the merge.
    """
    if not redirects or not _touches(dataset, redirects):
        return dataset
    out = Dataset(sources=list(dataset.sources), events=list(dataset.events))

    def keep(old: Record, new: Record) -> None:
        out.records(type(new)).append(new)
        if id(old) in dataset.where:
            out.where[id(new)] = dataset.where[id(old)]

    for record in [*dataset.sources, *dataset.events]:
        if id(record) in dataset.where:
            out.where[id(record)] = dataset.where[id(record)]
    into = merged_actors(
        conn, {a.id for a in dataset.actors} | {p.actor for p in dataset.participations}
    )
    for actor in dataset.actors:
        if actor.id not in redirects:
            merged = [m for m, _ in into.get(actor.id, [])]
            keep(actor, folded(actor, merged) if merged else actor)
    earlier: dict[tuple, list[Participation]] = {}
    for kept, found in into.items():
        for _, merged_parts in found:
            for part in merged_parts:
                earlier.setdefault((part.event, kept, part.role), []).append(part)
    for tie in dataset.ties:
        source, target = (
            redirects.get(tie.source, tie.source),
            redirects.get(tie.target, tie.target),
        )
        if source != target or (source, target) == (tie.source, tie.target):
            keep(tie, tie.evolve(source=source, target=target))
    parts: dict[tuple, Participation] = {}
    moved = [p for p in dataset.participations if p.actor in redirects]
    for part in dataset.participations:
        if part.actor not in redirects:
            for before in earlier.get(part.key, []):
                part = combined(part, before)
            parts[part.key] = part
    moving = [(p, p.evolve(actor=redirects[p.actor])) for p in moved]
    stored = fetch_existing(conn, Participation, [n.key for _, n in moving if n.key not in parts])
    for old, new in moving:
        base = parts.get(new.key) or stored.get(new.key)
        parts[new.key] = new if base is None else combined(base, new)  # type: ignore[arg-type]
        if id(old) in dataset.where:
            out.where.setdefault(id(parts[new.key]), dataset.where[id(old)])
    for part in dataset.participations:
        if part.actor not in redirects and id(part) in dataset.where:
            out.where[id(parts[part.key])] = dataset.where[id(part)]
    out.participations = list(parts.values())
    return out


#: The id columns of row tables that name actors.
ACTOR_COLUMNS = {Actor: ("id",), Tie: ("source_id", "target_id"), Participation: ("actor_id",)}


class RedirectingSession(BulkSession):
    """A :class:`~bioregion.store.bulk.BulkSession` that honours applied merges.

    Before writing, the rows that mention a merged actor, or an actor others were merged
    into, are taken out of the row tables, redirected as :meth:`Store.write
    <bioregion.store.Store.write>` redirects records (:func:`redirect_dataset`), checked
    against the rules again (a moved tie against the kept actor's founding date) and put
    back; the tables are then written column by column as before. Both import paths
    leave the same store.
    """

    def __init__(
        self,
        conn: Connection,
        progress: Any = None,
        *,
        foreign_keys_deferred: bool = False,
        redirects: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(conn, progress, foreign_keys_deferred=foreign_keys_deferred)
        self.redirects = dict(redirects or {})

    def write(
        self, tables: dict[type[Record], RowTable], *, label: str, files: list[dict]
    ) -> BatchReport:
        if self.redirects:
            self._redirect(tables)
        return super().write(tables, label=label, files=files)

    def remember_repeat(
        self, batch: BatchReport, print_: str, given_sources: int, warnings: Sequence[str]
    ) -> None:
        """As :meth:`BulkSession.remember_repeat`, but not in a store with merged actors,
        where a repeat's counts depend on the redirections (it then takes the full path)."""
        if not self.redirects:
            super().remember_repeat(batch, print_, given_sources, warnings)

    def _redirect(self, tables: dict[type[Record], RowTable]) -> None:
        """Redirect the rows that need it, in place; :class:`ImportRejectedError` when
        one of them breaks a rule once redirected (nothing is written then)."""
        ids = set(self.redirects) | set(self.redirects.values())
        touched = Dataset()
        for rtype, names in ACTOR_COLUMNS.items():
            table = tables.get(rtype)
            if table is None or all(ids.isdisjoint(table.columns[n]) for n in names):
                continue
            columns = [table.columns[n] for n in names]
            picked = [i for i in range(len(table)) if any(c[i] in ids for c in columns)]
            for i in picked:
                record = table.record(i)
                touched.add(record, f"{rtype.kind_name} {'|'.join(map(str, record.key))}")
            gone = set(picked)
            table.keep([i for i in range(len(table)) if i not in gone])
        if not len(touched):
            return
        redirected = redirect_dataset(self.conn, touched, self.redirects)
        problems = redirected.problems(**self._known(tables))
        if problems:
            raise ImportRejectedError(
                problems, summary=f"{len(problems)} problem(s) found; nothing was imported"
            )
        for rtype in ACTOR_COLUMNS:
            if redirected.records(rtype):
                tables[rtype].extend(RowTable.from_records(rtype, redirected.records(rtype)))

    def _known(self, tables: dict[type[Record], RowTable]) -> dict[str, dict[str, Any]]:
        """What references may point to: the store's records and those of the tables."""
        known = known_records(self.conn)
        if Actor in tables:
            cols = tables[Actor].columns
            for aid, day, precision in zip(
                cols["id"], cols["founded_date"], cols["founded_precision"], strict=True
            ):
                founded = (
                    PartialDate.from_parts(dt.date.fromisoformat(day), precision) if day else None
                )
                known["known_actors"][aid] = _Founded(founded)
        for rtype, name in ((Event, "known_events"), (Source, "known_sources")):
            if rtype in tables:
                known[name].update(dict.fromkeys(tables[rtype].columns["id"]))
        return known
