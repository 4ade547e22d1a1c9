"""Node centrality measures against NetworkX, direct implementations and hand-computed cases.

NetworkX is the oracle: each random graph is rebuilt as a simple ``nx.Graph``/``nx.DiGraph``
here, independently of the module (self-loops dropped, parallel edges merged by summing their
weights for strength measures and keeping the shortest for path measures), and every
convention difference documented in the module is converted before comparing.
"""

from __future__ import annotations

import math
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.network.centrality import (
    betweenness,
    clustering,
    degree,
    eigenvector,
    global_clustering,
    harmonic_closeness,
    k_core,
    pagerank,
)

EXACT = 1e-6  # tolerance for direct (non-iterative) computations
ITERATIVE = 1e-3  # tolerance for iterative solvers (eigenvector, PageRank)


# --------------------------------------------------------------------------- graph helpers


@st.composite
def graphs(draw, directed=None, weighted=None, max_nodes=16, connected=False) -> ig.Graph:
    """A seeded random igraph graph with names, maybe weights, parallel edges and loops."""
    n = draw(st.integers(3 if connected else 1, max_nodes))
    directed = draw(st.booleans()) if directed is None else directed
    weighted = draw(st.booleans()) if weighted is None else weighted
    seed = draw(st.integers(0, 2**32 - 1))
    p = draw(st.floats(0.05, 0.6))
    rng = np.random.default_rng(seed)
    m = rng.binomial(n * n, p / (1 if directed else 2))
    edges = [tuple(e) for e in rng.integers(0, n, size=(m, 2)).tolist()]
    if connected:  # a spanning cycle makes it (strongly) connected
        edges += [(i, (i + 1) % n) for i in range(n)]
    g = ig.Graph(n=n, edges=edges, directed=directed)
    g.vs["name"] = [f"v{i}" for i in range(n)]
    if weighted:
        g.es["weight"] = rng.integers(1, 10, size=g.ecount()).astype(float).tolist()
    return g


def to_nx(g: ig.Graph, weight: str | None = None, combine=sum, directed=None) -> nx.Graph:
    """The graph as a simple NetworkX graph: no loops, parallel weights combined."""
    directed = g.is_directed() if directed is None else directed
    out = nx.DiGraph() if directed else nx.Graph()
    out.add_nodes_from(g.vs["name"])
    merged: dict[tuple[str, str], list[float]] = {}
    for edge in g.es:
        u, v = g.vs[edge.source]["name"], g.vs[edge.target]["name"]
        if u == v:
            continue
        key = (u, v) if directed else tuple(sorted((u, v)))
        merged.setdefault(key, []).append(edge[weight] if weight else 1.0)
    for (u, v), values in merged.items():
        out.add_edge(u, v, weight=combine(values))
    return out


def column(frame: pd.DataFrame, name: str, order: list[str]) -> np.ndarray:
    return frame.loc[order, name].to_numpy(dtype=float)


def assert_matches(frame, name, expected: dict, tol=EXACT) -> None:
    order = list(frame.index)
    np.testing.assert_allclose(
        column(frame, name, order), [expected[a] for a in order], atol=tol, rtol=tol
    )


def named(g: ig.Graph) -> ig.Graph:
    g.vs["name"] = [f"v{i}" for i in range(g.vcount())]
    return g


def random_graph(n: int, m: int, seed: int, directed: bool = False) -> ig.Graph:
    """A seeded random graph with m random pairs (loops and repeats are dropped)."""
    pairs = np.random.default_rng(seed).integers(0, n, size=(m, 2))
    g = ig.Graph(n=n, edges=pairs.tolist(), directed=directed)
    g.simplify()
    return named(g)


# --------------------------------------------------------------------------- degree


@settings(max_examples=30, deadline=None)
@given(graphs())
def test_degree_matches_networkx(g):
    weight = "weight" if "weight" in g.es.attributes() else None
    frame = degree(g, weight=weight)
    G = to_nx(g, weight)
    assert list(frame.index) == g.vs["name"] and frame.index.name == "actor"
    assert_matches(frame, "degree", dict(G.degree()))
    if g.is_directed():
        assert_matches(frame, "in_degree", dict(G.in_degree()))
        assert_matches(frame, "out_degree", dict(G.out_degree()))
    if weight:
        assert_matches(frame, "strength", dict(G.degree(weight="weight")))
        if g.is_directed():
            assert_matches(frame, "in_strength", dict(G.in_degree(weight="weight")))
            assert_matches(frame, "out_strength", dict(G.out_degree(weight="weight")))
    else:
        assert "strength" not in frame


