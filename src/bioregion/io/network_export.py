"""Network export: actors and ties to GEXF, GraphML, Pajek, UCINET DL or VOSviewer files.

:func:`network_graph` builds a :class:`networkx.MultiDiGraph` (NetworkX serves only as the
container the writers take) from the selection of
:meth:`bioregion.network.temporal.TemporalNetwork.select`, so an export and
``TemporalNetwork.graph`` with the same filters hold the same actors and ties;
:func:`export_network` writes it. A tie is one edge keyed by its id, from source to target
by the direction conventions (licensor -> licensee, ...). A symmetric tie (R&D
collaboration, ...) keeps its stored order and is marked by the edge attribute
``symmetric``. Actors of the selection without a tie (isolates) are kept by default.

Formats, by file suffix (:data:`NETWORK_FORMATS`, :func:`network_format`):

- ``.gexf``: GEXF 1.3 (:mod:`bioregion.io.gexf`). The graph is declared directed and
  every tie is one directed edge; a symmetric tie carries ``symmetric=true`` (GEXF's
  mixed graphs, with per-edge ``type="undirected"``, are refused by
  ``networkx.read_gexf``). Edges carry their active interval (default duration
  applied) as the spell ``start``/``end``, so Gephi's timeline replays the network; the
  stated dates are then ``start_date``/``end_date``.
- ``.graphml``: GraphML (NetworkX's writer), every attribute kept.
- ``.net``: Pajek; symmetric ties under ``*Edges``, others under ``*Arcs``.
- ``.dl``: UCINET DL, ``edgelist1`` with labels (:mod:`bioregion.io.ucinet`).
- ``.vos``: VOSviewer map and network files ``<name>_map.txt`` and
  ``<name>_network.txt`` (:mod:`bioregion.io.vosviewer`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from bioregion.errors import BioregionError, ExportError
from bioregion.io import gexf, ucinet, vosviewer
from bioregion.io._atomic import atomic_write
from bioregion.model.activity import DEFAULT_DURATION_YEARS, active_interval
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import AMOUNT_FIELDS, Actor, Tie
from bioregion.model.vocab import TieKind, is_symmetric

if TYPE_CHECKING:
    import networkx as nx

    from bioregion.store.store import Store

DateLike = int | str | PartialDate | dt.date
Kinds = Iterable[str] | str | None

#: Network formats by file suffix.
NETWORK_FORMATS: dict[str, str] = {
    ".gexf": "gexf",
    ".graphml": "graphml",
    ".net": "pajek",
    ".dl": "ucinet",
    ".vos": "vosviewer",
}
#: Line end of Pajek files: Pajek's native (Windows) one; Pajek also reads "\n".
PAJEK_NEWLINE = "\r\n"
_TIE_TEXT = ("status", "stage", "therapeutic_area", "technology", "currency")
_TIE_KINDS = frozenset(k.value for k in TieKind)


def network_graph(
    data: Store | Dataset,
    *,
    at: DateLike | None = None,
    window: tuple[DateLike, DateLike] | None = None,
    default_years: float = DEFAULT_DURATION_YEARS,
    tie_kinds: Kinds = None,
    actor_kinds: Kinds = None,
    regions: Kinds = None,
    tags: Kinds = None,
    tie_tags: Kinds = None,
    include_isolates: bool = True,
) -> nx.MultiDiGraph:
    """The network of actors and ties active at a date, over a period, or ever.

    Parameters
    ----------
    data : Store or Dataset
    at : int, str, PartialDate or datetime.date, optional
        Ties active on any day of this date (``2010``, ``"2010-05"``, ...).
    window : (from, to), optional
        Ties active on some day from the first day of ``from`` to the last of ``to``.
        Neither ``at`` nor ``window`` (not both, else ExportError): every tie.
    default_years : float
        How long a tie without an end stays active.
    tie_kinds, actor_kinds, regions, tags, tie_tags : str or iterable of str, optional
        The filters of :meth:`TemporalNetwork.graph
        <bioregion.network.temporal.TemporalNetwork.graph>`: only ties of these kinds /
        whose two actors are of these kinds, in these named regions or NUTS codes, carry
        one of these tags / ties carrying one of these tags.
    include_isolates : bool
        Also the selected actors without a selected tie that exist at some time of
        ``at``/``window`` by their founded/ended dates (default). With False they are
        left out and the graph attribute ``isolates_left_out`` counts them.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: actor ids with label, kind, country, nuts, region, founded, ended, tags.
        Edges keyed by tie id: id, kind, start, end, symmetric, status, stage,
        therapeutic_area, technology, currency, the known amounts, weight; all str,
        float or bool (``""`` if unknown). Graph: name, at, window, default_years,
        created_by, isolates_left_out. A self-tie never becomes an edge.

    Examples
    --------
    >>> from bioregion.model import Actor, Dataset, PartialDate, Tie
    >>> d = Dataset(actors=[Actor("a", "Alpha", "university"), Actor("b", "Beta", "biotech_firm")],
    ...             ties=[Tie("t1", "spin_off", "a", "b", PartialDate(2001))])
    >>> sorted(network_graph(d, at=2003).edges(keys=True))
    [('a', 'b', 't1')]
    >>> g = network_graph(d, at=2003, default_years=1)
    >>> g.number_of_edges(), sorted(g)
    (0, ['a', 'b'])
    """
    actors, ties = (
        (list(data.actors), list(data.ties))
        if isinstance(data, Dataset)
        else (list(data.actors()), list(data.ties()))
    )
    regions_of = _regions({a.nuts for a in actors})
    selection, left_out = _select(
        _network(actors, ties, regions_of, default_years),
        {"at": at, "window": window},
        {
            "tie_kinds": tie_kinds,
            "actor_kinds": actor_kinds,
            "regions": regions,
            "tags": tags,
            "tie_tags": tie_tags,
        },
        include_isolates,
    )
    graph = _empty_graph(at, window, default_years)
    graph.graph["isolates_left_out"] = left_out
    by_id = {a.id: a for a in actors}
    for actor_id in selection.actors["id"]:
        actor = by_id.get(actor_id) or Actor(id=actor_id, name=actor_id, kind="")
        graph.add_node(actor_id, **_node_attrs(actor, regions_of if actor_id in by_id else {}))
    for position in selection.ties.index:
        tie = ties[position]
        graph.add_edge(tie.source, tie.target, key=tie.id, **_edge_attrs(tie))
    return graph


def _network(
    actors: Sequence[Actor], ties: Sequence[Tie], regions: dict[str, str], default_years: float
) -> Any:
    """The TemporalNetwork of some records (ties in record order, as selection index)."""
    import pandas as pd

    from bioregion.network.temporal import TemporalNetwork, actors_frame, ties_frame

    frame = pd.DataFrame(
        {
            "id": [str(a.id) for a in actors],
            "name": [str(a.name) for a in actors],
            "kind": [str(a.kind) for a in actors],
            "country": [str(a.country) for a in actors],
            "nuts": [str(a.nuts) for a in actors],
            "region": [regions.get(a.nuts, "") for a in actors],
            "systems": [tuple(map(str, a.systems)) for a in actors],
            "end_reason": [str(a.end_reason or "") for a in actors],
            "founded": _days(a.founded.first_day if a.founded else None for a in actors),
            "ended": _days(a.ended.last_day if a.ended else None for a in actors),
            "tags": [tuple(map(str, a.tags)) for a in actors],
        }
    )
    try:
        return TemporalNetwork(
            ties_frame(Dataset(ties=list(ties))), actors_frame(frame), default_years=default_years
        )
    except ValueError as exc:  # ArgumentError (duplicate actor ids, ...) and date errors
        raise ExportError(f"cannot build the network: {exc}") from None


def _days(values: Iterable[dt.date | None]) -> Any:
    import numpy as np

    return np.array(list(values), dtype="M8[D]").astype("M8[s]")


def _select(
    net: Any, when: dict[str, Any], filters: dict[str, Kinds], include_isolates: bool
) -> tuple[Any, int]:
    """The selection of a network and the number of isolates it leaves out."""
    try:
        selection = net.select(**when, **filters, include_isolates=include_isolates)
        every = len(net.select(**when, **filters, include_isolates=True).actors)
    except ValueError as exc:  # ArgumentError: unknown kind, unreadable date, ...
        raise ExportError(str(exc)) from None
    return selection, every - len(selection.actors)


def _empty_graph(
    at: DateLike | None, window: tuple[DateLike, DateLike] | None, default_years: float
) -> nx.MultiDiGraph:
    import networkx as nx

    from bioregion._version import __version__

    at_text, window_text = _iso(at), "/".join(map(_iso, window or ()))
    what = f"at {at_text}" if at_text else window_text.replace("/", " to ") or "cumulative"
    return nx.MultiDiGraph(
        name=f"bioregion network {what}",
        at=at_text,
        window=window_text,
        default_years=float(default_years),
        created_by=f"bioregion {__version__}",
    )


def export_network(
    data: Store | Dataset,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """Write the network of :func:`network_graph` to a file of one of the network formats.

    Parameters
    ----------
    data : Store or Dataset
    path : str or path-like
        The file (missing folders are created); written to a temporary file beside it, then
        moved into place, so a failure never leaves a half-written file. UCINET DL and
        VOSviewer write more than one file (see the module text).
    format : {"gexf", "graphml", "pajek", "ucinet", "vosviewer"}, optional
        Default: from the suffix (:data:`NETWORK_FORMATS`).
    **options
        Passed to :func:`network_graph`. Returns the path written (VOSviewer: the map
        file); ExportError for an unknown format, bad options or an OS error.
    """
    target = Path(path)
    fmt = _format(target, format)  # fail on the format before building anything
    return write_network(network_graph(data, **options), target, format=fmt)


def write_network(
    graph: nx.MultiDiGraph, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write a graph made by :func:`network_graph` in one of the network formats, atomically.

    ExportError for a format or suffix that is not one of :data:`NETWORK_FORMATS`.
    """
    import networkx as nx

    target = Path(path)
    fmt = _format(target, format)
    if fmt == "ucinet":
        return ucinet.write_dl(graph, target)
    if fmt == "vosviewer":
        return vosviewer.write_vosviewer(graph, target)
    writers = {
        "gexf": _write_gexf,
        "graphml": lambda g, fh: nx.write_graphml(g, fh),
        "pajek": _write_pajek,
    }
    return atomic_write(target, lambda fh: writers[fmt](graph, fh))


