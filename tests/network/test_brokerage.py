"""Tests of the Gould & Fernandez brokerage roles against sna oracles and a triple loop."""

from __future__ import annotations

import itertools
import math

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.network import brokerage
from bioregion.network.brokerage import ROLES, SNA_ROLE_NAMES, gould_fernandez

TOL = 1e-3

# Appendix B of measures.md: the advice network of Everett & Borgatti (2026), from netmem
# tests/testthat/test_categories.R, with the single partition given there.
ADVICE = {
    "Barb": ["Gavin", "Larry"],
    "Chuck": ["Barb", "Dave", "Gavin", "Ilse"],
    "Dave": ["Chuck", "Frank", "Ilse"],
    "Ellen": ["Barb", "Gavin", "Ilse", "Larry"],
    "Frank": ["Dave", "Ellen", "Gavin", "Ilse", "Larry"],
    "Gavin": ["Barb", "Ellen", "Frank", "Helen", "Karen"],
    "Helen": ["Barb", "Gavin"],
    "Ilse": ["Chuck", "Dave", "Frank", "Joe", "Larry"],
    "Joe": ["Barb", "Ellen", "Ilse", "Larry"],
    "Karen": ["Dave", "Gavin", "Helen"],
    "Larry": ["Chuck"],
}
ADVICE_GROUPS = {
    "Barb": "G2",
    "Chuck": "G4",
    "Dave": "G1",
    "Ellen": "G2",
    "Frank": "G4",
    "Gavin": "G1",
    "Helen": "G2",
    "Ilse": "G1",
    "Joe": "G4",
    "Karen": "G3",
    "Larry": "G3",
}


def named_digraph(arcs: list[tuple[str, str]], names: list[str] | None = None) -> ig.Graph:
    g = ig.Graph(directed=True)
    g.add_vertices(names or sorted({x for arc in arcs for x in arc}))
    g.add_edges(arcs)
    return g


def advice_graph() -> ig.Graph:
    return named_digraph([(a, b) for a, outs in ADVICE.items() for b in outs], list(ADVICE))


def test_b1_sna_raw_counts_and_role_mapping() -> None:
    # B1 [REF-TEST]: netmem tests/testthat/test_categories.R, values from sna 2.8 brokerage();
    # re-verified with sna 2.7-1 (measures.md section 1.4).
    arcs = [("a", "b"), ("a", "e"), ("b", "c"), ("b", "d"), ("c", "a")]
    arcs += [("c", "d"), ("d", "e"), ("e", "b"), ("e", "c")]
    result = gould_fernandez(named_digraph(arcs), {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3})
    expected = pd.DataFrame(
        [
            [0, 0, 0, 1, 1, 2],
            [0, 0, 2, 0, 1, 3],
            [0, 1, 0, 1, 1, 3],
            [0, 0, 1, 0, 1, 2],
            [0, 1, 0, 0, 2, 3],
        ],
        index=pd.Index(list("abcde"), name="actor"),
        columns=list(ROLES),
    )
    pd.testing.assert_frame_equal(result.raw, expected)
    # Representative = b_IO: b brokers a -> b -> c and a -> b -> d out of group 1 (a, b in 1).
    # Gatekeeper = b_OI: a brokers c -> a -> b into group 1 (c in group 2, a and b in 1).
    assert result.raw.loc["b", "representative"] == 2
    assert result.raw.loc["b", "gatekeeper"] == 0
    assert result.raw.loc["a", "gatekeeper"] == 1
    assert result.raw.loc["a", "representative"] == 0
    assert SNA_ROLE_NAMES["representative"] == "b_IO"
    assert SNA_ROLE_NAMES["gatekeeper"] == "b_OI"


def b2_graph() -> ig.Graph:
    arcs = [("A", "B"), ("A", "C"), ("B", "C"), ("B", "D"), ("C", "D"), ("D", "A")]
    return named_digraph(arcs)


B2_GROUPS = {"A": 1, "B": 1, "C": 2, "D": 2}


