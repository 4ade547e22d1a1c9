"""The relational event model recovers known coefficients from a simulated event stream
(partners chosen with probability proportional to exp(beta . statistics))."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from bioregion.dynamics import STATISTICS, event_table, fit_rem
from bioregion.dynamics.rem import _advance, _State, _statistics

TRUE = {
    "partner_degree": 0.8,
    "prior_ties": 1.0,
    "shared_partners": 0.5,
    "same_kind": 0.7,
    "same_region": 0.4,
}


def simulate_stream(seed=0, actors=150, periods=25, per_period=60):
    rng = np.random.default_rng(seed)
    kinds = rng.choice(np.array(["firm", "pharma", "university"], object), actors)
    regions = rng.choice(np.array(["north", "south"], object), actors)
    founded = np.full(actors, 1990.0)
    state = _State(np.zeros(actors), [set() for _ in range(actors)], defaultdict(int), {})
    beta = np.array([TRUE.get(s, 0.0) for s in STATISTICS])
    rows = []
    for period in range(periods):
        year = 1991 + period
        src, dst = [], []
        for _ in range(per_period):
            i = int(rng.integers(actors))
            others = np.array([j for j in range(actors) if j != i])
            x = _statistics(state, i, others, kinds, regions, founded, year)
            weight = np.exp(x @ beta)
            j = int(rng.choice(others, p=weight / weight.sum()))
            src.append(i)
            dst.append(j)
            rows.append((f"a{i}", f"a{j}", str(year)))
        _advance(state, np.array(src), np.array(dst), kinds)
    ties = pd.DataFrame(rows, columns=["source", "target", "start"])
    people = pd.DataFrame(
        {
            "id": [f"a{k}" for k in range(actors)],
            "kind": kinds,
            "region": regions,
            "founded": ["1990"] * actors,
        }
    )
    return ties, people


def test_known_coefficients_are_recovered_within_their_intervals():
    ties, people = simulate_stream()
    table = event_table(ties, people, controls=15, seed=1, focal="source")
    fit = fit_rem(table, tuple(TRUE))
    coef = fit.coefficients.set_index("statistic")
    inside = 0
    for name, true in TRUE.items():
        row = coef.loc[name]
        assert abs(row["coef"] - true) < 3 * row["se"], (name, row.to_dict())
        inside += row["low"] <= true <= row["high"]
    assert inside >= 4, coef
    assert fit.events > 1000 and fit.controls == 15 * fit.events


def test_a_logit_that_is_absent_is_estimated_near_zero():
    ties, people = simulate_stream(seed=4, periods=15)
    table = event_table(ties, people, controls=15, seed=2, focal="source")
    coef = fit_rem(table, (*TRUE, "trend")).coefficients.set_index("statistic")
    row = coef.loc["trend"]
    assert row["low"] <= 0.0 <= row["high"] or abs(row["coef"]) < 3 * row["se"]


def test_statistics_are_computed_from_earlier_periods_only():
    ties = pd.DataFrame(
        {
            "source": ["a", "b", "a", "a", "c"],
            "target": ["b", "c", "c", "b", "d"],
            "start": ["2000", "2000", "2001", "2001", "2001"],
        }
    )
    people = pd.DataFrame(
        {"id": list("abcde"), "kind": ["f", "f", "p", "p", "u"], "founded": ["1990"] * 5}
    )
    table = event_table(ties, people, controls=3, seed=0, focal="source", first_period=2001)
    chosen = table[table["chosen"] == 1].set_index(["focal", "partner"])
    log1p = np.log1p
    # a-c in 2001: c had one tie before (b-c); a and c share b; no prior a-c tie
    assert chosen.loc[("a", "c"), "partner_degree"] == pytest.approx(log1p(1))
    assert chosen.loc[("a", "c"), "shared_partners"] == pytest.approx(log1p(1))
    assert chosen.loc[("a", "c"), "prior_ties"] == 0.0
    # a-b in 2001: the 2000 tie is a prior tie; b had two ties (a-b, b-c); a-c of the
    # same year is not seen
    assert chosen.loc[("a", "b"), "prior_ties"] == pytest.approx(log1p(1))
    assert chosen.loc[("a", "b"), "partner_degree"] == pytest.approx(log1p(2))
    # c-d in 2001: d had no tie before; both are of kind p
    assert chosen.loc[("c", "d"), "partner_degree"] == 0.0
    assert chosen.loc[("c", "d"), "same_kind"] == 1.0
    assert (table.groupby("event")["chosen"].sum() == 1).all()
    with pytest.raises(Exception, match="focal"):
        event_table(ties, people, focal="both")


def test_the_fast_choice_likelihood_equals_statsmodels_conditional_logit():
    from statsmodels.discrete.conditional_models import ConditionalLogit

    ties, people = simulate_stream(seed=2, periods=8)
    table = event_table(ties, people, controls=12, seed=3, focal="source")
    fit = fit_rem(table, tuple(TRUE))  # one chosen row per stratum: the fast path
    reference = ConditionalLogit(
        table["chosen"].to_numpy(), table[list(TRUE)], groups=table["event"]
    ).fit(disp=False)
    coef = fit.coefficients.set_index("statistic").loc[list(TRUE)]
    assert np.allclose(coef["coef"], np.asarray(reference.params), atol=1e-3)
    assert np.allclose(coef["se"], np.asarray(reference.bse), rtol=1e-3)
    assert np.allclose(fit.covariance.to_numpy(), np.asarray(reference.cov_params()), atol=1e-5)
    # a stratum with two chosen rows goes to ConditionalLogit and still fits
    doubled = table.copy()
    first = doubled.index[(doubled["event"] == 0) & (doubled["chosen"] == 0)][0]
    doubled.loc[first, "chosen"] = 1
    both = fit_rem(doubled, tuple(TRUE)).coefficients.set_index("statistic")
    assert np.isfinite(both["se"]).all() and len(both) == len(TRUE)
