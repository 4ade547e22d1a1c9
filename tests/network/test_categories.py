"""Overlapping group memberships (Everett & Borgatti 2026) in the brokerage roles, the E-I
index, Yule's Q and Burt's structural holes.

Oracles [PUBLISHED]: Everett, M. G. and Borgatti, S. P. (2026). Alter composition with
overlapping group memberships. *Social Networks* 85: 80-88, doi:10.1016/j.socnet.2025.12.001,
Tables 8, 9 and 10, as transcribed in the R package netmem, file
``tests/testthat/test_categories.R`` at commit 4e4cc097b66fa969ee28c4903aee961e11df8859
(github.com/anespinosa/netmem). The advice network and the hours on four groups are the
paper's Tables 1-2 as given there (also measures.md Appendix B; tests/data/SOURCES.md). The
paper's E-I, Yule's Q and brokerage tables are reproduced with Chuck's hours 0, 0, 12, 39
instead of the printed 0, 0, 11, 33 (netmem's note); Table 10 and the trait versions of
Table 8 use the hours as printed. Only the published numbers are used; the implementations
are checked besides against direct loops written here from the definitions.
"""

from __future__ import annotations

import itertools

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.errors import ArgumentError, PartitionError
from bioregion.network import brokerage, external_internal
from bioregion.network.brokerage import gould_fernandez
from bioregion.network.categories import membership_table, yule_q
from bioregion.network.external_internal import ei_index
from bioregion.network.structural_holes import burt, constraint, effective_size

NODES = ["Barb", "Chuck", "Dave", "Ellen", "Frank", "Gavin", "Helen", "Ilse", "Joe", "Karen"]
NODES += ["Larry"]
ADVICE = {
    "Barb": ["Gavin", "Larry"],
    "Chuck": ["Barb", "Dave", "Gavin", "Ilse"],
    "Dave": ["Chuck", "Frank", "Ilse"],
    "Ellen": ["Barb", "Gavin", "Ilse", "Larry"],
    "Frank": ["Dave", "Ellen", "Gavin", "Ilse", "Larry"],
    "Gavin": ["Barb", "Ellen", "Frank", "Helen", "Karen"],
    "Helen": ["Barb", "Gavin"],
    "Ilse": ["Chuck", "Dave", "Frank", "Joe", "Larry"],
    "Joe": ["Barb", "Ellen", "Ilse", "Larry"],
    "Karen": ["Dave", "Gavin", "Helen"],
    "Larry": ["Chuck"],
}
# Table 2: hours on the groups G1..G4, as printed
HOURS = pd.DataFrame(
    [
        [0, 20, 20, 0],
        [0, 0, 11, 33],
        [30, 0, 0, 0],
        [4, 16, 10, 10],
        [0, 2, 2, 16],
        [50, 0, 0, 0],
        [0, 55, 0, 0],
        [20, 10, 10, 0],
        [4, 4, 4, 28],
        [0, 0, 54, 6],
        [8, 0, 32, 0],
    ],
    index=NODES,
    columns=["G1", "G2", "G3", "G4"],
)
# Tables 8-9 are reproduced with Chuck on 12 of 51 hours in G3
HOURS_CHUCK = HOURS.copy()
HOURS_CHUCK.loc["Chuck"] = [0, 0, 12, 39]
GROUPS = dict(
    zip(NODES, ["G2", "G4", "G1", "G2", "G4", "G1", "G2", "G1", "G4", "G3", "G3"], strict=True)
)


def advice_graph() -> ig.Graph:
    g = ig.Graph(directed=True)
    g.add_vertices(NODES)
    g.add_edges([(a, b) for a in NODES for b in ADVICE[a]])
    return g


def one_hot(partition: dict, names: list) -> pd.DataFrame:
    """The one-hot membership table of a partition, groups in order of first appearance."""
    labels = list(dict.fromkeys(partition[name] for name in names))
    return pd.DataFrame(
        [[float(partition[name] == label) for label in labels] for name in names],
        index=names,
        columns=labels,
    )


# --- Table 8: E-I index and Yule's Q per actor ---------------------------------------------


