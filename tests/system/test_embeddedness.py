"""Geographic shares, E-I index and gatekeepers: hand-checked network and Belgian data."""

import numpy as np
import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.embeddedness import (
    EUROPE,
    actor_geography,
    gatekeepers,
    geographic_shares,
    region_ei,
)

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


def hand_network() -> TemporalNetwork:
    # a, b: Flemish NBFs; u: Flemish university; w: Walloon NBF; f: French; p: US; x: unknown
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "u", "w", "f", "p", "x"],
            "name": list("ABUWFPX"),
            "kind": [
                "biotech_firm",
                "biotech_firm",
                "university",
                "biotech_firm",
                "pharma",
                "pharma",
                "investor",
            ],
            "country": ["BE", "BE", "BE", "BE", "FR", "US", ""],
            "nuts": ["BE211", "BE242", "BE242", "BE310", "", "", ""],
            "tags": ["nbf", "nbf", "", "nbf", "", "", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(1, 8)],
            "kind": [
                "spin_off",
                "licence",
                "licence",
                "option",
                "licence",
                "equity_investment",
                "licence",
            ],
            "source": ["u", "a", "b", "a", "b", "x", "f"],
            "target": ["a", "b", "w", "f", "p", "a", "p"],
            "start": ["2000", "2000", "2001", "2001", "2001", "2002", "2002"],
        }
    )
    return TemporalNetwork(ties, actors)


def test_europe_list():
    assert {"BE", "FR", "DE", "GB", "CH", "NO"} <= EUROPE
    assert not {"US", "JP", "CN", "RU", "TR"} & EUROPE


def test_geographic_shares_by_hand():
    table = geographic_shares(hand_network(), "flanders", (2000, 2002), unit="tie").set_index(
        "year"
    )
    # 2000: u-a (region), a-b (region); 2001: b-w (country), a-f (europe), b-p (outside);
    # 2002: x-a (unknown); f-p has no Flemish NBF
    assert table["ties"].to_dict() == {2000: 2, 2001: 3, 2002: 1}
    assert table.loc[2000, ["region", "country", "europe", "outside", "unknown"]].tolist() == [
        2,
        0,
        0,
        0,
        0,
    ]
    assert table.loc[2001, ["region", "country", "europe", "outside", "unknown"]].tolist() == [
        0,
        1,
        1,
        1,
        0,
    ]
    assert table.loc[2002, "share_unknown"] == 1.0
    shares = table.filter(like="share_").sum(axis=1)
    assert np.allclose(shares, 1.0)


def test_actor_geography_by_hand():
    table = actor_geography(hand_network(), "flanders", (2000, 2002), unit="tie")
    table = table.set_index("actor")
    assert list(table.index) == ["a", "b", "u"]  # by ties, then id
    assert table.loc["a", ["ties", "region", "europe", "unknown"]].tolist() == [4, 2, 1, 1]
    assert table.loc["b", ["ties", "region", "country", "outside"]].tolist() == [3, 1, 1, 1]
    assert table.loc["u", "share_region"] == 1.0
    assert table["nbf"].to_dict() == {"a": True, "b": True, "u": False}


def test_region_ei_by_hand():
    table = region_ei(hand_network(), "flanders", (2000, 2003)).set_index("year")
    assert table.loc[2000, ["internal", "external", "ei_index"]].tolist() == [2.0, 0.0, -1.0]
    assert table.loc[2001, ["internal", "external", "ei_index"]].tolist() == [0.0, 3.0, 1.0]
    assert table.loc[2002, "ei_index"] == 1.0  # x-a crosses; f-p is internal to "outside"
    assert table.loc[2002, "network_ei"] == 0.0
    assert np.isnan(table.loc[2003, "ei_index"])
    cumulative = region_ei(hand_network(), "flanders", (2000, 2002), cumulative=True)
    assert cumulative.set_index("year").loc[2002, "ei_index"] == pytest.approx((4 - 2) / 6)


def test_gatekeepers_by_hand():
    table = gatekeepers(hand_network(), "flanders", (2000, 2002)).set_index("actor")
    # broker a: u->a->b coordinator, u->a->f representative, x->a->b gatekeeper,
    # x->a->f consultant; broker b: a->b->w and a->b->p representatives (w is Walloon)
    assert table.loc["a", "gatekeeper"] == 1
    assert table.loc["a", "representative"] == 1
    assert table.loc["b", "representative"] == 2
    assert table.loc["b", "gatekeeper"] == 0
    assert "u" not in table.index
    assert table["brokerage"].is_monotonic_decreasing


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_embeddedness(belgium):
    shares = geographic_shares(belgium, "flanders", P)
    assert np.allclose(shares.filter(like="share_").sum(axis=1), 1.0)
    total = shares[["region", "country", "europe", "outside", "unknown"]].sum()
    assert total["europe"] + total["outside"] > total["region"]  # globally integrated
    actors = actor_geography(belgium, "flanders", P).set_index("actor")
    assert actors.loc["vib", "share_region"] > 0.5  # VIB is a local channel
    assert actors.loc["galapagos", "share_region"] < 0.5
    ei = region_ei(belgium, "flanders", P)
    assert ei["ei_index"].dropna().between(-1, 1).all()
    brokers = gatekeepers(belgium, "flanders", P)
    assert {"galapagos", "ablynx", "biocartis"} <= set(brokers["actor"].head(6))
