"""UCINET DL export (issue 8), read back with a parser written from UCINET's documentation.

Layout checked against UCINET's DL language reference,
http://analytictech.com/ucinet/help/hs5000.htm (``DL`` first, ``N =``, ``LABELS:``,
``FORMAT =``, ``DATA:``; labels separated by spaces, commas or line ends, labels with
spaces in double quotes), and the ``edgelist1`` format,
http://www.analytictech.com/ucinet/help/13.xsv.htm (one pair of row and column indices a
line, optionally followed by the value of the tie; 1.0 when absent).
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from bioregion.io import export_network, network_graph, write_network
from bioregion.model import Actor, Dataset, Tie
from bioregion.model import PartialDate as P

DATA = Dataset(
    actors=[
        Actor("kul", 'KU Leuven "LRD", Technology Transfer Office', "university"),
        Actor("tig", "TiGenix", "biotech_firm"),
        Actor("ucb", "UCB", "pharma"),
        Actor("solo", "Solo Bio", "biotech_firm"),
    ],
    ties=[
        Tie("t1", "licence", "kul", "tig", P(2001)),
        Tie("t2", "spin_off", "kul", "tig", P(2000)),
        Tie("t3", "rd_collaboration", "tig", "ucb", P(2003)),
    ],
)


def read_dl(path: Path) -> tuple[int, list[str], Counter]:
    """A strict reader of DL edgelist1 files with a labels list (UCINET's layout)."""
    raw = path.read_bytes().decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    lines = raw.split("\r\n")[:-1]
    header = re.fullmatch(r"dl n=(\d+)", lines[0], re.IGNORECASE)
    assert header, lines[0]
    n = int(header.group(1))
    assert lines[1].replace(" ", "").lower() == "format=edgelist1"
    assert lines[2].lower() == "labels:"
    data_at = lines.index("data:")
    labels = [token for line in lines[3:data_at] for token in shlex.split(line)]
    assert all(re.fullmatch(r'"[^"]*"', line) for line in lines[3:data_at])
    assert len(labels) == n
    values: Counter = Counter()
    for line in lines[data_at + 1 :]:
        i, j, *value = line.split()
        assert 1 <= int(i) <= n and 1 <= int(j) <= n and len(value) <= 1
        values[labels[int(i) - 1], labels[int(j) - 1]] += float(value[0]) if value else 1.0
    return n, labels, values


def test_dl_file_with_every_tie(tmp_path: Path) -> None:
    path = export_network(DATA, tmp_path / "net.dl")
    assert path == tmp_path / "net.dl"
    n, labels, values = read_dl(path)
    kul = "KU Leuven 'LRD', Technology Transfer Office"
    assert n == 4 and labels == [kul, "TiGenix", "UCB", "Solo Bio"]  # the isolate is kept
    assert values == Counter(
        {(kul, "TiGenix"): 2.0, ("TiGenix", "UCB"): 1.0, ("UCB", "TiGenix"): 1.0}
    )


def test_one_dl_file_per_tie_kind(tmp_path: Path) -> None:
    export_network(DATA, tmp_path / "net.dl")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "net.dl",
        "net_licence.dl",
        "net_rd_collaboration.dl",
        "net_spin_off.dl",
    ]
    kinds = {}
    for kind in ("licence", "rd_collaboration", "spin_off"):
        n, labels, values = read_dl(tmp_path / f"net_{kind}.dl")
        assert n == 4 and labels == read_dl(tmp_path / "net.dl")[1]  # same numbering
        kinds[kind] = values
    assert sum(kinds.values(), Counter()) == read_dl(tmp_path / "net.dl")[2]
    assert set(kinds["rd_collaboration"]) == {("TiGenix", "UCB"), ("UCB", "TiGenix")}


def test_dl_of_one_kind_is_one_file(tmp_path: Path) -> None:
    export_network(DATA, tmp_path / "lic.dl", tie_kinds="licence")
    assert [p.name for p in tmp_path.iterdir()] == ["lic.dl"]


def test_dl_agrees_with_the_graph(tmp_path: Path) -> None:
    graph = network_graph(DATA)
    path = write_network(graph, tmp_path / "g.dl")
    _n, _labels, values = read_dl(path)
    by_label = {graph.nodes[n]["label"].replace('"', "'"): n for n in graph}
    directed = nx.DiGraph()
    directed.add_nodes_from(graph)
    for (a, b), value in values.items():
        directed.add_edge(by_label[a], by_label[b], weight=value)
    for u, v, symmetric in graph.edges(data="symmetric"):
        assert directed.has_edge(u, v) and (not symmetric or directed.has_edge(v, u))
    assert sorted(by_label.values()) == sorted(graph)


@pytest.mark.parametrize("name", ["x.DL", "x.dl"])
def test_dl_suffix_any_case(tmp_path: Path, name: str) -> None:
    path = export_network(DATA, tmp_path / name, tie_kinds="licence")
    assert read_dl(path)[0] == 4
