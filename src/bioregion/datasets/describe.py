"""What a store holds: counts of actors and ties by kind, by decade and by region.

The store does the counting (SQL ``GROUP BY``); the counts are shaped into tables in plain
Python, and into :class:`pandas.DataFrame` only when one is asked for, so that
``bioregion describe`` loads neither pandas nor numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from bioregion.store.frames import count_rows
from bioregion.store.store import Store

if TYPE_CHECKING:
    import pandas as pd

#: One table as text: (title, column names, rows).
TextTable = tuple[str, list[str], list[list[str]]]


@dataclass
class StoreDescription:
    """Counts that say what a store covers.

    ``actor_counts`` maps (region, actor kind) and ``tie_counts`` (tie kind, decade of
    start, ``"1980s"``) to numbers of records; ``totals`` counts the records of each type
    (actor, tie, event, participation, source). The tidy tables below are made from them.
    """

    actor_counts: dict[tuple[str, str], int]
    tie_counts: dict[tuple[str, str], int]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Whether the store holds no record at all."""
        return not any(self.totals.values())

    def summary(self) -> str:
        t = self.totals
        return (
            f"{t['actor']} actors, {t['tie']} ties, {t['event']} events, "
            f"{t['participation']} participations, {t['source']} sources"
        )

    @cached_property
    def actors_by_kind(self) -> pd.DataFrame:
        """``kind, actors``: most actors first (then by kind)."""
        return _frame(_sums(self.actor_counts, lambda k: (k[1],)), ["kind"], "actors")

    @cached_property
    def actors_by_region(self) -> pd.DataFrame:
        """``region, kind, actors``: most actors first (then by region and kind)."""
        return _frame(_sums(self.actor_counts, lambda k: k), ["region", "kind"], "actors")

    @cached_property
    def ties_by_kind(self) -> pd.DataFrame:
        """``kind, ties``: most ties first (then by kind)."""
        return _frame(_sums(self.tie_counts, lambda k: (k[0],)), ["kind"], "ties")

    @cached_property
    def ties_by_decade(self) -> pd.DataFrame:
        """Rows: tie kind, then ``total``; columns: decade (``"1980s"``, ...), ``total``."""
        import pandas as pd

        kinds, decades, matrix = _by_decade(self.tie_counts)
        if not kinds:
            return pd.DataFrame()
        return pd.DataFrame(
            matrix,
            index=pd.Index(kinds, dtype="str", name="kind"),
            columns=pd.Index(decades, dtype="str", name="decade"),
            dtype="int64",
        )

    def tables(self) -> list[TextTable]:
        """The tables ``bioregion describe`` prints, as text: actors by kind, actors by
        kind and region (regions as columns), ties by kind and decade (with totals); a
        table without rows is left out."""
        found: list[TextTable] = []
        by_kind = sorted(_sums(self.actor_counts, lambda k: (k[1],)).items())
        if by_kind:
            ranked = sorted(by_kind, key=lambda item: -item[1])
            found.append(
                ("actors by kind", ["kind", "actors"], [[k, str(n)] for (k,), n in ranked])
            )
            regions = sorted({region for region, _ in self.actor_counts})
            kinds = [k for (k,), _ in by_kind]
            counts = _sums(self.actor_counts, lambda k: k)
            rows = [[k, *(str(counts.get((r, k), 0)) for r in regions)] for k in kinds]
            found.append(("actors by region", ["kind", *regions], rows))
        kinds, decades, matrix = _by_decade(self.tie_counts)
        if kinds:
            rows = [[k, *map(str, row)] for k, row in zip(kinds, matrix, strict=True)]
            found.append(("ties by kind and decade of start", ["kind", *decades], rows))
        return found


def _decade(year: int) -> str:
    return f"{year // 10 * 10}s"


def describe(store: Store, regions: Iterable[str] | None = None) -> StoreDescription:
    """Count the store's actors and ties by kind, decade of start and region.

    The store counts (SQL ``GROUP BY``, :func:`bioregion.store.frames.count_rows`): no
    record is read into Python, so a store of millions of ties is described in about
    the time of one scan of its tables.

    Parameters
    ----------
    store : Store
    regions : iterable of str, optional
        Named regions or NUTS codes (``("flanders", "wallonia", "brussels")``,
        ``("DE21",)``) to break the actors down by, by location: an actor's region is
        the key of the first of them whose NUTS codes contain the actor's NUTS code
        (``"flanders"``, ``"de21"``); otherwise ``"elsewhere in XX"`` when its country
        is the country of one of them, ``"abroad"`` for another country, ``"unknown"``
        without either. None (the default): by country, each actor's ``country`` code
        (``"unknown"`` without one).

    Returns
    -------
    StoreDescription
        All tables are empty, and :attr:`StoreDescription.empty` true, for an empty store.

    Raises
    ------
    UnknownRegionError
        If one of ``regions`` names no region.
    """
    region = _region_rule(regions)
    actors: Counter[tuple[str, str]] = Counter()
    for kind, country, nuts, count in count_rows(
        store.engine, "actors", ["kind", "country", "nuts"]
    ):
        actors[region(country, nuts), kind] += count
    ties: Counter[tuple[str, str]] = Counter()
    for kind, year, count in count_rows(store.engine, "ties", ["kind", "start_year"]):
        ties[kind, _decade(year)] += count
    return StoreDescription(actor_counts=dict(actors), tie_counts=dict(ties), totals=store.counts())


