"""Borgatti–Everett core–periphery models: hand-checkable graphs (star, complete graph,
a clique with pendants), exhaustive and dense oracles on small random graphs, recovery of
planted cores, and the yearly trajectories of a temporal network.

Oracles: the pattern correlations are recomputed here from the n x n matrices with
``numpy.corrcoef`` over the off-diagonal cells (the definition in Borgatti & Everett
2000, sections 3-4); the discrete optimum of a 10-actor graph by enumerating its 1,024
partitions; the least-squares fit of the continuous model (UCINET's Network >
Core/Periphery > Continuous: "C such that C C' is as close as possible to the data") by
a dense multi-start minimisation.
"""

from __future__ import annotations

import itertools

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, sparse

from bioregion.dynamics import (
    core_partition,
    core_periphery_trajectories,
    core_scores,
)
from bioregion.errors import ArgumentError, NoDataError
from bioregion.network import TemporalNetwork


def off_diagonal(matrix: np.ndarray) -> np.ndarray:
    return matrix[~np.eye(len(matrix), dtype=bool)]


def pattern_correlation(adjacency: np.ndarray, pattern: np.ndarray) -> float:
    """corr(a_ij, delta_ij) over the off-diagonal cells where delta is not NaN."""
    x, y = off_diagonal(adjacency), off_diagonal(pattern)
    keep = ~np.isnan(y)
    return float(np.corrcoef(x[keep], y[keep])[0, 1])


def ideal(core: np.ndarray, between: float | None) -> np.ndarray:
    both = core[:, None] & core[None, :]
    neither = ~core[:, None] & ~core[None, :]
    fill = np.nan if between is None else between
    return np.where(both, 1.0, np.where(neither, 0.0, fill))


def planted(n: int, k: int, p_core: float, p_between: float, p_periphery: float, seed: int):
    """An undirected graph with a planted core of k actors (block densities as given)."""
    rng = np.random.default_rng(seed)
    core = np.zeros(n, bool)
    core[rng.choice(n, k, replace=False)] = True
    p = np.where(
        core[:, None] & core[None, :],
        p_core,
        np.where(core[:, None] | core[None, :], p_between, p_periphery),
    )
    upper = np.triu(rng.random((n, n)) < p, 1)
    return (upper | upper.T).astype(float), core


def random_graph(n: int, p: float, seed: int, directed: bool = False) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = (rng.random((n, n)) < p).astype(float)
    if not directed:
        a = np.triu(a, 1)
        a = a + a.T
    np.fill_diagonal(a, 0)
    return a


# -- hand-checkable graphs ------------------------------------------------------------
def star(n: int = 6) -> ig.Graph:
    g = ig.Graph.Star(n)
    g.vs["name"] = ["hub"] + [f"leaf{i}" for i in range(1, n)]
    return g


def test_star_centre_is_the_core():
    fit = core_scores(star())
    leaves = fit.scores.drop("hub")
    assert fit.scores.idxmax() == "hub"
    assert np.allclose(leaves, leaves.iloc[0])
    assert fit.scores["hub"] > 0.99  # the fit tends to (1, 0, ..., 0): see the module notes
    assert fit.correlation == pytest.approx(1.0, abs=1e-6)
    assert np.isclose(np.linalg.norm(fit.scores), 1.0)


def test_star_discrete():
    # with core-periphery pairs expected tied, the hub alone is a perfect core
    exact = core_partition(star(), between=1.0)
    assert exact.members == ("hub",)
    assert exact.correlation == pytest.approx(1.0)
    assert exact.between_density == 1.0 and exact.periphery_density == 0.0
    # B&E's default leaves those pairs out: a core needs a core-core pair, the hub and
    # any one leaf fit perfectly
    default = core_partition(star())
    assert "hub" in default.members and len(default.members) == 2
    assert default.correlation == pytest.approx(1.0)


def test_complete_graph_has_flat_scores():
    fit = core_scores(ig.Graph.Full(7))
    assert np.allclose(fit.scores, 1 / np.sqrt(7))
    assert np.isnan(fit.correlation)
    with pytest.raises(ArgumentError, match="complete graph"):
        core_partition(ig.Graph.Full(7))


