"""Spin-off genealogy on a hand-made network and on the Belgian data."""

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.genealogy import genealogy_summary, parent_kind, spinoff_genealogy

#: The period the library used by default before region and period became explicit.
P = (1985, 2025)


def _network() -> TemporalNetwork:
    actors = pd.DataFrame(
        {
            "id": ["ugent", "vib", "uza", "acme", "f1", "f2", "f3", "f4"],
            "name": ["Ghent University", "VIB", "UZA", "Acme", "F1", "F2", "F3", "F4"],
            "kind": [
                "university",
                "research_institute",
                "hospital",
                "pharma",
                "biotech_firm",
                "biotech_firm",
                "biotech_firm",
                "biotech_firm",
            ],
            "country": ["BE", "BE", "BE", "US", "BE", "BE", "BE", "US"],
            "nuts": ["BE234", "BE234", "BE211", "", "BE234", "BE310", "BE211", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "kind": ["spin_off", "spin_off", "spin_off", "spin_off", "spin_off", "licence"],
            "source": ["ugent", "vib", "acme", "uza", "acme", "ugent"],
            "target": ["f1", "f1", "f2", "f3", "f4", "f1"],
            "start": ["1996", "1996", "2001-05", "2004", "2012", "1999"],
        }
    )
    return TemporalNetwork(ties, actors)


def test_parent_kinds():
    assert parent_kind("university") == "university"
    assert parent_kind("biotech_firm") == parent_kind("service_provider") == "company"
    assert parent_kind("cluster_organisation") == "government"
    assert parent_kind("other") == "other"


def test_genealogy_rows():
    out = spinoff_genealogy(_network(), None, P)
    assert out[["parent", "parent_kind", "firm", "year", "firm_region"]].values.tolist() == [
        ["ugent", "university", "f1", 1996, "flanders"],
        ["vib", "research_institute", "f1", 1996, "flanders"],
        ["acme", "company", "f2", 2001, "wallonia"],
        ["uza", "hospital", "f3", 2004, "flanders"],
        ["acme", "company", "f4", 2012, "US"],  # no named region: the country code
    ]
    assert out.loc[0, "parent_name"] == "Ghent University"
    assert out.loc[2, "parent_actor_kind"] == "pharma"


def test_genealogy_filters():
    net = _network()
    assert spinoff_genealogy(net, "flanders", P)["firm"].tolist() == ["f1", "f1", "f3"]
    assert spinoff_genealogy(net, "BE21", P)["firm"].tolist() == ["f3"]  # NUTS code
    assert spinoff_genealogy(net, None, (1997, 2004))["firm"].tolist() == ["f2", "f3"]
    assert spinoff_genealogy(net, "brussels", P).empty


def test_summary_counts():
    out = genealogy_summary(_network(), None, (1995, 2014))
    assert out.values.tolist() == [
        ["US", "2010-2014", "company", 1, 1],
        ["flanders", "1995-1999", "research_institute", 1, 1],
        ["flanders", "1995-1999", "university", 1, 1],
        ["flanders", "2000-2004", "hospital", 1, 1],
        ["wallonia", "2000-2004", "company", 1, 1],
    ]
    # a 10-year bin cut at the end of the period
    ten = genealogy_summary(_network(), "flanders", period=(1995, 2005), width=10)
    assert sorted(set(ten["period"])) == ["1995-2004"]
    assert genealogy_summary(_network(), "brussels", P).empty
    with pytest.raises(ValueError, match="width"):
        genealogy_summary(_network(), None, P, width=0)


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_genealogy(belgium):
    flanders = spinoff_genealogy(belgium, "flanders", P)
    parents = set(flanders.loc[flanders["firm"] == "ablynx", "parent"])
    assert parents == {"vib", "vub"}  # Ablynx: a VIB-VUB spin-off (2001)
    assert set(flanders["firm_region"]) == {"flanders"}
    wallonia = spinoff_genealogy(belgium, "wallonia", P)
    assert {"ulb", "uclouvain", "uliege"} <= set(wallonia["parent"])
    # universities and VIB dominate the Flemish genealogy
    summary = genealogy_summary(belgium, "flanders", P)
    by_kind = summary.groupby("parent_kind")["spinoffs"].sum()
    assert by_kind["university"] + by_kind["research_institute"] > by_kind["company"]
    assert int(summary["spinoffs"].sum()) == len(flanders)
