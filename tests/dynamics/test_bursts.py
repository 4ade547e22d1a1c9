"""Kleinberg's burst detection: the Viterbi path against brute-force enumeration, the
burst weight by hand, planted bursts found with their bounds, flat streams without a
burst, and the counts of a ties frame by kind and by region.

Oracle: Kleinberg (2003), section 2 (the enumerating model for batched arrivals): state
``i`` emits a relevant event with probability ``p0 s^i`` (``p0 = sum r / sum d``); a
period costs ``-ln Binomial(r_t; d_t, p_i)``; moving up ``j - i`` states costs
``gamma (j - i) ln n``; the optimal state sequence minimises the total cost. The brute
force below scores every state sequence with :func:`scipy.stats.binom.logpmf`.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from bioregion.dynamics import (
    BURST_COLUMNS,
    burst_states,
    formation_counts,
    kleinberg_bursts,
    tie_bursts,
)
from bioregion.errors import ArgumentError, NoDataError


def brute_force(r, d, *, s=2.0, gamma=1.0, states=2):
    """The least-cost state sequence, by scoring all states ** n of them."""
    r, d = np.asarray(r), np.asarray(d)
    n = len(r)
    rates = np.minimum(r.sum() / d.sum() * s ** np.arange(states), 0.9999)
    cost = -stats.binom.logpmf(r[:, None], d[:, None], rates[None, :])
    best, best_path = np.inf, None
    for path in itertools.product(range(states), repeat=n):
        steps = np.diff(np.r_[0, path])
        total = cost[np.arange(n), path].sum() + gamma * np.log(n) * steps[steps > 0].sum()
        if total < best:
            best, best_path = total, path
    return list(best_path)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("states", [2, 3])
def test_viterbi_matches_brute_force(seed, states):
    rng = np.random.default_rng(seed)
    n = 9 if states == 2 else 7
    d = rng.integers(5, 30, n)
    p = rng.choice([0.1, 0.25, 0.5], n)
    r = rng.binomial(d, p)
    assert burst_states(r, d, states=states).tolist() == brute_force(r, d, states=states)
    assert burst_states(r, d, states=states, gamma=0.3, s=1.5).tolist() == brute_force(
        r, d, states=states, gamma=0.3, s=1.5
    )


def test_weight_by_hand():
    counts, totals = [2, 1, 2, 9, 10, 9, 2, 1], [20] * 8
    found = kleinberg_bursts(counts, totals, periods=range(2000, 2008))
    assert list(found.columns) == list(BURST_COLUMNS)
    (burst,) = found.itertuples()
    # p0 = 36/160 = 0.225, p1 = 0.45; the burst (2003-2005) has 28 of 60 relevant:
    # weight = 28 ln(p1/p0) + 32 ln((1 - p1)/(1 - p0))
    weight = 28 * np.log(2) + 32 * np.log(0.55 / 0.775)
    assert (burst.level, burst.start, burst.end) == (1, 2003, 2005)
    assert burst.weight == pytest.approx(weight)
    assert (burst.count, burst.total) == (28, 60)


@pytest.mark.parametrize("seed", range(5))
def test_planted_burst_found_with_its_bounds(seed):
    rng = np.random.default_rng(seed)
    years = np.arange(1990, 2020)
    d = rng.integers(150, 201, len(years))
    r = rng.binomial(d, np.where((years >= 2003) & (years <= 2009), 0.35, 0.1))
    found = kleinberg_bursts(r, d, periods=years)
    assert len(found) == 1
    assert (found.loc[0, "start"], found.loc[0, "end"]) == (2003, 2009)
    assert found.loc[0, "weight"] > 0


@pytest.mark.parametrize("seed", range(3))
def test_planted_two_level_burst_is_nested(seed):
    # p0 = (28 * 0.02 + 8 * 0.14 + 4 * 0.28) / 40 = 0.07: levels 1 and 2 have rates
    # 0.14 and 0.28, the planted moderate (2000-2011) and intense (2004-2007) shares
    rng = np.random.default_rng(seed)
    years = np.arange(1980, 2020)
    d = rng.integers(800, 1001, len(years))
    p = np.full(len(years), 0.02)
    p[(years >= 2000) & (years <= 2011)] = 0.14
    p[(years >= 2004) & (years <= 2007)] = 0.28
    found = kleinberg_bursts(rng.binomial(d, p), d, periods=years, states=3)
    got = sorted((b.level, b.start, b.end) for b in found.itertuples())
    assert got == [(1, 2000, 2011), (2, 2004, 2007)]


def test_flat_streams_have_no_burst():
    assert kleinberg_bursts([10] * 30, [100] * 30).empty
    for seed in range(5):
        counts = np.random.default_rng(seed).binomial(1000, 0.1, 30)
        assert kleinberg_bursts(counts, [1000] * 30).empty
    assert burst_states([0, 0, 0], [5, 5, 5]).tolist() == [0, 0, 0]  # nothing relevant
    assert burst_states([5, 5, 5], [5, 5, 5]).tolist() == [0, 0, 0]  # everything relevant


def test_empty_periods_and_higher_rates():
    # periods without events cost nothing: the burst spans the silent year inside it
    counts = [1, 1, 9, 0, 9, 1, 1, 1]
    totals = [10, 10, 10, 0, 10, 10, 10, 10]
    assert burst_states(counts, totals).tolist() == [0, 0, 1, 1, 1, 0, 0, 0]
    # a rate p0 s^i that would pass 1 is held below it, not an error
    assert burst_states([8, 9, 1, 1], [10, 10, 10, 10], states=4).max() >= 1


@pytest.mark.parametrize(
    "counts, totals, message",
    [
        ([1, -1, 2], [5, 5, 5], "negative count in period 1"),
        ([1, 2, 3], [5, -5, 5], "negative count in period 1"),
        ([1, 6, 2], [5, 5, 5], "cannot exceed its total"),
        ([1], [5], "too few periods"),
        ([], [], "too few periods"),
        ([1, 2], [5, 5, 5], "same length"),
        ([1, np.nan], [5, 5], "finite"),
    ],
)
def test_bad_streams(counts, totals, message):
    with pytest.raises(ArgumentError, match=message):
        kleinberg_bursts(counts, totals)
    with pytest.raises(ArgumentError, match=message):
        burst_states(counts, totals)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"s": 1.0}, "s=1.0"),
        ({"gamma": -1.0}, "gamma=-1.0"),
        ({"states": 1}, "states=1"),
        ({"states": 2.5}, "states=2.5"),
        ({"periods": [1, 2]}, "3 counts"),
    ],
)
def test_bad_model_options(options, message):
    with pytest.raises(ArgumentError, match=message):
        kleinberg_bursts([1, 2, 3], [5, 5, 5], **options)


# -- counts from ties -----------------------------------------------------------------
ACTORS = pd.DataFrame(
    {
        "id": ["f1", "f2", "w1", "p1"],
        "kind": ["biotech_firm", "biotech_firm", "biotech_firm", "pharma"],
        "nuts": ["BE211", "BE242", "BE351", ""],
    }
)
TIES = pd.DataFrame(
    [
        ("licence", "f1", "p1", "2001-03"),
        ("rd_collaboration", "w1", "p1", "2001-11"),
        ("licence", "f1", "w1", "2003-02"),
        ("equity_investment", "p1", "f2", "2003"),
        ("option", "f2", "p1", "2003-02-15"),
        ("licence", "f1", "p1", None),
    ],
    columns=["kind", "source", "target", "start"],
)


def as_dict(counts: pd.DataFrame, column: str) -> dict:
    return {(g, p): v for g, p, v in counts[["group", "period", column]].itertuples(index=False)}


def test_counts_by_kind():
    counts = formation_counts(TIES)
    assert list(counts.columns) == ["group", "period", "count", "total"]
    assert sorted(counts["group"].unique()) == ["licence", "option", "rd_collaboration"]
    found = as_dict(counts, "count")
    assert found[("licence", 2001)] == 1 and found[("licence", 2002)] == 0
    assert found[("licence", 2003)] == 1 and found[("option", 2003)] == 1
    assert counts.groupby("period")["total"].first().to_dict() == {2001: 2, 2002: 0, 2003: 2}
    every = formation_counts(TIES, totals="all")
    assert every.groupby("period")["total"].first().to_dict() == {2001: 2, 2002: 0, 2003: 3}
    wider = formation_counts(TIES, first=1999, last=2004)
    assert sorted(wider["period"].unique()) == list(range(1999, 2005))


def test_counts_by_region():
    counts = formation_counts(TIES, ACTORS, by="region", regions=["flanders", "wallonia"])
    found = as_dict(counts, "count")
    # f1-w1 (2003) is in both regions; every alliance counts in the total
    assert found[("flanders", 2001)] == 1 and found[("flanders", 2003)] == 2
    assert found[("wallonia", 2001)] == 1 and found[("wallonia", 2003)] == 1
    assert counts.groupby("period")["total"].first().to_dict() == {2001: 2, 2002: 0, 2003: 2}
    # totals="all": each region's ties of any kind (the equity investment in f2 too)
    own = formation_counts(
        TIES, ACTORS, by="region", regions=["flanders", "wallonia"], totals="all"
    )
    assert as_dict(own, "total") == {
        ("flanders", 2001): 1, ("flanders", 2002): 0, ("flanders", 2003): 3,
        ("wallonia", 2001): 1, ("wallonia", 2002): 0, ("wallonia", 2003): 1,
    }  # fmt: skip
    within = formation_counts(TIES, ACTORS, regions="wallonia")  # by kind, Walloon ties only
    assert sorted(within["group"].unique()) == ["licence", "rd_collaboration"]
    assert within.groupby("period")["total"].first().to_dict() == {2001: 1, 2002: 0, 2003: 1}


def test_counts_by_month():
    counts = formation_counts(TIES, period="month", tie_kinds=["licence", "option"])
    periods = counts["period"].unique().tolist()
    assert periods[0] == "2001-03" and periods[-1] == "2003-02" and len(periods) == 24
    assert as_dict(counts, "count")[("option", "2003-02")] == 1


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"by": "sector"}, ArgumentError, "by='sector'"),
        ({"period": "week"}, ArgumentError, "period='week'"),
        ({"totals": "some"}, ArgumentError, "totals='some'"),
        ({"tie_kinds": "alliance"}, ArgumentError, "unknown tie kind"),
        ({"by": "region"}, ArgumentError, "needs regions="),
        ({"regions": "flanders"}, ArgumentError, "actors_frame"),
        ({"tie_kinds": "grant"}, NoDataError, "no dated tie"),
    ],
)
def test_bad_count_options(options, error, message):
    with pytest.raises(error, match=message):
        formation_counts(TIES, **options)


# -- bursts of a ties frame -----------------------------------------------------------
def planted_ties(seed: int) -> pd.DataFrame:
    """Alliances 1990-2019 among firms of Flanders (f*), Wallonia (w*) and pharma (p*):
    licences burst in 2003-2009, Flemish ties in 2012-2016."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in range(1990, 2020):
        licence = 0.35 if 2003 <= year <= 2009 else 0.1
        flemish = 0.6 if 2012 <= year <= 2016 else 0.2
        for _ in range(int(rng.integers(150, 201))):
            kind = "licence" if rng.random() < licence else "rd_collaboration"
            firm = "f" if rng.random() < flemish else "w"
            rows.append((kind, f"{firm}{rng.integers(5)}", f"p{rng.integers(5)}", str(year)))
    return pd.DataFrame(rows, columns=["kind", "source", "target", "start"])