def test_degree_counts_a_parallel_tie_once_and_its_weights_in_strength():
    g = ig.Graph([(0, 1), (0, 1), (1, 1)], directed=False)
    g.vs["name"] = ["a", "b"]
    g.es["weight"] = [1.0, 2.0, 5.0]
    frame = degree(g, weight="weight")
    assert frame["degree"].tolist() == [1, 1]
    assert frame["strength"].tolist() == [3.0, 3.0]  # the loop is ignored


# --------------------------------------------------------------------------- betweenness


@settings(max_examples=30, deadline=None)
@given(graphs(), st.booleans())
def test_betweenness_matches_networkx(g, normalized):
    weight = "weight" if "weight" in g.es.attributes() else None
    frame = betweenness(g, weight=weight, normalized=normalized)
    G = to_nx(g, weight, combine=min)
    expected = nx.betweenness_centrality(G, normalized=normalized, weight=weight)
    assert_matches(frame, "betweenness", expected)
    assert list(frame.columns) == ["betweenness"]


def test_betweenness_hand_computed_star_and_path():
    # Star with 5 leaves: the hub lies on all C(5, 2) = 10 leaf pairs; normalised 1.
    star = named(ig.Graph.Star(6))
    assert betweenness(star, normalized=False)["betweenness"].tolist() == [10.0] + [0.0] * 5
    assert betweenness(star)["betweenness"].iloc[0] == pytest.approx(1.0)
    # Directed path a -> b -> c: b lies on the single ordered pair (a, c); 1 / ((3-1)(3-2)).
    path = named(ig.Graph([(0, 1), (1, 2)], directed=True))
    assert betweenness(path)["betweenness"].tolist() == [0.0, 0.5, 0.0]


@pytest.fixture(scope="module")
def pivot_graph() -> ig.Graph:
    rng = np.random.default_rng(7)
    g = random_graph(300, 900, seed=7)
    g.es["weight"] = rng.uniform(0.5, 2.0, g.ecount()).tolist()
    return g


@pytest.mark.parametrize("sample", [60, 150])
@pytest.mark.parametrize("weight", [None, "weight"])
def test_sampled_betweenness_within_stated_error(pivot_graph, sample, weight):
    exact = betweenness(pivot_graph, weight=weight)["betweenness"]
    est = betweenness(pivot_graph, weight=weight, sample=sample, seed=3)
    error = (est["betweenness"] - exact).abs()
    assert list(est.columns) == ["betweenness", "stderr"]
    assert est.attrs["pivots"] == sample
    # Hoeffding's bound holds for every actor (it is guaranteed with probability >= 95 %).
    assert error.max() <= est.attrs["hoeffding_bound"]
    # The stderr is calibrated over actors: root-mean-square error ~ root-mean-square stderr
    # (ratio 0.99 over 200 seeds); most actors lie within three standard errors (the
    # documented skew leaves some actors outside: 81-90 % within 3 stderr over 30 seeds).
    rms_ratio = math.sqrt((error**2).mean() / (est["stderr"] ** 2).mean())
    assert 0.7 <= rms_ratio <= 1.4
    assert (error <= 3 * est["stderr"] + 1e-12).mean() >= 0.75
    # Relative error of the total is small: the estimate is on the right scale.
    assert est["betweenness"].sum() == pytest.approx(exact.sum(), rel=0.1)
    # Seeded: the same seed gives the same estimate, another seed another one.
    again = betweenness(pivot_graph, weight=weight, sample=sample, seed=3)
    pd.testing.assert_frame_equal(est, again)
    other = betweenness(pivot_graph, weight=weight, sample=sample, seed=4)
    assert not np.allclose(other["betweenness"], est["betweenness"])


