"""Preferred partners and global partners: hand-checked network and the Belgian data."""

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.partners import global_partners, preferred_partners, rank_score

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


def hand_network() -> TemporalNetwork:
    # a, b, c: Flemish NBFs; w: Walloon NBF; p, q: pharma; v: investor
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "c", "w", "p", "q", "v"],
            "name": ["A", "B", "C", "W", "P", "Q", "V"],
            "kind": ["biotech_firm"] * 4 + ["pharma", "pharma", "investor"],
            "country": ["BE", "BE", "BE", "BE", "US", "CH", "GB"],
            "nuts": ["BE211", "BE242", "BE234", "BE310", "", "", ""],
            "tags": ["nbf"] * 4 + ["big_pharma", "big_pharma", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "id": ["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"],
            "kind": [
                "licence",
                "licence",
                "option",
                "equity_investment",
                "equity_investment",
                "acquisition",
                "rd_collaboration",
                "licence",
            ],
            "source": ["a", "a", "a", "p", "v", "q", "b", "w"],
            "target": ["p", "p", "q", "b", "b", "c", "p", "p"],
            "start": ["1999", "2001", "2001", "2002", "2003", "2004", "2002", "2005"],
            "value": [None, 100.0, 50.0, 30.0, 10.0, 500.0, None, 20.0],
            "currency": ["", "EUR", "USD", "EUR", "EUR", "EUR", "", "EUR"],
        }
    )
    return TemporalNetwork(ties, actors)


def test_components_by_hand():
    table = preferred_partners(hand_network(), "flanders", (2000, 2010)).set_index("firm")
    assert list(table.index) == ["a", "b", "c"]  # Walloon w is not in Flanders
    # a: p (t2) and q (t3); b: p (equity t4 and collaboration t7); c: acquisition only
    assert table["pharma_partners"].to_dict() == {"a": 2, "b": 1, "c": 0}
    # t2 repeats t1 of 1999 (before the period); b's t4 and t7 start the same day (2002)
    assert table["repeat_partnering"].to_dict() == {"a": 1, "b": 0, "c": 0}
    assert table["deal_value_eur"].to_dict() == {"a": 100.0, "b": 30.0, "c": 0.0}
    assert table["deal_value_usd"].to_dict() == {"a": 50.0, "b": 0.0, "c": 0.0}
    # undirected network of 2000-2010 ties: a-p, a-q, p-b, v-b, q-c, w-p
    assert table["degree"].to_dict() == {"a": 2, "b": 2, "c": 1}
    assert table.loc["c", "betweenness"] == 0.0
    # directed: a->p, a->q, p->b, v->b, q->c, b<->p, w->p; a->p->b: a, b region, p outside
    assert table.loc["a", "brokerage"] == 0
    scores = table["pharma_partners_score"].to_dict()
    assert scores == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert table.loc["a", "rank"] == 1
    assert table.loc["c", "score"] == pytest.approx(table.filter(like="_score").loc["c"].mean())


def test_weights_select_components():
    table = preferred_partners(
        hand_network(), "flanders", (2000, 2010), weights={"repeat_partnering": 1.0}
    ).set_index("firm")
    assert table["score"].to_dict() == {"a": 1.0, "b": 0.0, "c": 0.0}
    assert table["rank"].to_dict() == {"a": 1, "b": 2, "c": 2}
    with pytest.raises(ValueError, match="unknown weight"):
        preferred_partners(hand_network(), "flanders", P, weights={"size": 1.0})


def test_rank_score():
    assert rank_score([3, 1, 2]).tolist() == [1.0, 0.0, 0.5]
    assert rank_score([0, 0]).tolist() == [0.0, 0.0]
    assert rank_score([7]).tolist() == [0.0]


def test_global_partners_by_hand():
    table = global_partners(hand_network(), "flanders", (2000, 2010))
    # p: a (t2) and b (t4 pharma equity, t7); q: a (t3); acquisition t6 and investor v excluded
    assert table.to_dict("list") == {
        "partner": ["p", "q"],
        "name": ["P", "Q"],
        "country": ["US", "CH"],
        "kind": ["pharma", "pharma"],
        "firms": [2, 1],
        "ties": [3, 1],
    }
    wallonia = global_partners(hand_network(), "wallonia", (2000, 2010))
    assert wallonia[["partner", "firms", "ties"]].values.tolist() == [["p", 1, 1]]


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_preferred_partners(belgium):
    table = preferred_partners(belgium, "flanders", P)
    assert table["score"].between(0, 1).all()
    top = set(table["firm"].head(3))
    assert {"galapagos", "ablynx"} <= top
    assert table.set_index("firm").loc["ablynx", "pharma_partners"] >= 5
    assert table["rank"].is_monotonic_increasing
    wallonia = preferred_partners(belgium, "wallonia", P)
    assert not set(wallonia["firm"]) & set(table["firm"])


def test_belgian_global_partners(belgium):
    table = global_partners(belgium, "flanders", P)
    assert (table["kind"].head(5) == "pharma").all()
    assert "novartis" in set(table["partner"].head(5))
    assert table["firms"].ge(1).all()
    assert table["firms"].is_monotonic_decreasing
