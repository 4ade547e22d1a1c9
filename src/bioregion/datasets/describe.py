"""What a store holds: counts of actors and ties by kind, by decade and by region."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from bioregion.model.records import Actor
from bioregion.store.store import Store


@dataclass
class StoreDescription:
    """Counts that say what a store covers (each a tidy :class:`pandas.DataFrame`)."""

    actors_by_kind: pd.DataFrame  # kind, actors
    actors_by_region: pd.DataFrame  # region, kind, actors
    ties_by_kind: pd.DataFrame  # kind, ties
    ties_by_decade: pd.DataFrame  # rows: tie kind, columns: decade ("1980s", ...), "total"
    totals: dict[str, int]  # actor, tie, event, participation, source

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


def _decade(year: int) -> str:
    return f"{year // 10 * 10}s"


def describe(store: Store, regions: Iterable[str] | None = None) -> StoreDescription:
    """Count the store's actors and ties by kind, decade of start and region.

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
        All frames are empty, and :attr:`StoreDescription.empty` true, for an empty store.

    Raises
    ------
    UnknownRegionError
        If one of ``regions`` names no region.
    """
    region = _region_rule(regions)
    actors = store.actors()
    ties = store.ties()
    actor_frame = pd.DataFrame(
        {"kind": [a.kind for a in actors], "region": [region(a) for a in actors]},
        columns=["kind", "region"],
    )
    tie_frame = pd.DataFrame(
        {"kind": [t.kind for t in ties], "decade": [_decade(t.start.year) for t in ties]},
        columns=["kind", "decade"],
    )
    by_decade = pd.crosstab(tie_frame["kind"], tie_frame["decade"]) if ties else pd.DataFrame()
    if not by_decade.empty:
        by_decade["total"] = by_decade.sum(axis=1)
        by_decade.loc["total"] = by_decade.sum(axis=0)
    totals = dict(store.counts())
    return StoreDescription(
        actors_by_kind=_count(actor_frame, ["kind"], "actors"),
        actors_by_region=_count(actor_frame, ["region", "kind"], "actors"),
        ties_by_kind=_count(tie_frame, ["kind"], "ties"),
        ties_by_decade=by_decade,
        totals=totals,
    )


def _region_rule(regions: Iterable[str] | None) -> Callable[[Actor], str]:
    """The function actor -> region label of :func:`describe`."""
    if regions is None:
        return lambda actor: actor.country or "unknown"
    from bioregion.regions import named_region, nuts_country_to_iso

    areas = [named_region(r) for r in ([regions] if isinstance(regions, str) else regions)]
    countries = {nuts_country_to_iso(code[:2]) for area in areas for code in area.codes}

    def region(actor: Actor) -> str:
        if actor.nuts:
            found = next((a.key for a in areas if a.contains(actor.nuts)), None)
            if found:
                return found
        if actor.country:
            return f"elsewhere in {actor.country}" if actor.country in countries else "abroad"
        return "unknown"

    return region


def _count(frame: pd.DataFrame, by: list[str], name: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[*by, name])
    counted = frame.groupby(by).size().rename(name).reset_index()
    return counted.sort_values([name, *by], ascending=[False] + [True] * len(by), ignore_index=True)


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
    actors = [a for a in store.actors() if tag in a.tags]
    ids = {a.id for a in actors}
    ties = [t for t in store.ties() if t.source in ids or t.target in ids]
    years = [t.start.year for t in ties]
    if start is None:
        start = min(years) // step * step if years else 0
    if end is None:
        end = max(years) if years else start - 1
    edges = range(start, end + 1, step)
    labels = [f"{y}-{min(y + step - 1, end)}" for y in edges]
    counts = pd.DataFrame(0, index=[a.id for a in actors], columns=labels)
    for tie in ties:
        if not start <= tie.start.year <= end:
            continue
        label = labels[(tie.start.year - start) // step]
        for actor_id in (tie.source, tie.target):
            if actor_id in counts.index:
                counts.loc[actor_id, label] += 1
    counts["total"] = counts.sum(axis=1)
    names = {a.id: a.name for a in actors}
    counts.insert(0, "firm", [names[i] for i in counts.index])
    return counts.sort_values(["total", "firm"], ascending=[False, True])
