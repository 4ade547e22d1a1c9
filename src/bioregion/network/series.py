"""Measures over time: apply a node or network measure to every yearly snapshot.

A *node measure* is a function ``graph -> pandas.DataFrame`` indexed by actor id (or a
Series); a *network measure* returns a mapping of numbers, a dataclass or one number.
:func:`over_snapshots` runs one over the snapshots of a
:class:`~bioregion.network.temporal.TemporalNetwork` (built incrementally, see
:meth:`~bioregion.network.temporal.TemporalNetwork.snapshots`) and returns a tidy frame.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Callable, Mapping
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.network.temporal import TemporalNetwork

Measure = Callable[..., Any]
Vertices = Literal["all", "present", "connected"]

__all__ = ["over_snapshots"]


def over_snapshots(
    network: TemporalNetwork,
    measure: Measure | Mapping[str, Measure],
    start: int,
    end: int,
    step: int = 1,
    *,
    vertices: Vertices = "present",
    graph_options: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """A measure of every snapshot ``start, start + step, ... <= end``, as one frame.

    Parameters
    ----------
    network : TemporalNetwork
    measure : callable or mapping of str to callable
        ``measure(graph, **kwargs)``. A node measure returns a DataFrame indexed by actor
        id (vertex ``"name"``) or a Series; a network measure a mapping, a dataclass or a
        number. A mapping of names to measures (all node or all network measures, no
        ``kwargs``) computes them on the same snapshots: their columns side by side, a
        Series or number taking its measure's name.
    start, end, step : int
        Years of the snapshots (``end`` included if reached).
    vertices : {"present", "connected", "all"}
        The graph the measure sees each year: the actors that exist that year or have a
        tie in it (``"present"``, the default; as ``graph(at=year,
        include_isolates=True)``), the actors with a tie (``"connected"``; as
        ``graph(at=year)``), or every actor of the network whether it exists yet or not
        (``"all"``: the snapshot itself, no copy, the fastest; fine for degree or k-core,
        not for measures that depend on the number of vertices such as PageRank).
    graph_options : mapping, optional
        Passed to :meth:`TemporalNetwork.snapshots` (``directed``, ``weight``,
        ``tie_kinds``, ``regions``, ``window_years``, ...).
    **kwargs
        Passed to ``measure``.

    Returns
    -------
    pandas.DataFrame
        Node measures: columns ``year``, ``actor`` and the measure's columns, one row per
        actor of each year's graph (in vertex order). Network measures: ``year`` and one
        column per value (a number's column is named after the function).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"kind": ["licence", "licence"], "source": ["a", "a"],
    ...                      "target": ["b", "c"], "start": ["2001", "2003"], "end": "2004"})
    >>> net = TemporalNetwork(ties)
    >>> def degree(graph):
    ...     names = pd.Index(graph.vs["name"], name="actor")
    ...     return pd.DataFrame({"degree": graph.degree()}, index=names)
    >>> over_snapshots(net, degree, 2001, 2003, step=2, vertices="connected")
       year actor  degree
    0  2001     a       1
    1  2001     b       1
    2  2003     a       2
    3  2003     b       1
    4  2003     c       1

    Actors without a founded date exist at all times, so by default ``c`` (no tie in
    2001) is there with degree 0:

    >>> over_snapshots(net, degree, 2001, 2001)["actor"].tolist()
    ['a', 'b', 'c']
    >>> over_snapshots(net, lambda g: {"edges": g.ecount()}, 2000, 2005, step=5)
       year  edges
    0  2000      0
    1  2005      0
    """
    if vertices not in ("all", "present", "connected"):
        raise ArgumentError(f"vertices={vertices!r}: use 'present', 'connected' or 'all'")
    if isinstance(measure, Mapping) and kwargs:
        raise ArgumentError(
            "keyword arguments apply to a single measure; with a mapping of measures bind "
            "each one's arguments with functools.partial"
        )
    measures = dict(measure) if isinstance(measure, Mapping) else {_name(measure): measure}
    rows: list[tuple[int, Any]] = []
    for year, snapshot in network.snapshots(start, end, step, **dict(graph_options or {})):
        graph = restrict_vertices(snapshot, vertices)
        found = {name: fn(graph, **kwargs) for name, fn in measures.items()}
        rows.append((year, found))
    return _tidy(rows)


def _name(measure: Measure) -> str:
    name = getattr(measure, "__name__", "") or "value"
    return "value" if name == "<lambda>" else name


def restrict_vertices(graph: ig.Graph, vertices: Vertices) -> ig.Graph:
    """A snapshot's graph on the actors a measure should see: all of them, those with a
    tie (``"connected"``), or those with a tie or existing then (``"present"``)."""
    if vertices == "all":
        return graph
    keep = np.asarray(graph.degree(), dtype=np.int64) > 0
    if vertices == "present":
        keep |= np.asarray(graph.vs["present"], dtype=bool)
    return graph.induced_subgraph(np.flatnonzero(keep).tolist())


def _is_node_result(value: Any) -> bool:
    return isinstance(value, pd.DataFrame | pd.Series)


def _tidy(rows: list[tuple[int, dict[str, Any]]]) -> pd.DataFrame:
    kinds = {_is_node_result(v) for _, found in rows for v in found.values()}
    if len(kinds) > 1:
        raise ArgumentError(
            "the measures mix node results (frames or series) and network results (numbers, "
            "mappings); call over_snapshots once for each kind"
        )
    if kinds == {True}:
        return pd.concat([_node_rows(year, found) for year, found in rows], ignore_index=True)
    records = [{"year": year} | _network_values(found) for year, found in rows]
    columns = list(dict.fromkeys(key for record in records for key in record))
    return pd.DataFrame.from_records(records, columns=columns or ["year"])


def _node_rows(year: int, found: dict[str, Any]) -> pd.DataFrame:
    parts = []
    for name, value in found.items():
        parts.append(value.to_frame(name) if isinstance(value, pd.Series) else value)
    frame = pd.concat(parts, axis=1) if len(parts) > 1 else parts[0]
    if frame.columns.duplicated().any():
        raise ArgumentError(
            f"measures give the same column twice: {list(frame.columns)}; rename the columns "
            "of one measure (e.g. with a wrapper) so that each is unique"
        )
    frame = frame.rename_axis("actor").reset_index()
    frame.insert(0, "year", year)
    return frame


def _network_values(found: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in found.items():
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        if isinstance(value, Mapping):
            out.update(value)
        elif isinstance(value, numbers.Number | np.generic) or value is None:
            out[name] = value
        else:
            raise ArgumentError(
                f"measure {name!r} returned {type(value).__name__}; expected a DataFrame or "
                "Series (node measure) or a mapping, dataclass or number (network measure)"
            )
    return out
