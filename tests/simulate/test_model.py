"""The agent-based model: seeded, its mechanics, its levers and scenarios, and its output
as a store's records that the measures and indicators read."""

from __future__ import annotations

import numpy as np
import pytest

from bioregion import Store
from bioregion.errors import ArgumentError
from bioregion.simulate import (
    Levers,
    Parameters,
    Population,
    Scenario,
    ScenarioEvent,
    describe,
    load_scenario,
    simulate,
    summary,
)
from bioregion.simulate.draws import pack
from bioregion.simulate.engine import (
    ACQUISITION,
    ALLIANCES,
    MEMBERSHIP,
    NBF,
    PHARMA,
    SPIN_OFF,
    _overlap,
)

REGION = Population(nuts=("BE21", "BE22", "BE23", "BE24", "BE25"), firms=4)


def run(seed=1, **options):
    return simulate(REGION, start=1987, end=2026, seed=seed, **options)


def test_a_seed_gives_the_same_run_and_another_seed_another():
    first, again, other = run(7), run(7), run(8)
    for name, values in first.ties.items():
        np.testing.assert_array_equal(values, again.ties[name], err_msg=name)
    assert len(first.ties["kind"]) != len(other.ties["kind"]) or not np.array_equal(
        first.ties["source"], other.ties["source"]
    )


def test_overlap_is_skins_conservative_attractiveness():
    k = np.array(
        [
            [1, 1, 1, 0, 0, 0],  # a: 3 capabilities
            [0, 1, 1, 1, 1, 1],  # b: 5, sharing 2 with a
            [0, 0, 0, 0, 0, 1],  # c: 1, none with a
        ],
        bool,
    )
    got = _overlap(pack(k), np.array([0, 0, 1]), np.array([1, 2, 2]))
    np.testing.assert_allclose(got, [2 / 3, 0.0, 1.0])


def test_spin_offs_come_from_academia_and_stop_without_support():
    with_support = run(3)
    kinds = with_support.agents["kind"]
    spun = with_support.ties["kind"] == SPIN_OFF
    assert spun.sum() > 10
    parents = kinds[with_support.ties["source"][spun]]
    assert set(parents.tolist()) <= {PHARMA, 2, 3}  # pharma spin-outs, universities, institutes
    assert (kinds[with_support.ties["target"][spun]] == NBF).all()
    none = run(3, levers=Levers(spinoff_support=0.0), params=Parameters(spinout_rate=0.0))
    assert (none.ties["kind"] == SPIN_OFF).sum() == 0
    assert summary(none)["firms_founded"].sum() == 0


def test_acquired_firms_end_and_were_allied_with_their_buyer():
    result = run(5, params=Parameters(acquisition_rate=0.3))
    t = result.ties
    bought = t["kind"] == ACQUISITION
    assert bought.sum() > 3
    alliance = np.isin(t["kind"], ALLIANCES)
    pairs = set(zip(t["source"][alliance].tolist(), t["target"][alliance].tolist(), strict=True))
    for buyer, firm, year in zip(
        t["source"][bought], t["target"][bought], t["year"][bought], strict=True
    ):
        assert (int(firm), int(buyer)) in pairs  # alliance before acquisition
        assert result.agents["ended"][firm] == year
        later = alliance & (t["year"] > year) & ((t["source"] == firm) | (t["target"] == firm))
        assert not later.any()


def _mean(statistic, levers, seeds=range(30)):
    return np.nanmean([summary(run(s, levers=levers))[statistic] for s in seeds])


def test_more_seed_funding_raises_survival():
    base = _mean("survival_5y", Levers())
    doubled = _mean("survival_5y", Levers(seed_funding=4.0))
    assert doubled > base + 0.05, (base, doubled)


def test_more_spin_off_support_founds_more_firms():
    assert _mean("firms_total", Levers(spinoff_support=2.0)) > 1.5 * _mean("firms_total", Levers())


def test_brokerage_needs_a_cluster_organisation_and_makes_members():
    alone = run(4, levers=Levers(brokerage=0.6))
    assert not alone.ties["brokered"].any()
    assert (alone.ties["kind"] == MEMBERSHIP).sum() == 0
    scenario = Scenario("cluster", events=(ScenarioEvent(2000, add={"clusters": 1}),))
    brokered = run(4, levers=Levers(brokerage=0.6), scenario=scenario)
    t = brokered.ties
    assert t["brokered"].any()
    assert (t["year"][t["brokered"]] >= 2000).all()
    members = t["target"][t["kind"] == MEMBERSHIP]
    assert len(members) == len(set(members.tolist())) > 0  # each firm joins once


