"""GEXF 1.3 writer: a network as a file that Gephi and ``networkx.read_gexf`` open.

NetworkX's own GEXF 1.3 output does not validate against the GEXF 1.3 schema (it misspells
the XML Schema instance namespace and puts ``name`` on ``<graph>``), so this small writer
does it: ``<meta>`` (creator, description), one ``<graph>`` with ``defaultedgetype``
``directed`` (directed graphs) or ``undirected``, declared ``<attributes>`` for nodes and
edges, and ``<nodes>``/``<edges>`` always present (the schema requires both).

Two entry points write the same document: :func:`write_gexf` takes a NetworkX graph,
:func:`write_gexf_frames` a nodes and an edges :class:`pandas.DataFrame` (the export of a
store: values are turned into text column by column, not element by element, so a
million edges take seconds). The text is built directly (two-space indentation, attribute
values escaped as :mod:`xml.etree.ElementTree` escapes them), not through an element
tree.

A node's ``label`` becomes its ``label``; an edge's ``id`` (else its key or number) its
``id``, ``weight`` its ``weight``, and ``start``/``end`` (ISO dates) its spell, with
``mode="dynamic"`` and ``timeformat="date"`` on the graph when any edge has one. Other
attributes are declared by type: ``bool`` -> ``boolean``, ``int`` -> ``long``, ``float`` ->
``double``, anything else ``string`` (an attribute of mixed types is a string), in the
order they first occur (node by node or edge by edge, then in attribute order).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import chain, repeat, starmap
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import pandas as pd

#: The GEXF 1.3 namespace.
GEXF_NAMESPACE = "http://gexf.net/1.3"
_EDGE_OWN = ("id", "weight", "start", "end")
_TYPES = {bool: "boolean", int: "long", float: "double"}
#: Rows turned into text at a time (bounds the memory of a large export).
CHUNK_ROWS = 20_000
_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)
_SPECIAL = tuple(c for c, _ in _ESCAPES)
#: One attribute of nodes or edges: (GEXF id, title, type, codes, texts): each element's
#: value is ``texts[code]`` (escaped), none where the code is -1. Lists of them are in the
#: order the values are written in each element; the ids number the attributes in the
#: order they are declared.
Attribute = tuple[str, str, str, "np.ndarray", list[str]]


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
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True) if graph.is_multigraph() else _keyed(graph))
    node_open = [
        f'<node id="{escape(str(n))}" label="{escape(" ".join(str(a.get("label", n)).split()))}"'
        for n, a in nodes
    ]
    edge_open = []
    for number, (u, v, key, attrs) in enumerate(edges):
        own = {"id": str(attrs.get("id", key if key is not None else number))}
        own |= {"source": str(u), "target": str(v)}
        own |= {n: _text(attrs[n]) for n in _EDGE_OWN[1:] if attrs.get(n) not in (None, "")}
        edge_open.append("<edge" + "".join(f' {k}="{escape(t)}"' for k, t in own.items()))
    _write_document(
        fh,
        directed=graph.is_directed(),
        dynamic=any(attrs.get("start") or attrs.get("end") for *_, attrs in edges),
        meta=(creator, description),
        nodes=(node_open, _graph_attributes("node", [a for _n, a in nodes], ("label",))),
        edges=(edge_open, _graph_attributes("edge", [a for *_, a in edges], _EDGE_OWN)),
    )


def write_gexf_frames(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    fh: IO[bytes],
    *,
    directed: bool = True,
    creator: str = "",
    description: str = "",
) -> None:
    """Write a network given as a nodes and an edges frame as GEXF 1.3 (UTF-8).

    The document is the one :func:`write_gexf` writes for a graph whose nodes and edges
    carry these columns as attributes, but built column by column.

    Parameters
    ----------
    nodes : pandas.DataFrame
        ``id``, optionally ``label`` (default: the id), and one column per attribute.
    edges : pandas.DataFrame
        ``source`` and ``target`` (node ids), optionally ``id`` (default: the row number),
        ``weight``, ``start`` and ``end`` (ISO dates: the spell), and one column per
        attribute, in the order the edges are to be written.
    fh : binary file
    directed : bool
        ``defaultedgetype`` of the graph.
    creator, description : str
        The ``<meta>`` texts.

    Notes
    -----
    An attribute's type follows its column's dtype (bool -> ``boolean``, integer ->
    ``long``, float -> ``double``, else ``string``); a missing value (``None``, ``NaN``,
    ``NA``) gives no ``attvalue``, and an attribute without any value is not declared.

    Examples
    --------
    >>> import io, networkx as nx, pandas as pd
    >>> out = io.BytesIO()
    >>> nodes = pd.DataFrame({"id": ["a", "b"], "kind": ["university", "pharma"]})
    >>> edges = pd.DataFrame({"source": ["a"], "target": ["b"], "value": [2.5]})
    >>> write_gexf_frames(nodes, edges, out)
    >>> back = nx.read_gexf(io.BytesIO(out.getvalue()))
    >>> back.nodes["b"]["kind"], back.edges["a", "b"]["value"]
    ('pharma', 2.5)
    """
    node_ids = _column_texts(nodes["id"])
    labels = _column_texts(nodes["label"], escaped=False) if "label" in nodes else None
    if labels is not None:
        labels = _escaped([" ".join(str(label).split()) for label in labels])
    node_open = [
        f'<node id="{i}" label="{label}"'
        for i, label in zip(node_ids, labels if labels is not None else node_ids, strict=True)
    ]
    own = {"id", "source", "target", "weight", "start", "end"}
    template, columns, dynamic = "<edge", [], False
    for name in ("id", "source", "target", "weight", "start", "end"):
        if name in edges:
            texts = _column_texts(edges[name])
        elif name == "id":
            texts = [str(i) for i in range(len(edges))]
        else:
            continue
        if name in ("id", "source", "target") or all(texts):  # one format for every edge
            template += f' {name}="{{}}"'
        else:  # weight, start or end: left out where empty
            template += "{}"
            texts = [f' {name}="{t}"' if t else "" for t in texts]
        columns.append(texts)
        dynamic |= name in ("start", "end") and any(texts)
    edge_open = list(starmap(template.format, zip(*columns, strict=True)))
    _write_document(
        fh,
        directed=directed,
        dynamic=dynamic,
        meta=(creator, description),
        nodes=(node_open, _frame_attributes("node", nodes, {"id", "label"})),
        edges=(edge_open, _frame_attributes("edge", edges, own)),
    )


# -- attributes ----------------------------------------------------------------------------
def _keyed(graph: nx.Graph) -> Iterable[tuple[Any, Any, None, dict]]:
    return ((u, v, None, attrs) for u, v, attrs in graph.edges(data=True))


def _graph_attributes(
    cls: str, rows: Sequence[dict[str, Any]], own: tuple[str, ...]
) -> list[Attribute]:
    """The attributes of a graph's nodes or edges, typed by their values (see the module).

    Declared in the order they first occur; written in each element in an order that
    keeps every element's own attribute order where the elements agree (as the export's
    graphs do), so that each element lists its values as its attribute dict does.
    """
    import numpy as np

    types: dict[str, str] = {}
    for attrs in rows:
        for name, value in attrs.items():
            if name not in own and value is not None:
                kind = _TYPES.get(type(value), "string")
                types[name] = kind if types.get(name, kind) == kind else "string"
    number = {name: i for i, name in enumerate(types)}
    found = []
    for name in _merged_order(rows):
        if name not in number:
            continue
        texts = np.empty(len(rows), dtype=object)
        texts[:] = [None if a.get(name) is None else _text(a[name]) for a in rows]
        codes, uniques = _factorize(texts)
        found.append((f"{cls[0]}{number[name]}", name, types[name], codes, uniques))
    return found


def _merged_order(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Attribute names in one order that keeps the order of names within each row (where
    the rows agree): a name first seen goes right after the name before it in its row."""
    order: list[str] = []
    seen_rows: set[tuple[str, ...]] = set()
    for attrs in rows:
        names = tuple(attrs)
        if names in seen_rows:
            continue
        seen_rows.add(names)
        before = -1
        for name in names:
            if name not in order:
                order.insert(before + 1, name)
            before = order.index(name)
    return order


