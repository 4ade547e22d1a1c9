"""The temporal network: ties with active intervals, graphs at a date, over a window or
cumulative, and yearly snapshots built incrementally.

A tie is active from the first day of its start to the last day of its end; a tie without
an end stays active ``default_years`` (see :mod:`bioregion.model.activity`). The graphs
are :class:`igraph.Graph` objects whose vertex attribute ``"name"`` is the actor id (with
``kind``, ``region`` and ``country``). The ties between the same two actors collapse into
one edge: ``"ties"`` counts them, ``"weight"`` is that count (or the sum of their known
``value`` with ``weight="value"``), ``"kinds"`` lists their kinds (sorted, ``;``-joined).

In the undirected view (the default) direction is dropped; in the directed view a tie is
an arc from source to target and a symmetric tie (R&D collaboration, ...) two arcs.

Examples
--------
>>> import pandas as pd
>>> ties = pd.DataFrame({"kind": ["licence", "rd_collaboration"], "source": ["a", "b"],
...                      "target": ["b", "c"], "start": ["2001", "2004-06"],
...                      "end": ["2002", ""]})
>>> net = TemporalNetwork(ties)
>>> net.graph(at=2003).ecount(), net.graph(at=2006).ecount(), net.graph().ecount()
(0, 1, 2)
>>> [(year, g.ecount()) for year, g in net.snapshots(2000, 2010, step=2)]
[(2000, 0), (2002, 1), (2004, 1), (2006, 1), (2008, 1), (2010, 0)]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.activity import DEFAULT_DURATION_YEARS, as_period
from bioregion.model.vocab import ActorKind, TieKind
from bioregion.network._arrays import sorted_unique
from bioregion.network._frames import (
    actors_frame,
    events_frame,
    participations_frame,
    project_events,
    ties_frame,
)
from bioregion.network._incremental import IncrementalGraph

if TYPE_CHECKING:
    import igraph as ig

    from bioregion.store.store import Store

__all__ = [
    "Selection",
    "TemporalNetwork",
    "actors_frame",
    "events_frame",
    "participations_frame",
    "project_events",
    "ties_frame",
]

DateLike = int | str | dt.date
Names = Iterable[str] | str | None
Weight = Literal["count", "value"]
_EPOCH = np.datetime64("1970-01-01", "D")
_MIN_DAY, _MAX_DAY = np.iinfo(np.int64).min, np.iinfo(np.int64).max


def _day(value: dt.date) -> int:
    return int((np.datetime64(value, "D") - _EPOCH).astype(np.int64))


def _days(values: pd.Series) -> np.ndarray:
    """Day numbers (since 1970) of a datetime column; NaT stays as the int64 minimum."""
    return values.to_numpy(dtype="M8[D]").astype(np.int64)


def _names(given: Names) -> list[str] | None:
    if given is None:
        return None
    return [given] if isinstance(given, str) else [str(g) for g in given]


def _vocab(given: Names, vocab: type, what: str) -> list[str] | None:
    names = _names(given)
    allowed = {v.value for v in vocab}  # type: ignore[attr-defined]
    if names is not None and (unknown := sorted(set(names) - allowed)):
        raise ArgumentError(f"unknown {what} {', '.join(unknown)}; use some of: {sorted(allowed)}")
    return names


def _period(at: DateLike | None, window: tuple | None) -> tuple[int, int] | None:
    """First and last day number of ``at`` or ``window`` (None: cumulative)."""
    if at is not None and window is not None:
        raise ArgumentError("give either at= (a date) or window= (a period), not both")
    if at is None and window is None:
        return None
    try:
        first, last = (at, at) if window is None else window
        lo, hi = _day(as_period(_plain(first))[0]), _day(as_period(_plain(last))[1])
    except (ValueError, TypeError) as exc:
        raise ArgumentError(
            f"cannot read the date(s) at={at!r} window={window!r}: {exc}; "
            "give a year, 'YYYY-MM', 'YYYY-MM-DD' or a date, and window=(from, to)"
        ) from None
    if lo > hi:
        raise ArgumentError(f"window={window!r} ends before it starts")
    return lo, hi


def _plain(value: Any) -> Any:
    """A date-like value as_period reads (numpy ints, Timestamps and datetimes too)."""
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _check_years(default_years: Any) -> float:
    """``default_years`` as a float, or ArgumentError unless it is finite and >= 0."""
    try:
        years = float(default_years)
    except (TypeError, ValueError):
        years = math.nan
    if not math.isfinite(years) or years < 0:
        raise ArgumentError(
            f"default_years={default_years!r}: give how many years a tie without an end "
            "stays active, a finite number >= 0 (e.g. 5)"
        )
    return years


def _check_weight(weight: str) -> None:
    if weight not in ("count", "value"):
        raise ArgumentError(f"weight={weight!r}: use 'count' (ties per edge) or 'value'")


def _year_bounds(year: int, width: int) -> tuple[int, int]:
    return _day(dt.date(year - width + 1, 1, 1)), _day(dt.date(year, 12, 31))


@dataclass(frozen=True)
class Selection:
    """The actors and ties of a network selection (:meth:`TemporalNetwork.select`).

    ``actors`` is a slice of an actors frame, ``ties`` a slice of a ties frame; both keep
    their row positions in the network's frames as index.
    """

    actors: pd.DataFrame
    ties: pd.DataFrame


class TemporalNetwork:
    """Actors and dated ties, viewed at a date, over a window, cumulatively or yearly.

    Parameters
    ----------
    ties : pandas.DataFrame
        A ties frame (:func:`ties_frame`) or a DataFrame with the ties template columns.
    actors : pandas.DataFrame, optional
        An actors frame (:func:`actors_frame`) or a DataFrame with the actors template
        columns. Actors are the vertices, in this order; tie endpoints missing from it are
        appended (sorted, with empty attributes).
    default_years : float
        How long a tie without an end stays active (from the first day of its start): a
        finite number of years >= 0, else :class:`~bioregion.errors.ArgumentError`.

    Notes
    -----
    A self-tie (source = target) is kept in :attr:`ties` but never becomes an edge.
    An end before the start counts as the start day.
    """

    def __init__(
        self,
        ties: pd.DataFrame,
        actors: pd.DataFrame | None = None,
        *,
        default_years: float = DEFAULT_DURATION_YEARS,
    ) -> None:
        self.default_years = _check_years(default_years)
        self.ties = ties_frame(ties)
        self.actors = actors_frame(
            actors if actors is not None else pd.DataFrame(columns=["id", "kind"])
        )
        self._index_actors()
        self._index_ties()

    @classmethod
    def from_store(
        cls,
        store: Store,
        *,
        default_years: float = DEFAULT_DURATION_YEARS,
        include_events: bool = False,
        roles: Names = None,
    ) -> TemporalNetwork:
        """The network of every actor and tie in a store.

        ``include_events=True`` adds the actor-actor ties of :func:`project_events` (of
        participants with one of ``roles``, default all) to the stored ties.
        """
        ties = ties_frame(store)
        if include_events:
            projected = project_events(events_frame(store), participations_frame(store), roles)
            ties = pd.concat([ties, projected], ignore_index=True) if len(projected) else ties
        return cls(ties, actors_frame(store), default_years=default_years)

    # -- indexing (once) ---------------------------------------------------------------
    def _index_actors(self) -> None:
        """Vertices: the actors, then tie endpoints missing from them; tie endpoints."""
        actors = self.actors
        known = pd.Index(actors["id"])
        if not known.is_unique:
            raise ArgumentError(f"duplicate actor ids: {sorted(known[known.duplicated()])[:5]}")
        ends = [known.get_indexer(self.ties[end]).astype(np.int64) for end in ("source", "target")]
        lost = [np.flatnonzero(at < 0) for at in ends]
        if any(len(rows) for rows in lost):
            given = [self.ties[end].to_numpy(object) for end in ("source", "target")]
            missing = sorted(set(given[0][lost[0]]) | set(given[1][lost[1]]))
            extra = actors_frame(pd.DataFrame({"id": missing, "kind": ""}))
            actors = pd.concat([actors, extra], ignore_index=True) if len(actors) else extra
            self.actors = actors
            placed = pd.Index(missing, dtype=object)
            for at, rows, values in zip(ends, lost, given, strict=True):
                at[rows] = len(known) + placed.get_indexer(values[rows])
        self._vid = pd.Index(actors["id"].astype(object))
        self._src, self._tgt = ends
        columns = {"name": "id", "kind": "kind", "region": "region", "country": "country"}
        self._vattrs = {
            name: actors[column].astype(str).to_numpy(object) for name, column in columns.items()
        }
        founded, ended = _days(actors["founded"]), _days(actors["ended"])
        self._founded = founded  # NaT (the int64 minimum) counts as "always"
        self._ended = np.where(ended == _MIN_DAY, _MAX_DAY, ended)

    def _index_ties(self) -> None:
        ties = self.ties
        self._valid = self._src != self._tgt
        self._first = _days(ties["start"])
        end = _days(ties["end"])
        default = self._first + round(365.2425 * self.default_years) - 1
        last = np.where(end == _MIN_DAY, default, end)
        self._last = np.maximum(last, self._first)
        codes, labels = pd.factorize(ties["kind"].astype(object), sort=True)
        if len(labels) > 62:
            raise ArgumentError(f"{len(labels)} tie kinds; at most 62 are supported")
        self._kind, self._kind_labels = codes.astype(np.int64), np.asarray(labels, dtype=object)
        self._symmetric = ties["symmetric"].to_numpy(bool)
        self._value = np.nan_to_num(ties["value"].to_numpy(float), nan=0.0)

    # -- selection ---------------------------------------------------------------------
    def _actor_mask(self, actor_kinds: Names, regions: Names, tags: Names) -> np.ndarray | None:
        kinds = _vocab(actor_kinds, ActorKind, "actor kind(s)")
        wanted_regions, wanted_tags = _names(regions), _names(tags)
        if kinds is None and wanted_regions is None and wanted_tags is None:
            return None
        mask = np.ones(len(self._vid), bool)
        if kinds is not None:
            mask &= self.actors["kind"].isin(kinds).to_numpy()
        if wanted_regions is not None:
            from bioregion.regions import members_of

            systems = self.actors["systems"] if "systems" in self.actors.columns else None
            inside = np.zeros(len(self._vid), bool)
            for region in wanted_regions:
                inside |= np.asarray(members_of(systems, self.actors["nuts"], region), bool)
            mask &= inside
        if wanted_tags is not None:
            wanted = set(wanted_tags)
            mask &= np.fromiter((bool(wanted.intersection(t)) for t in self.actors["tags"]), bool)
        return mask

    def _tie_mask(
        self, tie_kinds: Names, vertex_mask: np.ndarray | None, tie_tags: Names
    ) -> np.ndarray:
        mask = self._valid.copy()
        kinds = _vocab(tie_kinds, TieKind, "tie kind(s)")
        if kinds is not None:
            mask &= np.isin(self._kind_labels, kinds)[self._kind]
        if vertex_mask is not None:
            mask &= vertex_mask[self._src] & vertex_mask[self._tgt]
        if (wanted_tags := _names(tie_tags)) is not None:
            wanted = set(wanted_tags)
            mask &= np.fromiter((bool(wanted.intersection(t)) for t in self.ties["tags"]), bool)
        return mask

    def active(
        self, at: DateLike | None = None, window: tuple[DateLike, DateLike] | None = None
    ) -> pd.DataFrame:
        """The rows of :attr:`ties` active on some day of ``at`` or of ``window``."""
        period = _period(at, window)
        if period is None:
            return self.ties
        return self.ties[(self._first <= period[1]) & (self._last >= period[0])]

    def _arcs(self, ties: np.ndarray, directed: bool) -> tuple[np.ndarray, ...]:
        """(tie index, u, v) of each arc: symmetric ties twice when directed."""
        s, t = self._src[ties], self._tgt[ties]
        if directed:
            sym = self._symmetric[ties]
            return np.concatenate([ties, ties[sym]]), np.r_[s, t[sym]], np.r_[t, s[sym]]
        return ties, np.minimum(s, t), np.maximum(s, t)

    def _kind_text(self, masks: np.ndarray) -> list[str]:
        """Bit masks of kind codes -> ``;``-joined kind names."""
        codes, uniques = pd.factorize(np.asarray(masks, dtype=np.int64))  # few distinct masks
        labels = self._kind_labels
        text = np.array(
            [";".join(labels[(int(m) >> np.arange(len(labels))) & 1 == 1]) for m in uniques],
            dtype=object,
        )
        return text[codes].tolist()

    def select(
        self,
        at: DateLike | None = None,
        window: tuple[DateLike, DateLike] | None = None,
        *,
        tie_kinds: Names = None,
        actor_kinds: Names = None,
        regions: Names = None,
        tags: Names = None,
        tie_tags: Names = None,
        include_isolates: bool = False,
    ) -> Selection:
        """The actors and ties that :meth:`graph` with the same arguments is built from.

        Parameters are those of :meth:`graph`. The selected ties are the rows of
        :attr:`ties` active at ``at`` or over ``window`` (every tie without either) that
        pass the kind and tag filters, whose two actors pass the actor filters, and that
        are not self-ties; the selected actors are their endpoints and, with
        ``include_isolates``, every actor passing the actor filters that exists at some
        time of the period (founded and ended dates).

        Returns
        -------
        Selection
            ``actors``: rows of :attr:`actors` in actor order (the vertices of
            :meth:`graph`); ``ties``: rows of :attr:`ties` in their order. Each keeps its
            row position in :attr:`actors` / :attr:`ties` as index.

        Examples
        --------
        >>> ties = pd.DataFrame({"kind": ["licence", "spin_off"], "source": ["a", "a"],
        ...                      "target": ["b", "c"], "start": ["2001", "2009"]})
        >>> chosen = TemporalNetwork(ties).select(at=2003, tie_kinds="licence")
        >>> chosen.actors["id"].tolist(), chosen.ties.index.tolist()
        (['a', 'b'], [0])
        """
        ties, used = self._select(
            _period(at, window), tie_kinds, (actor_kinds, regions, tags), tie_tags, include_isolates
        )
        return Selection(actors=self.actors.iloc[used], ties=self.ties.iloc[ties])

    def _select(
        self,
        period: tuple[int, int] | None,
        tie_kinds: Names,
        actor_filters: tuple[Names, Names, Names],
        tie_tags: Names,
        include_isolates: bool,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the selected ties and of the selected actors (sorted)."""
        vmask = self._actor_mask(*actor_filters)
        tmask = self._tie_mask(tie_kinds, vmask, tie_tags)
        if period is not None:
            tmask &= (self._first <= period[1]) & (self._last >= period[0])
        ties = np.flatnonzero(tmask)
        used = sorted_unique(np.r_[self._src[ties], self._tgt[ties]])
        if include_isolates:
            lo, hi = period if period is not None else (_MIN_DAY, _MAX_DAY)
            exists = (self._founded <= hi) & (self._ended >= lo)
            used = np.union1d(used, np.flatnonzero(exists if vmask is None else exists & vmask))
        return ties, used.astype(np.int64)

    # -- graphs ------------------------------------------------------------------------
    def graph(
        self,
        at: DateLike | None = None,
        window: tuple[DateLike, DateLike] | None = None,
        *,
        directed: bool = False,
        tie_kinds: Names = None,
        actor_kinds: Names = None,
        regions: Names = None,
        tags: Names = None,
        tie_tags: Names = None,
        weight: Weight = "count",
        include_isolates: bool = False,
    ) -> ig.Graph:
        """The graph of the ties active at a date, over a window, or ever (cumulative).

        Parameters
        ----------
        at : int, str or datetime.date, optional
            Ties active on some day of this date (``2010``, ``"2010-05"``, a date).
        window : (from, to), optional
            Ties active on some day from the first day of ``from`` to the last of ``to``.
            With neither ``at`` nor ``window``: every tie (cumulative network).
        directed : bool
            Arcs source -> target (symmetric ties both ways) instead of undirected edges.
        tie_kinds : str or iterable of str, optional
            Only ties of these kinds.
        actor_kinds, regions, tags : str or iterable of str, optional
            Only actors of these kinds / members of one of these named regions or NUTS
            codes (their ``systems`` where given, else their location:
            :func:`bioregion.regions.member_of`) / carrying one of these tags; a tie
            needs both its actors selected.
        tie_tags : str or iterable of str, optional
            Only ties carrying one of these tags.
        weight : {"count", "value"}
            Edge ``"weight"``: the number of ties collapsed, or the sum of their known
            values (0.0 when none is known).
        include_isolates : bool
            Also the selected actors without a tie that exist at some time of the period
            (by their founded and ended dates).

        Returns
        -------
        igraph.Graph
            Vertices in actor order; edges ordered by (source, target) vertex.
        """
        ties, used = self._select(
            _period(at, window), tie_kinds, (actor_kinds, regions, tags), tie_tags, include_isolates
        )
        _check_weight(weight)
        pair_u, pair_v, attributes = self._collapse(ties, directed, weight)
        graph = self._empty_graph(used, directed)
        edges = np.column_stack([np.searchsorted(used, pair_u), np.searchsorted(used, pair_v)])
        graph.add_edges(edges, attributes=attributes)
        return graph

    def _collapse(
        self, ties: np.ndarray, directed: bool, weight: Weight
    ) -> tuple[np.ndarray, np.ndarray, dict[str, list]]:
        """The vertex pairs of some ties (sorted) and their edge attributes."""
        arc_tie, u, v = self._arcs(ties, directed)
        n = len(self._vid)
        keys, inverse = np.unique(u * n + v, return_inverse=True)
        count = np.bincount(inverse, minlength=len(keys))
        combos = sorted_unique(inverse * 64 + self._kind[arc_tie])
        starts = np.flatnonzero(np.r_[True, np.diff(combos // 64) > 0])
        bits = np.left_shift(1, combos % 64)
        masks = np.bitwise_or.reduceat(bits, starts) if len(combos) else bits
        if weight == "count":
            weights = count.astype(float)
        else:
            weights = np.bincount(inverse, weights=self._value[arc_tie], minlength=len(keys))
        attributes = {
            "weight": weights.tolist(),
            "ties": count.tolist(),
            "kinds": self._kind_text(masks),
        }
        return keys // n, keys % n, attributes

    def _empty_graph(self, vertices: np.ndarray, directed: bool) -> ig.Graph:
        import igraph as ig  # here, not at import: selecting ties needs no graph library

        graph = ig.Graph(n=len(vertices), directed=directed)
        every = len(vertices) == len(self._vid)  # vertices are sorted positions
        for name, values in self._vattrs.items():
            graph.vs[name] = (values if every else values[vertices]).tolist()
        for name in ("weight", "ties", "kinds"):
            graph.es[name] = []
        return graph

    def snapshots(
        self,
        start: int,
        end: int,
        step: int = 1,
        *,
        window_years: int = 1,
        directed: bool = False,
        tie_kinds: Names = None,
        actor_kinds: Names = None,
        regions: Names = None,
        tags: Names = None,
        tie_tags: Names = None,
        weight: Weight = "count",
        copy: bool = False,
    ) -> Iterator[tuple[int, ig.Graph]]:
        """Yearly graphs ``(year, graph)`` for ``start, start + step, ... <= end``.

        The graph of ``year`` holds the ties active on some day from 1 January of
        ``year - window_years + 1`` to 31 December of ``year`` (``window_years=1``: the
        year itself, as ``graph(at=year)``; 5: a five-year moving window). Its edges are
        those of :meth:`graph` with the same options; its vertices are every selected
        actor, in actor order, whether or not it has a tie or exists yet. The vertex
        attribute ``"present"`` is True for an actor with a tie in the snapshot or that
        exists in its period (founded and ended dates): ``graph.induced_subgraph(
        graph.vs.select(present=True))`` is ``graph(..., include_isolates=True)``.

        The graph is built incrementally: one :class:`igraph.Graph` is kept and, at each
        step, the edges of ties that became active are added and those whose last tie
        expired are deleted. Unless ``copy=True`` the same graph object is yielded each
        time, changed in place: use it (or copy it) before the next step.

        Other parameters are those of :meth:`graph`.
        """
        if step < 1 or window_years < 1:
            raise ArgumentError("step and window_years must be at least 1")
        _check_weight(weight)
        vmask = self._actor_mask(actor_kinds, regions, tags)
        tmask = self._tie_mask(tie_kinds, vmask, tie_tags)
        vertices = np.arange(len(self._vid)) if vmask is None else np.flatnonzero(vmask)
        arc_tie, u, v = self._arcs(np.flatnonzero(tmask), directed)
        local = np.full(len(self._vid), -1)
        local[vertices] = np.arange(len(vertices))
        state = IncrementalGraph(
            local[u],
            local[v],
            self._empty_graph(vertices, directed),
            kind=self._kind[arc_tie],
            first=self._first[arc_tie],
            last=self._last[arc_tie],
            value=self._value[arc_tie] if weight == "value" else None,
            kind_text=self._kind_text,
        )
        years = range(int(start), int(end) + 1, int(step))
        return self._advance(state, vertices, years, window_years, copy)

    def _advance(
        self,
        state: IncrementalGraph,
        vertices: np.ndarray,
        years: range,
        window_years: int,
        copy: bool,
    ) -> Iterator[tuple[int, ig.Graph]]:
        founded, ended = self._founded[vertices], self._ended[vertices]
        for year in years:
            lo, hi = _year_bounds(year, window_years)
            state.advance(lo, hi)
            tied = state.vertex_degree > 0
            state.graph.vs["present"] = (tied | ((founded <= hi) & (ended >= lo))).tolist()
            yield year, state.graph.copy() if copy else state.graph
