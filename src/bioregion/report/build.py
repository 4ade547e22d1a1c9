"""Build the bioRegion report: one self-contained ``report.html``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from bioregion.network import TemporalNetwork
from bioregion.report import indicators, sections
from bioregion.report.context import Context, MissingIndicator
from bioregion.report.html import Fragment, esc, page
from bioregion.store import Store

Progress = Callable[[str, int, int], None]

#: Every section of the report, in order: (id, heading). ``summary`` comes first but is
#: written last, from the findings of the others; ``reproducibility`` is the footer.
SECTION_IDS = (
    "summary",
    "overview",
    "networks",
    *(i for i, _, _ in indicators.INDICATOR_SECTIONS),
    "methods",
    "provenance",
    "reproducibility",
)


def _missing(exc: MissingIndicator) -> Fragment:
    return Fragment(
        f'<p class="missing">This indicator is not available in this installation '
        f"(<code>{esc(exc)}</code> was not found), so nothing is reported here.</p>"
    )


def build_report(
    store: Store,
    *,
    region: str = "flanders",
    compare: Sequence[str] = ("flanders", "wallonia", "brussels"),
    period: tuple[int, int] = (1987, 2017),
    out_dir: str | Path,
    progress: Progress | None = None,
) -> Path:
    """Write ``out_dir/report.html``: the bioRegion report of a region; returns its path.

    Sections: summary of findings (sentences generated from the indicator tables), actors
    and ties over time, network pictures for three periods, every indicator of
    :mod:`bioregion.system` as tables and figures, methods (the indicators' docstrings),
    data provenance (every source with its count of facts) and a reproducibility footer
    (SHA-256 of the store's export, parameters, versions, date). Figures are embedded PNG;
    the page loads nothing from the network. ``progress(step, done, total)`` is called
    before each step and once at the end.
    """
    period = (int(period[0]), int(period[1]))
    if period[0] > period[1]:
        raise ValueError(f"period {period} ends before it starts")
    compare = tuple(compare)
    steps: list[tuple[str, str, Callable[[Context], Fragment]]] = [
        ("overview", "Actors and ties over time", sections.overview),
        ("networks", "Network pictures", sections.networks),
        *indicators.INDICATOR_SECTIONS,
        ("methods", "Methods", sections.methods),
        ("provenance", "Data provenance", sections.provenance),
    ]
    total = len(steps) + 3  # reading, summary, footer + writing
    done = 0

    def tick(step: str) -> None:
        if progress is not None:
            progress(step, done, total)

    tick("reading the store")
    ctx = Context(
        store=store,
        net=TemporalNetwork.from_store(store),
        region=region,
        compare=compare,
        period=period,
        dataset=store.dataset(),
    )
    done += 1
    rendered: list[tuple[str, str, str]] = []
    findings: list[str] = []
    for section_id, heading, render in steps:
        tick(heading)
        try:
            fragment = render(ctx)
        except MissingIndicator as exc:
            fragment = _missing(exc)
        rendered.append((section_id, heading, fragment.body))
        findings.extend(fragment.findings)
        done += 1
    tick("summary and footer")
    name = sections.region_name(region)
    summary = Fragment(
        '<ul class="findings">' + "".join(f"<li>{esc(f)}</li>" for f in findings) + "</ul>"
        if findings
        else "<p>No findings: the store holds no ties for this region and period.</p>"
    )
    rendered.insert(0, ("summary", "Summary of findings", summary.body))
    parameters = {
        "region": region,
        "compare": ",".join(compare),
        "period": f"{period[0]}-{period[1]}",
        "tie duration without end (years)": f"{ctx.net.default_years:g}",
    }
    footer = sections.reproducibility(ctx, parameters)
    done += 1
    tick("writing report.html")
    text = page(
        f"bioRegion report: {name}, {period[0]}-{period[1]}",
        f"The {name} bioRegion compared with "
        + ", ".join(sections.region_name(r) for r in compare if r != region)
        + f": actors, ties, indicators and their sources ({store.counts().get('tie', 0)} "
        f"ties, {store.counts().get('actor', 0)} actors).",
        rendered,
        footer,
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "report.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    done += 1
    tick("done")
    return path
