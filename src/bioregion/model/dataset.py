"""A :class:`Dataset`: records of every type that travel together (one import)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from bioregion.errors import Problem
from bioregion.model import rules
from bioregion.model.records import (
    RECORD_TYPES,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
)

PROGRESS_EVERY = 5000  # records between two progress reports while checking


def url_source_id(url: str) -> str:
    """The id given to a source that a record cites by URL only."""
    return "url-" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:12]


def cited_by_id(
    cited: Sequence[str], known: Mapping[str, str], extra: dict[str, Source]
) -> tuple[str, ...]:
    """Cited sources with each URL replaced by a source id, each id once.

    A URL in ``known`` (URL -> source id) gets that id; another gets its
    :func:`url_source_id`, and a :class:`Source` for it is added to ``extra`` (by id)
    unless one is there already.
    """
    out: list[str] = []
    for item in cited:
        if rules.URL_PATTERN.match(item):
            sid = known.get(item) or url_source_id(item)
            if item not in known and sid not in extra:
                extra[sid] = Source(id=sid, url=item)
            item = sid
        if item not in out:
            out.append(item)
    return tuple(out)


def located(
    nuts: Sequence[str],
    countries: Sequence[str],
    lats: Sequence[float | None],
    lons: Sequence[float | None],
) -> dict[int, tuple[str, str]]:
    """The NUTS code and country of the actors (given column by column) whose empty
    ``nuts`` is filled from their point, by index.

    Uses :func:`bioregion.regions.locate_nuts3_many`; a point outside every NUTS region,
    or in another country than the actor's, fills nothing (the rules report the latter).
    """
    todo = [
        i
        for i, (code, lat, lon) in enumerate(zip(nuts, lats, lons, strict=True))
        if not code
        and lat is not None
        and lon is not None
        and -90 <= lat <= 90
        and -180 <= lon <= 180
    ]
    if not todo:
        return {}
    from bioregion.regions import locate_nuts3_many, nuts_country_to_iso

    codes = locate_nuts3_many([lats[i] for i in todo], [lons[i] for i in todo])
    out = {}
    for i, code in zip(todo, codes, strict=True):
        if code is None:
            continue
        iso = nuts_country_to_iso(code[:2])
        if countries[i] and countries[i] != iso:
            continue
        out[i] = (code, countries[i] or iso)
    return out


@dataclass
class Dataset:
    """Lists of sources, actors, events, ties and participations.

    Records keep the order they were given in; ``where`` maps a record (by object
    identity) to the (file, row) it was read from, so that problems can say where.
    """

    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    where: dict[int, tuple[str, int | None]] = field(default_factory=dict)

    _ATTR: ClassVar[dict[type, str]] = {
        Source: "sources",
        Actor: "actors",
        Event: "events",
        Tie: "ties",
        Participation: "participations",
    }

    def records(self, record_type: type[Record]) -> list:
        return getattr(self, self._ATTR[record_type])

    def add(self, record: Record, file: str = "", row: int | None = None) -> None:
        self.records(type(record)).append(record)
        if file or row is not None:
            self.where[id(record)] = (file, row)

    def __iter__(self) -> Iterator[Record]:
        for record_type in RECORD_TYPES:
            yield from self.records(record_type)

    def __len__(self) -> int:
        return sum(len(self.records(t)) for t in RECORD_TYPES)

    def counts(self) -> dict[str, int]:
        return {t.kind_name: len(self.records(t)) for t in RECORD_TYPES}

    def locate(self, record: Record, problem: Problem) -> Problem:
        file, row = self.where.get(id(record), ("", None))
        return replace(problem, file=problem.file or file, row=problem.row or row)

    def cited_urls(self) -> set[str]:
        """The URLs records cite directly (instead of a source id)."""
        return {
            item
            for record_type in RECORD_TYPES[1:]
            for record in self.records(record_type)
            for item in record.sources  # type: ignore[attr-defined]
            if rules.URL_PATTERN.match(item)
        }

    def cite_urls(self, stored: Mapping[str, str] | None = None) -> Dataset:
        """Turn sources cited by URL into :class:`Source` records cited by id.

        ``stored`` maps URLs to the ids of sources already in the store, which are
        cited by that id; other URLs get a :func:`url_source_id` source.
        """
        known = {**(stored or {}), **{s.url: s.id for s in self.sources}}
        extra: dict[str, Source] = {}
        result = Dataset(sources=list(self.sources))
        result.where = {id(s): self.where[id(s)] for s in self.sources if id(s) in self.where}
        for record_type in RECORD_TYPES[1:]:
            for record in self.records(record_type):
                cited = cited_by_id(record.sources, known, extra)  # type: ignore[attr-defined]
                new = record if cited == record.sources else replace(record, sources=cited)
                result.records(record_type).append(new)
                if id(record) in self.where:
                    result.where[id(new)] = self.where[id(record)]
        result.sources.extend(extra.values())
        return result

    def locate_actors(self) -> Dataset:
        """Fill an actor's empty ``nuts`` (and ``country``) from its lat/lon.

        Uses :func:`bioregion.regions.locate_nuts3_many`; actors outside every NUTS
        region keep an empty code. The same input always gives the same codes, so
        re-importing a file stays idempotent.
        """
        found = located(
            [a.nuts for a in self.actors],
            [a.country for a in self.actors],
            [a.lat for a in self.actors],
            [a.lon for a in self.actors],
        )
        for i, (code, country) in found.items():
            old = self.actors[i]
            new = replace(old, nuts=code, country=country)
            self.actors[i] = new
            if id(old) in self.where:
                self.where[id(new)] = self.where.pop(id(old))
        return self

    def duplicate_problems(self) -> list[Problem]:
        """Records given twice with the same key but different content.

        Exact repeats are harmless (the store keeps one); conflicting ones are not.
        """
        out: list[Problem] = []
        for record_type in RECORD_TYPES:
            seen: dict[tuple, Record] = {}
            for record in self.records(record_type):
                first = seen.setdefault(record.key, record)
                if first is not record and first != record:
                    file, row = self.where.get(id(record), ("", None))
                    first_file, first_row = self.where.get(id(first), ("", None))
                    other = (
                        f"row {first_row}"
                        if first_file == file
                        else f"{first_file} row {first_row}"
                    )
                    fields = [
                        n for n in record.field_names() if getattr(first, n) != getattr(record, n)
                    ]
                    out.append(
                        Problem(
                            file=file,
                            row=row,
                            column=record.key_fields[0],
                            value="|".join(map(str, record.key)),
                            rule=f"duplicate {record.kind_name} key with other content than "
                            f"{other} (differs in {', '.join(fields)})",
                        )
                    )
        return out

    def problems(
        self,
        known_actors: Mapping[str, Actor | None] | None = None,
        known_events: Mapping[str, object] | None = None,
        known_sources: Mapping[str, object] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Problem]:
        """Every rule broken by a record or across records, with file and row.

        ``known_*`` hold what the store already has, so that references may point
        there as well as into this dataset. ``progress(done, total)``, if given, is
        called every few thousand records and once at the end.
        """
        out: list[Problem] = self.duplicate_problems()
        total = len(self)
        for done, record in enumerate(self, start=1):
            out += [self.locate(record, p) for p in rules.check_record(record)]
            if progress and done % PROGRESS_EVERY == 0:
                progress(done, total)
        actors: dict[str, Actor | None] = dict(known_actors or {})
        actors.update({a.id: a for a in self.actors})
        events = {**(known_events or {}), **{e.id: e for e in self.events}}
        sources = {**(known_sources or {}), **{s.id: s for s in self.sources}}
        for tie in self.ties:
            out += [self.locate(tie, p) for p in rules.check_tie_references(tie, actors)]
        for part in self.participations:
            found = rules.check_participation_references(part, actors, events)
            out += [self.locate(part, p) for p in found]
        for record in self:
            if not isinstance(record, Source):
                found = rules.check_source_references(record.sources, sources)  # type: ignore[attr-defined]
                out += [self.locate(record, p) for p in found]
        if progress:
            progress(total, total)
        return out
