"""How every measure reads an :class:`igraph.Graph`: actor ids, partitions, edges, weights.

One rule for all measures of :mod:`bioregion.network`:

* **Actor ids** are the vertex attribute ``"name"`` when the graph has one, taken as they
  are (``10`` stays the integer ``10``, ``"a"`` the text ``"a"``), else the vertex indices
  ``0 .. n-1`` (integers). Results are indexed by these ids (index name ``"actor"``), in
  vertex order.
* A **partition** is a mapping actor id -> group label, keyed by those same ids, or the
  name of a vertex attribute holding the label. Each actor needs exactly one hashable
  label: a tuple, list, set or dict of memberships is refused (overlapping memberships are
  not supported by these measures), and so is a missing one.

This module is private; its names are public so that the measure modules share them.
"""

from __future__ import annotations

import contextlib
import itertools
import weakref
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError, PartitionError
from bioregion.network._igraph_arrays import raw_endpoints

__all__ = [
    "MEMBERSHIP_TYPES",
    "Partition",
    "actor_ids",
    "actor_index",
    "check_labels",
    "edge_endpoints",
    "group_codes",
    "node_frame",
    "positive_weights",
    "require_igraph",
    "simple_graph",
]

#: A partition: actor id -> group label, or the name of a vertex attribute.
Partition = Mapping[Hashable, Hashable] | str
#: Values that hold several memberships rather than one group label.
MEMBERSHIP_TYPES: tuple[type, ...] = (tuple, list, set, frozenset, dict, np.ndarray, pd.Series)
# actor_index's reuse of the index of a graph: id -> (weak reference, ids, index)
_INDEXES: dict[int, tuple[weakref.ref, list[Any], pd.Index]] = {}
_INDEX_CACHE_SIZE = 4
_INDEX_CACHE_MIN = 10_000  # vertices; a smaller index is cheaper to build than to keep


# -- actor ids ----------------------------------------------------------------------------
def require_igraph(graph: Any) -> None:
    """Raise :class:`ArgumentError` unless ``graph`` is an :class:`igraph.Graph`.

    The measures read igraph graphs only; a NetworkX graph (or anything else) gets a
    message saying how to convert it instead of an ``AttributeError`` deep inside.
    """
    if isinstance(graph, ig.Graph):
        return
    kind = f"{type(graph).__module__.split('.')[0]}.{type(graph).__name__}"
    hint = (
        'convert with igraph.Graph.from_networkx(g, vertex_attr_hashable="name") '
        "(the node ids become the actor ids)"
        if kind.startswith("networkx.")
        else "build one with igraph, or TemporalNetwork(...).graph()"
    )
    raise ArgumentError(f"measures take an igraph Graph, not a {kind}; {hint}")


def actor_ids(graph: ig.Graph) -> list[Any]:
    """The actor id of every vertex, in vertex order: its ``"name"``, else its index.

    A new list (igraph copies its attribute list). Raises :class:`ArgumentError` for
    anything but an :class:`igraph.Graph`.
    """
    require_igraph(graph)
    if "name" in graph.vs.attributes():
        return graph.vs["name"]
    return list(range(graph.vcount()))


def actor_index(graph: ig.Graph) -> pd.Index:
    """:func:`actor_ids` as a :class:`pandas.Index` named ``"actor"`` (dtype inferred)."""
    return _ids_and_index(graph)[1]


def _ids_and_index(graph: ig.Graph) -> tuple[list[Any], pd.Index]:
    """:func:`actor_ids` and :func:`actor_index`; the index of a large graph whose text
    ids are unchanged since the last call is reused (a yearly snapshot keeps its actors:
    comparing the ids costs a tenth of building an index of a million of them)."""
    ids = actor_ids(graph)
    key = id(graph)
    cached = _INDEXES.get(key)
    if cached is not None and cached[0]() is graph and cached[1] == ids:
        return ids, cached[2]
    index = pd.Index(ids, name="actor")
    if len(ids) >= _INDEX_CACHE_MIN and index.inferred_type == "string":
        for stale in [k for k, (ref, _, _) in _INDEXES.items() if ref() is None]:
            del _INDEXES[stale]
        while len(_INDEXES) >= _INDEX_CACHE_SIZE:
            del _INDEXES[next(iter(_INDEXES))]
        _INDEXES[key] = (weakref.ref(graph), ids, index)
    return ids, index


