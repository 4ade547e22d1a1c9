"""Burt's structural holes against published and reference-software oracles.

Oracle labels (S1-S7) and their origins are those of /work/shared/research/measures.md §3.
Cross-checks: NetworkX (whole model, and run on each ego network for the ego model) and a
plain-Python loop implementation of the definitions (all four measures, both models).
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.network import structural_holes as sh
from bioregion.network.structural_holes import (
    burt,
    constraint,
    effective_size,
    efficiency,
    hierarchy,
)

TOL = 1e-3


def graph(edges, *, directed=False, weights=None, names=None) -> ig.Graph:
    """An igraph graph from an edge list of names (or of indices when names is given)."""
    if names is None:
        names = list(dict.fromkeys(x for e in edges for x in e))
        edges = [(names.index(s), names.index(t)) for s, t in edges]
    g = ig.Graph(n=len(names), edges=edges, directed=directed)
    g.vs["name"] = [str(x) for x in names]
    if weights is not None:
        g.es["weight"] = list(weights)
    return g


def col(frame: pd.DataFrame, name: str) -> dict[str, float]:
    return frame[name].to_dict()


# --- S1: networkx test_structuralholes.py (checked against UCINET, igraph and by hand) ---

D_ARCS = [("0", "1"), ("0", "2"), ("1", "0"), ("2", "1")]
D_WEIGHTS = [2, 2, 1, 1]
BORGATTI = [
    ("A", "B"), ("A", "F"), ("A", "G"), ("A", "E"), ("E", "G"),
    ("F", "G"), ("B", "G"), ("B", "D"), ("D", "G"), ("G", "C"),
]  # fmt: skip
BORGATTI_WEIGHTS = [2, 3, 5, 2, 8, 3, 4, 1, 3, 10]


def test_s1_directed():
    # S1 [REF-TEST networkx test_constraint_directed / test_effective_size_directed]
    r = burt(graph(D_ARCS, directed=True))
    assert r["constraint"].tolist() == pytest.approx([1.0030864, 1.0030864, 1.3888889], abs=TOL)
    assert r["effective_size"].tolist() == pytest.approx([1.167, 1.167, 1.0], abs=TOL)


def test_s1_weighted_directed():
    # S1 [REF-TEST networkx test_constraint_weighted_directed / ..._effective_size_...]
    r = burt(graph(D_ARCS, directed=True, weights=D_WEIGHTS))
    assert r["constraint"].tolist() == pytest.approx([0.840, 1.143, 1.378], abs=TOL)
    assert r["effective_size"].tolist() == pytest.approx([1.567, 1.083, 1.0], abs=TOL)


def test_s1_undirected_borgatti():
    # S1 [REF-TEST networkx test_constraint_undirected / _effective_size_undirected_borgatti]
    # (Borgatti 1997 Connections example); B, F, E, D are [REF-RUN networkx 3.6.1].
    r = burt(graph(BORGATTI))
    c, es = col(r, "constraint"), col(r, "effective_size")
    expected_c = {"G": 0.400, "A": 0.595, "C": 1, "B": 0.6427, "F": 0.7309, "E": 0.7309}
    assert c == pytest.approx(expected_c | {"D": 0.7847}, abs=TOL)
    # ES printed to 2 decimals (abs 1e-2 as in the networkx test); [HAND] Borgatti's
    # n - 2t/n gives G 6 - 8/6 and A 4 - 6/4 exactly.
    expected_es = {"G": 4.67, "A": 2.50, "C": 1, "B": 1.6667, "F": 1, "E": 1, "D": 1}
    assert es == pytest.approx(expected_es, abs=1e-2)
    assert [es["G"], es["A"]] == pytest.approx([6 - 8 / 6, 4 - 6 / 4], abs=TOL)
    # the same with every weight 1 (networkx test_effective_size_undirected)
    ones = burt(graph(BORGATTI, weights=[1] * len(BORGATTI)))
    pd.testing.assert_frame_equal(ones, r)


def test_s1_weighted_undirected():
    # S1 [REF-TEST networkx test_constraint_weighted_undirected / ..._effective_size_...]
    r = burt(graph(BORGATTI, weights=BORGATTI_WEIGHTS))
    assert [r.at[x, "constraint"] for x in "GAC"] == pytest.approx([0.299, 0.795, 1], abs=TOL)
    # printed to 2 decimals: abs 1e-2 as in the networkx test
    assert [r.at[x, "effective_size"] for x in "GAC"] == pytest.approx([5.47, 2.47, 1], abs=1e-2)


@pytest.mark.parametrize("weights", [None, BORGATTI_WEIGHTS])
def test_s1_isolate_is_nan(weights):
    # S1 [REF-TEST networkx test_constraint_isolated / test_effective_size_isolated]
    g = graph(BORGATTI, weights=weights)
    g.add_vertex("1")
    r = burt(g)
    assert r.loc["1"].isna().all()
    assert r.drop(index="1").notna().all().all()


@pytest.mark.parametrize("directed", [False, True])
def test_s1_self_loop_only_is_nan(directed):
    # S1 [REF-TEST networkx test_*_isolated_node_with_selfloop(_weighted), gh-6916]: a node
    # whose only tie is a self-loop is an isolate (NaN). networkx's per-node constraint gives
    # 4 there; we ignore self-loops as igraph does.
    g = graph([("0", "0")], directed=directed, weights=[10])
    assert burt(g).loc["0"].isna().all()
    assert burt(g, weight=None).loc["0"].isna().all()


# --- S2: igraph tests/unit/igraph_constraint.c/.out (whole model, undirected) ------------

K4 = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
K4_CONSTRAINT = 0.925926  # (1/3 + 2/9)^2 * 3


def test_s2_path():
    # S2 [REF-TEST igraph_constraint]: path 0-1-2-3
    r = burt(graph([(0, 1), (1, 2), (2, 3)], names=range(4)))
    assert r["constraint"].tolist() == pytest.approx([1, 0.5, 0.5, 1], abs=TOL)


@pytest.mark.parametrize(
    ("edges", "weights"),
    [
        (K4, None),  # unweighted
        (K4, [2.5] * 6),  # equal weights
        ([*K4, (0, 1), (2, 3)], [1, 2, 2, 2, 2, 0.5, 1, 1.5]),  # weight split over multi-edges
        ([*K4, (1, 1)], [1] * 7),  # a self-loop
    ],
)
def test_s2_k4(edges, weights):
    # S2 [REF-TEST igraph_constraint]: K4 in four guises
    r = burt(graph(edges, names=range(4), weights=weights))
    assert r["constraint"].tolist() == pytest.approx([K4_CONSTRAINT] * 4, abs=TOL)


def test_s2_hole():
    # S2 [REF-TEST igraph_constraint; networkx gives the same]: two K4s joined by 3-4-5
    second = [(a + 5, b + 5) for a, b in K4]
    r = burt(graph([*K4, (3, 4), (4, 5), *second], names=range(9)))
    expected = [0.865741] * 3 + [0.583333, 0.5, 0.583333] + [0.865741] * 3
    assert r["constraint"].tolist() == pytest.approx(expected, abs=TOL)


def test_s2_zero_weights_are_no_ties():
    # S2 [REF-TEST igraph_constraint] igraph quirk: igraph counts zero-weight edges as
    # contacts and gives (1.25, 0.5625, 0.5625, 1.25). We drop them, so K4 with weights
    # 1,0,0,1,0,1 is the path 0-1-2-3 and gives the path's (1, 0.5, 0.5, 1) (S2 above).
    r = burt(graph(K4, names=range(4), weights=[1, 0, 0, 1, 0, 1]))
    assert r["constraint"].tolist() == pytest.approx([1, 0.5, 0.5, 1], abs=TOL)
    assert r["constraint"].tolist() != pytest.approx([1.25, 0.5625, 0.5625, 1.25], abs=TOL)


def test_s2_single_vertex():
    # S2 [REF-TEST igraph_constraint]: one vertex -> NaN
    assert burt(graph([], names=["x"])).loc["x"].isna().all()


# --- S3: Everett & Borgatti (2020) Tables 1-2 [PUBLISHED, via netmem test_constraint.R] ---

COMPLETE_U = [1.125, 0.926, 0.766, 0.648, 0.560, 0.493, 0.439, 0.396, 0.361]
SHADOW_U = [1.125, 0.840, 0.684, 0.590, 0.529, 0.486, 0.455, 0.431, 0.411]
COMPLETE_D = [1.388889, 1.08, 0.862245, 0.71358, 0.607438, 0.528318, 0.467222, 0.418685, 0.379224]
SHADOW_D = [1.234568, 1.041667, 0.91, 0.822716, 0.761905, 0.717474, 0.683728, 0.657284, 0.636033]
# [REF-RUN networkx 3.6.1] effective size of e in the undirected shadow, N = 2..10
SHADOW_U_ES = [1, 1.6667, 2.5, 3.4, 4.3333, 5.2857, 6.25, 7.2222, 8.2]


def eb_ego_network(n: int, kind: str, directed: bool) -> ig.Graph:
    """Ego e (vertex 0) and alters 1..n as in Everett & Borgatti (2020: 53)."""
    alters = range(1, n + 1)
    if kind == "complete":
        among = [(x, y) for x in alters for y in alters if x < y]
    else:  # shadow: x1 tied to all other alters, no other alter ties
        among = [(1, y) for y in alters if y > 1]
    if directed:  # ego -> alters not reciprocated, alter-alter ties reciprocated
        arcs = [(0, x) for x in alters] + among + [(y, x) for x, y in among]
        arcs += [(1, 0)] if kind == "shadow" else []
        return graph(arcs, directed=True, names=range(n + 1))
    return graph([(0, x) for x in alters] + among, names=range(n + 1))


@pytest.mark.parametrize("model", ["whole", "ego"])
@pytest.mark.parametrize("n", range(2, 11))
def test_s3_everett_borgatti_tables(n, model):
    # S3 [PUBLISHED Everett & Borgatti 2020 Table 1 (undirected) and Table 2 (directed)];
    # ego e is tied to everybody, so both models agree.
    def ego(kind, directed):
        return burt(eb_ego_network(n, kind, directed), model=model).loc["0"]

    assert ego("complete", False)["constraint"] == pytest.approx(COMPLETE_U[n - 2], abs=TOL)
    assert ego("shadow", False)["constraint"] == pytest.approx(SHADOW_U[n - 2], abs=TOL)
    assert ego("complete", True)["constraint"] == pytest.approx(COMPLETE_D[n - 2], abs=TOL)
    assert ego("shadow", True)["constraint"] == pytest.approx(SHADOW_D[n - 2], abs=TOL)
    # S3 [REF-RUN networkx 3.6.1] effective size of e
    assert ego("complete", False)["effective_size"] == pytest.approx(1, abs=TOL)
    assert ego("shadow", False)["effective_size"] == pytest.approx(SHADOW_U_ES[n - 2], abs=TOL)


# --- S6: xucinet tests/testthat/test-xstructuralholes.R (hand-computed there) ------------

STAR = [("a", "b"), ("a", "c"), ("a", "d")]


@pytest.mark.parametrize("model", ["whole", "ego"])
def test_s6_star(model):
    # S6 [REF-TEST xucinet]: star centre a: ES 3, efficiency 1, constraint 1/3, hierarchy 0
    g = graph(STAR)
    g.add_vertex("e")  # S6: an isolate
    r = burt(g, model=model)
    assert r.loc["a"].tolist() == pytest.approx([3, 1, 1 / 3, 0], abs=TOL)
    # S6: pendant b: ES 1, hierarchy 1; constraint 1 in the whole model. UCINET's ego model
    # reports its constraint as missing by default (a display option); we keep the value 1
    # that its alternative option, networkx on the ego network and netmem give.
    assert r.loc["b"].tolist() == pytest.approx([1, 1, 1, 1], abs=TOL)
    # S6: isolate: constraint and efficiency NA; UCINET's ES 0 is NaN here (see burt Notes).
    assert r.loc["e"].isna().all()


@pytest.mark.parametrize("model", ["whole", "ego"])
def test_s6_triangle(model):
    # S6 [REF-TEST xucinet]: triangle: ES 1, efficiency 0.5, constraint 2 x 0.5625, hierarchy 0
    r = burt(graph([("a", "b"), ("b", "c"), ("a", "c")]), model=model)
    for actor in "abc":
        assert r.loc[actor].tolist() == pytest.approx([1, 0.5, 1.125, 0], abs=TOL)


def test_s6_valued_star_symmetrised_by_sum():
    # S6 [REF-TEST xucinet]: a->b = 3, b->a = 1, other ties 1 both ways: p = 1/2, 1/4, 1/4,
    # constraint 0.375. (UCINET's non-symmetrised variant, 0.44, is not offered.)
    arcs = [("a", "b"), ("b", "a"), ("a", "c"), ("c", "a"), ("a", "d"), ("d", "a")]
    g = graph(arcs, directed=True, weights=[3, 1, 1, 1, 1, 1])
    assert burt(g).at["a", "constraint"] == pytest.approx(0.375, abs=TOL)


def test_s6_direction_union():
    # S6 [REF-TEST xucinet]: with a->b and c->a, a has 2 contacts ("union" of in and out):
    # constraint 2 x (1/2)^2 and effective size 2.
    r = burt(graph([("a", "b"), ("c", "a")], directed=True))
    assert r.loc["a"].tolist() == pytest.approx([2, 1, 0.5, 0], abs=TOL)


# --- S7: netmem tests/testthat/test_constraint.R: ego vs whole-network model ----------

S7_UNDIRECTED = [
    ("a", "b"), ("a", "c"), ("b", "c"), ("a", "f"), ("b", "f"),
    ("c", "f"), ("d", "e"), ("d", "f"), ("e", "f"),
]  # fmt: skip
S7_ARCS = [
    ("a", "b"), ("a", "e"), ("b", "c"), ("b", "f"), ("c", "a"), ("c", "d"), ("d", "c"),
    ("d", "e"), ("d", "f"), ("e", "f"), ("f", "a"), ("f", "b"), ("f", "d"),
]  # fmt: skip
S7_WEIGHTS = [2, 1, 1, 3, 1, 2, 4, 1, 1]  # a-b 2, a-c 1, b-c 1, a-f 3, b-f 1, c-f 2, d-e 4, ...


@pytest.mark.parametrize("model", ["whole", "ego"])
def test_s7_undirected(model):
    # S7 [REF-TEST netmem; HAND E-B terms 0.2 + 0.24 + 0.07333]: f is tied to everybody
    r = burt(graph(S7_UNDIRECTED), model=model)
    assert r.at["f", "constraint"] == pytest.approx(0.5133, abs=TOL)
    assert r.at["f", "effective_size"] == pytest.approx(3.4, abs=TOL)


def test_s7_directed_ego_and_whole_differ():
    # S7 [REF-TEST netmem: ego-network constraint(f) = 0.525 = igraph on the ego network =
    # valued A + A^T; REF-RUN networkx: 0.5247 on the ego subgraph, 0.4608 on the whole].
    g = graph(S7_ARCS, directed=True)
    assert burt(g, model="ego").at["f", "constraint"] == pytest.approx(0.5247, abs=TOL)
    assert burt(g, model="whole").at["f", "constraint"] == pytest.approx(0.4608, abs=TOL)
    # netmem: the directed network has the constraint of the valued A + A^T
    symmetric = graph(S7_ARCS, directed=False)
    for model in ("ego", "whole"):
        pd.testing.assert_frame_equal(burt(symmetric, model=model), burt(g, model=model))


@pytest.mark.parametrize("model", ["whole", "ego"])
def test_s7_valued(model):
    # S7 [REF-TEST netmem, igraph 2.2.1 on the ego network of f]: valued W, constraint 0.567
    r = burt(graph(S7_UNDIRECTED, weights=S7_WEIGHTS), model=model)
    assert r.at["f", "constraint"] == pytest.approx(0.567, abs=TOL)
    # netmem: the binary network ignores the values
    binary = burt(graph(S7_UNDIRECTED, weights=S7_WEIGHTS), weight=None, model=model)
    pd.testing.assert_frame_equal(binary, burt(graph(S7_UNDIRECTED), model=model))


# --- conventions, wrappers and errors ------------------------------------------------


def test_frame_shape_and_wrappers():
    g = graph(BORGATTI, weights=BORGATTI_WEIGHTS)
    r = burt(g, model="ego")
    assert list(r.columns) == ["effective_size", "efficiency", "constraint", "hierarchy"]
    assert r.index.name == "actor" and list(r.index) == g.vs["name"]
    for wrapper in (constraint, effective_size, efficiency, hierarchy):
        name = wrapper.__name__
        pd.testing.assert_frame_equal(wrapper(g, model="ego"), r[[name]])
    assert burt(ig.Graph()).shape == (0, 4)


def test_multi_edges_sum_when_weighted_and_count_once_when_not():
    # parallel edges: summed weights (weight given; no attribute = 1 each), one tie if None
    multi = graph([("a", "b"), ("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    doubled = graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")], weights=[2, 1, 1, 1])
    simple = graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    pd.testing.assert_frame_equal(burt(multi), burt(doubled))
    pd.testing.assert_frame_equal(burt(multi, weight=None), burt(simple))
    assert burt(multi).at["a", "constraint"] != pytest.approx(burt(simple).at["a", "constraint"])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1, -1, 1], "finite number >= 0 on every edge; 1 edge.* edge 1 with -1"),
        ([1, float("nan"), 1], "finite number"),
        ([1, None, 2], "edge 1 with None"),  # a missing value
        ([1, "strong", 2], "must hold numbers"),
    ],
)
def test_bad_weights_are_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        burt(graph(STAR, weights=weights))


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="model"):
        burt(graph(STAR), model="global")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no edge attribute 'strength'"):
        burt(graph(STAR), weight="strength")


def test_chunk_boundaries_do_not_matter(monkeypatch):
    g = ig.Graph.Erdos_Renyi(n=60, m=300)
    g.vs["name"] = [str(i) for i in range(60)]
    g.es["weight"] = np.random.default_rng(3).uniform(0.5, 4, g.ecount()).tolist()
    expected = {model: burt(g, model=model) for model in ("whole", "ego")}
    monkeypatch.setattr(sh, "_CHUNK", 7)
    for model, frame in expected.items():
        pd.testing.assert_frame_equal(burt(g, model=model), frame)


# --- cross-checks --------------------------------------------------------------------


def loop_burt(n, edges, weights, directed, ego) -> np.ndarray:
    """The definitions of measures.md §3.1, one node at a time in plain Python."""
    z = defaultdict(float)
    for (s, t), w in zip(edges, weights, strict=True):
        if s != t and w > 0:
            z[s, t] += w
            z[t, s] += 0 if directed else w
    a = defaultdict(dict)
    for s, t in list(z):
        a[s][t] = a[t][s] = z[s, t] + z.get((t, s), 0.0)
    rows = []
    for i in range(n):
        alters = set(a[i])
        if not alters:
            rows.append([math.nan] * 4)
            continue
        scope = alters | {i} if ego else set(range(n))

        def p(x, y, scope=scope):
            return a[x].get(y, 0.0) / sum(a[x][k] for k in a[x] if k in scope)

        def m(x, y, scope=scope):
            return a[x].get(y, 0.0) / max(a[x][k] for k in a[x] if k in scope)

        es = sum(1 - sum(p(i, q) * m(j, q) for q in alters if q != j) for j in alters)
        c = [(p(i, j) + sum(p(i, q) * p(q, j) for q in alters if q != j)) ** 2 for j in alters]
        total, size = sum(c), len(c)
        r = [x / (total / size) for x in c]
        h = 1.0 if size == 1 else sum(x * math.log(x) for x in r) / (size * math.log(size))
        rows.append([es, es / size, total, h])
    return np.array(rows)


@st.composite
def small_graphs(draw):
    """Edge lists with self-loops, parallel edges, isolates; integer weights 1..5."""
    n = draw(st.integers(1, 9))
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pair, max_size=4 * n))
    weights = draw(st.lists(st.integers(1, 5), min_size=len(edges), max_size=len(edges)))
    return n, edges, weights, draw(st.booleans())


@settings(max_examples=30, deadline=None)
@given(small_graphs(), st.sampled_from(["whole", "ego"]), st.booleans())
def test_matches_loop_implementation(case, model, weighted):
    n, edges, weights, directed = case
    g = graph(edges, names=range(n), weights=weights, directed=directed)
    if not weighted:  # one tie per arc (directed) or pair (undirected)
        edges = sorted({(s, t) if directed else tuple(sorted((s, t))) for s, t in edges})
        weights = [1] * len(edges)
    expected = loop_burt(n, edges, weights, directed, model == "ego")
    ours = burt(g, weight="weight" if weighted else None, model=model).to_numpy()
    np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(small_graphs())
def test_reversing_arcs_changes_nothing(case):
    n, edges, weights, _ = case
    forward = graph(edges, names=range(n), weights=weights, directed=True)
    backward = graph([(t, s) for s, t in edges], names=range(n), weights=weights, directed=True)
    for model in ("whole", "ego"):
        pd.testing.assert_frame_equal(burt(forward, model=model), burt(backward, model=model))


def random_simple_graph(seed: int, directed: bool, weighted: bool, most: int = 40):
    """A seeded G(n, p) without self-loops or parallel edges, as igraph and networkx."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, most))
    pairs = [(s, t) for s in range(n) for t in range(n) if s != t and (directed or s < t)]
    chosen = [e for e in pairs if rng.random() < rng.uniform(0.05, 0.3)]
    weights = rng.uniform(0.2, 5.0, len(chosen)).round(3) if weighted else np.ones(len(chosen))
    g = graph(chosen, names=range(n), weights=weights.tolist(), directed=directed)
    h = nx.DiGraph() if directed else nx.Graph()
    h.add_nodes_from(range(n))
    h.add_weighted_edges_from((s, t, w) for (s, t), w in zip(chosen, weights, strict=True))
    return g, h