def _frame_attributes(cls: str, frame: pd.DataFrame, own: set[str]) -> list[Attribute]:
    """The attributes of a nodes or edges frame, typed by dtype: written in column order,
    declared in the order of their first value (row by row, then column by column)."""
    import numpy as np
    import pandas as pd

    columns = []
    for position, name in enumerate(c for c in frame.columns if c not in own):
        column = frame[name]
        if pd.api.types.is_bool_dtype(column.dtype):
            kind = "boolean"
        elif pd.api.types.is_integer_dtype(column.dtype):
            kind = "long"
        elif pd.api.types.is_float_dtype(column.dtype):
            kind = "double"
        else:
            kind = "string"
        codes, texts = _column_codes(column)
        present = np.flatnonzero(codes >= 0)
        if len(present):
            columns.append(((int(present[0]), position), str(name), kind, codes, texts))
    declared = sorted(range(len(columns)), key=lambda i: columns[i][0])
    number = {column: rank for rank, column in enumerate(declared)}
    return [
        (f"{cls[0]}{number[i]}", name, kind, codes, texts)
        for i, (_, name, kind, codes, texts) in enumerate(columns)
    ]


def _column_codes(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """A column as codes (-1 where missing) into the texts of its distinct values."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_bool_dtype(column.dtype) and not column.hasnans:
        return column.to_numpy(bool).astype(np.int64), ["false", "true"]
    if pd.api.types.is_float_dtype(column.dtype):
        codes, uniques = pd.factorize(column.to_numpy(float))
        return codes, [repr(float(u)) for u in uniques.tolist()]
    if pd.api.types.is_integer_dtype(column.dtype):
        codes, uniques = pd.factorize(column.to_numpy(np.int64))
        return codes, [str(int(u)) for u in uniques.tolist()]
    if pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
        codes, uniques = pd.factorize(column.to_numpy(object))  # str: text already
        return codes, uniques.tolist()
    values = column.to_numpy(object)  # anything: as text first (1, 1.0 and True differ)
    missing = pd.isna(values)
    texts = np.empty(len(values), dtype=object)
    texts[:] = [None if m else _text(v) for v, m in zip(values.tolist(), missing, strict=True)]
    return _factorize(texts)


def _factorize(texts: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Codes (-1 for None) into the distinct texts of an object array of text or None."""
    import pandas as pd

    codes, uniques = pd.factorize(texts)
    return codes, [str(u) for u in uniques.tolist()]


def _column_texts(column: pd.Series, escaped: bool = True) -> list[str]:
    """A column as one (escaped) text per row, ``""`` where missing."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
        texts = column.to_numpy(object)  # text already: no need to find distinct values
        missing = texts != texts  # NA (NaN) is the only value unequal to itself
        if missing.any():
            texts = np.where(missing, "", texts)
        found = texts.tolist()
        return _escaped(found) if escaped else found
    codes, uniques = _column_codes(column)
    table = np.array([*(_escaped(uniques) if escaped else uniques), ""], dtype=object)
    return table[codes].tolist()  # code -1 takes the last entry


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


# -- text ----------------------------------------------------------------------------------
def escape(text: str) -> str:
    """Text as an XML attribute value (``&``, ``<``, ``>``, ``"``, CR, LF and tab escaped,
    as :mod:`xml.etree.ElementTree` escapes them).

    >>> escape('Lab "A" & <Co>')
    'Lab &quot;A&quot; &amp; &lt;Co&gt;'
    """
    for char, entity in _ESCAPES:
        if char in text:
            text = text.replace(char, entity)
    return text


def _escape_text(text: str) -> str:
    """Text as XML character data (``&``, ``<`` and ``>`` escaped)."""
    for char, entity in _ESCAPES[:3]:
        text = text.replace(char, entity)
    return text


def _escaped(texts: list[str]) -> list[str]:
    """Escaped texts (see :func:`escape`)."""
    joined = "".join(texts)
    if not any(char in joined for char in _SPECIAL):
        return texts  # the common case: nothing to escape, checked in one pass
    return [escape(t) for t in texts]


def _elements(fh: IO[bytes], tag: str, opening: list[str], attributes: list[Attribute]) -> None:
    """Write the ``<node>`` or ``<edge>`` elements, a chunk of rows at a time."""
    import numpy as np

    indent = " " * 6
    close = f"{indent}</{tag}>\n"
    tables = [
        np.array(
            [f'{indent}    <attvalue for="{gexf_id}" value="{t}" />\n' for t in _escaped(texts)]
            + [""],
            dtype=object,
        )
        for gexf_id, _title, _kind, _codes, texts in attributes
    ]
    valued = np.zeros(len(opening), dtype=bool)  # rows with at least one value
    for attribute in attributes:
        valued |= attribute[3] >= 0
    middle, end = f">\n{indent}  <attvalues>\n", f"{indent}  </attvalues>\n{close}"
    for first in range(0, len(opening), CHUNK_ROWS):
        rows = slice(first, first + CHUNK_ROWS)
        lines = [table[a[3][rows]] for table, a in zip(tables, attributes, strict=True)]
        heads = opening[rows]
        if valued[rows].all():  # the common case: every element has values, one join
            pieces = zip(repeat(indent), heads, repeat(middle), *lines, repeat(end))
            text = "".join(chain.from_iterable(pieces))
        else:
            bodies = map("".join, zip(*lines, strict=True)) if lines else repeat("")
            text = "".join(
                f"{indent}{head}{middle}{body}{end}" if body else f"{indent}{head} />\n"
                for head, body in zip(heads, bodies, strict=False)  # bodies may repeat
            )
        fh.write(text.encode("utf-8"))


def _section(fh: IO[bytes], tag: str, rows: tuple[list[str], list[Attribute]]) -> None:
    opening, _ = rows
    if not opening:
        fh.write(f'    <{tag}s count="0" />\n'.encode())
        return
    fh.write(f'    <{tag}s count="{len(opening)}">\n'.encode())
    _elements(fh, tag, opening, rows[1])
    fh.write(f"    </{tag}s>\n".encode())


def _declarations(cls: str, attributes: list[Attribute]) -> str:
    head = f'    <attributes class="{cls}" mode="static"'
    if not attributes:
        return head + " />\n"
    lines = [
        f'      <attribute id="{gexf_id}" title="{escape(title)}" type="{kind}" />\n'
        for gexf_id, title, kind, *_ in sorted(attributes, key=lambda a: int(a[0][1:]))
    ]
    return head + ">\n" + "".join(lines) + "    </attributes>\n"


def _write_document(
    fh: IO[bytes],
    *,
    directed: bool,
    dynamic: bool,
    meta: tuple[str, str],
    nodes: tuple[list[str], list[Attribute]],
    edges: tuple[list[str], list[Attribute]],
) -> None:
    """Write the whole document: header, declarations, nodes, edges."""
    creator, description = meta
    mode = 'mode="dynamic" timeformat="date"' if dynamic else 'mode="static"'
    head = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.3">\n',
        f'  <meta lastmodifieddate="{dt.date.today().isoformat()}">\n',
        f"    <creator>{_escape_text(creator or 'bioregion')}</creator>\n",
        f"    <description>{_escape_text(description)}</description>\n" if description else "",
        "  </meta>\n",
        f'  <graph defaultedgetype="{"directed" if directed else "undirected"}" {mode}>\n',
        _declarations("node", nodes[1]),
        _declarations("edge", edges[1]),
    ]
    fh.write("".join(head).encode("utf-8"))
    _section(fh, "node", nodes)
    _section(fh, "edge", edges)
    fh.write(b"  </graph>\n</gexf>")