def node_frame(graph: ig.Graph, columns: Mapping[str, Any]) -> pd.DataFrame:
    """A node-measure DataFrame: one row per actor (:func:`actor_index`), these columns."""
    return pd.DataFrame(dict(columns), index=actor_index(graph), copy=False)


# -- partitions ---------------------------------------------------------------------------
def group_codes(
    graph: ig.Graph, partition: Partition, *, measure: str = "this measure"
) -> tuple[pd.Index, np.ndarray, pd.Index]:
    """Actor index, integer group code of every vertex and the group labels.

    ``partition`` is a mapping keyed by the graph's actor ids (:func:`actor_ids`) or the
    name of a vertex attribute. Codes number the labels in order of first appearance.

    Raises
    ------
    PartitionError
        A label that holds memberships (tuple, list, set, dict), is not hashable or is
        missing (``None``/``NaN``, or an actor absent from the mapping).
    ArgumentError
        ``partition`` names no vertex attribute, or is neither a mapping nor a name.
    """
    names, index = _ids_and_index(graph)
    values = _labels(graph, partition, names, index)
    cells = np.empty(len(values), dtype=object)
    cells[:] = values
    try:
        codes, labels = pd.factorize(cells)  # None, NaN, NA: code -1
    except TypeError:  # an unhashable label: say which actor has it
        check_labels(names, values, measure=measure)
        raise
    bad = [k for k, label in enumerate(labels) if _is_membership(label)]
    if bad:  # the first actor with such a label (check_labels names it)
        at = int(np.flatnonzero(np.isin(codes, bad))[0])
        check_labels([names[at]], [values[at]], measure=measure)
    if (codes < 0).any():
        _raise_missing(partition, [names[i] for i in np.flatnonzero(codes < 0)])
    return index, codes.astype(np.int64), pd.Index(labels, dtype=object, name="group")


def _labels(graph: ig.Graph, partition: Partition, names: list[Any], index: pd.Index) -> list[Any]:
    """The label of every vertex as given by the caller (not yet checked)."""
    if isinstance(partition, str):
        if partition not in graph.vs.attributes():
            raise ArgumentError(
                f"the graph has no vertex attribute {partition!r} to read the groups from "
                f"(it has {sorted(graph.vs.attributes())}); pass one of those or a mapping "
                "actor id -> group"
            )
        return list(graph.vs[partition])
    if not callable(getattr(partition, "get", None)):
        raise ArgumentError(
            f"the partition must be a mapping actor id -> group label (dict or pandas Series) "
            f"or the name of a vertex attribute, not a {type(partition).__name__}"
        )
    if isinstance(partition, pd.Series) and partition.index.is_unique:
        return partition.reindex(index).tolist()  # absent: NaN, refused as missing
    if type(partition) is dict and len(partition) == len(names):
        with contextlib.suppress(TypeError, ValueError):
            if list(partition) == names:  # keyed in vertex order: no look-up needed
                return list(partition.values())
    return list(map(partition.get, names))


def _is_membership(label: Any) -> bool:
    return isinstance(label, MEMBERSHIP_TYPES) or type(label).__hash__ is None


def check_labels(names: Sequence[Any], values: Sequence[Any], *, measure: str) -> None:
    """Refuse labels that are memberships (tuple, list, set, dict...) or not hashable."""
    kinds = set(map(type, values))
    bad = {k for k in kinds if issubclass(k, MEMBERSHIP_TYPES) or k.__hash__ is None}
    if not bad:
        return
    at = next(i for i, value in enumerate(values) if type(value) in bad)
    name, value = names[at], values[at]
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    if isinstance(value, MEMBERSHIP_TYPES):
        raise PartitionError(
            f"the partition gives actor {name!r} the {type(value).__name__} {shown}: "
            f"{measure} needs one group label per actor, and overlapping memberships "
            "(an actor in several groups) are not supported here; give each actor a "
            "single hashable label, e.g. its main group"
        )
    raise PartitionError(
        f"the partition gives actor {name!r} the label {shown} of type "
        f"{type(value).__name__}, which is not hashable; use a text, number or other "
        "hashable label"
    )


