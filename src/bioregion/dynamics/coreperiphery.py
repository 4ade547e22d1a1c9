"""Core–periphery structure (Borgatti & Everett 2000), per graph and over yearly snapshots.

A network has a core–periphery structure when some actors (the core) are tied densely to
each other, and the others (the periphery) mostly to the core, seldom to each other.
Borgatti & Everett measure it as the Pearson correlation, over the ordered pairs of
distinct actors ``i != j``, between the adjacency ``a_ij`` and an ideal pattern:

* **continuous model** (:func:`core_scores`): the pattern ``c_i c_j`` of a coreness
  ``c_i >= 0`` per actor, fitted to the adjacency by least squares over the pairs
  ``i != j`` (``min sum_{i != j} (a_ij - c_i c_j)^2``, the diagonal ignored: Comrey's
  MINRES, as UCINET does), reported with unit length (``sum c_i^2 = 1``) and with its fit
  ``rho = corr_{i != j}(a_ij, c_i c_j)``;
* **discrete model** (:func:`core_partition`): a core ``C``; the pattern is 1 for
  core–core pairs, 0 for periphery–periphery pairs, and for core–periphery pairs either
  left out of the correlation (``between=None``, B&E's and UCINET's default) or a fixed
  value ``between`` (``1.0``: a tie with the core is as expected as one inside it).

The fit and the correlation are computed from sums, never from an ``n x n`` pattern:
``sum_{i!=j} c_i c_j = S1^2 - S2``, ``sum_{i!=j} (c_i c_j)^2 = S2^2 - S4`` and
``sum_{i!=j} a_ij c_i c_j = c' A c`` (``Sk = sum c_i^k``), so one evaluation costs one
sparse product (time and memory linear in actors plus ties).

Choices where UCINET's details are not published, or where they differ
------------------------------------------------------------------------
* Continuous: B&E define the scores as those that maximise ``rho``, and UCINET computes
  them as the least-squares fit ("a vector C such that C C' is as close as possible to
  the data"). The two differ, and maximising ``rho`` itself is ill-posed: its supremum
  is often approached by nearly equal scores (for the ties a-b, a-c, a-d, b-c,
  ``rho -> 0.866`` as all four scores tend to the same value, a ranking of nobody). The
  least-squares fit is well defined and ranks a > b = c > d (``rho = 0.77``), so it is
  used here, with ``rho`` reported as the fit, as UCINET does. It is minimised by
  L-BFGS-B with the exact gradient and bounds ``c >= 0`` from two starts (strength and
  the leading eigenvector of ``A + A'``), keeping the better. In a star the fit improves
  without end as the centre's score grows and the leaves' shrink: the scores approach
  (1, 0, ..., 0) and ``rho`` approaches 1. The model has one core: actors outside the
  component that holds it score near 0. In a sparse hub-and-spoke network (a few firms
  with many partners that are not tied to each other, as alliance networks often are)
  the best fit is often the largest star alone: one score near 1, the rest near 0, and
  ``rho`` the correlation of the ties with that star (maximising ``rho`` ends there
  too). Read the discrete core (:func:`core_partition`) for who else is central then.
* Discrete: the core is searched from the best prefix of the strength order (the top-k
  actors for every k, evaluated at once), then improved by Kernighan–Lin passes of
  single moves (each pass moves every actor once, best gain first, losing moves
  included, then keeps the best prefix of the pass), repeated until a pass gains
  nothing; ``restarts`` further searches start from that solution with a random tenth
  of the actors moved. Ties between equal gains are broken at random. UCINET uses a
  genetic algorithm; this local search is reproducible with ``seed``, finds the
  exhaustive optimum on the 10-actor graphs of its tests and recovers planted cores.
* Directed graphs are read as they are: ``a_ij`` and ``a_ji`` are two pairs. An
  undirected graph gives a symmetric ``A``, and the correlation over ordered pairs
  equals the one over unordered pairs.
* A graph whose pairs are all alike (a complete graph) has no variance to correlate:
  flat scores ``1/sqrt(n)`` and a correlation of NaN.

References
----------
Borgatti, S. P. & Everett, M. G. (2000) "Models of core/periphery structures",
*Social Networks* 21(4): 375-395.
Comrey, A. L. (1962) "The minimum residual method of factor analysis", *Psychological
Reports* 11(1): 15-18.
Kernighan, B. W. & Lin, S. (1970) "An efficient heuristic procedure for partitioning
graphs", *Bell System Technical Journal* 49(2): 291-307.

Examples
--------
>>> import numpy as np
>>> star = np.zeros((5, 5)); star[0, 1:] = star[1:, 0] = 1
>>> fit = core_scores(star)
>>> int(fit.scores.idxmax()), round(fit.correlation, 3)
(0, 1.0)
>>> core_partition(star, between=1.0).members
(0,)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, sparse

from bioregion.errors import ArgumentError, NoDataError

if TYPE_CHECKING:
    import igraph as ig

    from bioregion.network import TemporalNetwork

__all__ = [
    "CorePartition",
    "CoreScores",
    "CoreTrajectories",
    "core_partition",
    "core_periphery_trajectories",
    "core_scores",
]

GraphLike = Any  # igraph.Graph | numpy array | scipy sparse matrix | square DataFrame
Vertices = Literal["connected", "present", "all"]
_DENSE_EIGEN_LIMIT = 1500  # actors: below this a dense eigendecomposition is cheaper


@dataclass(frozen=True)
class CoreScores:
    """The continuous model's fit: ``scores`` (coreness per actor, unit length, index
    ``actor``) and ``correlation`` (the fit ``rho``; NaN when the graph has no variance)."""

    scores: pd.Series
    correlation: float

    def top(self, n: int = 10) -> pd.Series:
        """The ``n`` actors with the highest coreness, highest first."""
        return self.scores.sort_values(ascending=False, kind="stable").head(n)


@dataclass(frozen=True)
class CorePartition:
    """The discrete model's fit.

    ``core``: True for core members (index ``actor``); ``correlation``: the fit;
    ``between``: the pattern value of core–periphery pairs (None: left out);
    ``core_density``, ``between_density``, ``periphery_density``: the mean of ``a_ij``
    over core–core, core–periphery and periphery–periphery pairs.
    """

    core: pd.Series
    correlation: float
    between: float | None
    core_density: float
    between_density: float
    periphery_density: float

    @property
    def members(self) -> tuple[Any, ...]:
        """The core members, in actor order."""
        return tuple(self.core.index[self.core.to_numpy(bool)])


@dataclass(frozen=True)
class CoreTrajectories:
    """Core–periphery fits of yearly snapshots (:func:`core_periphery_trajectories`).

    ``scores``: coreness, actors (rows, index ``actor``) by years (columns, the years
    with a fit), NaN where an actor is not in that year's graph; ``core``: core
    membership in the same shape (nullable booleans, ``<NA>`` where there is no fit;
    None unless ``partition=True``); ``fit``: one row per year
    (index ``year``) with ``actors``, ``edges``, ``correlation`` (continuous) and, with
    the partition, ``core_size`` and ``core_correlation`` (NaN for a year too small or
    without variance to fit).
    """

    scores: pd.DataFrame
    core: pd.DataFrame | None
    fit: pd.DataFrame


# -- reading a graph ------------------------------------------------------------------
def _adjacency(graph: GraphLike, weight: str | None) -> tuple[sparse.csr_array, pd.Index]:
    """The adjacency (no diagonal, entries >= 0; 1 per tie unless weighted) and actor ids."""
    if isinstance(graph, pd.DataFrame):
        if not graph.index.equals(graph.columns):
            raise ArgumentError(
                "an adjacency DataFrame needs the same actors, in the same order, as index "
                "and columns"
            )
        matrix, ids = sparse.csr_array(graph.to_numpy(float)), pd.Index(graph.index)
    elif isinstance(graph, np.ndarray) or sparse.issparse(graph):
        matrix = sparse.csr_array(graph, dtype=float)
        ids = pd.RangeIndex(matrix.shape[0])
    elif type(graph).__module__.split(".")[0] == "igraph":
        matrix, ids = _igraph_adjacency(graph, weight)
    else:
        kind = f"{type(graph).__module__.split('.')[0]}.{type(graph).__name__}"
        raise ArgumentError(
            f"core-periphery models take an igraph Graph, a square numpy or scipy matrix or "
            f"a square DataFrame, not a {kind}"
        )
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ArgumentError(f"the adjacency matrix must be square, not {matrix.shape}")
    if not np.all(np.isfinite(matrix.data)) or (matrix.data < 0).any():
        raise ArgumentError(
            "tie values must be finite and >= 0 (a count or strength of ties); fix or drop "
            "the negative or missing ones"
        )
    coo = matrix.tocoo()
    keep = (coo.row != coo.col) & (coo.data != 0)
    n = matrix.shape[0]
    matrix = sparse.csr_array((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=(n, n))
    return matrix, ids.rename("actor")


def _igraph_adjacency(graph: ig.Graph, weight: str | None) -> tuple[sparse.csr_array, pd.Index]:
    n = graph.vcount()
    names = graph.vs["name"] if "name" in graph.vs.attributes() else list(range(n))
    edges = np.asarray(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    if weight is None:
        values = np.ones(len(edges))
    elif weight not in graph.es.attributes():
        raise ArgumentError(
            f"the graph has no edge attribute {weight!r} (it has {graph.es.attributes()}); "
            "pass weight=None for presence or absence of ties"
        )
    else:
        try:
            values = np.asarray(graph.es[weight], dtype=float)
        except (TypeError, ValueError) as exc:
            raise ArgumentError(f"edge attribute {weight!r} must hold numbers: {exc}") from None
    rows, cols = edges[:, 0], edges[:, 1]
    if not graph.is_directed():
        rows, cols, values = np.r_[rows, cols], np.r_[cols, rows], np.r_[values, values]
    matrix = sparse.csr_array((values, (rows, cols)), shape=(n, n))
    if weight is None:  # parallel edges: a tie is there or not
        matrix.data[:] = 1.0
    return matrix, pd.Index(names)


def _check_size(matrix: sparse.csr_array) -> None:
    n = matrix.shape[0]
    if n < 3 or matrix.nnz == 0:
        raise NoDataError(
            f"the graph has {n} actor(s) and {matrix.nnz} tie value(s): a core-periphery fit "
            "needs at least 3 actors and one tie; widen the selection (years, kinds, regions)"
        )


# -- continuous model -----------------------------------------------------------------
@dataclass(frozen=True)
class _Moments:
    """What the correlation needs of the adjacency: pairs, sum and variance term, A + A'."""

    pairs: float
    total: float
    spread: float  # pairs * sum a^2 - (sum a)^2
    both: sparse.csr_array

    @classmethod
    def of(cls, matrix: sparse.csr_array) -> _Moments:
        n = matrix.shape[0]
        pairs = float(n * (n - 1))
        total = float(matrix.sum())
        spread = pairs * float((matrix.data**2).sum()) - total * total
        return cls(pairs, total, spread, (matrix + matrix.T).tocsr())


