"""Region comparison and policy actors, by hand and on the Belgian data."""

import math

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.comparison import policy_actors, region_comparison

BELGIAN_REGIONS = ("flanders", "wallonia", "brussels")
#: Research institutes that the Belgian report counts among the policy and network actors
#: (the other former POLICY_ACTOR_IDS are Belgian actors of a policy kind).
BELGIAN_POLICY_INSTITUTES = ("vib", "welbio", "imec")


def _network() -> TemporalNetwork:
    actors = pd.DataFrame(
        {
            "id": ["f1", "f2", "w1", "p", "q", "ugent", "vlaio", "spw", "fund"],
            "kind": [
                "biotech_firm",
                "biotech_firm",
                "biotech_firm",
                "pharma",
                "pharma",
                "university",
                "government",
                "government",
                "investor",
            ],
            "country": ["BE", "BE", "BE", "CH", "US", "BE", "BE", "BE", "US"],
            "nuts": ["BE234", "BE242", "BE310", "", "", "BE234", "BE100", "BE352", ""],
            "tags": ["nbf", "nbf", "nbf", "large_pharma", "", "", "", "", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "kind": [
                "licence",  # f1 -> p: outbound for f1
                "option",  # f1 -> q: outbound
                "licence",  # ugent -> f1: inbound
                "rd_collaboration",  # f1 - f2: coupled for both
                "spin_off",  # ugent -> f2
                "acquisition",  # p buys f1 after a licence
                "grant",  # vlaio -> f1
                "grant",  # vlaio -> f2
                "grant",  # spw -> w1
                "equity_investment",  # fund -> w1 (US fund: not a policy actor)
                "licence",  # w1 -> q
            ],
            "source": [
                "f1",
                "f1",
                "ugent",
                "f1",
                "ugent",
                "p",
                "vlaio",
                "vlaio",
                "spw",
                "fund",
                "w1",
            ],
            "target": ["p", "q", "f1", "f2", "f2", "f1", "f1", "f2", "w1", "w1", "q"],
            "start": [
                "2001",
                "2002",
                "2000",
                "2003",
                "1999",
                "2006",
                "2001",
                "2002",
                "2004",
                "2005",
                "2020",  # outside the period
            ],
        }
    )
    return TemporalNetwork(ties, actors)


def test_comparison_by_hand():
    table = region_comparison(_network(), ("flanders", "wallonia"), (1995, 2010))
    fl, wa = table["flanders"], table["wallonia"]
    assert fl["nbfs"] == 2 and wa["nbfs"] == 1
    # f1: licence, option, licence, rd, acquisition, grant; f2: rd, spin_off, grant
    assert fl["nbf_deals"] == 8  # the rd tie between f1 and f2 counts once
    # alliances (deals of ALLIANCE_KINDS): f1-p, f1-q, ugent-f1, f1-f2
    assert fl["alliances"] == 4
    # open-innovation (deal, NBF) pairs: f1 out, out, in, coupled; f2 coupled
    assert fl["oi_deals"] == 5
    assert fl["outbound_share"] == pytest.approx(2 / 5)
    assert fl["inbound_share"] == pytest.approx(1 / 5)
    assert fl["coupled_share"] == pytest.approx(2 / 5)
    assert fl["outbound_licensing_share"] == pytest.approx(2 / 3)
    large = (fl["pharma_alliances"], fl["pharma_partners"], fl["large_pharma_partners"])
    assert large == (2, 2, 1)
    assert fl["spinoffs"] == 1 and fl["spinoffs_university"] == 1
    assert fl["acquisitions"] == 1 and fl["share_partner_first"] == 1.0
    assert wa["alliances"] == 0 and math.isnan(wa["outbound_share"])
    assert wa["acquisitions"] == 0 and math.isnan(wa["share_partner_first"])
    # E-I: Flanders' distinct pairs: inside f1-ugent, f1-f2, ugent-f2 (3); across: f1-p,
    # f1-q, vlaio-f1, vlaio-f2 (vlaio sits in Brussels) (4) -> (4 - 3) / 7
    assert fl["ei_index"] == pytest.approx(1 / 7)
    # Wallonia: spw-w1 inside, fund-w1 across -> 0
    assert wa["ei_index"] == pytest.approx(0.0)
    assert table.index.name == "metric" and list(table.columns) == ["flanders", "wallonia"]
    assert not math.isnan(fl["t_uig_mbits"])


def test_policy_actors_by_hand():
    out = policy_actors(_network(), ("flanders", "wallonia"), (1995, 2010))
    assert out["actor"].tolist() == ["vlaio", "spw"]  # 'fund' is American
    vlaio = out.iloc[0]
    assert (vlaio.ties, vlaio.firms, vlaio.ties_flanders, vlaio.firms_flanders) == (2, 2, 2, 2)
    assert (vlaio.ties_wallonia, vlaio.home) == (0, "brussels")
    spw = out.iloc[1]
    assert (spw.ties, spw.firms_wallonia, spw.firms_flanders) == (1, 1, 0)


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_comparison(belgium):
    table = region_comparison(belgium, BELGIAN_REGIONS, (1987, 2017))
    assert list(table.columns) == ["flanders", "wallonia", "brussels"]
    fl, wa = table["flanders"], table["wallonia"]
    # Flanders has more NBF ties and more alliances with large pharma than Wallonia
    assert fl["nbf_deals"] > wa["nbf_deals"] and fl["pharma_alliances"] > wa["pharma_alliances"]
    assert fl["large_pharma_partners"] >= 5
    # NBFs mostly license out (outbound) rather than in
    assert fl["outbound_licensing_share"] > 0.5
    for region in ("flanders", "wallonia"):
        shares = table.loc[["inbound_share", "outbound_share", "coupled_share"], region]
        assert shares.sum() == pytest.approx(1.0)
        assert -1 <= table.loc["ei_index", region] <= 1
    assert fl["acquisitions_partner_first"] >= 1  # Ablynx (Sanofi, 2018) is after 2017
    assert fl["spinoffs_university"] > 0 and wa["spinoffs_university"] > 0


def test_belgian_policy_actors(belgium):
    out = policy_actors(
        belgium, BELGIAN_REGIONS, (1987, 2017), actors=BELGIAN_POLICY_INSTITUTES
    ).set_index("actor")
    assert {"vib", "iwt", "walloon-region", "gimv", "pmv", "sriw"} <= set(out.index)
    # VIB and IWT reach Flemish firms, the Walloon Region Walloon ones
    assert out.loc["vib", "firms_flanders"] > 0 and out.loc["vib", "firms_wallonia"] == 0
    assert out.loc["iwt", "firms_flanders"] > out.loc["iwt", "firms_wallonia"]
    assert out.loc["walloon-region", "firms_wallonia"] > 0
    assert out.loc["walloon-region", "firms_flanders"] == 0
    # a tie counts in each region whose system its partner belongs to, and an actor may
    # belong to two (FNRS: the French Community, in Wallonia and Brussels), so the regional
    # counts may add up to more than the total but none exceeds it
    regional = out[["ties_flanders", "ties_wallonia", "ties_brussels"]]
    assert (regional.le(out["ties"], axis=0)).all().all()
    assert out.loc["welbio", "ties_wallonia"] == 3 and out.loc["welbio", "ties_brussels"] == 1


def test_belgian_policy_institutes_are_tagged_in_the_dataset(belgium):
    """The dataset tags VIB, IMEC and WELBIO as policy actors, so no ids are needed."""
    out = policy_actors(belgium, BELGIAN_REGIONS, (1987, 2017)).set_index("actor")
    assert set(BELGIAN_POLICY_INSTITUTES) <= set(out.index)
    given = policy_actors(
        belgium, BELGIAN_REGIONS, (1987, 2017), actors=BELGIAN_POLICY_INSTITUTES
    ).set_index("actor")
    pd.testing.assert_frame_equal(out.sort_index(), given.sort_index())
