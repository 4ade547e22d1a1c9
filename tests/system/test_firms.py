"""The NBF rule: which actors of a region are its new technology-based firms, for a user's
own region without ``nbf`` tags and, unchanged, for the tagged Belgian data."""

from __future__ import annotations

import pandas as pd
import pytest

import bioregion.datasets
from bioregion import _docs
from bioregion.io.importer import import_files
from bioregion.network import TemporalNetwork
from bioregion.store import Store
from bioregion.system import (
    DEFAULT_NBF_RULE,
    NBFRule,
    acquisition_pathways,
    global_partners,
    preferred_partners,
    region_comparison,
    region_nbfs,
)

PERIOD = (2000, 2020)
BAVARIA = "DE2"


def user_files(folder) -> list:
    """A user's own region (Bavaria) as template files, with no ``nbf`` tag."""
    (folder / "actors.csv").write_text(
        "id,name,kind,country,nuts,founded,tags\n"
        "m1,MunichBio,biotech_firm,DE,DE212,2001,\n"
        "m2,IsarGen,biotech_firm,DE,DE212,1998,\n"
        "m3,OldChem,biotech_firm,DE,DE212,1975,not_nbf\n"
        "lmu,LMU Munich,university,DE,DE212,,\n"
        "ph,BigPharma,pharma,CH,,1900,large_pharma\n"
        "ph2,OtherPharma,pharma,US,,1920,\n"
        "b1,BerlinBio,biotech_firm,DE,DE300,2003,\n",
        encoding="utf-8",
    )
    (folder / "ties.csv").write_text(
        "id,kind,source,target,start\n"
        "t1,licence,m1,ph,2005\n"
        "t2,licence,m1,ph,2008\n"
        "t3,option,m1,ph2,2009\n"
        "t4,rd_collaboration,m2,ph,2010\n"
        "t5,licence,m3,ph2,2011\n"
        "t6,spin_off,lmu,m1,2001\n"
        "t7,licence,b1,ph,2012\n"
        "t8,acquisition,ph2,m2,2015\n",
        encoding="utf-8",
    )
    return [folder / "actors.csv", folder / "ties.csv"]


@pytest.fixture(scope="module")
def user_store(tmp_path_factory) -> Store:
    """The user's region imported into a store of its own."""
    store = Store.open(":memory:", create=True)
    import_files(store, user_files(tmp_path_factory.mktemp("bavaria")))
    return store


def test_a_user_region_without_nbf_tags_gets_partner_rankings(user_store):
    ranking = preferred_partners(user_store, BAVARIA, PERIOD)
    assert ranking["firm"].tolist() == ["m1", "m2"]  # m3 is tagged not_nbf, b1 is in Berlin
    # large pharma is the tagged ph only (issue 9: a documented criterion, not kind pharma)
    assert ranking.set_index("firm")["large_pharma_partners"].to_dict() == {"m1": 1, "m2": 1}
    partners = global_partners(user_store, BAVARIA, PERIOD)
    assert partners[["partner", "firms", "ties"]].values.tolist() == [
        ["ph", 2, 3],
        ["ph2", 1, 1],
    ]
    paths = acquisition_pathways(user_store, BAVARIA, PERIOD)
    assert paths[["target", "acquirer"]].values.tolist() == [["m2", "ph2"]]
    table = region_comparison(user_store, [BAVARIA, "DE3"], PERIOD)
    assert table.loc["nbfs"].tolist() == [2.0, 1.0]


def test_the_rule_is_overridable(user_store):
    assert region_nbfs(user_store, BAVARIA, PERIOD)["id"].tolist() == ["m1", "m2"]
    later = NBFRule(founded_from=2000)
    assert region_nbfs(user_store, BAVARIA, PERIOD, later)["id"].tolist() == ["m1"]
    ranking = preferred_partners(user_store, BAVARIA, PERIOD, nbf_rule=later)
    assert ranking["firm"].tolist() == ["m1"]
    every_firm = NBFRule(exclude_tag=None)
    assert region_nbfs(user_store, BAVARIA, PERIOD, every_firm)["id"].tolist() == ["m1", "m2", "m3"]
    with_university = NBFRule(kinds=("biotech_firm", "university"))
    assert "lmu" in set(region_nbfs(user_store, BAVARIA, PERIOD, with_university)["id"])


def test_tagged_data_keeps_its_tags():
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "kind": ["biotech_firm", "biotech_firm", "service_provider"],
            "nuts": ["BE211", "BE242", "BE242"],
            "tags": ["nbf", "", "nbf"],
        }
    )
    ties = pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["b"], "start": ["2001"]})
    net = TemporalNetwork(ties, actors)
    assert region_nbfs(net, "BE2", PERIOD)["id"].tolist() == ["a", "c"]  # the tag decides
    assert region_nbfs(net, "BE2", PERIOD, NBFRule(tag=None))["id"].tolist() == ["a", "b"]


def test_an_untagged_region_beside_tagged_data_gets_its_firms(tmp_path):
    """Tags decide region by region: Belgian tagged data in the same store does not empty
    the rankings of a user's untagged region."""
    store = Store.open(":memory:", create=True)
    import_files(store, user_files(tmp_path))
    bioregion.datasets.load("belgium", store)
    net = TemporalNetwork.from_store(store)
    assert region_nbfs(net, BAVARIA, PERIOD)["id"].tolist() == ["m1", "m2"]
    assert set(preferred_partners(net, BAVARIA, PERIOD)["firm"]) == {"m1", "m2"}
    flemish = net.actors.set_index("id").loc[list(region_nbfs(net, "flanders", PERIOD)["id"])]
    assert len(flemish) and flemish["tags"].map(lambda tags: "nbf" in tags).all()


def test_belgian_nbfs_are_the_tagged_actors():
    net = TemporalNetwork.from_store(bioregion.datasets.load("belgium"))
    tagged = net.actors[net.actors["tags"].map(lambda tags: "nbf" in tags).astype(bool)]
    for region in ("flanders", "wallonia"):
        chosen = set(region_nbfs(net, region, (1900, 2100))["id"])
        assert chosen and chosen <= set(tagged["id"])
    everywhere = set(region_nbfs(net, None, (1900, 2100), DEFAULT_NBF_RULE)["id"])
    assert everywhere == set(tagged["id"])


def test_the_rule_is_documented_in_the_templates_reference():
    text = _docs.render_templates()
    assert "## Which actors are new technology-based firms (NBFs)" in text
    for phrase in ("`nbf`", "`not_nbf`", "`biotech_firm`", "NBFRule", "founded_from"):
        assert phrase in text, phrase
