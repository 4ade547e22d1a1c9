"""The report calls the indicators of bioregion.system directly, always with the region
and the period, and refuses a section id it does not know."""

from __future__ import annotations

import functools
import inspect

import pytest

from bioregion import system
from bioregion.errors import ArgumentError, MissingIndicatorError
from bioregion.network import TemporalNetwork
from bioregion.report import SECTION_IDS, build_report, context
from bioregion.report.context import Context

PERIOD = (1995, 2015)
SCOPE = ("region", "regions", "period", "nbf_rule")


@pytest.fixture
def ctx(small_store):
    store = small_store()
    return Context(store, TemporalNetwork.from_store(store), "flanders", ("wallonia",), PERIOD)


def test_an_indicator_is_called_as_a_function_and_cached(ctx):
    rule = system.DEFAULT_NBF_RULE
    ranking = ctx.call(system.preferred_partners, region="flanders", period=PERIOD, nbf_rule=rule)
    direct = system.preferred_partners(ctx.net, region="flanders", period=PERIOD, nbf_rule=rule)
    assert ranking["name"].tolist() == direct["name"].tolist()
    assert ranking["name"].iloc[0] == "<script>alert(1)</script>"
    # computed once per set of arguments
    again = ctx.call(system.preferred_partners, region="flanders", period=PERIOD, nbf_rule=rule)
    assert again is ranking
    other = ctx.call(system.preferred_partners, region="wallonia", period=PERIOD, nbf_rule=rule)
    assert other is not ranking
    # recorded for the methods section under module.function
    assert ctx.used["partners.preferred_partners"] is system.preferred_partners


def test_a_call_without_region_or_period_is_refused(ctx):
    with pytest.raises(ArgumentError, match="without period and nbf_rule"):
        ctx.call(system.preferred_partners, region="flanders")
    with pytest.raises(ArgumentError, match="without region and period"):
        ctx.call(system.global_partners)
    with pytest.raises(ArgumentError, match="without regions"):
        ctx.call(system.region_comparison, period=PERIOD)


def test_focal_calls_on_the_reports_own_scope(ctx):
    rule = system.DEFAULT_NBF_RULE
    full = ctx.call(system.preferred_partners, region="flanders", period=PERIOD, nbf_rule=rule)
    assert ctx.focal(system.preferred_partners) is full  # the same cached call
    ei = ctx.focal(system.region_ei)  # takes no NBF rule: none is passed
    assert ei is ctx.call(system.region_ei, region="flanders", period=PERIOD)
    other = ctx.focal(system.preferred_partners, region="wallonia")
    assert other is ctx.call(
        system.preferred_partners, region="wallonia", period=PERIOD, nbf_rule=rule
    )


def test_indicators_are_not_resolved_by_name():
    """No importlib lookup and no fallback class: a missing indicator is an ImportError
    at import time, not a note in the report."""
    assert not hasattr(context, "MissingIndicator")
    assert not hasattr(Context, "function")
    assert "importlib" not in inspect.getsource(context)


def test_every_system_function_gets_region_and_period(small_store, tmp_path, monkeypatch):
    """Each indicator is replaced by a strict stand-in without defaults: a call that left
    the region(s) or the period to the indicator's default would fail."""
    calls: list[tuple[str, tuple[str, ...]]] = []

    def strict(func):
        needed = [p for p in SCOPE if p in inspect.signature(func).parameters]

        @functools.wraps(func)
        def wrapper(net, **kwargs):
            missing = [p for p in needed if kwargs.get(p, "unset") == "unset"]
            assert not missing, f"{func.__name__} called without {missing}"
            calls.append((func.__name__, tuple(sorted(p for p in needed if p in kwargs))))
            return func(net, **kwargs)

        return wrapper

    for name in system.__all__:
        func = getattr(system, name)
        if inspect.isfunction(func) and "period" in inspect.signature(func).parameters:
            monkeypatch.setattr(system, name, strict(func))
    build_report(
        small_store(), region="flanders", compare=("wallonia",), period=PERIOD, out_dir=tmp_path
    )
    called = {name for name, _ in calls}
    assert {"preferred_partners", "triple_helix", "region_comparison", "business_models"} <= (
        called
    )
    scopes = {(n, s) for n, s in calls}
    assert ("preferred_partners", ("nbf_rule", "period", "region")) in scopes
    assert ("region_comparison", ("nbf_rule", "period", "regions")) in scopes
    assert ("triple_helix", ("period", "region")) in scopes


def test_an_unknown_section_raises_missing_indicator_error(small_store, tmp_path):
    with pytest.raises(MissingIndicatorError, match=r"'no-such-section'.*preferred-partners"):
        build_report(
            small_store(),
            region="flanders",
            period=PERIOD,
            out_dir=tmp_path,
            sections=["preferred-partners", "no-such-section"],
        )
    assert not (tmp_path / "report.html").exists()


def test_a_report_of_some_sections(small_store, tmp_path):
    path = build_report(
        small_store(),
        region="flanders",
        period=PERIOD,
        out_dir=tmp_path,
        sections=["genealogy", "preferred-partners"],
    )
    text = path.read_text(encoding="utf-8")
    ids = [i for i in SECTION_IDS if f'<section id="{i}">' in text]
    assert ids == ["summary", "preferred-partners", "genealogy", "reproducibility"]


def test_the_nbf_rule_is_passed_to_the_indicators(small_store, tmp_path):
    """NBFs founded from 2001 only: Gamma Therapeutics (1999) is not ranked, and the
    footer states the rule."""
    import html
    import re

    store = small_store()
    texts = {}
    for label, rule in (("default", None), ("from2001", system.NBFRule(founded_from=2001))):
        path = build_report(
            store,
            region="flanders",
            period=PERIOD,
            out_dir=tmp_path / label,
            nbf_rule=rule,
            sections=["preferred-partners"],
        )
        texts[label] = html.unescape(path.read_text(encoding="utf-8"))

    def ranked(text: str) -> str:
        return re.search(r"Preferred-partner ranking.*?</table>", text, re.S).group(0)

    assert "Gamma Therapeutics" in ranked(texts["default"])
    assert "Gamma Therapeutics" not in ranked(texts["from2001"])
    assert "Alpha Bio" in ranked(texts["from2001"])
    assert "founded_from=2001" in texts["from2001"] and "founded_from=None" in texts["default"]


def test_a_region_given_as_a_nuts_code_is_pictured_and_counted(small_store, tmp_path):
    """The network section counts and outlines the actors of any region, not only the
    three Belgian ones of the actors' ``region`` column."""
    import html
    import re

    path = build_report(
        small_store(),
        region="be23",
        compare=("be21",),
        period=PERIOD,
        out_dir=tmp_path,
        sections=["overview", "networks"],
    )
    text = html.unescape(path.read_text(encoding="utf-8"))
    sizes = re.search(r"<caption>Size of the pictured networks</caption>(.*?)</table>", text, re.S)
    rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in sizes.group(1).split("<tr>")]
    header, *values = [r for r in rows if r]
    assert header[3:5] == ["actors in Prov. Oost-Vlaanderen", "actors in Prov. Antwerpen"]
    by_period = {r[0]: r for r in values}
    assert by_period["2000-2009"][3:5] == ["2", "1"]  # Ghent University + the evil NBF; Alpha
    assert "<title>bioRegion report: Prov. Oost-Vlaanderen, 1995-2015</title>" in text