def _correlation(c: np.ndarray, m: _Moments) -> float:
    """``rho(c) = corr_{i != j}(a_ij, c_i c_j)`` from sums (NaN without variance)."""
    s1, s2 = c.sum(), c @ c
    s4 = (c * c) @ (c * c)
    sxy, sy, syy = (c @ (m.both @ c)) / 2, s1 * s1 - s2, s2 * s2 - s4
    vy = m.pairs * syy - sy * sy
    if vy <= 1e-12 * m.pairs**2 * max(syy, 1e-300) or m.spread <= 0:
        return float("nan")
    return float((m.pairs * sxy - m.total * sy) / np.sqrt(m.spread * vy))


def _squared_residuals(c: np.ndarray, m: _Moments) -> tuple[float, np.ndarray]:
    """``sum_{i != j} (a_ij - c_i c_j)^2`` (without its constant ``sum a^2``) and gradient."""
    s2 = c @ c
    bc = m.both @ c
    value = -(c @ bc) + s2 * s2 - (c * c) @ (c * c)
    return float(value), -2 * bc + 4 * c * (s2 - c * c)


def _starts(matrix: sparse.csr_array, both: sparse.csr_array) -> list[np.ndarray]:
    """Strength and the leading eigenvector of ``A + A'`` (absolute), each scaled to its
    least-squares length (``t u`` with ``t^2 = u'Au / (1 - sum u^4)`` for unit ``u``)."""
    strength = np.asarray(both.sum(axis=1)).ravel()
    directions = [strength]
    n = matrix.shape[0]
    if n <= _DENSE_EIGEN_LIMIT:
        directions.append(np.abs(np.linalg.eigh(both.toarray())[1][:, -1]))
    else:
        from scipy.sparse.linalg import ArpackNoConvergence, eigsh

        try:
            vector = eigsh(both.astype(float), k=1, which="LA", v0=np.ones(n))[1][:, 0]
            directions.append(np.abs(vector))
        except ArpackNoConvergence:
            pass
    starts = []
    for u in directions:
        u = u / np.linalg.norm(u)
        fit, spread = (u @ (both @ u)) / 2, 1 - (u**2) @ (u**2)
        if fit > 0 and spread > 0:
            starts.append(np.sqrt(fit / spread) * u)
    return starts