def test_table8_ei_and_yule_q_product_similarity():
    """Table 8, E-I and Q columns (netmem: 2 x 11 values, tolerance 0.006; here 0.005 +
    rounding of the printed two decimals)."""
    g = advice_graph()
    ei = ei_index(g, HOURS_CHUCK, mode="out").actors["ei_index"]
    expected_ei = [0.60, 0.91, 0.67, 0.57, 0.84, 0.96, 0.50, 0.60, 0.73, 1.00, 0.62]
    np.testing.assert_allclose(ei, expected_ei, atol=0.005 + 1e-9)
    q = yule_q(g, HOURS_CHUCK)["yule_q"]
    expected_q = [-0.09, -0.82, -0.11, -0.11, -0.69, -0.93, 0.47, -0.23, -0.39, -1.00, -0.17]
    np.testing.assert_allclose(q, expected_q, atol=0.005 + 1e-9)


def test_table8_trait_versions_minimum_similarity():
    """Table 8, trait versions E_s - I_s and Q_s with the hours as printed (netmem: 2 x 11
    values, tolerance 0.001)."""
    g = advice_graph()
    ei = ei_index(g, HOURS, mode="out", similarity="minimum").actors["ei_index"]
    expected_ei = [0.500, 0.750, 0.667, 0.150, 0.700, 0.960, 0.500, 0.320, 0.375, 1.000, 0.500]
    np.testing.assert_allclose(ei, expected_ei, atol=5e-4 + 1e-9)
    q = yule_q(g, HOURS, similarity="minimum")["yule_q"]
    expected_q = [-0.235, -0.711, -0.111, 0.069, -0.645, -0.930, 0.474, -0.169, -0.120, -1.0]
    expected_q += [-0.151]
    np.testing.assert_allclose(q, expected_q, atol=5e-4 + 1e-9)


def test_table8_exact_cases():
    """netmem: Larry's internal tie is 0.8 x 0.25 (Eq. 2); Dave's partition E-I is 1/3."""
    g = advice_graph()
    larry = ei_index(g, HOURS, mode="out").actors.loc["Larry"]
    assert larry["internal"] == pytest.approx(0.2)
    assert larry["ei_index"] == pytest.approx(1 - 2 * 0.2)
    assert ei_index(g, GROUPS, mode="out").actors.loc["Dave", "ei_index"] == pytest.approx(1 / 3)


# --- Table 9: brokerage roles --------------------------------------------------------------

# netmem's columns: coordinator, gatekeeper, representative, consultant, liaison
TABLE9 = [
    [0.09, 1.11, 0.62, 0.39, 1.78],
    [0.17, 0.24, 0.70, 2.68, 4.21],
    [0, 0.5, 0, 1.95, 2.55],
    [0.11, 0.75, 0.60, 0.79, 1.75],
    [0.02, 0.72, 0.08, 3.70, 3.48],
    [0, 0.4, 0.3, 5.2, 14.1],
    [0, 0.5, 0, 0.45, 0.05],
    [0.38, 1.94, 2.04, 4.62, 5.01],
    [0.05, 0.3, 0.15, 0.42, 1.08],
    [0, 0, 0, 1, 0],
    [0.18, 0.57, 0.62, 1.38, 1.24],
]


def test_table9_fractional_brokerage_roles():
    """Table 9: 55 role scores (two decimals, compared within 0.005 + rounding: Ellen's
    gatekeeper is 0.745, printed 0.75) and 11 totals (exact)."""
    raw = gould_fernandez(advice_graph(), HOURS_CHUCK).raw
    ours = raw[["coordinator", "gatekeeper", "representative", "consultant", "liaison"]]
    np.testing.assert_allclose(ours.to_numpy(), TABLE9, atol=0.005 + 1e-9)
    assert raw["total"].tolist() == [4, 8, 5, 4, 8, 20, 1, 14, 2, 1, 4]
    np.testing.assert_allclose(raw.drop(columns="total").sum(axis=1), raw["total"])


# --- Table 10: structural holes ------------------------------------------------------------


def test_table10_effective_size_and_constraint_with_categories():
    """Table 10, with the hours as printed, ego-network model (2 x 11 values, 0.001)."""
    holes = burt(advice_graph(), model="ego", memberships=HOURS)
    size = [3.148, 2.612, 2.004, 2.935, 2.382, 3.877, 1.275, 2.784, 1.671, 1.500, 2.586]
    tight = [0.561, 0.641, 0.739, 0.566, 0.638, 0.474, 1.022, 0.533, 0.747, 1.042, 0.577]
    np.testing.assert_allclose(holes["effective_size"], size, atol=5e-4 + 1e-9)
    np.testing.assert_allclose(holes["constraint"], tight, atol=5e-4 + 1e-9)