def network_format(path: str | os.PathLike[str], format: str | None = None) -> str | None:
    """The network format of an export: ``format`` if given, else by the path's suffix.

    Returns None when no format is given and the suffix is not a network one (a table
    export, say); an unknown ``format`` is an ExportError listing the formats.

    >>> network_format("out/belgium.gexf"), network_format("out/belgium.dot")
    ('gexf', None)
    >>> network_format("out/net.txt", format="Pajek")
    'pajek'
    """
    if format is None:
        return NETWORK_FORMATS.get(Path(path).suffix.lower())
    if format.lower() not in NETWORK_FORMATS.values():
        raise ExportError(f"unknown network format {format!r}; formats: {_known()}")
    return format.lower()


def _known() -> str:
    return ", ".join(f"{name} ({suffix})" for suffix, name in NETWORK_FORMATS.items())


def _format(target: Path, format: str | None) -> str:
    fmt = network_format(target, format)
    if fmt is None:
        raise ExportError(
            f"unknown network suffix of {target.name!r}; formats: {_known()} (or pass format=)"
        )
    return fmt


def write_pajek(graph: nx.Graph, path: str | os.PathLike[str]) -> Path:
    """Write a graph as a Pajek ``.net`` file (UTF-8, ``"\\r\\n"`` line ends), atomically.

    ``*Vertices n``; ``i "label"`` per node (1-based; ``label`` attribute or the node;
    ``"`` becomes ``'``, line breaks spaces: Pajek has no escapes); ``*Arcs`` (directed
    edges) and ``*Edges`` (``symmetric`` true, or an undirected graph) with ``i j weight``
    per edge, parallel edges kept; empty sections left out.
    """
    return atomic_write(Path(path), lambda fh: _write_pajek(graph, fh))


