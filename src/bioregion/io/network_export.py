"""Network export: actors and ties to GEXF, GraphML, Pajek, UCINET DL or VOSviewer files.

:func:`network_graph` builds a :class:`networkx.MultiDiGraph` (NetworkX serves only as the
container the writers take) from the selection of
:meth:`bioregion.network.temporal.TemporalNetwork.select`, so an export and
``TemporalNetwork.graph`` with the same filters hold the same actors and ties;
:func:`export_network` writes it. A tie is one edge keyed by its id, from source to target
by the direction conventions (licensor -> licensee, ...). A symmetric tie (R&D
collaboration, ...) keeps its stored order and is marked by the edge attribute
``symmetric``. Actors of the selection without a tie (isolates) are kept by default.

The network is built column-wise (:func:`network_table`: one query per table of a store,
no record objects, vectorised selection); the GEXF writer takes its frames as they are,
the other formats its NetworkX graph (:meth:`NetworkTable.graph`).

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

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from bioregion.errors import ExportError
from bioregion.io import gexf, ucinet, vosviewer
from bioregion.io._atomic import atomic_write
from bioregion.model.activity import DEFAULT_DURATION_YEARS, active_interval
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import AMOUNT_FIELDS, Tie
from bioregion.model.vocab import TieKind

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import pandas as pd

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
#: Node attributes of the export, in order (``label`` is the actor's name).
NODE_ATTRIBUTES = ("label", "kind", "country", "nuts", "region", "founded", "ended", "tags")
#: Edge attributes of the export, in order (amounts only where known).
EDGE_ATTRIBUTES = ("id", "kind", "start", "end", "symmetric", *_TIE_TEXT, *AMOUNT_FIELDS, "weight")
#: Store columns read besides those of the network frames: the stated dates and amounts.
_STATED = {
    "ties": ("start", "start_precision", "end", "end_precision", *AMOUNT_FIELDS),
    "actors": ("founded", "founded_precision", "ended", "ended_precision"),
}


@dataclass(frozen=True)
class NetworkTable:
    """The network of an export as two frames: what :func:`network_graph` holds, by column.

    Attributes
    ----------
    nodes : pandas.DataFrame
        One row per actor, in vertex order: ``id`` and :data:`NODE_ATTRIBUTES` (all str).
    edges : pandas.DataFrame
        One row per tie, in the order ties are added to the graph (a store's ties by start
        date, then id): ``source``, ``target``, :data:`EDGE_ATTRIBUTES` (amounts as float,
        ``NaN`` where unknown; ``symmetric`` bool; ``weight`` 1.0; the rest str), and the
        active interval ``active_from``/``active_to`` (ISO days, ``""`` without a start).
    info : dict
        The graph attributes: name, at, window, default_years, created_by,
        isolates_left_out.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    info: dict[str, Any]

    def graph(self) -> nx.MultiDiGraph:
        """The :class:`networkx.MultiDiGraph` of :func:`network_graph`."""
        import networkx as nx

        graph = nx.MultiDiGraph(**self.info)
        nodes = self.nodes
        columns = [nodes[c].tolist() for c in NODE_ATTRIBUTES]
        graph.add_nodes_from(
            (node, dict(zip(NODE_ATTRIBUTES, values, strict=True)))
            for node, *values in zip(nodes["id"].tolist(), *columns, strict=True)
        )
        edges = self.edges
        text = [c for c in EDGE_ATTRIBUTES if c not in AMOUNT_FIELDS and c != "weight"]
        amounts = [[None if v != v else v for v in edges[c].tolist()] for c in AMOUNT_FIELDS]
        texts = [edges[c].tolist() for c in ("source", "target", *text)]
        rows = zip(*texts, *amounts, strict=True)
        width = 2 + len(text)
        graph.add_edges_from(
            (row[0], row[1], row[2], _edge_dict(text, row[2:width], row[width:])) for row in rows
        )
        return graph


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
    return network_table(
        data,
        at=at,
        window=window,
        default_years=default_years,
        tie_kinds=tie_kinds,
        actor_kinds=actor_kinds,
        regions=regions,
        tags=tags,
        tie_tags=tie_tags,
        include_isolates=include_isolates,
    ).graph()


