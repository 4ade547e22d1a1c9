"""Triple Helix T(UIG): oracles T1 and T2 of shared/research/measures.md section 4.2."""

import math

import numpy as np
import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.triple_helix import mutual_information, sector_of, triple_helix

TOL = 1e-3

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


def _presence_table(counts: dict[str, int]) -> np.ndarray:
    table = np.zeros((2, 2, 2))
    for combo, n in counts.items():
        table[int("U" in combo), int("I" in combo), int("G" in combo)] = n
    return table


def test_t1_xor_is_minus_one_bit():
    # measures.md T1 [REF-TEST dit test_coinformation]: XOR co-information = -1 bit.
    xor = np.zeros((2, 2, 2))
    for x in (0, 1):
        for y in (0, 1):
            xor[x, y, x ^ y] = 1
    assert mutual_information(xor).t_xyz == pytest.approx(-1.0, abs=TOL)


def test_t1_giant_bit_and_independent():
    # measures.md T1 [HAND]: X = Y = Z gives +1 bit; independent uniform gives 0.
    giant = np.zeros((2, 2, 2))
    giant[0, 0, 0] = giant[1, 1, 1] = 5
    assert mutual_information(giant).t_xyz == pytest.approx(1.0, abs=TOL)
    result = mutual_information(np.ones((2, 3, 4)))
    assert result.t_xyz == pytest.approx(0.0, abs=TOL)
    assert result.h_x == pytest.approx(1.0) and result.h_y == pytest.approx(math.log2(3))


def test_t2_coauthorship_table():
    # measures.md T2 [HAND]: U 40, I 10, G 5, UI 20, UG 15, IG 3, UIG 7 (N = 100).
    table = _presence_table({"U": 40, "I": 10, "G": 5, "UI": 20, "UG": 15, "IG": 3, "UIG": 7})
    r = mutual_information(table)
    expected = {
        "h_x": 0.680077,
        "h_y": 0.970951,
        "h_z": 0.881291,
        "h_xy": 1.583135,
        "h_xz": 1.546454,
        "h_yz": 1.846439,
        "h_xyz": 2.372313,
        "t_xy": 0.067892,
        "t_xz": 0.014914,
        "t_yz": 0.005802,
        "t_xyz": -0.071397,
    }
    for name, value in expected.items():
        assert getattr(r, name) == pytest.approx(value, abs=TOL), name
    assert r.n == 100
    assert r.t_xyz_mbits == pytest.approx(-71.397, abs=1.0)


def test_t2_gto_table():
    # measures.md T2 [HAND]: G x T x O 3x2x2 table. measures.md says N = 180, but its cells
    # sum to 160 (50 + 50 + 60), and its entropies (H_G = 1.579434) are those of N = 160.
    table = np.array([[[30, 10], [5, 5]], [[10, 20], [10, 10]], [[5, 5], [20, 30]]], dtype=float)
    r = mutual_information(table)
    assert r.n == 160
    assert r.h_x == pytest.approx(1.579434, abs=TOL)
    assert r.h_y == pytest.approx(1.0, abs=TOL) and r.h_z == pytest.approx(1.0, abs=TOL)
    assert r.h_xy == pytest.approx(2.352217, abs=TOL)
    assert r.h_xz == pytest.approx(2.525710, abs=TOL)
    assert r.h_yz == pytest.approx(1.988699, abs=TOL)
    assert r.h_xyz == pytest.approx(3.280639, abs=TOL)
    assert r.t_xyz == pytest.approx(-0.006554, abs=TOL)


def test_probabilities_equal_counts_and_bad_input():
    table = _presence_table({"U": 40, "I": 10, "G": 5, "UI": 20, "UG": 15, "IG": 3, "UIG": 7})
    assert mutual_information(table / 100).t_xyz == pytest.approx(mutual_information(table).t_xyz)
    assert math.isnan(mutual_information(np.zeros((2, 2, 2))).t_xyz)
    with pytest.raises(ValueError, match="3-D"):
        mutual_information(np.ones((2, 2)))
    with pytest.raises(ValueError, match="non-negative"):
        mutual_information(-np.ones((2, 2, 2)))


def test_sectors():
    assert [sector_of(k) for k in ("university", "research_institute", "hospital")] == ["U"] * 3
    assert [sector_of(k) for k in ("biotech_firm", "pharma", "investor")] == ["I"] * 3
    assert [sector_of(k) for k in ("government", "cluster_organisation")] == ["G"] * 2
    assert sector_of("other") == ""


