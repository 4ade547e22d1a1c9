"""Open-innovation coding and portfolios: hand-checked network and Belgian data."""

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.system.open_innovation import code_ties, oi_summary, portfolio

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


def hand_network() -> TemporalNetwork:
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "p", "s"],
            "kind": ["biotech_firm", "biotech_firm", "pharma", "service_provider"],
            "nuts": ["BE211", "BE242", "", ""],
            "tags": ["nbf", "nbf", "", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "id": ["t1", "t2", "t3", "t4", "t5", "t6", "t7"],
            "kind": [
                "licence",
                "option",
                "co_development",
                "supply",
                "acquisition",
                "licence",
                "rd_collaboration",
            ],
            "source": ["a", "p", "a", "s", "p", "a", "b"],
            "target": ["p", "a", "p", "a", "b", "b", "p"],
            "start": ["2001", "2001", "2002", "2003", "2004", "2004", "2004"],
            "stage": ["preclinical", "", "phase3", "", "", "marketed", ""],
        }
    )
    return TemporalNetwork(ties, actors)


def test_code_ties_by_hand():
    coded = code_ties(hand_network(), "flanders", (2000, 2010))
    got = {(r.tie, r.firm): (r.oi_mode, r.exploration) for r in coded.itertuples()}
    assert got == {
        ("t1", "a"): ("outbound", "exploration"),
        ("t2", "a"): ("inbound", "unknown"),
        ("t3", "a"): ("coupled", "exploitation"),
        ("t4", "a"): ("inbound", "exploitation"),
        ("t5", "b"): (None, "unknown"),
        ("t6", "a"): ("outbound", "exploitation"),
        ("t6", "b"): ("inbound", "exploitation"),  # a tie between two NBFs: once per firm
        ("t7", "b"): ("coupled", "exploration"),
    }


def test_code_ties_gives_the_deal_of_each_row():
    coded = code_ties(hand_network(), "flanders", (2000, 2010)).set_index(["tie", "firm"])
    # the licence t1 and the option t2 join a and p in 2001: one deal
    assert coded.loc[("t1", "a"), "deal"] == coded.loc[("t2", "a"), "deal"] == "2001-01-01|a+p"
    assert coded["deal"].nunique() == 5  # t6 is one deal for both its firms


def test_portfolio_by_hand():
    # unit="tie": every row counts (the count before issue 9)
    table = portfolio(hand_network(), "flanders", (2000, 2010), unit="tie")
    rows = table.set_index(["firm", "year"])
    assert list(rows.index) == [("a", 2001), ("a", 2002), ("a", 2003), ("a", 2004), ("b", 2004)]
    assert rows.loc[("a", 2001), ["alliances", "inbound", "outbound", "coupled"]].tolist() == [
        2,
        1,
        1,
        0,
    ]
    assert rows.loc[
        ("b", 2004), ["alliances", "inbound", "coupled", "exploration", "exploitation"]
    ].tolist() == [2, 1, 1, 1, 1]
    assert (rows["alliances"] == rows[["inbound", "outbound", "coupled"]].sum(axis=1)).all()


def test_portfolio_counts_deals_and_a_two_way_deal_is_coupled():
    rows = portfolio(hand_network(), "flanders", (2000, 2010)).set_index(["firm", "year"])
    # t1 (a licenses out) and t2 (a takes an option) of 2001: one deal, both ways: coupled;
    # its orientation is t1's (t2's is unknown)
    assert rows.loc[
        ("a", 2001), ["alliances", "inbound", "outbound", "coupled", "exploration", "unknown"]
    ].tolist() == [1, 0, 0, 1, 1, 0]
    assert rows["alliances"].sum() == 6
    assert (rows["alliances"] == rows[["inbound", "outbound", "coupled"]].sum(axis=1)).all()


def test_oi_summary_counts_deals_by_default():
    summary = oi_summary(hand_network(), "flanders", (2000, 2010))
    assert summary.attrs["unit"] == "deal" and "ties" not in summary.columns
    summary = summary.set_index(["dimension", "category"])
    # 6 deals: coupled {t1, t2}, t3, t7; inbound t4, t6b; outbound t6a
    assert summary.xs("oi_mode")["deals"].to_dict() == {"inbound": 2, "outbound": 1, "coupled": 3}
    # the two-way licensing deal of 2001 is in no licensing category
    assert summary.xs("licensing")["deals"].to_dict() == {"outbound": 1, "inbound": 1}
    assert summary.loc[("exploration", "unknown"), "deals"] == 0


def test_unit_is_validated():
    with pytest.raises(ArgumentError, match="not a unit of count"):
        oi_summary(hand_network(), "flanders", (2000, 2010), unit="row")


def test_oi_summary_by_hand():
    summary = oi_summary(hand_network(), "flanders", (2000, 2010), unit="tie").set_index(
        ["dimension", "category"]
    )
    # 7 alliances (t5 is not one): inbound t2 t4 t6b, outbound t1 t6a, coupled t3 t7
    assert summary.loc[("oi_mode", "inbound"), "ties"] == 3
    assert summary.loc[("oi_mode", "outbound"), "share"] == pytest.approx(2 / 7)
    # licences and options: t1, t6a out; t2, t6b in
    assert summary.loc[("licensing", "outbound"), "share"] == 0.5
    assert summary.loc[("exploration", "unknown"), "ties"] == 1


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_open_innovation(belgium):
    summary = oi_summary(belgium, "flanders", P).set_index(["dimension", "category"])
    # Flemish NBFs license out far more than they license in
    assert summary.loc[("licensing", "outbound"), "share"] > 0.6
    assert summary.xs("oi_mode")["share"].sum() == pytest.approx(1.0)
    coded = code_ties(belgium, "flanders", P)
    assert set(coded["oi_mode"].dropna()) == {"inbound", "outbound", "coupled"}
    assert coded.loc[coded["kind"] == "acquisition", "oi_mode"].isna().all()
    table = portfolio(belgium, "flanders", P)
    assert table.groupby("firm")["alliances"].sum().idxmax() in {"galapagos", "ablynx"}
