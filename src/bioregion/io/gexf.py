"""GEXF 1.3 writer: a NetworkX graph as a file that Gephi and ``networkx.read_gexf`` open.

NetworkX's own GEXF 1.3 output does not validate against the GEXF 1.3 schema (it misspells
the XML Schema instance namespace and puts ``name`` on ``<graph>``), so this small writer
does it: ``<meta>`` (creator, description), one ``<graph>`` with ``defaultedgetype``
``directed`` (directed graphs) or ``undirected``, declared ``<attributes>`` for nodes and
edges, and ``<nodes>``/``<edges>`` always present (the schema requires both).

A node's ``label`` attribute becomes its ``label``; an edge's ``id`` (else its key) its
``id``, ``weight`` its ``weight``, and ``start``/``end`` (ISO dates) its spell, with
``mode="dynamic"`` and ``timeformat="date"`` on the graph when any edge has one. Other
attributes are declared by type: ``bool`` -> ``boolean``, ``int`` -> ``long``, ``float`` ->
``double``, anything else ``string`` (an attribute of mixed types is a string).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: The GEXF 1.3 namespace.
GEXF_NAMESPACE = "http://gexf.net/1.3"
_EDGE_OWN = ("id", "weight", "start", "end")
_TYPES = {bool: "boolean", int: "long", float: "double"}


def write_gexf(graph: nx.Graph, fh: IO[bytes], *, creator: str = "", description: str = "") -> None:
    """Write a graph as GEXF 1.3 (UTF-8) to a binary file.

    Examples
    --------
    >>> import io, networkx as nx
    >>> g, out = nx.MultiDiGraph(), io.BytesIO()
    >>> g.add_node("a", label="Alpha", kind="university"); g.add_node("b")
    >>> _ = g.add_edge("a", "b", key="t1", symmetric=True, start="2001-01-01")
    >>> write_gexf(g, out)
    >>> back = nx.read_gexf(io.BytesIO(out.getvalue()))
    >>> list(back.edges(data="symmetric")), back.nodes["a"]["kind"], back.edges["a", "b"]["id"]
    ([('a', 'b', True)], 'university', 't1')
    """
    root = ET.Element("gexf", {"xmlns": GEXF_NAMESPACE, "version": "1.3"})
    meta = ET.SubElement(root, "meta", lastmodifieddate=dt.date.today().isoformat())
    ET.SubElement(meta, "creator").text = creator or "bioregion"
    if description:
        ET.SubElement(meta, "description").text = description
    edges = list(graph.edges(keys=True, data=True) if graph.is_multigraph() else _keyed(graph))
    dynamic = any(attrs.get("start") or attrs.get("end") for *_, attrs in edges)
    element = ET.SubElement(
        root,
        "graph",
        {"defaultedgetype": "directed" if graph.is_directed() else "undirected"}
        | ({"mode": "dynamic", "timeformat": "date"} if dynamic else {"mode": "static"}),
    )
    node_ids = _declare(element, "node", (a for _n, a in graph.nodes(data=True)), ("label",))
    edge_ids = _declare(element, "edge", (a for *_, a in edges), _EDGE_OWN)
    nodes = ET.SubElement(element, "nodes", count=str(graph.number_of_nodes()))
    for node, attrs in graph.nodes(data=True):
        label = " ".join(str(attrs.get("label", node)).split())
        child = ET.SubElement(nodes, "node", id=str(node), label=label)
        _attvalues(child, attrs, node_ids)
    out = ET.SubElement(element, "edges", count=str(len(edges)))
    for number, (u, v, key, attrs) in enumerate(edges):
        own = {"id": str(attrs.get("id", key if key is not None else number))}
        own |= {"source": str(u), "target": str(v)}
        own |= {n: _text(attrs[n]) for n in _EDGE_OWN[1:] if attrs.get(n) not in (None, "")}
        _attvalues(ET.SubElement(out, "edge", own), attrs, edge_ids)
    ET.indent(root)
    ET.ElementTree(root).write(fh, encoding="utf-8", xml_declaration=True)


def _keyed(graph: nx.Graph) -> Iterable[tuple[Any, Any, None, dict]]:
    return ((u, v, None, attrs) for u, v, attrs in graph.edges(data=True))


def _declare(
    graph: ET.Element, cls: str, rows: Iterable[dict[str, Any]], own: tuple[str, ...]
) -> dict[str, str]:
    """Declare the attributes of nodes or edges; their GEXF ids by name."""
    types: dict[str, str] = {}
    for attrs in rows:
        for name, value in attrs.items():
            if name not in own and value is not None:
                kind = _TYPES.get(type(value), "string")
                types[name] = kind if types.get(name, kind) == kind else "string"
    block = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
    ids = {}
    for number, (name, kind) in enumerate(types.items()):
        ids[name] = f"{cls[0]}{number}"
        ET.SubElement(block, "attribute", id=ids[name], title=name, type=kind)
    return ids


def _attvalues(element: ET.Element, attrs: dict[str, Any], ids: dict[str, str]) -> None:
    values = [(ids[n], _text(v)) for n, v in attrs.items() if n in ids and v is not None]
    if values:
        block = ET.SubElement(element, "attvalues")
        for for_id, text in values:
            ET.SubElement(block, "attvalue", {"for": for_id, "value": text})


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)