def test_table10_standard_measures_and_beta_zero():
    """Table 10, Burt's measures (2 x 11 values), and beta = 0 gives them exactly."""
    g = advice_graph()
    standard = burt(g, model="ego")
    size = [3.786, 3.571, 2.857, 3.571, 3.438, 5.045, 1.500, 3.750, 1.800, 2.250, 3.417]
    tight = [0.543, 0.570, 0.637, 0.537, 0.544, 0.376, 1.042, 0.463, 0.687, 0.757, 0.557]
    np.testing.assert_allclose(standard["effective_size"], size, atol=5e-4 + 1e-9)
    np.testing.assert_allclose(standard["constraint"], tight, atol=5e-4 + 1e-9)
    pd.testing.assert_frame_equal(burt(g, model="ego", memberships=HOURS, beta=0), standard)


def test_structural_holes_wrappers_pass_memberships():
    g = advice_graph()
    full = burt(g, model="ego", memberships=HOURS, beta=0.5)
    pd.testing.assert_frame_equal(
        constraint(g, model="ego", memberships=HOURS, beta=0.5), full[["constraint"]]
    )
    pd.testing.assert_frame_equal(
        effective_size(g, model="ego", memberships=HOURS, beta=0.5), full[["effective_size"]]
    )


# --- a one-hot table is the partition ------------------------------------------------------


def test_one_hot_table_gives_the_partition_results_exactly():
    g = advice_graph()
    table = one_hot(GROUPS, NODES)
    for a, b in [
        (gould_fernandez(g, GROUPS), gould_fernandez(g, table)),
        (gould_fernandez(g, GROUPS), gould_fernandez(g, table.to_numpy())),
    ]:
        for name in ("raw", "expected", "sd", "z", "network"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_names=False)
        assert a.density == b.density
    ei_a, ei_b = ei_index(g, GROUPS), ei_index(g, table)
    assert (ei_a.network, ei_a.internal, ei_a.external, ei_a.expected) == (
        ei_b.network,
        ei_b.internal,
        ei_b.external,
        ei_b.expected,
    )
    pd.testing.assert_frame_equal(ei_a.groups, ei_b.groups)
    pd.testing.assert_frame_equal(ei_a.actors, ei_b.actors)
    pd.testing.assert_frame_equal(yule_q(g, GROUPS), yule_q(g, table))
    for model in ("ego", "whole"):
        pd.testing.assert_frame_equal(
            burt(g, model=model, memberships=GROUPS), burt(g, model=model, memberships=table)
        )


def test_fractional_kernels_on_one_hot_tables_give_the_partition_counts():
    """The general (fractional) code paths, run on a one-hot table, equal the partition's
    integer counts, sna moments and E-I tables: the fast path and the general path agree."""
    g = advice_graph()
    table = membership_table(g, one_hot(GROUPS, NODES))
    shares = table.shares
    fast = gould_fernandez(g, GROUPS)
    general = brokerage._overlapping_brokerage(g, table.index, shares)
    np.testing.assert_allclose(general.raw, fast.raw, atol=1e-12)
    np.testing.assert_allclose(general.expected, fast.expected, atol=1e-12)
    np.testing.assert_allclose(general.network.loc["expected"], fast.network.loc["expected"])
    no_codes = type(table)(table.index, shares, table.labels, None)
    for similarity in ("product", "minimum", "cosine"):
        loose = external_internal._overlapping_ei(g, no_codes, "all", None, similarity)
        exact = ei_index(g, GROUPS)
        assert loose.network == pytest.approx(exact.network)
        assert loose.expected == pytest.approx(exact.expected)
        np.testing.assert_allclose(
            loose.actors[["internal", "external"]], exact.actors[["internal", "external"]]
        )
        np.testing.assert_allclose(loose.groups.iloc[:, :3], exact.groups.iloc[:, :3])
        np.testing.assert_allclose(
            yule_q(g, one_hot(GROUPS, NODES) * 3.0, similarity=similarity)["yule_q"],
            yule_q(g, GROUPS)["yule_q"],
        )


# --- direct loops from the definitions -----------------------------------------------------


def role_parts(sa: np.ndarray, sb: np.ndarray, sc: np.ndarray) -> np.ndarray:
    """Everett & Borgatti Eq. 5 for one path, in our column order."""
    coordinator = float((sa * sb * sc).sum())
    consultant = float((sa * (1 - sb) * sc).sum())
    representative = float((sa * sb * (1 - sc)).sum())
    gatekeeper = float(((1 - sa) * sb * sc).sum())
    rest = 1 - coordinator - consultant - representative - gatekeeper
    return np.array([coordinator, consultant, representative, gatekeeper, rest, 1.0])


