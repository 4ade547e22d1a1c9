"""Corporate families (design note 6): the ultimate parent through subsidiary ties only."""

import pandas as pd
import pytest

from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.system._families import check_partners, family_of, group_tagged


def net(ties, ids=("top", "mid", "low", "buyer", "bought", "alone")) -> TemporalNetwork:
    actors = pd.DataFrame({"id": list(ids), "kind": ["pharma"] * len(ids)})
    frame = pd.DataFrame(ties, columns=["kind", "source", "target", "start"])
    return TemporalNetwork(frame, actors)


def test_subsidiaries_belong_to_their_ultimate_parent():
    families = family_of(
        net(
            [
                ("subsidiary", "top", "mid", "1961"),
                ("subsidiary", "mid", "low", "1980"),
                ("acquisition", "buyer", "bought", "2009"),  # completed, not a family
                ("licence", "top", "alone", "2001"),
            ]
        )
    )
    assert families.to_dict() == {
        "top": "top",
        "mid": "top",
        "low": "top",
        "buyer": "buyer",
        "bought": "bought",
        "alone": "alone",
    }


def test_two_parents_make_one_family_named_by_the_smallest_parentless_id():
    families = family_of(
        net(
            [("subsidiary", "top", "low", "1990"), ("subsidiary", "mid", "low", "1995")],
            ids=("top", "mid", "low"),
        )
    )
    assert set(families) == {"mid"}


def test_group_tagged_holds_when_one_member_is_tagged():
    actors = pd.DataFrame({"id": ["top", "mid", "x"], "tags": [(), ("large_pharma",), ()]})
    groups = pd.Series({"top": "top", "mid": "top", "x": "x"})
    assert group_tagged(actors, groups, "large_pharma").to_dict() == {"top": True, "x": False}


def test_check_partners():
    assert check_partners("group") == "group"
    with pytest.raises(ArgumentError, match="not a partner level"):
        check_partners("family")
