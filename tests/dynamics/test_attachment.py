"""Preferential attachment: the estimator's counts by hand, and recovery of known kernels
(linear, sub-linear, none) from seeded growing networks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bioregion.dynamics import attachment_kernel, formation_events
from bioregion.errors import ArgumentError


def test_counts_by_hand():
    # period 0: a-b, a-c (a has degree 2, b and c 1); period 1: d joins a, d joins b, b-c
    events = pd.DataFrame(
        {
            "source": ["a", "a", "d", "d", "b"],
            "target": ["b", "c", "a", "b", "c"],
            "period": [0, 0, 1, 1, 1],
        }
    )
    # period 1: N = 3 actors (a: k=2; b, c: k=1); ends attaching to existing actors:
    # d-a -> a (k=2); d-b -> b (k=1); b-c -> b (k=1) and c (k=1)
    # m(1) = 3, n(1) = 2 -> A(1) = 3/2 * 3 = 4.5; m(2) = 1, n(2) = 1 -> A(2) = 3
    # period 0 has nobody at risk
    with pytest.raises(ArgumentError, match="too few"):
        attachment_kernel(events)
    from bioregion.dynamics.attachment import _counts

    per, _, total = _counts(events, newcomers_only=False)
    m, n, big_n = per[1]
    assert total == 5 and big_n == 3
    assert m.tolist() == [0, 3, 1] and n.tolist() == [0, 2, 1]
    m_new, _, _ = _counts(events, newcomers_only=True)[0][1]
    assert m_new.tolist() == [0, 1, 1]  # only d's ties (d is new): to b (k=1) and a (k=2)


def grow(alpha: float, *, nodes: int = 3000, m: int = 2, per_period: int = 60, seed: int = 0):
    """A network grown one actor at a time, each attaching to m others with probability
    proportional to degree ** alpha; actors join in periods of ``per_period``."""
    rng = np.random.default_rng(seed)
    degree = np.zeros(nodes)
    rows = []
    for i in range(m + 1):
        for j in range(i):
            rows.append((i, j, 0))
            degree[i] += 1
            degree[j] += 1
    for new in range(m + 1, nodes):
        weight = degree[:new] ** alpha
        chosen = rng.choice(new, size=m, replace=False, p=weight / weight.sum())
        period = 1 + (new - m - 1) // per_period
        for old in chosen:
            rows.append((new, int(old), period))
            degree[old] += 1
        degree[new] += m
    return pd.DataFrame(rows, columns=["source", "target", "period"])


@pytest.mark.parametrize("alpha", [1.0, 0.5, 0.0])
def test_a_known_kernel_is_recovered(alpha):
    results = [attachment_kernel(grow(alpha, seed=seed), min_periods=3) for seed in range(3)]
    for result in results:
        assert abs(result.alpha - alpha) < 0.1, result.summary()
        table = result.kernel
        assert (table["low"] <= table["A"]).all() and (table["A"] <= table["high"]).all()
    # nominal 95% intervals (growth is counted from each period's start): most cover it
    covered = sum(r.alpha_low <= alpha <= r.alpha_high for r in results)
    assert covered >= 2, [r.summary() for r in results]


def test_linear_and_no_attachment_are_told_apart():
    linear = attachment_kernel(grow(1.0, seed=3), min_periods=3)
    none = attachment_kernel(grow(0.0, seed=3), min_periods=3)
    assert linear.alpha_low > none.alpha_high


def test_formation_events_from_a_ties_frame():
    ties = pd.DataFrame(
        {
            "source": ["a", "a", "b", "c"],
            "target": ["b", "a", "c", "d"],
            "start": ["2001-05-01", "2002", None, "2005"],
        }
    )
    events = formation_events(ties, period_years=2)
    assert events.to_dict("list") == {"source": ["a", "c"], "target": ["b", "d"], "period": [0, 2]}


def test_formation_and_dissolution_rates_by_hand():
    from bioregion.dynamics import formation_rates

    ties = pd.DataFrame(
        {
            "kind": ["licence", "licence", "licence", "grant"],
            "start": ["2000", "2001-03", "2002", "2001"],
            "end": ["2001", None, None, "2003"],
        }
    )
    rates = formation_rates(ties).set_index(["kind", "year"])
    lic = rates.loc["licence"]
    assert lic.loc[2001].to_dict() == {
        "formed": 1,
        "dissolved": 1,
        "active": 1,
        "formation_rate": 1.0,
        "dissolution_rate": 1.0,
    }
    assert lic.loc[2002, "active"] == 1 and lic.loc[2002, "formed"] == 1  # 2001 tie still on
    assert np.isnan(lic.loc[2000, "formation_rate"])  # nothing active at its start
    assert rates.loc[("grant", 2003), "dissolved"] == 1
