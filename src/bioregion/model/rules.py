"""The validation rules of the data model.

Each ``check_*`` function looks at one record and returns a list of
:class:`~bioregion.errors.Problem` (column, value, rule) — empty when the record is
valid. :func:`check_references` looks across records: a tie's actors exist, a tie
does not start before either of its actors was founded (unless flagged), and so on.
The importer adds file and row to each problem.

Text: no field may hold a C0 or C1 control character (NUL, BEL, ESC, DEL, U+0080 to
U+009F, ...), a lone surrogate or the noncharacters U+FFFE/U+FFFF: they are invisible,
and XML (GEXF, GraphML) and XLSX files cannot hold them. Tabs and line breaks (LF, CR)
are allowed in the free-text fields (:data:`~bioregion.model.records.FREE_TEXT_FIELDS`:
``description`` and ``notes``) only; every other text is one line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from bioregion.errors import Problem
from bioregion.model.codes import is_country, is_currency
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
from bioregion.model.vocab import (
    IDENTIFIER_FORMS,
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

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}$")
TAG_PATTERN = re.compile(r"^[^;\n]{1,80}$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
#: A tie flagged with this may start before one of its actors was founded
#: (e.g. a licence signed by the founders while the firm was being incorporated).
FLAG_BEFORE_FOUNDING = "before_founding"
KNOWN_FLAGS = frozenset({FLAG_BEFORE_FOUNDING, "estimated_date", "estimated_terms"})
_COMPILED_IDS = {k: re.compile(f"^{v}$") for k, v in IDENTIFIER_PATTERNS.items()}
_NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}
#: Characters no text may hold, and those a one-line text may not hold either.
NOT_IN_FREE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
NOT_IN_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: The abbreviations of the C0 (U+0000-U+001F) and C1 (U+0080-U+009F) control characters.
_C0_NAMES = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL"),
    *("BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI"),
    *("DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB"),
    *("CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"),
)
_C1_NAMES = (
    *("PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA"),
    *("HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3"),
    *("DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA"),
    *("SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC"),
)

Check = list[Problem]


def _p(column: str, value: object, rule: str) -> Problem:
    return Problem(column=column, value="" if value is None else str(value), rule=rule)


def _check_id(column: str, value: str) -> Check:
    if not value:
        return [_p(column, value, "is required")]
    if not ID_PATTERN.match(value):
        return [_p(column, value, "must be a slug of letters, digits and . _ : + - (at most 128)")]
    return []


@cache
def _allowed(vocab: type) -> frozenset[str]:
    return frozenset(v.value for v in vocab)  # type: ignore[attr-defined]


def _check_vocab(column: str, value: str, vocab: type, required: bool = False) -> Check:
    if not value:
        return [_p(column, value, "is required")] if required else []
    if value not in _allowed(vocab):
        listed = ", ".join(v.value for v in vocab)  # type: ignore[attr-defined]
        return [_p(column, value, f"unknown {column}; use one of: {listed}")]
    return []


def _check_not_future(column: str, date: PartialDate | None) -> Check:
    if date is not None and date.first_day > dt.date.today():
        return [_p(column, date, "lies in the future")]
    return []


def _check_order(first: str, a: PartialDate | None, second: str, b: PartialDate | None) -> Check:
    if a is not None and b is not None and b.last_day < a.first_day:
        return [_p(second, b, f"is before {first} ({a})")]
    return []


def _check_amount(column: str, value: float | None) -> Check:
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return [_p(column, value, "must be a number")]
    if math.isinf(value):
        return [_p(column, value, "must be finite")]
    if value < 0:
        return [_p(column, value, "must not be negative")]
    return []


def _check_currency(value: str, has_amount: bool) -> Check:
    if value and not is_currency(value):
        return [_p("currency", value, "is not an ISO 4217 currency code (e.g. EUR, USD, BEF)")]
    if has_amount and not value:
        return [_p("currency", value, "is required when an amount is given")]
    return []


def _check_sources(values: Iterable[str]) -> Check:
    out: Check = []
    for value in values:
        if not (ID_PATTERN.match(value) or URL_PATTERN.match(value)):
            out.append(_p("sources", value, "must be a source id or an http(s) URL"))
    return out


def _check_tags(column: str, values: Iterable[str]) -> Check:
    return [
        _p(column, v, "a tag must be 1-80 characters without ';'")
        for v in values
        if not TAG_PATTERN.match(v)
    ]


def character_name(char: str) -> str:
    """``U+001B (ESC)``: the code point of a character and its control-character name.

    >>> character_name("\\x00"), character_name("\\x7f"), character_name("\\x85")
    ('U+0000 (NUL)', 'U+007F (DEL)', 'U+0085 (NEL)')
    """
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES[code - 0x80]
    elif 0xD800 <= code <= 0xDFFF:
        name = "a lone surrogate"
    elif code in (0xFFFE, 0xFFFF):
        name = "a noncharacter"
    else:
        name = repr(char)
    return f"U+{code:04X} ({name})"


def _character_rule(text: str, free_text: bool) -> str:
    """The rule a text breaks by its characters, or ``""``."""
    found = (NOT_IN_FREE_TEXT if free_text else NOT_IN_ONE_LINE).search(text)
    if found is None:
        return ""
    char, at = found.group(), found.start() + 1
    if char in "\t\n\r":
        what = "a tab" if char == "\t" else "a line break"
        return (
            f"holds {what} {character_name(char)} at character {at}; only "
            f"{' and '.join(sorted(FREE_TEXT_FIELDS))} may hold tabs and line breaks: "
            "put this text on one line"
        )
    allowed = " (tabs and line breaks are allowed here)" if free_text else ""
    return (
        f"holds the control character {character_name(char)} at character {at}; delete it: "
        f"control characters are invisible and cannot be written to XML (GEXF, GraphML) "
        f"or XLSX files{allowed}"
    )


@cache
def _text_fields(record_type: type) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (name, kind, name in FREE_TEXT_FIELDS)
        for name, kind in field_kinds(record_type).items()
        if kind in ("text", "list", "dict")
    )


def _all_text(record: Record) -> tuple[str, str]:
    """The one-line texts and the free texts of a record, each run together."""
    one_line: list[str] = []
    free_text: list[str] = []
    for name, kind, free in _text_fields(type(record)):
        value = getattr(record, name)
        into = free_text if free else one_line
        if kind == "text":
            into.append(value)
        elif kind == "list":
            into.extend(value)
        elif value:
            into.extend(value)
            into.extend(value.values())
    return "".join(one_line), "".join(free_text)


def check_characters(record: Record) -> Check:
    """No control characters in any text of ``record``; tabs and line breaks only in
    free text (``description``, ``notes``). One problem per field at most."""
    try:  # one search over all texts first: most records have nothing to report
        one_line, free_text = _all_text(record)
        if not NOT_IN_ONE_LINE.search(one_line) and not NOT_IN_FREE_TEXT.search(free_text):
            return []
    except TypeError:  # a value that is not text: other rules say so
        pass
    out: Check = []
    for name, kind, free in _text_fields(type(record)):
        value = getattr(record, name)
        if kind == "text":
            texts = [value]
        elif kind == "list":
            texts = list(value)
        else:
            texts = [*value, *value.values()]
        for text in texts:
            rule = _character_rule(text, free) if isinstance(text, str) else ""
            if rule:
                out.append(_p(name, text, rule))
                break
    return out


def check_identifiers(identifiers: Mapping[str, str]) -> Check:
    """Each identifier's scheme is a lowercase word and its value fits the scheme."""
    out: Check = []
    for scheme, value in identifiers.items():
        if not re.match(r"^[a-z][a-z0-9_]{0,31}$", scheme):
            out.append(_p("identifiers", scheme, "scheme must be a lowercase word (e.g. ror)"))
        elif not value:
            out.append(_p("identifiers", scheme, "has no value"))
        elif ";" in value or value != value.strip():
            out.append(
                _p(
                    "identifiers",
                    f"{scheme}:{value}",
                    "an identifier may not contain ';' or begin or end with a space",
                )
            )
        elif scheme in _COMPILED_IDS and not _COMPILED_IDS[scheme].match(value):
            form = f": {IDENTIFIER_FORMS[scheme]}" if scheme in IDENTIFIER_FORMS else ""
            out.append(
                _p("identifiers", f"{scheme}:{value}", f"is not a valid {scheme} identifier{form}")
            )
    return out