def network_table(
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
) -> NetworkTable:
    """The network of :func:`network_graph` (same parameters) as a :class:`NetworkTable`.

    Read column-wise: a store's actors and ties with one query each, no record objects;
    the selection is the vectorised one of
    :meth:`bioregion.network.temporal.TemporalNetwork.select`.

    >>> from bioregion.model import Actor, Dataset, PartialDate, Tie
    >>> d = Dataset(actors=[Actor("a", "Alpha", "university"), Actor("b", "Beta", "biotech_firm")],
    ...             ties=[Tie("t1", "spin_off", "a", "b", PartialDate(2001))])
    >>> table = network_table(d, at=2003)
    >>> table.nodes["label"].tolist(), table.edges[["id", "start", "active_to"]].values.tolist()
    (['Alpha', 'Beta'], [['t1', '2001', '2005-12-31']])
    """
    ties, actors, stated = _frames(data)
    net = _network(ties, actors, default_years)
    selection, left_out = _select(
        net,
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
    info = _graph_info(at, window, default_years) | {"isolates_left_out": left_out}
    nodes = _nodes(selection.actors, stated["actors"])
    edges = _edges(selection.ties, stated["ties"], float(default_years))
    return NetworkTable(nodes=nodes, edges=edges, info=info)


class _StoreFrames:
    """A store's frames, each read with one query: the columns the network frames ask for
    plus the stated dates and amounts (:data:`_STATED`), kept for the export's attributes."""

    def __init__(self, store: Store):
        self.store = store
        self.read: dict[str, pd.DataFrame] = {}

    def frame(
        self, name: str, columns: Sequence[str] | None = None, *, text: str = "str"
    ) -> pd.DataFrame:
        wanted = list(dict.fromkeys([*(columns or ()), *_STATED.get(name, ())]))
        known = self.read.get(name)
        if known is None or columns is None or not set(wanted) <= set(known.columns):
            known = self.store.frame(name, None if columns is None else wanted, text=text)
            self.read[name] = known
        return known if columns is None else known.loc[:, list(columns)]


def _frames(data: Store | Dataset) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The ties and actors frames of the network and the texts of the stated dates.

    A store's ties come ordered by start date, then id (the order of ``Store.ties``).
    """
    import numpy as np

    from bioregion.network import actors_frame, ties_frame

    if isinstance(data, Dataset):
        ties, actors = ties_frame(data), actors_frame(data)
        stated = {
            "ties": {
                "start": [_iso(t.start) for t in data.ties],
                "end": [_iso(t.end) for t in data.ties],
            }
            | {n: _floats(getattr(t, n) for t in data.ties) for n in AMOUNT_FIELDS},
            "actors": {
                "founded": [_iso(a.founded) for a in data.actors],
                "ended": [_iso(a.ended) for a in data.actors],
            },
        }
        return ties, actors, stated
    frames = _StoreFrames(data)
    ties, actors = ties_frame(frames), actors_frame(frames)
    order = np.argsort(ties["start"].to_numpy(), kind="stable")  # ties come in id order
    raw = frames.read["ties"].loc[:, list(_STATED["ties"])].iloc[order]
    people = frames.read["actors"]
    stated = {
        "ties": {n: _stated(raw, n) for n in ("start", "end")}
        | {n: raw[n].to_numpy(float) for n in AMOUNT_FIELDS},
        "actors": {n: _stated(people, n) for n in ("founded", "ended")},
    }
    return ties.iloc[order].reset_index(drop=True), actors, stated


def _floats(values: Iterable[float | None]) -> np.ndarray:
    import numpy as np

    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _stated(frame: pd.DataFrame, field: str) -> list[str]:
    """A date field of a store frame as stated: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    import numpy as np

    days = frame[field].to_numpy("M8[D]")
    width = {"year": 4, "month": 7}
    precision = np.array([width.get(p, 10) for p in frame[f"{field}_precision"].tolist()])
    unknown = np.isnat(days)
    key = np.where(unknown, -1, days.astype(np.int64) * 16 + precision)
    keys, inverse = np.unique(key, return_inverse=True)  # each distinct date written once
    texts = np.datetime_as_string((keys // 16).astype("M8[D]"), unit="D").astype(object)
    stated = np.array([t[:w] for t, w in zip(texts, (keys % 16).tolist(), strict=True)])
    stated = stated.astype(object)
    stated[keys == -1] = ""
    return stated[inverse.reshape(-1)].tolist()


def _network(ties: pd.DataFrame, actors: pd.DataFrame, default_years: float) -> Any:
    """The TemporalNetwork of the frames (ties in their order, as selection index)."""
    from bioregion.network.temporal import TemporalNetwork

    try:
        return TemporalNetwork(ties, actors, default_years=default_years)
    except ValueError as exc:  # ArgumentError (duplicate actor ids, ...) and date errors
        raise ExportError(f"cannot build the network: {exc}") from None


def _select(
    net: Any, when: dict[str, Any], filters: dict[str, Kinds], include_isolates: bool
) -> tuple[Any, int]:
    """The selection of a network and the number of isolates it leaves out."""
    try:
        selection = net.select(**when, **filters, include_isolates=include_isolates)
        every = (
            len(selection.actors)
            if include_isolates
            else len(net.select(**when, **filters, include_isolates=True).actors)
        )
    except ValueError as exc:  # ArgumentError: unknown kind, unreadable date, ...
        raise ExportError(str(exc)) from None
    return selection, every - len(selection.actors)


def _nodes(actors: pd.DataFrame, stated: dict[str, Any]) -> pd.DataFrame:
    """The nodes frame of a selection of the network's actors (see :class:`NetworkTable`).

    Actors the network added for tie ends without a record (rows after the stated ones)
    have no dates.
    """
    import pandas as pd

    positions = actors.index.to_numpy()
    dates = {
        name: [values[i] if i < len(values) else "" for i in positions.tolist()]
        for name, values in stated.items()
    }
    columns = {
        "id": actors["id"],
        "label": actors["name"],
        "kind": actors["kind"],
        "country": actors["country"],
        "nuts": actors["nuts"],
        "region": actors["region"],
        "founded": dates["founded"],
        "ended": dates["ended"],
        "tags": [";".join(map(str, t)) for t in actors["tags"]],
    }
    return pd.DataFrame({n: list(map(str, v)) for n, v in columns.items()}).astype("str")


def _edges(ties: pd.DataFrame, stated: dict[str, Any], default_years: float) -> pd.DataFrame:
    """The edges frame of a selection of the network's ties (see :class:`NetworkTable`)."""
    import numpy as np
    import pandas as pd

    rows = ties.index.to_numpy()
    first = ties["start"].to_numpy("M8[D]")
    last = ties["end"].to_numpy("M8[D]")
    default = first + np.timedelta64(round(365.2425 * default_years), "D") - np.timedelta64(1, "D")
    last = np.where(np.isnat(last), default, last)
    columns: dict[str, Any] = {n: _text(ties[n]) for n in ("source", "target", "id", "kind")}
    columns |= {n: _text(np.asarray(stated[n], dtype=object)[rows]) for n in ("start", "end")}
    columns["symmetric"] = ties["symmetric"].to_numpy(bool)
    columns |= {n: _text(ties[n]) for n in _TIE_TEXT}
    columns |= {n: np.asarray(stated[n], dtype=float)[rows] for n in AMOUNT_FIELDS}
    columns["weight"] = np.ones(len(rows))
    columns["active_from"] = _text(_day_texts(first))
    columns["active_to"] = _text(_day_texts(np.where(np.isnat(first), first, last)))
    return pd.DataFrame(columns, copy=False)


def _text(values: Any) -> Any:
    """Text values (a Series, array or list of str) as a pandas ``str`` array."""
    import numpy as np
    import pandas as pd

    if isinstance(values, pd.Series):
        if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
            return values.array
        values = values.to_numpy(object)
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def _day_texts(days: np.ndarray) -> np.ndarray:
    """ISO days as text (``""`` for NaT), each distinct day formatted once."""
    import numpy as np

    unique, inverse = np.unique(days, return_inverse=True)
    texts = np.datetime_as_string(unique, unit="D").astype(object)
    texts[np.isnat(unique)] = ""
    return texts[inverse.reshape(-1)]


def _graph_info(
    at: DateLike | None, window: tuple[DateLike, DateLike] | None, default_years: float
) -> dict[str, Any]:
    """The graph attributes of an export (but ``isolates_left_out``)."""
    from bioregion._version import __version__

    at_text, window_text = _iso(at), "/".join(map(_iso, window or ()))
    what = f"at {at_text}" if at_text else window_text.replace("/", " to ") or "cumulative"
    return {
        "name": f"bioregion network {what}",
        "at": at_text,
        "window": window_text,
        "default_years": float(default_years),
        "created_by": f"bioregion {__version__}",
    }


def _edge_dict(names: list[str], values: tuple, amounts: tuple) -> dict[str, Any]:
    """One edge's attributes in :data:`EDGE_ATTRIBUTES` order (amounts where known)."""
    attrs = dict(zip(names, values, strict=True))
    attrs.update(
        (name, value)
        for name, value in zip(AMOUNT_FIELDS, amounts, strict=True)
        if value is not None
    )
    attrs["weight"] = 1.0
    return attrs


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
    return write_network(network_table(data, **options), target, format=fmt)


def write_network(
    network: nx.MultiDiGraph | NetworkTable,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
) -> Path:
    """Write a network made by :func:`network_graph` or :func:`network_table` in one of the
    network formats, atomically.

    A :class:`NetworkTable` is written to GEXF from its frames, column by column; for the
    other formats it becomes its graph first. ExportError for a format or suffix that is
    not one of :data:`NETWORK_FORMATS`.
    """
    target = Path(path)
    fmt = _format(target, format)
    if isinstance(network, NetworkTable):
        if fmt == "gexf":
            return atomic_write(target, lambda fh: _write_gexf_table(network, fh))
        network = network.graph()
    import networkx as nx

    graph = network
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


def network_paths(
    network: nx.MultiDiGraph | NetworkTable, path: str | os.PathLike[str], format: str
) -> list[Path]:
    """Every file an export of ``network`` to ``path`` in ``format`` writes: the path
    itself, or VOSviewer's map and network files, or UCINET's file and its per-kind files.
    """
    target = Path(path)
    if format == "vosviewer":
        return list(vosviewer.vosviewer_paths(target))
    if format == "ucinet":
        if isinstance(network, NetworkTable):
            kinds = network.edges["kind"].tolist()
        else:
            kinds = [kind for *_e, kind in network.edges(data="kind")]
        return [target, *ucinet.dl_kind_paths(kinds, target).values()]
    return [target]


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
    gexf.write_gexf(
        out, fh, creator=str(info.get("created_by", "bioregion")), description=_description(info)
    )


def _iso(value: DateLike | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int | str):
        value = PartialDate.parse(str(value))
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _write_gexf_table(network: NetworkTable, fh: IO[bytes]) -> None:
    """GEXF 1.3 of an export table: the same document :func:`_write_gexf` writes for its
    graph (edges in the graph's order), built column by column."""
    import pandas as pd

    edges = network.edges.take(_adjacency_order(network.edges, network.nodes["id"]))
    spell = edges["active_from"] != ""
    attributes = [c for c in EDGE_ATTRIBUTES if c not in ("id", "start", "end", "weight")]
    frame = pd.DataFrame(
        {
            "id": edges["id"],
            "source": edges["source"],
            "target": edges["target"],
            "weight": edges["weight"],
            "start": edges["active_from"].where(spell, None),
            "end": edges["active_to"].where(spell, None),
        }
        | {name: edges[name] for name in attributes}
        | {"start_date": edges["start"], "end_date": edges["end"]}
    )
    gexf.write_gexf_frames(
        network.nodes,
        frame,
        fh,
        directed=True,
        creator=str(network.info.get("created_by", "bioregion")),
        description=_description(network.info),
    )


def _adjacency_order(edges: pd.DataFrame, nodes: pd.Series) -> np.ndarray:
    """The positions of edges in the order a NetworkX multigraph built from them (in row
    order) iterates them: by source node, then target in order of its first edge from that
    source, then row."""
    import numpy as np
    import pandas as pd

    n, m = len(nodes), len(edges)
    every = np.concatenate(
        [nodes.to_numpy(object), edges["source"].to_numpy(object), edges["target"].to_numpy(object)]
    )
    codes = pd.factorize(every)[0]  # node ids are distinct: node i gets code i
    source, target = codes[n : n + m].astype(np.int64), codes[n + m :].astype(np.int64)
    rank = np.arange(m)
    _, pair = np.unique(source * max(n, 1) + target, return_inverse=True)
    first = np.full(pair.max() + 1 if m else 0, m)
    np.minimum.at(first, pair, rank)
    return np.lexsort((rank, first[pair], source))


def _description(info: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {info[name]}"
        for name in ("name", "at", "window", "default_years", "isolates_left_out")
        if info.get(name) not in (None, "")
    )
