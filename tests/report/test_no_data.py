"""A report on an empty store, on a region whose actors have no ties, or on a period
without ties: an actionable NoDataError, or a report whose sections say so."""

from __future__ import annotations

import html
import re

import pytest

from bioregion.errors import NoDataError, UnknownRegionError
from bioregion.report import SECTION_IDS, build_report
from bioregion.report.sections import in_region, region_name

FOCAL_SECTIONS = (
    "preferred-partners",
    "embeddedness",
    "open-innovation",
    "business-models",
    "genealogy",
    "acquisitions",
)


def _sections(text: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2)
        for m in re.finditer(
            r'<section id="([^"]+)">\n<h2>[^<]*</h2>\n(.*?)\n</section>', text, re.S
        )
    }


def test_an_empty_store_raises_an_actionable_no_data_error(store, tmp_path):
    with pytest.raises(NoDataError) as caught:
        build_report(store, region="flanders", period=(1987, 2017), out_dir=tmp_path / "out")
    message = str(caught.value)
    assert "has no ties" in message
    assert "import_files" in message and "import actors.csv" in message
    assert not (tmp_path / "out").exists()


def test_a_store_of_actors_without_ties_raises_no_data_error(small_store, tmp_path):
    with pytest.raises(NoDataError, match="has no ties"):
        build_report(
            small_store(ties=None), region="flanders", period=(1990, 2020), out_dir=tmp_path
        )


def test_a_region_whose_actors_have_no_ties_gives_a_report_that_says_so(small_store, tmp_path):
    wallonia_only = "\n".join(
        [
            "id,kind,source,target,start,sources",
            "walbio-pharma,licence,walbio,pharma,2007,src",
            "uliege-walbio,spin_off,uliege,walbio,2000,src",
        ]
    )
    path = build_report(
        small_store(ties=wallonia_only),
        region="flanders",
        compare=("wallonia",),
        period=(1995, 2015),
        out_dir=tmp_path,
    )
    sections = _sections(path.read_text(encoding="utf-8"))
    assert list(sections) == list(SECTION_IDS)
    for section_id in FOCAL_SECTIONS:
        body = html.unescape(sections[section_id])
        assert body.startswith('<p class="empty">No ties in this selection: no tie with an actor')
        assert "in Flanders started in 1995-2015" in body
    # the overview still counts the region's actors; Wallonia is compared
    assert "Actors and ties by region" in sections["overview"]
    assert "<img " in sections["triple-helix"] and "<img " in sections["comparison"]


def test_a_period_without_ties_gives_a_report_that_says_so(small_store, tmp_path):
    path = build_report(
        small_store(),
        region="flanders",
        compare=("wallonia",),
        period=(1950, 1960),
        out_dir=tmp_path,
    )
    text = path.read_text(encoding="utf-8")
    sections = _sections(text)
    for section_id in (*FOCAL_SECTIONS, "triple-helix", "comparison"):
        assert "No ties in this selection" in sections[section_id], section_id
    assert "Flanders or Wallonia started in 1950-1960" in html.unescape(sections["comparison"])
    assert "No findings" in sections["summary"]
    assert "no ties" in html.unescape(sections["networks"]) or "<img " in sections["networks"]


def test_an_unknown_region_is_refused_before_any_work(small_store, tmp_path):
    with pytest.raises(UnknownRegionError, match=r"atlantis.*known named regions"):
        build_report(small_store(), region="atlantis", period=(1995, 2015), out_dir=tmp_path)
    with pytest.raises(UnknownRegionError, match="narnia"):
        build_report(
            small_store(),
            region="flanders",
            compare=("narnia",),
            period=(1995, 2015),
            out_dir=tmp_path,
        )


def test_region_helpers_catch_only_an_unknown_region():
    import pandas as pd

    assert region_name("wallonia") == "Wallonia" and region_name("be24") != "be24"
    assert region_name("atlantis") == "atlantis"  # unknown: shown as given
    actors = pd.DataFrame({"nuts": ["BE211", "BE331", None, "BE2", "XX912"]})
    assert in_region(actors, "flanders").tolist() == [True, False, False, True, False]
    assert in_region(actors, "be21").tolist() == [True, False, False, False, False]
    with pytest.raises(UnknownRegionError, match="atlantis"):
        in_region(actors, "atlantis")
    with pytest.raises(TypeError):  # a programming error is not swallowed
        region_name(None)
    with pytest.raises(TypeError):
        in_region(actors, 42)


def test_a_no_data_error_of_an_indicator_is_shown_in_its_section(
    small_store, tmp_path, monkeypatch
):
    from bioregion import system

    def no_models(*args, **kwargs):
        raise NoDataError("no NBF of Flanders has a tie that shows its business model.")

    monkeypatch.setattr(system, "business_models", no_models)
    path = build_report(
        small_store(),
        region="flanders",
        period=(1995, 2015),
        out_dir=tmp_path,
        sections=["business-models", "genealogy"],
    )
    sections = _sections(path.read_text(encoding="utf-8"))
    assert sections["business-models"] == (
        '<p class="empty">Nothing to show for this selection: no NBF of Flanders has a tie '
        "that shows its business model.</p>"
    )
    assert "<img " in sections["genealogy"]  # the other sections are unaffected
