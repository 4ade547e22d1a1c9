"""Krackhardt & Stern E-I index of a partitioned network, and its permutation test.

``EI = (E - I) / (E + I)`` with ``E`` the ties between groups and ``I`` the ties within groups:
-1 when every tie stays inside a group, +1 when every tie crosses groups. Computed for the whole
network, per group and per actor from edge arrays with numpy (``bincount``); the permutation test
relabels actors in batches of permutations at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import igraph as ig
import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.network._arrays import sorted_unique
from bioregion.network._graph import Partition, edge_endpoints, group_codes
from bioregion.network._threads import compiled_threads
from bioregion.network.categories import (
    Groups,
    MembershipTable,
    Similarity,
    check_similarity,
    is_membership_table,
    main_group,
    membership_table,
    pair_similarity,
    similarity_row_sums,
)

__all__ = ["EIIndexResult", "EIPermutationResult", "ei_index", "ei_permutation_test"]

# Upper bound on (permutations x ties) handled in one batch of the permutation test.
_BATCH_CELLS = 1 << 22


@dataclass(frozen=True)
class EIIndexResult:
    """E-I index at three levels (see :func:`ei_index`).

    Attributes
    ----------
    network : float
        Whole-network E-I index (``NaN`` without ties).
    internal, external : float
        Number (or summed weight) of ties within groups and between groups.
    expected : float
        E-I index of the complete graph on the same groups: the value expected when ties fall
        at random given the group sizes (``NaN`` with fewer than two actors).
    groups : pandas.DataFrame
        Index ``"group"`` (in order of first appearance); columns ``size``, ``internal``,
        ``external``, ``ei_index``.
    actors : pandas.DataFrame
        Index ``"actor"`` (vertex order); columns ``group``, ``internal``, ``external``,
        ``ei_index``.
    """

    network: float
    internal: float
    external: float
    expected: float
    groups: pd.DataFrame
    actors: pd.DataFrame


@dataclass(frozen=True)
class EIPermutationResult:
    """Permutation test of the whole-network E-I index (see :func:`ei_permutation_test`).

    Attributes
    ----------
    observed : float
        E-I index of the observed network.
    expected : float
        E-I index of the complete graph on the same groups; the exact mean of the permutation
        distribution.
    mean, std, minimum, maximum, quantile_025, quantile_975 : float
        Summary of the permutation distribution.
    p_greater, p_less, p_two_sided : float
        Permutation p-values ``(1 + #{perm >= obs}) / (1 + n_permutations)``, the same with
        ``<=``, and with ``|perm - expected| >= |obs - expected|``.
    n_permutations : int
        Number of permutations drawn.
    distribution : numpy.ndarray
        The E-I index of every permutation.
    """

    observed: float
    expected: float
    mean: float
    std: float
    minimum: float
    maximum: float
    quantile_025: float
    quantile_975: float
    p_greater: float
    p_less: float
    p_two_sided: float
    n_permutations: int
    distribution: np.ndarray = field(repr=False, compare=False)


def _ties(graph: ig.Graph, weight: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Endpoints and values of the ties: self-loops dropped; binary ties merge parallel edges
    (and, for undirected graphs, both orientations), weighted ties keep them to sum them."""
    src, dst = edge_endpoints(graph)
    if weight is not None and weight in graph.es.attributes():
        values = np.asarray(graph.es[weight], dtype=float)
    else:
        values = np.ones(src.size)
    if weight is None and graph.is_simple():  # no loop, no parallel edge: nothing to merge
        return src, dst, values
    keep = src != dst
    src, dst, values = src[keep], dst[keep], values[keep]
    if weight is None:
        if not graph.is_directed():
            src, dst = np.minimum(src, dst), np.maximum(src, dst)
        n = graph.vcount()
        keys = sorted_unique(src * n + dst)
        src, dst, values = keys // n, keys % n, np.ones(keys.size)
    return src, dst, values


def _ratio(external: np.ndarray | float, internal: np.ndarray | float) -> np.ndarray:
    """``(E - I) / (E + I)``, ``NaN`` where ``E + I == 0``."""
    external, internal = np.asarray(external, float), np.asarray(internal, float)
    total = external + internal
    out = np.full(total.shape, np.nan)
    np.divide(external - internal, total, out=out, where=total > 0)
    return out


def _complete_graph_ei(sizes: np.ndarray) -> float:
    """E-I index of the complete graph with these group sizes (ordered or unordered pairs)."""
    big_n = sizes.sum()
    if big_n < 2:
        return float("nan")
    internal = (sizes * (sizes - 1)).sum()
    external = big_n * big_n - (sizes * sizes).sum()
    return float((external - internal) / (external + internal))


def _actor_counts(
    n: int, inside: np.ndarray, outside: np.ndarray, ends: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Internal and external tie totals of each of the ``n`` actors over the given tie ends
    (``inside``/``outside``: each tie's value where it is internal/external, else 0)."""
    internal, external = np.zeros(n), np.zeros(n)
    for end in ends:
        internal += np.bincount(end, inside, minlength=n)
        external += np.bincount(end, outside, minlength=n)
    return internal, external


def ei_index(
    graph: ig.Graph,
    partition: Groups,
    *,
    mode: Literal["all", "out", "in"] = "all",
    weight: str | None = None,
    similarity: Similarity = "product",
) -> EIIndexResult:
    """Krackhardt & Stern E-I index of the whole network, of each group and of each actor.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected graph; vertex attribute ``"name"`` holds the actor ids.
    partition : mapping, str, pandas.DataFrame or numpy.ndarray
        Group of every actor (``actor id -> group``, keyed by the graph's own ids), or the
        name of the vertex attribute that holds it: one hashable label per actor. Or a
        membership table for overlapping groups (Everett & Borgatti 2026): non-negative
        weights, e.g. hours, as a DataFrame indexed by actor id with one column per group or
        an array with one row per vertex (see
        :func:`~bioregion.network.categories.membership_table`).
    mode : {"all", "out", "in"}, default "all"
        Which ties of an actor count for the actor-level index in a digraph: every incident
        arc, the out-arcs (netmem, row of the matrix) or the in-arcs. Ignored when undirected.
    weight : str or None, default None
        Edge attribute to sum instead of counting ties (edges lacking it weigh 1, parallel edges
        add up). ``None`` counts ties: parallel edges are one tie.
    similarity : {"product", "minimum", "cosine"}, default "product"
        With a membership table, how much of a tie is internal: the similarity of its two
        ends' memberships (see Notes). Without one every choice gives the same result.

    Returns
    -------
    EIIndexResult
        ``network``, ``internal``, ``external``, ``expected`` (floats) and the ``groups`` and
        ``actors`` DataFrames.

    Raises
    ------
    PartitionError
        If the partition lacks an actor or gives one a set of memberships (a tuple, list,
        set or dict: use a membership table instead) or an unhashable label; or if the
        membership table has negative weights, actors without a positive weight, unknown
        or missing actors, or the wrong shape.
    ArgumentError
        If the graph lacks the named vertex attribute, or ``mode`` or ``similarity`` is
        unknown.

    Notes
    -----
    ``EI = (E - I) / (E + I)`` where ``I`` counts (or sums) the ties inside groups and ``E`` the
    ties between groups. Each tie counts **once**: an undirected edge is one tie and an arc is
    one tie, so a reciprocated dyad of a digraph is two ties (symmetrise with
    ``graph.as_undirected(mode="collapse")`` to count it once). Self-loops are ignored.

    * Whole network: ``E`` and ``I`` over all ties (the ratio is the same when undirected edges
      are counted twice, as arcs).
    * Group ``k``: ``I_k`` ties with both ends in ``k`` (counted once), ``E_k`` ties with exactly
      one end in ``k``, whatever their direction. For the convention that counts an internal
      tie once per member, use ``(E_k - 2 I_k) / (E_k + 2 I_k)`` from the columns.
    * Actor ``i``: ``e_i`` and ``i_i`` over the ties of ``i`` chosen by ``mode``; with
      ``mode="all"`` summing ``internal`` over a group's members gives twice its ``I_k`` and
      summing ``external`` gives ``E_k``.

    An index with no ties to count (an isolate, a group without ties, an empty graph) is
    ``NaN``. ``expected`` is the E-I index of the complete graph,
    ``(E_max - I_max) / (E_max + I_max)`` with ``I_max = sum_g n_g (n_g - 1)`` and
    ``E_max = N^2 - sum_g n_g^2`` (ordered pairs; unordered pairs give the same ratio). The local
    share of ties ``I / (I + E)`` is ``(1 - EI) / 2`` and the external-internal ratio ``E / I``
    is ``(1 + EI) / (1 - EI)``. UCINET's E-I ignores tie values (``weight=None``).

    **Overlapping memberships** (Everett & Borgatti 2026). Each actor's weights are divided by
    their total, giving shares ``s_ig``. A tie between ``i`` and ``j`` counts ``S_ij`` as
    internal and ``1 - S_ij`` as external, with ``S_ij = sum_g s_ig s_jg`` (``"product"``:
    the probability that both ends are drawn in the same group), ``sum_g min(s_ig, s_jg)``
    (``"minimum"``, the trait version ``E_s - I_s``) or the cosine of the two rows. Group
    ``k``: ``I_k = sum s_ik s_jk`` and ``E_k = sum s_ik (1 - s_jk) + s_jk (1 - s_ik)`` over the
    ties (with ``"minimum"``: ``sum min(s_ik, s_jk)`` and ``sum |s_ik - s_jk|``; ``"cosine"``
    uses the product split), ``size`` the sum of the shares; the ``group`` column of
    ``actors`` is each actor's largest membership; ``expected`` is the E-I of the complete
    graph with ``I_max = sum_{i != j} S_ij``. With ``mode="out"`` and ``weight=None`` the
    actor index is netmem's ``alter_homophily``. A table in which every actor has a single
    positive weight is a partition and gives exactly the partition's results.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. *Social Psychology Quarterly* 51(2): 123-140.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.TupleList([("a", "b"), ("b", "c"), ("c", "d"), ("a", "c")])
    >>> result = ei_index(g, {"a": "x", "b": "x", "c": "y", "d": "y"})
    >>> result.network  # 2 external ties (b-c, a-c), 2 internal (a-b, c-d)
    0.0
    >>> result.actors["ei_index"].tolist()
    [0.0, 0.0, 0.3333333333333333, -1.0]
    """
    if mode not in ("all", "out", "in"):
        raise ArgumentError(f"mode must be 'all', 'out' or 'in', not {mode!r}")
    check_similarity(similarity)
    if is_membership_table(partition):
        table = membership_table(graph, partition, measure="ei_index")
        if table.codes is None:
            return _overlapping_ei(graph, table, mode, weight, similarity)
        index, codes, labels = table.index, table.codes, table.labels
    else:
        index, codes, labels = group_codes(graph, partition, measure="ei_index")
    src, dst, values = _ties(graph, weight)
    ends = codes[src], codes[dst]
    same = ends[0] == ends[1]
    internal, external = float(values[same].sum()), float(values[~same].sum())
    inside, outside = np.where(same, values, 0.0), np.where(same, 0.0, values)
    if graph.is_directed() and mode != "all":
        tie_ends = [src] if mode == "out" else [dst]
    else:
        tie_ends = [src, dst]
    actor_internal, actor_external = _actor_counts(len(index), inside, outside, tie_ends)
    actors = pd.DataFrame(
        {
            "group": labels.take(codes),
            "internal": actor_internal,
            "external": actor_external,
            "ei_index": _ratio(actor_external, actor_internal),
        },
        index=index,
        copy=False,
    )
    sizes = np.bincount(codes, minlength=len(labels))
    return EIIndexResult(
        network=float(_ratio(external, internal)),
        internal=internal,
        external=external,
        expected=_complete_graph_ei(sizes),
        groups=_group_table(codes, labels, ends, inside, outside),
        actors=actors,
    )


def _group_table(
    codes: np.ndarray,
    labels: pd.Index,
    ends: tuple[np.ndarray, np.ndarray],
    inside: np.ndarray,
    outside: np.ndarray,
) -> pd.DataFrame:
    """Size, internal and external ties and E-I index of every group (``ends``: the group
    of each tie's two ends; ``inside``/``outside`` as in :func:`_actor_counts`)."""
    k = len(labels)
    internal = np.bincount(ends[0], inside, minlength=k)
    external = np.bincount(ends[0], outside, minlength=k) + np.bincount(
        ends[1], outside, minlength=k
    )
    return pd.DataFrame(
        {
            "size": np.bincount(codes, minlength=k),
            "internal": internal,
            "external": external,
            "ei_index": _ratio(external, internal),
        },
        index=labels,
        copy=False,
    )


def _overlapping_ei(
    graph: ig.Graph,
    table: MembershipTable,
    mode: Literal["all", "out", "in"],
    weight: str | None,
    similarity: Similarity,
) -> EIIndexResult:
    """:func:`ei_index` for overlapping memberships (a table that is not one-hot)."""
    src, dst, values = _ties(graph, weight)
    inside = values * pair_similarity(table, src, dst, similarity)
    outside = values - inside
    if graph.is_directed() and mode != "all":
        tie_ends = [src] if mode == "out" else [dst]
    else:
        tie_ends = [src, dst]
    n = len(table.index)
    actor_internal, actor_external = _actor_counts(n, inside, outside, tie_ends)
    actors = pd.DataFrame(
        {
            "group": main_group(table),
            "internal": actor_internal,
            "external": actor_external,
            "ei_index": _ratio(actor_external, actor_internal),
        },
        index=table.index,
        copy=False,
    )
    internal, external = float(inside.sum()), float(outside.sum())
    internal_max = float(similarity_row_sums(table, similarity).sum())
    expected = float(_ratio(n * (n - 1.0) - internal_max, internal_max)) if n > 1 else float("nan")
    return EIIndexResult(
        network=float(_ratio(external, internal)),
        internal=internal,
        external=external,
        expected=expected,
        groups=_overlapping_groups(table, src, dst, values, similarity),
        actors=actors,
    )


def _overlapping_groups(
    table: MembershipTable,
    src: np.ndarray,
    dst: np.ndarray,
    values: np.ndarray,
    similarity: Similarity,
) -> pd.DataFrame:
    """Group table of :func:`ei_index` for overlapping memberships."""
    shares = table.shares
    k = shares.shape[1]
    internal, external = np.zeros(k), np.zeros(k)
    step = max(1, _BATCH_CELLS // k)
    for start in range(0, len(src), step):
        left, right = shares[src[start : start + step]], shares[dst[start : start + step]]
        value = values[start : start + step]
        if similarity == "minimum":
            inside = np.minimum(left, right)
            across = np.abs(left - right)
        else:
            inside = left * right
            across = left + right - 2 * inside
        internal += value @ inside
        external += value @ across
    return pd.DataFrame(
        {
            "size": shares.sum(axis=0),
            "internal": internal,
            "external": external,
            "ei_index": _ratio(external, internal),
        },
        index=table.labels,
        copy=False,
    )


def _permuted_internal(
    codes: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    values: np.ndarray,
    n_permutations: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Internal tie total under each of ``n_permutations`` random relabellings of the actors."""
    small = codes.astype(np.min_scalar_type(max(int(codes.max(initial=0)), 0)))
    batch = max(1, _BATCH_CELLS // max(src.size, small.size, 1))
    unit = bool((values == 1).all())
    out = np.empty(n_permutations)
    for start in range(0, n_permutations, batch):
        size = min(batch, n_permutations - start)
        labels = rng.permuted(np.tile(small, (size, 1)), axis=1)
        same = labels[:, src] == labels[:, dst]
        if unit:
            out[start : start + size] = np.count_nonzero(same, axis=1)
        else:
            with compiled_threads():  # a BLAS matrix-vector product
                out[start : start + size] = same @ values
    return out


def ei_permutation_test(
    graph: ig.Graph,
    partition: Partition,
    *,
    n_permutations: int = 10_000,
    seed: int | np.random.Generator | None = None,
    weight: str | None = None,
) -> EIPermutationResult:
    """Permutation test of the whole-network E-I index against random group labels.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected graph; vertex attribute ``"name"`` holds the actor ids.
    partition : mapping or str
        Group of every actor (one hashable label each), or the name of the vertex attribute
        that holds it.
    n_permutations : int, default 10000
        Number of random relabellings (UCINET's default).
    seed : int, numpy.random.Generator or None
        Seed of the ``numpy.random.Generator`` that draws the permutations.
    weight : str or None, default None
        As in :func:`ei_index`.

    Returns
    -------
    EIPermutationResult
        Observed and expected E-I, summary of the permutation distribution, p-values and the
        distribution itself.

    Raises
    ------
    ArgumentError
        If ``n_permutations < 1``, or ``partition`` is a membership table (overlapping
        groups have no label to shuffle).
    PartitionError
        If the partition is incomplete or not one hashable label per actor.

    Notes
    -----
    The graph stays fixed and the group labels are shuffled among the actors, which keeps the
    group sizes. Each permutation's E-I is ``(W - 2 I_perm) / W``, with ``W`` the number (or
    weight) of ties and ``I_perm`` those inside groups after relabelling; batches of
    permutations are evaluated at once with array operations. Because every tie joins two
    distinct actors, the mean of the permutation distribution is exactly ``expected`` (the
    complete-graph E-I, see :func:`ei_index`). P-values count the observed labelling as one
    permutation, ``(1 + hits) / (1 + n_permutations)``, so they are never 0; ``p_less`` tests
    homophily (more internal ties than chance), ``p_greater`` heterophily, and ``p_two_sided``
    the distance from ``expected``. Comparisons allow a relative tolerance of 1e-9 for ties.
    Without ties every statistic is ``NaN``.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. *Social Psychology Quarterly* 51(2): 123-140.
    .. [2] Phipson, B. and Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology* 9(1): 39.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.Full(6)
    >>> g.vs["name"] = list("abcdef")
    >>> test = ei_permutation_test(g, {a: a < "d" for a in "abcdef"}, n_permutations=200, seed=1)
    >>> round(test.observed, 6), round(test.expected, 6)  # 6 internal ties, 9 external
    (0.2, 0.2)
    >>> test.p_two_sided  # every labelling of a complete graph gives the same E-I
    1.0
    """
    if n_permutations < 1:
        raise ArgumentError(f"n_permutations must be at least 1, not {n_permutations}")
    if is_membership_table(partition):
        raise ArgumentError(
            "ei_permutation_test shuffles one group label per actor and takes a partition "
            "(actor id -> label), not a membership table; give each actor its main group, "
            "or use ei_index for overlapping memberships"
        )
    rng = np.random.default_rng(seed)
    _, codes, labels = group_codes(graph, partition, measure="ei_permutation_test")
    src, dst, values = _ties(graph, weight)
    total = float(values.sum())
    expected = _complete_graph_ei(np.bincount(codes, minlength=len(labels)))
    if total <= 0:
        nan = float("nan")
        return EIPermutationResult(
            nan, expected, *([nan] * 9), n_permutations, np.full(n_permutations, nan)
        )
    observed = (total - 2 * float(values[codes[src] == codes[dst]].sum())) / total
    perm = (total - 2 * _permuted_internal(codes, src, dst, values, n_permutations, rng)) / total
    tol = 1e-9 * max(1.0, abs(observed))
    distance = abs(observed - expected) - tol

    def p_value(hits: np.ndarray) -> float:
        return float((1 + np.count_nonzero(hits)) / (1 + n_permutations))

    return EIPermutationResult(
        observed=observed,
        expected=expected,
        mean=float(perm.mean()),
        std=float(perm.std()),
        minimum=float(perm.min()),
        maximum=float(perm.max()),
        quantile_025=float(np.quantile(perm, 0.025)),
        quantile_975=float(np.quantile(perm, 0.975)),
        p_greater=p_value(perm >= observed - tol),
        p_less=p_value(perm <= observed + tol),
        p_two_sided=p_value(np.abs(perm - expected) >= distance),
        n_permutations=n_permutations,
        distribution=perm,
    )
