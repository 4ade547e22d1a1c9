"""Hypothesis strategies for valid records and datasets (for round-trip properties).

Everything :func:`datasets` draws passes the rules of :mod:`bioregion.model.rules`,
so that ``Store.write`` accepts it. Text fields carry no leading or trailing
whitespace (cells are stripped on import) and may hold commas, quotes, ``;`` and
non-ASCII characters, and may start with what a spreadsheet takes for a formula
(``=``, ``+``, ``-``, ``@``) or with apostrophes (the CSV export protects the first
and must give both back). Only the free-text fields (``description``, ``notes``)
hold tabs and newlines; no text holds a control character (the rules refuse them).

Left out on purpose: carriage returns (XLSX stores line breaks as ``\n``; see
``test_xlsx_keeps_line_breaks_as_newlines``). Identifier values never hold ``;``,
which the rules refuse.
"""

from __future__ import annotations

import datetime as dt
import string
from functools import cache
from typing import Any

from hypothesis import strategies as st

from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate, Precision
from bioregion.model.records import AMOUNT_FIELDS, Actor, Event, Participation, Source, Tie
from bioregion.model.rules import KNOWN_FLAGS
from bioregion.model.vocab import (
    IDENTIFIER_PATTERNS,
    ActorKind,
    Confidence,
    EndReason,
    EventKind,
    Role,
    Stage,
    TieKind,
    TieStatus,
)

TODAY = dt.date.today()
EARLIEST = dt.date(1800, 1, 1)
LATEST_END = dt.date(min(TODAY.year + 10, 2100), 12, 31)
CURRENCIES = ("EUR", "USD", "BEF", "GBP", "CHF", "JPY", "DEM", "NLG")
COUNTRIES = ("BE", "NL", "FR", "DE", "US", "GB", "CH", "JP", "GR")
SPECIAL = ",\";:'\n\t &<>#%/\\é€ßøÅ中文ŁŻ\u2028\U0001f9ec"

#: Starts of a text that a spreadsheet runs as a formula, or that look like the
#: apostrophe the CSV export puts before those.
FORMULA_STARTS = ("=", "+", "-", "@", "'", "'=", "''", "'+1", "=HYPERLINK(", "-1", "'s-")

# -- scalars -----------------------------------------------------------------------
_line_characters = st.characters(exclude_categories=("Cs", "Cc", "Cn")) | st.sampled_from(
    SPECIAL.replace("\n", "").replace("\t", "")
)
_free_characters = _line_characters | st.sampled_from("\n\t")


def _texts(
    characters: st.SearchStrategy[str], min_size: int, max_size: int
) -> st.SearchStrategy[str]:
    plain = st.text(characters, min_size=min_size, max_size=max_size)
    started = st.tuples(st.sampled_from(FORMULA_STARTS), plain).map("".join)
    return st.one_of(plain, started).map(str.strip).filter(lambda t: len(t) >= min_size)


def texts(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    """One line of text as a cell gives it back: stripped, without tabs or newlines;
    it may start with ``=``, ``+``, ``-``, ``@`` or apostrophes."""
    return _texts(_line_characters, min_size, max_size)


def free_texts(max_size: int = 80) -> st.SearchStrategy[str]:
    """Free text (``description``, ``notes``): like :func:`texts`, with tabs and newlines."""
    return _texts(_free_characters, 0, max_size)


def names() -> st.SearchStrategy[str]:
    return texts(min_size=1)


def slugs() -> st.SearchStrategy[str]:
    """Ids as the rules allow them (``ID_PATTERN``)."""
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:+-]{0,24}", fullmatch=True)


def tags() -> st.SearchStrategy[tuple[str, ...]]:
    tag = texts(min_size=1, max_size=20).filter(lambda t: ";" not in t)
    return st.lists(tag, max_size=3, unique=True).map(tuple)


def amounts() -> st.SearchStrategy[float]:
    """Non-negative finite amounts: whole numbers, fractions, huge and tiny ones."""
    return st.one_of(
        st.integers(0, 10**13).map(float),
        st.floats(0, 1e13, allow_nan=False, allow_infinity=False),
        st.sampled_from([0.5, 1.25, 2.5e7, 1e15, 1e20, 123456789.123, 1e-3]),
    )


def dates_between(low: dt.date, high: dt.date) -> st.SearchStrategy[PartialDate]:
    """A year, month or day containing a day in ``[low, high]``.

    The period contains the drawn day, so its ``last_day`` is not before ``low``
    and its ``first_day`` not after ``high``: what the rules compare.
    """
    return st.builds(
        PartialDate.from_parts, st.dates(low, max(low, high)), st.sampled_from(list(Precision))
    )


def identifier_values(scheme: str) -> st.SearchStrategy[str]:
    return st.from_regex(IDENTIFIER_PATTERNS[scheme], fullmatch=True)


