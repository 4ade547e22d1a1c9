"""Overlapping group memberships (Everett & Borgatti 2026): the membership table and the
per-actor homophily indices built on it.

A **membership table** gives every actor a non-negative weight in each group (hours spent on
each project, share of turnover in each market, ...): a :class:`pandas.DataFrame` indexed by
actor id with one column per group, or a 2-D numpy array with one row per vertex in vertex
order. Each actor's row is divided by its total, so that it reads as the share of the actor
that belongs to each group, or as the probability that the actor "is" in that group when one
group is drawn for it. A partition (one label per actor) is the special case of a one-hot
table, and every measure that accepts a table gives the same results for a partition and for
its one-hot table.

The measures of :mod:`bioregion.network.brokerage`, :mod:`bioregion.network.external_internal`
and :mod:`bioregion.network.structural_holes` take a membership table wherever they take a
partition (``memberships=`` for :func:`~bioregion.network.structural_holes.burt`); this module
holds the table's validation, the similarity of two actors' memberships, and :func:`yule_q`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError, PartitionError
from bioregion.network._graph import Partition, actor_index, edge_endpoints, group_codes

__all__ = [
    "SIMILARITIES",
    "Groups",
    "MembershipTable",
    "Memberships",
    "Similarity",
    "alter_pairs",
    "check_similarity",
    "is_membership_table",
    "main_group",
    "membership_table",
    "pair_similarity",
    "similarity_row_sums",
    "yule_q",
]

#: A membership table: DataFrame (actor id x group) or 2-D array (vertex x group).
Memberships = pd.DataFrame | np.ndarray
#: What a categorical measure accepts: a partition or a membership table.
Groups = Partition | Memberships
#: How alike two actors' memberships are (see :func:`pair_similarity`).
Similarity = Literal["product", "minimum", "cosine"]
SIMILARITIES: tuple[str, ...] = ("product", "minimum", "cosine")
# Upper bound on the cells (pairs x groups) of one vectorised step.
_CELLS = 1 << 22


@dataclass(frozen=True)
class MembershipTable:
    """A validated membership table aligned to a graph's vertices.

    Attributes
    ----------
    index : pandas.Index
        The graph's actor ids in vertex order (name ``"actor"``).
    shares : numpy.ndarray or None
        Float array ``(n_actors, n_groups)``; each row sums to 1. ``None`` for a partition
        (whose one-hot table ``codes`` describes without storing it).
    labels : pandas.Index
        The group labels (name ``"group"``): the table's columns, or ``0 .. K-1``.
    codes : numpy.ndarray or None
        The group code of every actor when each belongs to exactly one group (a one-hot
        table, or a partition), else ``None``.
    """

    index: pd.Index
    shares: np.ndarray | None
    labels: pd.Index
    codes: np.ndarray | None


def is_membership_table(groups: Any) -> bool:
    """Whether ``groups`` is a membership table (DataFrame or numpy array), not a partition."""
    return isinstance(groups, pd.DataFrame | np.ndarray)


def membership_table(
    graph: ig.Graph, groups: Groups, *, measure: str = "this measure"
) -> MembershipTable:
    """Validate a partition or a membership table and align it to the graph's vertices.

    Parameters
    ----------
    graph : igraph.Graph
        The graph; its actor ids are the vertex ``"name"`` (else the vertex indices).
    groups : mapping, str, pandas.DataFrame or numpy.ndarray
        A partition (``actor id -> label`` or the name of a vertex attribute), or a table of
        non-negative weights (any unit: hours, shares, counts): a DataFrame indexed by actor
        id with one column per group, or a 2-D array with one row per vertex in vertex order.
    measure : str
        The measure's name, for the error messages.

    Returns
    -------
    MembershipTable
        Row-normalised shares in vertex order, the group labels and, when every actor is in
        exactly one group, the group codes.

    Raises
    ------
    PartitionError
        A table with negative, missing or infinite weights, an actor whose weights are all
        zero, actor ids that are not in the graph or graph actors absent from the table,
        duplicated actor ids, or an array whose shape does not match the graph.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.TupleList([("a", "b"), ("b", "c")])
    >>> hours = pd.DataFrame({"x": [30, 10, 0], "y": [0, 30, 8]}, index=["c", "b", "a"])
    >>> table = membership_table(g, hours)
    >>> table.shares.tolist()  # rows in vertex order a, b, c, each summing to 1
    [[0.0, 1.0], [0.25, 0.75], [1.0, 0.0]]
    >>> table.codes is None  # b is in both groups
    True
    """
    if not is_membership_table(groups):
        index, codes, labels = group_codes(graph, groups, measure=measure)
        return MembershipTable(index, None, labels, codes)
    index = actor_index(graph)
    if isinstance(groups, pd.DataFrame):
        weights, labels = _frame_weights(groups, index, measure)
    else:
        weights = np.asarray(groups)
        if weights.ndim != 2 or weights.shape[0] != len(index):
            raise PartitionError(
                f"{measure}: a membership array needs one row per vertex and one column per "
                f"group, shape ({len(index)}, K); got shape {weights.shape}. Pass a DataFrame "
                "indexed by actor id to align the rows by id instead"
            )
        labels = pd.RangeIndex(weights.shape[1])
    weights = _checked_weights(weights, index, labels, measure)
    shares = weights / weights.sum(axis=1, keepdims=True)
    positive = weights > 0
    codes = np.argmax(positive, axis=1) if (positive.sum(axis=1) == 1).all() else None
    return MembershipTable(index, shares, pd.Index(labels, dtype=object, name="group"), codes)


def _frame_weights(
    frame: pd.DataFrame, index: pd.Index, measure: str
) -> tuple[np.ndarray, pd.Index]:
    """The table's rows in vertex order, and its columns."""
    if not frame.index.is_unique:
        twice = frame.index[frame.index.duplicated()].unique().tolist()[:5]
        raise PartitionError(
            f"{measure}: the membership table lists actor(s) {twice} more than once; give "
            "one row per actor (sum or merge the duplicated rows)"
        )
    unknown = frame.index.difference(index)
    if len(unknown):
        raise PartitionError(
            f"{measure}: the membership table has {len(unknown)} actor id(s) that are not in "
            f"the graph, e.g. {unknown.tolist()[:5]}; index the table by the graph's actor "
            "ids (vertex attribute 'name') or drop those rows"
        )
    missing = index.difference(frame.index)
    if len(missing):
        raise PartitionError(
            f"{measure}: the membership table has no row for {len(missing)} actor(s) of the "
            f"graph, e.g. {missing.tolist()[:5]}; give every actor a row with at least one "
            "positive weight"
        )
    try:
        weights = frame.reindex(index).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise PartitionError(
            f"{measure}: the membership table must hold numbers (weights >= 0): {exc}"
        ) from None
    return weights, frame.columns


