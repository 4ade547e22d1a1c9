"""The import/export templates: which columns each file type has and what they mean.

A template's columns are the fields of its record type, in the same order, so an
export is a valid import. ``docs/templates.md`` is written from these definitions
(a test checks that the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass

from bioregion.model.records import (
    RECORD_TYPE_BY_NAME,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
    field_kinds,
)
from bioregion.model.vocab import ActorKind, EventKind, Role, Stage, TieKind, TieStatus

LIST_SEPARATOR = ";"

#: What ``docs/templates.md`` says about an actor's location and its membership of
#: regional innovation systems (the rule is :func:`bioregion.regions.member_of`).
MEMBERSHIP_RULE = (
    "`country`, `nuts`, `city`, `lat` and `lon` say where an actor is: its seat, used for "
    "maps. `systems` says which regional innovation systems it belongs to by jurisdiction "
    "or mandate, when that differs from its location. When `systems` is given it alone "
    "decides membership: the actor is a member of a region's system when one of its "
    "entries names that region or a part of it (`flanders`, or a NUTS code inside it). "
    "When `systems` is empty, membership follows the location: the actor is a member of "
    "the system of the region its `nuts` code lies in. Example: a Flemish agency seated in "
    "Brussels (the Flemish Community's institutions sit in Brussels) has `nuts` `BE100` "
    "and `systems` `flanders`: it is drawn in Brussels and counted in Flanders' system, "
    "not in Brussels'. An actor may belong to several systems (a Flemish university in "
    "Brussels: `flanders;brussels`). A federal body may give `belgium`: it is then a member "
    "of Belgium's system, not of any one region's. Regional indicators count members by "
    "default."
)
#: What ``docs/templates.md`` says about the dates of a tie.
TIE_DATES_RULE = (
    "A tie's `start` is the date it was announced (a press release, a filing): the network "
    "and every indicator use it. Where the sources give them, `signed` is the signing date "
    "(when it differs) and `closed` the closing or completion date (an acquisition that "
    "closes months after its announcement); `end` is when the tie ended. Dates of an "
    "initial public offering or a later listing go to an event of kind `listing` (its "
    "`start` is when the offering was announced or priced, `amount` and `currency` the "
    "money raised, the identifier `mic` the exchange, the firm a participant with role "
    "`issuer`); a listing joins no actors, so it is not projected to ties."
)

#: What ``docs/templates.md`` says about characters in text cells (the rules are in
#: :mod:`bioregion.model.rules`).
TEXT_RULE = (
    "Text may not hold control characters (NUL, BEL, ESC, DEL, U+0080-U+009F, ...); "
    "tabs and line breaks are allowed in `description` and `notes` only, every other "
    "text is one line."
)
#: What ``docs/templates.md`` says about formulas in CSV files (the rule is
#: :func:`bioregion.io.cells.escape_formula`).
CSV_FORMULA_RULE = (
    "So that a spreadsheet does not run a text as a formula, the CSV export writes a "
    "text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return with an "
    "apostrophe `'` before it (a text that already starts with `'` followed by one of "
    "these or by another `'` gets one more `'`), and the CSV import removes that one "
    "apostrophe: `=1+1` is written `'=1+1`, `'s-Hertogenbosch` stays as it is. Numbers "
    "and dates are never changed."
)


@dataclass(frozen=True)
class Template:
    """The columns of one file type."""

    name: str  # "actors", "ties", ...
    record_type: type[Record]
    required: tuple[str, ...]
    help: dict[str, str]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(field_kinds(self.record_type))

    @property
    def kinds(self) -> dict[str, str]:
        return field_kinds(self.record_type)


def _one_of(vocab: type) -> str:
    return "one of " + ", ".join(f"`{v.value}`" for v in vocab)  # type: ignore[attr-defined]


_DATE = "date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (only what is known)"
_LIST = "list, items separated by `;`"
_SOURCES = "sources: source ids or http(s) URLs, separated by `;`"
_AMOUNT = "amount (number, in units of `currency`, not thousands or millions; `.` as decimal point)"

TEMPLATES: dict[str, Template] = {
    "sources": Template(
        "sources",
        Source,
        ("id", "url"),
        {
            "id": "unique id (slug) other files cite",
            "url": "the http(s) address of the document",
            "title": "title of the document",
            "publisher": "who published it (company, agency, newspaper)",
            "published": f"publication {_DATE}",
            "accessed": f"when it was read, {_DATE}",
            "licence": "licence or terms of the document, if known",
            "notes": "free text",
        },
    ),
    "actors": Template(
        "actors",
        Actor,
        ("id", "name", "kind"),
        {
            "id": "unique id (slug), e.g. `galapagos`",
            "name": "name of the organisation",
            "kind": _one_of(ActorKind),
            "tags": f"{_LIST}, e.g. `red_biotech;listed`",
            "founded": f"founding {_DATE}",
            "ended": f"{_DATE} the actor ended (acquired, merged, closed)",
            "end_reason": "`acquired`, `merged`, `closed`, `bankrupt` or `other`; needs `ended`",
            "country": "ISO 3166-1 alpha-2 country code, e.g. `BE`",
            "nuts": "NUTS 2021 code of the location, e.g. `BE242` (must lie in `country`)",
            "city": "city or municipality",
            "lat": "latitude in degrees (WGS 84); goes with `lon`",
            "lon": "longitude in degrees (WGS 84); goes with `lat`",
            "systems": (
                "the regional innovation systems the actor belongs to by jurisdiction or "
                "mandate, separated by `;`: named regions (`flanders`, `wallonia`, "
                "`brussels`, `belgium`) or NUTS 2021 codes, e.g. `flanders`; leave empty when "
                "membership follows the location (`nuts`). See *Membership and location* below"
            ),
            "identifiers": (
                "`scheme:value` pairs separated by `;`, e.g. `ror:05f950310;wikidata:Q1234`"
            ),
            "description": "free text",
            "sources": _SOURCES,
        },
    ),
    "events": Template(
        "events",
        Event,
        ("id", "kind", "name"),
        {
            "id": "unique id (slug), e.g. `h2020-633964`",
            "kind": _one_of(EventKind),
            "name": "name or acronym of the project, trial or round",
            "start": (
                f"start {_DATE}; of a `listing`, the date the offering was announced or priced"
            ),
            "end": f"end {_DATE}",
            "amount": f"total budget, round size or money raised by a listing, {_AMOUNT}",
            "currency": "ISO 4217 code, e.g. `EUR`; required with `amount`",
            "identifiers": (
                "`scheme:value` pairs, e.g. `cordis:633964` or `nct:NCT01234567`; a `listing` "
                "gives its exchange as `mic:` + the ISO 10383 market identifier code (4 capital "
                "letters or digits), e.g. `mic:XBRU` (Euronext Brussels), `mic:XNAS` (Nasdaq)"
            ),
            "tags": _LIST,
            "description": "free text",
            "sources": _SOURCES,
        },
    ),
    "ties": Template(
        "ties",
        Tie,
        ("kind", "source", "target", "start"),
        {
            "id": (
                "unique id (slug); when left empty one is made from kind, source, target and start"
            ),
            "kind": _one_of(TieKind),
            "source": (
                "actor id; for directed kinds the licensor, acquirer, investor, funder, parent"
            ),
            "target": "actor id; the licensee, target, investee, recipient, new firm",
            "start": (
                f"announcement {_DATE} (the date the network uses; the signing date when "
                "nothing was announced)"
            ),
            "end": f"end or termination {_DATE}",
            "signed": f"signing {_DATE}, where the sources give one that differs from `start`",
            "closed": (
                f"closing or completion {_DATE} (of an acquisition, a financing), not before "
                "`start` nor before `signed`"
            ),
            "status": _one_of(TieStatus),
            "stage": f"stage of the asset at signing, {_one_of(Stage)}",
            "therapeutic_area": "e.g. `inflammation`, `oncology`",
            "technology": "e.g. `small molecule`, `nanobody`, `cell therapy`",
            "upfront": f"upfront payment, {_AMOUNT}",
            "equity": f"equity investment, {_AMOUNT}",
            "research_funding": f"research funding, {_AMOUNT}",
            "milestones": f"potential milestones, {_AMOUNT}",
            "total": f"total announced deal value, {_AMOUNT}",
            "currency": "ISO 4217 code of the amounts, e.g. `EUR`, `USD`, `BEF`",
            "royalties": "royalty terms as announced, e.g. `tiered, up to low double digits`",
            "description": "free text",
            "tags": _LIST,
            "flags": "`before_founding` (may predate an actor's founding), `estimated_date`, "
            "`estimated_terms`",
            "confidence": "`high` (default), `medium` or `low`",
            "sources": _SOURCES,
        },
    ),
    "participations": Template(
        "participations",
        Participation,
        ("event", "actor"),
        {
            "event": "event id",
            "actor": "actor id",
            "role": (
                f"{_one_of(Role)}; default `participant`; the listed firm of a `listing` is the "
                "`issuer`"
            ),
            "contribution": f"the actor's share, {_AMOUNT}",
            "currency": "ISO 4217 code; required with `contribution`",
            "sources": _SOURCES,
        },
    ),
}

#: Template name of each record type name ("actor" -> "actors").
TEMPLATE_OF_RECORD = {t.record_type.kind_name: name for name, t in TEMPLATES.items()}
assert set(TEMPLATE_OF_RECORD) == set(RECORD_TYPE_BY_NAME)
#: Template names in the order an import writes them.
IMPORT_ORDER = ("sources", "actors", "events", "ties", "participations")


def template(name: str) -> Template:
    """The template for a file type name (plural or singular, any case)."""
    key = name.strip().lower()
    key = key if key in TEMPLATES else key + "s"
    if key not in TEMPLATES:
        from bioregion.errors import BioregionError

        raise BioregionError(f"unknown file type {name!r}; use one of: {', '.join(IMPORT_ORDER)}")
    return TEMPLATES[key]