def _write_pajek(graph: nx.Graph, fh: IO[bytes]) -> None:
    """Write the Pajek text of a graph (see :func:`write_pajek`) to a binary file.

    >>> import io, networkx as nx
    >>> g, out = nx.MultiDiGraph(), io.BytesIO()
    >>> g.add_node("a", label='Lab "X"'); g.add_node("b", label="Université")
    >>> _ = g.add_edge("a", "b", symmetric=True, weight=1.0)
    >>> _write_pajek(g, out); out.getvalue().decode("utf-8").split(PAJEK_NEWLINE)
    ['*Vertices 2', '1 "Lab \\'X\\'"', '2 "Université"', '*Edges', '1 2 1', '']
    """
    index = {node: i for i, node in enumerate(graph, start=1)}
    lines = [f"*Vertices {len(index)}"]
    for node, i in index.items():
        label = " ".join(str(graph.nodes[node].get("label", node)).splitlines())
        lines.append(f'{i} "{label.replace(chr(34), chr(39))}"')
    sections: dict[str, list[str]] = {"*Arcs": [], "*Edges": []}
    for u, v, attrs in graph.edges(data=True):
        undirected = bool(attrs.get("symmetric", False)) or not graph.is_directed()
        line = f"{index[u]} {index[v]} {float(attrs.get('weight', 1.0)):.15g}"
        sections["*Edges" if undirected else "*Arcs"].append(line)
    for header, section in sections.items():
        lines += [header, *section] if section else []
    fh.write("".join(line + PAJEK_NEWLINE for line in lines).encode("utf-8"))


