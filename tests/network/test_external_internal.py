"""Tests of the Krackhardt & Stern E-I index against oracles and a direct loop."""

from __future__ import annotations

import itertools
import math

import igraph as ig
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.network import external_internal as ei_module
from bioregion.network.external_internal import ei_index, ei_permutation_test

TOL = 1e-3

# E2 [REF-TEST netseg tests/testthat/test-ei.R; data-raw/Catania.csv]: the Catania et al.
# partnership mixing table, male race (rows) x female race (columns) (measures.md section 2.2).
RACES = ["black", "hispanic", "white", "other"]
CATANIA = np.array(
    [
        [506, 32, 69, 26],
        [23, 308, 114, 38],
        [26, 46, 599, 68],
        [10, 14, 47, 32],
    ]
)

# Appendix B of measures.md: the advice network of Everett & Borgatti (2026), from netmem.
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
ADVICE_GROUPS = dict(
    zip(ADVICE, ["G2", "G4", "G1", "G2", "G4", "G1", "G2", "G1", "G4", "G3", "G3"], strict=True)
)


def catania_graph() -> tuple[ig.Graph, dict[str, str]]:
    """One arc man -> woman per partnership in the mixing table (1958 disjoint dyads)."""
    edges, partition = [], {}
    for (row, col), count in np.ndenumerate(CATANIA):
        for _ in range(count):
            man, woman = f"m{len(partition)}", f"f{len(partition) + 1}"
            partition[man], partition[woman] = RACES[row], RACES[col]
            edges.append((man, woman))
    g = ig.Graph(directed=True)
    g.add_vertices(list(partition))
    g.add_edges(edges)
    return g, partition


def advice_graph() -> ig.Graph:
    g = ig.Graph(directed=True)
    g.add_vertices(list(ADVICE))
    g.add_edges([(a, b) for a, outs in ADVICE.items() for b in outs])
    return g


def test_e2_catania_whole_network() -> None:
    # E2: EI = (513 - 1445) / 1958 = -0.475996 [HAND; equals the netseg definition].
    g, partition = catania_graph()
    result = ei_index(g, partition)
    assert result.network == pytest.approx(-0.475996, abs=TOL)
    assert (result.internal, result.external) == (1445.0, 513.0)
    # Group level [HAND from the same table]: I_k = diagonal, E_k = off-diagonal row + column
    groups = result.groups.loc[RACES]
    diagonal = np.diag(CATANIA)
    off = CATANIA.sum(axis=0) + CATANIA.sum(axis=1) - 2 * diagonal
    np.testing.assert_allclose(groups["internal"], diagonal)
    np.testing.assert_allclose(groups["external"], off)
    assert groups.loc["black", "ei_index"] == pytest.approx((186 - 506) / 692, abs=TOL)
    # Undirected edges give the same whole-network value
    undirected = ei_index(g.as_undirected(), partition)
    assert undirected.network == pytest.approx(-0.475996, abs=TOL)


def test_netmem_individual_out_ties_dave() -> None:
    # [REF-TEST] netmem tests/testthat/test_categories.R: with a partition, the individual E-I
    # over out-alters; Dave (G1) -> Chuck (G4), Frank (G4), Ilse (G1): (2 - 1) / 3.
    result = ei_index(advice_graph(), ADVICE_GROUPS, mode="out")
    assert result.actors.loc["Dave", "ei_index"] == pytest.approx(1 / 3, abs=TOL)
    # [HAND] all arcs of Dave add the in-arcs of Chuck, Frank, Ilse and Karen (G3): (5 - 2) / 7
    both = ei_index(advice_graph(), ADVICE_GROUPS)
    assert both.actors.loc["Dave", "ei_index"] == pytest.approx(3 / 7, abs=TOL)
    assert both.actors.loc["Dave", "group"] == "G1"
    # [HAND] in-arcs only: Chuck, Frank, Karen external, Ilse internal
    incoming = ei_index(advice_graph(), ADVICE_GROUPS, mode="in")
    assert incoming.actors.loc["Dave", "ei_index"] == pytest.approx(0.5, abs=TOL)


def test_expected_value_and_share_identities() -> None:
    # [HAND] measures.md section 2.1: E_max = sum_{g<h} n_g n_h, I_max = sum_g n_g (n_g - 1) / 2.
    g, partition = catania_graph()
    result = ei_index(g, partition)
    sizes = result.groups["size"].to_numpy()
    e_max = sum(a * b for a, b in itertools.combinations(sizes, 2))
    i_max = (sizes * (sizes - 1) / 2).sum()
    assert result.expected == pytest.approx((e_max - i_max) / (e_max + i_max), abs=1e-12)
    local_share = result.internal / (result.internal + result.external)
    assert local_share == pytest.approx((1 - result.network) / 2, abs=1e-12)
    ratio = result.external / result.internal
    assert ratio == pytest.approx((1 + result.network) / (1 - result.network), abs=1e-12)