@pytest.mark.parametrize(("sample", "batches"), [(8, 8), (60, 10), (150, 10), (600, 12)])
def test_sampled_betweenness_batches_add_up_to_one_igraph_call(sample, batches):
    # The standard error comes from b batches of pivots (one igraph call each); their sum
    # is exactly the single call over all pivots, scaled by n / k: batching changes the
    # cost, never the estimate. The pivots are those of numpy's seeded draw.
    g = random_graph(700, 2100, seed=11)
    est = betweenness(g, sample=sample, seed=5, normalized=False)
    assert est.attrs["batches"] == batches
    n = g.vcount()
    pivots = np.random.default_rng(5).choice(n, size=sample, replace=False)
    direct = np.asarray(g.betweenness(sources=pivots.tolist())) * n / sample
    np.testing.assert_allclose(est["betweenness"], direct, rtol=1e-9, atol=1e-9)


def test_sampling_every_pivot_is_exact_with_zero_error(pivot_graph):
    n = pivot_graph.vcount()
    exact = betweenness(pivot_graph)["betweenness"]
    full = betweenness(pivot_graph, sample=n - 1, seed=0)  # all but one pivot
    assert (full["betweenness"] - exact).abs().max() < 0.01
    assert betweenness(pivot_graph, sample=n, seed=0).equals(betweenness(pivot_graph))


def test_sampled_directed_betweenness_is_unbiased_and_its_stderr_calibrated():
    # Over many pivot draws the mean estimate approaches the exact value (Brandes & Pich
    # 2007), and the mean squared stderr approaches the variance of the estimates: with half
    # the actors as pivots this needs the finite-population correction sqrt(1 - k/n).
    g = random_graph(40, 120, seed=2, directed=True)
    exact = betweenness(g)["betweenness"].to_numpy()
    runs = [betweenness(g, sample=20, seed=s) for s in range(300)]
    values = np.array([run["betweenness"] for run in runs])
    spread = values.std(axis=0)
    assert np.all(np.abs(values.mean(axis=0) - exact) <= 5 * spread / math.sqrt(300) + 1e-12)
    stderr = np.sqrt(np.mean([run["stderr"] ** 2 for run in runs], axis=0))
    central = exact > np.median(exact)
    ratio = np.sqrt(np.mean(stderr[central] ** 2) / np.mean(spread[central] ** 2))
    assert 0.85 <= ratio <= 1.15


def test_sample_must_hold_two_pivots_and_confidence_be_a_probability():
    with pytest.raises(ValueError, match="at least 2"):
        betweenness(named(ig.Graph.Ring(5)), sample=1)
    with pytest.raises(ValueError, match="confidence"):
        betweenness(named(ig.Graph.Ring(5)), sample=2, confidence=1.0)


# --------------------------------------------------------------------------- harmonic


@settings(max_examples=30, deadline=None)
@given(graphs(), st.sampled_from(["out", "in", "all"]))
def test_harmonic_closeness_matches_networkx(g, mode):
    weight = "weight" if "weight" in g.es.attributes() else None
    n = g.vcount()
    frame = harmonic_closeness(g, weight=weight, mode=mode, normalized=False)
    directed = g.is_directed() and mode != "all"
    G = to_nx(g, weight, combine=min, directed=directed)
    # NetworkX sums inverse distances *to* a node: mode="in"; mode="out" is the reverse graph.
    oracle = G.reverse() if directed and mode == "out" else G
    expected = nx.harmonic_centrality(oracle, distance=weight)
    assert_matches(frame, "harmonic_closeness", expected)
    if n > 1:  # normalised = divided by n - 1
        normal = harmonic_closeness(g, weight=weight, mode=mode)
        assert_matches(normal, "harmonic_closeness", {a: v / (n - 1) for a, v in expected.items()})


def test_harmonic_closeness_hand_computed():
    # Path a - b - c: a reaches b at 1 and c at 2, so (1 + 1/2) / 2 = 0.75; b: (1 + 1) / 2.
    path = named(ig.Graph([(0, 1), (1, 2)]))
    assert harmonic_closeness(path)["harmonic_closeness"].tolist() == [0.75, 1.0, 0.75]
    # Star hub with 4 leaves: 1; a leaf: (1 + 3 * 1/2) / 4 = 0.625.
    star = named(ig.Graph.Star(5))
    assert harmonic_closeness(star)["harmonic_closeness"].tolist() == [1.0] + [0.625] * 4
    assert math.isnan(harmonic_closeness(named(ig.Graph(1)))["harmonic_closeness"].iloc[0])


# --------------------------------------------------------------------------- eigenvector


