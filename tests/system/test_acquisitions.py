"""Alliance-before-acquisition pathways and exits, by hand and on the Belgian data."""

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.io.importer import import_files
from bioregion.network import TemporalNetwork
from bioregion.store import Store
from bioregion.system.acquisitions import acquisition_pathways, exit_summary

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


_TIE_STARTS = [
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
]


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


def _frames_to_store(tmp_path, actors: pd.DataFrame, ties: pd.DataFrame) -> Store:
    """A store imported from template CSVs written from the frames."""
    actors.to_csv(tmp_path / "actors.csv", index=False)
    ties.to_csv(tmp_path / "ties.csv", index=False)
    store = Store.open(":memory:", create=True)
    import_files(store, [tmp_path / "actors.csv", tmp_path / "ties.csv"])
    return store


def _exit_store(tmp_path) -> Store:
    """The network of :func:`_network` with recorded end reasons: f1, f2 acquired, f4
    acquired (Wallonia), f5 merged (with a merger tie), f6 merged with no merger tie (it
    ended in a joint venture), f7 ended with no recorded reason."""
    actors = pd.DataFrame(
        {
            "id": ["f1", "f2", "f3", "f4", "f5", "f6", "f7", "jnj", "janssen", "pharma", "vc"],
            "name": ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "JNJ", "Janssen", "P", "VC"],
            "kind": ["biotech_firm"] * 7 + ["pharma", "pharma", "pharma", "investor"],
            "nuts": [
                "BE234",
                "BE242",
                "BE211",
                "BE310",
                "BE234",
                "BE234",
                "BE234",
                "",
                "BE213",
                "",
                "",
            ],
            "tags": ["nbf"] * 7 + ["", "", "", ""],
            "ended": ["2015", "2019", "", "2016", "2010", "2014", "2012", "", "", "", ""],
            "end_reason": [
                "acquired",
                "acquired",
                "",
                "acquired",
                "merged",
                "merged",
                "",
                "",
                "",
                "",
                "",
            ],
        }
    )
    ties = _network().ties.assign(start=_TIE_STARTS)[["kind", "source", "target", "start"]]
    joint = pd.DataFrame(
        {"kind": ["joint_venture"], "source": ["f6"], "target": ["f3"], "start": ["2014"]}
    )
    return _frames_to_store(tmp_path, actors, pd.concat([ties, joint], ignore_index=True))


def test_exits_read_the_recorded_end_reason_only(tmp_path):
    store = _exit_store(tmp_path)
    exits = exit_summary(store, "flanders", P)
    # f1, f2 acquired; f5 merged (merger tie) and f6 merged (no merger tie: the old
    # inference from ties called it 'closed'); f7 ended with no reason: unknown, not closed
    assert exits["firms"].to_dict() == {
        "acquired": 2,
        "merged": 2,
        "closed": 0,
        "bankrupt": 0,
        "other": 0,
        "unknown": 1,
        "independent": 1,
    }
    assert exits.loc["merged", "examples"] == "f5;f6"
    assert exits.loc["acquired", "after_alliance"] == 1  # f1 only
    assert exits.loc["acquired", "examples"] == "f1;f2"
    assert exits["share"].sum() == pytest.approx(1.0)
    # before f2's end (period to 2018) f2 is still independent; f5 ended before 2011
    early = exit_summary(store, "flanders", (2011, 2018))
    assert early.loc["acquired", "firms"] == 1 and early.loc["independent", "firms"] == 2
    assert early.loc["merged", "firms"] == 1  # f6
    # a network built from frames reads the end_reason column the same way
    actors = store.frame("actors")
    frame_net = TemporalNetwork(_network().ties, actors)
    assert exit_summary(frame_net, "flanders", P).loc["merged", "examples"] == "f5;f6"
    # a network without end reasons never infers one from ties
    bare = exit_summary(_network(), "flanders", P)
    assert bare.loc[["acquired", "merged", "closed"], "firms"].sum() == 0
    assert bare.loc["unknown", "firms"] == 3


@pytest.fixture(scope="module")
def store():
    return bioregion.datasets.load("belgium")


def test_belgian_ablynx_partner_first(store):
    out = acquisition_pathways(store, "flanders", P).set_index("target")
    ablynx = out.loc["ablynx"]
    # Ablynx collaborated with Genzyme (Sanofi) in 2015 and licensed to Sanofi in 2017,
    # then Sanofi bought Ablynx in 2018
    assert ablynx["acquirer"] == "sanofi" and ablynx["year"] == 2018
    assert bool(ablynx["partner_first"]) and ablynx["prior_kinds"] == "licence;rd_collaboration"
    assert ablynx["first_tie_year"] == 2015 and ablynx["lag_years"] == 3
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
    # Pronota ended in the MyCartis joint venture: merged, as recorded, never "closed"
    assert "pronota" in flanders.loc["merged", "examples"].split(";")
    # the report's path: a TemporalNetwork carries end_reason, so the same exits
    net = exit_summary(TemporalNetwork.from_store(store), "flanders", P)
    pd.testing.assert_frame_equal(net, flanders)
