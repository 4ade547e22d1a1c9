"""Issue 9 and 12 model rules: an actor's ``systems``, a tie's ``signed`` and ``closed``
dates, and listings (event kind ``listing``, role ``issuer``, identifier scheme ``mic``)."""

from __future__ import annotations

import datetime as dt

import pytest

from bioregion.model import rules
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation, Tie
from bioregion.model.vocab import EventKind, Role

#: A Flemish agency seated in Brussels: located in BE100, a member of Flanders' system.
IWT = Actor(
    id="iwt",
    name="IWT",
    kind="government",
    country="BE",
    nuts="BE100",
    city="Brussel",
    systems=("flanders",),
)
TAKEOVER = Tie(
    id="ucb-celltech-2004",
    kind="acquisition",
    source="ucb",
    target="celltech",
    start=PartialDate(2004, 5, 18),
    signed=PartialDate(2004, 5, 17),
    closed=PartialDate(2004, 7, 26),
)
NEXT_YEAR = dt.date.today().year + 1


# -- systems --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "systems",
    [(), ("flanders",), ("wallonia", "brussels"), ("belgium",), ("BE2",), ("BE100", "NL")],
)
def test_systems_accepts_region_keys_and_nuts_codes(systems: tuple[str, ...]) -> None:
    assert rules.check_record(IWT.evolve(systems=systems)) == []


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        ("Vlaanderen", "write it as 'flanders'"),
        ("Flemish Community", "use one of flanders, wallonia, brussels, belgium"),
        ("be2", "write the NUTS code as 'BE2'"),
        ("BE99", "is not a named region or a NUTS 2021 code"),
        ("", "is not a named region or a NUTS 2021 code"),
    ],
)
def test_systems_refuses_what_names_no_region(entry: str, hint: str) -> None:
    [problem] = rules.check_record(IWT.evolve(systems=("flanders", entry)))
    assert problem.column == "systems" and problem.value == entry
    assert hint in problem.rule
    assert "e.g. BE2" in problem.rule


def test_systems_problem_is_located_in_a_dataset() -> None:
    from bioregion.model.dataset import Dataset

    data = Dataset(actors=[IWT, IWT.evolve(id="fwo", systems=("Flandres!",))])
    [problem] = data.problems()
    assert (problem.column, problem.value) == ("systems", "Flandres!")


# -- signed and closed ----------------------------------------------------------------
def test_signed_before_announcement_and_closing_after_are_valid() -> None:
    assert rules.check_record(TAKEOVER) == []
    assert rules.check_record(TAKEOVER.evolve(signed=None, closed=PartialDate(2004, 5))) == []


def test_closed_may_not_precede_the_announcement() -> None:
    [problem] = rules.check_record(TAKEOVER.evolve(signed=None, closed=PartialDate(2004, 4)))
    assert problem.column == "closed"
    assert "is before start (2004-05-18)" in problem.rule


def test_signed_may_not_follow_the_closing() -> None:
    [problem] = rules.check_record(
        TAKEOVER.evolve(start=PartialDate(2004, 1), signed=PartialDate(2004, 8))
    )
    assert problem.column == "signed"
    assert "is after closed (2004-07-26)" in problem.rule


@pytest.mark.parametrize("column", ["signed", "closed"])
def test_signed_and_closed_not_in_future(column: str) -> None:
    changes = {"signed": None, "closed": None, column: PartialDate(NEXT_YEAR)}
    [problem] = rules.check_record(TAKEOVER.evolve(**changes))
    assert problem.column == column and problem.rule == "lies in the future"


# -- listings ---------------------------------------------------------------------------
def test_listing_kind_and_issuer_role_exist() -> None:
    assert EventKind("listing") is EventKind.LISTING
    assert Role("issuer") is Role.ISSUER
    ipo = Event(
        id="galapagos-ipo-2005",
        kind="listing",
        name="Galapagos IPO on Euronext Brussels and Amsterdam",
        start=PartialDate(2005, 5),
        amount=50_000_000.0,
        currency="EUR",
        identifiers={"mic": "XBRU"},
    )
    assert rules.check_record(ipo) == []
    assert rules.check_record(Participation("galapagos-ipo-2005", "galapagos", "issuer")) == []


@pytest.mark.parametrize("mic", ["XBRU", "XAMS", "XPAR", "XNAS", "XNYS", "XLON", "ALXB"])
def test_mic_accepts_iso_10383_codes(mic: str) -> None:
    assert rules.check_identifiers({"mic": mic}) == []


@pytest.mark.parametrize("mic", ["xbru", "XBR", "XBRUS", "XB-U", "Euronext"])
def test_mic_refuses_other_forms(mic: str) -> None:
    [problem] = rules.check_identifiers({"mic": mic})
    assert problem.value == f"mic:{mic}"
    assert problem.rule.startswith("is not a valid mic identifier: an ISO 10383")