def _sums(
    counts: dict[tuple[str, str], int], key: Callable[[tuple[str, str]], tuple[str, ...]]
) -> dict[tuple[str, ...], int]:
    """The counts summed by a part of their keys."""
    found: Counter[tuple[str, ...]] = Counter()
    for parts, count in counts.items():
        found[key(parts)] += count
    return dict(found)


def _frame(sums: dict[tuple[str, ...], int], by: list[str], name: str) -> pd.DataFrame:
    """Sums as a tidy frame ``[*by, name]``: largest first, then by the ``by`` columns."""
    import pandas as pd

    if not sums:
        return pd.DataFrame(columns=[*by, name])
    ranked = sorted(sums.items(), key=lambda item: (-item[1], item[0]))
    columns = {c: pd.array([k[i] for k, _ in ranked], dtype="str") for i, c in enumerate(by)}
    columns[name] = pd.array([n for _, n in ranked], dtype="int64")
    return pd.DataFrame(columns)


def _by_decade(counts: dict[tuple[str, str], int]) -> tuple[list[str], list[str], list[list[int]]]:
    """Kinds (rows, then ``total``), decades (columns, then ``total``) and the counts."""
    kinds = sorted({k for k, _ in counts})
    decades = sorted({d for _, d in counts})
    if not kinds:
        return [], [], []
    matrix = [[counts.get((k, d), 0) for d in decades] for k in kinds]
    matrix = [[*row, sum(row)] for row in matrix]
    matrix.append([sum(column) for column in zip(*matrix, strict=True)])
    return [*kinds, "total"], [*decades, "total"], matrix


def _region_rule(regions: Iterable[str] | None) -> Callable[[str, str], str]:
    """The function (country, NUTS code) -> region label of :func:`describe`."""
    if regions is None:
        return lambda country, nuts: country or "unknown"
    from bioregion.regions import named_region, nuts_country_to_iso

    areas = [named_region(r) for r in ([regions] if isinstance(regions, str) else regions)]
    countries = {nuts_country_to_iso(code[:2]) for area in areas for code in area.codes}

    def region(country: str, nuts: str) -> str:
        if nuts:
            found = next((a.key for a in areas if a.contains(nuts)), None)
            if found:
                return found
        if country:
            return f"elsewhere in {country}" if country in countries else "abroad"
        return "unknown"

    return region


def coverage(
    store: Store,
    tag: str = "nbf",
    start: int | None = None,
    end: int | None = None,
    step: int = 5,
) -> pd.DataFrame:
    """Ties per actor and period: one row per actor carrying ``tag``, one column per period.

    Periods are ``step`` years wide from ``start`` (the last one ends at ``end``); a tie
    counts for both of its actors, in the period of its start. ``start`` defaults to the
    year of the earliest start of these actors' ties rounded down to a multiple of ``step``
    (1987 -> 1985), ``end`` to the year of their latest tie start; without such ties there
    are no period columns. Rows are sorted by total ties, then name.
    """
    import numpy as np
    import pandas as pd

    actors = store.frame("actors", ["id", "name", "tags"])
    actors = actors[np.array([tag in tags for tags in actors["tags"]], dtype=bool)]
    ids = actors["id"].tolist()
    ties = store.frame("ties", ["source", "target", "start"])
    ends = np.concatenate([ties["source"].to_numpy(object), ties["target"].to_numpy(object)])
    position = pd.Index(ids, dtype=object).get_indexer(ends)  # -1: not one of these actors
    years = np.tile(ties["start"].dt.year.to_numpy(np.int64), 2)
    n = len(ties)
    of_these = (position[:n] >= 0) | (position[n:] >= 0)
    chosen = years[:n][of_these]
    if start is None:
        start = int(chosen.min()) // step * step if len(chosen) else 0
    if end is None:
        end = int(chosen.max()) if len(chosen) else start - 1
    labels = [f"{y}-{min(y + step - 1, end)}" for y in range(start, end + 1, step)]
    counted = (position >= 0) & (years >= start) & (years <= end)
    matrix = np.zeros((len(ids), len(labels)), dtype=np.int64)
    np.add.at(matrix, (position[counted], (years[counted] - start) // step), 1)
    counts = pd.DataFrame(matrix, index=ids, columns=labels)
    counts["total"] = counts.sum(axis=1)
    counts.insert(0, "firm", actors["name"].tolist())
    return counts.sort_values(["total", "firm"], ascending=[False, True])