def test_b2_sna_raw_expected_and_network_z() -> None:
    # B2 [REF-RUN sna 2.7-1]: the cograph docs example (measures.md section 1.4).
    result = gould_fernandez(b2_graph(), B2_GROUPS)
    raw = result.raw
    assert raw.loc["A"].tolist() == [0, 1, 0, 1, 0, 2]
    assert raw.loc["B"].tolist() == [0, 0, 1, 0, 0, 1]
    assert raw.loc["C"].tolist() == [0, 0, 0, 1, 0, 1]
    assert raw.loc["D"].tolist() == [0, 1, 1, 0, 0, 2]
    assert result.density == pytest.approx(0.5, abs=TOL)
    for actor in "ABCD":
        np.testing.assert_allclose(
            result.expected.loc[actor], [0, 0.25, 0.25, 0.25, 0, 0.75], atol=TOL
        )
    z = result.network.loc["z"]
    assert z["consultant"] == pytest.approx(0.894427, abs=TOL)
    assert z["representative"] == pytest.approx(1.0, abs=TOL)
    assert z["gatekeeper"] == pytest.approx(1.0, abs=TOL)
    assert z["total"] == pytest.approx(1.549193, abs=TOL)
    assert math.isnan(z["coordinator"])
    assert math.isnan(z["liaison"])
    # Node z-scores are NaN exactly where sd == 0 (no same-group third actor, no third group)
    assert result.z["coordinator"].isna().all()
    assert result.z["liaison"].isna().all()
    assert result.z["total"].notna().all()


def test_b6_advice_network_all_rows() -> None:
    # B6 [REF-RUN sna 2.7-1]: advice network of Appendix B with the netmem partition
    # (measures.md section 1.4). Rows are w_I, w_O, b_IO, b_OI, b_O, t.
    rows = {
        "Barb": [0, 0, 1, 0, 3, 4],
        "Chuck": [0, 2, 0, 0, 6, 8],
        "Dave": [0, 2, 0, 1, 2, 5],
        "Ellen": [0, 1, 0, 1, 2, 4],
        "Frank": [0, 4, 0, 0, 4, 8],
        "Gavin": [0, 5, 0, 0, 15, 20],
        "Helen": [0, 0, 0, 1, 0, 1],
        "Ilse": [0, 6, 2, 2, 4, 14],
        "Joe": [0, 0, 0, 0, 2, 2],
        "Karen": [0, 1, 0, 0, 0, 1],
        "Larry": [0, 2, 0, 0, 2, 4],
    }
    result = gould_fernandez(advice_graph(), ADVICE_GROUPS)
    for actor, values in rows.items():
        assert result.raw.loc[actor].tolist() == values, actor
    net = result.network
    np.testing.assert_allclose(net.loc["raw"], [0, 23, 3, 5, 40, 71], atol=TOL)
    np.testing.assert_allclose(
        net.loc["expected"], [1.4060, 12.6543, 12.6543, 12.6543, 37.9628, 77.3316], atol=TOL
    )
    np.testing.assert_allclose(
        net.loc["z"], [-1.0745, 2.0542, -1.8541, -1.4700, 0.2096, -0.3701], atol=TOL
    )
    assert result.density == pytest.approx(0.3454545, abs=TOL)


# ----------------------------------------------------------------------------------------------
# Direct implementations to cross-check against


def loop_counts(n: int, edges: list[tuple[int, int]], groups: list[int], directed: bool):
    """Obviously correct triple loop over (a, b, c), in ROLES order."""
    arcs = {(u, v) for u, v in edges if u != v}
    if not directed:
        arcs |= {(v, u) for u, v in arcs}
    counts = np.zeros((n, 6), dtype=np.int64)
    for a, b, c in itertools.permutations(range(n), 3):
        if (a, b) not in arcs or (b, c) not in arcs or (a, c) in arcs:
            continue
        ga, gb, gc = groups[a], groups[b], groups[c]
        if ga == gb == gc:
            role = 0
        elif ga == gc:
            role = 1
        elif ga == gb:
            role = 2
        elif gb == gc:
            role = 3
        else:
            role = 4
        counts[b, role] += 1
        counts[b, 5] += 1
    return counts