def _network() -> TemporalNetwork:
    # T2's seven cells cannot all occur with two-actor ties; this builds 4 cells by hand.
    actors = pd.DataFrame(
        {
            "id": ["f", "g", "p", "gov", "uni", "x"],
            "kind": ["biotech_firm", "biotech_firm", "pharma", "government", "university", "other"],
            "nuts": ["BE234", "BE310", "", "BE100", "BE242", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "kind": ["licence", "licence", "grant", "spin_off", "rd_collaboration", "other"],
            "source": ["f", "f", "gov", "uni", "uni", "x"],
            "target": ["p", "p", "f", "f", "gov", "p"],
            "start": ["2001", "2001", "2002", "2003", "2004", "2005"],
        }
    )
    return TemporalNetwork(ties, actors)


def test_triple_helix_by_hand():
    # issue 9 item 2 changed the default unit to deals; tie rows are counted with unit="tie"
    row = triple_helix(_network(), "flanders", P, unit="tie").iloc[0]
    # cells: I x2, IG, UI, UG; N = 5; the "other"-pharma tie is outside Flanders
    assert [int(row[c]) for c in ("ties", "n_U", "n_I", "n_G", "n_UI", "n_UG", "n_IG")] == [
        5, 0, 2, 0, 1, 1, 1,
    ]  # fmt: skip
    table = _presence_table({"I": 2, "IG": 1, "UI": 1, "UG": 1})
    assert row["t_uig"] == pytest.approx(mutual_information(table).t_xyz)
    assert row["t_uig_mbits"] == pytest.approx(1000 * row["t_uig"])
    # the pharma-other tie is coded I (industry present); region None counts it
    assert int(triple_helix(_network(), None, P, unit="tie").iloc[0]["n_I"]) == 3


def test_triple_helix_counts_deals_by_default():
    # the two same-day f-p licences are one deal: n = 4 observations over 5 tie rows
    row = triple_helix(_network(), "flanders", P).iloc[0]
    assert (row["unit"], int(row["n"]), int(row["ties"]), int(row["n_I"])) == ("deal", 4, 5, 1)
    table = _presence_table({"I": 1, "IG": 1, "UI": 1, "UG": 1})
    assert row["t_uig"] == pytest.approx(mutual_information(table).t_xyz)
    with pytest.raises(ValueError, match="unit"):
        triple_helix(_network(), "flanders", P, unit="row")


def test_a_deal_of_three_helices_fills_the_uig_cell():
    # a syndicated round: a university fund, a government fund and a pharma invest in f on
    # the same day. As ties: UI, IG, I (no UIG). As one deal: UIG.
    actors = pd.DataFrame(
        {
            "id": ["f", "ufund", "gfund", "p"],
            "kind": ["biotech_firm", "university", "government", "pharma"],
            "nuts": ["BE234", "BE242", "BE100", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "kind": ["equity_investment"] * 3,
            "source": ["ufund", "gfund", "p"],
            "target": ["f"] * 3,
            "start": ["2005-03-01"] * 3,
        }
    )
    net = TemporalNetwork(ties, actors)
    by_tie = triple_helix(net, "flanders", P, unit="tie").iloc[0]
    by_deal = triple_helix(net, "flanders", P).iloc[0]
    assert [int(by_tie[c]) for c in ("n", "n_UI", "n_IG", "n_I", "n_UIG")] == [3, 1, 1, 1, 0]
    assert [int(by_deal[c]) for c in ("n", "ties", "n_UIG")] == [1, 3, 1]


def test_membership_decides_the_region():
    # a government agency seated in Brussels (BE100) that belongs to Flanders' system
    actors = pd.DataFrame(
        {
            "id": ["f", "gov"],
            "kind": ["biotech_firm", "government"],
            "nuts": ["BE310", "BE100"],
            "systems": [(), ("flanders",)],
        }
    )
    ties = pd.DataFrame({"kind": ["grant"], "source": ["gov"], "target": ["f"], "start": ["2003"]})
    net = TemporalNetwork(ties, actors)
    assert int(triple_helix(net, "flanders", P).iloc[0]["n"]) == 1
    assert int(triple_helix(net, "flanders", P, membership="location").iloc[0]["n"]) == 0
    assert int(triple_helix(net, "brussels", P, membership="location").iloc[0]["n"]) == 1


def test_triple_helix_windows_and_regions():
    out = triple_helix(_network(), ["flanders", "wallonia"], (2001, 2005), step=2)
    assert out[["region", "start", "end"]].values.tolist() == [
        ["flanders", 2001, 2002],
        ["flanders", 2003, 2004],
        ["flanders", 2005, 2005],
        ["wallonia", 2001, 2002],
        ["wallonia", 2003, 2004],
        ["wallonia", 2005, 2005],
    ]
    assert out["ties"].tolist() == [3, 2, 0, 0, 0, 0]
    assert out["t_uig"].isna().tolist() == [False, False, True, True, True, True]
    with pytest.raises(ValueError, match="step"):
        triple_helix(_network(), None, P, step=0)


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_data(belgium):
    out = triple_helix(belgium, ["flanders", "wallonia", "brussels"], P, unit="tie")
    assert (out["ties"] > 20).all()
    # ties have two actors: no UIG cell; industry dominates the ties
    assert (out["n_UIG"] == 0).all()
    assert (out["n_I"] > out["n_UI"]).all()
    # two-dimensional mutual informations are non-negative; T is finite
    assert (out[["t_ui", "t_ug", "t_ig"]] >= -1e-12).all().all()
    assert out["t_uig"].notna().all()
    assert np.allclose(
        out["t_uig"],
        out.h_u + out.h_i + out.h_g - out.h_ui - out.h_ug - out.h_ig + out.h_uig,
    )


def test_belgian_data_by_deal(belgium):
    by_tie = triple_helix(belgium, ["flanders", "wallonia"], P, unit="tie")
    by_deal = triple_helix(belgium, ["flanders", "wallonia"], P)
    # collapsing rounds never adds observations; a deal that touches the region brings
    # all its rows (a regional fund in a foreign firm's round brings the other investors)
    assert (by_deal["n"] <= by_tie["n"]).all() and (by_deal["n"] < by_deal["ties"]).any()
    assert (by_deal["ties"] >= by_tie["ties"]).all()