def planted_actors() -> pd.DataFrame:
    ids = [f"{k}{i}" for k in "fwp" for i in range(5)]
    nuts = ["BE211"] * 5 + ["BE351"] * 5 + [""] * 5
    return pd.DataFrame({"id": ids, "kind": "biotech_firm", "nuts": nuts})


@pytest.mark.parametrize("seed", range(3))
def test_tie_bursts_by_kind_and_region(seed):
    ties = planted_ties(seed)
    by_kind = tie_bursts(ties)
    assert list(by_kind.columns) == ["group", *BURST_COLUMNS, "share", "base_share"]
    assert by_kind[["group", "start", "end"]].values.tolist() == [["licence", 2003, 2009]]
    assert by_kind.loc[0, "share"] > 2 * by_kind.loc[0, "base_share"]
    by_region = tie_bursts(ties, planted_actors(), by="region", regions=["flanders"])
    assert by_region[["group", "start", "end"]].values.tolist() == [["flanders", 2012, 2016]]


def test_tie_bursts_none():
    ties = planted_ties(0)
    flat = ties[(ties["start"].astype(int) < 2003) | (ties["start"].astype(int) > 2009)]
    found = tie_bursts(flat, tie_kinds="licence", totals="all", first=1990, last=2002)
    assert found.empty and found.columns[0] == "group"