def sna_moments(sizes: np.ndarray, big_n: float, d: float):
    """Line-by-line transcription of the loops of sna R/models.R brokerage()."""
    q, r = d**2 * (1 - d), d**3 * (1 - d) ** 3
    s4, s5 = d**4 * (1 - d) ** 2, d**5 * (1 - d)
    k = len(sizes)
    ebr, vbr = np.zeros((k, 6)), np.zeros((k, 6))
    for i in range(k):
        ni, other = sizes[i], np.delete(sizes, i)
        ebr[i, 0] = q * (ni - 1) * (ni - 2)
        vbr[i, 0] = ebr[i, 0] * (1 - q) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * r
        ebr[i, 1] = q * np.sum(other * (other - 1))
        vbr[i, 1] = ebr[i, 1] * (1 - q) + 2 * np.sum(other * (other - 1) * (other - 2)) * r
        ebr[i, 2] = ebr[i, 3] = q * (big_n - ni) * (ni - 1)
        c2 = math.comb(int(big_n - ni), 2) * (ni - 1) + (big_n - ni) * math.comb(int(ni - 1), 2)
        vbr[i, 2] = vbr[i, 3] = ebr[i, 2] * (1 - q) + 2 * c2 * r
        ebr[i, 4] = q * (np.sum(np.outer(other, other)) - np.sum(other**2))
        ch = [math.comb(int(big_n - nj - ni), 2) for nj in other]
        vbr[i, 4] = ebr[i, 4] * (1 - q) + 4 * np.sum(other * np.array(ch, dtype=float) * r)
        ebr[i, 5] = q * (big_n - 1) * (big_n - 2)
        vbr[i, 5] = ebr[i, 5] * (1 - q) + 2 * (big_n - 1) * (big_n - 2) * (big_n - 3) * r
    n, big = sizes, big_n
    eg, vg = np.zeros(6), np.zeros(6)
    eg[0] = q * np.sum(n * (n - 1) * (n - 2))
    vg[0] = eg[0] * (1 - q) + np.sum(
        n * (n - 1) * (n - 2) * ((4 * n - 10) * r - 4 * (n - 3) * s4 + (n - 3) * s5)
    )
    eg[1] = q * np.sum(n * (big - n) * (n - 1))
    outer = sum(
        x * y * (x - 1) * ((2 * x + 2 * y - 6) * r + (big - x - 1) * s5) for x in n for y in n
    )
    vg[1] = (
        eg[1] * (1 - q) + outer - np.sum(n * n * (n - 1) * ((4 * n - 6) * r + (big - n - 1) * s5))
    )
    eg[2] = eg[3] = q * np.sum(n * (big - n) * (n - 1))
    vg[2] = vg[3] = eg[2] * (1 - q) + np.sum(
        n * (big - n) * (n - 1) * ((big - 3) * r + (n - 2) * s5)
    )
    eg[4] = q * (sum(x * y * (big - x - y) for x in n for y in n) - np.sum(n * n * (big - 2 * n)))
    vg[4] = eg[4] * (1 - q)
    for i, j, h in itertools.permutations(range(k), 3):
        ni, nj, nh = n[i], n[j], n[h]
        vg[4] += (
            ni
            * nj
            * nh
            * (
                (4 * (big - nj) - 2 * (ni + nh + 1)) * r
                - (4 * (big - nh) - 2 * (ni + nj + 1)) * s4
                + (big - (ni + nh + 1)) * s5
            )
        )
    eg[5] = q * big * (big - 1) * (big - 2)
    vg[5] = eg[5] * (1 - q) + big * (big - 1) * (big - 2) * (
        (4 * big - 10) * r - 4 * (big - 3) * s4 + (big - 3) * s5
    )
    return ebr, vbr, eg, vg


@st.composite
def partitioned_graphs(draw, directed: bool | None = None):
    n = draw(st.integers(0, 11))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)) if n else st.nothing()
    edges = draw(st.lists(pairs, max_size=45)) if n else []
    is_directed = draw(st.booleans()) if directed is None else directed
    k = draw(st.integers(2, 4))
    groups = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    return n, edges, groups, is_directed


def build(n: int, edges: list[tuple[int, int]], groups: list[int], directed: bool):
    g = ig.Graph(n=n, edges=edges, directed=directed)  # may hold self-loops and multi-edges
    g.vs["name"] = [f"v{i}" for i in range(n)]
    return g, {f"v{i}": grp for i, grp in enumerate(groups)}