def clique_with_pendants() -> ig.Graph:
    g = ig.Graph.Full(4) + ig.Graph(n=4)
    g.add_edges([(0, 4), (1, 5), (2, 6), (3, 7)])
    return g


def test_clique_with_pendants_least_squares_by_hand():
    # By symmetry c = (x, x, x, x, y, y, y, y); over ordered pairs the squared residuals
    # are 12 (1 - x^2)^2 (clique) + 8 (1 - xy)^2 (own pendant) + 24 (xy)^2 (other
    # pendants) + 12 y^4 (pendant pairs): minimised here in two unknowns.
    def residuals(p):
        x, y = p
        return 12 * (1 - x * x) ** 2 + 8 * (1 - x * y) ** 2 + 24 * (x * y) ** 2 + 12 * y**4

    best = optimize.minimize(
        residuals, [1.0, 0.3], method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14}
    )
    x, y = best.x
    fit = core_scores(clique_with_pendants())
    scores = fit.scores.to_numpy()
    assert np.allclose(scores[:4], scores[0]) and np.allclose(scores[4:], scores[4])
    assert scores[4] / scores[0] == pytest.approx(y / x, rel=1e-5)
    adjacency = np.array(clique_with_pendants().get_adjacency().data, float)
    c = np.r_[[x] * 4, [y] * 4]
    assert fit.correlation == pytest.approx(
        pattern_correlation(adjacency, np.outer(c, c)), rel=1e-6
    )


def test_clique_with_pendants_discrete():
    fit = core_partition(clique_with_pendants())
    assert fit.members == (0, 1, 2, 3)
    assert fit.correlation == pytest.approx(1.0)
    assert (fit.core_density, fit.between_density, fit.periphery_density) == (1.0, 0.25, 0.0)


# -- oracles on small random graphs ---------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("directed", [False, True])
def test_continuous_fit_and_correlation_against_dense_oracle(seed, directed):
    a = random_graph(12, 0.3, seed, directed)
    a[a > 0] *= np.random.default_rng(seed).integers(1, 4, int((a > 0).sum()))  # weights
    fit = core_scores(a)
    c = fit.scores.to_numpy()
    assert (c >= 0).all()
    assert fit.correlation == pytest.approx(pattern_correlation(a, np.outer(c, c)), rel=1e-9)

    def residuals(v):
        return float(((off_diagonal(a) - off_diagonal(np.outer(v, v))) ** 2).sum())

    rng = np.random.default_rng(100 + seed)
    dense = min(
        optimize.minimize(residuals, rng.random(12), method="L-BFGS-B", bounds=[(0, None)] * 12).fun
        for _ in range(20)
    )
    scale = np.sqrt(
        np.sum(off_diagonal(a) * off_diagonal(np.outer(c, c)))
        / np.sum(off_diagonal(np.outer(c, c)) ** 2)
    )
    assert residuals(scale * c) <= dense + 1e-6


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("between", [None, 0.5, 1.0])
def test_discrete_finds_the_exhaustive_optimum(seed, between):
    n = 10
    a = random_graph(n, 0.35, seed, directed=seed % 2 == 1)
    best = -np.inf
    for bits in itertools.product([False, True], repeat=n):
        core = np.array(bits)
        with np.errstate(invalid="ignore", divide="ignore"):
            pattern = ideal(core, between)
            y = off_diagonal(pattern)
            y = y[~np.isnan(y)]
            if len(y) < 2 or np.ptp(y) == 0:
                continue
            best = max(best, pattern_correlation(a, pattern))
    fit = core_partition(a, between=between, seed=seed)
    assert fit.correlation == pytest.approx(best, abs=1e-9)
    core = fit.core.to_numpy()
    assert fit.correlation == pytest.approx(pattern_correlation(a, ideal(core, between)))


# -- planted cores --------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(5))
def test_planted_core_is_recovered(seed):
    a, core = planted(150, 20, p_core=0.8, p_between=0.25, p_periphery=0.03, seed=seed)
    scores = core_scores(a).scores
    top = scores.sort_values(ascending=False).index[: core.sum()]
    assert core[top].mean() >= 0.95
    found = core_partition(a, seed=seed).core.to_numpy()
    assert (found & core).sum() / core.sum() >= 0.95
    assert found.sum() <= 1.25 * core.sum()
    exact = core_partition(a, between=0.25, seed=seed).core.to_numpy()
    assert (exact & core).sum() / core.sum() >= 0.95 and exact.sum() <= 1.25 * core.sum()


