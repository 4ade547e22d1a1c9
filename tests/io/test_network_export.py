"""Tests of bioregion.io.network_export: graph building, selection by date, the three formats."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.errors import ExportError
from bioregion.io import network_export
from bioregion.io.network_export import export_network, network_graph, write_pajek
from bioregion.model import Actor, Dataset, Tie
from bioregion.model import PartialDate as P
from bioregion.store import Store

UCL_NAME = "Université catholique de Louvain"
KUL_NAME = 'KU Leuven "LRD"'
GEXF_NS = {"g": "http://gexf.net/1.3"}

ACTORS = [
    Actor(
        "kul",
        KUL_NAME,
        "university",
        tags=("academic", "tto"),
        founded=P(1972),
        country="BE",
        nuts="BE242",
    ),
    Actor("ucl", UCL_NAME, "university", founded=P(1834), country="BE", nuts="BE310"),
    Actor(
        "tigenix",
        "TiGenix",
        "biotech_firm",
        tags=("nbf",),
        founded=P(2000),
        country="BE",
        nuts="BE242",
    ),
    Actor("ucb", "UCB", "pharma", founded=P(1928), country="BE", nuts="BE100"),
    Actor("pfizer", "Pfizer", "pharma", founded=P(1849), country="US"),
    Actor("late", "Late Bio", "biotech_firm", founded=P(2010, 6), country="BE"),
    Actor(
        "gone",
        "Gone Bio",
        "biotech_firm",
        founded=P(1995),
        ended=P(1998),
        end_reason="closed",
        country="BE",
    ),
]
TIES = [
    # active (default 5 years): 2000-06-01 .. 2005-05-31; (1 year): .. 2001-05-31
    Tie(
        "t1",
        "licence",
        "kul",
        "tigenix",
        P(2000, 6),
        upfront=1_000_000.0,
        total=5_000_000.0,
        currency="EUR",
        stage="preclinical",
        therapeutic_area="orthopaedics",
    ),
    Tie("t2", "rd_collaboration", "tigenix", "ucb", P(2002), end=P(2004)),
    # 2006-03-15 .. 2011-03-14 (5 years); .. 2007-03-14 (1 year)
    Tie(
        "t3",
        "acquisition",
        "ucb",
        "tigenix",
        P(2006, 3, 15),
        equity=15_000_000.0,
        total=20_000_000.0,
        currency="EUR",
        status="completed",
    ),
    Tie("t4", "rd_collaboration", "ucl", "ucb", P(1999), end=P(2001)),
    Tie(
        "t5",
        "licence",
        "ucl",
        "pfizer",
        P(2003, 9),
        end=P(2010),
        upfront=2_500_000.0,
        milestones=10_000_000.0,
        currency="EUR",
        stage="phase1",
        therapeutic_area="oncology",
        technology="antibody",
    ),
    # 2000-01-01 .. 2004-12-30 (5 years); .. 2000-12-30 (1 year)
    Tie("t6", "spin_off", "kul", "tigenix", P(2000)),
]
ALL = {"t1", "t2", "t3", "t4", "t5", "t6"}
WITH_TIES = {"kul", "ucl", "tigenix", "ucb", "pfizer"}


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "s.db", create=True) as opened:
        opened.write(Dataset(actors=list(ACTORS), ties=list(TIES)))
        yield opened


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def edge_ids(graph: nx.MultiDiGraph) -> set[str]:
    return {key for _u, _v, key in graph.edges(keys=True)}


def read_gexf_xml(path: Path) -> tuple[dict, dict]:
    """Nodes and edges of a GEXF file by id, with their XML and typed attributes."""
    graph = ET.parse(path).getroot().find("g:graph", GEXF_NS)
    assert graph is not None
    cast = {"double": float, "float": float, "boolean": lambda v: v == "true", "string": str}
    titles = {
        (block.get("class"), a.get("id")): (a.get("title"), cast[a.get("type")])
        for block in graph.findall("g:attributes", GEXF_NS)
        for a in block.findall("g:attribute", GEXF_NS)
    }

    def read(element: ET.Element, cls: str) -> dict:
        values = dict(element.attrib)
        for v in element.findall("g:attvalues/g:attvalue", GEXF_NS):
            title, to = titles[(cls, v.get("for"))]
            values[title] = to(v.get("value"))
        return values

    nodes = {n.get("id"): read(n, "node") for n in graph.findall("g:nodes/g:node", GEXF_NS)}
    edges = {e.get("id"): read(e, "edge") for e in graph.findall("g:edges/g:edge", GEXF_NS)}
    return nodes, edges


def read_pajek_file(path: Path) -> tuple[int, dict[int, str], list, list]:
    """A strict reader of what write_pajek writes: UTF-8, CRLF, quoted labels."""
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    assert lines[-1] == "" and not any("\n" in line for line in lines)
    labels: dict[int, str] = {}
    sections: dict[str, list] = {"*arcs": [], "*edges": []}
    count, section = -1, ""
    for line in lines[:-1]:
        if line.startswith("*"):
            section = line.split()[0].lower()
            count = int(line.split()[1]) if section == "*vertices" else count
        elif section == "*vertices":
            number, label = line.split(" ", 1)
            assert label[0] == label[-1] == '"' and '"' not in label[1:-1]
            labels[int(number)] = label[1:-1]
        else:
            i, j, weight = line.split()
            sections[section].append((labels[int(i)], labels[int(j)], float(weight)))
    return count, labels, sections["*arcs"], sections["*edges"]


# -- the graph ---------------------------------------------------------------------------
def test_graph_nodes_edges_and_attributes(store: Store) -> None:
    graph = network_graph(store)
    assert set(graph) == WITH_TIES | {"late", "gone"} and edge_ids(graph) == ALL
    assert {k: v for k, v in graph.nodes["kul"].items() if k != "region"} == {
        "label": KUL_NAME,
        "kind": "university",
        "country": "BE",
        "nuts": "BE242",
        "founded": "1972",
        "ended": "",
        "tags": "academic;tto",
    }
    assert (graph.nodes["tigenix"]["founded"], graph.nodes["tigenix"]["tags"]) == ("2000", "nbf")
    t5 = graph.edges["ucl", "pfizer", "t5"]
    assert t5 == {
        "id": "t5",
        "kind": "licence",
        "start": "2003-09",
        "end": "2010",
        "symmetric": False,
        "status": "",
        "stage": "phase1",
        "therapeutic_area": "oncology",
        "technology": "antibody",
        "currency": "EUR",
        "upfront": 2_500_000.0,
        "milestones": 10_000_000.0,
        "weight": 1.0,
    }
    t2 = graph.edges["tigenix", "ucb", "t2"]
    assert t2["symmetric"] is True and "upfront" not in t2 and "total" not in t2
    assert graph.edges["ucb", "tigenix", "t3"]["start"] == "2006-03-15"
    for _u, _v, attrs in graph.edges(data=True):
        assert all(type(v) in (str, float, bool) for v in attrs.values())
    assert graph.graph["name"] == "bioregion network cumulative"
    assert graph.graph["default_years"] == 5.0
    assert graph.graph["created_by"].startswith("bioregion ")


def test_graph_describes_its_selection(store: Store) -> None:
    at = network_graph(store, at="2003-5", default_years=2).graph
    assert (at["at"], at["window"], at["default_years"]) == ("2003-05", "", 2.0)
    assert at["name"] == "bioregion network at 2003-05"
    window = network_graph(store, window=(2000, dt.date(2002, 3, 1))).graph
    assert (window["at"], window["window"]) == ("", "2000/2002-03-01")
    assert window["name"] == "bioregion network 2000 to 2002-03-01"


@pytest.mark.parametrize(
    ("selection", "years", "expected"),
    [
        ({"at": 2003}, 5, {"t1", "t2", "t5", "t6"}),
        ({"at": 2003}, 1, {"t2", "t5"}),
        ({"at": "2008"}, 5, {"t3", "t5"}),
        ({"at": "2008"}, 1, {"t5"}),
        ({"at": P(2005, 6)}, 5, {"t5"}),
        ({"at": P(2005, 5, 31)}, 5, {"t1", "t5"}),
        ({"at": "2001-05"}, 1, {"t1", "t4"}),
        ({"at": dt.date(2001, 6, 1)}, 1, {"t4"}),
        ({"at": dt.datetime(2001, 6, 1)}, 1, {"t4"}),
        ({"window": (2000, 2002)}, 5, {"t1", "t2", "t4", "t6"}),
        ({"window": (2000, 2002)}, 1, {"t1", "t2", "t4", "t6"}),
        ({"window": ("2001-06", "2001-12")}, 1, {"t4"}),
        ({"window": ("2001-06", "2001-12")}, 5, {"t1", "t4", "t6"}),
        ({"window": (1980, 1998)}, 5, set()),
        ({}, 1, ALL),
    ],
)
def test_selection_at_and_window(
    store: Store, selection: dict, years: float, expected: set
) -> None:
    graph = network_graph(store, default_years=years, include_isolates=False, **selection)
    assert edge_ids(graph) == expected
    assert set(graph) == {a for t in TIES if t.id in expected for a in (t.source, t.target)}


@pytest.mark.parametrize(
    ("selection", "without", "with_isolates"),
    [
        ({}, WITH_TIES, WITH_TIES | {"late", "gone"}),
        ({"at": 2008}, WITH_TIES - {"kul"}, WITH_TIES),
        ({"at": 2012}, set(), WITH_TIES | {"late"}),
        ({"window": (1996, 1997)}, set(), {"kul", "ucl", "ucb", "pfizer", "gone"}),
    ],
)
def test_isolates(store: Store, selection: dict, without: set, with_isolates: set) -> None:
    # issue 8: exports keep the actors without ties by default; leaving them out is counted
    left_out = network_graph(store, include_isolates=False, **selection)
    assert set(left_out) == without
    assert left_out.graph["isolates_left_out"] == len(with_isolates - without)
    graph = network_graph(store, **selection)
    assert set(graph) == with_isolates and graph.graph["isolates_left_out"] == 0
    assert all(graph.nodes[n]["label"] for n in graph)


def test_isolates_respect_actor_kinds(store: Store) -> None:
    graph = network_graph(store, include_isolates=True, actor_kinds=["biotech_firm"])
    assert set(graph) == {"tigenix", "late", "gone"} and graph.number_of_edges() == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"tie_kinds": "licence"}, {"t1", "t5"}),
        ({"tie_kinds": ["rd_collaboration", "acquisition"]}, {"t2", "t3", "t4"}),
        ({"tie_kinds": []}, set()),
        ({"actor_kinds": ["university", "pharma"]}, {"t4", "t5"}),
        ({"actor_kinds": "pharma"}, set()),
        ({"tie_kinds": ["licence"], "actor_kinds": ["university", "pharma"]}, {"t5"}),
        ({"tie_kinds": ["licence"], "at": 2001}, {"t1"}),
    ],
)
def test_kind_filters(store: Store, filters: dict, expected: set) -> None:
    assert edge_ids(network_graph(store, **filters)) == expected


@pytest.mark.parametrize(
    "options",
    [
        {"tie_kinds": ["alliance"]},
        {"actor_kinds": ["startup"]},
        {"at": 2003, "window": (2000, 2002)},
        {"at": "2003-13"},
        {"at": "last year"},
        {"window": (2005, 2001)},
        {"window": (2005,)},
    ],
)
def test_bad_options(store: Store, options: dict) -> None:
    with pytest.raises(ExportError):
        network_graph(store, **options)


def test_dataset_input_and_missing_actors() -> None:
    data = Dataset(actors=[ACTORS[0]], ties=[TIES[0], Tie("x", "not_a_kind", "a", "b", P(2001))])
    graph = network_graph(data)
    assert edge_ids(graph) == {"t1", "x"}
    assert graph.nodes["tigenix"]["label"] == "tigenix" and graph.nodes["tigenix"]["kind"] == ""
    assert graph.edges["a", "b", "x"]["symmetric"] is False


def test_region_is_the_named_region_of_the_nuts_code() -> None:
    # The region attribute is the key of the NUTS code's NUTS-1 region (the network's
    # actors frame: bioregion.regions.region_of); "" without a code or for a code that
    # is no NUTS 2021 code.
    odd, german = (
        Actor("odd", "Odd", "other", nuts="XX999"),
        Actor("de", "De", "other", nuts="DE212"),
    )
    actors = [*ACTORS, odd, german]
    graph = network_graph(Dataset(actors=actors, ties=list(TIES)))
    regions = {n: graph.nodes[n]["region"] for n in graph}
    assert regions == {
        "kul": "flanders",
        "tigenix": "flanders",
        "ucl": "wallonia",
        "ucb": "brussels",
        "pfizer": "",
        "late": "",
        "gone": "",
        "odd": "",
        "de": "de2",
    }


# -- the formats -------------------------------------------------------------------------
def test_gexf(store: Store, out: Path) -> None:
    path = export_network(store, out / "n.gexf")
    assert path == out / "n.gexf"
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.3"
    assert root.find("g:graph", GEXF_NS).get("defaultedgetype") == "directed"
    nodes, edges = read_gexf_xml(path)
    assert {n: v["label"] for n, v in nodes.items()} == {a.id: a.name for a in ACTORS}
    assert nodes["ucl"]["kind"] == "university" and nodes["kul"]["tags"] == "academic;tto"
    assert set(edges) == ALL
    assert {e: v["kind"] for e, v in edges.items()} == {t.id: t.kind for t in TIES}
    # issue 8: one directed graph; symmetric ties are directed edges marked symmetric=true
    assert all("type" not in v for v in edges.values())
    assert {e for e, v in edges.items() if v["symmetric"]} == {"t2", "t4"}
    assert edges["t5"]["upfront"] == 2_500_000.0 and edges["t5"]["milestones"] == 10_000_000.0
    assert edges["t3"]["equity"] == 15_000_000.0 and "upfront" not in edges["t3"]
    assert (edges["t1"]["source"], edges["t1"]["target"]) == ("kul", "tigenix")
    # active interval as the GEXF spell; the stated dates as attributes
    assert (edges["t1"]["start"], edges["t1"]["end"]) == ("2000-06-01", "2005-05-31")
    assert (edges["t5"]["start"], edges["t5"]["end"]) == ("2003-09-01", "2010-12-31")
    assert (edges["t5"]["start_date"], edges["t5"]["end_date"]) == ("2003-09", "2010")
    assert edges["t2"]["symmetric"] is True and edges["t1"]["symmetric"] is False


def test_gexf_reads_back_with_networkx_when_all_directed(store: Store, out: Path) -> None:
    path = export_network(
        store,
        out / "n.gexf",
        tie_kinds=["licence", "acquisition", "spin_off"],
        include_isolates=False,
    )
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 5 and edge_ids(graph) == {"t1", "t3", "t5", "t6"}
    assert nx.get_node_attributes(graph, "label")["ucl"] == UCL_NAME
    t1 = graph.edges["kul", "tigenix", "t1"]
    assert (t1["kind"], t1["upfront"], t1["total"], t1["currency"]) == ("licence", 1e6, 5e6, "EUR")


def test_graphml(store: Store, out: Path) -> None:
    path = export_network(store, out / "n.graphml", at=2003, include_isolates=False)
    graph = nx.read_graphml(path, edge_key_type=str, force_multigraph=True)
    assert graph.is_directed() and graph.number_of_nodes() == 5
    assert edge_ids(graph) == {"t1", "t2", "t5", "t6"}
    assert nx.get_node_attributes(graph, "label") == {a.id: a.name for a in ACTORS[:5]}
    assert {k: d["kind"] for _u, _v, k, d in graph.edges(keys=True, data=True)} == {
        "t1": "licence",
        "t2": "rd_collaboration",
        "t5": "licence",
        "t6": "spin_off",
    }
    t5 = graph.edges["ucl", "pfizer", "t5"]
    assert (t5["upfront"], t5["milestones"], t5["currency"]) == (2.5e6, 1e7, "EUR")
    assert "equity" not in t5 and t5["symmetric"] is False
    assert graph.edges["tigenix", "ucb", "t2"]["symmetric"] is True
    assert (graph.graph["at"], graph.graph["default_years"]) == ("2003", 5.0)


def test_pajek(store: Store, out: Path) -> None:
    path = export_network(store, out / "n.net")
    count, labels, arcs, edges = read_pajek_file(path)
    assert count == 7 and sorted(labels) == [1, 2, 3, 4, 5, 6, 7]  # with the two isolates
    assert set(labels.values()) == {
        "KU Leuven 'LRD'",
        UCL_NAME,
        "TiGenix",
        "UCB",
        "Pfizer",
        "Late Bio",
        "Gone Bio",
    }
    kul = "KU Leuven 'LRD'"
    assert Counter(arcs) == Counter(
        [
            (kul, "TiGenix", 1.0),
            ("UCB", "TiGenix", 1.0),
            (UCL_NAME, "Pfizer", 1.0),
            (kul, "TiGenix", 1.0),
        ]
    )
    assert Counter(edges) == Counter([("TiGenix", "UCB", 1.0), (UCL_NAME, "UCB", 1.0)])
    assert nx.read_pajek(path).number_of_edges() == 6  # a third-party reader accepts it


def test_pajek_label_with_quote_and_accents(out: Path) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label='Lab "Alpha"\nLeuven')
    graph.add_node("b", label=UCL_NAME)
    graph.add_node("c")  # no label: the node id
    graph.add_edge("a", "b", symmetric=False, weight=2.5)
    path = write_pajek(graph, out / "labels.net")
    assert path.read_bytes().startswith(b"*Vertices 3\r\n1 \"Lab 'Alpha' Leuven\"\r\n")
    _count, labels, arcs, edges = read_pajek_file(path)
    assert labels == {1: "Lab 'Alpha' Leuven", 2: UCL_NAME, 3: "c"}
    assert arcs == [("Lab 'Alpha' Leuven", UCL_NAME, 2.5)] and edges == []
    assert UCL_NAME in nx.read_pajek(path)


def test_pajek_of_an_undirected_graph_has_only_edges(out: Path) -> None:
    _count, _labels, arcs, edges = read_pajek_file(write_pajek(nx.path_graph(3), out / "u.net"))
    assert arcs == [] and edges == [("0", "1", 1.0), ("1", "2", 1.0)]


@pytest.mark.parametrize(("name", "fmt"), [("n.xml", "gexf"), ("n.txt", "pajek"), ("n", "graphml")])
def test_explicit_format(store: Store, out: Path, name: str, fmt: str) -> None:
    path = export_network(store, out / name, format=fmt.upper())
    head = path.read_bytes()[:200]
    assert (
        (b"<gexf" in head)
        if fmt == "gexf"
        else (b"<graphml" in head)
        if fmt == "graphml"
        else head.startswith(b"*Vertices 7")
    )


@pytest.mark.parametrize(("name", "fmt"), [("n.csv", None), ("n", None), ("n.gexf", "dot")])
def test_unknown_format(store: Store, out: Path, name: str, fmt: str | None) -> None:
    formats = r"gexf \(\.gexf\), graphml \(\.graphml\), pajek \(\.net\)"
    with pytest.raises(ExportError, match=formats):
        export_network(store, out / name, format=fmt)
    assert list(out.iterdir()) == []


def test_missing_folder_is_created(store: Store, out: Path) -> None:
    written = export_network(store, out / "new" / "n.gexf")
    assert written == out / "new" / "n.gexf" and written.read_bytes().startswith(b"<?xml")


def test_unwritable_target_is_an_export_error(store: Store, out: Path) -> None:
    (out / "taken").write_text("a file, not a folder")
    with pytest.raises(ExportError, match="cannot write"):
        export_network(store, out / "taken" / "n.gexf")


@pytest.mark.parametrize(
    ("suffix", "target"),
    [
        (".gexf", "bioregion.io.gexf.write_gexf_frames"),
        (".graphml", "networkx.write_graphml"),
        (".net", "bioregion.io.network_export._write_pajek"),
    ],
)
@pytest.mark.parametrize("error", [RuntimeError("boom"), OSError(28, "No space left on device")])
def test_atomic_write(
    store: Store,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
    target: str,
    error: Exception,
) -> None:
    def fail_midway(graph: nx.Graph, fh, *args, **kwargs) -> None:
        fh = args[0] if target.endswith("_frames") else fh  # (nodes, edges, fh)
        fh.write(b"<?xml version='1.0'?><half")
        fh.flush()
        assert any(p.name.endswith(".tmp") for p in out.iterdir())  # beside the target
        raise error

    monkeypatch.setattr(target, fail_midway)
    expected = ExportError if isinstance(error, OSError) else RuntimeError
    with pytest.raises(expected, match="No space left" if expected is ExportError else "boom"):
        export_network(store, out / f"n{suffix}")
    assert list(out.iterdir()) == []
    (out / f"old{suffix}").write_text("old")
    with pytest.raises(expected):
        export_network(store, out / f"old{suffix}")
    assert [p.name for p in out.iterdir()] == [f"old{suffix}"]
    assert (out / f"old{suffix}").read_text() == "old"


def test_export_replaces_an_existing_file(store: Store, out: Path) -> None:
    (out / "n.net").write_text("old")
    export_network(store, out / "n.net", tie_kinds="licence")
    assert read_pajek_file(out / "n.net")[0] == 7 and [p.name for p in out.iterdir()] == ["n.net"]


def test_module_constants() -> None:
    assert network_export.PAJEK_NEWLINE == "\r\n"
    assert set(network_export.NETWORK_FORMATS.values()) == {
        "gexf",
        "graphml",
        "pajek",
        "ucinet",
        "vosviewer",
    }


# -- property: window selection is interval overlap ---------------------------------------
def partial_dates() -> st.SearchStrategy[P]:
    return st.builds(P, st.integers(1990, 2020), st.none()) | st.builds(
        lambda d, precision: P.from_parts(d, precision),
        st.dates(dt.date(1990, 1, 1), dt.date(2020, 12, 31)),
        st.sampled_from(["month", "day"]),
    )


@st.composite
def ties(draw: st.DrawFn) -> list[Tie]:
    out = []
    for i in range(draw(st.integers(0, 8))):
        start = draw(partial_dates())
        end = draw(st.none() | partial_dates().filter(lambda e, s=start: e.last_day >= s.first_day))
        out.append(
            Tie(
                f"t{i}",
                draw(st.sampled_from(["licence", "rd_collaboration"])),
                "a",
                "b",
                start,
                end,
            )
        )
    return out


@settings(max_examples=150, deadline=None, database=None)
@given(ties(), st.integers(1985, 2030), st.integers(0, 12), st.sampled_from([0.5, 1, 2.5, 5]))
def test_window_is_interval_overlap(tie_list: list[Tie], a: int, span: int, years: float) -> None:
    b = a + span
    lo, hi = dt.date(a, 1, 1), dt.date(b, 12, 31)
    expected = set()
    for tie in tie_list:
        first = tie.start.first_day
        last = (
            tie.end.last_day
            if tie.end is not None
            else first + dt.timedelta(days=round(365.2425 * years) - 1)
        )
        if first <= hi and last >= lo:
            expected.add(tie.id)
    graph = network_graph(Dataset(ties=tie_list), window=(a, b), default_years=years)
    assert edge_ids(graph) == expected