def _raise_missing(partition: Partition, unnamed: list[Any]) -> None:
    shown = ", ".join(repr(name) for name in unnamed[:10])
    more = f" and {len(unnamed) - 10} more" if len(unnamed) > 10 else ""
    hint = ""
    if not isinstance(partition, str) and _keyed_as_text(partition, unnamed[0]):
        first = unnamed[0]
        hint = (
            f"; the partition is keyed by ids of another type than the graph's "
            f"({type(first).__name__}, e.g. {first!r}): key it by the graph's own actor ids"
        )
    raise PartitionError(
        f"the partition gives no group (or a missing value) for {len(unnamed)} actor(s): "
        f"{shown}{more}; give every actor a group{hint}"
    )


def _keyed_as_text(partition: Any, name: Any) -> bool:
    """Whether the partition holds ``name`` under another type (``"10"`` for ``10``)."""
    if isinstance(name, str):
        try:
            return int(name) in partition
        except (ValueError, TypeError):
            return False
    try:
        return str(name) in partition
    except TypeError:
        return False


# -- edges and weights --------------------------------------------------------------------
def edge_endpoints(graph: ig.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Source and target vertex of every edge (self-loops included), as int64 arrays.

    In edge order, each pair as ``graph.get_edgelist()`` gives it; copied from igraph's
    own arrays when their layout checks out (:mod:`bioregion.network._igraph_arrays`),
    else converted from ``get_edgelist``.
    """
    require_igraph(graph)
    found = raw_endpoints(graph)
    if found is not None:
        return found
    flat = np.fromiter(
        itertools.chain.from_iterable(graph.get_edgelist()),
        dtype=np.int64,
        count=2 * graph.ecount(),
    )
    return flat[0::2], flat[1::2]


def positive_weights(graph: ig.Graph, weight: str | None) -> np.ndarray | None:
    """The weights (finite floats > 0) of edge attribute ``weight``, or None without one."""
    if weight is None:
        return None
    if graph.ecount() == 0:
        return np.zeros(0)
    if weight not in graph.es.attributes():
        raise ArgumentError(
            f"the graph has no edge attribute {weight!r} (it has {graph.es.attributes()}); "
            "pass weight=None for an unweighted measure"
        )
    try:
        values = np.asarray(graph.es[weight], dtype=float)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"edge attribute {weight!r} must hold numbers > 0: {exc}") from None
    if not np.all(np.isfinite(values) & (values > 0)):
        first = int(np.flatnonzero(~(np.isfinite(values) & (values > 0)))[0])
        raise ArgumentError(
            f"edge attribute {weight!r} must hold finite numbers > 0 on every edge; edge "
            f"{first} has {graph.es[first][weight]!r}: drop or fix such edges, or pass "
            "weight=None"
        )
    return values


def simple_graph(
    graph: ig.Graph,
    weight: str | None = None,
    combine: Literal["sum", "min"] = "sum",
    directed: bool | None = None,
) -> tuple[ig.Graph, list[float] | None]:
    """The graph without loops or parallel edges (merged by weight sum or minimum), weights.

    ``directed=False`` also merges the two arcs of a reciprocated pair. A graph that is
    already simple is returned as it is (never modified).
    """
    require_igraph(graph)
    values = positive_weights(graph, weight)
    to_undirected = directed is False and graph.is_directed()
    if not to_undirected and graph.is_simple():
        return graph, None if values is None else values.tolist()
    directed = graph.is_directed() and not to_undirected
    simple = ig.Graph(n=graph.vcount(), edges=graph.get_edgelist(), directed=directed)
    if values is None:
        simple.simplify(multiple=True, loops=True)
        return simple, None
    simple.es["w"] = values.tolist()
    simple.simplify(multiple=True, loops=True, combine_edges={"w": combine})
    return simple, simple.es["w"]
