"""The records of the data model: Source, Actor, Tie, Event and Participation.

Records are immutable values. Their fields are the columns of the import/export
templates (see ``docs/templates.md``); :mod:`bioregion.model.rules` says what makes
them valid. Provenance: every record lists the ids of the :class:`Source` records
that say so; the store also remembers the import batch that wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cache
from typing import Any, ClassVar, get_type_hints

from bioregion.model.dates import PartialDate

AMOUNT_FIELDS = ("upfront", "equity", "research_funding", "milestones", "total")
#: Free-text fields: the only ones that may hold line breaks and tabs. Every other
#: text (names, ids, kinds, tags, cities, titles, ...) is one line of printable text.
FREE_TEXT_FIELDS = frozenset({"description", "notes"})


@dataclass(frozen=True, slots=True)
class Record:
    """Common behaviour of every record type."""

    kind_name: ClassVar[str] = "record"
    #: Field names that make up the natural key (what an upsert matches on).
    key_fields: ClassVar[tuple[str, ...]] = ("id",)

    @property
    def key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.key_fields)

    def to_dict(self) -> dict[str, Any]:
        """Plain values (dates as ISO text, tuples as lists) for JSON and the API."""
        out: dict[str, Any] = {}
        for f in fields(self):
            name, value = f.name, getattr(self, f.name)
            if isinstance(value, PartialDate):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[name] = value
        return out

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def evolve(self, **changes: Any) -> Record:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Source(Record):
    """A public document that states facts: a press release, a filing, a registry page."""

    kind_name: ClassVar[str] = "source"

    id: str
    url: str
    title: str = ""
    publisher: str = ""
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    licence: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Actor(Record):
    """An organisation: a firm, university, institute, agency, fund, cluster body.

    ``country``, ``nuts``, ``city``, ``lat`` and ``lon`` say where the actor is (its
    seat, for maps). ``systems`` says which regional innovation systems it belongs to
    by jurisdiction or mandate: named regions (``flanders``) or NUTS codes. When given,
    it alone decides membership; when empty, membership follows the location (see
    :func:`bioregion.regions.member_of`). A Flemish agency seated in Brussels has
    ``nuts="BE100"`` and ``systems=("flanders",)``.
    """

    kind_name: ClassVar[str] = "actor"

    id: str
    name: str
    kind: str
    tags: tuple[str, ...] = ()
    founded: PartialDate | None = None
    ended: PartialDate | None = None
    end_reason: str = ""
    country: str = ""
    nuts: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    systems: tuple[str, ...] = ()
    identifiers: dict[str, str] = field(default_factory=dict)
    description: str = ""
    sources: tuple[str, ...] = ()

    def __hash__(self) -> int:  # identifiers is a dict; the id is the identity
        return hash(("actor", self.id))


@dataclass(frozen=True, slots=True)
class Tie(Record):
    """A dated relation between two actors: an alliance, licence, deal, spin-off, grant.

    ``start`` is the date the tie was announced (the date the network uses);
    ``signed`` is the signing date where the sources give one that differs, ``closed``
    the closing or completion date (of an acquisition, a financing), ``end`` when the
    tie ended.

    Direction follows :data:`bioregion.model.vocab.TIE_DIRECTION` (licensor ->
    licensee, acquirer -> target, funder -> recipient, parent -> spin-off).
    Amounts are in units of ``currency`` (not thousands or millions).
    """

    kind_name: ClassVar[str] = "tie"

    id: str
    kind: str
    source: str
    target: str
    start: PartialDate
    end: PartialDate | None = None
    signed: PartialDate | None = None
    closed: PartialDate | None = None
    status: str = ""
    stage: str = ""
    therapeutic_area: str = ""
    technology: str = ""
    upfront: float | None = None
    equity: float | None = None
    research_funding: float | None = None
    milestones: float | None = None
    total: float | None = None
    currency: str = ""
    royalties: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    confidence: str = "high"
    sources: tuple[str, ...] = ()

    @property
    def terms(self) -> dict[str, float | str | None]:
        """The announced deal terms that are known."""
        terms: dict[str, float | str | None] = {
            name: getattr(self, name) for name in AMOUNT_FIELDS if getattr(self, name) is not None
        }
        if self.royalties:
            terms["royalties"] = self.royalties
        if terms:
            terms["currency"] = self.currency
        return terms


@dataclass(frozen=True, slots=True)
class Event(Record):
    """A multi-party event: an EU project, a clinical trial, a financing round."""

    kind_name: ClassVar[str] = "event"

    id: str
    kind: str
    name: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    amount: float | None = None
    currency: str = ""
    identifiers: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(("event", self.id))


@dataclass(frozen=True, slots=True)
class Participation(Record):
    """One actor's part in an event, with its role and contribution."""

    kind_name: ClassVar[str] = "participation"
    key_fields: ClassVar[tuple[str, ...]] = ("event", "actor", "role")

    event: str
    actor: str
    role: str = "participant"
    contribution: float | None = None
    currency: str = ""
    sources: tuple[str, ...] = ()


#: The record types in the order an import writes them (referenced before referrer).
RECORD_TYPES: tuple[type[Record], ...] = (Source, Actor, Event, Tie, Participation)
RECORD_TYPE_BY_NAME: dict[str, type[Record]] = {t.kind_name: t for t in RECORD_TYPES}


@cache
def field_kinds(record_type: type[Record]) -> dict[str, str]:
    """Each field's value kind: ``text``, ``float``, ``date``, ``list`` or ``dict``.

    The store, the importers and the exporters convert values by these kinds.
    """
    hints = get_type_hints(record_type)
    kinds: dict[str, str] = {}
    for f in fields(record_type):
        hint = str(hints[f.name])
        if "PartialDate" in hint:
            kinds[f.name] = "date"
        elif "float" in hint:
            kinds[f.name] = "float"
        elif hint.startswith("tuple"):
            kinds[f.name] = "list"
        elif hint.startswith("dict"):
            kinds[f.name] = "dict"
        else:
            kinds[f.name] = "text"
    return kinds
