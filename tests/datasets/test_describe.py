"""describe() and coverage() take their regions and years from the caller or the data.

Issue 8: they defaulted to the Belgian regions and to 1985-2025; a German store described
with its own region listed every actor "abroad", and the coverage periods did not follow
the data.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from bioregion.datasets import coverage, describe
from bioregion.errors import UnknownRegionError
from bioregion.io import import_files
from bioregion.store import Store

ACTORS = """id,name,kind,tags,country,nuts,sources
munich-bio,Munich Bio,biotech_firm,nbf,DE,DE212,s1
augsburg-bio,Augsburg Bio,biotech_firm,nbf,DE,DE271,s1
berlin-pharma,Berlin Pharma,pharma,,DE,DE300,s1
basel-pharma,Basel Pharma,pharma,,CH,CH031,s1
leuven-uni,Leuven University,university,,BE,BE242,s1
nowhere,Nowhere Ltd,other,,,,s1
"""
TIES = """kind,source,target,start,sources
licence,basel-pharma,munich-bio,1993,s1
licence,berlin-pharma,munich-bio,2011-05,s1
rd_collaboration,leuven-uni,augsburg-bio,2008,s1
"""


@pytest.fixture
def german(tmp_path: Path) -> Store:
    files = {
        "sources.csv": "id,url\ns1,https://example.org/a\n",
        "actors.csv": ACTORS,
        "ties.csv": TIES,
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store.open(":memory:", create=True)
    import_files(store, [tmp_path / name for name in files])
    yield store
    store.close()


def _regions(store: Store, **options) -> dict[str, int]:
    found = describe(store, **options).actors_by_region
    return found.groupby("region")["actors"].sum().to_dict()


def test_no_belgian_defaults_in_the_signatures():
    assert inspect.signature(describe).parameters["regions"].default is None
    assert inspect.signature(coverage).parameters["end"].default is None


def test_without_regions_actors_are_counted_by_country(german: Store):
    assert _regions(german) == {"BE": 1, "CH": 1, "DE": 3, "unknown": 1}


def test_a_german_region_lists_its_actors_under_it(german: Store):
    assert _regions(german, regions=["DE21"]) == {
        "de21": 1,
        "elsewhere in DE": 2,
        "abroad": 2,
        "unknown": 1,
    }
    assert _regions(german, regions=("DE21", "DE27")) == {
        "de21": 1,
        "de27": 1,
        "elsewhere in DE": 1,
        "abroad": 2,
        "unknown": 1,
    }


def test_the_belgian_regions_when_asked_for(german: Store):
    belgian = _regions(german, regions=("flanders", "wallonia", "brussels"))
    assert belgian == {"flanders": 1, "abroad": 4, "unknown": 1}


def test_an_unknown_region_is_an_error(german: Store):
    with pytest.raises(UnknownRegionError, match="atlantis"):
        describe(german, regions=["atlantis"])


def test_an_empty_store_is_described_as_empty():
    with Store.open(":memory:", create=True) as store:
        found = describe(store, regions=["flanders"])
    assert found.empty
    assert found.actors_by_kind.empty and found.ties_by_decade.empty
    assert found.summary().startswith("0 actors, 0 ties")


def test_a_store_with_records_is_not_empty(german: Store):
    assert not describe(german).empty


def test_coverage_periods_follow_the_data(german: Store):
    table = coverage(german)
    periods = [c for c in table.columns if c not in ("firm", "total")]
    # from 1993 (rounded down to 1990) to 2011, the last start (not the old 1985-2025)
    assert periods == ["1990-1994", "1995-1999", "2000-2004", "2005-2009", "2010-2011"]
    assert table.loc["augsburg-bio", "2005-2009"] == 1
    assert table["total"].to_dict() == {"munich-bio": 2, "augsburg-bio": 1}
    assert coverage(german, step=10).columns.tolist()[1:-1] == [
        "1990-1999",
        "2000-2009",
        "2010-2011",
    ]


def test_coverage_with_explicit_years(german: Store):
    table = coverage(german, start=1985, end=2025)
    periods = [c for c in table.columns if c not in ("firm", "total")]
    assert periods[0] == "1985-1989" and periods[-1] == "2025-2025"
    assert table["total"].to_dict() == {"munich-bio": 2, "augsburg-bio": 1}
    assert coverage(german, start=2000, end=2009)["total"].to_dict() == {
        "augsburg-bio": 1,
        "munich-bio": 0,
    }


def test_coverage_of_a_store_without_ties():
    with Store.open(":memory:", create=True) as store:
        table = coverage(store)
    assert list(table.columns) == ["firm", "total"] and table.empty