def check_systems(systems: Iterable[str]) -> Check:
    """Each entry of an actor's ``systems`` is a named-region key or a NUTS 2021 code.

    A named region is written by its key (``flanders``, ``wallonia``, ``brussels``,
    ``belgium``); another name of it (``Vlaanderen``) is refused with the key to write.
    """
    from bioregion.errors import UnknownRegionError
    from bioregion.regions import is_nuts_code, named_region, named_regions

    keys = [r.key for r in named_regions()]
    out: Check = []
    for entry in systems:
        if not isinstance(entry, str):
            out.append(_p("systems", entry, "must be text"))
            continue
        if entry in keys or (is_nuts_code(entry) and entry == "".join(entry.split()).upper()):
            continue
        hint = ""
        try:
            region = named_region(entry)
        except (UnknownRegionError, ValueError):
            region = None
        if region is not None and region.key in keys:
            hint = f"write it as {region.key!r}; "
        elif region is not None:
            hint = f"write the NUTS code as {region.codes[0]!r}; "
        out.append(
            _p(
                "systems",
                entry,
                f"is not a named region or a NUTS 2021 code: {hint}use one of "
                f"{', '.join(keys)} or a NUTS code in capitals, e.g. BE2 (see: bioregion regions)",
            )
        )
    return out


