"""The synthetic region the report benchmark reports on: the generator's ``tags=True``
gives the tags the report reads (NBFs, sectors, large pharma) on the same network."""

from __future__ import annotations

import pandas as pd

from bioregion.datasets.synthetic import TAG_SHARES, generate


def test_tags_change_nothing_but_the_tags():
    plain_actors, plain_ties = generate(2000, seed=4, tags=False)
    actors, ties = generate(2000, seed=4, tags=True)
    pd.testing.assert_frame_equal(ties, plain_ties)
    pd.testing.assert_frame_equal(actors.drop(columns="tags"), plain_actors.drop(columns="tags"))
    assert set(plain_actors["tags"]) == {("synthetic",)}


def test_tags_mark_nbfs_sectors_and_large_pharma():
    actors, _ = generate(4000, seed=4, tags=True)
    tags = actors.set_index("kind")["tags"]
    firms = tags.loc["biotech_firm"]
    assert all("nbf" in t and ("red_biotech" in t) != ("green_biotech" in t) for t in firms)
    red = sum("red_biotech" in t for t in firms) / len(firms)
    assert abs(red - TAG_SHARES["red_biotech"]) < 0.05
    large = sum("large_pharma" in t for t in tags.loc["pharma"]) / len(tags.loc["pharma"])
    assert abs(large - TAG_SHARES["large_pharma"]) < 0.1
    others = tags.drop(index=["biotech_firm", "pharma"])
    assert set(others) == {("synthetic",)}
