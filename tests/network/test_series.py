"""Measures over snapshots: one tidy frame from a node or network measure per year.

The oracle is the measure applied by hand to each from-scratch graph
(``TemporalNetwork.graph(at=year, ...)``); measures are written inline with igraph.
"""

from __future__ import annotations

import dataclasses
from functools import partial

import igraph as ig
import numpy as np
import pandas as pd
import pytest

from bioregion.datasets.synthetic import generate
from bioregion.errors import ArgumentError
from bioregion.network.series import over_snapshots
from bioregion.network.temporal import TemporalNetwork


def degree(graph: ig.Graph, mode: str = "all") -> pd.DataFrame:
    names = pd.Index(graph.vs["name"], name="actor")
    return pd.DataFrame({"degree": graph.degree(mode=mode)}, index=names)


def pagerank(graph: ig.Graph) -> pd.Series:
    return pd.Series(graph.pagerank(weights="weight"), index=graph.vs["name"])


def coreness(graph: ig.Graph) -> pd.DataFrame:
    return pd.DataFrame({"core": graph.coreness()}, index=graph.vs["name"])


def size(graph: ig.Graph) -> dict[str, float]:
    return {"actors": graph.vcount(), "edges": graph.ecount()}


@dataclasses.dataclass(frozen=True)
class Density:
    density: float


@pytest.fixture(scope="module")
def net() -> TemporalNetwork:
    actors, ties = generate(1500, seed=4)
    return TemporalNetwork(ties, actors)


def expected_nodes(net: TemporalNetwork, measure, years, **options) -> pd.DataFrame:
    frames = []
    for year in years:
        found = measure(net.graph(at=year, **options))
        found = found.to_frame(measure.__name__) if isinstance(found, pd.Series) else found
        frames.append(found.rename_axis("actor").reset_index().assign(year=year))
    columns = ["year", "actor", *frames[0].columns.drop(["actor", "year"])]
    return pd.concat(frames, ignore_index=True)[columns]


@pytest.mark.parametrize(("vertices", "isolates"), [("connected", False), ("present", True)])
def test_node_measure_equals_the_measure_of_each_graph(net, vertices, isolates):
    years = range(1990, 2026, 5)
    found = over_snapshots(net, degree, 1990, 2025, step=5, vertices=vertices)
    expected = expected_nodes(net, degree, years, include_isolates=isolates)
    pd.testing.assert_frame_equal(found, expected)


def test_vertex_count_sensitive_measures_see_the_present_actors(net):
    found = over_snapshots(net, pagerank, 2000, 2010, step=10)
    expected = expected_nodes(net, pagerank, [2000, 2010], include_isolates=True)
    pd.testing.assert_frame_equal(found, expected, check_exact=False, rtol=1e-9)


def test_all_vertices_gives_every_actor_every_year(net):
    found = over_snapshots(net, degree, 2001, 2003, vertices="all")
    assert len(found) == 3 * len(net.actors)
    assert (
        found.groupby("year")["actor"]
        .apply(list)
        .map(lambda a: a == net.actors["id"].tolist())
        .all()
    )
    connected = over_snapshots(net, degree, 2001, 2003, vertices="connected")
    merged = found.merge(connected, on=["year", "actor"], how="left", suffixes=("", "_c"))
    assert (merged["degree_c"].fillna(0) == merged["degree"]).all()


def test_keyword_arguments_and_graph_options_are_passed(net):
    found = over_snapshots(
        net, degree, 2010, 2010, vertices="connected", graph_options={"directed": True}, mode="out"
    )
    graph = net.graph(at=2010, directed=True)
    assert found["degree"].tolist() == graph.degree(mode="out")
    assert found["degree"].sum() == graph.ecount()


def test_several_node_measures_side_by_side(net):
    found = over_snapshots(
        net, {"degree": degree, "pagerank": pagerank, "core": coreness}, 2005, 2006
    )
    assert list(found.columns) == ["year", "actor", "degree", "pagerank", "core"]
    one = over_snapshots(net, coreness, 2005, 2006)
    pd.testing.assert_series_equal(found["core"], one["core"])
    sums = found.groupby("year")["pagerank"].sum()
    assert np.allclose(sums, 1.0)


def test_network_measures(net):
    found = over_snapshots(net, size, 1995, 2025, step=10)
    assert list(found.columns) == ["year", "actors", "edges"]
    for row in found.itertuples():
        graph = net.graph(at=row.year, include_isolates=True)
        assert (row.actors, row.edges) == (graph.vcount(), graph.ecount())

    def density(graph: ig.Graph) -> Density:
        return Density(graph.density())

    several = over_snapshots(
        net, {"size": size, "density": density, "clustering": ig.Graph.transitivity_undirected},
        2000, 2001,
    )  # fmt: skip
    assert list(several.columns) == ["year", "actors", "edges", "density", "clustering"]
    expected = net.graph(at=2001, include_isolates=True).transitivity_undirected()
    assert several.loc[1, "clustering"] == pytest.approx(expected)
    named = over_snapshots(net, ig.Graph.ecount, 2000, 2000, vertices="all")
    assert named.to_dict("records") == [{"year": 2000, "ecount": net.graph(at=2000).ecount()}]


def test_bad_uses_are_refused(net):
    # Every refusal is an ArgumentError (a ValueError too); a measure returning a wrong type
    # raised TypeError before issue 8.
    with pytest.raises(ArgumentError, match="vertices"):
        over_snapshots(net, degree, 2000, 2001, vertices="some")
    with pytest.raises(ArgumentError, match=r"mix.*once for each kind"):
        over_snapshots(net, {"a": degree, "b": size}, 2000, 2001)
    with pytest.raises(ArgumentError, match=r"keyword.*functools\.partial"):
        over_snapshots(net, {"a": degree}, 2000, 2001, mode="out")
    with pytest.raises(ArgumentError, match="expected a DataFrame"):
        over_snapshots(net, lambda g: "text", 2000, 2001)
    with pytest.raises(ArgumentError, match="same column"):
        over_snapshots(net, {"a": degree, "b": partial(degree, mode="in")}, 2000, 2001)
