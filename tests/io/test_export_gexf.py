"""GEXF exports of mixed (directed and symmetric) networks: GEXF 1.3 schema and NetworkX.

Issue 8: every Belgian GEXF failed in ``networkx.read_gexf`` ("Undirected edge found in
directed graph") because symmetric ties were written as ``type="undirected"`` edges of a
directed graph. They are now directed edges with ``symmetric=true``, in GEXF 1.3, and the
file validates against the GEXF 1.3 XSD (tests/data/gexf, see tests/data/SOURCES.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from bioregion.datasets import load
from bioregion.io import export_network, network_graph
from bioregion.model import Actor, Dataset, Tie
from bioregion.model import PartialDate as P
from bioregion.store import Store

SCHEMA = Path(__file__).parents[1] / "data" / "gexf" / "gexf.xsd"


@pytest.fixture(scope="module")
def belgium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("belgium") / "belgium.db"
    with Store.open(path, create=True) as store:
        load("belgium", store)
        yield store


def validate(path: Path) -> None:
    """Validate a file against the GEXF 1.3 schema (lxml; skipped without it)."""
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(path))
    assert schema.validate(document), str(schema.error_log)


def keyed_edges(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), str(k)) for u, v, k in graph.edges(keys=True)}


def test_belgian_gexf_reads_in_networkx_and_validates(belgium: Store, tmp_path: Path) -> None:
    expected = network_graph(belgium)
    symmetric = {k for _u, _v, k, s in expected.edges(keys=True, data="symmetric") if s}
    assert symmetric and len(symmetric) < expected.number_of_edges()  # really mixed
    path = export_network(belgium, tmp_path / "belgium.gexf")
    validate(path)
    back = nx.read_gexf(path)
    assert back.is_directed() and back.is_multigraph()
    assert set(back) == set(expected)
    assert keyed_edges(back) == keyed_edges(expected)
    read_symmetric = {k for _u, _v, k, s in back.edges(keys=True, data="symmetric") if s}
    assert read_symmetric == symmetric
    kinds = nx.get_edge_attributes(back, "kind")
    assert kinds == nx.get_edge_attributes(expected, "kind")


@pytest.mark.parametrize("options", [{"at": 2010}, {"window": (2000, 2005)}, {"at": 1900}])
def test_belgian_gexf_at_dates_validates(belgium: Store, tmp_path: Path, options: dict) -> None:
    path = export_network(belgium, tmp_path / "n.gexf", **options)
    validate(path)  # also with no edge at all (1900): <edges/> is required by the schema
    back = nx.read_gexf(path)
    assert back.number_of_edges() == network_graph(belgium, **options).number_of_edges()


def test_gexf_of_a_small_mixed_network(tmp_path: Path) -> None:
    data = Dataset(
        actors=[
            Actor("a", 'Lab "A" & <Co>', "university"),
            Actor("b", "Beta", "biotech_firm"),
            Actor("c", "Gamma", "pharma"),
        ],
        ties=[
            Tie("t1", "licence", "a", "b", P(2001), upfront=1.5e6, currency="EUR"),
            Tie("t2", "rd_collaboration", "b", "a", P(2002, 5), end=P(2004)),
        ],
    )
    path = export_network(data, tmp_path / "small.gexf")
    validate(path)
    back = nx.read_gexf(path)
    assert set(back) == {"a", "b", "c"}  # c has no tie and is kept
    assert back.nodes["a"]["label"] == 'Lab "A" & <Co>'
    t1, t2 = back.edges["a", "b"], back.edges["b", "a"]  # no parallel edges: a DiGraph
    assert (t1["id"], t2["id"]) == ("t1", "t2")
    assert (t1["symmetric"], t2["symmetric"]) == (False, True)
    assert (t1["upfront"], t1["currency"], t1["start_date"]) == (1.5e6, "EUR", "2001")
    assert (t2["start"], t2["end"]) == ("2002-05-01", "2004-12-31")  # the spell
