"""Network export: actors and ties to GEXF, GraphML or Pajek, at a date or over a period.

:func:`network_graph` builds a :class:`networkx.MultiDiGraph` (NetworkX serves only as the
container the writers take); :func:`export_network` writes it. A tie is one edge keyed by
its id, from source to target by the direction conventions (licensor -> licensee, ...).
A symmetric tie (R&D collaboration, ...) keeps its stored order and is marked by the edge
attribute ``symmetric``; in GEXF also by ``type="undirected"`` (others ``"directed"``),
which Gephi reads as a mixed graph (``networkx.read_gexf`` refuses mixed graphs: use
GraphML for NetworkX); in Pajek it goes under ``*Edges``, not ``*Arcs``. GEXF edges carry
their active interval (default duration applied) as ``start``/``end``, so Gephi's
timeline replays the network; the stated dates are then ``start_date``/``end_date``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from bioregion.errors import BioregionError, ExportError
from bioregion.io._atomic import atomic_write
from bioregion.model.activity import DEFAULT_DURATION_YEARS, active_interval, as_period, is_active
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import AMOUNT_FIELDS, Actor, Tie
from bioregion.model.vocab import ActorKind, TieKind, is_symmetric

if TYPE_CHECKING:
    import networkx as nx

    from bioregion.store.store import Store

DateLike = int | str | PartialDate | dt.date
Kinds = Iterable[str] | str | None

#: Network formats by file suffix.
NETWORK_FORMATS: dict[str, str] = {".gexf": "gexf", ".graphml": "graphml", ".net": "pajek"}
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
    include_isolates: bool = False,
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
    tie_kinds, actor_kinds : iterable of str, optional
        Only ties of these kinds / whose two actors are of these kinds.
    include_isolates : bool
        Also actors without a selected tie (of ``actor_kinds``; that exist at some
        time of ``at``/``window`` by their founded/ended dates).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes: actor ids with label, kind, country, nuts, region, founded, ended, tags.
        Edges keyed by tie id: id, kind, start, end, symmetric, status, stage,
        therapeutic_area, technology, currency, the known amounts, weight; all str,
        float or bool (``""`` if unknown). Graph: name, at, window, default_years,
        created_by.

    Examples
    --------
    >>> from bioregion.model import Actor, Dataset, PartialDate, Tie
    >>> d = Dataset(actors=[Actor("a", "Alpha", "university"), Actor("b", "Beta", "biotech_firm")],
    ...             ties=[Tie("t1", "spin_off", "a", "b", PartialDate(2001))])
    >>> sorted(network_graph(d, at=2003).edges(keys=True))
    [('a', 'b', 't1')]
    >>> network_graph(d, at=2003, default_years=1).number_of_edges()
    0
    """
    import networkx as nx

    from bioregion import __version__

    actors, ties = (
        (list(data.actors), list(data.ties))
        if isinstance(data, Dataset)
        else (data.actors(), data.ties())
    )
    period = _period(at, window)
    kinds, akinds = _kinds(tie_kinds, TieKind), _kinds(actor_kinds, ActorKind)
    kind_of = {a.id: str(a.kind) for a in actors}

    def kind_ok(actor_id: str) -> bool:
        return akinds is None or kind_of.get(actor_id) in akinds

    selected = [
        t
        for t in ties
        if (kinds is None or str(t.kind) in kinds)
        and kind_ok(t.source)
        and kind_ok(t.target)
        and (period is None or is_active(t, window=period, default_years=default_years))
    ]
    at_text, window_text = _iso(at), "/".join(map(_iso, window or ()))
    what = f"at {at_text}" if at_text else window_text.replace("/", " to ") or "cumulative"
    graph = nx.MultiDiGraph(
        name=f"bioregion network {what}",
        at=at_text,
        window=window_text,
        default_years=float(default_years),
        created_by=f"bioregion {__version__}",
    )
    regions = _regions({a.nuts for a in actors})
    ends = {t.source for t in selected} | {t.target for t in selected}
    for actor in actors:
        lo, hi = period or (dt.date.min, dt.date.max)
        exists = (actor.founded is None or actor.founded.first_day <= hi) and (
            actor.ended is None or actor.ended.last_day >= lo
        )
        if actor.id in ends or (include_isolates and kind_ok(actor.id) and exists):
            graph.add_node(actor.id, **_node_attrs(actor, regions))
    for missing in sorted(ends - kind_of.keys()):  # a Dataset may lack some actors
        graph.add_node(missing, **_node_attrs(Actor(id=missing, name=missing, kind=""), {}))
    for tie in selected:
        graph.add_edge(tie.source, tie.target, key=tie.id, **_edge_attrs(tie))
    return graph


