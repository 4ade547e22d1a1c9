"""A run's result: its agents and dated ties, as arrays, frames or a store's records.

The records are what the importer would read from files (actors with kinds, tags,
places, founding and end; ties with kinds, directions, years and amounts), so every
measure, indicator, report section and the web app work on a simulated region as on
an observed one. Simulated firms carry the tags ``nbf`` and ``simulated``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bioregion.model import Actor, Dataset, PartialDate, Source, Tie
from bioregion.simulate.engine import (
    ACQUIRED,
    CLOSED,
    KIND_NAMES,
    LEFT,
    NBF,
    STAGES,
    TIE_NAMES,
    World,
)
from bioregion.simulate.params import Levers, Parameters, Population, Scenario

#: Actor id prefixes by kind code.
PREFIX = ("nbf", "pharma", "univ", "inst", "inv", "agency", "cluster")
REASONS = {ACQUIRED: "acquired", CLOSED: "closed", LEFT: "other"}


@dataclass(frozen=True)
class Run:
    """One simulated history of a region."""

    population: Population
    params: Parameters
    levers: Levers
    scenario: Scenario | None
    start: int
    end: int
    seed: int | None
    agents: dict[str, np.ndarray]
    ties: dict[str, np.ndarray]

    @classmethod
    def from_world(
        cls, world: World, population: Population, start: int, end: int, seed, scenario
    ) -> Run:
        a = world.agents
        agents = {
            "kind": a.kind,
            "local": a.local,
            "born": a.born,
            "ended": a.ended,
            "reason": a.reason,
            "parent": a.parent,
            "capital": a.capital,
            "deals": a.deals,
        }
        return cls(
            population,
            world.params,
            world.levers,
            scenario,
            start,
            end,
            seed,
            agents,
            world.ties.arrays(),
        )

    # -- names ----------------------------------------------------------------
    def actor_ids(self) -> np.ndarray:
        """Ids such as ``nbf-00012`` (kind prefix, then the agent's number)."""
        kind = self.agents["kind"]
        prefix = np.array(PREFIX, dtype=object)[kind]
        numbers = np.char.zfill(np.arange(len(kind)).astype(str), 5).astype(object)
        return prefix + "-" + numbers

    def _places(self) -> tuple[np.ndarray, np.ndarray]:
        """NUTS code (the region's agents, in turn) and country (the others, in turn)."""
        n = len(self.agents["kind"])
        local = self.agents["local"]
        nuts_codes = np.array(self.population.nuts, dtype=object)
        abroad = np.array(self.population.abroad, dtype=object)
        order = np.arange(n)
        nuts = np.where(local, nuts_codes[order % len(nuts_codes)], "")
        country = np.where(local, "", abroad[order % len(abroad)])
        return nuts, country

    # -- frames ---------------------------------------------------------------
    def actors_table(self) -> pd.DataFrame:
        """The agents in the layout of the actors template (``id, name, kind, tags,
        founded, ended, end_reason, country, nuts``)."""
        ids = self.actor_ids()
        kind = self.agents["kind"]
        nuts, country = self._places()
        reason = self.agents["reason"]
        ended = np.where(reason > 0, self.agents["ended"], -1)
        firm = kind == NBF
        return pd.DataFrame(
            {
                "id": ids,
                "name": "Simulated " + pd.Series(ids).str.replace("-", " ", regex=False),
                "kind": np.array(KIND_NAMES, dtype=object)[kind],
                "tags": [("nbf", "simulated") if f else ("simulated",) for f in firm],
                "founded": self.agents["born"].astype(str),
                "ended": np.where(ended >= 0, ended.astype(str), ""),
                "end_reason": [REASONS.get(int(r), "") for r in reason],
                "country": country,
                "nuts": nuts,
            }
        )

    def ties_table(self) -> pd.DataFrame:
        """The ties in the layout of the ties template (``id, kind, source, target,
        start, stage, total, currency, tags``): dated to the year."""
        ids = self.actor_ids()
        t = self.ties
        n = len(t["kind"])
        order = np.lexsort((np.arange(n), t["year"]))
        amount = t["amount"][order]
        return pd.DataFrame(
            {
                "id": [f"sim-{i + 1:07d}" for i in range(n)],
                "kind": np.array(TIE_NAMES, dtype=object)[t["kind"][order]],
                "source": ids[t["source"][order]],
                "target": ids[t["target"][order]],
                "start": t["year"][order].astype(str),
                "stage": np.array(("", *STAGES), dtype=object)[t["stage"][order] + 1],
                "total": np.where(np.isnan(amount), np.nan, amount * 1e6),
                "currency": np.where(np.isnan(amount), "", "EUR"),
                "tags": [("brokered",) if b else () for b in t["brokered"][order]],
            }
        )

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``(actors, ties)`` as the network reads them (:func:`bioregion.network.actors_frame`,
        :func:`bioregion.network.ties_frame`): ready for a TemporalNetwork."""
        from bioregion.network import actors_frame, ties_frame

        return actors_frame(self.actors_table()), ties_frame(self.ties_table())

    def to_dataset(self, label: str = "") -> Dataset:
        """The run as records for a store (one Source describing the run, cited by all)."""
        source = Source(
            id=f"simulation-{label or 'run'}-seed-{self.seed}",
            url="https://github.com/bioregion/bioregion/blob/main/docs/simulate.md",
            title=(
                f"Simulated bioRegion ({label or 'run'}, seed {self.seed}, {self.start}-{self.end})"
            ),
            publisher="bioregion",
            notes=f"bioregion.simulate: {self.levers}; {self.params}",
        )
        cite = (source.id,)
        actors = [
            Actor(
                id=r.id,
                name=r.name,
                kind=r.kind,
                tags=r.tags,
                founded=PartialDate(int(r.founded)),
                ended=PartialDate(int(r.ended)) if r.ended else None,
                end_reason=r.end_reason,
                country=r.country,
                nuts=r.nuts,
                sources=cite,
            )
            for r in self.actors_table().itertuples(index=False)
        ]
        ties = [
            Tie(
                id=r.id,
                kind=r.kind,
                source=r.source,
                target=r.target,
                start=PartialDate(int(r.start)),
                stage=r.stage,
                total=None if np.isnan(r.total) else float(r.total),
                currency=r.currency,
                tags=r.tags,
                sources=cite,
            )
            for r in self.ties_table().itertuples(index=False)
        ]
        return Dataset(sources=[source], actors=actors, ties=ties)
