"""The report's HTML comes from Jinja2 templates (package data) with autoescaping, and
is written atomically."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from markupsafe import Markup

from bioregion.errors import ExportError
from bioregion.report import build_report
from bioregion.report.html import Section, bullets, environment, figure, heading, page, para

PERIOD = (1995, 2015)
EVIL = "<script>alert(1)</script>"  # the name of an actor of the small store


def test_templates_are_package_data():
    folder = files("bioregion.report") / "templates"
    for name in ("page.html.j2", "macros.html.j2", "report.css"):
        assert (folder / name).is_file(), name
    assert environment().autoescape is True


def test_building_blocks_escape_text_and_keep_markup():
    assert para("a < b & c") == Markup("<p>a &lt; b &amp; c</p>")
    assert heading(EVIL) == Markup("<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>")
    assert bullets(["<i>x</i>", "y"], class_="findings") == Markup(
        '<ul class="findings"><li>&lt;i&gt;x&lt;/i&gt;</li><li>y</li></ul>'
    )
    img = figure("data:image/png;base64,AAAA", alt='"quoted" <alt>', caption="a & b")
    assert img == Markup(
        '<figure><img src="data:image/png;base64,AAAA" alt="&#34;quoted&#34; &lt;alt&gt;">'
        "<figcaption>a &amp; b</figcaption></figure>"
    )


def test_page_escapes_titles_and_ids_but_not_section_markup():
    text = page(
        EVIL,
        "sub & title",
        [Section('x"><script>', "<b>heading</b>", para("body"))],
        para("footer"),
    )
    assert text.startswith("<!DOCTYPE html>\n")
    assert "<script" not in text
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in text
    assert '<section id="x&#34;&gt;&lt;script&gt;">' in text
    assert "<h2>&lt;b&gt;heading&lt;/b&gt;</h2>\n<p>body</p>\n</section>" in text
    assert re.search(r"<style>\n:root \{.*\}\n</style>", text, re.S)


def test_a_script_in_an_actor_name_is_escaped_everywhere(small_store, tmp_path):
    text = build_report(
        small_store(), region="flanders", compare=("wallonia",), period=PERIOD, out_dir=tmp_path
    ).read_text(encoding="utf-8")
    assert "<script" not in text
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    # the name is shown (rankings, brokers, genealogy, summary), always escaped
    assert text.count(escaped) >= 5
    summary = re.search(r'<section id="summary">(.*?)</section>', text, re.S).group(1)
    assert f"<li>{escaped} ranks first as preferred partner" in summary


def test_the_report_is_written_atomically(small_store, tmp_path):
    out = tmp_path / "out"
    path = build_report(
        small_store(), region="flanders", period=PERIOD, out_dir=out, sections=["provenance"]
    )
    assert [p.name for p in out.iterdir()] == ["report.html"]  # no temporary file left
    assert path.read_text(encoding="utf-8").endswith("</html>\n")


def test_an_output_folder_under_a_plain_file_is_an_export_error(small_store, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match=r"report\.html"):
        build_report(
            small_store(),
            region="flanders",
            period=PERIOD,
            out_dir=blocker / "out",
            sections=["provenance"],
        )
    assert blocker.read_text() == "not a folder"