def export_network(
    data: Store | Dataset,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    **options: Any,
) -> Path:
    """Write the network of :func:`network_graph` to a GEXF, GraphML or Pajek file.

    Parameters
    ----------
    data : Store or Dataset
    path : str or path-like
        The file (missing folders are created); written to a temporary file beside it, then
        moved into place, so a failure never leaves a half-written file.
    format : {"gexf", "graphml", "pajek"}, optional
        Default: from the suffix (``.gexf``, ``.graphml``, ``.net``). GEXF is 1.2draft.
    **options
        Passed to :func:`network_graph`. Returns the path; ExportError for an unknown
        format, bad options or an OS error.
    """
    target = Path(path)
    fmt = _format(target, format)  # fail on the format before building anything
    return write_network(network_graph(data, **options), target, format=fmt)


def write_network(
    graph: nx.MultiDiGraph, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write a graph made by :func:`network_graph` as GEXF, GraphML or Pajek, atomically."""
    import networkx as nx

    target = Path(path)
    fmt = _format(target, format)
    writer = {"gexf": _write_gexf, "graphml": nx.write_graphml, "pajek": _write_pajek}[fmt]
    return atomic_write(target, lambda fh: writer(graph, fh))


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


def _iso(value: DateLike | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int | str):
        value = PartialDate.parse(str(value))
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _period(at: DateLike | None, window: tuple | None) -> tuple[dt.date, dt.date] | None:
    if at is not None and window is not None:
        raise ExportError("give either at= (a date) or window= (a period), not both")
    if at is None and window is None:
        return None
    try:
        first, last = (at, at) if window is None else window
        lo, hi = as_period(_iso(first))[0], as_period(_iso(last))[1]
    except (ValueError, TypeError) as exc:
        raise ExportError(f"cannot read the date(s) at={at!r} window={window!r}: {exc}") from None
    if lo > hi:
        raise ExportError(f"window={window!r} ends before it starts")
    return lo, hi


def _kinds(given: Kinds, vocab: type) -> set[str] | None:
    if given is None:
        return None
    kinds = {str(k) for k in ([given] if isinstance(given, str) else given)}
    allowed = {v.value for v in vocab}  # type: ignore[attr-defined]
    if unknown := sorted(kinds - allowed):
        raise ExportError(
            f"unknown {vocab.__name__} {', '.join(unknown)}; "
            f"use one of: {', '.join(sorted(allowed))}"
        )
    return kinds


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


def _format(target: Path, format: str | None) -> str:
    known = ", ".join(f"{name} ({suffix})" for suffix, name in NETWORK_FORMATS.items())
    fmt = NETWORK_FORMATS.get(target.suffix.lower()) if format is None else format.lower()
    if fmt not in NETWORK_FORMATS.values():
        given = f"format {format!r}" if format else f"suffix of {target.name!r}"
        raise ExportError(f"unknown network {given}; formats: {known} (or pass format=)")
    return fmt


def _write_gexf(graph: nx.MultiDiGraph, fh: IO[bytes]) -> None:
    import networkx as nx

    out = graph.copy()
    years = float(graph.graph.get("default_years", DEFAULT_DURATION_YEARS))
    for u, v, attrs in out.edges(data=True):
        attrs["type"] = "undirected" if attrs.get("symmetric") else "directed"
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
    nx.write_gexf(out, fh, version="1.2draft")