def loop_ei(n, edges, weights, groups, directed, weighted, mode):
    """Direct E-I: lists of ties, then plain loops."""
    if weighted:
        ties = [(u, v, w) for (u, v), w in zip(edges, weights, strict=True) if u != v]
    else:
        keys = {(u, v) if directed else (min(u, v), max(u, v)) for u, v in edges if u != v}
        ties = [(u, v, 1.0) for u, v in sorted(keys)]
    ext = sum(w for u, v, w in ties if groups[u] != groups[v])
    int_ = sum(w for u, v, w in ties if groups[u] == groups[v])
    by_group = {}
    for k in set(groups):
        i_k = sum(w for u, v, w in ties if groups[u] == groups[v] == k)
        e_k = sum(w for u, v, w in ties if groups[u] != groups[v] and k in (groups[u], groups[v]))
        by_group[k] = (i_k, e_k)
    by_actor = []
    for i in range(n):
        i_i = e_i = 0.0
        for u, v, w in ties:
            ends = [u, v] if not directed or mode == "all" else ([u] if mode == "out" else [v])
            for end in ends:
                if end == i:
                    if groups[u] == groups[v]:
                        i_i += w
                    else:
                        e_i += w
        by_actor.append((i_i, e_i))
    return int_, ext, by_group, by_actor


def ratio(e, i):
    return (e - i) / (e + i) if e + i > 0 else math.nan


@st.composite
def weighted_graphs(draw):
    n = draw(st.integers(0, 10))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)) if n else st.nothing()
    edges = draw(st.lists(pairs, max_size=40)) if n else []
    weights = draw(st.lists(st.floats(0.1, 10), min_size=len(edges), max_size=len(edges)))
    k = draw(st.integers(2, 4))
    groups = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    return n, edges, weights, groups, draw(st.booleans())


def build(n, edges, weights, groups, directed):
    g = ig.Graph(n=n, edges=edges, directed=directed)
    g.vs["name"] = [f"v{i}" for i in range(n)]
    g.es["weight"] = weights
    return g, {f"v{i}": grp for i, grp in enumerate(groups)}


@settings(max_examples=30, deadline=None)
@given(weighted_graphs(), st.booleans(), st.sampled_from(["all", "out", "in"]))
def test_matches_direct_loop(case, weighted, mode) -> None:
    n, edges, weights, groups, directed = case
    g, partition = build(n, edges, weights, groups, directed)
    result = ei_index(g, partition, mode=mode, weight="weight" if weighted else None)
    int_, ext, by_group, by_actor = loop_ei(n, edges, weights, groups, directed, weighted, mode)
    assert result.internal == pytest.approx(int_)
    assert result.external == pytest.approx(ext)
    np.testing.assert_allclose(result.network, ratio(ext, int_), equal_nan=True)
    for k, (i_k, e_k) in by_group.items():
        row = result.groups.loc[k]
        assert (row["internal"], row["external"]) == (pytest.approx(i_k), pytest.approx(e_k))
        np.testing.assert_allclose(row["ei_index"], ratio(e_k, i_k), equal_nan=True)
        assert row["size"] == groups.count(k)
    actors = result.actors
    assert list(actors.index) == [f"v{i}" for i in range(n)]
    np.testing.assert_allclose(actors["internal"], [a for a, _ in by_actor])
    np.testing.assert_allclose(actors["external"], [b for _, b in by_actor])
    expected = [ratio(e, i) for i, e in by_actor]
    np.testing.assert_allclose(actors["ei_index"], expected, equal_nan=True)
    assert list(actors["group"]) == groups