@settings(max_examples=30, deadline=None)
@given(graphs(connected=True))
def test_eigenvector_matches_networkx(g):
    weight = "weight" if "weight" in g.es.attributes() else None
    frame = eigenvector(g, weight=weight)
    G = to_nx(g, weight)
    expected = nx.eigenvector_centrality_numpy(G, weight=weight)
    assert_matches(frame, "eigenvector", expected, tol=ITERATIVE)
    assert np.linalg.norm(frame["eigenvector"]) == pytest.approx(1.0)
    # Converting to igraph's scale (maximum 1) is a division by the maximum.
    igraph_scale = np.asarray(to_simple_igraph(G).eigenvector_centrality(weights=weight))
    np.testing.assert_allclose(
        frame["eigenvector"] / frame["eigenvector"].max(), igraph_scale, atol=ITERATIVE
    )


def to_simple_igraph(G: nx.Graph) -> ig.Graph:
    return ig.Graph.from_networkx(G)


def test_eigenvector_hand_computed_triangle_and_star():
    triangle = named(ig.Graph.Full(3))
    np.testing.assert_allclose(eigenvector(triangle)["eigenvector"], [1 / math.sqrt(3)] * 3)
    # Star with k leaves: hub / leaf = sqrt(k); unit norm gives hub 1/sqrt(2), leaves 1/sqrt(2k).
    star = named(ig.Graph.Star(5))
    expected = [1 / math.sqrt(2)] + [1 / math.sqrt(8)] * 4
    np.testing.assert_allclose(eigenvector(star)["eigenvector"], expected, atol=EXACT)


# --------------------------------------------------------------------------- pagerank


@settings(max_examples=30, deadline=None)
@given(graphs(), st.sampled_from([0.85, 0.5, 0.99]))
def test_pagerank_matches_networkx(g, damping):
    weight = "weight" if "weight" in g.es.attributes() else None
    frame = pagerank(g, damping=damping, weight=weight)
    G = to_nx(g, weight)
    expected = nx.pagerank(G, alpha=damping, weight=weight, tol=1e-12, max_iter=10_000)
    assert_matches(frame, "pagerank", expected, tol=ITERATIVE)
    assert frame["pagerank"].sum() == pytest.approx(1.0)


def test_pagerank_hand_computed():
    # Directed 3-cycle: stationary distribution is uniform.
    cycle = named(ig.Graph([(0, 1), (1, 2), (2, 0)], directed=True))
    np.testing.assert_allclose(pagerank(cycle)["pagerank"], [1 / 3] * 3)
    # a -> b with b dangling (it jumps uniformly), d = 0.85, n = 2:
    # PR(a) = 0.15/2 + 0.85 PR(b)/2 and PR(a) + PR(b) = 1, so PR(a) = 0.5 / 1.425.
    g = named(ig.Graph([(0, 1)], directed=True))
    expected = [0.5 / 1.425, 1 - 0.5 / 1.425]
    np.testing.assert_allclose(pagerank(g)["pagerank"], expected, atol=EXACT)


def test_pagerank_rejects_bad_damping():
    with pytest.raises(ValueError, match="damping"):
        pagerank(named(ig.Graph.Ring(3)), damping=1.5)


# --------------------------------------------------------------------------- k-core


def peel(G: nx.DiGraph, mode: str) -> dict:
    """Coreness by repeatedly deleting nodes of degree < k (an obviously-correct oracle)."""
    core, k, H = {}, 0, G.copy()
    degree_of = {"in": H.in_degree, "out": H.out_degree}[mode]
    while H:
        low = [v for v, d in degree_of() if d <= k]
        if not low:
            k += 1
            continue
        for v in low:
            core[v] = k
        H.remove_nodes_from(low)
        degree_of = {"in": H.in_degree, "out": H.out_degree}[mode]
    return core


@settings(max_examples=30, deadline=None)
@given(graphs(weighted=False))
def test_k_core_matches_networkx(g):
    G = to_nx(g)
    assert_matches(k_core(g), "coreness", nx.core_number(G))
    if g.is_directed():
        for mode in ("in", "out"):
            assert_matches(k_core(g, mode=mode), "coreness", peel(G, mode))


def test_k_core_hand_computed():
    # Triangle a, b, c with pendant d: the triangle is the 2-core, d is in the 1-core only.
    g = named(ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (2, 3)]))
    assert k_core(g)["coreness"].tolist() == [2, 2, 2, 1]


# --------------------------------------------------------------------------- clustering


