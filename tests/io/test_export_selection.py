"""Exports and TemporalNetwork.graph select the same actors and ties (one selection rule).

Issue 8: ``io.network_export`` had filters of its own (period, kinds, active ties);
it now builds its graph from :meth:`TemporalNetwork.select`, so for every filter
combination an export holds the actors and ties of ``TemporalNetwork.graph``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from bioregion.datasets import load
from bioregion.errors import ExportError, UnknownRegionError
from bioregion.io import network_graph
from bioregion.network.temporal import TemporalNetwork
from bioregion.store import Store

FILTERS = [
    {},
    {"at": 2010},
    {"window": (2000, 2005), "tie_kinds": ["licence", "rd_collaboration"]},
    {"actor_kinds": ["biotech_firm", "pharma"]},
    {"regions": "flanders"},
    {"regions": ["wallonia", "brussels"], "at": 2015},
    {"tags": "nbf", "window": (1995, 2020)},
    {"default_years": 2, "at": 2008},
]


@pytest.fixture(scope="module")
def belgium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("belgium") / "belgium.db"
    with Store.open(path, create=True) as store:
        load("belgium", store)
        yield store


def pair_counts(graph: nx.MultiDiGraph) -> Counter:
    return Counter(frozenset((u, v)) for u, v in graph.edges())


@pytest.mark.parametrize("options", FILTERS)
def test_export_holds_the_actors_and_ties_of_temporal_graph(belgium: Store, options: dict):
    years = options.get("default_years", 5)
    selection = {k: v for k, v in options.items() if k != "default_years"}
    net = TemporalNetwork.from_store(belgium, default_years=years)
    exported = network_graph(belgium, **options)
    graph = net.graph(**selection, include_isolates=True)
    assert sorted(exported) == sorted(graph.vs["name"])
    names = graph.vs["name"]
    expected = Counter({frozenset((names[e.source], names[e.target])): e["ties"] for e in graph.es})
    assert pair_counts(exported) == expected
    chosen = net.select(**selection)
    assert sorted(k for _u, _v, k in exported.edges(keys=True)) == sorted(chosen.ties["id"])


def test_export_takes_the_tag_filters_of_temporal_graph(belgium: Store) -> None:
    tagged = [t for t in belgium.ties() if t.tags]
    if not tagged:
        pytest.skip("no tagged tie in the dataset")
    tag = sorted(tagged[0].tags)[0]
    exported = network_graph(belgium, tie_tags=tag, include_isolates=False)
    assert {k for *_e, k in exported.edges(keys=True)} == {
        t.id for t in belgium.ties() if tag in t.tags and t.source != t.target
    }


def test_unknown_names_are_refused_with_a_bioregion_error(belgium: Store) -> None:
    with pytest.raises(UnknownRegionError, match="atlantis"):
        network_graph(belgium, regions="atlantis")
    with pytest.raises(ExportError, match="unknown actor kind"):
        network_graph(belgium, actor_kinds="startup")
    with pytest.raises(ExportError, match="cannot read the date"):
        network_graph(belgium, at="2010-13")


def test_isolates_of_the_belgian_network_are_kept(belgium: Store, tmp_path: Path) -> None:
    with_ties = {a for t in belgium.ties() for a in (t.source, t.target)}
    isolates = {a.id for a in belgium.actors()} - with_ties
    graph = network_graph(belgium)
    assert isolates <= set(graph) and graph.graph["isolates_left_out"] == 0
    without = network_graph(belgium, include_isolates=False)
    assert without.graph["isolates_left_out"] == len(isolates)
    assert not isolates & set(without)