def check_location(country: str, nuts: str, lat: float | None, lon: float | None) -> Check:
    """Country is ISO 3166-1 alpha-2, NUTS code exists and lies in that country."""
    from bioregion.regions import is_nuts_code

    out: Check = []
    if country and not is_country(country):
        out.append(_p("country", country, "is not an ISO 3166-1 alpha-2 code (e.g. BE)"))
    if nuts:
        if not is_nuts_code(nuts) or nuts != nuts.strip().upper():
            out.append(
                _p(
                    "nuts",
                    nuts,
                    "is not a NUTS 2021 code in capitals, e.g. BE242 (see: bioregion regions)",
                )
            )
        elif country and _NUTS_TO_ISO.get(nuts[:2], nuts[:2]) != country:
            out.append(_p("nuts", nuts, f"lies outside the actor's country {country}"))
    if (lat is None) != (lon is None):
        out.append(_p("lat" if lat is None else "lon", "", "lat and lon go together"))
    if lat is not None and not -90 <= lat <= 90:
        out.append(_p("lat", lat, "must be between -90 and 90"))
    if lon is not None and not -180 <= lon <= 180:
        out.append(_p("lon", lon, "must be between -180 and 180"))
    return out


def check_source(source: Source) -> Check:
    out = _check_id("id", source.id)
    if not URL_PATTERN.match(source.url or ""):
        out.append(_p("url", source.url, "must be an http(s) URL"))
    out += _check_not_future("published", source.published)
    return out


def check_actor(actor: Actor) -> Check:
    out = _check_id("id", actor.id)
    if not actor.name.strip():
        out.append(_p("name", actor.name, "is required"))
    out += _check_vocab("kind", actor.kind, ActorKind, required=True)
    out += _check_vocab("end_reason", actor.end_reason, EndReason)
    out += _check_not_future("founded", actor.founded)
    out += _check_order("founded", actor.founded, "ended", actor.ended)
    if actor.end_reason and actor.ended is None:
        out.append(_p("end_reason", actor.end_reason, "needs an ended date"))
    out += check_location(actor.country, actor.nuts, actor.lat, actor.lon)
    out += check_systems(actor.systems)
    out += check_identifiers(actor.identifiers)
    out += _check_tags("tags", actor.tags)
    return out + _check_sources(actor.sources)


def _check_deal_dates(tie: Tie) -> Check:
    """``signed`` and ``closed`` lie in the past; closing is not before the announcement
    (``start``) nor before the signing; the signing may precede the announcement."""
    out = _check_not_future("signed", tie.signed) + _check_not_future("closed", tie.closed)
    out += _check_order("start", tie.start, "closed", tie.closed)
    signed, closed = tie.signed, tie.closed
    if signed is not None and closed is not None and closed.last_day < signed.first_day:
        out.append(_p("signed", signed, f"is after closed ({closed}): a deal closes after signing"))
    return out


