"""The convex hull of the network pictures (shapely), pictures without actors, and the
layout effort of large networks."""

from __future__ import annotations

import igraph as ig
import numpy as np
import pytest

from bioregion.report.figures import (
    LAYOUT_ITERATIONS,
    MIN_LAYOUT_ITERATIONS,
    convex_hull,
    layout_iterations,
    network_panels,
)


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_hull_of_a_square_with_inner_and_edge_points():
    points = np.array([[0, 0], [2, 0], [1, 0], [2, 2], [0, 2], [1, 1], [0.5, 1.5], [2, 1]])
    hull = convex_hull(points)
    assert sorted(map(tuple, hull.tolist())) == [(0, 0), (0, 2), (2, 0), (2, 2)]
    assert _signed_area(hull) == pytest.approx(4.0)  # counter-clockwise
    assert hull[0].tolist() == [0, 0]  # starts at the lowest-leftmost point


def test_hull_of_random_points_contains_them_all():
    rng = np.random.default_rng(1)
    points = rng.normal(size=(200, 2))
    hull = convex_hull(points)
    assert _signed_area(hull) > 0
    edges = np.roll(hull, -1, axis=0) - hull
    for p in points:  # every point on the left of (or on) every edge
        rel = p - hull
        assert (edges[:, 0] * rel[:, 1] - edges[:, 1] * rel[:, 0] >= -1e-9).all()


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([], []),
        ([[1, 1]], [[1, 1]]),
        ([[1, 1], [1, 1], [1, 1]], [[1, 1]]),
        ([[0, 0], [3, 3]], [[0, 0], [3, 3]]),
        ([[0, 0], [1, 1], [2, 2], [3, 3]], [[0, 0], [3, 3]]),  # collinear: the segment's ends
        ([[0, 5], [0, 1], [0, 3]], [[0, 1], [0, 5]]),
    ],
)
def test_hull_without_area(points, expected):
    hull = convex_hull(np.array(points, dtype=float).reshape(-1, 2))
    assert hull.shape[1] == 2 and len(hull) < 3
    assert sorted(map(tuple, hull.tolist())) == sorted(map(tuple, expected))


def _graph(n_edges: int) -> ig.Graph:
    g = ig.Graph(n=3 if n_edges else 0)
    if n_edges:
        g.vs["name"] = ["a", "b", "c"]
        g.vs["kind"] = ["biotech_firm", "pharma", "university"]
        g.add_edges([(0, 1), (1, 2)][:n_edges])
        g.es["weight"] = [1.0] * n_edges
    return g


def test_panels_without_any_actor_draw_without_a_legend():
    """Today: "number sections must be larger than 0" from an empty legend."""
    uri = network_panels(
        [("1990-1999", _graph(0)), ("2000-2009", _graph(0))], regions=("x",), names={}
    )
    assert uri.startswith("data:image/png;base64,")


def test_panels_with_collinear_region_members():
    g = _graph(2)
    uri = network_panels(
        [("2000-2009", g)],
        regions=("flanders",),
        names={"a": "A"},
        membership={"a": "flanders", "b": "flanders", "c": "flanders"},
    )
    assert uri.startswith("data:image/png;base64,")


def test_a_large_network_gets_fewer_layout_iterations_and_is_drawn():
    assert layout_iterations(400, 900) == LAYOUT_ITERATIONS  # the Belgian pictures
    assert layout_iterations(7_000, 37_000) < LAYOUT_ITERATIONS
    assert layout_iterations(10**6, 10**7) == MIN_LAYOUT_ITERATIONS
    g = ig.Graph.Erdos_Renyi(n=1500, m=12_000, directed=False)
    g.vs["name"] = [f"a{i}" for i in range(g.vcount())]
    g.vs["kind"] = ["biotech_firm", "pharma", "university"] * 500
    g.es["weight"] = [1.0] * g.ecount()
    assert layout_iterations(g.vcount(), g.ecount()) < LAYOUT_ITERATIONS
    membership = {
        name: ("flanders" if i % 2 else "wallonia") for i, name in enumerate(g.vs["name"])
    }
    uri = network_panels(
        [("2010-2017", g)], regions=("flanders", "wallonia"), names={}, membership=membership
    )
    assert uri.startswith("data:image/png;base64,")
