"""The report's network-dynamics section: the logics of attachment of each region's
firms by decade, with their intervals, the dominant logic and its share of draws."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from bioregion import datasets
from bioregion.report import build_report
from bioregion.report.build import body_sections
from bioregion.report.dynamics import odds_cell
from bioregion.system import DEFAULT_NBF_RULE


@pytest.fixture(scope="module")
def belgium():
    return datasets.load("belgium")


def test_the_section_compares_the_regions_by_decade(belgium, tmp_path):
    rule = dataclasses.replace(DEFAULT_NBF_RULE, sector="red_biotech")
    page = build_report(
        belgium,
        region="flanders",
        period=(1987, 2025),
        compare=("wallonia", "brussels"),
        out_dir=tmp_path,
        sections=["dynamics"],
        nbf_rule=rule,
        workers=0,
    ).read_text(encoding="utf-8")
    section = page[page.index('id="dynamics"') :]
    section = html.unescape(section[: section.index("</section>")])
    assert "How the alliance network grows" in section
    for name in ("Flanders", "Wallonia"):
        assert f">{name}<" in section
    assert "repeat partnering" in section and "dominant logic (share of draws)" in section
    assert "2000-2009" in section and "2010-2019" in section
    assert re.search(r"x\d\.\d\d \(\d+\.\d\d-\d+\.\d\d\)", section)  # odds with interval
    assert "<img" in section
    assert "1987-1999 is not modelled" in section  # too few dated alliances
    assert "Who is at the core of Flanders' own network" in section
    assert "Vlaams Instituut voor Biotechnologie" in section or "Ghent University" in section
    assert "attachment exponent of the NBF alliances of Flanders" in section
    # the summary carries the focal region's findings, with their uncertainty
    summary = page[page.index('id="summary"') :]
    assert re.search(r"In Flanders, 20\d\d-20\d\d \(\d+ partner choices\)", summary)
    assert "of draws" in summary
    # a region without NBF alliances says so in place of numbers
    assert "Brussels" in section


def test_the_scenario_section_follows_the_dynamics_section():
    ids = [i for i, _, _ in body_sections(with_scenarios=True)]
    assert ids.index("scenarios") == ids.index("dynamics") + 1


def test_odds_cells():
    assert odds_cell(0.0, -0.1, 0.1) == "x1.00 (0.90-1.11)"