@settings(max_examples=30, deadline=None)
@given(partitioned_graphs())
def test_raw_counts_match_triple_loop(case) -> None:
    n, edges, groups, directed = case
    g, partition = build(n, edges, groups, directed)
    result = gould_fernandez(g, partition)
    np.testing.assert_array_equal(result.raw.to_numpy(), loop_counts(n, edges, groups, directed))


@settings(max_examples=30, deadline=None)
@given(partitioned_graphs(directed=False))
def test_undirected_graphs_match_triple_loop_on_symmetric_digraph(case) -> None:
    n, edges, groups, _ = case
    g, partition = build(n, edges, groups, False)
    raw = gould_fernandez(g, partition).raw
    np.testing.assert_array_equal(raw.to_numpy(), loop_counts(n, edges, groups, False))
    # Ordered counts on symmetric data: every unordered open pair counted twice
    assert (raw["representative"] == raw["gatekeeper"]).all()
    for role in ("coordinator", "consultant", "liaison", "total"):
        assert (raw[role] % 2 == 0).all()


@settings(max_examples=30, deadline=None)
@given(partitioned_graphs(directed=True), st.integers(1, 64))
def test_row_blocks_and_reversal(case, block_work) -> None:
    n, edges, groups, _ = case
    g, partition = build(n, edges, groups, True)
    expected = loop_counts(n, edges, groups, True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(brokerage, "_BLOCK_WORK", block_work)  # force many row blocks
        np.testing.assert_array_equal(gould_fernandez(g, partition).raw.to_numpy(), expected)
    # Reversing every arc swaps representative and gatekeeper, keeps the rest
    reversed_graph, _ = build(n, [(v, u) for u, v in edges], groups, True)
    swapped = gould_fernandez(reversed_graph, partition).raw.to_numpy()
    np.testing.assert_array_equal(swapped, expected[:, [0, 1, 3, 2, 4, 5]])


@settings(max_examples=30, deadline=None)
@given(partitioned_graphs(), st.integers(0, 2**32 - 1))
def test_moments_match_sna_transcription(case, seed) -> None:
    n, edges, groups, directed = case
    g, partition = build(n, edges, groups, directed)
    result = gould_fernandez(g, partition)
    if n < 3:
        return
    codes, _ = pd.factorize(pd.Series(groups))
    sizes = np.bincount(codes).astype(float)
    ebr, vbr, eg, vg = sna_moments(sizes, float(n), result.density)
    np.testing.assert_allclose(result.expected.to_numpy(), ebr[codes], atol=1e-9)
    np.testing.assert_allclose(result.sd.to_numpy(), np.sqrt(vbr[codes]), atol=1e-9)
    np.testing.assert_allclose(result.network.loc["expected"], eg, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(result.network.loc["sd"], np.sqrt(vg), rtol=1e-9, atol=1e-9)
    raw = result.raw.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (raw - ebr[codes]) / np.sqrt(vbr[codes])
    np.testing.assert_allclose(result.z.to_numpy(), np.where(vbr[codes] > 0, z, np.nan))
    # The moments do not depend on the actual ties beyond the density: also try other densities
    d = np.random.default_rng(seed).uniform(0, 1)
    _, _, eg2, vg2 = sna_moments(sizes, float(n), d)
    exp2, var2 = brokerage._network_moments(sizes.astype(np.int64), d)
    np.testing.assert_allclose(exp2, eg2, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(var2, vg2, rtol=1e-9, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(partitioned_graphs(), st.lists(st.integers(0, 3), min_size=11, max_size=11))
def test_total_does_not_depend_on_partition(case, regroup) -> None:
    n, edges, groups, directed = case
    g, partition = build(n, edges, groups, directed)
    other = {name: regroup[i] for i, name in enumerate(partition)}
    first, second = gould_fernandez(g, partition).raw, gould_fernandez(g, other).raw
    pd.testing.assert_series_equal(first["total"], second["total"])
    parts = first[list(ROLES[:5])].sum(axis=1)
    pd.testing.assert_series_equal(first["total"], parts, check_names=False)


def test_partition_from_vertex_attribute_and_missing_actors() -> None:
    g = b2_graph()
    g.vs["team"] = [B2_GROUPS[name] for name in g.vs["name"]]
    by_attribute = gould_fernandez(g, "team")
    pd.testing.assert_frame_equal(by_attribute.raw, gould_fernandez(g, B2_GROUPS).raw)
    with pytest.raises(ValueError, match="'C', 'D'"):
        gould_fernandez(g, {"A": 1, "B": 1})
    with pytest.raises(ValueError, match="no vertex attribute 'region'"):
        gould_fernandez(g, "region")
    g.vs["region"] = ["north", None, "south", "north"]
    with pytest.raises(ValueError, match=r"1 actor.*'B'"):
        gould_fernandez(g, "region")
    with pytest.raises(ValueError, match="'D'"):
        gould_fernandez(g, {**B2_GROUPS, "D": float("nan")})


def test_weights_parallel_edges_loops_and_isolates_do_not_matter() -> None:
    g = b2_graph()
    g.es["weight"] = [5.0] * g.ecount()
    g.add_vertex("E")
    g.add_edges([("A", "B"), ("C", "C")])  # a parallel arc and a self-loop
    result = gould_fernandez(g, {**B2_GROUPS, "E": 3})
    assert result.raw.loc["E"].tolist() == [0] * 6
    assert result.raw.loc[list("ABCD")].to_numpy().tolist() == (
        gould_fernandez(b2_graph(), B2_GROUPS).raw.to_numpy().tolist()
    )


def test_undirected_star_halving_convention() -> None:
    # Centre c of an undirected star with leaves in two groups: every leaf pair is open.
    g = ig.Graph.Star(4)
    g.vs["name"] = ["c", "x1", "x2", "y1"]
    raw = gould_fernandez(g, {"c": "x", "x1": "x", "x2": "x", "y1": "y"}).raw.loc["c"]
    # Unordered pairs: {x1, x2} coordinator; {x1, y1}, {x2, y1} representative/gatekeeper
    assert raw.tolist() == [2, 0, 2, 2, 0, 6]
    assert raw["coordinator"] / 2 == 1
    assert raw["representative"] == 2  # = number of unordered pairs linking x to y


def test_empty_and_tiny_graphs() -> None:
    empty = gould_fernandez(ig.Graph(directed=True), {})
    assert empty.raw.shape == (0, 6)
    assert empty.network.loc["raw"].tolist() == [0.0] * 6
    pair = ig.Graph(n=2, edges=[(0, 1)], directed=True)
    pair.vs["name"] = ["a", "b"]
    result = gould_fernandez(pair, {"a": 0, "b": 1})
    assert result.raw.to_numpy().sum() == 0
    assert result.z.isna().all().all()


@pytest.mark.parametrize("sizes", [[1], [7], [5, 2], [600_000, 500_000, 3], [2_000_000, 3, 1]])
def test_moments_are_exact_for_large_and_single_groups(sizes) -> None:
    # Big groups next to tiny ones: the sums over the other groups must not lose the tiny ones
    # to rounding (int64 or Python ints are used, then the sna transcription is compared).
    sizes = np.array(sizes)
    for d in (0.001, 0.3):
        ebr, vbr, eg, vg = sna_moments(sizes.astype(float), float(sizes.sum()), d)
        exp, var = brokerage._group_moments(sizes, d)
        np.testing.assert_allclose(exp, ebr, rtol=1e-12)
        np.testing.assert_allclose(var, vbr, rtol=1e-12)
        exp, var = brokerage._network_moments(sizes, d)
        # sna's E[b_O] = q [sum_xy x y (N - x - y) - sum n^2 (N - 2n)] cancels badly in floats;
        # the exact value is q times the sum over ordered triples of distinct groups
        distinct = itertools.permutations([int(x) for x in sizes], 3)
        eg[4] = d * d * (1 - d) * sum(a * b * c for a, b, c in distinct)
        np.testing.assert_allclose(exp, eg, rtol=1e-9)
        np.testing.assert_allclose(var, vg, rtol=1e-9, atol=1e-9 * abs(vg).max())
    if len(sizes) == 1:  # one group: only coordinators and totals vary
        assert (var[1:5] == 0).all()
