"""Many runs: replicates of a baseline and of scenarios, on Dask or in this process.

Replicate ``i`` of every arm uses the same seed (common random numbers), so that a
scenario's effect is measured against the baseline run it differs from only by the
scenario. Runs go to a Dask cluster (``client``: a :class:`distributed.Client`, to a
local cluster or a scheduler's address) in batches, one task per batch of replicates;
without a client they run here, one after another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bioregion.simulate.engine import run_years
from bioregion.simulate.output import Run
from bioregion.simulate.params import Levers, Parameters, Population, Scenario
from bioregion.simulate.stats import SCALARS, summary

__all__ = ["Arm", "Experiment", "effects", "replicate_seeds", "run_experiment"]


@dataclass(frozen=True)
class Arm:
    """One configuration to replicate: a baseline (no scenario) or a scenario."""

    name: str
    scenario: Scenario | None = None


@dataclass(frozen=True)
class Experiment:
    """A region, its parameters and baseline levers, the years and the arms to run."""

    population: Population
    start: int
    end: int
    params: Parameters = field(default_factory=Parameters)
    levers: Levers = field(default_factory=Levers)
    arms: tuple[Arm, ...] = (Arm("baseline"),)


def replicate_seeds(seed: int, replicates: int) -> list[np.random.SeedSequence]:
    """Independent seeds for the replicates, spawned from one (reproducible)."""
    return np.random.SeedSequence(seed).spawn(replicates)


def _one(experiment: Experiment, arm: Arm, seed: np.random.SeedSequence) -> dict[str, Any]:
    world = run_years(
        experiment.population,
        experiment.params,
        experiment.levers,
        experiment.start,
        experiment.end,
        seed=seed,
        scenario=arm.scenario,
    )
    run = Run.from_world(
        world, experiment.population, experiment.start, experiment.end, None, arm.scenario
    )
    return summary(run)


def run_batch(
    experiment: Experiment, jobs: Sequence[tuple[int, int, Any]]
) -> list[tuple[int, int, dict]]:
    """Run ``(arm index, replicate, seed)`` jobs; the summaries with their indices."""
    return [(a, r, _one(experiment, experiment.arms[a], seed)) for a, r, seed in jobs]


def run_experiment(
    experiment: Experiment,
    replicates: int,
    *,
    seed: int = 0,
    client: Any = None,
    batch: int = 10,
    progress: Callable[[str, int, int], None] | None = None,
) -> pd.DataFrame:
    """Every arm ``replicates`` times; one row per (arm, replicate) with the scalar
    statistics (:data:`bioregion.simulate.SCALARS`) and the yearly series as arrays.

    ``client``: a ``distributed.Client`` (batches of ``batch`` runs are its tasks), or
    None to run here. ``progress(stage, done, total)`` is told after each batch.
    """
    seeds = replicate_seeds(seed, replicates)
    jobs = [(a, r, seeds[r]) for a in range(len(experiment.arms)) for r in range(replicates)]
    results = map_batches(run_batch, experiment, jobs, client, batch, progress, "simulate")
    rows = [
        {"arm": experiment.arms[a].name, "replicate": r, **stats}
        for a, r, stats in sorted(results, key=lambda x: (x[0], x[1]))
    ]
    return pd.DataFrame(rows)


def map_batches(
    function: Callable[[Any, Sequence], list],
    shared: Any,
    items: Sequence,
    client: Any,
    batch: int,
    progress: Callable[[str, int, int], None] | None,
    stage: str,
) -> list:
    """``function(shared, part)`` over ``items`` in parts of ``batch``, here or as tasks
    of a Dask ``client`` (``shared`` sent to every worker once, under a key of its own);
    the results concatenated in completion order. ``progress(stage, done, total)`` after
    each part."""
    parts = [items[i : i + batch] for i in range(0, len(items), batch)]
    results: list = []
    if client is None:
        for done, part in enumerate(parts, 1):
            results += function(shared, part)
            if progress:
                progress(stage, done, len(parts))
        return results
    from distributed import as_completed

    sent = client.scatter(shared, broadcast=True, hash=False)  # own key per call
    futures = [client.submit(function, sent, part, pure=False) for part in parts]
    for done, future in enumerate(as_completed(futures), 1):
        results += future.result()
        if progress:
            progress(stage, done, len(parts))
    return results


def _se(values: pd.Series) -> float:
    """Standard error of a mean (0 for fewer than two values)."""
    return float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0


def effects(results: pd.DataFrame, baseline: str = "baseline", level: float = 0.95) -> pd.DataFrame:
    """Each arm's mean of each scalar statistic with its band (the central ``level`` of
    the replicates), and its effect against the baseline: the mean paired difference
    (common random numbers), the band of the replicates' differences (``effect_low``,
    ``effect_high``: how much one history may differ) and the confidence interval of the
    mean effect (``ci_low``, ``ci_high``: normal, mean +- z * sd / sqrt(n))."""
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + level / 2))
    low, high = (1 - level) / 2, 1 - (1 - level) / 2
    base = results[results["arm"] == baseline].set_index("replicate")
    rows = []
    for arm, group in results.groupby("arm", sort=False):
        group = group.set_index("replicate")
        for stat in SCALARS:
            values = group[stat].astype(float)
            diff = (values - base[stat].astype(float)).dropna()
            rows.append(
                {
                    "arm": arm,
                    "statistic": stat,
                    "mean": values.mean(),
                    "low": values.quantile(low),
                    "high": values.quantile(high),
                    "effect": diff.mean() if arm != baseline else 0.0,
                    "effect_low": diff.quantile(low) if arm != baseline else 0.0,
                    "effect_high": diff.quantile(high) if arm != baseline else 0.0,
                    "ci_low": diff.mean() - z * _se(diff) if arm != baseline else 0.0,
                    "ci_high": diff.mean() + z * _se(diff) if arm != baseline else 0.0,
                    "replicates": int(values.notna().sum()),
                }
            )
    return pd.DataFrame(rows)


def _se(values: pd.Series) -> float:
    """Standard error of a mean (0 for fewer than two values)."""
    return float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0