def loop_roles(adj: np.ndarray, shares: np.ndarray) -> np.ndarray:
    n = len(adj)
    out = np.zeros((n, 6))
    for a, b, c in itertools.permutations(range(n), 3):
        if adj[a, b] and adj[b, c] and not adj[a, c]:
            out[b] += role_parts(shares[a], shares[b], shares[c])
    return out


@st.composite
def weighted_graphs(draw, directed: bool | None = None):
    n = draw(st.integers(1, 7))
    k = draw(st.integers(1, 4))
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=18)) if pairs else []
    directed = draw(st.booleans()) if directed is None else directed
    weights = draw(
        st.lists(
            st.lists(st.sampled_from([0.0, 0.0, 1.0, 2.0, 3.5]), min_size=k, max_size=k),
            min_size=n,
            max_size=n,
        )
    )
    weights = np.array(weights)
    weights[weights.sum(axis=1) == 0, 0] = 1.0  # every actor in some group
    g = ig.Graph(n=n, edges=edges, directed=directed)
    g.vs["name"] = [f"v{i}" for i in range(n)]
    return g, weights


def dense(g: ig.Graph) -> np.ndarray:
    adj = np.zeros((g.vcount(), g.vcount()), dtype=bool)
    for s, t in g.get_edgelist():
        if s != t:
            adj[s, t] = True
            if not g.is_directed():
                adj[t, s] = True
    return adj


@settings(max_examples=80, deadline=None)
@given(weighted_graphs())
def test_fractional_roles_match_a_triple_loop(case):
    g, weights = case
    shares = weights / weights.sum(axis=1, keepdims=True)
    raw = gould_fernandez(g, weights).raw.to_numpy()
    np.testing.assert_allclose(raw, loop_roles(dense(g), shares), atol=1e-9)


@pytest.mark.parametrize("block_work", [1, 3, 1 << 22])
def test_fractional_roles_row_blocks(monkeypatch, block_work):
    monkeypatch.setattr(brokerage, "_BLOCK_WORK", block_work)
    raw = gould_fernandez(advice_graph(), HOURS_CHUCK).raw
    shares = HOURS_CHUCK.to_numpy() / HOURS_CHUCK.to_numpy().sum(axis=1, keepdims=True)
    np.testing.assert_allclose(raw, loop_roles(dense(advice_graph()), shares), atol=1e-9)


def test_fractional_expected_is_exact_over_all_four_node_digraphs():
    """The expected role parts equal their mean over every digraph on 4 actors, each
    weighted by its Bernoulli probability at the observed density."""
    g = ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3), (3, 1), (0, 2)], directed=True)
    weights = np.array([[1.0, 0, 2], [0, 1, 1], [3, 0, 0], [1, 1, 1]])
    shares = weights / weights.sum(axis=1, keepdims=True)
    result = gould_fernandez(g, weights)
    d = result.density
    arcs = [(i, j) for i in range(4) for j in range(4) if i != j]
    mean = np.zeros((4, 6))
    for present in itertools.product([False, True], repeat=len(arcs)):
        adj = np.zeros((4, 4), dtype=bool)
        for (i, j), here in zip(arcs, present, strict=True):
            adj[i, j] = here
        m = sum(present)
        mean += d**m * (1 - d) ** (len(arcs) - m) * loop_roles(adj, shares)
    np.testing.assert_allclose(result.expected, mean, atol=1e-12)
    np.testing.assert_allclose(result.network.loc["expected"], mean.sum(axis=0), atol=1e-12)
    assert result.sd.isna().all().all() and result.z.isna().all().all()


def similarity(si: np.ndarray, sj: np.ndarray, kind: str) -> float:
    if kind == "minimum":
        return float(np.minimum(si, sj).sum())
    if kind == "cosine":
        return float(si @ sj / np.sqrt((si @ si) * (sj @ sj)))
    return float(si @ sj)


