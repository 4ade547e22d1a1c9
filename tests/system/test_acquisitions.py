"""Alliance-before-acquisition pathways and exits, by hand and on the Belgian data."""

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.acquisitions import acquisition_pathways, exit_summary

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


def _network() -> TemporalNetwork:
    actors = pd.DataFrame(
        {
            "id": ["f1", "f2", "f3", "f4", "f5", "jnj", "janssen", "pharma", "vc"],
            "kind": ["biotech_firm"] * 5 + ["pharma", "pharma", "pharma", "investor"],
            "nuts": ["BE234", "BE242", "BE211", "BE310", "BE234", "", "BE213", "", ""],
            "tags": ["nbf", "nbf", "nbf", "nbf", "nbf", "", "", "", ""],
            "ended": ["2015", "2019", "", "2016", "2010", "", "", "", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "kind": [
                "subsidiary",  # jnj -> janssen
                "licence",  # f1 licenses to janssen (subsidiary of the acquirer)
                "rd_collaboration",
                "acquisition",  # jnj buys f1 in 2015
                "equity_investment",  # pharma invests in f2
                "acquisition",  # pharma buys f2: equity only, not partner-first
                "licence",  # after the acquisition: not prior
                "acquisition",  # vc buys a stake-like 'acquisition' of f3, which goes on
                "acquisition",  # wallonia: out of region
                "merger",
            ],
            "source": ["jnj", "f1", "janssen", "jnj", "pharma", "pharma", "f2", "vc", "jnj", "f5"],
            "target": ["janssen", "janssen", "f1", "f1", "f2", "f2", "pharma", "f3", "f4", "f3"],
            "start": [
                "1961",
                "2008",
                "2011",
                "2015-06",
                "2012",
                "2019-01",
                "2019-02",
                "2020",
                "2016",
                "2010",
            ],
        }
    )
    return TemporalNetwork(ties, actors)


def test_pathways_by_hand():
    out = acquisition_pathways(_network(), "flanders", P)
    assert out["target"].tolist() == ["f1", "f2", "f3"]
    f1, f2, f3 = (out.iloc[i] for i in range(3))
    assert (f1.acquirer, f1.year, f1.prior_ties, f1.prior_alliances) == ("jnj", 2015, 2, 2)
    assert f1.prior_kinds == "licence;rd_collaboration"
    assert (f1.first_tie_year, f1.lag_years, bool(f1.partner_first)) == (2008, 7, True)
    assert (f2.prior_ties, f2.prior_alliances, f2.prior_kinds) == (1, 0, "equity_investment")
    assert (f2.first_tie_year, f2.lag_years, bool(f2.partner_first)) == (2012, 7, False)
    assert f3.prior_ties == 0 and pd.isna(f3.first_tie_year) and pd.isna(f3.lag_years)
    assert not f3.partner_first


def test_pathways_filters():
    net = _network()
    assert acquisition_pathways(net, "wallonia", P)["target"].tolist() == ["f4"]
    assert acquisition_pathways(net, None, P)["target"].tolist() == ["f1", "f4", "f2", "f3"]
    assert acquisition_pathways(net, "flanders", (2016, 2019))["target"].tolist() == ["f2"]
    empty = acquisition_pathways(net, "brussels", P)
    assert empty.empty and "partner_first" in empty.columns


def test_exits_by_hand():
    exits = exit_summary(_network(), "flanders", P)
    # f1 ended 2015 with an acquisition (acquired), f2 ended 2019 (acquired), f5 ended in a
    # merger (merged), f3 goes on after its 'acquisition' (independent)
    assert exits["firms"].to_dict() == {
        "acquired": 2,
        "merged": 1,
        "closed": 0,
        "bankrupt": 0,
        "other": 0,
        "independent": 1,
    }
    assert exits.loc["acquired", "after_alliance"] == 1  # f1 only
    assert exits.loc["acquired", "examples"] == "f1;f2"
    assert exits["share"].sum() == pytest.approx(1.0)
    # before f2's end (period to 2018) f2 is still independent; f5 ended before 2011
    early = exit_summary(_network(), "flanders", (2011, 2018))
    assert early.loc["acquired", "firms"] == 1 and early.loc["independent", "firms"] == 2
    assert early.loc["merged", "firms"] == 0


@pytest.fixture(scope="module")
def store():
    return bioregion.datasets.load("belgium")


def test_belgian_ablynx_partner_first(store):
    out = acquisition_pathways(store, "flanders", P).set_index("target")
    ablynx = out.loc["ablynx"]
    # Ablynx licensed to Sanofi in 2017, then Sanofi bought Ablynx in 2018
    assert ablynx["acquirer"] == "sanofi" and ablynx["year"] == 2018
    assert bool(ablynx["partner_first"]) and ablynx["prior_kinds"] == "licence"
    assert ablynx["first_tie_year"] == 2017 and ablynx["lag_years"] == 1
    assert bool(out.loc["tigenix", "partner_first"])  # a 2016 licence to Takeda first
    assert not bool(out.loc["movetis", "partner_first"])


def test_belgian_exits(store):
    flanders = exit_summary(store, "flanders", P)
    # end_reason from the store: Ablynx, TiGenix, ... acquired; Pronota and Virco merged
    assert flanders.loc["acquired", "firms"] >= 5
    assert flanders.loc["merged", "firms"] == 3  # Pronota, Virco, K5 Therapeutics (with Muna, 2021)
    assert 0 < flanders.loc["acquired", "after_alliance"] <= flanders.loc["acquired", "firms"]
    wallonia = exit_summary(store, "wallonia", P)
    assert wallonia.loc["bankrupt", "examples"] == "mithra"
    # the same numbers from a TemporalNetwork (end_reason inferred) for acquisitions
    net = exit_summary(TemporalNetwork.from_store(store), "flanders", P)
    assert net.loc["acquired", "firms"] == flanders.loc["acquired", "firms"]
