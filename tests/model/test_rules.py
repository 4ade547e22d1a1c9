"""The validation rules: every rule with a record that breaks it and one that keeps it."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from bioregion.errors import Problem
from bioregion.model import rules
from bioregion.model.codes import HISTORIC_CURRENCIES, is_country, is_currency
from bioregion.model.dataset import Dataset, url_source_id
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation, Record, Source, Tie
from bioregion.model.vocab import IDENTIFIER_PATTERNS

NEXT_YEAR = dt.date.today().year + 1

SOURCE = Source(id="press-1", url="https://example.org/press/1", published=PartialDate(2010))
ACTOR = Actor(
    id="galapagos",
    name="Galapagos NV",
    kind="biotech_firm",
    tags=("red_biotech",),
    founded=PartialDate(1999),
    country="BE",
    nuts="BE212",
    city="Mechelen",
    lat=51.03,
    lon=4.48,
    identifiers={"ror": "05f950310", "wikidata": "Q1491543"},
    sources=("press-1",),
)
TIE = Tie(
    id="glpg-gild-2015",
    kind="licence",
    source="galapagos",
    target="gilead",
    start=PartialDate(2015, 12, 17),
    upfront=300_000_000.0,
    currency="USD",
    sources=("press-1",),
)
EVENT = Event(
    id="h2020-1",
    kind="eu_project",
    name="DOORS",
    start=PartialDate(2021, 10),
    end=PartialDate(2023, 9),
    amount=1_000_000.0,
    currency="EUR",
    identifiers={"cordis": "101036071"},
)
PART = Participation(
    event="h2020-1", actor="galapagos", role="coordinator", contribution=135_500.0, currency="EUR"
)
VALID: list[Record] = [SOURCE, ACTOR, TIE, EVENT, PART]


def problems(record: Record, **changes: Any) -> list[Problem]:
    return rules.check_record(record.evolve(**changes) if changes else record)


def broken(record: Record, column: str, **changes: Any) -> Problem:
    """The one problem a change makes, which must name ``column``."""
    found = problems(record, **changes)
    assert len(found) == 1, found
    assert found[0].column == column, found
    assert found[0].rule
    return found[0]


@pytest.mark.parametrize("record", VALID, ids=lambda r: r.kind_name)
def test_valid_records_pass(record: Record) -> None:
    assert rules.check_record(record) == []


def test_problem_text() -> None:
    problem = broken(ACTOR, "kind", kind="startup")
    assert problem.value == "startup"
    assert "unknown kind; use one of: biotech_firm" in problem.rule
    assert str(problem) == f"<input>, column 'kind' (value 'startup'): {problem.rule}"


# -- ids ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["galapagos", "a", "h2020-633964", "ror:05f950310", "x.y_z+1", "A" * 128]
)
def test_id_accepts_slugs(value: str) -> None:
    assert problems(ACTOR, id=value) == []


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("", "is required"),
        ("two words", "must be a slug"),
        ("-leading-dash", "must be a slug"),
        ("semi;colon", "must be a slug"),
        ("université", "must be a slug"),
        ("A" * 129, "at most 128"),
    ],
)
def test_id_rejects(value: str, rule: str) -> None:
    assert rule in broken(ACTOR, "id", id=value).rule


@pytest.mark.parametrize(
    ("record", "column"),
    [
        (SOURCE, "id"),
        (EVENT, "id"),
        (TIE, "id"),
        (TIE, "source"),
        (TIE, "target"),
        (PART, "event"),
        (PART, "actor"),
    ],
)
def test_every_id_field_is_checked(record: Record, column: str) -> None:
    assert broken(record, column, **{column: "bad id"}).value == "bad id"
    assert broken(record, column, **{column: ""}).rule == "is required"


# -- required text and vocabularies --------------------------------------------
def test_names_are_required() -> None:
    assert broken(ACTOR, "name", name="  ").rule == "is required"
    assert broken(EVENT, "name", name="").rule == "is required"


@pytest.mark.parametrize(
    ("record", "column", "good", "bad", "required"),
    [
        (ACTOR, "kind", "university", "startup", True),
        (ACTOR.evolve(ended=PartialDate(2020)), "end_reason", "merged", "sold", False),
        (TIE, "kind", "co_development", "partnership", True),
        (TIE, "status", "terminated", "ended", False),
        (TIE, "stage", "phase3", "phase4", False),
        (TIE, "confidence", "low", "certain", True),
        (EVENT, "kind", "clinical_trial", "trial", True),
        (PART, "role", "lead_investor", "leader", True),
    ],
)
def test_vocabularies(record: Record, column: str, good: str, bad: str, required: bool) -> None:
    assert problems(record, **{column: good}) == []
    problem = broken(record, column, **{column: bad})
    assert problem.rule.startswith(f"unknown {column}; use one of: ")
    assert good in problem.rule
    if required:
        assert broken(record, column, **{column: ""}).rule == "is required"
    else:
        assert problems(record, **{column: ""}) == []


def test_vocabularies_are_case_sensitive() -> None:
    assert broken(ACTOR, "kind", kind="Pharma").value == "Pharma"


# -- dates ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("record", "column"),
    [(SOURCE, "published"), (ACTOR, "founded"), (TIE, "start"), (EVENT, "start")],
)
def test_dates_not_in_future(record: Record, column: str) -> None:
    if record is EVENT:
        record = record.evolve(end=None)
    assert broken(record, column, **{column: PartialDate(NEXT_YEAR)}).rule == "lies in the future"
    this_year = PartialDate(dt.date.today().year)  # the period has begun: allowed
    today = PartialDate.from_date(dt.date.today())
    assert problems(record, **{column: this_year}) == []
    assert problems(record, **{column: today}) == []


def test_end_dates_may_lie_in_future() -> None:
    assert problems(TIE, end=PartialDate(NEXT_YEAR)) == []
    assert problems(EVENT, end=PartialDate(NEXT_YEAR)) == []


@pytest.mark.parametrize(
    ("record", "first", "second"),
    [(ACTOR, "founded", "ended"), (TIE, "start", "end"), (EVENT, "start", "end")],
)
def test_end_not_before_start(record: Record, first: str, second: str) -> None:
    start = PartialDate(2010, 6, 15)
    base = {first: start}
    problem = broken(record, second, **base, **{second: PartialDate(2010, 6, 14)})
    assert problem.rule == f"is before {first} (2010-06-15)"
    # a coarser end that contains the start is not before it
    assert problems(record, **base, **{second: PartialDate(2010, 6)}) == []
    assert problems(record, **base, **{second: PartialDate(2010)}) == []
    assert problems(record, **base, **{second: start}) == []
    assert problems(record, **base, **{second: PartialDate(2011)}) == []
    broken(record, second, **base, **{second: PartialDate(2010, 5)})
    broken(record, second, **base, **{second: PartialDate(2009)})


def test_tie_start_required() -> None:
    assert broken(TIE, "start", start=None).rule == "is required"


def test_end_reason_needs_ended() -> None:
    assert broken(ACTOR, "end_reason", end_reason="acquired").rule == "needs an ended date"
    assert problems(ACTOR, end_reason="acquired", ended=PartialDate(2020)) == []
    assert problems(ACTOR, ended=PartialDate(2020)) == []


# -- amounts and currencies ----------------------------------------------------
@pytest.mark.parametrize(
    ("record", "column"),
    [
        (TIE, "upfront"),
        (TIE, "equity"),
        (TIE, "research_funding"),
        (TIE, "milestones"),
        (TIE, "total"),
        (EVENT, "amount"),
        (PART, "contribution"),
    ],
)
def test_amounts(record: Record, column: str) -> None:
    for good in (0.0, 0.5, 1.0, 2.5e7, 1e12, 12_345.678):
        assert problems(record, **{column: good}) == []
    assert broken(record, column, **{column: -1.0}).rule == "must not be negative"
    assert broken(record, column, **{column: -0.01}).rule == "must not be negative"
    assert broken(record, column, **{column: math.nan}).rule == "must be a number"
    assert broken(record, column, **{column: math.inf}).rule == "must be finite"
    assert broken(record, column, **{column: "25M"}).rule == "must be a number"
    assert broken(record, column, **{column: True}).rule == "must be a number"


@pytest.mark.parametrize(
    ("record", "amount"),
    [(TIE, "upfront"), (TIE, "total"), (EVENT, "amount"), (PART, "contribution")],
)
def test_currency_required_with_amount(record: Record, amount: str) -> None:
    problem = broken(record, "currency", currency="")
    assert problem.rule == "is required when an amount is given"
    clear = {name: None for name in ("upfront", "amount", "contribution") if hasattr(record, name)}
    assert problems(record, currency="", **clear) == []
    assert problems(record, currency="", **(clear | {amount: 5.0})) != []


@pytest.mark.parametrize("code", ["EUR", "USD", "GBP", "CHF", "JPY", "BEF", "DEM", "NLG", "XEU"])
def test_currency_known(code: str) -> None:
    assert is_currency(code)
    assert problems(TIE, currency=code) == []


@pytest.mark.parametrize("code", ["eur", "EURO", "€", "XYZ", "BE", "US$"])
def test_currency_unknown(code: str) -> None:
    problem = broken(TIE, "currency", currency=code)
    assert "ISO 4217" in problem.rule
    assert "BEF" in problem.rule  # the hint names a historic code


def test_currency_without_amount_is_allowed() -> None:
    assert problems(TIE, upfront=None, currency="EUR") == []


def test_historic_currencies() -> None:
    assert "BEF" in HISTORIC_CURRENCIES
    assert all(is_currency(c) for c in HISTORIC_CURRENCIES)


# -- location -------------------------------------------------------------------
@pytest.mark.parametrize("code", ["BE", "NL", "US", "GR", "GB", "CH", "XK"])
def test_country_known(code: str) -> None:
    assert is_country(code)
    assert problems(ACTOR, country=code, nuts="") == []


@pytest.mark.parametrize("code", ["be", "BEL", "EL", "UK", "XX", "Belgium"])
def test_country_unknown(code: str) -> None:
    problem = broken(ACTOR, "country", country=code, nuts="")
    assert problem.rule == "is not an ISO 3166-1 alpha-2 code (e.g. BE)"


def test_nuts_code_must_exist() -> None:
    problem = broken(ACTOR, "nuts", nuts="BE999")
    assert problem.rule.startswith("is not a NUTS 2021 code")
    assert problems(ACTOR, nuts="BE2") == []  # any level
    assert problems(ACTOR, nuts="BE") == []
    assert problems(ACTOR, nuts="BE100", country="") == []


@pytest.mark.parametrize(
    ("nuts", "country", "ok"),
    [
        ("BE242", "BE", True),
        ("BE242", "NL", False),
        ("NL329", "BE", False),
        ("EL301", "GR", True),  # NUTS writes Greece EL, ISO writes GR
        ("EL301", "CY", False),
        ("DE300", "DE", True),
        ("FR101", "BE", False),
    ],
)
def test_nuts_code_lies_in_country(nuts: str, country: str, ok: bool) -> None:
    found = problems(ACTOR, nuts=nuts, country=country)
    if ok:
        assert found == []
    else:
        assert [p.column for p in found] == ["nuts"]
        assert found[0].rule == f"lies outside the actor's country {country}"


def test_nuts_el_with_country_el() -> None:
    # "EL" is the NUTS code of Greece, not its ISO code
    assert {p.column for p in problems(ACTOR, nuts="EL301", country="EL")} == {"country", "nuts"}


@pytest.mark.parametrize(
    ("lat", "lon", "column", "rule"),
    [
        (91.0, 4.0, "lat", "must be between -90 and 90"),
        (-90.5, 4.0, "lat", "must be between -90 and 90"),
        (50.0, 180.5, "lon", "must be between -180 and 180"),
        (50.0, -181.0, "lon", "must be between -180 and 180"),
        (None, 4.0, "lat", "lat and lon go together"),
        (50.0, None, "lon", "lat and lon go together"),
    ],
)
def test_lat_lon_rejects(lat: float | None, lon: float | None, column: str, rule: str) -> None:
    assert broken(ACTOR, column, lat=lat, lon=lon).rule == rule


@pytest.mark.parametrize(("lat", "lon"), [(None, None), (90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)])
def test_lat_lon_accepts(lat: float | None, lon: float | None) -> None:
    assert problems(ACTOR, lat=lat, lon=lon) == []


# -- identifiers -----------------------------------------------------------------
GOOD_IDENTIFIERS = {
    "ror": "05f950310",
    "wikidata": "Q1491543",
    "cik": "1421876",
    "lei": "549300RN5IF2IPPXWB53",
    "pic": "999902732",
    "openalex": "I99464096",
    "vat": "BE0466460429",
    "kbo": "0466.460.429",
    "grid": "grid.5596.f",
    "isin": "BE0003818359",
    "ticker": "GLPG",
    "mic": "XBRU",
    "isni": "0000000106687884",  # KU Leuven in ROR
    "fundref": "501100004040",
    "orgref": "3800886",
    "nct": "NCT02576665",
    "eudract": "2015-001234-56",
}
BAD_IDENTIFIERS = {
    "ror": "https://ror.org/05f950310",
    "wikidata": "1491543",
    "cik": "CIK0001421876",
    "lei": "549300RN5IF2IPPXWB5",
    "pic": "99990273",
    "openalex": "https://openalex.org/I99464096",
    "vat": "0466460429",
    "kbo": "2466.460.429",
    "grid": "5596.f",
    "isin": "BE000381835",
    "ticker": "glpg",
    "mic": "xbru",
    "isni": "0000 0001 0668 7884",
    "fundref": "10.13039/501100004040",
    "orgref": "ORG3800886",
    "nct": "NCT0257666",
    "eudract": "2015-1234-56",
}


def test_every_known_scheme_is_tested() -> None:
    assert set(GOOD_IDENTIFIERS) == set(IDENTIFIER_PATTERNS) == set(BAD_IDENTIFIERS)


@pytest.mark.parametrize("scheme", sorted(IDENTIFIER_PATTERNS))
def test_identifier_schemes(scheme: str) -> None:
    assert rules.check_identifiers({scheme: GOOD_IDENTIFIERS[scheme]}) == []
    [problem] = rules.check_identifiers({scheme: BAD_IDENTIFIERS[scheme]})
    assert problem.column == "identifiers"
    assert problem.value == f"{scheme}:{BAD_IDENTIFIERS[scheme]}"
    assert problem.rule.startswith(f"is not a valid {scheme} identifier")


def test_identifiers_other_schemes_and_form() -> None:
    assert rules.check_identifiers({"nct": "NCT01234567", "cordis": "101036071"}) == []
    assert rules.check_identifiers({"ROR": "05f950310"})[0].rule.startswith(
        "scheme must be a lowercase word"
    )
    assert rules.check_identifiers({"my scheme": "x"})[0].rule.startswith("scheme must be")
    assert rules.check_identifiers({"ror": ""})[0].rule == "has no value"
    assert broken(ACTOR, "identifiers", identifiers={"wikidata": "Q0"}).value == "wikidata:Q0"
    assert broken(EVENT, "identifiers", identifiers={"ror": "x"}).column == "identifiers"


# -- flags, tags, sources ----------------------------------------------------------
def test_flags() -> None:
    assert problems(TIE, flags=tuple(sorted(rules.KNOWN_FLAGS))) == []
    problem = broken(TIE, "flags", flags=("estimated_date", "guess"))
    assert problem.value == "guess"
    assert "before_founding" in problem.rule


@pytest.mark.parametrize("record", [ACTOR, TIE, EVENT], ids=lambda r: r.kind_name)
def test_tags(record: Record) -> None:
    assert problems(record, tags=("red_biotech", "listed on Euronext", "é" * 80)) == []
    assert broken(record, "tags", tags=("a;b",)).value == "a;b"
    assert broken(record, "tags", tags=("x" * 81,)).column == "tags"
    assert broken(record, "tags", tags=("two\nlines",)).column == "tags"
    assert broken(record, "tags", tags=("",)).column == "tags"


@pytest.mark.parametrize("record", [ACTOR, TIE, EVENT, PART], ids=lambda r: r.kind_name)
def test_sources_ids_or_urls(record: Record) -> None:
    good = ("press-1", "https://example.org/a?b=1#c", "http://example.org")
    assert problems(record, sources=good) == []
    for bad in ("not an id", "ftp://example.org/x", "www.example.org/x", "https://", ""):
        assert broken(record, "sources", sources=(bad,)).value == bad


def test_source_url() -> None:
    assert problems(SOURCE, url="http://example.org") == []
    assert broken(SOURCE, "url", url="example.org").rule == "must be an http(s) URL"
    assert broken(SOURCE, "url", url="").rule == "must be an http(s) URL"
    assert broken(SOURCE, "url", url="https://exa mple.org").column == "url"


def test_tie_cannot_join_actor_to_itself() -> None:
    problem = broken(TIE, "target", target="galapagos")
    assert problem.rule == "a tie cannot join an actor to itself"


# -- references ----------------------------------------------------------------------
def test_tie_references() -> None:
    actors = {"galapagos": ACTOR, "gilead": None}
    assert rules.check_tie_references(TIE, actors) == []
    [problem] = rules.check_tie_references(TIE, {"galapagos": ACTOR})
    assert (problem.column, problem.value) == ("target", "gilead")
    assert problem.rule == "unknown actor; add it to the actors file first"


def test_tie_not_before_founding() -> None:
    actors = {"galapagos": ACTOR, "gilead": None}
    early = TIE.evolve(start=PartialDate(1998, 6))
    [problem] = rules.check_tie_references(early, actors)
    assert problem.column == "start"
    assert "is before galapagos was founded (1999)" in problem.rule
    assert "before_founding" in problem.rule
    flagged = early.evolve(flags=("before_founding",))
    assert rules.check_tie_references(flagged, actors) == []
    # in the founding year, the month is unknown: not before
    assert rules.check_tie_references(TIE.evolve(start=PartialDate(1999, 1, 1)), actors) == []
    assert rules.check_tie_references(TIE.evolve(start=PartialDate(1999)), actors) == []


def test_participation_references() -> None:
    found = rules.check_participation_references(PART, {}, {})
    assert [(p.column, p.value) for p in found] == [("event", "h2020-1"), ("actor", "galapagos")]
    assert "add it to the events file" in found[0].rule
    assert rules.check_participation_references(PART, {"galapagos": None}, {"h2020-1": None}) == []


def test_source_references() -> None:
    known = {"press-1": SOURCE}
    assert rules.check_source_references(("press-1", "https://x.org/a"), known) == []
    [problem] = rules.check_source_references(("press-2",), known)
    assert (problem.column, problem.value) == ("sources", "press-2")
    assert "add it to the sources file or give its URL" in problem.rule


# -- the rules over a dataset ----------------------------------------------------------
def _dataset(*records: Record) -> Dataset:
    data = Dataset()
    for row, record in enumerate(records, start=2):
        data.add(record, "input.csv", row)
    return data


def test_dataset_valid() -> None:
    gilead = Actor(id="gilead", name="Gilead Sciences", kind="pharma", country="US")
    assert _dataset(SOURCE, ACTOR, gilead, TIE, EVENT, PART).problems() == []


def test_dataset_problems_are_located() -> None:
    data = _dataset(SOURCE, ACTOR.evolve(kind="startup"), TIE, EVENT, PART)
    found = data.problems()
    assert [(p.file, p.row, p.column) for p in found] == [
        ("input.csv", 3, "kind"),
        ("input.csv", 4, "target"),
    ]


def test_dataset_references_to_known_records() -> None:
    data = _dataset(TIE.evolve(sources=("old-source",)))
    found = data.problems()
    assert {p.column for p in found} == {"source", "target", "sources"}
    assert (
        data.problems(
            known_actors={"galapagos": None, "gilead": None}, known_sources={"old-source": None}
        )
        == []
    )


def test_dataset_duplicates() -> None:
    same = _dataset(SOURCE, SOURCE.evolve())
    assert same.duplicate_problems() == []
    data = _dataset(SOURCE, SOURCE.evolve(title="Other"))
    [problem] = data.duplicate_problems()
    assert (problem.row, problem.column, problem.value) == (3, "id", "press-1")
    assert "row 2" in problem.rule and "title" in problem.rule


def test_cite_urls() -> None:
    url = "https://example.org/news/1"
    data = _dataset(SOURCE, ACTOR.evolve(sources=(url, "press-1", SOURCE.url))).cite_urls()
    sid = url_source_id(url)
    assert data.actors[0].sources == (sid, "press-1")
    assert [s.id for s in data.sources] == ["press-1", sid]
    assert data.problems() == []
