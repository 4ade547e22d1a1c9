"""Network-level and partition measures against NetworkX and hand-computed cases.

Each random graph is rebuilt here as a simple ``nx.Graph``/``nx.DiGraph`` (self-loops
dropped, parallel edges merged, weights summed), independently of the module.
"""

from __future__ import annotations

import math
import warnings

import igraph as ig
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.network.structure import (
    LeidenResult,
    assortativity_attribute,
    assortativity_degree,
    components,
    density,
    largest_component,
    leiden,
    summary,
)

EXACT = 1e-6


@st.composite
def graphs(draw, directed=None, weighted=None, max_nodes=16) -> ig.Graph:
    """A seeded random igraph graph with names, maybe weights, parallel edges and loops."""
    n = draw(st.integers(1, max_nodes))
    directed = draw(st.booleans()) if directed is None else directed
    weighted = draw(st.booleans()) if weighted is None else weighted
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    p = draw(st.floats(0.02, 0.5))
    m = rng.binomial(n * n, p / (1 if directed else 2))
    g = ig.Graph(n=n, edges=rng.integers(0, n, size=(m, 2)).tolist(), directed=directed)
    g.vs["name"] = [f"v{i}" for i in range(n)]
    if weighted:
        g.es["weight"] = rng.integers(1, 10, size=g.ecount()).astype(float).tolist()
    return g


def to_nx(g: ig.Graph, weight: str | None = None, directed: bool | None = None) -> nx.Graph:
    """The graph as a simple NetworkX graph: no loops, parallel edge weights summed."""
    directed = g.is_directed() if directed is None else directed
    out = nx.DiGraph() if directed else nx.Graph()
    out.add_nodes_from(g.vs["name"])
    for edge in g.es:
        u, v = g.vs[edge.source]["name"], g.vs[edge.target]["name"]
        if u != v:
            w = edge[weight] if weight else 1.0
            previous = out.get_edge_data(u, v, default={"weight": 0.0})["weight"]
            out.add_edge(u, v, weight=previous + w)
    return out


def named(g: ig.Graph) -> ig.Graph:
    g.vs["name"] = [f"v{i}" for i in range(g.vcount())]
    return g


