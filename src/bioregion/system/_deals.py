"""Deals: which rows of a ties frame are one deal (design note 5), shared by the indicators.

A *deal* is what a researcher counts when she counts agreements, not rows of the data:

- a **syndicated round** counts once: every ``equity_investment`` tie with the same target
  and the same start is one deal, whatever the investors (whether or not the ties carry
  the tag ``round_total``);
- rows **between the same pair on the same day** count once: ties of any kind between the
  same two actors (either direction) with the same start are one deal (a licence signed
  together with an equity investment, an option and its research collaboration).

The two rules are applied together: a deal is a connected set of ties linked by either
rule (a round whose lead investor also signs a licence with the target that day is one
deal). The start is compared as coded (the ties frame holds the date, so ties dated only
to the year share a start when they share the year, and likewise for the month); a tie
without a start is a deal of its own.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import TieKind
from bioregion.system._families import family_of
from bioregion.system._memo import remembered
from bioregion.system._scope import Period, check_period, period_ties

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork

__all__ = ["UNITS", "check_unit", "deal_keys", "period_deal_keys"]

#: What an indicator counts: ``deal`` (rows of one deal once, :func:`deal_keys`) or
#: ``tie`` (every row of the data).
UNITS = ("deal", "tie")


def check_unit(unit: object) -> str:
    """``unit`` when it is one of :data:`UNITS`, else :class:`~bioregion.errors.ArgumentError`.

    >>> check_unit("tie")
    'tie'
    """
    if not isinstance(unit, str) or unit not in UNITS:
        raise ArgumentError(
            f"unit={unit!r} is not a unit of count; give 'deal' (a syndicated round, or "
            "the rows between two actors on one day, count once) or 'tie' (every row)"
        )
    return unit


def _days(starts: pd.Series) -> np.ndarray:
    """``YYYY-MM-DD`` of each start (``""`` when unknown), as an object array."""
    if pd.api.types.is_datetime64_any_dtype(starts):
        return starts.dt.strftime("%Y-%m-%d").fillna("").to_numpy(object)
    return np.array(
        ["" if pd.isna(s) else pd.Timestamp(s).strftime("%Y-%m-%d") for s in starts], dtype=object
    )


def _components(n: int, *links: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The connected component of each of ``n`` rows when the rows of each link (``rows``
    with the same ``codes``) are joined; the label is the first row of the component.

    Rows and link nodes form a graph; labels (node ids) spread along its edges to the
    smallest one reached, with pointer jumping, until both ends of every edge agree.
    """
    rows = np.concatenate([r for r, _ in links]).astype(np.int64)
    nodes, offset = [], n
    for _, codes in links:
        nodes.append(codes.astype(np.int64) + offset)
        offset += int(codes.max()) + 1 if len(codes) else 0
    ends = np.concatenate(nodes)
    label = np.arange(offset, dtype=np.int64)
    while True:
        low = np.minimum(label[rows], label[ends])
        np.minimum.at(label, rows, low)
        np.minimum.at(label, ends, low)
        while not np.array_equal(jumped := label[label], label):
            label = jumped
        if np.array_equal(label[rows], label[ends]):
            break
    first = np.full(offset, n, dtype=np.int64)
    np.minimum.at(first, label, np.arange(offset))
    return first[label[:n]]


