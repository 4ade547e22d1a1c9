"""The report's numbers do not depend on how they are computed.

A report computes each indicator once (``Context.call``) and its indicators share the
work they derive from one network inside ``bioregion.system._memo.reuse()`` (families,
period graphs, betweenness, deal keys, ...). Every table the report showed must equal the
same indicator called directly, outside any ``reuse`` block, on a network read afresh
from the store: a cache keyed too loosely, a shared frame changed by one section, or a
faster path that counts differently makes these tests fail.
"""

from __future__ import annotations

import dataclasses
import math
import re

import pandas as pd
import pytest

from bioregion.datasets import load
from bioregion.datasets.synthetic import to_dataset
from bioregion.network import TemporalNetwork
from bioregion.report import build_report, context, main_job
from bioregion.store import Store
from bioregion.system import NBFRule

COMPARE = ("flanders", "wallonia", "brussels")


def recorded(build, *args, **options):
    """``build(*args, **options)`` and every indicator call of the report it builds, with
    its arguments and result."""
    calls = []
    original = context.Context.call

    def call(self, indicator, /, **kwargs):
        result = original(self, indicator, **kwargs)
        calls.append((indicator, kwargs, result))
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(context.Context, "call", call)
        return build(*args, **options), calls


def assert_same(shown, direct, what: str) -> None:
    if isinstance(shown, pd.DataFrame):
        pd.testing.assert_frame_equal(shown, direct, check_exact=True, obj=what)
        assert shown.attrs == direct.attrs, what
    elif dataclasses.is_dataclass(shown):
        for field in dataclasses.fields(shown):
            a, b = getattr(shown, field.name), getattr(direct, field.name)
            if isinstance(a, pd.DataFrame) or dataclasses.is_dataclass(a):
                assert_same(a, b, f"{what}.{field.name}")  # nested results
                continue
            same = (a == b) or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
            assert same, f"{what}.{field.name}: {a!r} != {b!r}"
    else:
        assert shown == direct, what


def check_against_direct_calls(store, calls) -> int:
    """Call every recorded indicator on a fresh network (no reuse); compare."""
    assert calls, "the report called no indicator"
    fresh = TemporalNetwork.from_store(store)
    for indicator, kwargs, shown in calls:
        what = f"{context.indicator_name(indicator)}({kwargs})"
        assert_same(shown, indicator(fresh, **kwargs), what)
    return len(calls)


@pytest.fixture(scope="module")
def belgium():
    store = load("belgium")
    yield store
    store.close()


@pytest.fixture(scope="module")
def synthetic():
    """A small synthetic region with NBFs of two sectors, large pharma, acquisitions."""
    store = Store.open(":memory:", create=True)
    store.write(to_dataset(800, seed=11, end_year=2017, tags=True))
    yield store
    store.close()


@pytest.fixture(scope="module")
def synthetic_report(synthetic, tmp_path_factory):
    """The report of the synthetic region as ``bioregion report`` makes it (with its
    headline tables), and its indicator calls."""
    return recorded(
        main_job.report_with_partners,
        synthetic,
        tmp_path_factory.mktemp("synthetic"),
        region="flanders",
        compare=COMPARE,
        period=(1987, 2017),
        sector="red_biotech",
        top=7,
    )


def test_belgian_report_shows_what_direct_calls_give(belgium, tmp_path):
    _, calls = recorded(
        build_report,
        belgium,
        out_dir=tmp_path,
        region="flanders",
        compare=COMPARE,
        period=(1987, 2017),
        nbf_rule=NBFRule(sector="red_biotech"),
    )
    names = {context.indicator_name(indicator) for indicator, _, _ in calls}
    # the sensitivity section varies the coding choices of the headline indicators
    assert {"partners.preferred_partners", "uncertainty.triple_helix_interval"} <= names
    assert check_against_direct_calls(belgium, calls) > 40


def test_synthetic_report_shows_what_direct_calls_give(synthetic, synthetic_report):
    _, calls = synthetic_report
    assert check_against_direct_calls(synthetic, calls) > 40


def test_small_store_report_shows_what_direct_calls_give(small_store, tmp_path):
    store = small_store()
    _, calls = recorded(
        build_report,
        store,
        out_dir=tmp_path,
        region="BE2",
        compare=("BE2", "BE3"),
        period=(2000, 2012),
        sections=["preferred-partners", "embeddedness", "comparison", "sensitivity"],
    )
    check_against_direct_calls(store, calls)


def test_headline_tables_are_those_of_direct_calls(synthetic, synthetic_report):
    (path, ranking, partners), _ = synthetic_report
    direct_ranking, direct_partners = main_job.headline_partners(
        synthetic, "flanders", (1987, 2017), 7, sector="red_biotech"
    )
    assert len(ranking) == 7 and ranking["large_pharma_partners"].sum() > 0
    pd.testing.assert_frame_equal(ranking, direct_ranking, check_exact=True)
    pd.testing.assert_frame_equal(partners, direct_partners, check_exact=True)
    assert path.name == "report.html"


def _without_date(path) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", path.read_text(encoding="utf-8"))


def test_two_builds_write_the_same_page(synthetic, tmp_path):
    """Nothing a build remembers leaks into the next one (same page, figures included)."""
    sections = ["preferred-partners", "embeddedness", "acquisitions", "comparison"]
    options = dict(region="wallonia", compare=COMPARE, period=(1995, 2017), sections=sections)
    first = build_report(synthetic, out_dir=tmp_path / "a", **options)
    second = build_report(synthetic, out_dir=tmp_path / "b", **options)
    assert _without_date(first) == _without_date(second)
