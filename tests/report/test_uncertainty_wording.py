"""The summary qualified by the intervals, the sensitivity section, and the units in the
methods section (issue 9 item 6)."""

from __future__ import annotations

import functools
import html
import inspect
import re
from types import SimpleNamespace

import pytest

from bioregion import system
from bioregion.report import build_report
from bioregion.report.headlines import HEADLINES
from bioregion.report.indicators import ei_finding, geography_findings
from bioregion.report.regional import triple_helix_finding
from bioregion.report.sections import indicator_unit
from bioregion.report.wording import percent, qualified, signed
from bioregion.system import Interval

PERIOD = (2000, 2013)


# -- wording ----------------------------------------------------------------------------------
def test_an_interval_that_spans_zero_is_not_distinguishable_from_zero():
    spans = Interval(-9.9, -27.9, 5.9, n=284)
    assert qualified(spans, signed(1)) == (" (95% CI -27.9 to +5.9; not distinguishable from zero)")
    clear = Interval(-14.3, -25.0, -3.1, n=284)
    assert qualified(clear, signed(1)) == " (95% CI -25.0 to -3.1)"
    # a share is not read against zero
    assert qualified(Interval(0.25, 0.0, 0.4, n=40), percent, zero=False) == (" (95% CI 0% to 40%)")


def test_below_the_minimum_n_the_summary_says_too_few_deals_to_tell():
    few = Interval(-190.0, -400.0, 20.0, n=12)
    text = qualified(few, signed(1))
    assert "too few deals to tell" in text and "12 deals" in text and "minimum of 30" in text
    assert "CI" not in text


def test_triple_helix_finding_with_a_ci_spanning_zero():
    row = SimpleNamespace(
        region="flanders", start=1987, end=2025, unit="deal", n=284, t_uig_mbits=-9.94
    )
    text = triple_helix_finding(row, Interval(-9.94, -27.9, 5.9, n=284))
    assert text == (
        "T(UIG) of Flanders in 1987-2025 is -9.9 mbits over 284 deals "
        "(95% CI -27.9 to +5.9; not distinguishable from zero)."
    )
    assert "synergy" not in text
    clear = triple_helix_finding(row, Interval(-9.94, -20.0, -1.0, n=284))
    assert clear.endswith("(95% CI -20.0 to -1.0) (synergy).")
    few = triple_helix_finding(
        SimpleNamespace(**{**vars(row), "n": 12}), Interval(-9.94, -90.0, 40.0, n=12)
    )
    assert "too few deals to tell" in few and "synergy" not in few


def test_local_share_finding_counts_deals_and_says_too_few():
    import pandas as pd

    shares = pd.DataFrame(
        {"year": [2001], "deals": [10.0], "region": [4.0], "country": [2.0],
         "europe": [3.0], "outside": [1.0], "unknown": [0.0]}
    )  # fmt: skip
    (text,) = geography_findings(
        shares, "Flanders", "2000-2010", system.share_interval(4, 10, seed=1)
    )
    assert text.startswith("Of 10 deals of the NBFs of Flanders in 2000-2010, 40% (10 deals,")
    assert "too few deals to tell" in text


def test_the_ei_sentence_counts_pairs_not_ties():
    interval = Interval(0.44, 0.35, 0.54, n=313, unit="pair", p_value=0.0004)
    (text,) = ei_finding(interval, "Flanders", "1987-2025")
    assert "pairs of actors tied across the border" in text and "not ties" in text
    assert "permutation p < 0.001" in text and "not distinguishable" not in text
    spans = Interval(0.05, -0.1, 0.2, n=60, unit="pair", p_value=0.4)
    assert "not distinguishable from zero" in ei_finding(spans, "Flanders", "1987-2025")[0]


