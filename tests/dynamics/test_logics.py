"""Which logic of attachment dominates: a planted logic is found, with its uncertainty;
decades; focal actors; unstable statistics left out; the Belgian readings."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from bioregion.dynamics import LOGICS, attachment_logics, decades, event_table
from bioregion.dynamics.rem import STATISTICS, _advance, _State, _statistics
from bioregion.errors import ArgumentError


def planted_stream(beta: dict[str, float], seed=0, actors=120, periods=12, per_period=50):
    """Ties whose partners were chosen with odds exp(beta . statistics), by actors of
    the "home" region (half of them) from everybody."""
    rng = np.random.default_rng(seed)
    kinds = rng.choice(np.array(["firm", "pharma", "university"], object), actors)
    regions = np.where(np.arange(actors) < actors // 2, "home", "away").astype(object)
    founded = np.full(actors, 1990.0)
    state = _State(np.zeros(actors), [set() for _ in range(actors)], defaultdict(int), {})
    b = np.array([beta.get(s, 0.0) for s in STATISTICS])
    rows = []
    for period in range(periods):
        year = 2000 + period
        src, dst = [], []
        for _ in range(per_period):
            i = int(rng.integers(actors // 2))  # a home actor chooses
            others = np.array([j for j in range(actors) if j != i])
            x = _statistics(state, i, others, kinds, regions, founded, year)
            w = np.exp(x @ b)
            j = int(rng.choice(others, p=w / w.sum()))
            src.append(i)
            dst.append(j)
            rows.append((f"a{i}", f"a{j}", f"{year}-06-01"))
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
    home = {f"a{k}" for k in range(actors // 2)}
    return ties, people, home


def test_decades_cut_the_period_and_fold_a_short_start():
    assert decades(1987, 2017) == [
        ("1987-1999", 1987, 1999),
        ("2000-2009", 2000, 2009),
        ("2010-2017", 2010, 2017),
    ]
    assert decades(1994, 2005) == [("1994-1999", 1994, 1999), ("2000-2005", 2000, 2005)]
    assert decades(2001, 2004) == [("2001-2004", 2001, 2004)]
    with pytest.raises(ArgumentError, match="ends"):
        decades(2010, 2000)


def test_a_planted_logic_dominates_and_its_effect_is_recovered():
    planted = {"prior_ties": 2.0, "partner_degree": 0.3}
    ties, people, home = planted_stream(planted, seed=3)
    fit = attachment_logics(
        ties, people, home, [("2004-2011", 2004, 2011)], focal="source", controls=12, seed=1
    )
    dominant = fit.dominance.iloc[0]
    assert dominant["logic"] == LOGICS["prior_ties"]
    assert dominant["share"] > 0.9
    coef = fit.table.set_index("statistic")
    for name, true in planted.items():
        assert coef.loc[name, "low"] <= true <= coef.loc[name, "high"], name
    row = coef.loc["prior_ties"]
    assert row["effect"] == pytest.approx(row["coef"] * row["sd"])
    # the dominance shares of a period sum to one over the logics (the control aside)
    period = fit.table[fit.table["statistic"] != "partner_age"]
    assert period["dominant_share"].sum() == pytest.approx(1.0)


def test_with_no_logic_at_work_none_is_said_to_dominate_surely():
    ties, people, home = planted_stream({}, seed=5, periods=8)
    fit = attachment_logics(ties, people, home, [("2003-2007", 2003, 2007)], focal="source", seed=2)
    shares = fit.table.dropna(subset=["dominant_share"])
    assert shares["dominant_share"].max() < 0.9
    inside = ((shares["low"] <= 0) & (shares["high"] >= 0)).sum()
    assert inside >= len(shares) - 1  # at most one false positive at 95%


def test_only_the_focal_actors_choose():
    ties = pd.DataFrame(
        {
            "source": ["x", "a", "b", "y", "a"],
            "target": ["a", "y", "x", "z", "b"],
            "start": ["2000", "2001", "2001", "2001", "2001"],
        }
    )
    people = pd.DataFrame({"id": ["a", "b", "x", "y", "z"], "kind": ["f", "f", "p", "p", "u"]})
    table = event_table(ties, people, controls=2, seed=0, first_period=2001, focal_actors={"a"})
    chosen = table[table["chosen"] == 1]
    # a-y and a-b are a's choices (a is the focal end, source or target); b-x and y-z
    # are not events
    assert sorted(zip(chosen["focal"], chosen["partner"], strict=True)) == [
        ("a", "b"),
        ("a", "y"),
    ]
    # only eligible partners are at risk; a choice of an ineligible one is no event
    eligible = event_table(
        ties,
        people,
        controls=2,
        seed=0,
        first_period=2001,
        focal_actors={"a"},
        partners={"b", "x", "z"},
    )
    assert set(eligible["partner"]) <= {"b", "x", "z"}
    assert sorted(eligible.loc[eligible["chosen"] == 1, "partner"]) == ["b"]  # not y
    with pytest.raises(ArgumentError, match="one per tie"):
        event_table(ties, people, events=[True, False])


def test_a_statistic_with_too_few_cases_is_left_out_and_periods_too_small_are_named():
    # partners of one's own kind nearly always: same_kind separates the chosen partner
    # from the controls (its estimate runs off), so it is left out of the fit
    ties, people, home = planted_stream({"same_kind": 30.0, "prior_ties": 1.0}, seed=3, periods=6)
    fit = attachment_logics(ties, people, home, [("2002-2005", 2002, 2005)], focal="source", seed=1)
    assert "same_kind" not in set(fit.table["statistic"])
    assert {"prior_ties", "partner_degree"} <= set(fit.table["statistic"])
    assert (fit.table["se"] <= 4.0).all()
    few = attachment_logics(ties.head(40), people, home, [("2000-2000", 2000, 2000)], min_events=50)
    assert few.table.empty and "fewer than 50" in few.skipped["2000-2000"]


@pytest.fixture(scope="module")
def belgium_net():
    from bioregion import datasets
    from bioregion.network import TemporalNetwork

    return TemporalNetwork.from_store(datasets.load("belgium"))


def test_the_belgian_regions_partner_choices(belgium_net):
    from bioregion.system import DEFAULT_NBF_RULE
    from bioregion.system.attachment import partner_choice, partner_choice_table

    rule = dataclasses.replace(DEFAULT_NBF_RULE, sector="red_biotech")
    flanders = partner_choice(belgium_net, "flanders", (1987, 2025), rule)
    assert flanders.firms > 30 and flanders.alliances > 100
    periods = set(flanders.logics.table["period"])
    assert {"2000-2009", "2010-2019"} <= periods
    assert "1987-1999" in flanders.logics.skipped  # too few dated alliances then
    assert 0.5 < flanders.kernel.alpha < 2.0
    assert flanders.kernel.alpha_low < flanders.kernel.alpha < flanders.kernel.alpha_high
    shares = flanders.logics.dominance["share"]
    assert ((shares > 0) & (shares <= 1)).all()
    early = partner_choice(belgium_net, "flanders", (1987, 1988), rule)
    assert early.logics.table.empty and early.alliances == 0
    assert "no alliance of an NBF of flanders" in early.logics.skipped["1987-1988"]
    table = partner_choice_table(belgium_net, "flanders", (1987, 2025), rule)
    assert table["dominant"].sum() == len(flanders.logics.dominance)
    odds = table["odds_ratio"].to_numpy()
    assert np.allclose(np.log(odds), table["effect"].to_numpy(float))


def test_a_statistic_that_duplicates_another_is_left_out_not_an_error():
    ties, people, home = planted_stream({"prior_ties": 1.0}, seed=3, periods=6)
    twin = people.assign(region=people["kind"])  # same region exactly when same kind
    fit = attachment_logics(ties, twin, home, [("2002-2005", 2002, 2005)], focal="source")
    shown = set(fit.table["statistic"])
    assert "same_kind" in shown and "same_region" not in shown
    assert {"prior_ties", "partner_degree"} <= shown and not fit.skipped


def test_events_beyond_the_cap_are_sampled():
    ties, people, home = planted_stream({"prior_ties": 1.0}, seed=3, periods=6)
    every = event_table(ties, people, controls=3, seed=0, focal_actors=home, first_period=2002)
    capped = event_table(
        ties, people, controls=3, seed=0, focal_actors=home, first_period=2002, max_events=25
    )
    assert every["event"].nunique() > 100
    assert capped["event"].nunique() == 25
    assert set(capped["period"]) <= set(every["period"])
