"""Membership of a regional innovation system (issue 9): jurisdiction first, else location."""

from __future__ import annotations

import pytest

from bioregion.errors import UnknownRegionError
from bioregion.regions import member_of, named_region


def test_flemish_agency_in_brussels_is_a_member_of_flanders_not_brussels() -> None:
    assert member_of(("flanders",), "BE100", "flanders")
    assert not member_of(("flanders",), "BE100", "brussels")
    # without systems the old location rule applies: Brussels
    assert member_of((), "BE100", "brussels") and not member_of((), "BE100", "flanders")


def test_systems_alone_decide_when_given() -> None:
    # located in Flanders but a member of Wallonia's system only
    assert not member_of(("wallonia",), "BE242", "flanders")
    assert member_of(("wallonia",), "BE242", "wallonia")
    # several systems: a member of each
    assert member_of(("flanders", "brussels"), "", "brussels")
    assert member_of(("flanders", "brussels"), "", "flanders")


def test_entries_inside_the_region_count_and_wider_ones_do_not() -> None:
    assert member_of(("BE2",), "", "flanders")  # the NUTS code of Flanders
    assert member_of(("BE242",), "", "flanders")  # a part of it
    assert member_of(("flanders",), "", "belgium")  # Flanders lies in Belgium
    assert not member_of(("belgium",), "BE242", "flanders")  # a federal body
    assert member_of(("flanders",), "", "BE2")  # the region given as a NUTS code


def test_unknown_location_and_no_systems_is_no_member() -> None:
    assert not member_of((), "", "flanders")
    assert not member_of((), "XX999", "flanders")


def test_frame_cells_and_named_regions_are_accepted() -> None:
    assert member_of("flanders;BE10", "", "brussels")  # template text
    assert member_of(float("nan"), "BE242", "flanders")  # type: ignore[arg-type]
    assert member_of(["flanders"], "BE100", named_region("Vlaanderen"))
    assert not member_of(("atlantis",), "BE242", "flanders")  # names nothing: no member


def test_unknown_region_raises() -> None:
    with pytest.raises(UnknownRegionError, match="unknown region 'atlantis'"):
        member_of((), "BE242", "atlantis")


def test_members_of_answers_per_actor_and_checks_the_rule():
    from bioregion.errors import ArgumentError
    from bioregion.regions import members_of

    systems = [("flanders",), (), None, "wallonia;brussels"]
    nuts = ["BE100", "BE100", "BE242", ""]
    assert members_of(systems, nuts, "brussels") == [False, True, False, True]
    assert members_of(systems, nuts, "brussels", membership="location") == [
        True,
        True,
        False,
        False,
    ]
    assert members_of(None, nuts, "flanders") == [False, False, True, False]
    with pytest.raises(ArgumentError, match="membership must be"):
        members_of(systems, nuts, "brussels", membership="seat")