# -- the units of the methods section -----------------------------------------------------------
def test_indicator_unit_reads_the_docstring():
    def counted() -> None:
        """An indicator.

        Unit (``unit``, keyword-only): ``"deal"`` (default) — a round counts once. More.
        """

    def outcomes() -> None:
        """Unit: one row per acquisition (an *outcome*: a completed tie)."""

    assert indicator_unit(counted)[0] == "deal"
    assert indicator_unit(outcomes)[0] == "outcome"
    assert indicator_unit(lambda: None) == ("", "")

    def by_parameter(*, unit: str = "deal") -> None:
        """Counts in the unit of its parameter."""

    assert indicator_unit(by_parameter)[0] == "deal"
    assert indicator_unit(system.triple_helix_interval)[0] == "deal"
    assert indicator_unit(system.ei_interval)[0] == "pair"


# -- the sensitivity section --------------------------------------------------------------------
def _section(text: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', text, re.S)
    assert match, section_id
    return html.unescape(match.group(1))


@pytest.fixture
def report_text(small_store, tmp_path):
    def build(**kwargs) -> str:
        path = build_report(
            small_store(),
            region="flanders",
            period=PERIOD,
            out_dir=tmp_path / str(len(list(tmp_path.iterdir()))),
            sections=["sensitivity", "methods"],
            **kwargs,
        )
        return path.read_text(encoding="utf-8")

    return build


def test_sensitivity_section_has_a_row_per_headline_and_a_column_per_choice(report_text):
    text = report_text()
    body = _section(text, "sensitivity")
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    firsts = [re.sub(r"<[^>]+>", "", re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)[0])
              for r in rows]  # fmt: skip
    assert [label for label, _, _ in HEADLINES] == firsts[1:]
    header = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", rows[0]))
    assert "as reported" in header
    for parameter, column in (
        ("unit", "unit=tie"),
        ("membership", "membership=location"),
        ("partners", "partners=unit"),
    ):
        takes = any(
            parameter in inspect.signature(getattr(system, name)).parameters
            for _, _, indicators in HEADLINES
            for name in indicators
        )
        assert (column in header) == takes, column
    assert "<img " in body
    assert "95% CI" in body and "n/a" in body
    # the small data have fewer than 30 deals: every interval is flagged
    assert "too few deals" in body


def test_a_choice_no_indicator_takes_is_listed_as_not_available(report_text, monkeypatch):
    for name in ("preferred_partners", "acquisition_pathways", "geographic_shares"):
        func = getattr(system, name)
        params = inspect.signature(func).parameters
        if "partners" not in params:
            continue
        kept = [p for p in params.values() if p.name != "partners"]

        def without(net, *, _func=func, **kwargs):
            return _func(net, **kwargs)

        without = functools.wraps(func)(without)
        without.__signature__ = inspect.Signature(kept)
        monkeypatch.setattr(system, name, without)
    body = _section(report_text(), "sensitivity")
    assert "Not available yet" in body and "groups vs units" in body
    assert "partners=unit" not in body


def test_methods_state_each_indicators_unit(report_text):
    body = _section(report_text(), "methods")
    assert "What each indicator counts" in body
    assert "bioregion.system.uncertainty.triple_helix_interval" in body


def test_the_report_counts_members_of_the_regional_system():
    """A Flemish agency seated in Brussels is in Flanders for the report's own counts, as
    for the indicators (issue 9 item 1); without ``systems`` its location decides."""
    import pandas as pd

    from bioregion.report.sections import in_region

    actors = pd.DataFrame(
        {"nuts": ["BE100", "BE211", "", "BE100"],
         "systems": [("flanders",), (), ("BE2",), ()]}
    )  # fmt: skip
    assert in_region(actors, "flanders").tolist() == [True, True, True, False]
    assert in_region(actors, "brussels").tolist() == [False, False, False, True]
    assert in_region(actors.drop(columns="systems"), "BE1").tolist() == [True, False, False, True]


def test_every_indicator_states_its_unit():
    """Issue 9: each indicator's docstring states what it counts (the methods table reads
    it); an indicator is a public system function scoped by region(s) and period."""
    import inspect

    import bioregion.system as system
    from bioregion.report.sections import indicator_unit

    missing = []
    for name in system.__all__:
        func = getattr(system, name)
        if not inspect.isfunction(func):
            continue
        params = inspect.signature(func).parameters
        if "period" in params and ({"region", "regions"} & set(params)):
            unit, sentence = indicator_unit(func)
            if not unit or not sentence:
                missing.append(name)
    assert missing == []
