"""Calibration: the moments (by hand on a small network; the same on runs as the run's own
statistics), recovery of known parameters from simulated data, and validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.simulate import Levers, Parameters, Population, simulate, summary
from bioregion.simulate.calibrate import (
    MOMENTS,
    Prior,
    calibrate,
    observed_moments,
    run_moments,
    validate,
)

REGION = Population(nuts=("BE21", "BE22"), firms=3, pharma_global=15, investors_global=8)


def test_observed_moments_by_hand():
    actors = pd.DataFrame(
        {
            "id": ["f1", "f2", "p1", "p2", "i", "g"],
            "kind": ["biotech_firm", "biotech_firm", "pharma", "pharma", "investor", "government"],
            "nuts": ["BE211", "BE242", "", "BE241", "BE211", "BE100"],
            "country": ["BE", "BE", "US", "BE", "BE", "BE"],
            "founded": ["2001", "2003", "1900", "1950", "1990", "1980"],
            "tags": ["nbf", "nbf", "", "", "", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "kind": [
                "licence",
                "rd_collaboration",
                "licence",
                "equity_investment",
                "grant",
                "acquisition",
                "licence",
            ],
            "source": ["f1", "f1", "f2", "i", "g", "p1", "f1"],
            "target": ["p1", "p2", "p1", "f2", "f1", "f2", "p1"],
            "start": ["2002", "2004", "2005", "2004", "2003", "2006", "2012"],  # the last: outside
        }
    )
    got = observed_moments(TemporalNetwork(ties, actors), "BE2", 2000, 2009)
    want = {
        "founded_per_year": 0.2,
        "alliances_per_year": 0.3,
        "equity_per_year": 0.1,
        "grants_per_year": 0.1,
        "acquired_share": 0.5,
        "global_share": 2 / 3,  # two of the three firm-pharma alliances are with p1 (US)
        "pharma_hhi": (2 / 3) ** 2 + (1 / 3) ** 2,  # f1 has two of them, f2 one
        "degree_gini": 1 / 6,  # degrees 2 and 1
    }
    assert set(got) == set(MOMENTS)
    for name, value in want.items():
        assert got[name] == pytest.approx(value), name


def test_run_moments_agree_with_the_runs_statistics():
    run = simulate(REGION, start=1990, end=2009, seed=4)
    moments, stats = run_moments(run, 1990, 2009), summary(run)
    assert moments["alliances_per_year"] * 20 == stats["alliances_total"]
    assert moments["founded_per_year"] * 20 == stats["firms_founded"].sum()
    assert moments["global_share"] == pytest.approx(stats["global_share"])
    assert moments["pharma_hhi"] == pytest.approx(stats["pharma_hhi"])


TRUTH = {"spinoff_rate": 1.2, "grant_budget": 3.0, "partnering_rate": 1.5}
PRIORS = (
    Prior("spinoff_rate", 0.1, 5.0, log=True),
    Prior("grant_budget", 0.3, 30.0, log=True),
    Prior("partnering_rate", 0.1, 5.0, log=True),
)


@pytest.fixture(scope="module")
def recovered():
    params = Parameters(
        spinoff_rate=TRUTH["spinoff_rate"], partnering_rate=TRUTH["partnering_rate"]
    )
    levers = Levers(grant_budget=TRUTH["grant_budget"])
    runs = [
        simulate(REGION, start=1990, end=2015, seed=100 + s, params=params, levers=levers)
        for s in range(10)
    ]
    observed = pd.DataFrame([run_moments(r, 1990, 2009) for r in runs]).mean().to_dict()
    later = pd.DataFrame([run_moments(r, 2010, 2015) for r in runs]).mean().to_dict()
    calibration = calibrate(
        observed, REGION, 1990, 2009, priors=PRIORS, draws=600, accept=0.08, until=2015, seed=7
    )
    return calibration, later


def test_calibration_recovers_known_parameters_within_their_ranges(recovered):
    calibration, _ = recovered
    table = calibration.parameters().set_index("parameter")
    for name, true in TRUTH.items():
        row = table.loc[name]
        assert row["low"] <= true <= row["high"], (name, true, row.to_dict())
    # the moments inform all three: the posterior is narrower than the prior
    assert (table["sd_ratio"] < 0.7).all(), table
    assert table.loc["spinoff_rate", "median"] == pytest.approx(TRUTH["spinoff_rate"], rel=0.35)
    fit = calibration.fit().set_index("moment")
    assert fit.loc["founded_per_year", "inside"] and fit.loc["grants_per_year", "inside"]


def test_validation_predicts_the_later_years_of_the_same_process(recovered):
    calibration, later = recovered
    table = validate(calibration, later).set_index("moment")
    assert set(table.index) == set(MOMENTS)
    inside = table["inside"].dropna()
    assert inside.mean() >= 0.75, table


def test_validation_needs_runs_past_the_window():
    calibration = calibrate(
        {m: 0.5 for m in MOMENTS},
        REGION,
        1990,
        1995,
        priors=PRIORS[:1],
        draws=20,
        accept=0.2,
        seed=1,
    )
    with pytest.raises(ArgumentError, match="until="):
        validate(calibration, {m: 0.5 for m in MOMENTS})
    assert len(calibration.accepted) == 4 and np.isfinite(calibration.accepted["distance"]).all()
