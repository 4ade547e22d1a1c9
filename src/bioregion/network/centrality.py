"""Node centrality measures: one row per actor, computed by igraph's C core.

Every function takes an :class:`igraph.Graph` whose vertex attribute ``"name"`` holds the actor
ids (taken as they are; the vertex indices when it is missing) and returns a
:class:`pandas.DataFrame` indexed by actor id (index name ``"actor"``) in vertex order.

Self-loops are ignored. ``weight`` names an edge attribute holding floats > 0 (``None``: all
1). Parallel edges are one tie for binary measures; their weights are summed when the weight is
a tie *strength* (degree, eigenvector, PageRank, clustering) and the smallest is kept when it
is a *length* (betweenness, harmonic closeness), as NetworkX does for shortest paths in a
multigraph. Results equal NetworkX's on the same simple graph, up to the conventions (and
their conversions) that each docstring states.
"""

from __future__ import annotations

import math
from typing import Literal

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse

from bioregion.errors import ArgumentError
from bioregion.network._graph import node_frame, simple_graph
from bioregion.network._threads import compiled_threads

__all__ = [
    "betweenness",
    "clustering",
    "degree",
    "eigenvector",
    "global_clustering",
    "harmonic_closeness",
    "k_core",
    "pagerank",
]

Mode = Literal["out", "in", "all"]
# Batches of pivots of a sampled betweenness (one igraph call each): 10, more only when
# each keeps 50 pivots, at most 100. A call costs a setup of about three pivots' work.
_MIN_BATCHES, _BATCH_PIVOTS, _MAX_BATCHES = 10, 50, 100
_BLOCK_NNZ = 4_000_000  # bound on the entries of one block of a sparse two-path product


def _adjacency(graph: ig.Graph, weights: list[float] | None) -> sparse.csr_array:
    """Sparse adjacency matrix of a simple graph (symmetric when undirected)."""
    n = graph.vcount()
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    data = np.ones(len(edges)) if weights is None else np.asarray(weights, dtype=float)
    rows, cols = edges[:, 0], edges[:, 1]
    if not graph.is_directed():
        rows, cols, data = np.r_[rows, cols], np.r_[cols, rows], np.r_[data, data]
    return sparse.csr_array((data, (rows, cols)), shape=(n, n))


