"""The vectorised engine and the straightforward Mesa implementation of the same rules
(the benchmark peer, ``benchmarks/mesa_peer.py``) agree in distribution: over 40 seeds
each, no summary statistic differs (two-sided Mann-Whitney U, p > 0.001 each), while a
changed rule in the peer is told apart (so the comparison can fail)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import mannwhitneyu

pytest.importorskip("mesa", reason="mesa (a dev dependency) is not installed")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from mesa_peer import agent_steps, run_mesa

from bioregion.simulate import Parameters, Population, simulate, summary

REGION = Population(nuts=("BE21",), firms=4, pharma_global=15, investors_global=8)
STATS = (
    "firms_total",
    "alliances_total",
    "acquired_share",
    "survival_5y",
    "degree_mean",
    "global_share",
    "pharma_hhi",
)
SEEDS = range(40)


def stats_of(runs):
    found = [summary(r) for r in runs]
    return {s: np.array([f[s] for f in found], float) for s in STATS}


@pytest.fixture(scope="module")
def engine():
    return stats_of(simulate(REGION, start=1990, end=2010, seed=s) for s in SEEDS)


def test_the_mesa_peer_agrees_with_the_engine_in_distribution(engine):
    peer = stats_of(run_mesa(REGION, 1990, 2010, seed=1000 + s) for s in SEEDS)
    for name in STATS:
        a, b = engine[name], peer[name]
        a, b = a[~np.isnan(a)], b[~np.isnan(b)]
        p = mannwhitneyu(a, b).pvalue
        assert p > 0.001, (name, a.mean(), b.mean(), p)


def test_a_changed_rule_is_told_apart(engine):
    changed = Parameters(partnering_rate=1.6)
    peer = stats_of(run_mesa(REGION, 1990, 2010, seed=2000 + s, params=changed) for s in SEEDS)
    assert mannwhitneyu(engine["alliances_total"], peer["alliances_total"]).pvalue < 0.001


def test_agent_steps_count_each_agent_once_per_year_alive():
    run = simulate(REGION, start=1990, end=1999, seed=3)
    a = run.agents
    expected = sum(
        1
        for i in range(len(a["kind"]))
        for year in range(1990, 2000)
        if a["born"][i] <= year and (a["ended"][i] < 0 or year <= a["ended"][i])
    )
    assert agent_steps(run) == expected