@st.composite
def streams(draw):
    """Valid batched streams: 2-40 periods, totals 0-60, counts 0..total."""
    totals = draw(st.lists(st.integers(0, 60), min_size=2, max_size=40))
    counts = [draw(st.integers(0, d)) for d in totals]
    return counts, totals


@settings(max_examples=60, deadline=None)
@given(streams(), st.integers(2, 4), st.sampled_from([1.5, 2.0, 3.0]))
def test_bursts_are_well_formed(stream, states, s):
    counts, totals = stream
    path = burst_states(counts, totals, states=states, s=s)
    found = kleinberg_bursts(counts, totals, states=states, s=s)
    assert len(path) == len(counts) and path.min() >= 0 and path.max() < states
    assert (found["start"] <= found["end"]).all()
    if states == 2:  # a burst saves at least its entry cost, ln n > 0, over state 0
        assert (found["weight"] > np.log(len(counts)) - 1e-9).all()
    assert (found["count"] <= found["total"]).all()
    for level in range(1, states):
        # the periods in bursts of a level are those where the state reaches it
        mine = found[found["level"] == level]
        covered = np.zeros(len(counts), bool)
        for start, end in zip(mine["start"], mine["end"], strict=True):
            covered[start : end + 1] = True
        assert (covered == (path >= level)).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(-5, 5), min_size=2, max_size=10),
    st.lists(st.integers(-5, 5), min_size=2, max_size=10),
)
def test_bad_counts_are_refused_or_read(counts, totals):
    valid = (
        len(counts) == len(totals)
        and all(c >= 0 for c in counts)
        and all(d >= 0 for d in totals)
        and all(c <= d for c, d in zip(counts, totals, strict=True))
    )
    if valid:
        kleinberg_bursts(counts, totals)
    else:
        with pytest.raises(ArgumentError):
            kleinberg_bursts(counts, totals)
