"""describe() and coverage() take their regions and years from the caller or the data.

Issue 8: they defaulted to the Belgian regions and to 1985-2025; a German store described
with its own region listed every actor "abroad", and the coverage periods did not follow
the data.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
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


# -- the columnar describe() and coverage() give what the record-based ones gave --------
# Issue 10: describe() of a 200k-tie store took 18.7 s building every record; it now
# counts in SQL. The functions below are the record-based versions it replaced (verbatim
# but for names), the oracle of the tests that follow.
def _reference_region_rule(regions):
    if regions is None:
        return lambda actor: actor.country or "unknown"
    from bioregion.regions import named_region, nuts_country_to_iso

    areas = [named_region(r) for r in ([regions] if isinstance(regions, str) else regions)]
    countries = {nuts_country_to_iso(code[:2]) for area in areas for code in area.codes}

    def region(actor):
        if actor.nuts:
            found = next((a.key for a in areas if a.contains(actor.nuts)), None)
            if found:
                return found
        if actor.country:
            return f"elsewhere in {actor.country}" if actor.country in countries else "abroad"
        return "unknown"

    return region


def _reference_count(frame, by, name):
    if frame.empty:
        return pd.DataFrame(columns=[*by, name])
    counted = frame.groupby(by).size().rename(name).reset_index()
    return counted.sort_values([name, *by], ascending=[False] + [True] * len(by), ignore_index=True)


def reference_describe(store, regions=None):
    region = _reference_region_rule(regions)
    actors, ties = store.actors(), store.ties()
    actor_frame = pd.DataFrame(
        {"kind": [a.kind for a in actors], "region": [region(a) for a in actors]},
        columns=["kind", "region"],
    )
    tie_frame = pd.DataFrame(
        {"kind": [t.kind for t in ties], "decade": [f"{t.start.year // 10 * 10}s" for t in ties]},
        columns=["kind", "decade"],
    )
    by_decade = pd.crosstab(tie_frame["kind"], tie_frame["decade"]) if ties else pd.DataFrame()
    if not by_decade.empty:
        by_decade["total"] = by_decade.sum(axis=1)
        by_decade.loc["total"] = by_decade.sum(axis=0)
    return {
        "actors_by_kind": _reference_count(actor_frame, ["kind"], "actors"),
        "actors_by_region": _reference_count(actor_frame, ["region", "kind"], "actors"),
        "ties_by_kind": _reference_count(tie_frame, ["kind"], "ties"),
        "ties_by_decade": by_decade,
        "totals": dict(store.counts()),
    }


def reference_coverage(store, tag="nbf", start=None, end=None, step=5):
    actors = [a for a in store.actors() if tag in a.tags]
    ids = {a.id for a in actors}
    ties = [t for t in store.ties() if t.source in ids or t.target in ids]
    years = [t.start.year for t in ties]
    if start is None:
        start = min(years) // step * step if years else 0
    if end is None:
        end = max(years) if years else start - 1
    edges = range(start, end + 1, step)
    labels = [f"{y}-{min(y + step - 1, end)}" for y in edges]
    counts = pd.DataFrame(0, index=[a.id for a in actors], columns=labels)
    for tie in ties:
        if not start <= tie.start.year <= end:
            continue
        label = labels[(tie.start.year - start) // step]
        for actor_id in (tie.source, tie.target):
            if actor_id in counts.index:
                counts.loc[actor_id, label] += 1
    counts["total"] = counts.sum(axis=1)
    names = {a.id: a.name for a in actors}
    counts.insert(0, "firm", [names[i] for i in counts.index])
    return counts.sort_values(["total", "firm"], ascending=[False, True])


@pytest.fixture(scope="module")
def belgium() -> Store:
    from bioregion.datasets import load

    store = load("belgium")
    yield store
    store.close()


@pytest.fixture(scope="module")
def synthetic() -> Store:
    from bioregion.datasets.synthetic import to_dataset

    store = Store.open(":memory:", create=True)
    store.write(to_dataset(3000, seed=11))
    yield store
    store.close()


def assert_same_description(store: Store, regions) -> None:
    found, expected = describe(store, regions=regions), reference_describe(store, regions)
    for name in ("actors_by_kind", "actors_by_region", "ties_by_kind", "ties_by_decade"):
        pd.testing.assert_frame_equal(getattr(found, name), expected[name], obj=name)
    assert found.totals == expected["totals"]


REGION_CHOICES = [None, ("flanders", "wallonia", "brussels"), ["DE21", "BE2"], "wallonia"]


@pytest.mark.parametrize("regions", REGION_CHOICES)
def test_describe_equals_the_record_based_one_on_the_belgian_store(belgium: Store, regions):
    assert_same_description(belgium, regions)


@pytest.mark.parametrize("regions", REGION_CHOICES[:2])
def test_describe_equals_the_record_based_one_on_synthetic_and_small_stores(
    synthetic: Store, german: Store, regions
):
    assert_same_description(synthetic, regions)
    assert_same_description(german, regions)


def test_the_cli_table_of_the_belgian_store_is_unchanged(belgium: Store):
    found = describe(belgium, regions=("flanders", "wallonia", "brussels"))
    assert found.ties_by_decade.loc["total", "total"] == found.totals["tie"]
    assert found.actors_by_kind["actors"].sum() == found.totals["actor"]
    assert found.ties_by_decade.index.name == "kind"
    assert found.ties_by_decade.columns.name == "decade"


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"start": 1985, "end": 2025},
        {"step": 10},
        {"tag": "pharma"},
        {"start": 2000, "end": 2004},
    ],
)
def test_coverage_equals_the_record_based_one(belgium: Store, synthetic: Store, options):
    for store in (belgium, synthetic):
        pd.testing.assert_frame_equal(
            coverage(store, **options), reference_coverage(store, **options)
        )


def test_coverage_equals_the_record_based_one_on_small_stores(german: Store):
    for options in ({}, {"start": 1985, "end": 2025}, {"tag": "none"}):
        pd.testing.assert_frame_equal(
            coverage(german, **options), reference_coverage(german, **options)
        )
    with Store.open(":memory:", create=True) as empty:
        pd.testing.assert_frame_equal(coverage(empty), reference_coverage(empty))


# -- count_rows: the GROUP BY describe() is built on ------------------------------------
def test_count_rows_counts_by_text_columns_and_years(german: Store):
    from bioregion.store.frames import count_rows

    by_kind = sorted(count_rows(german.engine, "ties", ["kind", "start_year"]))
    assert by_kind == [("licence", 1993, 1), ("licence", 2011, 1), ("rd_collaboration", 2008, 1)]
    by_country = dict(
        ((c, n), k) for c, n, k in count_rows(german.engine, "actors", ["country", "nuts"])
    )
    assert by_country[("", "")] == 1 and by_country[("DE", "DE212")] == 1
    assert sum(by_country.values()) == 6
    assert sorted(count_rows(german.engine, "actors", "ended_year")) == [(None, 6)]


def test_count_rows_refuses_other_columns_and_is_empty_for_an_empty_store(german: Store):
    from bioregion.errors import ArgumentError
    from bioregion.store.frames import count_rows

    with pytest.raises(ArgumentError, match=r"'upfront'.*count by some of: id, kind"):
        count_rows(german.engine, "ties", ["kind", "upfront"])
    with pytest.raises(ArgumentError, match="'tags'"):
        count_rows(german.engine, "actors", ["tags"])
    with Store.open(":memory:", create=True) as empty:
        assert count_rows(empty.engine, "ties", ["kind", "start_year"]) == []