@settings(max_examples=30, deadline=None)
@given(weighted_graphs(), st.integers(0, 2**32 - 1), st.integers(1, 50))
def test_permutation_test_matches_loop(case, seed, batch_cells) -> None:
    n, edges, weights, groups, directed = case
    g, partition = build(n, edges, weights, groups, directed)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ei_module, "_BATCH_CELLS", batch_cells)  # several batches
        test = ei_permutation_test(g, partition, n_permutations=40, seed=seed)
    observed = ei_index(g, partition)
    np.testing.assert_allclose(test.observed, observed.network, equal_nan=True)
    np.testing.assert_allclose(test.expected, observed.expected, equal_nan=True)
    if math.isnan(observed.network):
        assert math.isnan(test.p_two_sided)
        return
    # The same draws, one permutation at a time, evaluated by the direct loop
    rng = np.random.default_rng(seed)
    loop = []
    for _ in range(40):
        shuffled = list(rng.permuted(np.array(groups)))
        int_, ext, _, _ = loop_ei(n, edges, weights, shuffled, directed, False, "all")
        loop.append(ratio(ext, int_))
    np.testing.assert_allclose(test.distribution, loop)
    hits = sum(x >= test.observed - 1e-9 for x in loop)
    assert test.p_greater == pytest.approx((1 + hits) / 41)
    hits = sum(x <= test.observed + 1e-9 for x in loop)
    assert test.p_less == pytest.approx((1 + hits) / 41)
    far = abs(test.observed - test.expected) - 1e-9
    hits = sum(abs(x - test.expected) >= far for x in loop)
    assert test.p_two_sided == pytest.approx((1 + hits) / 41)
    assert test.mean == pytest.approx(np.mean(loop))


@settings(max_examples=30, deadline=None)
@given(weighted_graphs())
def test_exact_permutation_mean_is_complete_graph_value(case) -> None:
    n, edges, weights, groups, directed = case
    g, partition = build(n, edges, weights, groups, directed)
    result = ei_index(g, partition, weight="weight")
    if math.isnan(result.network) or n > 6:
        return
    values = []
    for order in itertools.permutations(range(n)):
        shuffled = [groups[i] for i in order]
        int_, ext, _, _ = loop_ei(n, edges, weights, shuffled, directed, True, "all")
        values.append(ratio(ext, int_))
    assert np.mean(values) == pytest.approx(result.expected, abs=1e-9)


def test_permutation_test_detects_homophily_and_is_seeded() -> None:
    # Two cliques of 8 joined by one bridge: far more internal ties than chance.
    g = ig.Graph.Full(8) + ig.Graph.Full(8)
    g.add_edge(0, 8)
    g.vs["name"] = [f"a{i}" for i in range(16)]
    partition = {f"a{i}": i // 8 for i in range(16)}
    first = ei_permutation_test(g, partition, n_permutations=500, seed=7)
    again = ei_permutation_test(g, partition, n_permutations=500, seed=7)
    np.testing.assert_array_equal(first.distribution, again.distribution)
    assert first == again  # the distribution is excluded from the comparison
    assert first.observed == pytest.approx((1 - 56) / 57)
    assert first.p_less == pytest.approx(1 / 501)
    assert first.p_greater == pytest.approx(1.0)
    assert first.p_two_sided == pytest.approx(1 / 501)
    assert first.minimum <= first.quantile_025 <= first.quantile_975 <= first.maximum
    # The permutation mean estimates the complete-graph E-I
    assert abs(first.mean - first.expected) < 5 * first.std / math.sqrt(500)


def test_isolates_empty_graph_and_bad_input() -> None:
    g = ig.Graph(n=3, edges=[(0, 1)])
    g.vs["name"] = ["a", "b", "c"]
    result = ei_index(g, {"a": 1, "b": 2, "c": 2})
    assert math.isnan(result.actors.loc["c", "ei_index"])
    assert result.network == 1.0
    empty = ei_index(ig.Graph(), {})
    assert math.isnan(empty.network)
    assert math.isnan(empty.expected)
    assert empty.actors.empty
    # an unnamed graph's actors are its vertex indices (text "0", "1" before issue 8)
    no_ties = ei_permutation_test(ig.Graph(n=2), {0: 1, 1: 2}, n_permutations=5, seed=0)
    assert math.isnan(no_ties.observed)
    assert no_ties.expected == 1.0
    with pytest.raises(ValueError, match="'c'"):
        ei_index(g, {"a": 1, "b": 2})
    with pytest.raises(ValueError, match="mode"):
        ei_index(g, {"a": 1, "b": 2, "c": 2}, mode="both")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_permutations"):
        ei_permutation_test(g, {"a": 1, "b": 2, "c": 2}, n_permutations=0)


def test_partition_attribute_and_weights() -> None:
    g = ig.Graph(n=3, edges=[(0, 1), (0, 1), (1, 2)])
    g.vs["name"] = ["a", "b", "c"]
    g.vs["region"] = ["in", "in", "out"]
    binary = ei_index(g, "region")
    assert (binary.internal, binary.external) == (1.0, 1.0)  # parallel edges are one tie
    g.es["weight"] = [2.0, 3.0, 1.0]
    weighted = ei_index(g, "region", weight="weight")
    assert (weighted.internal, weighted.external) == (5.0, 1.0)
    assert weighted.network == pytest.approx(-4 / 6)