def check_tie(tie: Tie) -> Check:
    out = _check_id("id", tie.id)
    out += _check_vocab("kind", tie.kind, TieKind, required=True)
    out += _check_id("source", tie.source) + _check_id("target", tie.target)
    if tie.source and tie.source == tie.target:
        out.append(_p("target", tie.target, "a tie cannot join an actor to itself"))
    if tie.start is None:
        out.append(_p("start", "", "is required"))
    out += _check_not_future("start", tie.start)
    out += _check_order("start", tie.start, "end", tie.end)
    out += _check_deal_dates(tie)
    out += _check_vocab("status", tie.status, TieStatus)
    out += _check_vocab("stage", tie.stage, Stage)
    out += _check_vocab("confidence", tie.confidence, Confidence, required=True)
    for name in AMOUNT_FIELDS:
        out += _check_amount(name, getattr(tie, name))
    has_amount = any(getattr(tie, n) is not None for n in AMOUNT_FIELDS)
    out += _check_currency(tie.currency, has_amount)
    for flag in tie.flags:
        if flag not in KNOWN_FLAGS:
            out.append(
                _p("flags", flag, f"unknown flag; use one of: {', '.join(sorted(KNOWN_FLAGS))}")
            )
    out += _check_tags("tags", tie.tags)
    return out + _check_sources(tie.sources)


def check_event(event: Event) -> Check:
    out = _check_id("id", event.id)
    out += _check_vocab("kind", event.kind, EventKind, required=True)
    if not event.name.strip():
        out.append(_p("name", event.name, "is required"))
    out += _check_not_future("start", event.start)
    out += _check_order("start", event.start, "end", event.end)
    out += _check_amount("amount", event.amount)
    out += _check_currency(event.currency, event.amount is not None)
    out += check_identifiers(event.identifiers)
    out += _check_tags("tags", event.tags)
    return out + _check_sources(event.sources)


def check_participation(part: Participation) -> Check:
    out = _check_id("event", part.event) + _check_id("actor", part.actor)
    out += _check_vocab("role", part.role, Role, required=True)
    out += _check_amount("contribution", part.contribution)
    out += _check_currency(part.currency, part.contribution is not None)
    return out + _check_sources(part.sources)


CHECKS: dict[type, Callable[..., Check]] = {
    Source: check_source,
    Actor: check_actor,
    Tie: check_tie,
    Event: check_event,
    Participation: check_participation,
}


def check_record(record: object) -> Check:
    """Problems of one record of any type.

    A text with a control character or a misplaced line break gets that problem only,
    not also the problem of its form (e.g. "not a slug") that the character causes.
    """
    found = CHECKS[type(record)](record)
    characters = check_characters(record)  # type: ignore[arg-type]
    for bad in characters:
        found = [p for p in found if not (p.column == bad.column and bad.value in p.value)]
    return found + characters


def check_tie_references(tie: Tie, actors: Mapping[str, Actor | None]) -> Check:
    """The tie's actors exist and it does not start before either was founded.

    ``actors`` maps every known actor id to the actor (or ``None`` when only the id
    is known). A tie flagged ``before_founding`` may predate its actors.
    """
    out: Check = []
    for column in ("source", "target"):
        actor_id = getattr(tie, column)
        if actor_id not in actors:
            out.append(_p(column, actor_id, "unknown actor; add it to the actors file first"))
            continue
        actor = actors[actor_id]
        founded = actor.founded if actor else None
        if (
            founded is not None
            and tie.start is not None
            and tie.start.last_day < founded.first_day
            and FLAG_BEFORE_FOUNDING not in tie.flags
        ):
            out.append(
                _p(
                    "start",
                    tie.start,
                    f"is before {actor_id} was founded ({founded}); "
                    f"correct the date or add the flag {FLAG_BEFORE_FOUNDING!r}",
                )
            )
    return out


def check_participation_references(
    part: Participation, actors: Mapping[str, object], events: Mapping[str, object]
) -> Check:
    out: Check = []
    if part.event not in events:
        out.append(_p("event", part.event, "unknown event; add it to the events file first"))
    if part.actor not in actors:
        out.append(_p("actor", part.actor, "unknown actor; add it to the actors file first"))
    return out


def check_source_references(sources: Iterable[str], known: Mapping[str, object]) -> Check:
    """Every source id that is not a URL names a known source."""
    return [
        _p("sources", s, "unknown source id; add it to the sources file or give its URL")
        for s in sources
        if not URL_PATTERN.match(s) and s not in known
    ]
