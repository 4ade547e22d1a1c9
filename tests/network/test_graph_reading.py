"""How measures read a graph fast (issue 10): edge arrays, the actor index, partitions.

Edges are copied from igraph's own endpoint arrays instead of a list of tuples, the actor
index of a large graph is reused while its ids stay the same, and a partition given as a
pandas Series is looked up in one vectorised step; each must give exactly what the slow
path gives.
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd
import pytest

from bioregion.errors import PartitionError
from bioregion.network import _graph, _igraph_arrays, degree, ei_index
from bioregion.network._graph import actor_index, edge_endpoints, group_codes


def edgelist(graph: ig.Graph) -> np.ndarray:
    return np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", range(4))
def test_edge_arrays_equal_get_edgelist_after_any_change(directed, seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 400))
    g = ig.Graph(n, rng.integers(0, n, (int(rng.integers(1, 3000)), 2)).tolist(), directed)
    g.add_edges([(0, 0), (0, 1), (0, 1)])  # a loop and a parallel edge
    for _ in range(3):
        assert _igraph_arrays.raw_endpoints(g) is not None  # the fast path is taken
        src, dst = edge_endpoints(g)
        np.testing.assert_array_equal(np.column_stack([src, dst]), edgelist(g))
        g.delete_edges(rng.choice(g.ecount(), g.ecount() // 4, replace=False).tolist())
        g.add_edges(rng.integers(0, n, (50, 2)).tolist())
        g.add_vertices(3)


def test_edge_arrays_fall_back_to_get_edgelist(monkeypatch):
    g = ig.Graph.Ring(50, directed=True)
    fast = edge_endpoints(g)
    monkeypatch.setattr(_graph, "raw_endpoints", lambda graph: None)
    slow = edge_endpoints(g)
    for a, b in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(a, b)
    assert _igraph_arrays.raw_endpoints(ig.Graph(5)) is None  # no edge: nothing to read


def test_a_graph_whose_layout_does_not_check_out_is_not_read(monkeypatch):
    class Shifted(ig.Graph):  # a struct address that is not an igraph_t
        def _raw_pointer(self):
            return super()._raw_pointer() + 8

    g = Shifted(4, [(0, 1), (1, 2), (2, 3)])
    assert _igraph_arrays.raw_endpoints(g) is None
    np.testing.assert_array_equal(np.column_stack(edge_endpoints(g)), edgelist(g))


def test_the_actor_index_follows_renamed_vertices():
    n = 20_000  # large enough to be reused
    g = ig.Graph(n)
    g.vs["name"] = [f"a{i}" for i in range(n)]
    first = actor_index(g)
    assert actor_index(g) is first  # reused: same ids
    g.vs["name"] = [f"b{i}" for i in range(n)]
    renamed = actor_index(g)
    assert renamed[0] == "b0" and renamed.name == "actor"
    other = g.copy()
    other.vs["name"] = [f"c{i}" for i in range(n)]
    assert actor_index(other)[0] == "c0" and actor_index(g)[0] == "b0"
    g.vs["name"] = list(range(n))  # integer ids stay integers
    assert actor_index(g).dtype.kind == "i"
    assert degree(g).index.equals(actor_index(g))


def test_a_series_partition_gives_what_a_dict_gives():
    g = ig.Graph([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)])
    g.vs["name"] = ["a", "b", "c", "d"]
    groups = {"a": "x", "b": "x", "c": "y", "d": "z"}
    from_dict, from_series = group_codes(g, groups), group_codes(g, pd.Series(groups))
    for a, b in zip(from_dict, from_series, strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    assert from_series[2].dtype == object and from_series[2].name == "group"
    with pytest.raises(PartitionError, match="no group"):
        group_codes(g, pd.Series({"a": "x", "b": "x", "c": "y"}))
    doubled = pd.Series(["x", "x", "y", "z", "w"], index=["a", "b", "c", "d", "d"])
    with pytest.raises(PartitionError, match="Series"):  # two labels for d
        group_codes(g, doubled)


def test_ei_index_of_a_simple_graph_skips_merging_but_agrees():
    rng = np.random.default_rng(2)
    g = ig.Graph(300, rng.integers(0, 300, (1500, 2)).tolist())
    groups = {i: int(rng.integers(0, 4)) for i in range(300)}
    simple = g.copy().simplify()
    assert not g.is_simple() and simple.is_simple()
    merged, direct = ei_index(g, groups), ei_index(simple, groups)
    assert merged.network == direct.network and merged.internal == direct.internal
    pd.testing.assert_frame_equal(merged.actors, direct.actors)
    pd.testing.assert_frame_equal(merged.groups, direct.groups)


def test_a_dict_in_vertex_order_gives_what_any_dict_gives():
    g = ig.Graph.Ring(6)
    g.vs["name"] = list("abcdef")
    ordered = dict(zip("abcdef", ["x", "y", "x", None, "z", "y"], strict=True))
    shuffled = dict(reversed(list(ordered.items())))
    with pytest.raises(PartitionError, match="'d'"):  # missing, named, on both paths
        group_codes(g, ordered)
    with pytest.raises(PartitionError, match="'d'"):
        group_codes(g, shuffled)
    ordered["d"] = shuffled["d"] = "w"
    for a, b in zip(group_codes(g, ordered), group_codes(g, shuffled), strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    ordered["e"] = ("x", "y")  # memberships are refused, naming the actor
    with pytest.raises(PartitionError, match="actor 'e' the tuple"):
        group_codes(g, ordered)
    ordered["e"] = ["x"]  # unhashable
    with pytest.raises(PartitionError, match="actor 'e' the list"):
        group_codes(g, ordered)