@settings(max_examples=60, deadline=None)
@given(weighted_graphs(), st.sampled_from(["product", "minimum", "cosine"]))
def test_overlapping_ei_and_yule_match_loops(case, kind):
    g, weights = case
    n = g.vcount()
    shares = weights / weights.sum(axis=1, keepdims=True)
    sim = np.array([[similarity(shares[i], shares[j], kind) for j in range(n)] for i in range(n)])
    adj = dense(g)
    ties = {(s, t) if g.is_directed() else tuple(sorted((s, t))) for s, t in g.get_edgelist()}
    ties = [t for t in ties if t[0] != t[1]]
    result = ei_index(g, weights, mode="out", similarity=kind)
    internal = sum(sim[s, t] for s, t in ties)
    assert result.internal == pytest.approx(internal, abs=1e-9)
    assert result.external == pytest.approx(len(ties) - internal, abs=1e-9)
    pair_sum = sim.sum() - np.trace(sim)
    if n > 1:
        total = n * (n - 1)
        assert result.expected == pytest.approx((total - 2 * pair_sum) / total, abs=1e-9)
    q = yule_q(g, weights, similarity=kind)
    for i in range(n):
        alters = [j for j in range(n) if j != i and adj[i, j]]
        others = [j for j in range(n) if j != i and not adj[i, j]]
        a = sum(sim[i, j] for j in alters)
        c = sum(sim[i, j] for j in others)
        assert q["a"].iloc[i] == pytest.approx(a, abs=1e-9)
        assert q["c"].iloc[i] == pytest.approx(c, abs=1e-9)
        assert q["b"].iloc[i] == pytest.approx(len(alters) - a, abs=1e-9)
        assert q["d"].iloc[i] == pytest.approx(len(others) - c, abs=1e-9)


def loop_holes(z: np.ndarray, shares: np.ndarray, beta: float, ego: bool) -> np.ndarray:
    """Effective size and constraint with alters tied by their shared groups, per ego, from
    the definitions (dense matrices, one ego at a time)."""
    n = len(z)
    alike = beta * shares @ shares.T
    out = np.full((n, 2), np.nan)
    for i in range(n):
        alters = [j for j in range(n) if j != i and z[i, j] + z[j, i] > 0]
        if not alters:
            continue
        m = z.copy()
        for x, y in itertools.permutations(alters, 2):
            if m[x, y] == 0:
                m[x, y] = alike[x, y]
        keep = [i, *alters] if ego else list(range(n))
        m = m[np.ix_(keep, keep)]
        e = 0 if ego else i
        idx = list(range(1, len(keep))) if ego else alters
        mutual = m + m.T
        np.fill_diagonal(mutual, 0)
        with np.errstate(invalid="ignore"):  # actors without ties: rows of 0 / 0
            p = np.nan_to_num(mutual / mutual.sum(axis=1, keepdims=True))
            top = np.nan_to_num(mutual / mutual.max(axis=1, keepdims=True))
        size = sum(1 - sum(p[e, q] * top[j, q] for q in idx if q != j) for j in idx)
        tight = sum((p[e, j] + sum(p[e, q] * p[q, j] for q in idx if q != j)) ** 2 for j in idx)
        out[i] = size, tight
    return out


@settings(max_examples=60, deadline=None)
@given(weighted_graphs(), st.sampled_from([1.0, 0.5, 2.0]), st.booleans(), st.booleans())
def test_category_structural_holes_match_a_loop(case, beta, ego, weighted):
    g, weights = case
    n = g.vcount()
    values = [1.0 + (k % 3) for k in range(g.ecount())] if weighted else [1.0] * g.ecount()
    g.es["weight"] = values
    z = np.zeros((n, n))
    for (s, t), w in zip(g.get_edgelist(), values, strict=True):
        if s != t:
            z[s, t] += w
            if not g.is_directed():
                z[t, s] += w
    shares = weights / weights.sum(axis=1, keepdims=True)
    result = burt(g, model="ego" if ego else "whole", memberships=weights, beta=beta)
    expected = loop_holes(z, shares, beta, ego)
    np.testing.assert_allclose(result[["effective_size", "constraint"]], expected, atol=1e-9)


def test_category_structural_holes_in_chunks(monkeypatch):
    from bioregion.network import structural_holes

    whole = burt(advice_graph(), model="ego", memberships=HOURS)
    monkeypatch.setattr(structural_holes, "_CHUNK", 7)
    pd.testing.assert_frame_equal(burt(advice_graph(), model="ego", memberships=HOURS), whole)


# --- inputs --------------------------------------------------------------------------------