def nx_whole(h, weight):
    """networkx constraint (vectorised path) and effective size (per-node path: the
    vectorised one is wrong on weighted and directed graphs, measures.md §3.1)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        c = nx.constraint(h, weight=weight)
    return c, nx.effective_size(h, nodes=list(h), weight=weight)


def assert_close_to_networkx(ours, c, es, h, v):
    assert ours.at[str(v), "constraint"] == pytest.approx(c, rel=1e-9, nan_ok=True)
    if math.isnan(es):
        # networkx's per-node path calls a node with no successors an isolate: it differs
        # on the sinks of a digraph, where we give the value.
        assert math.isnan(ours.at[str(v), "effective_size"]) or h.out_degree(v) == 0
    else:
        assert ours.at[str(v), "effective_size"] == pytest.approx(es, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.booleans())
def test_whole_model_matches_networkx(seed, directed, weighted):
    # no self-loops here: networkx counts them in the strengths, we (and igraph) ignore them
    g, h = random_simple_graph(seed, directed, weighted)
    weight = "weight" if weighted else None
    ours = burt(g, weight=weight)
    c, es = nx_whole(h, weight)
    for v in h:
        assert_close_to_networkx(ours, c[v], es[v], h, v)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.booleans())
def test_ego_model_is_networkx_on_each_ego_network(seed, directed, weighted):
    g, h = random_simple_graph(seed, directed, weighted, most=20)
    weight = "weight" if weighted else None
    ours = burt(g, weight=weight, model="ego")
    for v in h:
        sub = h.subgraph({v, *nx.all_neighbors(h, v)})
        c, es = nx_whole(sub, weight)
        assert_close_to_networkx(ours, c[v], es[v], h, v)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_ego_constraint_is_everett_borgatti_decomposition(seed):
    # E&B 2020: C = 1/N + (2/N^2) sum_j d_j/(d_j+1) + (1/N^2) sum_j (sum_{q~j} 1/(d_q+1))^2,
    # d_j the degree of alter j among the alters (binary undirected, ego model)
    g, h = random_simple_graph(seed, directed=False, weighted=False)
    ours = burt(g, model="ego")["constraint"]
    for v in h:
        alters = h.subgraph(h[v])
        size = len(alters)
        if size == 0:
            continue
        d = dict(alters.degree())
        term2 = 2 / size**2 * sum(x / (x + 1) for x in d.values())
        term3 = sum(sum(1 / (d[q] + 1) for q in alters[j]) ** 2 for j in alters) / size**2
        assert ours[str(v)] == pytest.approx(1 / size + term2 + term3, rel=1e-9)
