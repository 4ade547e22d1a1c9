"""Issue 9 scope rules on one hand-built network: system membership vs location, failed
bids, NBF sector and period scope, units (deals, alliances, outcomes) and policy reach.

The network (period 2000-2010, region BE2, compared with BE3):

- NBFs: ``a`` (BE211, red biotech, founded 2000), ``b`` (BE242, green biotech),
  ``late`` (BE211, founded 2015: after the period), ``gone`` (BE211, ended 1998: before
  it), ``w`` (BE310, the other region);
- ``agency``: a government body seated in BE100 whose system is BE2 (``systems``);
  ``fund``: an investor with no location, system BE2; ``c``: a firm seated in BE100,
  system BE2 (not an NBF); ``uni``: a university in BE242 tagged ``policy``;
- ``p`` (US, large pharma), ``q`` (CH pharma), ``v1`` (FR) and ``v2`` (US) investors.
"""

from __future__ import annotations

import inspect
import math

import pandas as pd
import pytest

from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.system import _scope, acquisitions, comparison, embeddedness, firms, genealogy
from bioregion.system._scope import failed_bid_ties, in_region, proper_ties
from bioregion.system.acquisitions import acquisition_pathways, exit_summary, failed_bids
from bioregion.system.comparison import policy_actors, region_comparison
from bioregion.system.embeddedness import (
    actor_geography,
    gatekeepers,
    geographic_shares,
    region_ei,
)
from bioregion.system.firms import NBFRule, region_nbfs
from bioregion.system.genealogy import genealogy_summary, spinoff_genealogy

PERIOD = (2000, 2010)
REGION = "BE2"


@pytest.fixture
def net() -> TemporalNetwork:
    rows = [
        # id, kind, country, nuts, systems, tags, founded, ended
        ("a", "biotech_firm", "BE", "BE211", "", "nbf;red_biotech", "2000", ""),
        ("b", "biotech_firm", "BE", "BE242", "", "nbf;green_biotech", "1995", ""),
        ("late", "biotech_firm", "BE", "BE211", "", "nbf;red_biotech", "2015", ""),
        ("gone", "biotech_firm", "BE", "BE211", "", "nbf;red_biotech", "1990", "1998"),
        ("w", "biotech_firm", "BE", "BE310", "", "nbf;red_biotech", "2001", ""),
        ("c", "biotech_firm", "BE", "BE100", "BE2", "", "2008", ""),
        ("agency", "government", "BE", "BE100", "BE2", "", "", ""),
        ("fund", "investor", "", "", "BE2", "", "", ""),
        ("uni", "university", "BE", "BE242", "", "policy", "", ""),
        ("p", "pharma", "US", "", "", "large_pharma", "", ""),
        ("q", "pharma", "CH", "", "", "", "", ""),
        ("v1", "investor", "FR", "", "", "", "", ""),
        ("v2", "investor", "US", "", "", "", "", ""),
    ]
    actors = pd.DataFrame(
        rows, columns=["id", "kind", "country", "nuts", "systems", "tags", "founded", "ended"]
    )
    actors["name"] = actors["id"].str.upper()
    actors["tags"] = actors["tags"].map(lambda t: tuple(x for x in t.split(";") if x))
    ties = pd.DataFrame(
        [
            ("g1", "grant", "agency", "a", "2001", ""),
            ("r1", "equity_investment", "fund", "a", "2003-05-01", ""),
            ("r2", "equity_investment", "v1", "a", "2003-05-01", ""),
            ("r3", "equity_investment", "v2", "a", "2003-05-01", ""),
            ("lic", "licence", "a", "p", "2004-06-01", ""),
            ("eq", "equity_investment", "p", "a", "2004-06-01", ""),
            ("svc", "service", "b", "q", "2005", ""),
            ("bid", "acquisition", "q", "b", "2007", "terminated"),
            ("acq", "acquisition", "q", "b", "2009", "completed"),
            ("spin", "spin_off", "uni", "a", "2000", ""),
            ("spin_c", "spin_off", "uni", "c", "2008", ""),
            ("mem", "membership", "b", "agency", "2006", ""),
            ("g2", "grant", "agency", "w", "2006", ""),
            ("later", "licence", "late", "p", "2016", ""),
        ],
        columns=["id", "kind", "source", "target", "start", "status"],
    )
    return TemporalNetwork(ties, actors)


