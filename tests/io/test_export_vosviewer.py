"""VOSviewer map and network files (issue 8), read back as VOSviewer's documentation
describes them: https://app.vosviewer.com/docs/file-types/map-and-network-file-type/
(tab-separated; a map file has a header line naming its columns, ``id``, ``label``,
``description``, ``cluster`` (an integer 1-1000) and ``weight<...>`` among them; labels
with a comma or semicolon in double quotes; a network file has no header and two or
three columns: two item ids and the strength of their link).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bioregion.io import export_network, network_format
from bioregion.io.vosviewer import CLUSTER_KINDS, vosviewer_paths
from bioregion.model import Actor, Dataset, Tie
from bioregion.model import PartialDate as P

DATA = Dataset(
    actors=[
        Actor("kul", "KU Leuven; LRD", "university", country="BE"),
        Actor("tig", "TiGenix, NV", "biotech_firm", country="BE"),
        Actor("ucb", "UCB", "pharma", country="BE"),
        Actor("solo", "Solo <Bio> & Co", "biotech_firm"),
    ],
    ties=[
        Tie("t1", "licence", "kul", "tig", P(2001)),
        Tie("t2", "spin_off", "kul", "tig", P(2000)),
        Tie("t3", "rd_collaboration", "tig", "ucb", P(2003)),
        Tie("t4", "licence", "ucb", "tig", P(2004)),
    ],
)


def read_map(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quotechar='"'))
    for row in rows:
        assert 1 <= int(row["cluster"]) <= 1000 and float(row["weight<Ties>"]) >= 0
    return rows


def read_network(path: Path) -> dict[tuple[int, int], float]:
    links = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        a, b, strength = line.split("\t")
        links[int(a), int(b)] = float(strength)
    return links


def test_map_and_network_files(tmp_path: Path) -> None:
    written = export_network(DATA, tmp_path / "belgium.vos")
    map_path, network_path = vosviewer_paths(tmp_path / "belgium.vos")
    assert written == map_path and map_path.name == "belgium_map.txt"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "belgium_map.txt",
        "belgium_network.txt",
    ]
    rows = read_map(map_path)
    assert list(rows[0]) == ["id", "label", "description", "cluster", "weight<Ties>"]
    items = {row["label"]: row for row in rows}
    assert set(items) == {"KU Leuven; LRD", "TiGenix, NV", "UCB", "Solo <Bio> & Co"}
    assert [int(row["id"]) for row in rows] == [1, 2, 3, 4]
    assert items["Solo <Bio> & Co"]["weight<Ties>"] == "0"  # the isolate is kept
    assert items["TiGenix, NV"]["weight<Ties>"] == "4"
    assert items["UCB"]["cluster"] == str(CLUSTER_KINDS.index("pharma") + 1)
    assert items["Solo <Bio> & Co"]["description"] == "biotech_firm"
    assert items["UCB"]["description"] == "pharma<br>BE"
    ids = {row["label"]: int(row["id"]) for row in rows}
    links = read_network(network_path)
    assert links == {
        (ids["KU Leuven; LRD"], ids["TiGenix, NV"]): 2.0,
        (ids["TiGenix, NV"], ids["UCB"]): 2.0,  # undirected: both directions count
    }
    assert all(a < b for a, b in links)


def test_quoting_follows_the_documentation(tmp_path: Path) -> None:
    export_network(DATA, tmp_path / "q.vos")
    lines = (tmp_path / "q_map.txt").read_text(encoding="utf-8").splitlines()
    labels = [line.split("\t")[1] for line in lines[1:]]
    assert labels == ['"KU Leuven; LRD"', '"TiGenix, NV"', "UCB", "Solo <Bio> & Co"]
    assert all(line.count("\t") == 4 for line in lines)


def test_vos_suffix_is_the_vosviewer_format() -> None:
    assert network_format("x/belgium.vos") == "vosviewer"
    assert network_format("x/belgium.VOS") == "vosviewer"


def test_empty_network(tmp_path: Path) -> None:
    export_network(Dataset(), tmp_path / "e.vos")
    assert (tmp_path / "e_map.txt").read_text(encoding="utf-8").count("\n") == 1
    assert (tmp_path / "e_network.txt").read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("kind", CLUSTER_KINDS)
def test_every_actor_kind_has_its_cluster(tmp_path: Path, kind: str) -> None:
    data = Dataset(actors=[Actor("a", "A", kind)])
    export_network(data, tmp_path / "k.vos")
    assert read_map(tmp_path / "k_map.txt")[0]["cluster"] == str(CLUSTER_KINDS.index(kind) + 1)