def test_without_structure_the_fit_is_weak():
    a = random_graph(150, 0.1, seed=7)
    planted_graph, _ = planted(150, 20, 0.8, 0.25, 0.03, seed=7)
    assert core_scores(a).correlation < 0.5 * core_scores(planted_graph).correlation


def test_seeded_and_reproducible():
    a, _ = planted(80, 12, 0.7, 0.2, 0.05, seed=3)
    one = core_partition(a, seed=11, restarts=6)
    two = core_partition(a, seed=np.random.default_rng(11), restarts=6)
    assert one.members == two.members and one.correlation == two.correlation


# -- inputs ---------------------------------------------------------------------------
def test_inputs_agree():
    a, _ = planted(40, 8, 0.8, 0.2, 0.05, seed=5)
    names = [f"n{i}" for i in range(40)]
    g = ig.Graph.Adjacency(a.astype(int).tolist(), mode="undirected")
    g.vs["name"] = names
    frame = pd.DataFrame(a, index=names, columns=names)
    fits = [core_scores(x) for x in (a, sparse.csr_array(a), frame, g)]
    for fit in fits[1:]:
        assert np.allclose(fit.scores.to_numpy(), fits[0].scores.to_numpy(), atol=1e-6)
    assert fits[2].scores.index.tolist() == names == fits[3].scores.index.tolist()
    assert fits[3].scores.index.name == "actor"


def test_weights_and_parallel_edges():
    g = ig.Graph([(0, 1), (0, 1), (0, 1), (1, 2), (2, 3), (0, 3)])
    g.es["weight"] = [1.0] * 6
    binary = core_scores(g)  # parallel edges: one tie
    assert np.allclose(binary.scores, 0.5)  # a 4-cycle: every actor alike
    weighted = core_scores(g, weight="weight")  # three ties between 0 and 1
    assert set(weighted.top(2).index) == {0, 1}


def test_directed_graph_reads_arcs():
    # everyone sends to 0, 0 sends to nobody: 0 is still the core of the pattern c_i c_j
    g = ig.Graph([(i, 0) for i in range(1, 6)], directed=True)
    assert core_scores(g).scores.idxmax() == 0
    a = np.zeros((6, 6))
    a[1:, 0] = 1
    assert core_scores(g).correlation == pytest.approx(core_scores(a).correlation)


@pytest.mark.parametrize(
    "graph, error, message",
    [
        (ig.Graph(n=5), NoDataError, "at least 3 actors"),
        (ig.Graph([(0, 1)]), NoDataError, "at least 3 actors"),
        (np.zeros((4, 3)), ArgumentError, "square"),
        (np.array([[0, 1, -1], [1, 0, 1], [-1, 1, 0]]), ArgumentError, ">= 0"),
        (np.array([[0, 1, np.nan], [1, 0, 1], [np.nan, 1, 0]]), ArgumentError, "finite"),
        ([[0, 1], [1, 0]], ArgumentError, "not a builtins.list"),
        (pd.DataFrame(np.ones((3, 3)), columns=list("abc")), ArgumentError, "same actors"),
    ],
)
def test_bad_input(graph, error, message):
    for fit in (core_scores, core_partition):
        with pytest.raises(error, match=message):
            fit(graph)


def test_bad_options():
    g = clique_with_pendants()
    with pytest.raises(ArgumentError, match="no edge attribute 'strength'"):
        core_scores(g, weight="strength")
    with pytest.raises(ArgumentError, match=r"between=1\.5"):
        core_partition(g, between=1.5)
    with pytest.raises(ArgumentError, match="restarts=-1"):
        core_partition(g, restarts=-1)