def test_array_aligned_to_vertices_and_reordered_frame_give_the_same():
    g = advice_graph()
    by_frame = gould_fernandez(g, HOURS_CHUCK).raw
    shuffled = HOURS_CHUCK.iloc[::-1]
    pd.testing.assert_frame_equal(gould_fernandez(g, shuffled).raw, by_frame)
    from_array = gould_fernandez(g, HOURS_CHUCK.to_numpy()).raw
    pd.testing.assert_frame_equal(from_array, by_frame)
    table = membership_table(g, HOURS_CHUCK.to_numpy())
    assert list(table.labels) == [0, 1, 2, 3]
    np.testing.assert_allclose(table.shares.sum(axis=1), 1.0)
    assert table.codes is None


def test_unnamed_graph_takes_integer_ids():
    g = ig.Graph(n=3, edges=[(0, 1), (1, 2)], directed=True)
    frame = pd.DataFrame({"x": [1.0, 1.0, 0.0], "y": [1.0, 0.0, 1.0]}, index=[2, 1, 0])
    raw = gould_fernandez(g, frame).raw
    # path 0 -> 1 -> 2 with s_0 = (0, 1), s_1 = (1, 0), s_2 = (1/2, 1/2): a and c share y
    # with probability 1/2 (consultant), b and c share x with probability 1/2 (gatekeeper)
    assert raw.loc[1].tolist() == pytest.approx([0, 0.5, 0, 0.5, 0, 1])


def test_ei_groups_with_overlapping_memberships():
    g = ig.Graph.TupleList([("a", "b"), ("b", "c")])
    frame = pd.DataFrame({"x": [1.0, 1.0, 0.0], "y": [0.0, 1.0, 1.0]}, index=["a", "b", "c"])
    result = ei_index(g, frame)
    # a-b: S = 1/2, b-c: S = 1/2
    assert (result.internal, result.external, result.network) == (1.0, 1.0, 0.0)
    groups = result.groups
    assert groups["size"].tolist() == [1.5, 1.5]
    assert groups["internal"].tolist() == [0.5, 0.5]  # a-b in x: 1 x 1/2
    assert groups["external"].tolist() == [1.0, 1.0]  # a-b: 1/2, b-c: 1/2 (for x)
    assert result.actors["group"].tolist() == ["x", "x", "y"]


BAD_TABLES = {
    "negative": (HOURS.assign(G1=HOURS["G1"] - 1), r"finite numbers >= 0.*'Barb' has -1"),
    "nan": (HOURS.replace(50, np.nan), r"finite numbers >= 0.*'Gavin' has nan"),
    "zero row": (HOURS.assign(G1=0, G2=0, G3=0, G4=0), r"no positive membership weight"),
    "unknown id": (
        pd.concat([HOURS, pd.DataFrame([[1, 0, 0, 0]], index=["Zoe"], columns=HOURS.columns)]),
        r"not in the graph, e\.g\. \['Zoe'\]",
    ),
    "missing actor": (HOURS.drop(index="Helen"), r"no row for 1 actor.*'Helen'"),
    "duplicated id": (pd.concat([HOURS, HOURS.iloc[:1]]), r"'Barb'.*more than once"),
    "shape": (HOURS.to_numpy()[:5], r"one row per vertex.*\(11, K\); got shape \(5, 4\)"),
    "1-d array": (np.ones(11), r"got shape \(11,\)"),
    "text": (HOURS.astype(str).replace("0", "none"), r"must hold numbers"),
    "no column": (HOURS[[]], r"no group column"),
}


@pytest.mark.parametrize("case", list(BAD_TABLES))
@pytest.mark.parametrize(
    "measure",
    [
        gould_fernandez,
        ei_index,
        yule_q,
        lambda g, table: burt(g, memberships=table),
    ],
)
def test_bad_membership_tables_are_refused(case, measure):
    table, message = BAD_TABLES[case]
    with pytest.raises(PartitionError, match=message):
        measure(advice_graph(), table)


def test_bad_arguments():
    g = advice_graph()
    with pytest.raises(ArgumentError, match="similarity must be one of"):
        ei_index(g, HOURS, similarity="jaccard")
    with pytest.raises(ArgumentError, match="similarity must be one of"):
        yule_q(g, HOURS, similarity="jaccard")
    with pytest.raises(ArgumentError, match="mode must be"):
        yule_q(g, HOURS, mode="both")
    with pytest.raises(ArgumentError, match="beta must be a finite number >= 0"):
        burt(g, memberships=HOURS, beta=-1)
    with pytest.raises(ArgumentError, match=r"takes a partition.*not a membership table"):
        external_internal.ei_permutation_test(g, HOURS, n_permutations=10)