def _continuous(matrix: sparse.csr_array) -> tuple[np.ndarray, float]:
    n = matrix.shape[0]
    moments = _Moments.of(matrix)
    if moments.spread <= 1e-12 * moments.pairs**2 * float((matrix.data**2).max()):
        return np.full(n, 1 / np.sqrt(n)), float("nan")
    best, best_value = None, np.inf
    for start in _starts(matrix, moments.both):
        found = optimize.minimize(
            _squared_residuals,
            start,
            args=(moments,),
            jac=True,
            method="L-BFGS-B",
            bounds=[(0.0, None)] * n,
            options={"maxiter": 5000, "ftol": 1e-14, "gtol": 1e-9},
        )
        if found.fun < best_value:
            best, best_value = found.x, float(found.fun)
    if best is None or not np.any(best > 0):
        return np.full(n, 1 / np.sqrt(n)), float("nan")
    scores = best / np.linalg.norm(best)
    return scores, _correlation(scores, moments)


def core_scores(graph: GraphLike, *, weight: str | None = None) -> CoreScores:
    """Borgatti & Everett's continuous core–periphery model: a coreness per actor.

    Parameters
    ----------
    graph : igraph.Graph, numpy array, scipy sparse matrix or DataFrame
        The network. An igraph graph's actor ids are its vertex ``"name"`` (else the
        vertex index); a matrix's are its row positions, a DataFrame's its index (equal
        to its columns). Self-ties are ignored; entries must be finite and >= 0.
    weight : str, optional
        For an igraph graph, the edge attribute giving tie strength (e.g. ``"weight"``,
        the number of ties of a snapshot edge). None (the default): a tie is there (1)
        or not (0), as in B&E. A matrix is read as given.

    Returns
    -------
    CoreScores
        ``scores`` (``c_i >= 0``, ``sum c_i^2 = 1``, index ``actor``) and
        ``correlation``: ``rho = corr_{i != j}(a_ij, c_i c_j)``, NaN for a graph whose
        pairs are all alike (complete graph: flat scores ``1/sqrt(n)``).

    Raises
    ------
    NoDataError
        Fewer than 3 actors, or no tie.
    ArgumentError
        Not a graph or square matrix, negative or missing tie values, unknown ``weight``.

    Notes
    -----
    ``c`` minimises ``sum_{i != j} (a_ij - c_i c_j)^2`` over ``c >= 0`` (L-BFGS-B with the
    exact gradient); ``rho`` is its correlation with the data over the pairs ``i != j``
    (module docstring: why least squares rather than the maximum of ``rho``). Borgatti
    & Everett (2000), section 4; UCINET's Network > Core/Periphery > Continuous.

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.Full(4) + ig.Graph(n=4)  # a clique of 4 and 4 pendants
    >>> g.add_edges([(0, 4), (1, 5), (2, 6), (3, 7)])
    >>> fit = core_scores(g)
    >>> sorted(fit.top(4).index.tolist()), round(fit.correlation, 2)
    ([0, 1, 2, 3], 0.73)
    """
    matrix, ids = _adjacency(graph, weight)
    _check_size(matrix)
    scores, rho = _continuous(matrix)
    return CoreScores(pd.Series(scores, index=ids, name="coreness"), rho)


