"""Bursts of tie formation: Kleinberg's (2002) automaton on batched counts.

In each period ``t`` (a year or a month) ``d_t`` ties were formed, ``r_t`` of them
relevant (of one kind, or with an actor of one region). A hidden automaton with states
``0, 1, ..., k-1`` emits them: in state ``i`` a tie is relevant with probability
``p_i = p_0 s^i`` (``p_0 = sum r / sum d``, the base share; a rate that would reach 1 is
held at 0.9999), so the cost of state ``i`` in period ``t`` is the negative
log-likelihood

    ``sigma_i(t) = -(r_t ln p_i + (d_t - r_t) ln(1 - p_i))``

(the binomial coefficient is the same for every state and left out). Moving up from
state ``i`` to ``j > i`` costs ``gamma (j - i) ln n`` (``n`` periods); moving down is
free; the automaton starts in state 0. The state sequence of least total cost (Viterbi,
vectorised over the states) marks the bursts: a burst of level ``l`` is a maximal run of
periods in state ``l`` or higher, and its weight is the cost it saves over the state
below, ``sum_t (sigma_{l-1}(t) - sigma_l(t))`` (Kleinberg's weight). Bursts of level
``l + 1`` lie inside bursts of level ``l``.

:func:`burst_states` and :func:`kleinberg_bursts` take a stream of counts;
:func:`formation_counts` counts a ties frame's formations per period, by kind or by
region, and :func:`tie_bursts` finds the bursts of every group at once.

References
----------
Kleinberg, J. (2002) "Bursty and hierarchical structure in streams", *Proceedings of
the 8th ACM SIGKDD* 91-101; *Data Mining and Knowledge Discovery* 7 (2003): 373-397
(section 2, the enumerating model for batched arrivals).

Examples
--------
>>> counts = [2, 1, 2, 9, 10, 9, 2, 1]
>>> totals = [20] * 8
>>> burst_states(counts, totals).tolist()
[0, 0, 0, 1, 1, 1, 0, 0]
>>> kleinberg_bursts(counts, totals, periods=range(2000, 2008)).round(1)
   level  start   end  weight  count  total
0      1   2003  2005     8.4     28     60
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError, NoDataError
from bioregion.model.vocab import ALLIANCE_KINDS, TieKind
from bioregion.regions import members_of

__all__ = ["BURST_COLUMNS", "burst_states", "formation_counts", "kleinberg_bursts", "tie_bursts"]

#: The columns of a burst table (:func:`kleinberg_bursts`).
BURST_COLUMNS = ("level", "start", "end", "weight", "count", "total")
#: The alliance kinds (:data:`~bioregion.model.vocab.ALLIANCE_KINDS`), the default ties.
ALLIANCES: tuple[str, ...] = tuple(sorted(k.value for k in ALLIANCE_KINDS))
_MAX_RATE = 0.9999
Period = Literal["year", "month"]
By = Literal["kind", "region"]


def _stream(counts: Iterable[float], totals: Iterable[float]) -> tuple[np.ndarray, np.ndarray]:
    r = np.asarray(list(counts) if not isinstance(counts, np.ndarray) else counts, dtype=float)
    d = np.asarray(list(totals) if not isinstance(totals, np.ndarray) else totals, dtype=float)
    if r.ndim != 1 or r.shape != d.shape:
        raise ArgumentError(
            f"counts and totals must be two sequences of the same length, one number per "
            f"period (got shapes {r.shape} and {d.shape})"
        )
    if len(r) < 2:
        raise ArgumentError(
            f"{len(r)} period(s): too few periods to find a burst; give at least 2 (a "
            "longer span, or months instead of years)"
        )
    if not (np.all(np.isfinite(r)) and np.all(np.isfinite(d))):
        raise ArgumentError("counts and totals must be finite numbers (no NaN or infinity)")
    if (r < 0).any() or (d < 0).any():
        first = int(np.flatnonzero((r < 0) | (d < 0))[0])
        raise ArgumentError(
            f"negative count in period {first} (count {r[first]:g}, total {d[first]:g}): "
            "counts and totals are numbers of events, 0 or more"
        )
    if (r > d).any():
        first = int(np.flatnonzero(r > d)[0])
        raise ArgumentError(
            f"period {first} has {r[first]:g} relevant events out of a total of {d[first]:g}: "
            "a count cannot exceed its total"
        )
    return r, d


def _check_model(s: float, gamma: float, states: int) -> None:
    if not (np.isfinite(s) and s > 1):
        raise ArgumentError(f"s={s!r}: the rate ratio between states must be above 1 (2 is usual)")
    if not (np.isfinite(gamma) and gamma >= 0):
        raise ArgumentError(
            f"gamma={gamma!r}: the cost of moving up must be 0 or more (1 is usual)"
        )
    if int(states) != states or states < 2:
        raise ArgumentError(f"states={states!r}: give a whole number of states, 2 or more")


def _costs(r: np.ndarray, d: np.ndarray, s: float, states: int) -> np.ndarray | None:
    """``sigma[t, i]`` for every period and state; None when the base rate is 0 or 1."""
    base = r.sum() / d.sum() if d.sum() > 0 else 0.0
    if not 0 < base < 1:
        return None
    rates = np.minimum(base * float(s) ** np.arange(states), _MAX_RATE)
    return -(np.outer(r, np.log(rates)) + np.outer(d - r, np.log1p(-rates)))


def _viterbi(sigma: np.ndarray, gamma: float) -> np.ndarray:
    """The state sequence of least cost (vectorised over states, one step per period)."""
    periods, states = sigma.shape
    level = np.arange(states)
    up = gamma * np.log(periods) * np.maximum(level[None, :] - level[:, None], 0)
    cost = up[0] + sigma[0]
    back = np.zeros((periods, states), np.int64)
    for t in range(1, periods):
        step = cost[:, None] + up  # from state i (rows) to state j (columns)
        back[t] = np.argmin(step, axis=0)
        cost = step[back[t], level] + sigma[t]
    path = np.empty(periods, np.int64)
    path[-1] = int(np.argmin(cost))
    for t in range(periods - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def burst_states(
    counts: Iterable[float],
    totals: Iterable[float],
    *,
    s: float = 2.0,
    gamma: float = 1.0,
    states: int = 2,
) -> np.ndarray:
    """The automaton's state in every period (0: base rate; ``l``: burst of level ``l``).

    Parameters
    ----------
    counts, totals : sequences of numbers
        ``r_t`` relevant events out of ``d_t`` events per period, in period order; at
        least 2 periods; ``0 <= r_t <= d_t`` (a period with ``d_t = 0`` costs nothing in
        any state).
    s : float
        Ratio of the relevant-event rates of consecutive states (> 1; Kleinberg: 2).
    gamma : float
        Cost of moving one state up, in units of ``ln n`` (>= 0; Kleinberg: 1). Larger
        values find fewer, longer bursts.
    states : int
        Number of states (2: burst or not; more: levels of bursts).

    Returns
    -------
    numpy.ndarray
        One state (int) per period; all 0 when nothing is relevant (or everything).

    Raises
    ------
    ArgumentError
        Fewer than 2 periods, negative or non-finite counts, a count above its total,
        ``s <= 1``, ``gamma < 0`` or fewer than 2 states.
    """
    _check_model(s, gamma, states)
    r, d = _stream(counts, totals)
    sigma = _costs(r, d, s, int(states))
    if sigma is None:
        return np.zeros(len(r), np.int64)
    return _viterbi(sigma, float(gamma))


def kleinberg_bursts(
    counts: Iterable[float],
    totals: Iterable[float],
    *,
    periods: Sequence | Iterable | None = None,
    s: float = 2.0,
    gamma: float = 1.0,
    states: int = 2,
) -> pd.DataFrame:
    """Kleinberg's bursts of a stream of batched counts.

    Parameters
    ----------
    counts, totals, s, gamma, states
        As for :func:`burst_states`.
    periods : sequence, optional
        The label of each period (years, months, ...); default ``0 .. n-1``.

    Returns
    -------
    pandas.DataFrame
        :data:`BURST_COLUMNS`: one row per burst, by level then start: ``level`` (1 ..
        ``states - 1``), ``start`` and ``end`` (period labels, both included),
        ``weight`` (cost saved over the state below, in nats: how strong the burst is),
        ``count`` and ``total`` (summed over the burst). Empty when there is no burst.

    Examples
    --------
    A flat stream has none:

    >>> kleinberg_bursts([3, 2, 3, 2, 3], [30] * 5).empty
    True
    """
    _check_model(s, gamma, states)
    r, d = _stream(counts, totals)
    labels = list(range(len(r))) if periods is None else list(periods)
    if len(labels) != len(r):
        raise ArgumentError(f"{len(labels)} period labels for {len(r)} counts: give one each")
    sigma = _costs(r, d, s, int(states))
    if sigma is None:
        return pd.DataFrame(columns=list(BURST_COLUMNS))
    path = _viterbi(sigma, float(gamma))
    rows = []
    for level in range(1, int(states)):
        inside = np.r_[False, path >= level, False]
        edges = np.flatnonzero(np.diff(inside.astype(np.int8)))
        for first, after in zip(edges[0::2], edges[1::2], strict=True):
            span = slice(int(first), int(after))
            saved = float((sigma[span, level - 1] - sigma[span, level]).sum())
            rows.append(
                (level, labels[first], labels[after - 1], saved, r[span].sum(), d[span].sum())
            )
    table = pd.DataFrame(rows, columns=list(BURST_COLUMNS))
    if _whole(r, d):
        table = table.astype({"count": np.int64, "total": np.int64})
    return table


def _whole(r: np.ndarray, d: np.ndarray) -> bool:
    return bool(np.all(r == np.round(r)) and np.all(d == np.round(d)))


# -- counts from ties -----------------------------------------------------------------
def _period_labels(start: pd.Series, period: Period) -> pd.Series:
    if period == "year":
        return start.dt.year.astype("Int64")
    return start.dt.strftime("%Y-%m")


def _all_periods(labels: pd.Series, period: Period, first: object, last: object) -> list:
    """Every period from ``first`` (default: the earliest label) to ``last``, in order."""
    lo = first if first is not None else labels.min()
    hi = last if last is not None else labels.max()
    if period == "year":
        return list(range(int(lo), int(hi) + 1))
    span = pd.period_range(pd.Period(str(lo), "M"), pd.Period(str(hi), "M"), freq="M")
    return [str(p) for p in span]


def _region_masks(
    ties: pd.DataFrame, actors: pd.DataFrame | None, regions: Sequence[str]
) -> dict[str, np.ndarray]:
    """Per region: True for the ties with at least one actor in it."""
    if actors is None:
        raise ArgumentError(
            "regions need the actors (their NUTS codes): pass actors=actors_frame(store)"
        )
    ids = pd.Index(actors["id"].astype(str))
    systems = actors["systems"] if "systems" in actors.columns else None
    masks = {}
    for region in regions:
        inside = np.asarray(members_of(systems, actors["nuts"], region), bool)
        ends = [ids.get_indexer(ties[end].astype(str)) for end in ("source", "target")]
        hit = np.zeros(len(ties), bool)
        for at in ends:
            known = at >= 0
            hit[known] |= inside[at[known]]
        masks[str(region)] = hit
    return masks


def _names(given: Iterable[str] | str | None) -> list[str] | None:
    if given is None:
        return None
    return [given] if isinstance(given, str) else [str(g) for g in given]


def formation_counts(
    ties: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    *,
    by: By = "kind",
    tie_kinds: Iterable[str] | str | None = ALLIANCES,
    regions: Iterable[str] | str | None = None,
    period: Period = "year",
    first: int | str | None = None,
    last: int | str | None = None,
    totals: Literal["selected", "all"] = "selected",
) -> pd.DataFrame:
    """Ties formed per period and group, with the period's total: the input of bursts.

    Parameters
    ----------
    ties : pandas.DataFrame
        A ties frame (``kind, source, target, start``; e.g. ``ties_frame(store)``). Ties
        without a start are left out; a tie's period is that of its start (its
        announcement date).
    actors : pandas.DataFrame, optional
        An actors frame (``id, nuts`` and optionally ``systems``); needed with regions.
    by : {"kind", "region"}
        Groups: the tie kinds, or the ``regions`` (a tie is in a region when one of its
        actors is, :func:`bioregion.regions.members_of`; a tie between two regions
        counts in both).
    tie_kinds : str or iterable of str, optional
        The ties counted (default: the alliances, :data:`~bioregion.model.vocab.
        ALLIANCE_KINDS`); None: every kind.
    regions : str or iterable of str, optional
        Named regions or NUTS codes. With ``by="region"`` the groups (required); with
        ``by="kind"`` a filter: only ties with an actor in one of them count.
    period : {"year", "month"}
        The period of a count. A date known to the year only falls in its January.
    first, last : int or str, optional
        The first and last period (a year, or ``"YYYY-MM"``); default: those of the
        earliest and latest counted tie. Periods without ties count 0.
    totals : {"selected", "all"}
        The period's total. ``"selected"``: every tie counted, of all groups (the
        ``tie_kinds``; with ``by="region"`` anywhere, with ``by="kind"`` within
        ``regions``): a burst is a group's share of that stream rising. ``"all"``: every
        tie of any kind in the group's scope (with ``by="region"`` the ties of that
        region, with ``by="kind"`` those within ``regions``): a burst is, e.g., a
        region's alliances rising as a share of all its ties.

    Returns
    -------
    pandas.DataFrame
        ``group, period, count, total``: one row per group and period, periods in
        order (a year as int, a month as ``"YYYY-MM"``).

    Raises
    ------
    ArgumentError
        An unknown ``by``, ``period``, ``totals`` or tie kind; regions without actors or
        ``by="region"`` without regions.
    NoDataError
        No dated tie selected.
    """
    kinds, wanted_regions = _check_counts(by, period, totals, tie_kinds, regions)
    start = pd.to_datetime(ties["start"], format="ISO8601")
    dated = start.notna().to_numpy()
    kind = ties["kind"].astype(str).to_numpy(object)
    chosen = np.isin(kind, kinds) if kinds is not None else np.ones(len(ties), bool)
    masks = _region_masks(ties, actors, wanted_regions) if wanted_regions else {}
    within = np.logical_or.reduce(list(masks.values())) if masks else np.ones(len(ties), bool)
    scope = within if by == "kind" else np.ones(len(ties), bool)
    counted = dated & chosen & scope
    if not counted.any():
        raise NoDataError(
            "no dated tie of the chosen kinds (and regions): nothing to count; widen "
            "tie_kinds or regions, or import ties with a start date"
        )
    groups = masks if by == "region" else {k: kind == k for k in sorted(set(kind[counted]))}
    labels = _period_labels(start, period)
    periods = _all_periods(labels[counted], period, first, last)
    rows = []
    for name, mask in groups.items():
        count = labels[counted & mask].value_counts().reindex(periods, fill_value=0)
        if totals == "selected":
            denominator = counted
        else:  # every kind, in the group's scope: its region, or the regions filter
            denominator = dated & (mask if by == "region" else scope)
        total = labels[denominator].value_counts().reindex(periods, fill_value=0)
        columns = {"group": name, "period": periods, "count": count, "total": total}
        rows.append(pd.DataFrame({k: _plain(v) for k, v in columns.items()}))
    return pd.concat(rows, ignore_index=True)


def _plain(values: object) -> object:
    return values.to_numpy(np.int64) if isinstance(values, pd.Series) else values


def _check_counts(
    by: str,
    period: str,
    totals: str,
    tie_kinds: Iterable[str] | str | None,
    regions: Iterable[str] | str | None,
) -> tuple[list[str] | None, list[str] | None]:
    if by not in ("kind", "region"):
        raise ArgumentError(f"by={by!r}: use 'kind' or 'region'")
    if period not in ("year", "month"):
        raise ArgumentError(f"period={period!r}: use 'year' or 'month'")
    if totals not in ("selected", "all"):
        raise ArgumentError(f"totals={totals!r}: use 'selected' or 'all'")
    kinds, wanted = _names(tie_kinds), _names(regions)
    allowed = {k.value for k in TieKind}
    if kinds is not None and (unknown := sorted(set(kinds) - allowed)):
        raise ArgumentError(
            f"unknown tie kind(s) {', '.join(unknown)}; use some of {sorted(allowed)}"
        )
    if by == "region" and not wanted:
        raise ArgumentError("by='region' needs regions=, e.g. regions=('flanders', 'wallonia')")
    return kinds, wanted


def tie_bursts(
    ties: pd.DataFrame,
    actors: pd.DataFrame | None = None,
    *,
    by: By = "kind",
    tie_kinds: Iterable[str] | str | None = ALLIANCES,
    regions: Iterable[str] | str | None = None,
    period: Period = "year",
    first: int | str | None = None,
    last: int | str | None = None,
    totals: Literal["selected", "all"] = "selected",
    s: float = 2.0,
    gamma: float = 1.0,
    states: int = 2,
) -> pd.DataFrame:
    """The bursts of tie formation of every group (kind or region): when a group's share
    of the ties formed rose above its base share.

    Parameters are those of :func:`formation_counts` (which groups, which ties, which
    periods) and :func:`burst_states` (``s``, ``gamma``, ``states``).

    Returns
    -------
    pandas.DataFrame
        ``group`` and :data:`BURST_COLUMNS`, one row per burst, by group, level and start;
        ``share`` (``count / total`` in the burst) and ``base_share`` (the group's share
        over all periods). Empty (same columns) when no group has a burst.

    Examples
    --------
    >>> years = [2000] * 10 + [2001] * 10 + [2002] * 10 + [2003] * 10 + [2004] * 10
    >>> kinds = ["licence"] * 2 + ["rd_collaboration"] * 8     # 2000
    >>> kinds += kinds + (["licence"] * 9 + ["rd_collaboration"]) * 2 + kinds
    >>> ties = pd.DataFrame({"kind": kinds, "source": "a", "target": "b",
    ...                      "start": [str(y) for y in years]})
    >>> tie_bursts(ties)[["group", "start", "end", "count", "total"]]
         group  start   end  count  total
    0  licence   2002  2003     18     20
    """
    counts = formation_counts(
        ties,
        actors,
        by=by,
        tie_kinds=tie_kinds,
        regions=regions,
        period=period,
        first=first,
        last=last,
        totals=totals,
    )
    _check_model(s, gamma, states)
    found = []
    for group, rows in counts.groupby("group", sort=False):
        bursts = kleinberg_bursts(
            rows["count"], rows["total"], periods=rows["period"], s=s, gamma=gamma, states=states
        )
        if len(bursts):
            bursts.insert(0, "group", group)
            bursts["share"] = bursts["count"] / bursts["total"]
            bursts["base_share"] = rows["count"].sum() / rows["total"].sum()
            found.append(bursts)
    columns = ["group", *BURST_COLUMNS, "share", "base_share"]
    if not found:
        return pd.DataFrame(columns=columns)
    return pd.concat(found, ignore_index=True)[columns]