# -- 1. membership ---------------------------------------------------------------------
def test_systems_decide_membership_and_location_is_the_nuts_code(net):
    actors = net.actors.set_index("id")
    system = in_region(actors, REGION)
    location = in_region(actors, REGION, membership="location")
    assert system[["agency", "fund", "c", "a", "uni"]].all()
    assert not location[["agency", "fund", "c"]].any()
    assert location[["a", "b", "uni"]].all()
    # a frame without the systems column is location-only
    bare = actors.drop(columns="systems")
    assert in_region(bare, REGION).equals(location)
    # and so is a frame whose systems are all empty
    empty = actors.assign(systems=[()] * len(actors))
    assert in_region(empty, REGION).equals(location)


@pytest.mark.parametrize(
    "call",
    [
        lambda n: in_region(n.actors, REGION, membership="nuts"),
        lambda n: region_nbfs(n, REGION, PERIOD, membership="nuts"),
        lambda n: NBFRule().select(n.actors, REGION, membership="nuts"),
        lambda n: acquisition_pathways(n, REGION, PERIOD, membership="nuts"),
        lambda n: failed_bids(n, REGION, PERIOD, membership="nuts"),
        lambda n: exit_summary(n, REGION, PERIOD, membership="nuts"),
        lambda n: spinoff_genealogy(n, REGION, PERIOD, membership="nuts"),
        lambda n: genealogy_summary(n, REGION, PERIOD, membership="nuts"),
        lambda n: region_comparison(n, [REGION], PERIOD, membership="nuts"),
        lambda n: policy_actors(n, [REGION], PERIOD, membership="nuts"),
        lambda n: geographic_shares(n, REGION, PERIOD, membership="nuts"),
        lambda n: actor_geography(n, REGION, PERIOD, membership="nuts"),
        lambda n: region_ei(n, REGION, PERIOD, membership="nuts"),
        lambda n: gatekeepers(n, REGION, PERIOD, membership="nuts"),
    ],
)
def test_an_unknown_membership_rule_is_an_argument_error(net, call):
    with pytest.raises(ArgumentError, match=r"membership='nuts'.*'system'.*'location'"):
        call(net)


def test_every_public_function_that_selects_by_region_takes_membership():
    for module in (firms, acquisitions, genealogy, comparison, embeddedness):
        for name in module.__all__:
            func = getattr(module, name)
            if not inspect.isfunction(func):
                continue
            params = inspect.signature(func).parameters
            if {"region", "regions"} & set(params):
                assert "membership" in params, f"{module.__name__}.{name}"
                assert params["membership"].kind is inspect.Parameter.KEYWORD_ONLY
                assert params["membership"].default == "system"


def test_geography_uses_membership_for_region_and_location_for_the_rest(net):
    system = geographic_shares(net, REGION, PERIOD).sum(numeric_only=True)
    # deals: grant (agency: region), round (fund region, v1 europe, v2 outside: 1/3 each),
    # licence + equity with p (one deal, outside), service q (europe), acquisition q
    # (europe), spin-off (uni: region), membership (agency: region); no failed bid
    assert system["deals"] == pytest.approx(7)
    assert system["region"] == pytest.approx(3 + 1 / 3)
    assert system["europe"] == pytest.approx(2 + 1 / 3)
    assert system["outside"] == pytest.approx(1 + 1 / 3)
    location = geographic_shares(net, REGION, PERIOD, membership="location")
    location = location.sum(numeric_only=True)
    assert location["region"] == pytest.approx(1)  # the spin-off from uni only
    assert location["country"] == pytest.approx(2)  # agency is Belgian, outside BE2
    assert location["unknown"] == pytest.approx(1 / 3)  # the fund has no location
    # for the other region, the BE2 agency is 'country' (by location), not 'region'
    other = actor_geography(net, "BE3", PERIOD).set_index("actor")
    assert other.loc["w", ["region", "country"]].tolist() == [0.0, 1.0]