def _checked_weights(
    weights: np.ndarray, index: pd.Index, labels: pd.Index, measure: str
) -> np.ndarray:
    """Float weights, refusing non-numbers, NaN, infinities, negatives and all-zero rows."""
    try:
        weights = np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise PartitionError(f"{measure}: membership weights must be numbers: {exc}") from None
    if weights.shape[1] == 0:
        raise PartitionError(f"{measure}: the membership table has no group column")
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise PartitionError(
            f"{measure}: membership weights must be finite numbers >= 0; actor "
            f"{index[row]!r} has {float(weights[row, col])} in group {labels[col]!r} "
            f"({int(bad.sum())} bad cell(s)); fix those cells (use 0 for 'not a member')"
        )
    empty = ~(weights > 0).any(axis=1)
    if empty.any():
        shown = index[empty].tolist()[:5]
        raise PartitionError(
            f"{measure}: {int(empty.sum())} actor(s) have no positive membership weight, "
            f"e.g. {shown}; every actor must belong to at least one group (give it a weight, "
            "or add an 'other' group)"
        )
    return weights


# -- similarity of two actors' memberships -------------------------------------------------
def pair_similarity(
    table: MembershipTable, left: np.ndarray, right: np.ndarray, similarity: Similarity
) -> np.ndarray:
    """Similarity of the memberships of actors ``left[k]`` and ``right[k]`` (vertex indices).

    ``product``: ``sum_g s_lg s_rg``, the probability that the two are drawn in the same
    group; ``minimum``: ``sum_g min(s_lg, s_rg)``, the overlap of two traits; ``cosine``: the
    cosine of the two rows. All three are 1 for two actors of the same group of a partition
    and 0 for two of different groups.
    """
    check_similarity(similarity)
    if table.codes is not None:
        return (table.codes[left] == table.codes[right]).astype(float)
    shares = table.shares
    out = np.empty(len(left))
    step = max(1, _CELLS // max(shares.shape[1], 1))
    for start in range(0, len(left), step):
        a = shares[left[start : start + step]]
        b = shares[right[start : start + step]]
        if similarity == "minimum":
            out[start : start + step] = np.minimum(a, b).sum(axis=1)
        else:
            out[start : start + step] = np.einsum("ij,ij->i", a, b)
    if similarity == "cosine":
        norm = np.sqrt(np.einsum("ij,ij->i", shares, shares))
        out /= norm[left] * norm[right]
    return out


def similarity_row_sums(table: MembershipTable, similarity: Similarity) -> np.ndarray:
    """``sum_{j != i} S_ij`` for every actor ``i``: its similarity to all other actors."""
    check_similarity(similarity)
    if table.codes is not None:
        return np.bincount(table.codes)[table.codes] - 1.0
    shares = table.shares
    if similarity == "product":
        return shares @ shares.sum(axis=0) - np.einsum("ij,ij->i", shares, shares)
    if similarity == "cosine":
        unit = shares / np.sqrt(np.einsum("ij,ij->i", shares, shares))[:, None]
        return unit @ unit.sum(axis=0) - 1.0
    total = np.zeros(len(shares))
    for column in shares.T:  # sum_j min(v_i, v_j) from the sorted column and its cumsum
        ordered = np.sort(column)
        below = np.concatenate([[0.0], np.cumsum(ordered)])
        rank = np.searchsorted(ordered, column, side="left")
        total += below[rank] + column * (len(column) - rank)
    return total - 1.0  # the actor's own sum_g min(s_ig, s_ig) = 1


def check_similarity(similarity: str) -> None:
    """Raise :class:`ArgumentError` unless ``similarity`` is one of :data:`SIMILARITIES`."""
    if similarity not in SIMILARITIES:
        raise ArgumentError(
            f"similarity must be one of {', '.join(map(repr, SIMILARITIES))}, not {similarity!r}"
        )


# -- Yule's Q ------------------------------------------------------------------------------
def alter_pairs(graph: ig.Graph, mode: Literal["all", "out", "in"]) -> tuple[np.ndarray, ...]:
    """Distinct (ego, alter) pairs of vertex indices: out-, in- or all neighbours, no loops."""
    if mode not in ("all", "out", "in"):
        raise ArgumentError(f"mode must be 'all', 'out' or 'in', not {mode!r}")
    src, dst = edge_endpoints(graph)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    if not graph.is_directed() or mode == "all":
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    elif mode == "in":
        src, dst = dst, src
    n = graph.vcount()
    keys = np.unique(src * n + dst)
    return keys // n, keys % n


def yule_q(
    graph: ig.Graph,
    groups: Groups,
    *,
    mode: Literal["all", "out", "in"] = "out",
    similarity: Similarity = "product",
) -> pd.DataFrame:
    """Yule's Q of homophily of every actor, for a partition or overlapping memberships.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected graph; vertex attribute ``"name"`` holds the actor ids. Ties
        are binary (weights and parallel edges ignored), self-loops dropped.
    groups : mapping, str, pandas.DataFrame or numpy.ndarray
        A partition (``actor id -> label`` or a vertex attribute name) or a membership table
        of non-negative weights (DataFrame indexed by actor id, one column per group; or an
        array with one row per vertex); see :func:`membership_table`.
    mode : {"out", "in", "all"}, default "out"
        Alters of an actor in a digraph: out-neighbours (netmem, Everett & Borgatti), in-
        neighbours, or both. Ignored when undirected.
    similarity : {"product", "minimum", "cosine"}, default "product"
        How alike two actors' memberships are: see Notes.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor id (``"actor"``, vertex order), columns ``a`` (similar alters),
        ``b`` (dissimilar alters), ``c`` (similar non-alters), ``d`` (dissimilar
        non-alters), all in numbers of actors (fractional with memberships), and ``yule_q``
        (in [-1, 1]; ``NaN`` where ``ad + bc = 0``, e.g. an isolate).

    Raises
    ------
    PartitionError
        A bad partition or membership table (negative weights, unknown or missing actors,
        actors without any positive weight, wrong shape).
    ArgumentError
        Unknown ``mode`` or ``similarity``.

    Notes
    -----
    With ``S_ij`` the similarity of the memberships of ``i`` and ``j`` (1 for the same group
    of a partition, 0 otherwise), ``a = sum_{j in alters} S_ij``, ``b = |alters| - a``,
    ``c = sum_{j not alter, j != i} S_ij`` and ``d = (N - 1 - |alters|) - c``; then
    ``Q = (ad - bc) / (ad + bc)``: positive for homophily, 0 when ties ignore the groups,
    -1 when no alter is similar. Unlike the E-I index it accounts for how many actors of
    each group are available. ``product`` is ``sum_g s_ig s_jg`` with the row-normalised
    shares ``s`` (the probability that both are drawn in the same group), ``minimum`` is
    ``sum_g min(s_ig, s_jg)`` (Everett & Borgatti's trait version ``Q_s``), ``cosine`` the
    cosine of the two rows.

    References
    ----------
    .. [1] Everett, M. G. and Borgatti, S. P. (2026). Alter composition with overlapping
       group memberships. *Social Networks* 85: 80-88. doi:10.1016/j.socnet.2025.12.001

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.TupleList([("a", "b"), ("b", "c"), ("c", "d")])
    >>> yule_q(g, {"a": 1, "b": 1, "c": 2, "d": 2})["yule_q"].tolist()  # homophily
    [1.0, 1.0, 1.0, 1.0]
    >>> yule_q(g, {"a": 1, "b": 2, "c": 1, "d": 2})["yule_q"].tolist()  # heterophily
    [-1.0, -1.0, -1.0, -1.0]
    >>> hours = pd.DataFrame({"x": [1, 1, 1, 0], "y": [0, 1, 1, 1]}, index=list("abcd"))
    >>> yule_q(g, hours)["yule_q"].round(3).tolist()
    [0.5, 0.0, 0.0, 0.5]
    """
    table = membership_table(graph, groups, measure="yule_q")
    ego, alter = alter_pairs(graph, mode)
    n = len(table.index)
    alike = pair_similarity(table, ego, alter, similarity)
    a = np.bincount(ego, alike, minlength=n)
    b = np.bincount(ego, minlength=n) - a
    c = similarity_row_sums(table, similarity) - a
    d = (n - 1.0 - np.bincount(ego, minlength=n)) - c
    # rounding: a tiny negative c or d from the float sums is zero
    c, d = np.clip(c, 0.0, None), np.clip(d, 0.0, None)
    top, bottom = a * d - b * c, a * d + b * c
    q = np.full(n, np.nan)
    np.divide(top, bottom, out=q, where=bottom > 1e-12)
    return pd.DataFrame({"a": a, "b": b, "c": c, "d": d, "yule_q": q}, index=table.index)


def main_group(table: MembershipTable) -> pd.Index:
    """The label of each actor's largest membership (the first on ties)."""
    if table.codes is not None:
        return table.labels.take(table.codes)
    return table.labels.take(np.argmax(table.shares, axis=1))
