"""Shared work and its faster paths give the same answers as the plain rules.

- ``reuse()`` remembers derived values inside its block only;
- every indicator gives the same table inside a ``reuse`` block (where graphs, deal keys
  and families are shared between calls) as outside one;
- the column-wise deal keys equal the rule worked out row by row (union-find);
- ``in_region`` asks each distinct (systems, nuts) pair once and answers as
  ``members_of`` does for every actor;
- the yearly E-I index from one start-year network equals the graph of each year's
  ties built on its own.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from bioregion import system
from bioregion.datasets.synthetic import generate
from bioregion.network import TemporalNetwork, ei_index
from bioregion.regions import members_of
from bioregion.system._deals import deal_keys, period_deal_keys
from bioregion.system._families import family_of
from bioregion.system._memo import remembered, reuse
from bioregion.system._scope import (
    in_region,
    period_graph,
    period_ties,
    proper_ties,
    region_partition,
)


@pytest.fixture(scope="module")
def net() -> TemporalNetwork:
    actors, ties = generate(3000, seed=5, end_year=2017, tags=True)
    return TemporalNetwork(ties, actors)


def test_reuse_remembers_inside_the_block_only():
    made = []

    def make():
        made.append(1)
        return len(made)

    owner = object()
    assert remembered("x", owner, (), make) == 1
    assert remembered("x", owner, (), make) == 2  # outside: computed every time
    with reuse():
        assert remembered("x", owner, (), make) == 3
        with reuse():  # a nested block shares the outer one
            assert remembered("x", owner, (), make) == 3
        assert remembered("x", owner, ("other key",), make) == 4
        assert remembered("x", object(), (), make) == 5  # another network
    assert remembered("x", owner, (), make) == 6


RULE = system.NBFRule(sector="red_biotech")
P = (1990, 2017)
REGIONS = ("flanders", "wallonia")
CALLS = [
    (system.preferred_partners, dict(region="flanders", period=P, nbf_rule=RULE)),
    (system.preferred_partners, dict(region="flanders", period=P, unit="tie", partners="unit")),
    (system.preferred_partners, dict(region="wallonia", period=P, membership="location")),
    (system.global_partners, dict(region="flanders", period=P, nbf_rule=RULE)),
    (system.geographic_shares, dict(region="flanders", period=P, unit="tie")),
    (system.actor_geography, dict(region="flanders", period=P)),
    (system.region_ei, dict(region="flanders", period=P)),
    (system.region_ei, dict(region="wallonia", period=P, cumulative=True)),
    (system.gatekeepers, dict(region="flanders", period=P)),
    (system.code_ties, dict(region="flanders", period=P)),
    (system.oi_summary, dict(region="flanders", period=P)),
    (system.oi_summary, dict(region="flanders", period=P, unit="tie")),
    (system.portfolio, dict(region="wallonia", period=P)),
    (system.business_models, dict(region="flanders", period=P, nbf_rule=RULE)),
    (system.business_models, dict(region="flanders", period=P, unit="tie")),
    (system.acquisition_pathways, dict(region="flanders", period=P)),
    (system.exit_summary, dict(region="flanders", period=P)),
    (system.failed_bids, dict(region="flanders", period=P)),
    (system.triple_helix, dict(region=list(REGIONS), period=P, step=10)),
    (system.triple_helix_interval, dict(region="flanders", period=P, seed=1)),
    (system.ei_interval, dict(region="flanders", period=P, seed=1, n_permutations=200)),
    (system.region_comparison, dict(regions=REGIONS, period=P, nbf_rule=RULE)),
    (system.policy_actors, dict(regions=REGIONS, period=P)),
    (system.spinoff_genealogy, dict(region="flanders", period=P)),
]


def _same(a, b, what):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=what)
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            x, y = getattr(a, f.name), getattr(b, f.name)
            assert x == y or (math.isnan(x) and math.isnan(y)), (what, f.name)
    else:
        assert a == b, what


def test_indicators_inside_reuse_equal_those_outside(net):
    plain = [func(net, **kwargs) for func, kwargs in CALLS]
    with reuse():
        shared = [func(net, **kwargs) for func, kwargs in CALLS]
        again = [func(net, **kwargs) for func, kwargs in CALLS]  # remembered values
    for (func, kwargs), a, b, c in zip(CALLS, plain, shared, again, strict=True):
        _same(a, b, f"{func.__name__}({kwargs})")
        _same(a, c, f"{func.__name__}({kwargs}), second call")
    assert plain[0]["large_pharma_partners"].sum() > 0  # the tagged network has large pharma


def _deal_keys_row_by_row(ties: pd.DataFrame, groups: pd.Series | None = None) -> list[str]:
    """The deal rule worked out with a union-find over rows (the definition)."""
    day = ["" if pd.isna(s) else pd.Timestamp(s).strftime("%Y-%m-%d") for s in ties["start"]]
    src, tgt = ties["source"].astype(str), ties["target"].astype(str)
    if groups is not None:
        src, tgt = src.map(groups).fillna(src), tgt.map(groups).fillna(tgt)
    src, tgt = src.tolist(), tgt.tolist()
    parent = list(range(len(ties)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    for i, kind in enumerate(ties["kind"]):
        if not day[i]:
            continue
        links = [("pair", day[i], *sorted((src[i], tgt[i])))]
        if kind == "equity_investment":
            links.append(("round", day[i], tgt[i]))
        for link in links:
            a, b = find(i), find(first.setdefault(link, i))
            parent[max(a, b)] = min(a, b)
    members: dict[int, set] = {}
    for i in range(len(ties)):
        members.setdefault(find(i), set()).update((src[i], tgt[i]))
    ids = ties["id"].astype(str).tolist()
    return [
        f"{day[i]}|" + "+".join(sorted(members[find(i)])) if day[i] else f"|tie:{ids[i]}"
        for i in range(len(ties))
    ]


def test_deal_keys_follow_the_rule_row_by_row(net):
    ties = proper_ties(net).copy()
    rng = np.random.default_rng(3)
    # same-day rounds and pairs, and ties without a start
    ties.loc[ties.index[rng.random(len(ties)) < 0.3], "start"] = pd.Timestamp("2005-03-01")
    ties.loc[ties.index[rng.random(len(ties)) < 0.02], "start"] = pd.NaT
    groups = pd.Series({a: f"g{i % 40}" for i, a in enumerate(net.actors["id"])})
    for given in (None, groups):
        keys = deal_keys(ties, given)
        assert keys.index.equals(ties.index)
        assert keys.tolist() == _deal_keys_row_by_row(ties, given)
    assert deal_keys(ties.iloc[:0]).empty


def test_period_deal_keys_are_the_deal_keys_of_the_period(net):
    for by_group in (False, True):
        keys = period_deal_keys(net, P, by_group=by_group)
        groups = family_of(net) if by_group else None
        expected = deal_keys(period_ties(net, P), groups)
        pd.testing.assert_series_equal(keys, expected)


def test_in_region_answers_as_members_of_for_every_actor():
    rng = np.random.default_rng(7)
    nuts = rng.choice(["BE100", "BE211", "BE242", "BE310", "DE212", "", None], size=400)
    systems = rng.choice(
        np.array([(), ("flanders",), ("BE1",), "wallonia;BE1", None, np.nan], dtype=object),
        size=400,
    )
    actors = pd.DataFrame({"nuts": nuts, "systems": systems}, index=rng.permutation(400))
    for region in ("flanders", "brussels", "BE3", "belgium", "DE2"):
        for membership in ("system", "location"):
            expected = members_of(actors["systems"], actors["nuts"], region, membership=membership)
            got = in_region(actors, region, membership=membership)
            assert got.tolist() == expected and got.index.equals(actors.index)
    lists = actors.assign(systems=[[s] if isinstance(s, str) else [] for s in systems])
    assert in_region(lists, "flanders").tolist() == members_of(
        lists["systems"], lists["nuts"], "flanders"
    )


def test_yearly_ei_equals_the_graph_of_each_years_ties(net):
    ties = period_ties(net, P)
    for cumulative in (False, True):
        table = system.region_ei(net, "flanders", P, cumulative=cumulative)
        for row in table.itertuples():
            first = P[0] if cumulative else row.year
            chosen = ties[(ties["year"] >= first) & (ties["year"] <= row.year)]
            if chosen.empty:
                assert math.isnan(row.network_ei)
                continue
            graph = period_graph(net, chosen, directed=False)
            result = ei_index(graph, region_partition(graph, net, "flanders"))
            assert row.network_ei == result.network
            if "region" in result.groups.index:
                assert row.ei_index == float(result.groups.loc["region", "ei_index"])
            else:
                assert math.isnan(row.ei_index)