@settings(max_examples=30, deadline=None)
@given(graphs())
def test_clustering_matches_networkx(g):
    weight = "weight" if "weight" in g.es.attributes() else None
    frame = clustering(g, weight=weight)
    G = to_nx(g, weight)
    expected = nx.clustering(G, weight=weight)
    # NetworkX gives 0 where fewer than two distinct neighbours; here NaN: fillna(0) converts.
    assert_matches(frame.fillna(0.0), "clustering", expected)
    neighbours = {v: len(set(nx.all_neighbors(G, v))) for v in G}
    undefined = [v for v, k in neighbours.items() if k < 2]
    assert sorted(frame.index[frame["clustering"].isna()]) == sorted(undefined)


def test_clustering_blocks_of_a_large_product_agree(monkeypatch):
    # Force one-row blocks in the sparse two-path product: the result must not change.
    import bioregion.network.centrality as centrality

    g = random_graph(60, 300, seed=1, directed=True)
    g.es["weight"] = np.linspace(1, 3, g.ecount()).tolist()
    whole = clustering(g, weight="weight")
    monkeypatch.setattr(centrality, "_BLOCK_NNZ", 1)
    pd.testing.assert_frame_equal(clustering(g, weight="weight"), whole)


def test_clustering_hand_computed():
    # Triangle with a pendant: a, b closed (1); c has 1 of 3 neighbour pairs tied; d undefined.
    g = named(ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3)]))
    values = clustering(g)["clustering"].tolist()
    assert values[:3] == pytest.approx([1.0, 1.0, 1 / 3]) and math.isnan(values[3])
    # Star: no neighbours tied (hub 0), leaves undefined.
    star = clustering(named(ig.Graph.Star(4)))["clustering"].tolist()
    assert star[0] == 0.0 and all(math.isnan(v) for v in star[1:])
    # Weighted triangle (Onnela): (w_ab w_bc w_ca / max^3)^(1/3) = (1 * 2 * 4 / 64)^(1/3) = 0.5.
    tri = named(ig.Graph.Full(3))
    tri.es["weight"] = [1.0, 2.0, 4.0]
    np.testing.assert_allclose(clustering(tri, weight="weight")["clustering"], [0.5] * 3)


@settings(max_examples=30, deadline=None)
@given(graphs(weighted=False))
def test_global_clustering_matches_networkx(g):
    G = to_nx(g, directed=False)
    value = global_clustering(g)
    triples = sum(d * (d - 1) for _, d in G.degree())
    if triples == 0:
        assert math.isnan(value)  # NetworkX returns 0 here
    else:
        assert value == pytest.approx(nx.transitivity(G), abs=EXACT)


def test_global_clustering_hand_computed():
    # Triangle + pendant: 1 triangle, connected triples 1 + 1 + 3 = 5, so 3 / 5.
    assert global_clustering(ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])) == pytest.approx(0.6)
    assert global_clustering(ig.Graph.Full(3)) == pytest.approx(1.0)
    assert math.isnan(global_clustering(ig.Graph([(0, 1)])))


# --------------------------------------------------------------------------- shared conventions


def test_weights_must_exist_and_be_positive():
    g = named(ig.Graph.Ring(4))
    with pytest.raises(ValueError, match="no edge attribute 'weight'"):
        degree(g, weight="weight")
    g.es["weight"] = [1.0, 0.0, 1.0, 1.0]
    with pytest.raises(ValueError, match="> 0"):
        betweenness(g, weight="weight")


def test_measures_leave_the_graph_unchanged_and_handle_no_names():
    g = ig.Graph([(0, 1), (0, 1), (1, 1), (1, 2)], directed=True)
    g.es["weight"] = [1.0, 2.0, 3.0, 4.0]
    before = (g.get_edgelist(), g.es["weight"])
    for measure in (degree, clustering, eigenvector, pagerank, harmonic_closeness):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # not strongly connected
            frame = measure(g, weight="weight")
        assert list(frame.index) == [0, 1, 2]  # vertex indices (text before issue 8)
    assert (g.get_edgelist(), g.es["weight"]) == before


def test_empty_graph_gives_empty_frames():
    g = ig.Graph(0)
    for measure in (degree, betweenness, harmonic_closeness, eigenvector, pagerank, k_core):
        assert measure(g).empty
    assert clustering(g).empty