# -- discrete model -------------------------------------------------------------------
@dataclass
class _Blocks:
    """Pattern sums of a core: sums of a and a^2 over core–core and periphery pairs."""

    n: int
    total: float
    total_sq: float
    both: sparse.csr_array  # A + A'
    both_sq: sparse.csr_array  # A∘A + (A∘A)'
    strength: np.ndarray  # row sums of both
    strength_sq: np.ndarray

    @classmethod
    def of(cls, matrix: sparse.csr_array) -> _Blocks:
        squared = matrix.multiply(matrix).tocsr()
        both, both_sq = (matrix + matrix.T).tocsr(), (squared + squared.T).tocsr()
        return cls(
            matrix.shape[0],
            float(matrix.sum()),
            float(squared.sum()),
            both,
            both_sq,
            np.asarray(both.sum(axis=1)).ravel(),
            np.asarray(both_sq.sum(axis=1)).ravel(),
        )


def _block_correlation(
    k: np.ndarray,
    e_cc: np.ndarray,
    e_pp: np.ndarray,
    q_cc: np.ndarray,
    q_pp: np.ndarray,
    blocks: _Blocks,
    between: float | None,
) -> np.ndarray:
    """The correlation of cores given by their sizes and block sums (arrays: many at once;
    ``-inf`` where the pattern has no variance)."""
    n = blocks.n
    n_cc, n_pp = k * (k - 1.0), (n - k) * (n - k - 1.0)
    if between is None:
        pairs, sx, sxx = n_cc + n_pp, e_cc + e_pp, q_cc + q_pp
        sy = syy = n_cc
        sxy = e_cc
    else:
        n_cp = 2.0 * k * (n - k)
        pairs, sx, sxx = float(n * (n - 1)), blocks.total, blocks.total_sq
        sy, syy = n_cc + between * n_cp, n_cc + between**2 * n_cp
        sxy = e_cc + between * (blocks.total - e_cc - e_pp)
    vx, vy = pairs * sxx - sx * sx, pairs * syy - sy * sy
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (pairs * sxy - sx * sy) / np.sqrt(vx * vy)
    tiny = 1e-12 * np.maximum(pairs, 1.0) ** 2
    return np.where((vx > tiny) & (vy > tiny), r, -np.inf)


