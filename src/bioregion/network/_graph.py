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

import itertools
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError, PartitionError

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

    Raises :class:`ArgumentError` for anything but an :class:`igraph.Graph`.
    """
    require_igraph(graph)
    if "name" in graph.vs.attributes():
        return list(graph.vs["name"])
    return list(range(graph.vcount()))


def actor_index(graph: ig.Graph) -> pd.Index:
    """:func:`actor_ids` as a :class:`pandas.Index` named ``"actor"`` (dtype inferred)."""
    return pd.Index(actor_ids(graph), name="actor")


def node_frame(graph: ig.Graph, columns: Mapping[str, Any]) -> pd.DataFrame:
    """A node-measure DataFrame: one row per actor (:func:`actor_index`), these columns."""
    return pd.DataFrame(dict(columns), index=actor_index(graph))


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
    index = actor_index(graph)
    names = index.tolist()
    values = _labels(graph, partition, names)
    check_labels(names, values, measure=measure)
    missing = pd.Series(values, dtype=object).isna().to_numpy()
    if missing.any():
        _raise_missing(partition, [n for n, lacks in zip(names, missing, strict=True) if lacks])
    codes, labels = pd.factorize(pd.Series(values, dtype=object))
    return index, np.asarray(codes, dtype=np.int64), pd.Index(labels, name="group")


def _labels(graph: ig.Graph, partition: Partition, names: list[Any]) -> list[Any]:
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
    return [partition.get(name) for name in names]


def check_labels(names: Sequence[Any], values: Sequence[Any], *, measure: str) -> None:
    """Refuse labels that are memberships (tuple, list, set, dict...) or not hashable."""
    kinds = {type(value) for value in values}
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
    """Source and target vertex of every edge (self-loops included), as int64 arrays."""
    require_igraph(graph)
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
