"""Simulation: an agent-based model of a bioRegion (after SKIN: knowledge-endowed firms
that ally, learn, raise money, are bought or close), policy levers, scenarios and their
statistics. See ``docs/simulate.md``.

>>> from bioregion.simulate import Population, simulate, summary
>>> run = simulate(Population(nuts=("BE21",)), start=1990, end=2000, seed=1)
>>> int(summary(run)["firms_total"]) > 0
True
"""

from __future__ import annotations

import numpy as np

from bioregion.simulate.engine import run_years
from bioregion.simulate.output import Run
from bioregion.simulate.params import (
    Levers,
    Parameters,
    Population,
    Scenario,
    ScenarioEvent,
    describe,
    load_scenario,
)
from bioregion.simulate.stats import SCALARS, as_frame, gini, summary

__all__ = [
    "SCALARS",
    "Levers",
    "Parameters",
    "Population",
    "Run",
    "Scenario",
    "ScenarioEvent",
    "as_frame",
    "describe",
    "gini",
    "load_scenario",
    "simulate",
    "summary",
]


def simulate(
    population: Population,
    *,
    start: int,
    end: int,
    seed: int | np.random.SeedSequence,
    params: Parameters | None = None,
    levers: Levers | None = None,
    scenario: Scenario | None = None,
) -> Run:
    """One run of the model from ``start`` to ``end`` (years, inclusive); every draw comes
    from one generator seeded with ``seed`` (:func:`bioregion.simulate.engine.generator`),
    so a seed gives the same run every time."""
    params = params or Parameters()
    world = run_years(
        population, params, levers or Levers(), start, end, seed=seed, scenario=scenario
    )
    label = seed if isinstance(seed, int) else None
    return Run.from_world(world, population, start, end, label, scenario)