def test_e_i_index_gatekeepers_and_genealogy_follow_membership(net):
    system = region_ei(net, REGION, PERIOD, cumulative=True).iloc[-1]
    # inside: agency-a, fund-a, uni-a, b-agency, uni-c; across: v1-a, v2-a, a-p, b-q, agency-w
    assert (system["internal"], system["external"]) == (5.0, 5.0)
    location = region_ei(net, REGION, PERIOD, cumulative=True, membership="location").iloc[-1]
    # inside: uni-a; across: agency-a, fund-a, v1-a, v2-a, a-p, b-q, b-agency, uni-c
    assert (location["internal"], location["external"]) == (1.0, 8.0)
    brokers = gatekeepers(net, REGION, PERIOD).set_index("actor")
    assert bool(brokers.loc["agency", "in_region"])
    located = gatekeepers(net, REGION, PERIOD, membership="location").set_index("actor")
    assert not bool(located.loc["agency", "in_region"])
    assert spinoff_genealogy(net, REGION, PERIOD)["firm"].tolist() == ["a", "c"]
    only_located = spinoff_genealogy(net, REGION, PERIOD, membership="location")
    assert only_located["firm"].tolist() == ["a"]


# -- 2. failed bids --------------------------------------------------------------------
def test_failed_bids_are_out_of_every_count_and_listed_apart(net):
    assert "bid" not in set(proper_ties(net)["id"])
    assert failed_bid_ties(net)["id"].tolist() == ["bid"]
    bids = failed_bids(net, REGION, PERIOD)
    assert bids[["tie", "kind", "target", "bidder", "year"]].values.tolist() == [
        ["bid", "acquisition", "b", "q", 2007]
    ]
    paths = acquisition_pathways(net, REGION, PERIOD)
    assert paths["tie"].tolist() == ["acq"]
    table = region_comparison(net, [REGION], PERIOD)[REGION]
    assert (table["failed_bids"], table["acquisitions"]) == (1.0, 1.0)
    assert table["nbf_deals"] == 7  # the failed bid is no deal
    exits = exit_summary(net, REGION, PERIOD)
    assert exits.loc["independent", "failed_bids"] == 1  # b, still independent in the data
    ties = geographic_shares(net, REGION, PERIOD, unit="tie")["ties"].sum()
    assert ties == 10  # 11 NBF ties in the period, less the failed bid


def test_a_failed_merger_is_listed_for_an_nbf_at_either_end(net):
    ties = net.ties.copy()
    ties.loc[ties["id"] == "bid", "kind"] = "merger"
    ties.loc[ties["id"] == "bid", ["source", "target"]] = ["b", "q"]
    merged = TemporalNetwork(ties, net.actors)
    bids = failed_bids(merged, REGION, PERIOD)
    assert bids[["kind", "target", "bidder"]].values.tolist() == [["merger", "b", "q"]]


# -- 3. scope: sector and period ---------------------------------------------------------
def test_nbfs_of_a_period_leave_out_later_and_earlier_firms(net):
    assert region_nbfs(net, REGION, PERIOD)["id"].tolist() == ["a", "b"]
    assert region_nbfs(net, REGION, (2015, 2020))["id"].tolist() == ["a", "b", "late"]
    assert region_nbfs(net, REGION, (1990, 1995))["id"].tolist() == ["b", "gone"]


def test_the_sector_tag_narrows_the_nbfs_everywhere(net):
    red = NBFRule(sector="red_biotech")
    assert region_nbfs(net, REGION, PERIOD, red)["id"].tolist() == ["a"]
    assert acquisition_pathways(net, REGION, PERIOD, nbf_rule=red).empty  # b is green
    assert region_comparison(net, [REGION], PERIOD, nbf_rule=red)[REGION]["nbfs"] == 1
    with pytest.raises(ArgumentError, match="sector"):
        NBFRule(sector="")


def test_nbf_denominators_agree_across_indicators(net):
    rule = NBFRule()
    n = len(region_nbfs(net, REGION, PERIOD, rule))
    assert region_comparison(net, [REGION], PERIOD, nbf_rule=rule)[REGION]["nbfs"] == n
    assert exit_summary(net, REGION, PERIOD, nbf_rule=rule)["firms"].sum() == n
    flagged = actor_geography(net, REGION, PERIOD, nbf_rule=rule)
    assert flagged["nbf"].sum() == n


def test_an_nbf_rule_in_the_period_slot_says_how_to_call(net):
    with pytest.raises(ArgumentError, match=r"\(data, region, period, rule\)"):
        region_nbfs(net, REGION, NBFRule())