# -- trajectories over snapshots ------------------------------------------------------
def moving_core() -> TemporalNetwork:
    """2001-2003: a, b, c tied to each other, each with pendants; 2004-2006: d, e, f."""
    rows = []
    for first, last, hubs in ((2001, 2003, "abc"), (2004, 2006, "def")):
        for u, v in itertools.combinations(hubs, 2):
            rows.append((u, v, first, last))
        for h in hubs:
            rows += [(h, f"{h}{i}", first, last) for i in range(3)]
    rows.append(("a", "d", 2001, 2006))
    ties = pd.DataFrame(rows, columns=["source", "target", "start", "end"])
    ties["kind"] = "rd_collaboration"
    ties[["start", "end"]] = ties[["start", "end"]].astype(str)
    return TemporalNetwork(ties)


def test_trajectories_follow_the_core():
    network = moving_core()
    found = core_periphery_trajectories(network, 2001, 2006, partition=True)
    assert found.scores.columns.tolist() == list(range(2001, 2007))
    assert found.scores.index.name == "actor" and found.scores.columns.name == "year"
    assert set(found.scores[2002].nlargest(3).index) == {"a", "b", "c"}
    assert set(found.scores[2005].nlargest(3).index) == {"d", "e", "f"}
    assert np.isnan(found.scores.loc["b", 2005])  # b has no tie after 2003
    assert set(found.core[2002].dropna().index[found.core[2002].dropna()]) == {"a", "b", "c"}
    assert found.core.shape == found.scores.shape
    assert found.fit.index.name == "year"
    assert list(found.fit.columns) == [
        "actors",
        "edges",
        "correlation",
        "core_size",
        "core_correlation",
    ]
    assert found.fit.loc[2002, "actors"] == 13 and found.fit.loc[2002, "edges"] == 13
    # each year's scores are those of core_scores on that year's graph
    year = core_scores(network.graph(at=2005))
    assert np.allclose(found.scores[2005].dropna().to_numpy(), year.scores.to_numpy())
    assert found.fit.loc[2005, "correlation"] == pytest.approx(year.correlation)


def test_trajectories_options_and_errors():
    network = moving_core()
    windowed = core_periphery_trajectories(
        network, 2003, 2006, step=3, graph_options={"window_years": 2}
    )
    assert windowed.scores.columns.tolist() == [2003, 2006]
    assert windowed.core is None and "core_size" not in windowed.fit
    with pytest.raises(ArgumentError, match="start <= end"):
        core_periphery_trajectories(network, 2006, 2001)
    with pytest.raises(ArgumentError, match="vertices='some'"):
        core_periphery_trajectories(network, 2001, 2002, vertices="some")
    with pytest.raises(NoDataError, match="no snapshot from 1990 to 1995"):
        core_periphery_trajectories(network, 1990, 1995)
    with pytest.raises(ArgumentError, match="unknown tie kind"):
        core_periphery_trajectories(network, 2001, 2002, graph_options={"tie_kinds": "x"})


@st.composite
def small_graphs(draw):
    """Adjacency matrices of 3-9 actors, directed or not, tie values 0-3."""
    n = draw(st.integers(3, 9))
    directed = draw(st.booleans())
    cells = draw(st.lists(st.integers(0, 3), min_size=n * n, max_size=n * n))
    a = np.array(cells, float).reshape(n, n)
    np.fill_diagonal(a, 0)
    return a if directed else np.triu(a, 1) + np.triu(a, 1).T


@settings(max_examples=60, deadline=None)
@given(small_graphs(), st.sampled_from([None, 0.0, 0.5, 1.0]))
def test_fits_match_their_dense_correlations(a, between):
    if not a.any():
        with pytest.raises(NoDataError):
            core_scores(a)
        return
    fit = core_scores(a)
    c = fit.scores.to_numpy()
    assert (c >= 0).all() and np.isclose(np.linalg.norm(c), 1.0)
    if np.ptp(off_diagonal(a)) == 0:
        assert np.isnan(fit.correlation)
    elif np.ptp(off_diagonal(np.outer(c, c))) > 1e-9:
        assert fit.correlation == pytest.approx(pattern_correlation(a, np.outer(c, c)), abs=1e-7)
    try:
        found = core_partition(a, between=between, restarts=1)
    except ArgumentError:
        return  # no core gives a varying pattern
    core = found.core.to_numpy()
    assert found.correlation == pytest.approx(pattern_correlation(a, ideal(core, between)))
