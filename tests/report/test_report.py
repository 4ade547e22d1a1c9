"""The bioRegion report on the Belgian data: sections, embedded figures, no external
resources, escaped tables, and a summary whose numbers are the indicators' outputs."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from bioregion.datasets import load
from bioregion.report import SECTION_IDS, build_report
from bioregion.report.html import table
from bioregion.report.sections import split_period

PERIOD = (1987, 2017)


class _Collect(HTMLParser):
    """Sections (id, heading), every src/href with its tag and enclosing section."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.headings: dict[str, str] = {}
        self.refs: list[tuple[str, str, str, str]] = []  # tag, attr, value, section
        self.images: list[str] = []
        self._h2 = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "section":
            self.sections.append(a.get("id", ""))
        if tag == "h2":
            self._h2 = True
        if tag == "img":
            self.images.append(a.get("src", ""))
        for name in ("src", "href", "data", "action", "poster"):
            if a.get(name):
                self.refs.append((tag, name, a[name], self.sections[-1] if self.sections else ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._h2 = False

    def handle_data(self, data: str) -> None:
        if self._h2 and self.sections and self.sections[-1] not in self.headings:
            self.headings[self.sections[-1]] = data


@pytest.fixture(scope="module")
def store():
    s = load("belgium")
    yield s
    s.close()


@pytest.fixture(scope="module")
def report(store, tmp_path_factory):
    steps = []
    path = build_report(
        store,
        region="flanders",
        compare=("flanders", "wallonia", "brussels"),
        period=PERIOD,
        out_dir=tmp_path_factory.mktemp("report"),
        progress=lambda step, done, total: steps.append((step, done, total)),
    )
    text = path.read_text(encoding="utf-8")
    parsed = _Collect()
    parsed.feed(text)
    return path, text, parsed, steps


def _section(text: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', text, re.S)
    assert match, section_id
    return match.group(1)


def _summary_items(text: str) -> list[str]:
    return [html.unescape(i) for i in re.findall(r"<li>(.*?)</li>", _section(text, "summary"))]


def test_one_file_named_report_html(report):
    path, text, _, _ = report
    assert path.name == "report.html"
    assert text.startswith("<!DOCTYPE html>")
    assert len(list(path.parent.iterdir())) == 1  # nothing beside it (figures embedded)


def test_every_section_is_there_with_a_heading(report):
    _, _text, parsed, _ = report
    assert parsed.sections == list(SECTION_IDS)
    assert set(parsed.headings) == set(SECTION_IDS)
    assert all(parsed.headings[s].strip() for s in SECTION_IDS)


def test_every_indicator_section_has_content_not_a_missing_note(report):
    _, text, _, _ = report
    assert 'class="missing"' not in text
    for section_id in SECTION_IDS[1:-3]:
        body = _section(text, section_id)
        assert "<img " in body, f"{section_id} has no figure"
        assert "<table>" in body, f"{section_id} has no table"


def test_every_image_is_an_embedded_png(report):
    _, _, parsed, _ = report
    assert len(parsed.images) >= 15
    for src in parsed.images:
        assert src.startswith("data:image/png;base64,")
        assert len(src) > 2000


def test_no_external_resource_is_loaded(report):
    _, text, parsed, _ = report
    for tag, attr, value, section in parsed.refs:
        if re.match(r"\s*(https?:)?//", value, re.I):
            assert (tag, attr, section) == ("a", "href", "provenance"), (tag, attr, value)
        elif tag != "a":
            assert value.startswith("data:"), (tag, attr, value[:60])
    assert "url(" not in text.split("</style>")[0]
    assert "@import" not in text
    assert "<script" not in text and "<link" not in text and "<iframe" not in text


def test_provenance_lists_every_source_url_with_fact_counts(report, store):
    _, text, parsed, _ = report
    links = {v for tag, _, v, sec in parsed.refs if tag == "a" and sec == "provenance"}
    urls = {s.url for s in store.sources() if s.url.startswith(("http://", "https://"))}
    assert urls == links
    body = html.unescape(_section(text, "provenance"))
    # facts are actors, ties, events (e.g. listings) and participations, as the section says
    records = [*store.actors(), *store.ties(), *store.events(), *store.participations()]
    for source in store.sources()[:25]:
        cited = sum(source.id in r.sources for r in records)
        noun = "fact" if cited == 1 else "facts"
        assert f"({cited} {noun}; id {source.id})" in body


def test_methods_quote_the_indicator_docstrings(report):
    from bioregion.system.partners import preferred_partners

    _, text, _, _ = report
    body = html.unescape(_section(text, "methods"))
    first_line = preferred_partners.__doc__.strip().splitlines()[0]
    assert first_line in body
    for name in ("triple_helix.triple_helix", "acquisitions.acquisition_pathways"):
        assert f"bioregion.system.{name}" in body


def test_reproducibility_footer(report):
    import igraph

    _, text, _, _ = report
    body = html.unescape(_section(text, "reproducibility"))
    assert re.search(r"SHA-256 of the store's CSV export: [0-9a-f]{64}", body)
    assert "period=1987-2017" in body and "region=flanders" in body
    assert f"igraph {igraph.__version__}" in body and f"pandas {pd.__version__}" in body


def test_data_hash_is_reproducible(report, store, tmp_path):
    _, text, _, _ = report
    again = build_report(
        store,
        region="flanders",
        compare=("flanders", "wallonia", "brussels"),
        period=PERIOD,
        out_dir=tmp_path,
    ).read_text(encoding="utf-8")

    def digest(t: str) -> str:
        return re.search(r"CSV export: ([0-9a-f]{64})", t).group(1)

    assert digest(again) == digest(text)
    # the figures are deterministic too (seeded layouts)
    assert re.findall(r'src="(data:[^"]+)"', again) == re.findall(r'src="(data:[^"]+)"', text)


def test_progress_is_reported_to_the_end(report):
    *_, steps = report
    assert steps[0][1] == 0 and steps[-1][1] == steps[-1][2]
    assert [d for _, d, _ in steps] == sorted(d for _, d, _ in steps)


# -- the summary says what the indicators computed ---------------------------------------
def test_summary_names_the_top_preferred_partners(report, store):
    from bioregion.system.partners import preferred_partners

    ranking = preferred_partners(store, region="flanders", period=PERIOD)
    first, second, third = ranking["name"].head(3)
    items = _summary_items(report[1])
    assert any(
        i.startswith(f"{first} ranks first as preferred partner, followed by {second} and {third}")
        for i in items
    ), items
    # the Belgian data: Ablynx and Galapagos lead
    assert {first, second} == {"Ablynx", "Galapagos NV"}


def test_summary_states_the_outbound_licensing_share(report, store):
    from bioregion.system.open_innovation import oi_summary

    summary = oi_summary(store, region="flanders", period=PERIOD)
    lic = summary[summary["dimension"] == "licensing"].set_index("category")
    share = f"{lic.loc['outbound', 'share'] * 100:.0f}%"
    # issue 9: the summary counts in the indicator's unit (deals by default)
    count = "deals" if "deals" in summary.columns else "ties"
    n, total = round(lic.loc["outbound", count]), round(lic[count].sum())
    expected = (
        f"{share} of the licences and options of the NBFs of Flanders in 1987-2017 are "
        f"outbound: the NBF licenses out ({n} of {total} {count})."
    )
    assert expected in _summary_items(report[1])


def test_summary_counts_acquisitions_after_an_alliance(report, store):
    from bioregion.system.acquisitions import acquisition_pathways

    paths = acquisition_pathways(store, region="flanders", period=PERIOD)
    k, m = int(paths["partner_first"].sum()), len(paths)
    items = _summary_items(report[1])
    prefix = (
        f"{k} of {m} acquisitions of NBFs of Flanders in 1987-2017 followed an alliance "
        "with the acquirer"
    )
    assert any(i.startswith(prefix) for i in items), items
    assert m > 0


def test_summary_states_the_triple_helix_values(report, store):
    from bioregion.system.triple_helix import triple_helix

    rows = triple_helix(store, region=["flanders", "wallonia"], period=PERIOD)
    items = _summary_items(report[1])
    for row in rows.itertuples():
        name = row.region.capitalize()
        assert any(
            i.startswith(f"T(UIG) of {name} in 1987-2017 is {row.t_uig_mbits:+.1f} mbits")
            for i in items
        )


def test_summary_qualifies_t_uig_by_its_interval(report, store):
    """Issue 9: each T(UIG) finding carries its seeded bootstrap interval; "not
    distinguishable from zero" exactly when the interval spans zero, "too few deals to
    tell" below the minimum n."""
    from bioregion.report.headlines import RESAMPLES, SEED
    from bioregion.report.wording import interval_text, signed
    from bioregion.system.uncertainty import triple_helix_interval

    items = _summary_items(report[1])
    for region in ("flanders", "wallonia", "brussels"):
        interval = triple_helix_interval(store, region, PERIOD, seed=SEED, n_resamples=RESAMPLES)
        (item,) = [i for i in items if i.startswith(f"T(UIG) of {region.capitalize()} ")]
        if interval.too_few:
            assert "too few deals to tell" in item and "synergy" not in item
            continue
        assert interval_text(interval, signed(1)) in item
        spans = not interval.excludes(0.0)
        assert ("not distinguishable from zero" in item) == spans, item
        assert ("synergy" in item) == (not spans), item


def test_summary_ei_sentence_counts_pairs(report, store):
    from bioregion.system import region_ei

    ei = region_ei(store, "flanders", PERIOD, cumulative=True).dropna(subset=["ei_index"])
    last = ei.iloc[-1]
    (item,) = [i for i in _summary_items(report[1]) if i.startswith("The E-I index of")]
    assert item.startswith(f"The E-I index of Flanders over 1987-2017 is {last.ei_index:+.2f} (")
    assert f"{int(last.external)} pairs of actors tied across the border" in item
    assert "not ties" in item and "permutation p" in item and "95% CI" in item


def test_sensitivity_section_in_the_belgian_report(report):
    body = _section(report[1], "sensitivity")
    for label in ("Local share", "E-I index", "T(UIG)", "Top preferred partner", "after an"):
        assert label in body, label
    assert "as reported" in body and "95% CI" in body


# -- building blocks ----------------------------------------------------------------------
def test_tables_escape_html():
    frame = pd.DataFrame({"name": ['<script>alert("x")</script>', "A & B"], "n": [1, 2]})
    text = table(frame, caption="<b>caption</b>")
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text  # Jinja2/MarkupSafe
    assert "A &amp; B" in text and "&lt;b&gt;caption&lt;/b&gt;" in text


def test_actor_names_are_escaped_in_the_report(tmp_path):
    from bioregion.store import Store

    s = Store.open(":memory:", create=True)
    try:
        load("belgium", s)
        from bioregion.io import import_files

        path = tmp_path / "actors-evil.csv"
        path.write_text(
            "id,name,kind,tags,country,nuts,founded,sources\n"
            'evil,"<img src=x onerror=alert(1)>",biotech_firm,nbf;red_biotech,BE,BE211,2001,\n'
        )
        import_files(s, [path])
        text = build_report(
            s, region="flanders", period=PERIOD, out_dir=tmp_path / "out"
        ).read_text()
    finally:
        s.close()
    assert "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text


def test_split_period():
    assert split_period((1987, 2017)) == [(1987, 1999), (2000, 2009), (2010, 2017)]
    assert split_period((2001, 2009)) == [(2001, 2003), (2004, 2006), (2007, 2009)]
    parts = split_period((1990, 2025))
    assert parts[0][0] == 1990 and parts[-1][1] == 2025


def test_bad_period_is_refused(store, tmp_path):
    with pytest.raises(ValueError, match="ends before"):
        build_report(store, region="flanders", period=(2017, 1987), out_dir=tmp_path)