def deal_keys(ties: pd.DataFrame, groups: pd.Series | None = None) -> pd.Series:
    """One key per deal for the rows of a ties frame (index kept).

    Unit: deals. Rule (module docstring, design note 5): two rows are one deal when they
    join the same two actors (either direction) with the same start, or when both are
    ``equity_investment`` ties with the same target and the same start; a deal is a
    connected set of rows under these links. A row without a start is a deal of its own.
    With ``groups`` (``actor id -> group id``, e.g. :func:`~bioregion.system._families.family_of`)
    the actors are replaced by their groups first, so a licence from a subsidiary and an
    equity stake from its parent on the same day are one deal with the group.

    Key: ``"<start>|<actors>"``, the start as ``YYYY-MM-DD`` and the sorted ids of every
    actor of the deal's rows joined by ``+`` (a licence with an equity stake:
    ``"2019-07-14|biotech+pharma"``; a round: ``"2004-04-01|biotech+fund1+fund2"``); a
    row without a start: ``"|tie:<row id>"`` (or ``"|row:<index>"`` when the frame has no
    ``id``). Keys are unique per deal: two deals of the same day cannot have the same
    actors (a tie between any two of them that day would join them).

    Parameters
    ----------
    ties : pandas.DataFrame
        Columns ``kind``, ``source``, ``target``, ``start`` (datetime-like); ``id`` optional.
    groups : pandas.Series, optional
        ``actor id -> group id``; an actor not in it is its own group.

    Returns
    -------
    pandas.Series
        The deal key of each row (str), indexed like ``ties``.

    Examples
    --------
    >>> ties = pd.DataFrame({"id": ["r1", "r2", "lic", "eq", "later"],
    ...     "kind": ["equity_investment", "equity_investment", "licence",
    ...              "equity_investment", "licence"],
    ...     "source": ["v", "w", "a", "p", "a"], "target": ["f", "f", "p", "a", "p"],
    ...     "start": pd.to_datetime(["2004-04-01", "2004-04-01", "2010-05-03",
    ...                              "2010-05-03", "2012-01-01"])})
    >>> deal_keys(ties).tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['2004-04-01|f+v+w', '2004-04-01|f+v+w', '2010-05-03|a+p', '2010-05-03|a+p',
     '2012-01-01|a+p']
    >>> deal_keys(ties, groups=pd.Series({"v": "w"})).tolist()[:2]
    ['2004-04-01|f+w', '2004-04-01|f+w']
    """
    n = len(ties)
    if n == 0:
        return pd.Series([], index=ties.index, dtype=object)
    days = _days(ties["start"])
    sources, targets = ties["source"].astype(str), ties["target"].astype(str)
    if groups is not None:
        sources = sources.map(groups).fillna(sources).astype(str)
        targets = targets.map(groups).fillna(targets).astype(str)
    s, t = sources.to_numpy(object), targets.to_numpy(object)
    dated = np.flatnonzero(days != "")
    equity = dated[(ties["kind"].astype(str) == TieKind.EQUITY_INVESTMENT).to_numpy(bool)[dated]]
    low, high = np.where(s < t, s, t), np.where(s < t, t, s)
    pairs = pd.factorize(days[dated] + "|" + low[dated] + "|" + high[dated])[0]
    rounds = pd.factorize(days[equity] + "|" + t[equity])[0]
    component = _components(n, (dated, pairs), (equity, rounds))
    ends = pd.DataFrame({"deal": np.r_[component, component], "actor": np.r_[s, t]})
    ends = ends.drop_duplicates().sort_values(["deal", "actor"], kind="stable")
    deal, actor = ends["deal"].to_numpy(), ends["actor"].tolist()
    cuts = np.flatnonzero(np.r_[True, deal[1:] != deal[:-1], True]).tolist()
    joined = pd.Series(
        ["+".join(actor[a:b]) for a, b in itertools.pairwise(cuts)],
        index=deal[cuts[:-1]],
        dtype=object,
    )
    keys = days + "|" + joined.reindex(component).to_numpy(object)
    undated = np.flatnonzero(days == "")
    if len(undated):
        ids = ties["id"].astype(str).to_numpy(object) if "id" in ties.columns else None
        keys[undated] = [
            f"|tie:{ids[i]}" if ids is not None else f"|row:{ties.index[i]}" for i in undated
        ]
    return pd.Series(keys, index=ties.index, dtype=object)


def period_deal_keys(net: TemporalNetwork, period: Period, *, by_group: bool = False) -> pd.Series:
    """:func:`deal_keys` of :func:`~bioregion.system._scope.period_ties` (in their order,
    indexed like them), with the corporate groups of
    :func:`~bioregion.system._families.family_of` when ``by_group``; remembered inside
    :func:`bioregion.system._memo.reuse` (never change the Series)."""
    period = check_period(period)

    def build() -> pd.Series:
        return deal_keys(period_ties(net, period), family_of(net) if by_group else None)

    return remembered("period_deal_keys", net, (period, by_group), build)