def _prefix_start(matrix: sparse.csr_array, blocks: _Blocks, between: float | None) -> np.ndarray:
    """The core of the top-k actors by strength, for the best k (all k evaluated at once)."""
    n = blocks.n
    order = np.argsort(-blocks.strength, kind="stable")
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    coo = matrix.tocoo()
    hi = np.maximum(rank[coo.row], rank[coo.col])
    lo = np.minimum(rank[coo.row], rank[coo.col])
    k = np.arange(n + 1, dtype=float)
    # an entry is core-core once k > hi, periphery-periphery while k <= lo
    e_cc = np.r_[0.0, np.cumsum(np.bincount(hi, weights=coo.data, minlength=n))]
    q_cc = np.r_[0.0, np.cumsum(np.bincount(hi, weights=coo.data**2, minlength=n))]
    e_pp = np.r_[np.cumsum(np.bincount(lo, weights=coo.data, minlength=n)[::-1])[::-1], 0.0]
    q_pp = np.r_[np.cumsum(np.bincount(lo, weights=coo.data**2, minlength=n)[::-1])[::-1], 0.0]
    r = _block_correlation(k, e_cc, e_pp, q_cc, q_pp, blocks, between)
    core = np.zeros(n, bool)
    core[order[: int(np.argmax(r))]] = True
    return core


