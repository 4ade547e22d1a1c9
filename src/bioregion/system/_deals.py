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

import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import TieKind

__all__ = ["UNITS", "check_unit", "deal_keys"]

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


def _day(start: object) -> str:
    return "" if pd.isna(start) else pd.Timestamp(start).strftime("%Y-%m-%d")


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


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
    days = [_day(s) for s in ties["start"]]
    sources, targets = ties["source"].astype(str), ties["target"].astype(str)
    if groups is not None:
        sources = sources.map(groups).fillna(sources).astype(str)
        targets = targets.map(groups).fillna(targets).astype(str)
    sources, targets = sources.tolist(), targets.tolist()
    equity = (ties["kind"].astype(str) == TieKind.EQUITY_INVESTMENT).tolist()
    parent = list(range(n))
    first_of: dict[tuple, int] = {}
    for i in range(n):
        if not days[i]:
            continue
        links = [("pair", days[i], *sorted((sources[i], targets[i])))]
        if equity[i]:
            links.append(("round", days[i], targets[i]))
        for link in links:
            j = first_of.setdefault(link, i)
            ri, rj = _find(parent, i), _find(parent, j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    actors: dict[int, set[str]] = {}
    for i in range(n):
        actors.setdefault(_find(parent, i), set()).update((sources[i], targets[i]))
    ids = ties["id"].astype(str).tolist() if "id" in ties.columns else None
    keys = []
    for i in range(n):
        if not days[i]:
            keys.append(f"|tie:{ids[i]}" if ids is not None else f"|row:{ties.index[i]}")
        else:
            keys.append(f"{days[i]}|" + "+".join(sorted(actors[_find(parent, i)])))
    return pd.Series(keys, index=ties.index, dtype=object)
