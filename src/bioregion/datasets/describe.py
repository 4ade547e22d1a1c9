"""What a store holds: counts of actors and ties by kind, by decade and by region."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bioregion.model.records import Actor
from bioregion.store.store import Store

#: The named regions a description breaks actors down by.
DEFAULT_REGIONS = ("flanders", "wallonia", "brussels")


@dataclass
class StoreDescription:
    """Counts that say what a store covers (each a tidy :class:`pandas.DataFrame`)."""

    actors_by_kind: pd.DataFrame  # kind, actors
    actors_by_region: pd.DataFrame  # region, kind, actors
    ties_by_kind: pd.DataFrame  # kind, ties
    ties_by_decade: pd.DataFrame  # rows: tie kind, columns: decade ("1980s", ...), "total"
    totals: dict[str, int]  # actors, ties, events, participations, sources, cited_urls

    def summary(self) -> str:
        t = self.totals
        return (
            f"{t['actor']} actors, {t['tie']} ties, {t['event']} events, "
            f"{t['participation']} participations, {t['source']} sources"
        )


def _decade(year: int) -> str:
    return f"{year // 10 * 10}s"


def describe(store: Store, regions: tuple[str, ...] = DEFAULT_REGIONS) -> StoreDescription:
    """Count the store's actors and ties by kind, decade of start and region.

    An actor's region is the first of ``regions`` whose NUTS codes contain the
    actor's NUTS code; otherwise ``"elsewhere in BE"`` or ``"abroad"`` by its country,
    or ``"unknown"`` when it has neither.
    """
    from bioregion.regions import named_region

    areas = [named_region(r) for r in regions]
    actors = store.actors()
    ties = store.ties()

    def region(actor: Actor) -> str:
        found = next((a.key for a in areas if actor.nuts and a.contains(actor.nuts)), None)
        if found:
            return found
        if actor.country:
            return "elsewhere in BE" if actor.country == "BE" else "abroad"
        return "unknown"

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


def _count(frame: pd.DataFrame, by: list[str], name: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[*by, name])
    counted = frame.groupby(by).size().rename(name).reset_index()
    return counted.sort_values([name, *by], ascending=[False] + [True] * len(by), ignore_index=True)


def coverage(
    store: Store, tag: str = "nbf", start: int = 1985, end: int = 2025, step: int = 5
) -> pd.DataFrame:
    """Ties per actor and period: one row per actor carrying ``tag``, one column per period.

    Periods are ``step`` years wide from ``start`` (the last one ends at ``end``);
    a tie counts for both of its actors, in the period of its start. Rows are sorted
    by total ties, then name.
    """
    actors = [a for a in store.actors() if tag in a.tags]
    edges = range(start, end + 1, step)
    labels = [f"{y}-{min(y + step - 1, end)}" for y in edges]
    counts = pd.DataFrame(0, index=[a.id for a in actors], columns=labels)
    for tie in store.ties():
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
