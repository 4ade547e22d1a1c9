"""Bad arguments to the measures raise ArgumentError with a message that says what to do.

Issue 8: the network layer raised plain ValueError/TypeError; it now raises errors of the
bioregion hierarchy (ArgumentError is a ValueError too, so old ``except ValueError`` code
keeps working).
"""

from __future__ import annotations

import igraph as ig
import pandas as pd
import pytest

from bioregion.errors import ArgumentError, BioregionError
from bioregion.network import (
    betweenness,
    burt,
    components,
    degree,
    ei_index,
    ei_permutation_test,
    leiden,
    pagerank,
    ties_frame,
)


def named(directed: bool = False) -> ig.Graph:
    g = ig.Graph(n=3, edges=[(0, 1), (1, 2)], directed=directed)
    g.vs["name"] = ["a", "b", "c"]
    return g


CASES = [
    (lambda: betweenness(named(), sample=1), r"at least 2 pivots.*sample=None"),
    (lambda: betweenness(named(), sample=2, confidence=1.5), r"confidence.*\(got 1.5\)"),
    (lambda: pagerank(named(), damping=2.0), r"damping must lie in \[0, 1\] \(got 2.0\)"),
    (lambda: degree(named(), weight="strength"), r"no edge attribute 'strength'.*weight=None"),
    (lambda: burt(named(), model="global"), r"model must be 'whole' or 'ego', not 'global'"),
    (lambda: components(named(), mode="both"), r"mode must be 'weak' or 'strong'"),
    (lambda: leiden(named(), objective="louvain"), r"objective must be 'modularity' or 'CPM'"),
    (lambda: ei_index(named(), {"a": 1, "b": 1, "c": 2}, mode="both"), r"mode must be 'all'"),
    (
        lambda: ei_permutation_test(named(), {"a": 1, "b": 1, "c": 2}, n_permutations=0),
        r"n_permutations must be at least 1",
    ),
    (
        lambda: ties_frame(pd.DataFrame({"kind": ["licence"], "source": ["a"]})),
        r"lacks the column\(s\) target, start",
    ),
    (
        lambda: ties_frame(
            pd.DataFrame({"kind": ["x"], "source": ["a"], "target": ["b"], "start": ["soon"]})
        ),
        r"cannot read the date 'soon'.*YYYY-MM-DD",
    ),
]


@pytest.mark.parametrize(("call", "message"), CASES)
def test_bad_arguments_raise_argument_error(call, message):
    with pytest.raises(ArgumentError, match=message) as caught:
        call()
    assert isinstance(caught.value, BioregionError) and isinstance(caught.value, ValueError)


def test_bad_weights_name_the_edge():
    g = named()
    g.es["weight"] = [1.0, -2.0]
    with pytest.raises(ArgumentError, match=r"finite numbers > 0 on every edge; edge 1 has -2.0"):
        degree(g, weight="weight")
    with pytest.raises(ArgumentError, match=r">= 0 on every edge.*edge 1 with -2.0"):
        burt(g)


@pytest.mark.parametrize("years", [-1, -0.5, float("nan"), float("inf"), "five", None])
def test_default_years_must_be_finite_and_not_negative(years):
    # issue 8: default_years=-1 gave ends before starts and NaN a plain ValueError
    from bioregion.network import TemporalNetwork

    ties = pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["b"], "start": ["2001"]})
    with pytest.raises(ArgumentError, match=r"default_years=.*finite number >= 0"):
        TemporalNetwork(ties, default_years=years)


def test_default_years_zero_is_the_start_day_only():
    from bioregion.network import TemporalNetwork

    ties = pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["b"], "start": ["2001"]})
    net = TemporalNetwork(ties, default_years=0)
    assert net.default_years == 0.0
    assert net.graph(at="2001-01-01").ecount() == 1 and net.graph(at="2001-01-02").ecount() == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda g: burt(g),
        lambda g: degree(g),
        lambda g: betweenness(g),
        lambda g: ei_index(g, {"a": 1, "b": 1, "c": 2}).groups,
    ],
    ids=["burt", "degree", "betweenness", "ei_index"],
)
def test_a_networkx_graph_is_refused_with_the_conversion_to_use(call):
    """Measures name the conversion instead of failing on a missing attribute."""
    # issue 8: burt(nx.DiGraph(...)) raised AttributeError: 'DiGraph' object has no attribute 'vs'
    nx = pytest.importorskip("networkx")
    g = nx.DiGraph([("a", "b"), ("b", "c")])
    with pytest.raises(ArgumentError, match=r"igraph Graph, not a networkx\.DiGraph") as caught:
        call(g)
    assert 'igraph.Graph.from_networkx(g, vertex_attr_hashable="name")' in str(caught.value)
    converted = ig.Graph.from_networkx(g, vertex_attr_hashable="name")  # the hint works
    assert len(call(converted)) in (2, 3)  # one row per actor (per group for E-I)


@pytest.mark.parametrize("name", ["components", "largest_component", "density", "summary"])
def test_structure_measures_refuse_a_networkx_graph(name):
    nx = pytest.importorskip("networkx")
    import bioregion.network as network

    with pytest.raises(ArgumentError, match=r"igraph Graph, not a networkx\.Graph"):
        getattr(network, name)(nx.Graph([("a", "b")]))
