"""Business models of NBFs: hand-checked rules and the Belgian data."""

import pandas as pd
import pytest

import bioregion.datasets
from bioregion.network import TemporalNetwork
from bioregion.system.business_model import MODELS, business_models

#: The period the library used by default before region and period became explicit.
P = (1987, 2025)


def hand_network() -> TemporalNetwork:
    firms = ["plat", "prod", "hyb", "serv", "cro", "none"]
    actors = pd.DataFrame(
        {
            "id": [*firms, "p", "q"],
            "kind": ["biotech_firm"] * 6 + ["pharma", "pharma"],
            "nuts": ["BE211"] * 6 + ["", ""],
            "tags": ["nbf"] * 4 + ["nbf;cro", "nbf", "", ""],
        }
    )
    rows = [
        ("t1", "licence", "plat", "p", "", "antibody"),
        ("t2", "option", "plat", "q", "", "antibody"),
        ("t3", "licence", "plat", "q", "", "small molecule"),  # one partner: no evidence
        ("t4", "co_development", "prod", "p", "phase2", ""),
        ("t5", "licence", "p", "prod", "phase3", ""),  # in-licensed late-stage asset
        ("t6", "licence", "prod", "q", "phase1", ""),  # early: no evidence
        ("t7", "rd_collaboration", "hyb", "p", "", "discovery platform"),
        ("t8", "co_commercialisation", "hyb", "q", "marketed", ""),
        ("t9", "service", "serv", "p", "", ""),
        ("t10", "service", "serv", "q", "", ""),
        ("t11", "licence", "serv", "q", "", ""),
        ("t12", "equity_investment", "q", "none", "", ""),
    ]
    ties = pd.DataFrame(rows, columns=["id", "kind", "source", "target", "stage", "technology"])
    ties["start"] = "2005"
    return TemporalNetwork(ties, actors)


def test_rules_by_hand():
    table = business_models(hand_network(), "flanders", P).set_index("firm")
    assert table["model"].to_dict() == {
        "cro": "rd_service",
        "hyb": "hybrid",
        "none": "unknown",
        "plat": "platform",
        "prod": "product",
        "serv": "rd_service",
    }
    assert table.loc["plat", "evidence"] == ("t1", "t2")
    assert table.loc["prod", "evidence"] == ("t4", "t5")
    assert table.loc["hyb", "evidence"] == ("t7", "t8")
    assert table.loc["serv", "evidence"] == ("t10", "t9")
    assert table.loc["cro", "evidence"] == ()
    assert "tagged cro/cdmo" in table.loc["cro", "rule"]
    assert table.loc["plat", "rule"].startswith("platform: antibody licensed out to 2 partners")


@pytest.fixture(scope="module")
def belgium():
    return TemporalNetwork.from_store(bioregion.datasets.load("belgium"))


def test_belgian_business_models(belgium):
    table = business_models(belgium, "flanders", P).set_index("firm")
    assert set(table["model"]) <= set(MODELS)
    assert table.loc["ablynx", "model"] in {"platform", "hybrid"}  # Nanobody licensing
    assert table.loc["galapagos", "model"] in {"platform", "hybrid"}
    ties = set(belgium.ties["id"])
    assert all(set(evidence) <= ties for evidence in table["evidence"])
    assert (table["evidence"].map(len) > 0).sum() >= 5


def deal_network() -> TemporalNetwork:
    """``mix``: two service deals and three licences signed with r on one day;
    ``lic``: one technology licensed to a parent and to its subsidiary."""
    actors = pd.DataFrame(
        {
            "id": ["mix", "lic", "p", "q", "r", "par", "sub"],
            "kind": ["biotech_firm"] * 2 + ["pharma"] * 5,
            "nuts": ["BE211", "BE211", "", "", "", "", ""],
            "tags": ["nbf", "nbf", "", "", "", "", ""],
        }
    )
    rows = [
        ("s1", "service", "mix", "p", "2005-01-01", ""),
        ("s2", "service", "mix", "q", "2006-01-01", ""),
        ("l1", "licence", "mix", "r", "2007-01-01", ""),
        ("l2", "licence", "mix", "r", "2007-01-01", ""),
        ("l3", "option", "mix", "r", "2007-01-01", ""),
        ("a1", "licence", "lic", "par", "2005-01-01", "antibody"),
        ("a2", "licence", "lic", "sub", "2006-01-01", "antibody"),
        ("own", "subsidiary", "par", "sub", "1990-01-01", ""),
    ]
    ties = pd.DataFrame(rows, columns=["id", "kind", "source", "target", "start", "technology"])
    return TemporalNetwork(ties, actors)


def test_service_dominance_counts_deals_not_rows():
    by_deal = business_models(deal_network(), "flanders", P).set_index("firm")
    # 2 service deals of 3 business deals (the three rows with r are one deal)
    assert by_deal.loc["mix", "model"] == "rd_service"
    assert "2 of 3 business deals" in by_deal.loc["mix", "rule"]
    by_tie = business_models(deal_network(), "flanders", P, unit="tie").set_index("firm")
    # 2 of 5 rows: not more than half (the count before issue 9)
    assert by_tie.loc["mix", "model"] == "unknown"


def test_a_parent_and_its_subsidiary_are_one_licensee():
    table = business_models(deal_network(), "flanders", P).set_index("firm")
    assert table.loc["lic", "model"] == "unknown"  # one corporate group, not two partners
