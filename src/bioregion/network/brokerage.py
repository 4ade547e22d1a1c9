"""Gould & Fernandez (1989) brokerage roles of every actor, with sna-style z-scores.

The counting is vectorised with scipy sparse matrices: every open two-path ``a -> b -> c`` is
counted as *all* in/out neighbour pairs of the broker ``b`` (a product of degrees, split by group
with per-group degree counts) minus the reciprocated pairs (``a == c``) minus the closed ones
(``a -> c`` present), the closed ones coming from the masked products ``A o (A A^T)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse

from bioregion.network._graph import edge_endpoints, group_codes
from bioregion.network.categories import Groups, is_membership_table, membership_table

__all__ = ["ROLES", "SNA_ROLE_NAMES", "BrokerageResult", "gould_fernandez"]

#: Output columns, in the order of the sna ``brokerage()`` columns.
ROLES: tuple[str, ...] = (
    "coordinator",
    "consultant",
    "representative",
    "gatekeeper",
    "liaison",
    "total",
)

#: Our column name -> the Gould & Fernandez symbol used as column name by R ``sna::brokerage``.
SNA_ROLE_NAMES: Mapping[str, str] = {
    "coordinator": "w_I",
    "consultant": "w_O",
    "representative": "b_IO",
    "gatekeeper": "b_OI",
    "liaison": "b_O",
    "total": "t",
}

# Upper bound on the stored entries of one row block of the product A @ A.T.
_BLOCK_WORK = 1 << 22


@dataclass(frozen=True)
class BrokerageResult:
    """Gould & Fernandez brokerage scores (see :func:`gould_fernandez`).

    Attributes
    ----------
    raw, expected, sd, z : pandas.DataFrame
        One row per actor (index ``"actor"``: the graph's actor ids), one column per role in
        :data:`ROLES`: observed counts, expected counts under a Bernoulli graph of the same
        density, their standard deviations and ``(raw - expected) / sd`` (``NaN`` where
        ``sd == 0``). With overlapping memberships the counts are fractional (floats) and
        ``sd`` and ``z`` are ``NaN``.
    network : pandas.DataFrame
        Whole-network scores: rows ``raw``, ``expected``, ``sd``, ``z``; columns :data:`ROLES`.
    density : float
        Density ``m / (N (N - 1))`` of the (symmetrised, dichotomised) digraph.
    """

    raw: pd.DataFrame
    expected: pd.DataFrame
    sd: pd.DataFrame
    z: pd.DataFrame
    network: pd.DataFrame
    density: float


# ----------------------------------------------------------------------------------------------
# Adjacency


def _binary_adjacency(graph: ig.Graph) -> sparse.csr_array:
    """0/1 adjacency of the simple digraph: no self-loops, parallel edges merged, undirected
    edges as two arcs."""
    src, dst = edge_endpoints(graph)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    if not graph.is_directed():
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    n = graph.vcount()
    adj = sparse.csr_array(
        (np.ones(src.size, dtype=np.int64), (src, dst)), shape=(n, n), dtype=np.int64
    )
    adj.sum_duplicates()
    adj.data[:] = 1
    return adj


# ----------------------------------------------------------------------------------------------
# Counting


def _same_group(adj: sparse.csr_array, codes: np.ndarray) -> sparse.csr_array:
    """The arcs of ``adj`` whose two ends are in the same group."""
    coo = adj.tocoo()
    keep = codes[coo.row] == codes[coo.col]
    return sparse.csr_array(
        (coo.data[keep], (coo.row[keep], coo.col[keep])), shape=adj.shape, dtype=np.int64
    )


def _row_blocks(adj: sparse.csr_array, indeg: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges whose share of the product ``adj @ adj.T`` stays below ``_BLOCK_WORK``."""
    work = np.cumsum(adj @ indeg)
    n = adj.shape[0]
    bounds = [0]
    while bounds[-1] < n:
        done = work[bounds[-1] - 1] if bounds[-1] > 0 else 0
        stop = int(np.searchsorted(work, done + _BLOCK_WORK, side="right"))
        bounds.append(min(n, max(stop, bounds[-1] + 1)))
    return list(itertools.pairwise(bounds))


def _closed_counts(adj: sparse.csr_array, same: sparse.csr_array) -> np.ndarray:
    """Closed two-paths ``a -> b -> c`` with ``a -> c`` per broker ``b``, as five columns:
    all, G(a)=G(b), G(c)=G(b), G(a)=G(c), all three equal."""
    n = adj.shape[0]
    adj_t = adj.T.tocsr()
    diff = (adj - same).tocsr()
    out = np.zeros((n, 5), dtype=np.int64)
    for start, stop in _row_blocks(adj, adj.sum(axis=0)):
        rows = slice(start, stop)
        a_blk, s_blk = adj[rows], same[rows]
        # x[a, b] = #c with a -> c, b -> c and G(a) = G(c); y: the same with G(a) != G(c)
        x = s_blk @ adj_t
        y = diff[rows] @ adj_t
        ax, sx = a_blk.multiply(x).sum(axis=0), s_blk.multiply(x).sum(axis=0)
        out[:, 0] += ax + a_blk.multiply(y).sum(axis=0)
        out[:, 1] += sx + s_blk.multiply(y).sum(axis=0)
        out[:, 3] += ax
        out[:, 4] += sx
        # sum over a of x[b, a] * A[a, b], for the brokers b in this block
        out[rows, 2] = x.multiply(adj_t[rows]).sum(axis=1)
    return out


def _role_counts(adj: sparse.csr_array, codes: np.ndarray, k: int) -> np.ndarray:
    """Open two-path counts per broker, shape ``(n, 6)`` in :data:`ROLES` order."""
    n = adj.shape[0]
    same = _same_group(adj, codes)
    indeg, outdeg = adj.sum(axis=0), adj.sum(axis=1)
    in_same, out_same = same.sum(axis=0), same.sum(axis=1)
    member = sparse.csr_array(
        (np.ones(n, dtype=np.int64), (np.arange(n), codes)), shape=(n, k), dtype=np.int64
    )
    # sum over groups h of (#in-neighbours in h) * (#out-neighbours in h)
    in_by_group, out_by_group = adj.T @ member, adj @ member
    same_ac = in_by_group.multiply(out_by_group).sum(axis=1)
    recip = adj.multiply(adj.T).sum(axis=1)
    recip_same = same.multiply(same.T).sum(axis=1)
    closed = _closed_counts(adj, same)
    # pairs (a, c) of all, G(a)=G(b), G(c)=G(b), G(a)=G(c), all equal: minus a == c, minus closed
    total = indeg * outdeg - recip - closed[:, 0]
    n_ab = in_same * outdeg - recip_same - closed[:, 1]
    n_cb = indeg * out_same - recip_same - closed[:, 2]
    n_ac = same_ac - recip - closed[:, 3]
    n_abc = in_same * out_same - recip_same - closed[:, 4]
    liaison = total - n_ab - n_cb - n_ac + 2 * n_abc
    return np.column_stack([n_abc, n_ac - n_abc, n_ab - n_abc, n_cb - n_abc, liaison, total])


def _oriented_role_counts(adj: sparse.csr_array, codes: np.ndarray, k: int) -> np.ndarray:
    """:func:`_role_counts` on ``adj`` or on its transpose, whichever is cheaper.

    Reversing every arc maps the open path a -> b -> c onto c -> b -> a, which swaps the
    representative and gatekeeper counts and keeps the others."""
    indeg, outdeg = adj.sum(axis=0), adj.sum(axis=1)
    if float(outdeg @ outdeg) >= float(indeg @ indeg):
        return _role_counts(adj, codes, k)
    counts = _role_counts(adj.T.tocsr(), codes, k)
    return counts[:, [0, 1, 3, 2, 4, 5]]


# ----------------------------------------------------------------------------------------------
# Fractional roles for overlapping memberships (Everett & Borgatti 2026)


def _closed_sums(adj: sparse.csr_array, shares: np.ndarray) -> tuple[np.ndarray, ...]:
    """Over the closed two-paths a -> b -> c (with a -> c) of every broker b: their number,
    and the sums of s_a, of s_c and of s_a * s_c (per group; arrays ``(n, K)``)."""
    n, k = shares.shape
    adj_t = adj.T.tocsr()
    count = np.zeros(n)
    sum_a, sum_c, sum_ac = np.zeros((n, k)), np.zeros((n, k)), np.zeros((n, k))
    for start, stop in _row_blocks(adj, adj.sum(axis=0)):
        a_blk = adj[start:stop].astype(float)
        s_blk = shares[start:stop]
        # closed[a, b] = #c with a -> c and b -> c, kept where a -> b
        closed = a_blk.multiply(a_blk @ adj_t).tocsr()
        count += closed.sum(axis=0)
        sum_a += closed.T @ s_blk
        for g in np.flatnonzero(shares.any(axis=0)):
            # weighted[a, b] = sum over those c of s_cg, kept where a -> b
            weighted = a_blk.multiply((a_blk @ sparse.diags_array(shares[:, g])) @ adj_t)
            weighted = weighted.tocsr()
            sum_c[:, g] += weighted.sum(axis=0)
            sum_ac[:, g] += weighted.T @ s_blk[:, g]
    return count, sum_a, sum_c, sum_ac


def _fractional_roles(adj: sparse.csr_array, shares: np.ndarray) -> np.ndarray:
    """Role parts summed over the open two-paths of every broker, shape ``(n, 6)``.

    For each broker b: ``x = sum s_a``, ``y = sum s_c`` and ``w = sum s_a * s_c`` over its
    open paths (all in/out neighbour pairs, minus a == c, minus the closed ones); then the
    coordinator part is ``s_b . w``, consultant ``(1 - s_b) . w``, representative
    ``s_b . (x - w)``, gatekeeper ``s_b . (y - w)`` and liaison the rest of the total.
    """
    indeg, outdeg = adj.sum(axis=0).astype(float), adj.sum(axis=1).astype(float)
    from_in, to_out = adj.T @ shares, adj @ shares  # sums of s_a over a -> b, of s_c over b -> c
    mutual = adj.multiply(adj.T).astype(float)
    closed, closed_a, closed_c, closed_ac = _closed_sums(adj, shares)
    total = indeg * outdeg - mutual.sum(axis=1) - closed
    x = from_in * outdeg[:, None] - mutual @ shares - closed_a
    y = indeg[:, None] * to_out - mutual @ shares - closed_c
    w = from_in * to_out - mutual @ (shares * shares) - closed_ac
    coordinator = np.einsum("ij,ij->i", shares, w)
    consultant = w.sum(axis=1) - coordinator
    representative = np.einsum("ij,ij->i", shares, x - w)
    gatekeeper = np.einsum("ij,ij->i", shares, y - w)
    liaison = total - coordinator - consultant - representative - gatekeeper
    roles = np.column_stack([coordinator, consultant, representative, gatekeeper, liaison, total])
    roles[np.abs(roles) < 1e-12 * max(1.0, float(total.max(initial=0.0)))] = 0.0
    return roles


def _fractional_expected(shares: np.ndarray, d: float) -> np.ndarray:
    """Expected role parts of every broker under a Bernoulli graph of density ``d``, ``(n, 6)``:
    ``q = d^2 (1 - d)`` times the role parts summed over all ordered pairs (a, c) of distinct
    actors other than the broker."""
    q, n = d * d * (1 - d), shares.shape[0]
    others = shares.sum(axis=0) - shares  # sum of s_x over x != b
    others_sq = (shares * shares).sum(axis=0) - shares * shares
    pair_w = others * others - others_sq  # sum over a != c (both != b) of s_a * s_c
    coordinator = np.einsum("ij,ij->i", shares, pair_w)
    consultant = pair_w.sum(axis=1) - coordinator
    broker = np.einsum("ij,ij->i", shares, (n - 2) * others - pair_w)
    total = np.full(n, (n - 1.0) * (n - 2.0))
    liaison = total - coordinator - consultant - 2 * broker
    return q * np.column_stack([coordinator, consultant, broker, broker, liaison, total])


# ----------------------------------------------------------------------------------------------
# Moments under a Bernoulli graph (sna R/models.R, brokerage())


def _exact(sizes: np.ndarray) -> np.ndarray:
    """Group sizes as exact integers: int64, or Python ints where N^3 could overflow int64."""
    return sizes.astype(np.int64 if sizes.sum() <= 1_000_000 else object)


def _group_moments(sizes: np.ndarray, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected value and variance of each role for a broker in each group, shape ``(k, 6)``.

    The pair counts are exact integers (sums over the other groups j != i computed as the
    total minus the own term), then multiplied by the Bernoulli-graph probabilities."""
    q, r = d * d * (1 - d), d**3 * (1 - d) ** 3
    n = _exact(sizes)
    big_n = n.sum()
    rest = big_n - n  # actors outside the broker's group: sum_{j != i} n_j
    rest_sq = (n * n).sum() - n * n  # sum_{j != i} n_j^2
    rest_cube = (n**3).sum() - n**3
    ordered = (n * (n - 1)).sum() - n * (n - 1)  # sum_{j != i} n_j (n_j - 1)
    triples = (n * (n - 1) * (n - 2)).sum() - n * (n - 1) * (n - 2)
    # sum_{j != i} n_j C(rest - n_j, 2), expanded in the power sums over j != i
    liaison_pairs = ((rest * rest - rest) * rest - (2 * rest - 1) * rest_sq + rest_cube) // 2
    brokers_io = (n - 1) * (rest * (rest - 1) // 2) + rest * ((n - 1) * (n - 2) // 2)
    ones = np.ones_like(n)
    within = (n - 1) * (n - 2)
    cross = rest * (n - 1)
    all_pairs = ones * ((big_n - 1) * (big_n - 2))
    counts = np.column_stack([within, ordered, cross, cross, rest * rest - rest_sq, all_pairs])
    all_triples = all_pairs * (big_n - 3)
    extra = 2 * np.column_stack(
        [within * (n - 3), triples, brokers_io, brokers_io, 2 * liaison_pairs, all_triples]
    )
    counts, extra = counts.astype(float), extra.astype(float)
    expected = q * counts
    return expected, expected * (1 - q) + extra * r


def _network_moments(sizes: np.ndarray, d: float) -> tuple[np.ndarray, np.ndarray]:
    """Expected value and variance of the whole-network role counts, shape ``(6,)``."""
    q, s3 = d * d * (1 - d), d**3 * (1 - d) ** 3
    s4, s5 = d**4 * (1 - d) ** 2, d**5 * (1 - d)
    n = _exact(sizes)
    big_n = n.sum()
    # spread[i] = sum over ordered pairs (j, h) of distinct groups other than i of n_j n_h
    spread = ((big_n - n) ** 2 - ((n * n).sum() - n * n)).astype(float)
    nf, big = n.astype(float), float(big_n)
    within = (n * (n - 1) * (n - 2)).astype(float)
    cross = (n * (big_n - n) * (n - 1)).astype(float)
    pairs = (n * (n - 1)).astype(float)
    counts = [within.sum(), cross.sum(), cross.sum(), cross.sum(), (nf * spread).sum()]
    expected = q * np.array([*counts, big * (big - 1) * (big - 2)])
    v_within = (within * ((4 * nf - 10) * s3 - 4 * (nf - 3) * s4 + (nf - 3) * s5)).sum()
    # sna sums x y (x - 1) [(2x + 2y - 6) s3 + (N - x - 1) s5] over pairs of distinct groups
    others_sq = ((n * n).sum() - n * n).astype(float)
    v_consult = (
        pairs * (((2 * nf - 6) * s3 + (big - nf - 1) * s5) * (big - nf) + 2 * s3 * others_sq)
    ).sum()
    v_broker = (cross * ((big - 3) * s3 + (nf - 2) * s5)).sum()
    # sums over ordered triples of distinct groups of n_i n_j n_k and of n_i^2 n_j n_k
    d111, d211 = (nf * spread).sum(), (nf * nf * spread).sum()
    v_liaison = ((4 * big - 2) * d111 - 8 * d211) * (s3 - s4) + ((big - 1) * d111 - 2 * d211) * s5
    triples = big * (big - 1) * (big - 2)
    v_total = triples * ((4 * big - 10) * s3 - 4 * (big - 3) * s4 + (big - 3) * s5)
    extra = np.array([v_within, v_consult, v_broker, v_broker, v_liaison, v_total])
    return expected, expected * (1 - q) + extra


def _sd_and_z(
    raw: np.ndarray, expected: np.ndarray, variance: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Standard deviations and z-scores; ``z`` is ``NaN`` where ``sd`` is 0 (or undefined)."""
    sd = np.full(variance.shape, np.nan)
    defined = variance >= 0
    sd[defined] = np.sqrt(variance[defined]) + 0.0
    z = np.full(variance.shape, np.nan)
    positive = sd > 0
    z[positive] = (raw - expected)[positive] / sd[positive]
    return sd, z


# ----------------------------------------------------------------------------------------------
# Public function


def gould_fernandez(graph: ig.Graph, partition: Groups) -> BrokerageResult:
    """Gould & Fernandez brokerage roles of every actor, with expected values and z-scores.

    Parameters
    ----------
    graph : igraph.Graph
        Directed or undirected graph; vertex attribute ``"name"`` holds the actor ids (the
        vertex indices without it). Edge weights are ignored, parallel edges count as one
        arc, self-loops are dropped.
    partition : mapping, str, pandas.DataFrame or numpy.ndarray
        Group of every actor (``actor id -> group``, keyed by the graph's own ids), or the
        name of the vertex attribute that holds it: one hashable label per actor. Or a
        membership table for overlapping groups (fractional roles, Everett & Borgatti
        2026): non-negative weights (e.g. hours) as a DataFrame indexed by actor id with one
        column per group, or an array with one row per vertex (see
        :func:`~bioregion.network.categories.membership_table`).

    Returns
    -------
    BrokerageResult
        ``raw``, ``expected``, ``sd`` and ``z`` per actor (DataFrames indexed by ``"actor"`` in
        vertex order with the columns of :data:`ROLES`), ``network`` (rows ``raw``,
        ``expected``, ``sd``, ``z``) and the ``density`` used for the expectations.

    Raises
    ------
    PartitionError
        If the partition lacks an actor or gives one a set of memberships (a tuple, list,
        set or dict: give a membership table instead) or an unhashable label; or if the
        membership table has negative weights, actors without a positive weight, unknown or
        missing actors, or the wrong shape.
    ArgumentError
        If the graph lacks the named vertex attribute.

    Notes
    -----
    Broker ``b`` is credited with every ordered pair ``(a, c)`` of distinct actors such that
    ``a -> b``, ``b -> c`` and there is **no** arc ``a -> c`` (the reverse arc ``c -> a`` does
    not close the path). With ``G(x)`` the group of ``x`` the pair counts as

    ==================  ======  ==========================
    column              sna     condition
    ==================  ======  ==========================
    ``coordinator``     w_I     G(a) = G(b) = G(c)
    ``consultant``      w_O     G(a) = G(c) != G(b) (itinerant)
    ``representative``  b_IO    G(a) = G(b) != G(c): brokers *out of* b's group
    ``gatekeeper``      b_OI    G(a) != G(b) = G(c): brokers *into* b's group
    ``liaison``         b_O     G(a), G(b), G(c) all different
    ``total``           t       sum of the five (independent of the partition)
    ==================  ======  ==========================

    :data:`SNA_ROLE_NAMES` maps the columns onto the sna names. Counts are of **ordered**
    pairs, as in R ``sna::brokerage`` and UCINET. An undirected graph is treated as the
    symmetric digraph (each edge gives two arcs), so every unordered open pair is counted
    twice: halve ``coordinator``, ``consultant``, ``liaison`` and ``total`` to count unordered
    pairs; ``representative`` equals ``gatekeeper`` there, and either one alone is the number of
    unordered pairs linking b's group to another group.

    Expected values and variances are those of sna (from Gould & Fernandez 1989): with density
    ``d = m / (N (N - 1))`` and ``q = d^2 (1 - d)``, a broker in a group of size ``n_i`` has
    ``E[w_I] = q (n_i - 1)(n_i - 2)``, ``E[w_O] = q sum_{j != i} n_j (n_j - 1)``,
    ``E[b_IO] = E[b_OI] = q (N - n_i)(n_i - 1)``,
    ``E[b_O] = q [(sum_{j != i} n_j)^2 - sum_{j != i} n_j^2]``, ``E[t] = q (N - 1)(N - 2)``; the
    variances and the whole-network moments follow sna ``R/models.R``. ``z = (raw - E) / sd``
    is ``NaN`` where ``sd == 0``. As sna warns, the normality of ``z`` is not established;
    prefer a permutation or simulation test for inference.

    The counts are computed without enumerating open paths: for each broker, (in-degree x
    out-degree) pairs split by group with per-group in/out-neighbour counts, minus the
    reciprocated pairs ``a == c``, minus the closed pairs obtained from the row-blocked masked
    product ``A o (A A^T)``.

    **Overlapping memberships** (Everett & Borgatti 2026, Eq. 5; netmem ``brokerage_roles``).
    Each actor's weights are divided by their total, giving shares ``s_xg``, and every open
    path counts partly for each role: coordinator ``sum_g s_ag s_bg s_cg``, consultant
    ``sum_g s_ag (1 - s_bg) s_cg``, representative ``sum_g s_ag s_bg (1 - s_cg)``,
    gatekeeper ``sum_g (1 - s_ag) s_bg s_cg`` and liaison the rest. These are the
    probabilities of each role when each actor's group is drawn from its shares (liaison:
    all three differ), so the parts of a path sum to 1, ``total`` is still the number of
    open paths, and a one-hot table gives exactly the partition's counts. The scores are
    computed from per-group sums over the open paths (per-group masked products
    ``A o (A diag(s_g) A^T)``), never path by path. ``expected`` is exact under the same
    Bernoulli graph (``q`` times the role parts summed over all ordered pairs of other
    actors; the whole-network row sums the actors); ``sd`` and ``z`` are ``NaN``, because
    sna's variances assume 0/1 roles.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. *Sociological Methodology* 19: 89-126.
       doi:10.2307/270949
    .. [2] Butts, C. T. sna: Tools for Social Network Analysis, ``brokerage()`` (R package).

    Examples
    --------
    >>> import igraph as ig
    >>> g = ig.Graph.TupleList(
    ...     [("A", "B"), ("A", "C"), ("B", "C"), ("B", "D"), ("C", "D"), ("D", "A")],
    ...     directed=True,
    ... )
    >>> result = gould_fernandez(g, {"A": 1, "B": 1, "C": 2, "D": 2})
    >>> result.raw.loc["A"].tolist()
    [0, 1, 0, 1, 0, 2]
    >>> round(float(result.network.loc["z", "total"]), 6)
    1.549193
    """
    if is_membership_table(partition):
        table = membership_table(graph, partition, measure="gould_fernandez")
        if table.codes is None:
            return _overlapping_brokerage(graph, table.index, table.shares)
        index, codes, labels = table.index, table.codes, table.labels
    else:
        index, codes, labels = group_codes(graph, partition, measure="gould_fernandez")
    adj = _binary_adjacency(graph)
    big_n = float(graph.vcount())
    k = len(labels)
    raw = _oriented_role_counts(adj, codes, k) if adj.nnz else np.zeros((len(index), 6), np.int64)
    density = adj.nnz / (big_n * (big_n - 1)) if big_n > 1 else 0.0
    sizes = np.bincount(codes, minlength=k)
    group_exp, group_var = _group_moments(sizes, density)
    expected, variance = group_exp[codes] + 0.0, group_var[codes]
    sd, z = _sd_and_z(raw, expected, variance)
    net_raw = raw.sum(axis=0).astype(float)
    net_exp, net_var = _network_moments(sizes, density)
    net_sd, net_z = _sd_and_z(net_raw, net_exp, net_var)

    def frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=index, columns=list(ROLES))

    network = pd.DataFrame(
        [net_raw, net_exp, net_sd, net_z],
        index=pd.Index(["raw", "expected", "sd", "z"], name="statistic"),
        columns=list(ROLES),
    )
    return BrokerageResult(
        raw=frame(raw),
        expected=frame(expected),
        sd=frame(sd),
        z=frame(z),
        network=network,
        density=float(density),
    )


def _overlapping_brokerage(graph: ig.Graph, index: pd.Index, shares: np.ndarray) -> BrokerageResult:
    """:func:`gould_fernandez` with fractional roles for a membership table (not one-hot)."""
    adj = _binary_adjacency(graph)
    big_n = float(graph.vcount())
    raw = _fractional_roles(adj, shares) if adj.nnz else np.zeros((len(index), 6))
    density = adj.nnz / (big_n * (big_n - 1)) if big_n > 1 else 0.0
    expected = _fractional_expected(shares, density) + 0.0
    nan = np.full(raw.shape, np.nan)

    def frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=index, columns=list(ROLES))

    network = pd.DataFrame(
        [raw.sum(axis=0), expected.sum(axis=0), nan[0], nan[0]],
        index=pd.Index(["raw", "expected", "sd", "z"], name="statistic"),
        columns=list(ROLES),
    )
    return BrokerageResult(
        raw=frame(raw),
        expected=frame(expected),
        sd=frame(nan),
        z=frame(nan.copy()),
        network=network,
        density=float(density),
    )