def identifiers(schemes: tuple[str, ...]) -> st.SearchStrategy[dict[str, str]]:
    """Identifiers of known schemes in valid form, plus other schemes given as is."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, str]:
        chosen = draw(st.lists(st.sampled_from(schemes), max_size=3, unique=True))
        out = {s: draw(identifier_values(s)) for s in chosen}
        if draw(st.booleans()):
            out["nct"] = draw(st.from_regex(r"NCT[0-9]{8}", fullmatch=True))
        if draw(st.booleans()):
            out["cordis"] = draw(st.from_regex(r"[0-9]{6,9}", fullmatch=True))
        return out

    return build()


@cache
def belgian_nuts3() -> tuple[str, ...]:
    from bioregion.regions import nuts_regions

    return tuple(r.code for r in nuts_regions(level=3, country="BE"))


def urls() -> st.SearchStrategy[str]:
    host = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\.(org|be|com|eu)", fullmatch=True)
    path = st.text(string.ascii_letters + string.digits + "/-_.~%;=&?é", max_size=20)
    return st.builds(
        lambda s, h, p: f"{s}://{h}/{p}", st.sampled_from(["http", "https"]), host, path
    )


def _maybe(strategy: st.SearchStrategy[Any], empty: Any = None) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(empty), strategy)


def _vocab(vocab: type, optional: bool = False) -> st.SearchStrategy[str]:
    values = st.sampled_from([v.value for v in vocab])  # type: ignore[attr-defined]
    return _maybe(values, "") if optional else values


# -- records -----------------------------------------------------------------------
def _cited(draw: st.DrawFn, source_ids: list[str]) -> tuple[str, ...]:
    return tuple(draw(st.lists(st.sampled_from(source_ids), max_size=2, unique=True)))


@st.composite
def sources(draw: st.DrawFn, source_id: str) -> Source:
    return Source(
        id=source_id,
        url=draw(urls()),
        title=draw(texts()),
        publisher=draw(texts()),
        published=draw(_maybe(dates_between(EARLIEST, TODAY))),
        accessed=draw(_maybe(dates_between(dt.date(1995, 1, 1), TODAY))),
        licence=draw(st.sampled_from(["", "CC BY 4.0", "© Galapagos NV"])),
        notes=draw(free_texts(max_size=60)),
    )


def systems() -> st.SearchStrategy[tuple[str, ...]]:
    """Regional innovation systems an actor belongs to: named-region keys, NUTS codes."""
    entry = st.sampled_from(("flanders", "wallonia", "brussels", "belgium", "BE2", "BE10", "NL"))
    return st.lists(entry | st.sampled_from(belgian_nuts3()), max_size=3, unique=True).map(tuple)


@st.composite
def actors(draw: st.DrawFn, actor_id: str, source_ids: list[str]) -> Actor:
    founded = draw(_maybe(dates_between(EARLIEST, TODAY)))
    ended = draw(_maybe(dates_between(founded.first_day if founded else EARLIEST, TODAY)))
    country = draw(st.sampled_from(("", *COUNTRIES)))
    nuts = draw(_maybe(st.sampled_from(belgian_nuts3()), "")) if country in ("", "BE") else ""
    lat = lon = None
    if country in ("", "BE") and draw(st.booleans()):
        # a point inside Belgium (away from its borders); an empty NUTS code is filled
        # in from it when the store writes the actor
        lat = draw(st.floats(50.6, 51.0, allow_nan=False))
        lon = draw(st.floats(4.0, 5.0, allow_nan=False))
    return Actor(
        id=actor_id,
        name=draw(names()),
        kind=draw(_vocab(ActorKind)),
        tags=draw(tags()),
        founded=founded,
        ended=ended,
        end_reason=draw(_vocab(EndReason, optional=True)) if ended else "",
        country=country,
        nuts=nuts,
        city=draw(texts(max_size=20)),
        lat=lat,
        lon=lon,
        systems=draw(systems()),
        identifiers=draw(identifiers(("ror", "wikidata", "pic", "vat", "lei", "openalex", "kbo"))),
        description=draw(free_texts(max_size=80)),
        sources=_cited(draw, source_ids),
    )


@st.composite
def ties(draw: st.DrawFn, tie_id: str, pair: tuple[Actor, Actor], source_ids: list[str]) -> Tie:
    source, target = pair
    founded = [a.founded.first_day for a in pair if a.founded is not None]
    start = draw(dates_between(max([dt.date(1900, 1, 1), *founded]), TODAY))
    end = draw(_maybe(dates_between(start.first_day, LATEST_END)))
    # signing may precede the announcement; closing follows both
    signed = draw(_maybe(dates_between(dt.date(1900, 1, 1), TODAY)))
    closed_from = min(TODAY, max(start.first_day, signed.last_day if signed else TODAY.min))
    closed = draw(_maybe(dates_between(closed_from, TODAY)))
    terms = {name: draw(_maybe(amounts())) for name in AMOUNT_FIELDS}
    has_amount = any(v is not None for v in terms.values())
    currency = (
        draw(st.sampled_from(CURRENCIES))
        if has_amount
        else draw(_maybe(st.sampled_from(CURRENCIES), ""))
    )
    return Tie(
        id=tie_id,
        kind=draw(_vocab(TieKind)),
        source=source.id,
        target=target.id,
        start=start,
        end=end,
        signed=signed,
        closed=closed,
        status=draw(_vocab(TieStatus, optional=True)),
        stage=draw(_vocab(Stage, optional=True)),
        therapeutic_area=draw(texts(max_size=15)),
        technology=draw(texts(max_size=15)),
        **terms,
        currency=currency,
        royalties=draw(texts(max_size=30)),
        description=draw(free_texts(max_size=80)),
        tags=draw(tags()),
        flags=tuple(draw(st.lists(st.sampled_from(sorted(KNOWN_FLAGS)), max_size=2, unique=True))),
        confidence=draw(_vocab(Confidence)),
        sources=_cited(draw, source_ids),
    )


@st.composite
def events(draw: st.DrawFn, event_id: str, source_ids: list[str]) -> Event:
    start = draw(_maybe(dates_between(dt.date(1980, 1, 1), TODAY)))
    end = draw(_maybe(dates_between(start.first_day if start else dt.date(1980, 1, 1), LATEST_END)))
    amount = draw(_maybe(amounts()))
    return Event(
        id=event_id,
        kind=draw(_vocab(EventKind)),
        name=draw(names()),
        start=start,
        end=end,
        amount=amount,
        currency=draw(st.sampled_from(CURRENCIES)) if amount is not None else "",
        identifiers=draw(identifiers(("pic", "mic"))),
        tags=draw(tags()),
        description=draw(free_texts(max_size=60)),
        sources=_cited(draw, source_ids),
    )


@st.composite
def participations(
    draw: st.DrawFn, event: Event, actor_ids: list[str], source_ids: list[str]
) -> list[Participation]:
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(actor_ids), _vocab(Role)), max_size=4, unique=True)
    )
    out = []
    for actor_id, role in pairs:
        contribution = draw(_maybe(amounts()))
        currency = draw(st.sampled_from(CURRENCIES)) if contribution is not None else ""
        out.append(
            Participation(
                event=event.id,
                actor=actor_id,
                role=role,
                contribution=contribution,
                currency=currency,
                sources=_cited(draw, source_ids),
            )
        )
    return out


@st.composite
def datasets(draw: st.DrawFn, max_actors: int = 15, max_ties: int = 25) -> Dataset:
    """A valid dataset: 1-4 sources, 1-15 actors, 0-25 ties, 0-3 events with participants.

    Records may also cite sources by URL (the store turns those into source records).
    """
    source_ids = draw(st.lists(slugs(), min_size=1, max_size=4, unique=True))
    data = Dataset(sources=[draw(sources(sid)) for sid in source_ids])
    cited = source_ids + draw(st.lists(urls(), max_size=1))
    actor_ids = draw(st.lists(slugs(), min_size=1, max_size=max_actors, unique=True))
    data.actors = [draw(actors(aid, cited)) for aid in actor_ids]
    if len(data.actors) >= 2:
        tie_ids = draw(st.lists(slugs(), max_size=max_ties, unique=True))
        for tie_id in tie_ids:
            pair = draw(
                st.lists(
                    st.sampled_from(data.actors), min_size=2, max_size=2, unique_by=lambda a: a.id
                )
            )
            data.ties.append(draw(ties(tie_id, (pair[0], pair[1]), cited)))
    event_ids = draw(st.lists(slugs(), max_size=3, unique=True))
    for event_id in event_ids:
        event = draw(events(event_id, cited))
        data.events.append(event)
        data.participations += draw(participations(event, actor_ids, cited))
    return data


# -- cell values by field kind -----------------------------------------------------------
def identifier_maps() -> st.SearchStrategy[dict[str, str]]:
    """Any ``scheme:value`` map a cell can carry (lowercase schemes, no ``;``)."""
    scheme = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
    value = texts(min_size=1, max_size=15).filter(lambda t: ";" not in t)
    return st.dictionaries(scheme, value, max_size=4)


CELL_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "text": texts(max_size=60) | free_texts(max_size=60),
    "float": _maybe(st.floats(allow_nan=False, allow_infinity=False)),
    "date": _maybe(dates_between(dt.date(1500, 1, 1), dt.date(2100, 12, 31))),
    "list": tags(),
    "dict": identifier_maps(),
}