def _write_gexf(graph: nx.MultiDiGraph, fh: IO[bytes]) -> None:
    """GEXF 1.3 of an export graph: the active interval as spell, stated dates kept."""
    out = graph.copy()
    years = float(graph.graph.get("default_years", DEFAULT_DURATION_YEARS))
    for u, v, attrs in out.edges(data=True):
        start, end = str(attrs.pop("start", "")), str(attrs.pop("end", ""))
        attrs["start_date"], attrs["end_date"] = start, end
        if start:  # the active interval, as a GEXF spell (timeformat "date")
            tie = Tie(
                id="",
                kind="",
                source=u,
                target=v,
                start=PartialDate.parse(start),
                end=PartialDate.parse(end) if end else None,
            )
            attrs["start"], attrs["end"] = (d.isoformat() for d in active_interval(tie, years))
    info = graph.graph
    description = "; ".join(
        f"{name}: {info[name]}"
        for name in ("name", "at", "window", "default_years", "isolates_left_out")
        if info.get(name) not in (None, "")
    )
    gexf.write_gexf(
        out, fh, creator=str(info.get("created_by", "bioregion")), description=description
    )


def _iso(value: DateLike | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int | str):
        value = PartialDate.parse(str(value))
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _regions(codes: set[str]) -> dict[str, str]:
    """NUTS code -> named region key ("flanders"); empty without the regions module."""
    try:
        from bioregion.regions import region_of
    except ImportError:
        return {}
    found: dict[str, str] = {}
    for code in codes - {""}:
        with contextlib.suppress(BioregionError, ValueError, KeyError):
            found[code] = str(getattr(region_of(code), "key", "") or "")
    return found


def _node_attrs(actor: Actor, regions: dict[str, str]) -> dict[str, str]:
    return {
        "label": str(actor.name),
        "kind": str(actor.kind),
        "country": str(actor.country),
        "nuts": str(actor.nuts),
        "region": regions.get(actor.nuts, ""),
        "founded": _iso(actor.founded),
        "ended": _iso(actor.ended),
        "tags": ";".join(map(str, actor.tags)),
    }


def _edge_attrs(tie: Tie) -> dict[str, str | float | bool]:
    symmetric = str(tie.kind) in _TIE_KINDS and is_symmetric(tie.kind)  # Dataset: unvalidated
    attrs: dict[str, str | float | bool] = {
        "id": str(tie.id),
        "kind": str(tie.kind),
        "start": _iso(tie.start),
        "end": _iso(tie.end),
        "symmetric": symmetric,
    }
    attrs.update({name: str(getattr(tie, name) or "") for name in _TIE_TEXT})
    amounts = {name: getattr(tie, name) for name in AMOUNT_FIELDS}
    attrs.update({name: float(value) for name, value in amounts.items() if value is not None})
    attrs["weight"] = 1.0
    return attrs