def test_losing_the_anchor_pharma_ends_its_deals():
    scenario = Scenario("anchor", events=(ScenarioEvent(2005, remove_anchor=True),))
    result = run(6, scenario=scenario)
    a, t = result.agents, result.ties
    left = np.flatnonzero((a["kind"] == PHARMA) & (a["ended"] == 2005))
    assert len(left) == 1
    anchor = left[0]
    alliance = np.isin(t["kind"], ALLIANCES)
    involved = alliance & ((t["source"] == anchor) | (t["target"] == anchor))
    assert involved.any() and (t["year"][involved] <= 2005).all()
    before = alliance & (t["year"] <= 2005)
    counts = np.bincount(np.concatenate([t["source"][before], t["target"][before]]))
    pharma = np.flatnonzero(a["kind"] == PHARMA)
    assert counts[anchor] == counts[pharma[pharma < len(counts)]].max()


def test_a_run_is_a_store_the_indicators_read(tmp_path):
    from bioregion.network import TemporalNetwork
    from bioregion.system import preferred_partners, region_nbfs

    result = run(2)
    dataset = result.to_dataset("test")
    assert dataset.problems() == []
    with Store.open(tmp_path / "sim.db", create=True) as store:
        store.write(dataset, label="simulation")
        counts = store.counts()
        assert counts["tie"] == len(result.ties["kind"])
        assert counts["actor"] == len(result.agents["kind"])
        firms = region_nbfs(store, "flanders", (1987, 2026))
        assert len(firms) == int((result.agents["kind"] == NBF).sum())
        ranked = preferred_partners(TemporalNetwork.from_store(store), "flanders", (1987, 2026))
        assert len(ranked) > 0


def test_every_lever_and_parameter_says_what_it_means():
    for name, _value, meaning in describe(Levers()) + describe(Parameters()):
        assert len(meaning) > 15, name


def test_scenario_files_are_read_and_bad_ones_say_where(tmp_path):
    good = tmp_path / "double.toml"
    good.write_text(
        'name = "double-seed"\n[[events]]\nyear = 2026\nlevers = { seed_funding = 2.0 }\n'
        "[[events]]\nyear = 2028\nadd = { institutes = 1 }\n",
        encoding="utf-8",
    )
    scenario = load_scenario(good)
    assert scenario.name == "double-seed" and scenario.events[0].levers == {"seed_funding": 2.0}
    bad = tmp_path / "bad.toml"
    bad.write_text("[[events]]\nyear = 2026\nlevers = { seed_money = 2.0 }\n", encoding="utf-8")
    with pytest.raises(ArgumentError, match="no lever seed_money"):
        load_scenario(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[[events]\n", encoding="utf-8")
    with pytest.raises(ArgumentError, match=r"broken\.toml: not valid TOML"):
        load_scenario(broken)
    with pytest.raises(ArgumentError, match=r"ends .* before it starts"):
        simulate(REGION, start=2000, end=1990, seed=1)


def test_a_scaled_lever_multiplies_the_baseline_value():
    doubled = Scenario("x", events=(ScenarioEvent(1987, scale={"seed_funding": 2.0}),))
    base = Levers(seed_funding=1.5)
    scaled = run(9, levers=base, scenario=doubled)
    direct = run(9, levers=Levers(seed_funding=3.0))
    for name, values in scaled.ties.items():
        np.testing.assert_array_equal(values, direct.ties[name], err_msg=name)
    assert scaled.levers.seed_funding == 3.0


def test_the_example_scenarios_load():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "docs" / "scenarios"
    names = {load_scenario(p).name for p in sorted(folder.glob("*.toml"))}
    assert names == {"double-seed", "new-institute", "cluster-broker", "lose-anchor"}


def test_alliances_carry_the_stage_the_firms_programme_has_reached():
    from bioregion.model.vocab import Stage
    from bioregion.simulate.engine import STAGES

    result = run(12)
    t, a = result.ties, result.agents
    alliance = np.isin(t["kind"], ALLIANCES)
    assert (t["stage"][alliance] >= 0).all() and (t["stage"][~alliance] == -1).all()
    firm = np.where(a["kind"][t["source"]] == NBF, t["source"], t["target"])[alliance]
    age = t["year"][alliance] - a["born"][firm]
    stage = t["stage"][alliance]
    assert stage[age >= 10].mean() > stage[age <= 2].mean() + 2  # older firms: later stages
    assert set(STAGES) <= {s.value for s in Stage}
    coded = {
        tie.stage
        for tie in result.to_dataset("s").ties
        if tie.kind in ("licence", "rd_collaboration")
    }
    assert coded <= set(STAGES) and len(coded) >= 3
