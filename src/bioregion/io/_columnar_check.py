"""The rules of :mod:`bioregion.model.rules`, a column at a time (the importer's fast path).

:func:`check_tables` looks at records in row form (:class:`~bioregion.store.bulk.RowTable`)
and answers one question: do they all pass every rule, so that the exact path would
accept them? It never reports problems itself: when the answer is no, the caller takes
the exact path, which finds and locates every problem.

How it stays exact: the checks of one record (:func:`~bioregion.model.rules.check_record`)
are mirrored by cheap column-wise tests that flag every row that *could* break a rule
(each distinct value of a column is judged once, with the rules' own patterns and
functions; dates and amounts are compared as arrays); a flagged row is then judged by
``check_record`` itself, on the record built from its row. So a row is accepted unflagged
only where the column tests show it passes, and flagged only at the cost of one exact
check. References (actors of ties and participations, events, cited sources, ties that
predate a founding) and duplicate keys are checked exactly, with sets.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from operator import eq
from typing import Any

import numpy as np

import bioregion.model.dataset as dataset_module
from bioregion.model.codes import is_currency
from bioregion.model.dates import PartialDate
from bioregion.model.records import (
    AMOUNT_FIELDS,
    FREE_TEXT_FIELDS,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
    field_kinds,
)
from bioregion.model.rules import (
    FLAG_BEFORE_FOUNDING,
    ID_PATTERN,
    KNOWN_FLAGS,
    NOT_IN_FREE_TEXT,
    NOT_IN_ONE_LINE,
    TAG_PATTERN,
    URL_PATTERN,
    check_identifiers,
    check_location,
    check_record,
    check_systems,
)
from bioregion.model.vocab import (
    ActorKind,
    Confidence,
    EndReason,
    EventKind,
    Role,
    Stage,
    TieKind,
    TieStatus,
)
from bioregion.store.bulk import Known, RowTable
from bioregion.store.schema import column_name

Progress = Callable[[str, int, int], None]
#: Many ids, one per line, each of the form of ``ID_PATTERN``.
_IDS = re.compile(f"(?:{ID_PATTERN.pattern[1:-1]}\\n)*")


def _values(vocab: type) -> frozenset[str]:
    return frozenset(v.value for v in vocab)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Spec:
    """Which column-wise tests mirror the checks of one record type (``check_<type>``).

    ``ids`` are checked as slugs, ``vocab`` against a vocabulary (``True``: required),
    ``amounts`` as non-negative with ``currency`` required beside them, ``future``
    dates not after today, ``order`` pairs ``(a, b)`` with ``b`` not ending before ``a``
    starts, ``lists`` (JSON lists) and ``dicts`` item by item.
    """

    ids: tuple[str, ...]
    vocab: dict[str, tuple[frozenset[str], bool]] = field(default_factory=dict)
    amounts: tuple[str, ...] = ()
    currency: bool = False
    future: tuple[str, ...] = ()
    order: tuple[tuple[str, str], ...] = ()
    lists: dict[str, Callable[[tuple], bool]] = field(default_factory=dict)
    dicts: tuple[str, ...] = ()


def _tags_ok(items: tuple) -> bool:
    return all(TAG_PATTERN.match(t) for t in items)


SPECS: dict[type[Record], Spec] = {
    Source: Spec(ids=("id",), future=("published",)),
    Actor: Spec(
        ids=("id",),
        vocab={"kind": (_values(ActorKind), True), "end_reason": (_values(EndReason), False)},
        future=("founded",),
        order=(("founded", "ended"),),
        lists={"tags": _tags_ok, "systems": lambda items: not check_systems(items)},
        dicts=("identifiers",),
    ),
    Tie: Spec(
        ids=("id", "source_id", "target_id"),
        vocab={
            "kind": (_values(TieKind), True),
            "status": (_values(TieStatus), False),
            "stage": (_values(Stage), False),
            "confidence": (_values(Confidence), True),
        },
        amounts=AMOUNT_FIELDS,
        currency=True,
        future=("start", "signed", "closed"),
        order=(("start", "end"), ("start", "closed"), ("signed", "closed")),
        lists={"tags": _tags_ok, "flags": lambda items: all(f in KNOWN_FLAGS for f in items)},
    ),
    Event: Spec(
        ids=("id",),
        vocab={"kind": (_values(EventKind), True)},
        amounts=("amount",),
        currency=True,
        future=("start",),
        order=(("start", "end"),),
        lists={"tags": _tags_ok},
        dicts=("identifiers",),
    ),
    Participation: Spec(
        ids=("event_id", "actor_id"),
        vocab={"role": (_values(Role), True)},
        amounts=("contribution",),
        currency=True,
    ),
}


class _Cache:
    """Verdicts on distinct values, kept across the blocks of a table: each value is
    judged once."""

    def __init__(self) -> None:
        self.seen: set[Any] = set()
        self.refused: set[Any] = set()

    def bad(self, values: Iterable[Any], ok: Callable[[Any], bool]) -> set[Any]:
        """The values that ``ok`` refuses."""
        distinct = set(values)
        for value in distinct.difference(self.seen):
            if not ok(value):
                self.refused.add(value)
        self.seen.update(distinct)
        return self.refused.intersection(distinct) if self.refused else set()


def _where(values: Sequence[Any], bad: set[Any]) -> list[int]:
    return [i for i, v in enumerate(values) if v in bad] if bad else []


def _bad_ids(values: Sequence[str], unique: bool = False) -> list[int]:
    """Rows whose value is not wholly a slug (which also holds no control character);
    ``unique`` values (a key) are looked at as they are, others once each."""
    distinct: Collection[str] = values if unique else set(values)
    joined = "\n".join(distinct) + "\n"
    if not distinct or (joined.count("\n") == len(distinct) and _IDS.fullmatch(joined)):
        return []  # one slug a line, and as many lines as values: no value holds a line break
    return _where(values, {v for v in distinct if not ID_PATTERN.fullmatch(v)})


def _bad_chars(values: Sequence[str], pattern: re.Pattern) -> list[int]:
    if not pattern.search("".join(values)):
        return []
    return [i for i, v in enumerate(values) if pattern.search(v)]


def _items_ok(items: Iterable[str]) -> bool:
    return all(isinstance(t, str) and not NOT_IN_ONE_LINE.search(t) for t in items)


def _list_ok(text: str, ok: Callable[[tuple], bool]) -> bool:
    """A list (JSON text) whose items hold no control character and pass ``ok``."""
    items = tuple(json.loads(text))
    return _items_ok(items) and ok(items)


def _dict_ok(text: str) -> bool:
    value = json.loads(text)
    return _items_ok([*value, *value.values()]) and not check_identifiers(value)


def _in_vocab(value: str, allowed: frozenset[str], required: bool) -> bool:
    return value in allowed or (not required and value == "")


def _currency_ok(value: str) -> bool:
    return value == "" or is_currency(value)


def _url_ok(value: str) -> bool:
    return bool(URL_PATTERN.match(value or ""))


def _place_ok(place: tuple[str, str]) -> bool:
    """A country and NUTS code that :func:`~bioregion.model.rules.check_location` accepts."""
    return _items_ok(place) and not check_location(place[0], place[1], None, None)


def _sources_ok(items: tuple[str, ...]) -> bool:
    return _items_ok(items) and all(ID_PATTERN.match(s) or URL_PATTERN.match(s) for s in items)


class TableCheck:
    """The column-wise tests of one table, block by block (see the module docstring)."""

    def __init__(self, table: RowTable) -> None:
        self.table = table
        self.spec = SPECS[table.rtype]
        self.caches: dict[str, _Cache] = {}
        self.today = dt.date.today().isoformat()
        self.dates = _DateOrdinals()

    def cache(self, name: str) -> _Cache:
        return self.caches.setdefault(name, _Cache())

    def flagged(self, lo: int, hi: int) -> set[int]:
        """The rows in ``[lo, hi)`` that may break a rule of their record."""
        cols = {c: v[lo:hi] for c, v in self.table.columns.items()}
        rows = self._text_flags(cols)
        rows.update(self._value_flags(cols))
        rows.update(self._date_flags(cols))
        rows.update(self._amount_flags(cols))
        rows.update(self._special_flags(cols))
        if self.table.rtype is not Source:
            sources = self.table.sources[lo:hi]
            rows.update(_where(sources, self.cache("sources").bad(sources, _sources_ok)))
        return {lo + i for i in rows}

    def _text_flags(self, cols: dict[str, list]) -> set[int]:
        """Ids that are no slugs, and characters a text may not hold (a column checked
        against a list of values, as slugs or as places holds none: it is not looked at)."""
        rows: set[int] = set()
        for name in self.spec.ids:
            rows.update(_bad_ids(cols[name], unique=name == "id"))
        covered = {*self.spec.ids, *self.spec.vocab, "currency", "country", "nuts"}
        for name, kind in _column_kinds(self.table.rtype).items():
            if kind == "text" and name not in covered:
                free = name in FREE_TEXT_FIELDS
                rows.update(_bad_chars(cols[name], NOT_IN_FREE_TEXT if free else NOT_IN_ONE_LINE))
        return rows

    def _value_flags(self, cols: dict[str, list]) -> set[int]:
        """Values out of a vocabulary, list items and identifiers that break a rule,
        unknown currencies."""
        rows: set[int] = set()
        checks: list[tuple[str, Callable[[Any], bool]]] = [
            (name, partial(_in_vocab, allowed=allowed, required=required))
            for name, (allowed, required) in self.spec.vocab.items()
        ]
        checks += [(name, partial(_list_ok, ok=ok)) for name, ok in self.spec.lists.items()]
        checks += [(name, _dict_ok) for name in self.spec.dicts]
        checks += [("currency", _currency_ok)] if self.spec.currency else []
        for name, ok in checks:
            rows.update(_where(cols[name], self.cache(name).bad(cols[name], ok)))
        return rows

    def _date_flags(self, cols: dict[str, list]) -> set[int]:
        rows: set[int] = set()
        for name in self.spec.future:
            firsts = cols[f"{name}_date"]
            late = {v for v in set(firsts) if v is not None and v > self.today}
            rows.update(_where(firsts, late))
        for first, second in self.spec.order:
            a, b = cols[f"{first}_date"], cols[f"{second}_date"]
            if a.count(None) == len(a) or b.count(None) == len(b):
                continue
            starts = self.dates.first(a)
            ends = self.dates.last(b, cols[f"{second}_precision"])
            rows.update(np.flatnonzero(ends < starts).tolist())  # nan compares false
        return rows

    def _amount_flags(self, cols: dict[str, list]) -> set[int]:
        """Negative amounts, and amounts without a currency."""
        rows: set[int] = set()
        no_currency: list[int] | None = None
        for name in self.spec.amounts:
            values = cols[name]
            if values.count(None) == len(values):
                continue
            rows.update(_where(values, {v for v in set(values) if v is not None and v < 0}))
            if no_currency is None:
                no_currency = [i for i, c in enumerate(cols["currency"]) if not c]
            rows.update(i for i in no_currency if values[i] is not None)
        return rows

    def _special_flags(self, cols: dict[str, list]) -> set[int]:
        rtype = self.table.rtype
        if rtype is Source:
            return set(_where(cols["url"], self.cache("url").bad(cols["url"], _url_ok)))
        if rtype is Tie:
            rows = set()
            same = list(map(eq, cols["source_id"], cols["target_id"]))
            if True in same:
                rows.update(i for i, v in enumerate(same) if v and cols["source_id"][i])
            if None in cols["start_date"]:
                rows.update(i for i, v in enumerate(cols["start_date"]) if v is None)
            return rows
        if rtype is Event:
            return set(_where(cols["name"], self.cache("name").bad(cols["name"], str.strip)))
        if rtype is Actor:
            return self._actor_flags(cols)
        return set()

    def _actor_flags(self, cols: dict[str, list]) -> set[int]:
        rows = set(_where(cols["name"], self.cache("name").bad(cols["name"], str.strip)))
        ends = zip(cols["end_reason"], cols["ended_date"], strict=True)
        rows.update(i for i, (reason, ended) in enumerate(ends) if reason and ended is None)
        places = list(zip(cols["country"], cols["nuts"], strict=True))
        rows.update(_where(places, self.cache("place").bad(places, _place_ok)))
        lat = np.array(cols["lat"], dtype=float)
        lon = np.array(cols["lon"], dtype=float)
        odd = (np.isnan(lat) != np.isnan(lon)) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
        rows.update(np.flatnonzero(odd).tolist())
        return rows


@cache
def _column_kinds(rtype: type[Record]) -> dict[str, str]:
    """Row-form column -> ``text``, ``float``, ``date``, ``list``, ``dict`` or ``precision``."""
    out = {}
    for name, kind in field_kinds(rtype).items():
        if name == "sources":
            continue
        column = column_name(rtype, name)
        if kind == "date":
            out[f"{column}_date"], out[f"{column}_precision"] = "date", "precision"
        else:
            out[column] = kind
    return out


class _DateOrdinals:
    """First and last days of dates in row form, as arrays of day numbers (NaN: none)."""

    def __init__(self) -> None:
        self.firsts: dict[Any, float] = {None: np.nan}
        self.lasts: dict[Any, float] = {(None, None): np.nan}

    def first(self, isos: Sequence[str | None]) -> np.ndarray:
        for iso in set(isos).difference(self.firsts):
            self.firsts[iso] = dt.date.fromisoformat(iso).toordinal()
        return np.fromiter(map(self.firsts.__getitem__, isos), float, len(isos))

    def last(self, isos: Sequence[str | None], precisions: Sequence[str | None]) -> np.ndarray:
        pairs = list(zip(isos, precisions, strict=True))
        for iso, precision in set(pairs).difference(self.lasts):
            day = PartialDate.from_parts(dt.date.fromisoformat(iso), precision).last_day
            self.lasts[(iso, precision)] = day.toordinal()
        return np.fromiter(map(self.lasts.__getitem__, pairs), float, len(pairs))


# -- across records ----------------------------------------------------------------------
def duplicates_differ(table: RowTable) -> bool:
    """Whether two records share a key but not their content (the exact path refuses
    that; exact repeats are harmless)."""
    keys = table.keys()
    if len(set(keys)) == len(keys):
        return False
    first: dict[Any, int] = {}
    rows = list(table.rows())
    for i, key in enumerate(keys):
        j = first.setdefault(key, i)
        if j != i and (rows[j] != rows[i] or table.sources[j] != table.sources[i]):
            return True
    return False


def references_fail(tables: dict[type[Record], RowTable], known: Known) -> str | None:
    """Why a reference points nowhere (or a tie predates its actor's founding), or None."""
    actors, events, sources = (tables[t] for t in (Actor, Event, Source))
    founded = dict(known.actors)
    founded.update(zip(actors.columns["id"], actors.columns["founded_date"], strict=True))
    event_ids = known.events | set(events.columns["id"])
    source_ids = known.sources | set(sources.columns["id"])
    ties, parts = tables[Tie], tables[Participation]
    actor_ids = set(founded)
    for column in ("source_id", "target_id"):
        if not actor_ids.issuperset(ties.columns[column]):
            return f"a tie's {column} is no known actor"
    if not actor_ids.issuperset(parts.columns["actor_id"]):
        return "a participation's actor is no known actor"
    if not event_ids.issuperset(parts.columns["event_id"]):
        return "a participation's event is no known event"
    for table in (actors, events, ties, parts):
        cited = {s for items in set(table.sources) for s in items}
        if any(s not in source_ids and not URL_PATTERN.match(s) for s in cited):
            return "a record cites an unknown source"
    if _predates_founding(ties, founded):
        return "a tie starts before one of its actors was founded"
    return None


def _predates_founding(ties: RowTable, founded: dict[str, str | None]) -> bool:
    """Whether a tie not flagged ``before_founding`` ends its start period before the
    founding date of its source or target begins."""
    born = {v for v in founded.values() if v is not None}
    starts = {v for v in ties.columns["start_date"] if v is not None}
    if not born or not starts or min(starts) >= max(born):
        return False  # every tie starts on or after the latest founding
    dates = _DateOrdinals()
    ends = dates.last(ties.columns["start_date"], ties.columns["start_precision"])
    allowed = {f: FLAG_BEFORE_FOUNDING in json.loads(f) for f in set(ties.columns["flags"])}
    free = np.fromiter(map(allowed.__getitem__, ties.columns["flags"]), bool, len(ties))
    for column in ("source_id", "target_id"):
        born = dates.first(list(map(founded.get, ties.columns[column])))
        if ((ends < born) & ~free).any():
            return True
    return False


def check_tables(
    tables: dict[type[Record], RowTable], known: Known, progress: Progress | None = None
) -> str | None:
    """``None`` when every record passes every rule of the exact path (with ``known``,
    what the store holds); else why not, in a few words (the exact path then says where).

    ``progress("checking records", done, total)`` is called every few thousand records.
    """
    total = sum(len(t) for t in tables.values())
    every = max(1, dataset_module.PROGRESS_EVERY)
    done = 0
    for rtype, table in tables.items():
        if duplicates_differ(table):
            return f"two {rtype.kind_name}s share a key but differ"
        checker = TableCheck(table)
        for lo in range(0, len(table), every):
            hi = min(lo + every, len(table))
            for i in sorted(checker.flagged(lo, hi)):
                if check_record(table.record(i)):
                    return f"a {rtype.kind_name} breaks a rule"
            done += hi - lo
            if progress:
                progress("checking records", done, total)
    reason = references_fail(tables, known)
    if progress:
        progress("checking records", total, total)
    return reason
