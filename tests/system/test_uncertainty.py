"""Intervals and the minimum-n rule of bioregion.system.uncertainty, on hand-built data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.system.triple_helix import triple_helix
from bioregion.system.uncertainty import (
    MIN_N,
    Interval,
    bootstrap_share,
    bootstrap_statistic,
    ei_interval,
    share_interval,
    too_few,
    triple_helix_interval,
)


# -- coverage on a known binomial -----------------------------------------------------------
def test_share_interval_covers_the_true_share_about_95_percent_of_the_time():
    rng = np.random.default_rng(20261207)
    p, n, reps = 0.3, 60, 400
    covered = 0
    for rep, k in enumerate(rng.binomial(n, p, size=reps)):
        i = share_interval(int(k), n, n_resamples=500, seed=rep)
        covered += i.low <= p <= i.high
    # a percentile bootstrap of a binomial share undercovers a little at n = 60;
    # 400 repetitions give a standard error of about 1.1 points
    assert 0.90 <= covered / reps <= 0.98, covered / reps


def test_cluster_bootstrap_share_covers_the_true_share():
    # deals of 1-3 rows each, all rows of a deal share the flag: the share of rows is
    # a ratio estimator; resampling deals covers its true value (p = 0.4)
    rng = np.random.default_rng(7)
    reps, covered = 200, 0
    for rep in range(reps):
        sizes = rng.integers(1, 4, size=50)
        flags = rng.random(50) < 0.4
        frame = pd.DataFrame(
            {"deal": np.repeat(np.arange(50), sizes), "local": np.repeat(flags, sizes)}
        )
        i = bootstrap_share(frame, "local", key="deal", n_resamples=400, seed=rep)
        assert i.n == 50
        covered += i.low <= 0.4 <= i.high
    assert 0.88 <= covered / reps <= 0.99, covered / reps


def test_bootstrap_share_resamples_deals_not_rows():
    frame = pd.DataFrame({"deal": ["r1", "r1", "r1", "x", "y"], "local": [1, 1, 1, 0, 0]})
    by_deal = bootstrap_share(frame, "local", key="deal", seed=1)
    by_row = bootstrap_share(frame, "local", seed=1)
    assert by_deal.estimate == by_row.estimate == pytest.approx(0.6)
    assert (by_deal.n, by_deal.unit, by_row.n, by_row.unit) == (3, "deal", 5, "row")
    # three deals: a replicate holds 0..3 copies of the round, so shares 0, 3/4, 6/7, 1 ...
    assert by_deal.low == 0.0 and by_deal.high == 1.0
    with pytest.raises(ArgumentError, match="lacks column"):
        bootstrap_share(frame, "missing")


def test_same_seed_same_interval_other_seed_other_draws():
    a = share_interval(11, 40, seed=5)
    assert a == share_interval(11, 40, seed=5)
    values = np.column_stack([np.r_[np.ones(13), np.zeros(27)], np.ones(40)])
    first = bootstrap_statistic(values, lambda c: c[..., 0] / c[..., 1], seed=9)
    again = bootstrap_statistic(values, lambda c: c[..., 0] / c[..., 1], seed=9)
    assert first == again
    others = {
        bootstrap_statistic(values, lambda c: c[..., 0] / c[..., 1], seed=s, n_resamples=50).low
        for s in range(20)
    }
    assert len(others) > 1


def test_many_units_are_resampled_in_batches():
    # 20,000 deals x 300 replicates exceed one batch of weights; the interval is still
    # the seeded one and tight around the share
    values = np.column_stack([np.arange(20_000) % 4 == 0, np.ones(20_000)]).astype(float)
    share = lambda c: c[..., 0] / c[..., 1]  # noqa: E731
    i = bootstrap_statistic(values, share, n_resamples=300, seed=2)
    assert i == bootstrap_statistic(values, share, n_resamples=300, seed=2)
    assert i.estimate == 0.25 and 0.24 < i.low < 0.25 < i.high < 0.26


# -- the minimum-n rule and the verdicts --------------------------------------------------
def test_min_n_rule():
    assert MIN_N == 30
    assert too_few(29) and not too_few(30)
    assert not too_few(10, min_n=10) and too_few(9, min_n=10)
    small = share_interval(3, 12, seed=0)
    assert small.too_few and small.verdict() == "too few deals to tell"
    assert not share_interval(3, 12, seed=0, min_n=10).too_few
    assert Interval(0.1, -0.2, 0.3, n=4, unit="pair").verdict() == "too few pairs to tell"
    with pytest.raises(ArgumentError):
        too_few(5, min_n=-1)


def test_excludes_and_not_distinguishable_from_zero():
    spans = Interval(0.05, -0.1, 0.2, n=50)
    assert not spans.excludes(0.0) and spans.excludes(0.25)
    assert spans.verdict() == "not distinguishable from zero"
    clear = Interval(-0.3, -0.5, -0.1, n=50)
    assert clear.excludes(0.0) and clear.verdict() == ""
    assert not Interval(np.nan, np.nan, np.nan, n=50).excludes(0.0)


def test_bad_arguments():
    with pytest.raises(ArgumentError, match="level"):
        share_interval(1, 2, level=1.5)
    with pytest.raises(ArgumentError, match="replicate"):
        share_interval(1, 2, n_resamples=0)
    with pytest.raises(ArgumentError, match="successes"):
        share_interval(5, 2)
    empty = share_interval(0, 0)
    assert np.isnan(empty.estimate) and empty.n == 0 and empty.too_few


# -- E-I: the permutation p of a hand-computed case ----------------------------------------
def _triangle_net() -> TemporalNetwork:
    """Region triangle a-b-c (Flanders) and one tie c-p to the outside."""
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "c", "p"],
            "kind": ["biotech_firm", "biotech_firm", "university", "pharma"],
            "country": ["BE", "BE", "BE", "US"],
            "nuts": ["BE211", "BE242", "BE234", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "id": ["ab", "ac", "bc", "cp"],
            "kind": ["rd_collaboration"] * 4,
            "source": ["a", "a", "b", "c"],
            "target": ["b", "c", "c", "p"],
            "start": ["2001", "2002", "2003", "2004"],
        }
    )
    return TemporalNetwork(ties, actors)


def test_ei_permutation_p_matches_the_hand_computed_case():
    # By hand: observed I = 3, E = 1, EI = -0.5. The four labellings with 3 region actors
    # (outside = p, a, b, c) give EI = -0.5, 0, 0, +0.5; expected 0. Two-sided p = 2/4,
    # p(EI <= -0.5) = 1/4. The permutation estimate (1 + hits) / (1 + N) is close.
    i = ei_interval(_triangle_net(), "BE2", (2000, 2010), n_permutations=20_000, seed=11)
    assert i.estimate == pytest.approx(-0.5)
    assert (i.n, i.unit) == (4, "pair")
    assert i.p_value == pytest.approx(0.5, abs=0.02)
    assert (i.null_low, i.null_high) == (-0.5, 0.5)
    labellings = []
    for outside in "pabc":
        region = set("abcp") - {outside}
        inner = sum((s in region) == (t in region) for s, t in ("ab", "ac", "bc", "cp"))
        labellings.append((4 - 2 * inner) / 4)
    assert sorted(labellings) == [-0.5, 0.0, 0.0, 0.5]
    # bootstrap of the pairs: EI = 1 - 2 * internal share, so within [-1, 1] around -0.5
    assert -1.0 <= i.low <= -0.5 <= i.high <= 1.0
    assert i.too_few and i.verdict() == "too few pairs to tell"


def test_ei_interval_deterministic_and_empty():
    net = _triangle_net()
    one = ei_interval(net, "BE2", (2000, 2010), n_permutations=200, seed=3)
    assert one == ei_interval(net, "BE2", (2000, 2010), n_permutations=200, seed=3)
    none = ei_interval(net, "BE3", (2000, 2010), n_permutations=200, seed=3)
    assert none.n == 0 and np.isnan(none.estimate)
    with pytest.raises(ArgumentError, match="membership"):
        ei_interval(net, "BE2", (2000, 2010), membership="nuts")


# -- T(UIG) -----------------------------------------------------------------------------------
def _helix_net(copies: int = 1) -> TemporalNetwork:
    """``copies`` times: a U-I tie, a U-G tie, an I-G tie, an I-I tie, all in Flanders."""
    actors = pd.DataFrame(
        {
            "id": ["f", "p", "u", "g"],
            "kind": ["biotech_firm", "pharma", "university", "government"],
            "nuts": ["BE211", "", "BE242", "BE234"],
        }
    )
    pairs = [("u", "f"), ("g", "u"), ("g", "f"), ("f", "p")]
    rows = [
        (f"t{k}{j}", "rd_collaboration", s, t, f"{2000 + k % 20}-{1 + j:02d}-01")
        for k in range(copies)
        for j, (s, t) in enumerate(pairs)
    ]
    ties = pd.DataFrame(rows, columns=["id", "kind", "source", "target", "start"])
    return TemporalNetwork(ties, actors)


def test_triple_helix_interval_reuses_the_indicator():
    net = _helix_net(copies=10)
    row = triple_helix(net, "flanders", (2000, 2025)).iloc[0]
    i = triple_helix_interval(net, "flanders", (2000, 2025), seed=4, n_resamples=500)
    assert i.estimate == pytest.approx(row["t_uig_mbits"])
    assert i.n == row["n"] == 40 and not i.too_few
    assert i.low <= i.estimate <= i.high
    assert i == triple_helix_interval(net, "flanders", (2000, 2025), seed=4, n_resamples=500)
    few = triple_helix_interval(_helix_net(), "flanders", (2000, 2025), seed=4)
    assert few.n == 4 and few.verdict() == "too few deals to tell"


def test_bilateral_ties_only_give_negative_t_without_any_triad():
    # the documented artefact: UI = UG = IG, no UIG cell, T = -415 mbits
    actors = pd.DataFrame(
        {"id": ["f", "u", "g"], "kind": ["biotech_firm", "university", "government"],
         "nuts": ["BE211", "BE242", "BE234"]}
    )  # fmt: skip
    ties = pd.DataFrame(
        {"kind": ["rd_collaboration"] * 3, "source": ["u", "g", "g"],
         "target": ["f", "u", "f"], "start": ["2001", "2002", "2003"]}
    )  # fmt: skip
    row = triple_helix(TemporalNetwork(ties, actors), "flanders", (2000, 2010)).iloc[0]
    assert row["n_UIG"] == 0
    assert row["t_uig_mbits"] == pytest.approx(-415.0375, abs=1e-3)