def quiet(function, *args, **kwargs):
    """Call a NetworkX oracle that warns (0/0) where the value is undefined."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return function(*args, **kwargs)


def same(value: float, expected: float) -> bool:
    """Equal values, or both undefined (NetworkX may give nan or +-inf for 0/0 cases)."""
    if not math.isfinite(expected):
        return math.isnan(value)
    return value == pytest.approx(expected, abs=EXACT)


# --------------------------------------------------------------------------- components


@settings(max_examples=30, deadline=None)
@given(graphs(), st.sampled_from(["weak", "strong"]))
def test_components_match_networkx(g, mode):
    frame = components(g, mode=mode)
    G = to_nx(g)
    if not g.is_directed():
        expected = nx.connected_components(G)
    elif mode == "weak":
        expected = nx.weakly_connected_components(G)
    else:
        expected = nx.strongly_connected_components(G)
    found = frame.groupby("component").groups
    assert {frozenset(v) for v in found.values()} == {frozenset(c) for c in expected}
    # Canonical labels: 0, 1, ... by size descending, ties by first vertex.
    sizes = frame.groupby("component").size()
    assert list(sizes.index) == list(range(len(sizes)))
    first = [g.vs["name"].index(found[c][0]) for c in sizes.index]
    assert sorted(zip(-sizes.to_numpy(), first, strict=True)) == list(
        zip(-sizes.to_numpy(), first, strict=True)
    )
    assert (frame["component_size"] == frame["component"].map(sizes)).all()


def test_components_hand_computed():
    # a -> b -> c -> a is one strong component; d only reaches it.
    g = named(ig.Graph([(0, 1), (1, 2), (2, 0), (3, 0)], directed=True))
    assert components(g, "strong")["component"].tolist() == [0, 0, 0, 1]
    assert components(g, "weak")["component_size"].tolist() == [4] * 4
    with pytest.raises(ValueError, match="weak"):
        components(g, "bogus")


@settings(max_examples=30, deadline=None)
@given(graphs())
def test_largest_component_matches_networkx(g):
    sub = largest_component(g)
    G = to_nx(g)
    parts = nx.weakly_connected_components(G) if g.is_directed() else nx.connected_components(G)
    assert len(set(sub.vs["name"])) == max(len(c) for c in parts)
    assert sub.vs.attributes() == g.vs.attributes() and sub.es.attributes() == g.es.attributes()
    assert sub.is_connected(mode="weak")


def test_largest_component_keeps_attributes_and_breaks_ties_by_first_vertex():
    g = named(ig.Graph([(0, 1), (2, 3)]))
    g.es["weight"] = [1.0, 2.0]
    sub = largest_component(g)
    assert sub.vs["name"] == ["v0", "v1"] and sub.es["weight"] == [1.0]
    assert largest_component(ig.Graph(0)).vcount() == 0


# --------------------------------------------------------------------------- density


@settings(max_examples=30, deadline=None)
@given(graphs())
def test_density_matches_networkx(g):
    value = density(g)
    if g.vcount() < 2:
        assert math.isnan(value)  # NetworkX returns 0 here
    else:
        assert value == pytest.approx(nx.density(to_nx(g)), abs=EXACT)


def test_density_hand_computed():
    # Path of 3: 2 of 3 possible ties; directed: 2 of 6 arcs; parallel ties count once.
    assert density(ig.Graph([(0, 1), (1, 2), (1, 2)])) == pytest.approx(2 / 3)
    assert density(ig.Graph([(0, 1), (1, 2)], directed=True)) == pytest.approx(1 / 3)


# --------------------------------------------------------------------------- assortativity


@settings(max_examples=30, deadline=None)
@given(graphs(weighted=False, max_nodes=25), st.booleans())
def test_degree_assortativity_matches_networkx(g, directed):
    value = assortativity_degree(g, directed=directed)
    G = to_nx(g, directed=g.is_directed() and directed)
    if G.number_of_edges() == 0:
        assert math.isnan(value)
        return
    # For a DiGraph NetworkX uses x="out" (source), y="in" (target), as here.
    assert same(value, quiet(nx.degree_assortativity_coefficient, G))


def test_degree_assortativity_hand_computed():
    # Star: every tie joins degree k to degree 1, perfectly disassortative (Newman 2002).
    assert assortativity_degree(ig.Graph.Star(6)) == pytest.approx(-1.0)
    assert math.isnan(assortativity_degree(ig.Graph.Ring(5)))  # all degrees equal
    assert math.isnan(assortativity_degree(ig.Graph(3)))


@settings(max_examples=30, deadline=None)
@given(graphs(weighted=False, max_nodes=25), st.integers(1, 4), st.integers(0, 1000))
def test_attribute_assortativity_matches_networkx(g, groups, seed):
    labels = np.random.default_rng(seed).integers(0, groups, g.vcount())
    partition = {name: f"g{k}" for name, k in zip(g.vs["name"], labels, strict=True)}
    G = to_nx(g)
    nx.set_node_attributes(G, partition, "group")
    value = assortativity_attribute(g, partition)
    if G.number_of_edges() == 0 or len(set(labels)) == 1:
        assert math.isnan(value)
        return
    assert same(value, quiet(nx.attribute_assortativity_coefficient, G, "group"))
    g.vs["group"] = [partition[name] for name in g.vs["name"]]
    assert same(assortativity_attribute(g, "group"), value)
    # directed=False: mixing of the undirected graph (a reciprocated pair is one tie).
    undirected = to_nx(g, directed=False)
    nx.set_node_attributes(undirected, partition, "group")
    expected = quiet(nx.attribute_assortativity_coefficient, undirected, "group")
    assert same(assortativity_attribute(g, partition, directed=False), expected)


def test_attribute_assortativity_hand_computed_and_errors():
    g = named(ig.Graph([(0, 1), (2, 3), (1, 2)]))
    # Two ties inside groups, one across, e = [[2/6, 1/6], [1/6, 2/6]], a = b = 1/2:
    # r = (4/6 - 1/2) / (1 - 1/2) = 1/3 (Newman 2003, eq. 2).
    value = assortativity_attribute(g, {"v0": "x", "v1": "x", "v2": "y", "v3": "y"})
    assert value == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="2 actor"):
        assortativity_attribute(g, {"v0": "x", "v1": "x"})
    with pytest.raises(ValueError, match="no vertex attribute 'sector'"):
        assortativity_attribute(g, "sector")


# --------------------------------------------------------------------------- leiden


def barbell() -> ig.Graph:
    return ig.Graph.from_networkx(nx.barbell_graph(6, 0))


def test_leiden_finds_the_two_cliques_of_a_barbell():
    result = leiden(named(barbell()))
    assert isinstance(result, LeidenResult) and result.n_communities == 2
    assert result.membership["community"].tolist() == [0] * 6 + [1] * 6
    assert result.membership.index.name == "actor"


@settings(max_examples=30, deadline=None)
@given(graphs(max_nodes=30), st.integers(0, 2**31 - 1), st.sampled_from(["modularity", "CPM"]))
def test_leiden_is_deterministic_canonical_and_reports_networkx_modularity(g, seed, objective):
    weight = "weight" if "weight" in g.es.attributes() else None
    resolution = 1.0 if objective == "modularity" else 0.1
    run = {"weight": weight, "seed": seed, "objective": objective, "resolution": resolution}
    first, second = leiden(g, **run), leiden(g, **run)
    assert first.membership.equals(second.membership) and first.quality == second.quality
    labels = first.membership["community"].to_numpy()
    sizes = np.bincount(labels)
    assert first.n_communities == len(sizes) and np.all(np.diff(sizes) <= 0)
    firsts = [int(np.flatnonzero(labels == c)[0]) for c in range(len(sizes))]
    assert all(firsts[c] < firsts[c + 1] for c in range(len(sizes) - 1) if sizes[c] == sizes[c + 1])
    G = to_nx(g, weight)
    if G.number_of_edges() == 0:
        assert math.isnan(first.modularity)
        return
    groups = [set(first.membership.index[labels == c]) for c in range(len(sizes))]
    expected = nx.community.modularity(G, groups, weight="weight" if weight else None)
    assert first.modularity == pytest.approx(expected, abs=EXACT)


def test_leiden_reaches_known_modularity_of_karate_club():
    # Best known modularity of Zachary's karate club is 0.4198 (Brandes et al. 2008, exact
    # optimum by integer programming); Leiden finds it.
    result = leiden(named(ig.Graph.Famous("Zachary")), seed=1)
    assert result.modularity == pytest.approx(0.4198, abs=1e-3)
    finer = leiden(named(ig.Graph.Famous("Zachary")), seed=1, resolution=2.0)
    assert finer.n_communities > result.n_communities


def test_leiden_rejects_unknown_objective():
    with pytest.raises(ValueError, match="objective"):
        leiden(named(barbell()), objective="surprise")


# --------------------------------------------------------------------------- summary


def test_summary_hand_computed():
    # Triangle + separate pair: 5 actors, 4 ties, density 4/10, two components.
    figures = summary(named(ig.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (3, 4), (4, 4)])))
    assert figures["nodes"] == 5 and figures["edges"] == 4
    assert figures["density"] == pytest.approx(0.4)
    assert figures["components"] == 2 and figures["largest_component_share"] == 0.6
    assert figures["mean_degree"] == pytest.approx(1.6)
    assert figures["global_clustering"] == pytest.approx(1.0)
    assert math.isnan(figures["degree_assortativity"]) or figures["degree_assortativity"] >= 0


@settings(max_examples=30, deadline=None)
@given(graphs())
def test_summary_matches_networkx(g):
    figures = summary(g)
    G = to_nx(g)
    n = G.number_of_nodes()
    assert figures["nodes"] == n and figures["edges"] == G.number_of_edges()
    weak = list(
        nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    )
    assert figures["components"] == len(weak)
    assert figures["largest_component_share"] == pytest.approx(max(map(len, weak)) / n)
    assert figures["mean_degree"] == pytest.approx(np.mean([d for _, d in G.degree()]))
    if G.number_of_edges():
        assortativity = quiet(nx.degree_assortativity_coefficient, G)
        assert same(figures["degree_assortativity"], assortativity)
    transitivity = nx.transitivity(G.to_undirected())
    assert same(figures["global_clustering"], transitivity) or (
        math.isnan(figures["global_clustering"]) and transitivity == 0
    )
