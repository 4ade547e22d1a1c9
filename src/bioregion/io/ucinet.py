"""UCINET DL writer: a network as DL files in the ``edgelist1`` format with labels.

Layout (UCINET's DL language, http://analytictech.com/ucinet/help/hs5000.htm, and its
``edgelist1`` format, http://www.analytictech.com/ucinet/help/13.xsv.htm)::

    dl n=3
    format = edgelist1
    labels:
    "KU Leuven"
    "TiGenix"
    "UCB"
    data:
    1 2 2
    2 3 1
    3 2 1

``n`` counts every node, so actors without ties (isolates) stay in the matrix. The labels
are listed once, one per line in double quotes (UCINET separates labels by spaces, commas
or line ends unless quoted; a ``"`` in a name becomes ``'``, a line break a space), and
each data line is ``row column value`` by label number (1-based, in label order). Numbers
rather than embedded labels keep two actors apart even where UCINET shortens or
upper-cases long labels. The value of ``i j`` is the number of ties from ``i`` to ``j``
(sum of the edges' ``weight``); a tie marked ``symmetric`` counts both ways, so the DL
matrix is the directed adjacency matrix with symmetric ties on both sides.

One relation per file: :func:`write_dl` writes ``name.dl`` with every tie and, when the
ties have more than one kind, one ``name_<kind>.dl`` per kind beside it, all with the same
labels in the same order so UCINET can stack them as relations of one dataset.
Files are UTF-8 with Windows line ends (``"\\r\\n"``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from bioregion.io._atomic import atomic_write

if TYPE_CHECKING:
    import networkx as nx

#: Line end of DL files (UCINET runs on Windows).
DL_NEWLINE = "\r\n"


def write_dl(graph: nx.Graph, path: str | Path) -> Path:
    """Write a graph as UCINET DL files (see the module text), each atomically.

    Returns the path of the file with every tie; the per-kind files sit beside it as
    :func:`dl_paths` names them.
    """
    target = Path(path)
    texts = {target: dl_text(graph)}  # every text first: an error then writes nothing
    texts |= {
        kind_path: dl_text(graph, kind) for kind, kind_path in dl_paths(graph, target).items()
    }
    for file, text in texts.items():
        atomic_write(file, lambda fh, t=text: fh.write(t.encode("utf-8")))
    return target


def dl_paths(graph: nx.Graph, path: Path) -> dict[str, Path]:
    """The per-kind DL files of a graph by tie kind (none when it has fewer than two)."""
    return dl_kind_paths((kind for *_e, kind in graph.edges(data="kind")), path)


def dl_kind_paths(kinds: Iterable[str | None], path: Path) -> dict[str, Path]:
    """The per-kind DL files of ties of these kinds (none when there are fewer than two).

    >>> dl_kind_paths(["licence", "grant", "licence"], Path("out/n.dl"))["grant"].name
    'n_grant.dl'
    """
    found = sorted({str(kind or "") for kind in kinds})
    if len(found) < 2:
        return {}
    return {k: path.with_name(f"{path.stem}_{k or 'unknown'}{path.suffix}") for k in found}


def dl_text(graph: nx.Graph, kind: str | None = None) -> str:
    """The DL text of a graph (only its edges of ``kind`` when given).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", label='Lab "A"'); g.add_node("b", label="B"); g.add_node("c")
    >>> _ = g.add_edge("a", "b", kind="licence", weight=1.0)
    >>> _ = g.add_edge("a", "b", kind="rd_collaboration", symmetric=True, weight=1.0)
    >>> print(dl_text(g).replace(DL_NEWLINE, "|"))
    dl n=3|format = edgelist1|labels:|"Lab 'A'"|"B"|"c"|data:|1 2 2|2 1 1|
    """
    index = {node: i for i, node in enumerate(graph, start=1)}
    values: Counter[tuple[int, int]] = Counter()
    for u, v, attrs in graph.edges(data=True):
        if kind is not None and str(attrs.get("kind") or "") != kind:
            continue
        weight = float(attrs.get("weight", 1.0))
        values[index[u], index[v]] += weight
        if attrs.get("symmetric") or not graph.is_directed():
            values[index[v], index[u]] += weight
    lines = [f"dl n={len(index)}", "format = edgelist1", "labels:"]
    for node in index:
        label = " ".join(str(graph.nodes[node].get("label", node)).split())
        lines.append(f'"{label.replace(chr(34), chr(39))}"')
    lines.append("data:")
    lines += [f"{i} {j} {value:.15g}" for (i, j), value in sorted(values.items())]
    return "".join(line + DL_NEWLINE for line in lines)