# -- units ---------------------------------------------------------------------------------
def test_a_syndicated_round_counts_once_as_a_deal(net):
    ties = geographic_shares(net, REGION, PERIOD, unit="tie").set_index("year")
    deals = geographic_shares(net, REGION, PERIOD).set_index("year")
    assert ties.loc[2003, "ties"] == 3 and deals.loc[2003, "deals"] == pytest.approx(1)
    assert deals.loc[2003, ["region", "europe", "outside"]].tolist() == pytest.approx([1 / 3] * 3)
    # the licence and the equity stake of one day between a and p are one deal
    assert ties.loc[2004, "ties"] == 2 and deals.loc[2004, "deals"] == pytest.approx(1)
    with pytest.raises(ArgumentError, match="unit='row'"):
        geographic_shares(net, REGION, PERIOD, unit="row")


def test_comparison_counts_alliances_and_outcomes_in_their_units(net):
    table = region_comparison(net, [REGION], PERIOD)[REGION]
    assert table["alliances"] == 1  # the licence with p (its same-day equity is the deal)
    assert (table["pharma_alliances"], table["large_pharma_partners"]) == (1, 1)
    assert table["spinoffs"] == 2  # outcomes: uni -> a, uni -> c
    assert "nbf_ties" not in table.index and "big_pharma_partners" not in table.index


def test_a_prior_service_contract_does_not_make_the_acquirer_a_partner(net):
    """One definition of an alliance (ALLIANCE_KINDS): the service of b for q before q
    bought b is a prior tie, not a prior alliance (it was one under BUSINESS_TIE_KINDS)."""
    row = acquisition_pathways(net, REGION, PERIOD).iloc[0]
    assert (row["prior_ties"], row["prior_alliances"], row["prior_kinds"]) == (1, 0, "service")
    assert not row["partner_first"]


# -- 4. policy reach -------------------------------------------------------------------------
def test_policy_reach_separates_parenthood_funding_and_brokerage(net):
    out = policy_actors(net, [REGION, "BE3"], PERIOD).set_index("actor")
    assert {"agency", "fund", "uni"} <= set(out.index)  # fund: no country, system BE2
    agency = out.loc["agency"]
    assert (agency["funding_deals"], agency["funded_firms"]) == (2, 2)  # a, w
    assert (agency["brokerage_ties"], agency["brokerage_firms"]) == (1, 1)  # b's membership
    assert (agency["spinoffs"], agency["ties"], agency["firms"]) == (0, 3, 3)
    assert (agency["ties_BE2"], agency["ties_BE3"]) == (2, 1)
    uni = out.loc["uni"]
    assert (uni["spinoffs"], uni["spinoff_firms"], uni["funding_deals"]) == (2, 2, 0)
    fund = out.loc["fund"]
    assert (fund["funding_deals"], fund["funded_firms"]) == (1, 1)
    located = policy_actors(net, [REGION, "BE3"], PERIOD, membership="location")
    assert "fund" not in set(located["actor"])


def test_policy_funding_counts_deals_not_rows(net):
    ties = pd.concat(
        [
            net.ties[["id", "kind", "source", "target", "start", "status"]],
            pd.DataFrame(
                {
                    "id": ["g1b"],
                    "kind": ["loan"],
                    "source": ["agency"],
                    "target": ["a"],
                    "start": [net.ties.loc[net.ties["id"] == "g1", "start"].iloc[0]],
                    "status": [""],
                }
            ),
        ],
        ignore_index=True,
    )
    out = policy_actors(TemporalNetwork(ties, net.actors), [REGION], PERIOD)
    agency = out.set_index("actor").loc["agency"]
    # a grant and a loan to a on the same day are one funding deal (two ties)
    assert (agency["funding_deals"], agency["ties"]) == (2, 4)


def test_shares_are_nan_not_zero_without_data(net):
    table = region_comparison(net, ["BE1"], PERIOD)["BE1"]
    assert table["nbfs"] == 0 and math.isnan(table["share_partner_first"])


def test_scope_helpers_are_documented():
    for name in ("in_region", "proper_ties", "failed_bid_mask", "check_membership"):
        assert getattr(_scope, name).__doc__, name
