"""VOSviewer writer: a network as a VOSviewer map file and network file.

The layout follows VOSviewer's documentation of its map and network files
(https://app.vosviewer.com/docs/file-types/map-and-network-file-type/): tab-separated
UTF-8 text. Exporting to ``name.vos`` writes two files beside it:

``name_map.txt``
    A header line, then one item per actor: ``id`` (1, 2, ... in node order), ``label``
    (the actor's name), ``description`` (kind, country and region, HTML-escaped, joined by
    ``<br>``), ``cluster`` (the actor kind: the position of the kind in
    :data:`CLUSTER_KINDS`, 1-based; an unknown kind gets the number after the last) and
    ``weight<Ties>`` (the actor's number of selected ties). A label or description with a
    comma or semicolon is put in double quotes (a ``"`` in it becomes ``'``); tabs and
    line breaks become spaces.
``name_network.txt``
    No header; one link per pair of actors with a tie: ``id1 id2 strength``, ``id1 <
    id2``, the strength being the number of ties between the two in either direction
    (VOSviewer networks are undirected).

Actors without ties stay in the map file (with weight 0). VOSviewer computes the layout:
the map file has no ``x``/``y`` columns.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from bioregion.io._atomic import atomic_write
from bioregion.model.vocab import ActorKind

if TYPE_CHECKING:
    import networkx as nx

#: Actor kinds in cluster order: cluster ``i`` is ``CLUSTER_KINDS[i - 1]``.
CLUSTER_KINDS: tuple[str, ...] = tuple(k.value for k in ActorKind)
MAP_COLUMNS = ("id", "label", "description", "cluster", "weight<Ties>")


def vosviewer_paths(path: str | Path) -> tuple[Path, Path]:
    """The map and network files of an export to ``path``: ``<stem>_map.txt`` and
    ``<stem>_network.txt`` beside it.

    >>> [p.name for p in vosviewer_paths("out/belgium.vos")]
    ['belgium_map.txt', 'belgium_network.txt']
    """
    target = Path(path)
    return target.with_name(f"{target.stem}_map.txt"), target.with_name(
        f"{target.stem}_network.txt"
    )


def write_vosviewer(graph: nx.Graph, path: str | Path) -> Path:
    """Write the map and network files of a graph (each atomically); returns the map file."""
    map_path, network_path = vosviewer_paths(path)
    map_text, network_text = vosviewer_texts(graph)
    atomic_write(map_path, lambda fh: fh.write(map_text.encode("utf-8")))
    atomic_write(network_path, lambda fh: fh.write(network_text.encode("utf-8")))
    return map_path


def vosviewer_texts(graph: nx.Graph) -> tuple[str, str]:
    """The map file and network file texts of a graph.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label="Alpha, Inc.", kind="pharma"); g.add_node("b", label="B")
    >>> _ = g.add_edge("a", "b"); _ = g.add_edge("b", "a")
    >>> map_text, network_text = vosviewer_texts(g)
    >>> map_text.splitlines()[1].split("\\t")
    ['1', '"Alpha, Inc."', 'pharma', '2', '2']
    >>> network_text
    '1\\t2\\t2\\n'
    """
    index = {node: i for i, node in enumerate(graph, start=1)}
    strength: Counter[tuple[int, int]] = Counter()
    for u, v in graph.edges():
        if u != v:
            i, j = sorted((index[u], index[v]))
            strength[i, j] += 1
    degree = Counter()
    for (i, j), count in strength.items():
        degree[i] += count
        degree[j] += count
    rows = ["\t".join(MAP_COLUMNS)]
    for node, i in index.items():
        attrs = graph.nodes[node]
        rows.append(
            "\t".join(
                [
                    str(i),
                    _cell(str(attrs.get("label", node))),
                    _cell(_description(attrs)),
                    str(_cluster(str(attrs.get("kind", "")))),
                    str(degree[i]),
                ]
            )
        )
    links = [f"{i}\t{j}\t{count}" for (i, j), count in sorted(strength.items())]
    return "".join(r + "\n" for r in rows), "".join(line + "\n" for line in links)


def _description(attrs: dict) -> str:
    parts = [str(attrs.get(n, "") or "") for n in ("kind", "country", "region")]
    return "<br>".join(html.escape(p, quote=False) for p in parts if p)


def _cluster(kind: str) -> int:
    return CLUSTER_KINDS.index(kind) + 1 if kind in CLUSTER_KINDS else len(CLUSTER_KINDS) + 1


def _cell(text: str) -> str:
    text = " ".join(text.split()).replace('"', "'")
    return f'"{text}"' if ("," in text or ";" in text) else text