@dataclass
class _Search:
    """A core and its block sums, updated by single moves."""

    core: np.ndarray
    to_core: np.ndarray  # per actor: sum of a (both directions) with core members
    to_core_sq: np.ndarray
    e_cc: float
    e_pp: float
    q_cc: float
    q_pp: float

    @classmethod
    def of(cls, core: np.ndarray, blocks: _Blocks) -> _Search:
        x = core.astype(float)
        to_core, to_core_sq = blocks.both @ x, blocks.both_sq @ x
        periphery = blocks.strength - to_core
        return cls(
            core.copy(),
            to_core,
            to_core_sq,
            float(x @ to_core) / 2,
            float((1 - x) @ periphery) / 2,
            float(x @ to_core_sq) / 2,
            float((1 - x) @ (blocks.strength_sq - to_core_sq)) / 2,
        )

    def gains(self, blocks: _Blocks, between: float | None) -> np.ndarray:
        """The correlation after moving each actor to the other side."""
        sign = np.where(self.core, -1.0, 1.0)
        k = self.core.sum() + sign
        to_periphery = blocks.strength - self.to_core
        to_periphery_sq = blocks.strength_sq - self.to_core_sq
        e_cc = self.e_cc + sign * self.to_core
        e_pp = self.e_pp - sign * to_periphery
        q_cc = self.q_cc + sign * self.to_core_sq
        q_pp = self.q_pp - sign * to_periphery_sq
        return _block_correlation(k, e_cc, e_pp, q_cc, q_pp, blocks, between)

    def move(self, v: int, blocks: _Blocks) -> None:
        sign = -1.0 if self.core[v] else 1.0
        self.e_cc += sign * self.to_core[v]
        self.e_pp -= sign * (blocks.strength[v] - self.to_core[v])
        self.q_cc += sign * self.to_core_sq[v]
        self.q_pp -= sign * (blocks.strength_sq[v] - self.to_core_sq[v])
        row = slice(blocks.both.indptr[v], blocks.both.indptr[v + 1])
        self.to_core[blocks.both.indices[row]] += sign * blocks.both.data[row]
        row = slice(blocks.both_sq.indptr[v], blocks.both_sq.indptr[v + 1])
        self.to_core_sq[blocks.both_sq.indices[row]] += sign * blocks.both_sq.data[row]
        self.core[v] = not self.core[v]


def _kernighan_lin_pass(
    core: np.ndarray, blocks: _Blocks, between: float | None, rng: np.random.Generator
) -> tuple[np.ndarray, float]:
    """One pass: move every actor once (best gain first, ties at random), keep the best
    prefix of the moves. Returns the core and its correlation."""
    search = _Search.of(core, blocks)
    shuffle = rng.permutation(blocks.n)  # the order in which equal gains are taken
    locked = np.zeros(blocks.n, bool)
    best_core = core.copy()
    best = float(_current(search, blocks, between))
    for _ in range(blocks.n):
        r = search.gains(blocks, between)[shuffle]
        r[locked[shuffle]] = -np.inf
        pick = int(np.argmax(r))
        if not np.isfinite(r[pick]):
            break
        v = int(shuffle[pick])
        search.move(v, blocks)
        locked[v] = True
        if r[pick] > best + 1e-12:
            best, best_core = float(r[pick]), search.core.copy()
    return best_core, best


def _current(search: _Search, blocks: _Blocks, between: float | None) -> float:
    k = np.array([float(search.core.sum())])
    one = [np.array([v]) for v in (search.e_cc, search.e_pp, search.q_cc, search.q_pp)]
    return float(_block_correlation(k, *one, blocks, between)[0])


def _local_search(
    core: np.ndarray, blocks: _Blocks, between: float | None, rng: np.random.Generator
) -> tuple[np.ndarray, float]:
    best = _current(_Search.of(core, blocks), blocks, between)
    for _ in range(100):  # passes; each either gains or ends the search
        found, r = _kernighan_lin_pass(core, blocks, between, rng)
        if not r > best + 1e-12:
            break
        core, best = found, r
    return core, best


