"""Corporate families at a date (bioregion.resolve.families)."""

from __future__ import annotations

import pandas as pd
import pytest

from bioregion import Actor, Dataset, Source, Tie
from bioregion.errors import ArgumentError
from bioregion.model.dates import PartialDate
from bioregion.resolve.families import (
    family_heads,
    family_table,
    roll_up,
    store_family_heads,
)

# Johnson & Johnson owns Janssen Pharmaceutica (since 1961), which bought Crucell
# (announced 2010-10-06, completed 2011-02-21); Tibotec was bought by J&J in 2002;
# a deal that fell through does not count.
TIES = pd.DataFrame(
    {
        "kind": ["subsidiary", "acquisition", "acquisition", "acquisition", "subsidiary"],
        "source": ["jnj", "janssen", "jnj", "jnj", "janssen"],
        "target": ["janssen", "crucell", "tibotec", "galapagos", "old-unit"],
        "start": ["1961", "2010-10-06", "2002-04", "2019-07-14", "1990"],
        "closed": [None, "2011-02-21", None, None, None],
        "end": [None, None, None, None, "2000-12-31"],
        "status": ["active", "completed", "completed", "terminated", "completed"],
    }
)
ACTORS = ["jnj", "janssen", "crucell", "tibotec", "galapagos", "old-unit", "ucb"]


def test_subsidiary_rolls_up_to_the_ultimate_parent():
    heads = family_heads(ACTORS, TIES, at="2015")
    assert heads["janssen"] == "jnj"
    assert heads["crucell"] == "jnj"  # unit -> parent -> ultimate parent
    assert heads["jnj"] == "jnj"
    assert heads["ucb"] == "ucb"


def test_acquisition_counts_from_completion():
    assert family_heads(["crucell"], TIES, at="2011-02-20")["crucell"] == "crucell"
    assert family_heads(["crucell"], TIES, at="2011-02-21")["crucell"] == "jnj"
    assert family_heads(["tibotec"], TIES, at=2001)["tibotec"] == "tibotec"
    assert family_heads(["tibotec"], TIES, at=PartialDate.parse("2003"))["tibotec"] == "jnj"


def test_terminated_deal_and_ended_subsidiary_do_not_count():
    assert family_heads(["galapagos"], TIES, at=2020)["galapagos"] == "galapagos"
    assert family_heads(["old-unit"], TIES, at=1995)["old-unit"] == "jnj"
    assert family_heads(["old-unit"], TIES, at=2005)["old-unit"] == "old-unit"


def test_before_the_parent_existed_every_actor_is_its_own_head():
    heads = family_heads(ACTORS, TIES, at=1950)
    assert heads == {a: a for a in ACTORS}


def test_latest_owner_wins_and_cycles_stop():
    ties = pd.DataFrame(
        {
            "kind": ["acquisition", "acquisition", "subsidiary", "subsidiary"],
            "source": ["a", "b", "x", "y"],
            "target": ["t", "t", "y", "x"],
            "start": ["2000", "2010", "2000", "2000"],
        }
    )
    heads = family_heads(["t", "x", "y"], ties, at=2020)
    assert heads["t"] == "b"
    assert heads["x"] in {"x", "y"} and heads["y"] in {"x", "y"}


def test_roll_up_keeps_the_unit():
    frame = pd.DataFrame({"source": ["crucell", "ucb"], "target": ["ucb", "tibotec"]})
    heads = family_heads(ACTORS, TIES, at=2015)
    rolled = roll_up(frame, heads, ["source", "target"])
    assert rolled["source"].tolist() == ["jnj", "ucb"]
    assert rolled["target"].tolist() == ["ucb", "jnj"]
    assert rolled["source_unit"].tolist() == ["crucell", "ucb"]
    assert frame["source"].tolist() == ["crucell", "ucb"]  # the input is unchanged


def test_family_table_lists_only_family_ties():
    table = family_table(TIES)
    assert set(table["child"]) == {"janssen", "crucell", "tibotec", "old-unit"}


def test_a_bad_date_is_an_argument_error():
    with pytest.raises(ArgumentError, match="not a date"):
        family_heads(["jnj"], TIES, at="not a date")


def test_store_family_heads(store):
    src = Source(id="s1", url="https://example.org/jnj")
    data = Dataset(
        sources=[src],
        actors=[
            Actor(id="jnj", name="Johnson & Johnson", kind="pharma", sources=("s1",)),
            Actor(id="janssen", name="Janssen Pharmaceutica NV", kind="pharma", sources=("s1",)),
            Actor(id="crucell", name="Crucell", kind="biotech_firm", sources=("s1",)),
        ],
        ties=[
            Tie(
                id="t1",
                kind="subsidiary",
                source="jnj",
                target="janssen",
                start=PartialDate.parse("1961"),
                sources=("s1",),
            ),
            Tie(
                id="t2",
                kind="acquisition",
                source="janssen",
                target="crucell",
                start=PartialDate.parse("2010-10-06"),
                closed=PartialDate.parse("2011-02-21"),
                sources=("s1",),
            ),
        ],
    )
    store.write(data)
    assert store_family_heads(store, at=2010) == {
        "crucell": "crucell",
        "janssen": "jnj",
        "jnj": "jnj",
    }
    assert store_family_heads(store, at=2012)["crucell"] == "jnj"


def test_store_family_heads_use_the_parent_relations_sources_gave(store):
    from bioregion.sources.base import Relation
    from bioregion.store.extras import SourceExtras

    src = Source(id="s1", url="https://example.org/ror")
    data = Dataset(
        sources=[src],
        actors=[
            Actor(id="uz-leuven", name="UZ Leuven", kind="hospital", sources=("s1",)),
            Actor(id="ku-leuven", name="KU Leuven", kind="university", sources=("s1",)),
            Actor(id="vib", name="VIB", kind="research_institute", sources=("s1",)),
        ],
    )
    extras = SourceExtras(
        source="ror",
        relations=[
            Relation("uz-leuven", "ku-leuven", "parent", "KU Leuven"),
            Relation("vib", "ku-leuven", "related", "KU Leuven"),
        ],
    )
    store.write(data)
    assert store_family_heads(store)["uz-leuven"] == "uz-leuven"
    store.write_with_extras(data, extras)
    heads = store_family_heads(store)
    assert heads == {"uz-leuven": "ku-leuven", "ku-leuven": "ku-leuven", "vib": "vib"}