def _cycle_weights(adjacency: sparse.csr_array) -> np.ndarray:
    """``diag(A @ A @ A)`` of a symmetric sparse matrix, in row blocks of bounded size."""
    n = adjacency.shape[0]
    result = np.zeros(n)
    if n == 0:
        return result
    pattern = adjacency.copy()
    pattern.data[:] = 1.0
    cost = np.cumsum(pattern @ np.asarray(pattern.sum(axis=1)).ravel())  # entries of A @ A
    cuts = np.arange(1, int(cost[-1] // _BLOCK_NNZ) + 1) * _BLOCK_NNZ
    starts = np.unique(np.r_[0, np.searchsorted(cost, cuts, side="right")])
    starts = starts[starts < n]
    for start, stop in zip(starts, np.r_[starts[1:], n], strict=True):
        rows = adjacency[start:stop]
        result[start:stop] = np.asarray(((rows @ adjacency) * rows).sum(axis=1)).ravel()
    return result


def degree(graph: ig.Graph, weight: str | None = None) -> pd.DataFrame:
    """Degree (number of ties) and, when weighted, strength (sum of tie weights) of each actor.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; vertex attribute ``"name"`` holds the actor ids.
    weight : str, optional
        Edge attribute holding tie weights (> 0). When given, strength columns are added.

    Returns
    -------
    pandas.DataFrame
        Columns ``degree``, ``in_degree``, ``out_degree`` (integers), plus ``strength``,
        ``in_strength``, ``out_strength`` (floats) when ``weight`` is given.

    Notes
    -----
    Degree counts distinct ties (parallel edges once, self-loops not at all); strength sums
    the weights of every edge but self-loops. In a directed graph ``degree = in_degree +
    out_degree`` (a reciprocated pair counts twice); undirected, the three columns are equal.
    These are NetworkX's ``G.degree``, ``G.in_degree``, ``G.out_degree`` (``weight=`` for
    strength) on the ``Graph``/``DiGraph`` with parallel edge weights summed.

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual clarification.
       Social Networks 1(3), 215-239.
    .. [2] Barrat, A., Barthelemy, M., Pastor-Satorras, R., Vespignani, A. (2004). The
       architecture of complex weighted networks. PNAS 101(11), 3747-3752.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (0, 2), (0, 2)], directed=True)
    >>> g.vs["name"] = ["a", "b", "c"]
    >>> g.es["weight"] = [1.0, 2.0, 0.5]
    >>> degree(g, weight="weight")  # doctest: +NORMALIZE_WHITESPACE
           degree  in_degree  out_degree  strength  in_strength  out_strength
    actor
    a           2          0           2       3.5          0.0           3.5
    b           1          1           0       1.0          1.0           0.0
    c           1          1           0       2.5          2.5           0.0
    """
    simple, weights = simple_graph(graph, weight, "sum")
    columns: dict[str, object] = {}
    for kind, values in (("degree", None), ("strength", weights)):
        if kind == "strength" and weight is None:
            break
        dtype = np.int64 if values is None else float
        if simple.is_directed():
            into = np.asarray(simple.strength(mode="in", weights=values), dtype=dtype)
            out = np.asarray(simple.strength(mode="out", weights=values), dtype=dtype)
            columns |= {kind: into + out, f"in_{kind}": into, f"out_{kind}": out}
        else:  # undirected: the three are equal
            total = np.asarray(simple.strength(weights=values), dtype=dtype)
            columns |= {kind: total, f"in_{kind}": total.copy(), f"out_{kind}": total.copy()}
    return node_frame(graph, columns)


def betweenness(
    graph: ig.Graph,
    *,
    weight: str | None = None,
    normalized: bool = True,
    sample: int | None = None,
    seed: int | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    r"""Shortest-path betweenness of each actor, exact or estimated from random pivots.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; vertex attribute ``"name"`` holds the actor ids.
    weight : str, optional
        Edge attribute holding edge *lengths* (> 0); ``None`` counts steps.
    normalized : bool
        Divide by the number of pairs, as NetworkX does (see Notes).
    sample : int, optional
        Number ``k`` of pivot sources for the estimate; ``None`` (or ``k >= n``) is exact.
    seed : int, optional
        Seed of the pivot draw; the same seed gives the same estimate.
    confidence : float
        Probability with which the Hoeffding bound of an estimate holds (see Notes).

    Returns
    -------
    pandas.DataFrame
        Column ``betweenness``; when sampled also ``stderr``, and ``attrs`` holding
        ``pivots`` (k), ``batches`` (b) and ``hoeffding_bound`` (see Notes).

    Notes
    -----
    :math:`c_B(v) = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}`, over ordered pairs in a
    directed graph and unordered pairs in an undirected one, as in NetworkX and igraph
    (Brandes' algorithm, igraph C core). ``normalized`` multiplies by
    :math:`2/((n-1)(n-2))` (undirected) or :math:`1/((n-1)(n-2))` (directed) when
    :math:`n > 2`, exactly as ``networkx.betweenness_centrality(normalized=True)``. Parallel
    edges are one tie (the shortest one when weighted); weights are lengths, so pass
    ``1 / strength`` as an attribute to make strong ties short.

    The estimate follows Brandes & Pich (2007): ``k`` pivots :math:`S` are drawn uniformly
    without replacement and :math:`\hat c_B(v) = (n/k) \sum_{s \in S} \delta_s(v)`, where
    :math:`\delta_s(v)` is the dependency of source ``s`` on ``v`` (igraph's subset
    betweenness); it is unbiased. ``stderr`` is its standard error over pivots,
    :math:`n \sqrt{(1 - k/n)\, \hat\sigma^2 / k}` (finite-population corrected: 0 when
    ``k = n``), :math:`\hat\sigma^2` estimated by batch means: the pivots are split into
    ``b`` equal batches, one igraph call each (``b`` = 10, or ``k/50`` up to 100 for larger
    samples, one pivot a batch when ``k <= 10``), so the standard error costs a few
    percent over a single call; :math:`\hat\sigma^2` is unbiased for any ``b`` and has
    ``b - 1`` degrees of freedom (use Student's :math:`t_{b-1}`, 2.26 for 10 batches, for
    an interval). It is right on average (over actors, the root-mean-square error equals
    the root-mean-square ``stderr``), but dependencies are strongly skewed -- a few pivots
    next to ``v`` carry much of its betweenness -- so an actor whose heavy pivots were
    missed gets too low an estimate *and* too small a ``stderr``: on a 300-actor random
    graph with 900 edges and ``k`` = 60 or 150 (40 draws each), ``+/- 1.96 stderr`` covers
    76 % or 86 % of actors (79 % or 88 % with :math:`t_9`), not 95 %; one pivot a batch
    covers as many (76 %, 86 %).
    Hoeffding's bound is guaranteed (also without replacement): each :math:`\delta_s(v)`
    lies in :math:`[0, n-2]` (halved when undirected), so with probability ``confidence``
    each actor's error is at most :math:`\frac{n}{n-1}\sqrt{\ln(2/(1-\text{confidence}))
    /(2k)}` when normalised: ``attrs["hoeffding_bound"]``, in the column's units (loose:
    0.11 for ``k = 150`` where observed errors are ten times smaller).

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. J. Math. Sociol.
       25(2), 163-177.
    .. [2] Brandes, U., Pich, C. (2007). Centrality estimation in large networks. Int. J.
       Bifurcation and Chaos 17(7), 2303-2318.
    .. [3] Hoeffding, W. (1963). Probability inequalities for sums of bounded random
       variables. JASA 58(301), 13-30.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.Star(4)
    >>> g.vs["name"] = ["hub", "a", "b", "c"]
    >>> betweenness(g)  # doctest: +NORMALIZE_WHITESPACE
           betweenness
    actor
    hub            1.0
    a              0.0
    b              0.0
    c              0.0
    >>> betweenness(g, normalized=False)["betweenness"].tolist()
    [3.0, 0.0, 0.0, 0.0]
    >>> ring = ig.Graph.Ring(100)
    >>> estimate = betweenness(ring, sample=20, seed=1)
    >>> list(estimate.columns), round(estimate.attrs["hoeffding_bound"], 3)
    (['betweenness', 'stderr'], 0.307)
    """
    simple, weights = simple_graph(graph, weight, "min")
    n = simple.vcount()
    scale = 1.0
    if normalized and n > 2:
        scale = (1.0 if simple.is_directed() else 2.0) / ((n - 1) * (n - 2))
    if sample is None or sample >= n:
        exact = np.asarray(simple.betweenness(weights=weights), dtype=float)
        return node_frame(graph, {"betweenness": exact * scale})
    if sample < 2:
        raise ArgumentError(
            f"sample must be at least 2 pivots (got {sample}); pass sample=None for the exact "
            "betweenness"
        )
    if not 0.0 < confidence < 1.0:
        raise ArgumentError(
            f"confidence must lie strictly between 0 and 1 (got {confidence}), e.g. 0.95"
        )
    pivots = np.random.default_rng(seed).choice(n, size=sample, replace=False)
    batches = min(sample, max(_MIN_BATCHES, min(_MAX_BATCHES, sample // _BATCH_PIVOTS)))
    estimate, stderr = _pivot_estimate(simple, weights, pivots, batches)
    frame = node_frame(graph, {"betweenness": estimate * scale, "stderr": stderr * scale})
    epsilon = math.sqrt(math.log(2.0 / (1.0 - confidence)) / (2.0 * sample))
    per_pivot_max = (n - 2) / (1.0 if simple.is_directed() else 2.0)
    bound = n * per_pivot_max * epsilon * scale
    frame.attrs = {"pivots": sample, "batches": batches, "hoeffding_bound": bound}
    return frame


def _pivot_estimate(
    simple: ig.Graph, weights: list[float] | None, pivots: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Brandes-Pich estimate of raw betweenness and its standard error from ``count``
    batches of pivots (batch means)."""
    n, k = simple.vcount(), len(pivots)
    batches = np.array_split(pivots, count)
    sizes = np.array([len(batch) for batch in batches], dtype=float)[:, None]
    sums = np.array([simple.betweenness(weights=weights, sources=b.tolist()) for b in batches])
    mean = sums.sum(axis=0) / k  # mean dependency per pivot
    variance = (sizes * (sums / sizes - mean) ** 2).sum(axis=0) / (len(batches) - 1)
    return n * mean, n * np.sqrt((1.0 - k / n) * variance / k)


def harmonic_closeness(
    graph: ig.Graph,
    weight: str | None = None,
    mode: Mode = "out",
    normalized: bool = True,
) -> pd.DataFrame:
    r"""Harmonic closeness: the (mean) inverse distance from each actor to the others.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; vertex attribute ``"name"`` holds the actor ids.
    weight : str, optional
        Edge attribute holding edge *lengths* (> 0); ``None`` counts steps.
    mode : {"out", "in", "all"}
        Distances *from* the actor (``"out"``), *to* it (``"in"``), or ignoring directions
        (``"all"``). Ignored for undirected graphs.
    normalized : bool
        Divide by ``n - 1`` (igraph's normalisation), giving a value in [0, 1].

    Returns
    -------
    pandas.DataFrame
        Column ``harmonic_closeness``.

    Notes
    -----
    :math:`H(v) = \frac{1}{n-1} \sum_{u \ne v} 1/d(v, u)` with :math:`1/\infty = 0`, so it is
    defined on disconnected graphs (Marchiori & Latora 2000); it is ``NaN`` for a one-actor
    graph when normalised. NetworkX's ``harmonic_centrality`` is *not* normalised and, on a
    directed graph, sums inverse distances *to* the node: it equals
    ``(n - 1) * harmonic_closeness(g, mode="in")``, and ``mode="out"`` corresponds to
    ``harmonic_centrality(G.reverse())``. Parallel edges are one tie (the shortest when
    weighted).

    References
    ----------
    .. [1] Marchiori, M., Latora, V. (2000). Harmony in the small-world. Physica A 285(3-4),
       539-546.
    .. [2] Boldi, P., Vigna, S. (2014). Axioms for centrality. Internet Mathematics 10(3-4),
       222-262.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2)])
    >>> g.vs["name"] = ["a", "b", "c"]
    >>> harmonic_closeness(g)["harmonic_closeness"].to_dict()
    {'a': 0.75, 'b': 1.0, 'c': 0.75}
    """
    simple, weights = simple_graph(graph, weight, "min")
    values = simple.harmonic_centrality(mode=mode, weights=weights, normalized=normalized)
    values = np.asarray(values, dtype=float)
    if normalized and simple.vcount() == 1:
        values[:] = np.nan
    return node_frame(graph, {"harmonic_closeness": values})


def eigenvector(graph: ig.Graph, weight: str | None = None) -> pd.DataFrame:
    r"""Eigenvector centrality, scaled to unit Euclidean norm as in NetworkX.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; vertex attribute ``"name"`` holds the actor ids.
    weight : str, optional
        Edge attribute holding tie strengths (> 0); parallel edges' weights are summed.

    Returns
    -------
    pandas.DataFrame
        Column ``eigenvector`` (non-negative, :math:`\sum_v x_v^2 = 1`).

    Notes
    -----
    :math:`\lambda x_v = \sum_u A_{uv} x_u`, the leading eigenvector of the adjacency matrix;
    in a directed graph the *left* one, so an actor is central when central actors point to it
    (as NetworkX and igraph). Computed by igraph (ARPACK) and rescaled from igraph's maximum-1
    scale to NetworkX's unit Euclidean norm: divide by the column's maximum to get igraph's.
    The measure is meaningful only on a connected (strongly connected, if directed) graph;
    igraph then warns (``RuntimeWarning``) and the values are not comparable across
    components: compute it on :func:`bioregion.network.structure.largest_component`.
    Self-loops are ignored.

    References
    ----------
    .. [1] Bonacich, P. (1987). Power and centrality: a family of measures. American Journal
       of Sociology 92(5), 1170-1182.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.Full(3)
    >>> g.vs["name"] = ["a", "b", "c"]
    >>> eigenvector(g)["eigenvector"].round(4).to_dict()
    {'a': 0.5774, 'b': 0.5774, 'c': 0.5774}
    """
    simple, weights = simple_graph(graph, weight, "sum")
    if simple.vcount() == 0:
        return node_frame(graph, {"eigenvector": np.zeros(0)})
    values = np.asarray(simple.eigenvector_centrality(directed=True, weights=weights))
    total = float(np.linalg.norm(values))
    return node_frame(graph, {"eigenvector": values / total if total > 0 else values})


def pagerank(graph: ig.Graph, damping: float = 0.85, weight: str | None = None) -> pd.DataFrame:
    r"""PageRank of each actor (the values sum to 1).

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected (each undirected tie is followed both ways).
    damping : float
        Probability of following a tie rather than jumping to a uniformly random actor.
    weight : str, optional
        Edge attribute holding tie strengths (> 0); parallel edges' weights are summed.

    Returns
    -------
    pandas.DataFrame
        Column ``pagerank``.

    Notes
    -----
    :math:`PR(v) = (1-d)/n + d \sum_{u \to v} PR(u)\, w_{uv} / s^{out}_u`, with actors that
    have no out-tie (dangling) jumping uniformly, as in NetworkX's default; computed by
    igraph's PRPACK solver, so it equals ``networkx.pagerank(G, alpha=damping)`` up to the
    latter's iteration tolerance. Self-loops are ignored (NetworkX keeps them). PRPACK runs
    on OpenMP threads: one unless :func:`~bioregion.network.set_threads` says otherwise.

    References
    ----------
    .. [1] Brin, S., Page, L. (1998). The anatomy of a large-scale hypertextual web search
       engine. Computer Networks and ISDN Systems 30, 107-117.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2), (2, 0)], directed=True)
    >>> g.vs["name"] = ["a", "b", "c"]
    >>> pagerank(g)["pagerank"].round(4).to_dict()
    {'a': 0.3333, 'b': 0.3333, 'c': 0.3333}
    """
    if not 0.0 <= damping <= 1.0:
        raise ArgumentError(f"damping must lie in [0, 1] (got {damping}); 0.85 is usual")
    simple, weights = simple_graph(graph, weight, "sum")
    with compiled_threads():  # PRPACK runs on OpenMP: one thread unless set otherwise
        values = simple.pagerank(damping=damping, weights=weights, directed=True)
    return node_frame(graph, {"pagerank": np.asarray(values, dtype=float)})


def k_core(graph: ig.Graph, mode: Mode = "all") -> pd.DataFrame:
    """Coreness: the largest ``k`` such that the actor belongs to the ``k``-core.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; vertex attribute ``"name"`` holds the actor ids.
    mode : {"all", "in", "out"}
        Degree used in a directed graph: in + out (``"all"``), in- or out-degree. Ignored for
        undirected graphs.

    Returns
    -------
    pandas.DataFrame
        Column ``coreness`` (integers).

    Notes
    -----
    The ``k``-core is the largest subgraph in which every actor has degree at least ``k``
    (Seidman 1983), found by the O(m) algorithm of Batagelj & Zaversnik in igraph. Parallel
    edges count once and self-loops not at all. With ``mode="all"`` a directed graph uses
    in + out degree (a reciprocated pair counts twice), exactly as ``networkx.core_number``.

    References
    ----------
    .. [1] Seidman, S. B. (1983). Network structure and minimum degree. Social Networks 5(3),
       269-287.
    .. [2] Batagelj, V., Zaversnik, M. (2003). An O(m) algorithm for cores decomposition of
       networks. arXiv:cs/0310049.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
    >>> g.vs["name"] = ["a", "b", "c", "d"]
    >>> k_core(g)["coreness"].tolist()
    [2, 2, 2, 1]
    """
    simple, _ = simple_graph(graph)
    values = np.asarray(simple.coreness(mode=mode), dtype=np.int64)
    return node_frame(graph, {"coreness": values})


def clustering(graph: ig.Graph, weight: str | None = None) -> pd.DataFrame:
    r"""Local clustering coefficient of each actor; ``NaN`` with fewer than two neighbours.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; vertex attribute ``"name"`` holds the actor ids.
    weight : str, optional
        Edge attribute holding tie strengths (> 0); parallel edges' weights are summed.

    Returns
    -------
    pandas.DataFrame
        Column ``clustering``.

    Notes
    -----
    Undirected: :math:`c_v = \frac{1}{k_v(k_v-1)} \sum_{u,w} (\hat w_{vu} \hat w_{uw}
    \hat w_{wv})^{1/3}` with :math:`\hat w = w / \max w` (Onnela et al. 2005; with no weight
    the share of pairs of neighbours that are tied, Watts & Strogatz 1998). Directed: the
    directed-triangle coefficient of Fagiolo (2007), :math:`c_v = [(A + A^T)^3]_{vv} /
    (2[k^{tot}_v(k^{tot}_v - 1) - 2k^{\leftrightarrow}_v])` with :math:`A = \hat w^{1/3}`.
    These are exactly NetworkX's ``clustering`` formulas, except that an actor with fewer
    than two distinct neighbours is ``NaN`` here (undefined) and 0 in NetworkX: use
    ``.fillna(0)`` for NetworkX's values. Unweighted undirected graphs use igraph's local
    transitivity; the other cases vectorised sparse products. For Barrat's weighted
    coefficient use igraph's ``transitivity_local_undirected(weights=...)``.

    References
    ----------
    .. [1] Watts, D. J., Strogatz, S. H. (1998). Collective dynamics of 'small-world'
       networks. Nature 393, 440-442.
    .. [2] Onnela, J.-P., Saramaki, J., Kertesz, J., Kaski, K. (2005). Intensity and coherence
       of motifs in weighted complex networks. Phys. Rev. E 71, 065103.
    .. [3] Fagiolo, G. (2007). Clustering in complex directed networks. Phys. Rev. E 76,
       026107.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
    >>> g.vs["name"] = ["a", "b", "c", "d"]
    >>> clustering(g)["clustering"].round(4).to_dict()
    {'a': 1.0, 'b': 1.0, 'c': 0.3333, 'd': nan}
    """
    simple, weights = simple_graph(graph, weight, "sum")
    if not simple.is_directed() and weights is None:
        values = np.asarray(simple.transitivity_local_undirected(mode="nan"), dtype=float)
        return node_frame(graph, {"clustering": values})
    if weights is not None and len(weights):
        weights = (np.cbrt(np.asarray(weights) / max(weights))).tolist()
    adjacency = _adjacency(simple, weights)
    binary = _adjacency(simple, None)
    if simple.is_directed():
        cycles = _cycle_weights((adjacency + adjacency.T).tocsr()) / 2.0
        total = np.asarray(binary.sum(axis=0) + binary.sum(axis=1)).ravel()
        mutual = np.asarray((binary * binary.T).sum(axis=1)).ravel()
        pairs = total * (total - 1) - 2 * mutual
    else:
        cycles = _cycle_weights(adjacency)
        total = np.asarray(binary.sum(axis=1)).ravel()
        pairs = total * (total - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(pairs > 0, cycles / pairs, np.nan)
    return node_frame(graph, {"clustering": values})


def global_clustering(graph: ig.Graph) -> float:
    """Global clustering (transitivity): the share of connected triples that close.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected; directions, parallel edges and self-loops are ignored.

    Returns
    -------
    float
        ``3 * triangles / connected triples``; ``NaN`` when there is no connected triple.

    Notes
    -----
    Computed by igraph on the undirected simple graph; equals
    ``networkx.transitivity(G.to_undirected())``, except that NetworkX returns 0 where this is
    ``NaN``. It differs from the *average* local clustering (``clustering(g).mean()``), which
    weighs every actor equally.

    References
    ----------
    .. [1] Wasserman, S., Faust, K. (1994). Social Network Analysis. Cambridge University
       Press.
    .. [2] Newman, M. E. J. (2003). The structure and function of complex networks. SIAM
       Review 45(2), 167-256.

    Examples
    --------
    >>> import igraph as ig
    >>> round(global_clustering(ig.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])), 4)
    0.6
    """
    simple, _ = simple_graph(graph, directed=False)
    return float(simple.transitivity_undirected(mode="nan"))