def core_partition(
    graph: GraphLike,
    *,
    weight: str | None = None,
    between: float | None = None,
    restarts: int = 4,
    seed: int | np.random.Generator | None = 0,
) -> CorePartition:
    """Borgatti & Everett's discrete core–periphery model: which actors form the core.

    Parameters
    ----------
    graph : igraph.Graph, numpy array, scipy sparse matrix or DataFrame
        As for :func:`core_scores`.
    weight : str, optional
        As for :func:`core_scores` (None: presence or absence of ties).
    between : float, optional
        The ideal value of core–periphery pairs. None (the default, as B&E's preferred
        model and UCINET): they are left out of the correlation; a number in [0, 1]: they
        enter with that value (1.0: "a core actor is tied to everyone").
    restarts : int
        Further local searches from the best core found with a random tenth of the actors
        moved (0: only the search from the strength order).
    seed : int or numpy.random.Generator, optional
        Draws the restarts and the order in which equal gains are taken.

    Returns
    -------
    CorePartition
        The core (``core``, ``members``), its ``correlation`` with the ideal pattern, and
        the densities of the three blocks.

    Raises
    ------
    NoDataError
        Fewer than 3 actors, or no tie.
    ArgumentError
        Bad graph or tie values (as :func:`core_scores`), ``between`` outside [0, 1],
        ``restarts`` below 0, or no core whose pattern varies (a complete graph).

    Notes
    -----
    ``rho = corr(a_ij, delta_ij)`` over the pairs used, ``delta_ij = 1`` core–core,
    ``0`` periphery–periphery, ``between`` (or left out) otherwise; Borgatti & Everett
    (2000), section 3. The search is described in the module docstring; a pass costs
    ``O(n^2)`` time for ``n`` actors (seconds for a few thousand).

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.Full(4) + ig.Graph(n=4)
    >>> g.add_edges([(0, 4), (1, 5), (2, 6), (3, 7)])
    >>> fit = core_partition(g)
    >>> fit.members, fit.correlation, fit.core_density, fit.periphery_density
    ((0, 1, 2, 3), 1.0, 1.0, 0.0)
    """
    if between is not None and not 0.0 <= float(between) <= 1.0:
        raise ArgumentError(f"between={between!r}: give a number from 0 to 1, or None")
    if int(restarts) < 0:
        raise ArgumentError(f"restarts={restarts!r}: give 0 or more")
    rng = np.random.default_rng(seed)
    matrix, ids = _adjacency(graph, weight)
    _check_size(matrix)
    blocks = _Blocks.of(matrix)
    between = None if between is None else float(between)
    core, best = _local_search(_prefix_start(matrix, blocks, between), blocks, between, rng)
    for _ in range(int(restarts)):
        moved = core ^ (rng.random(blocks.n) < 0.1)
        found, r = _local_search(moved, blocks, between, rng)
        if r > best + 1e-12:
            core, best = found, r
    if not np.isfinite(best):
        raise ArgumentError(
            "no core gives a pattern and tie values that both vary (a complete graph, where "
            "every pair is tied, or too few actors): the discrete model does not apply"
        )
    return _partition_result(core, best, between, blocks, ids)


def _partition_result(
    core: np.ndarray, r: float, between: float | None, blocks: _Blocks, ids: pd.Index
) -> CorePartition:
    search = _Search.of(core, blocks)
    k, n = float(core.sum()), blocks.n
    n_cc, n_pp, n_cp = k * (k - 1), (n - k) * (n - k - 1), 2 * k * (n - k)
    e_cp = blocks.total - search.e_cc - search.e_pp

    def mean(value: float, pairs: float) -> float:
        return value / pairs if pairs else float("nan")

    return CorePartition(
        pd.Series(core, index=ids, name="core"),
        float(r),
        between,
        mean(search.e_cc, n_cc),
        mean(e_cp, n_cp),
        mean(search.e_pp, n_pp),
    )


# -- over snapshots -------------------------------------------------------------------
def _year_fit(
    graph: ig.Graph, weight: str | None, partition: bool, seed: np.random.Generator
) -> tuple[dict[str, float], pd.Series | None, pd.Series | None]:
    """One snapshot's fit row, scores and core (None where there is nothing to fit)."""
    row = {"actors": graph.vcount(), "edges": graph.ecount(), "correlation": np.nan}
    if partition:
        row |= {"core_size": np.nan, "core_correlation": np.nan}
    try:
        fit = core_scores(graph, weight=weight)
    except NoDataError:
        return row, None, None
    row["correlation"] = fit.correlation
    core = None
    if partition:
        try:
            found = core_partition(graph, weight=weight, seed=seed)
        except ArgumentError:  # a complete graph: no varying pattern
            pass
        else:
            core = found.core
            row |= {"core_size": len(found.members), "core_correlation": found.correlation}
    return row, fit.scores, core


def core_periphery_trajectories(
    network: TemporalNetwork,
    start: int,
    end: int,
    step: int = 1,
    *,
    vertices: Vertices = "connected",
    weight: str | None = None,
    partition: bool = False,
    seed: int | np.random.Generator | None = 0,
    graph_options: Mapping[str, Any] | None = None,
) -> CoreTrajectories:
    """Core–periphery fits of the yearly snapshots ``start, start + step, ... <= end``.

    Parameters
    ----------
    network : TemporalNetwork
        E.g. ``TemporalNetwork.from_store(store)``; the snapshots are built
        incrementally (:meth:`~bioregion.network.TemporalNetwork.snapshots`).
    start, end, step : int
        Years of the snapshots (``end`` included if reached).
    vertices : {"connected", "present", "all"}
        The actors each year's model sees: those with a tie in the snapshot (the
        default: an actor without ties would count as periphery only by absence), those
        that exist or have a tie (``"present"``), or every selected actor.
    weight : str, optional
        Edge attribute of tie strength (``"weight"``: ties per pair); None: presence.
    partition : bool
        Also fit the discrete model each year (:func:`core_partition`, default options).
    seed : int or numpy.random.Generator, optional
        For the discrete model's search (one generator over all years).
    graph_options : mapping, optional
        Passed to ``snapshots``: ``window_years``, ``tie_kinds``, ``regions``,
        ``actor_kinds``, ``directed``, ...

    Returns
    -------
    CoreTrajectories
        Scores (actor by year), core membership (with ``partition``) and the yearly fit.

    Raises
    ------
    ArgumentError
        No year between ``start`` and ``end``, a bad ``vertices``, or a bad option.
    NoDataError
        No snapshot has enough ties to fit.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> ties = pd.DataFrame({"kind": "licence", "source": ["a", "a", "a", "b"],
    ...                      "target": ["b", "c", "d", "c"], "start": "2001", "end": "2003"})
    >>> found = core_periphery_trajectories(TemporalNetwork(ties), 2001, 2005, 2)
    >>> found.scores[2003].round(2).to_dict()
    {'a': 0.76, 'b': 0.43, 'c': 0.43, 'd': 0.24}
    >>> found.fit["edges"].to_dict(), found.fit["correlation"].round(2).to_dict()
    ({2001: 4, 2003: 4, 2005: 0}, {2001: 0.77, 2003: 0.77, 2005: nan})
    """
    from bioregion.network.series import restrict_vertices

    if vertices not in ("connected", "present", "all"):
        raise ArgumentError(f"vertices={vertices!r}: use 'connected', 'present' or 'all'")
    if int(step) < 1 or int(start) > int(end):
        raise ArgumentError(
            f"start={start}, end={end}, step={step}: give start <= end and step >= 1 (no "
            "year to fit)"
        )
    rng = np.random.default_rng(seed)
    rows, scores, cores = {}, {}, {}
    for year, snapshot in network.snapshots(start, end, step, **dict(graph_options or {})):
        row, found, core = _year_fit(restrict_vertices(snapshot, vertices), weight, partition, rng)
        rows[year] = row
        if found is not None:
            scores[year] = found
        if core is not None:
            cores[year] = core
    if not scores:
        raise NoDataError(
            f"no snapshot from {start} to {end} has 3 actors and a tie to fit; widen the "
            "years, the window (graph_options window_years) or the tie kinds and regions"
        )
    fit = pd.DataFrame.from_dict(rows, orient="index").rename_axis("year")
    table = _by_year(scores, float)
    core_table = (
        _by_year(cores, "boolean").reindex(index=table.index, columns=table.columns)
        if partition
        else None
    )
    return CoreTrajectories(table, core_table, fit)


def _by_year(found: dict[int, pd.Series], dtype: Any) -> pd.DataFrame:
    """Series per year -> actors (first-seen order) by years."""
    if not found:
        return pd.DataFrame(dtype=dtype)
    table = pd.concat({year: s.astype(dtype) for year, s in found.items()}, axis=1, sort=False)
    return table.rename_axis(index="actor", columns="year")
