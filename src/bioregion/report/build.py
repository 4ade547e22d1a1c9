"""Build the bioRegion report: one self-contained ``report.html``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from bioregion.errors import ArgumentError, MissingIndicatorError, NoDataError
from bioregion.io import atomic_write
from bioregion.network import TemporalNetwork
from bioregion.regions import named_region
from bioregion.report import dynamics, headlines, indicators, regional, scenarios, sensitivity
from bioregion.report import sections as descriptive
from bioregion.report.context import Context
from bioregion.report.html import Fragment, Section, bullets, page, para
from bioregion.report.workers import Workers
from bioregion.store import Store
from bioregion.system import DEFAULT_NBF_RULE, NBFRule
from bioregion.system._memo import reuse

Progress = Callable[[str, int, int], None]
Render = Callable[[Context], Fragment]

#: The sections between the summary and the footer, in order: (id, heading, function).
BODY_SECTIONS: tuple[tuple[str, str, Render], ...] = (
    ("overview", "Actors and ties over time", descriptive.overview),
    ("networks", "Network pictures", descriptive.networks),
    *indicators.INDICATOR_SECTIONS,
    ("sensitivity", "9. Sensitivity of the headline findings", sensitivity.section),
    ("dynamics", "10. How the alliance network grows (network dynamics)", dynamics.section),
    ("methods", "Methods", descriptive.methods),
    ("provenance", "Data provenance", descriptive.provenance),
)

#: Every section of the report, in order. ``summary`` comes first but is written last,
#: from the findings of the others; ``reproducibility`` is the footer. Both are always
#: there.
SECTION_IDS = ("summary", *(i for i, _, _ in BODY_SECTIONS), "reproducibility")
#: The section a simulation's results add (after the dynamics section), only when given.
SCENARIO_SECTION: tuple[str, str, Render] = (
    "scenarios",
    "11. Policy scenarios (simulation)",
    scenarios.section,
)


def body_sections(
    section_ids: Sequence[str] | None = None, *, with_scenarios: bool = False
) -> list[tuple[str, str, Render]]:
    """The sections to render, in report order: all, or those of ``section_ids``; with
    ``with_scenarios`` the scenario section too (after the dynamics section).

    Raises :class:`~bioregion.errors.MissingIndicatorError` for an id that is not one of
    :data:`SECTION_IDS` (or ``scenarios``).
    """
    every = list(BODY_SECTIONS)
    if with_scenarios:
        at = [i for i, _, _ in every].index("dynamics") + 1
        every.insert(at, SCENARIO_SECTION)
    if section_ids is None:
        return every
    if isinstance(section_ids, str):
        section_ids = [section_ids]
    known = (*SECTION_IDS, SCENARIO_SECTION[0])
    unknown = [s for s in section_ids if s not in known]
    if unknown:
        raise MissingIndicatorError(
            f"unknown report section(s) {', '.join(map(repr, unknown))}; "
            f"the report's sections are {', '.join(SECTION_IDS)} (and scenarios, with a "
            "simulation's results)"
        )
    return [step for step in every if step[0] in section_ids]


@dataclass
class _Ticker:
    """Calls ``progress(step, done, total)`` before each step and once at the end."""

    progress: Progress | None
    total: int
    done: int = 0

    def __call__(self, step: str) -> None:
        if self.progress is not None:
            self.progress(step, self.done, self.total)


def _check_scope(
    region: str, compare: Sequence[str], period: tuple[int, int]
) -> tuple[tuple[str, ...], tuple[int, int]]:
    """The compared regions and the period, checked; unknown regions raise early."""
    if isinstance(compare, str):
        compare = (compare,)
    for name in (region, *compare):
        named_region(name)  # UnknownRegionError names the known regions
    try:
        first, last = (int(year) for year in period)
    except (TypeError, ValueError):
        raise ArgumentError(
            f"period={period!r} is not a pair of years; give (first, last), e.g. (1987, 2017)"
        ) from None
    if first > last:
        raise ArgumentError(f"period {period} ends before it starts; give (first, last) years")
    return tuple(compare), (first, last)


def _context(
    store: Store,
    region: str,
    compare: tuple[str, ...],
    period: tuple[int, int],
    nbf_rule: NBFRule | None,
    include_events: bool = False,
) -> Context:
    net = TemporalNetwork.from_store(store, include_events=include_events)
    if not len(net.ties):
        raise NoDataError(
            f"the store {getattr(store, 'display', '')} has no ties, so there is nothing to "
            "report; load data with bioregion.io.import_files (command line: bioregion --db "
            "DB import actors.csv ties.csv sources.csv, templates in docs/templates.md), or "
            "report on a shipped dataset with bioregion.datasets.load('belgium')"
        )
    return Context(
        store,
        net,
        region,
        compare,
        period,
        dataset=store.dataset(),
        nbf_rule=nbf_rule or DEFAULT_NBF_RULE,
        include_events=include_events,
    )


def _ahead(ctx: Context, section_ids: Sequence[str]) -> None:
    """Start the slow indicators of the sections to render in the report's workers."""
    if "dynamics" in section_ids:
        dynamics.ahead(ctx)
    if "triple-helix" in section_ids:
        regional.ahead(ctx)
    if "sensitivity" in section_ids:
        sensitivity.ahead(ctx)
    elif "embeddedness" in section_ids:
        headlines.ahead(ctx, [{}])


def _no_data(exc: NoDataError) -> Fragment:
    """What a section says in place of its content when its selection has no data."""
    text = str(exc).rstrip(".")
    if not text.startswith(descriptive.NO_TIES):
        text = f"nothing to show for this selection: {text}"
    return Fragment(para(text[:1].upper() + text[1:] + ".", class_="empty"))


def _render(
    ctx: Context, steps: Sequence[tuple[str, str, Render]], tick: _Ticker
) -> tuple[list[Section], list[str]]:
    """Render each section; a section whose selection has no ties says so."""
    rendered: list[Section] = []
    findings: list[str] = []
    for section_id, heading, render in steps:
        tick(heading)
        try:
            fragment = render(ctx)
        except NoDataError as exc:
            fragment = _no_data(exc)
        rendered.append(Section(section_id, heading, fragment.body))
        findings.extend(fragment.findings)
        tick.done += 1
    return rendered, findings


def _summary(findings: Sequence[str]) -> Markup:
    if findings:
        return bullets(findings, class_="findings")
    return para("No findings: the store holds no ties for this region and period.")


def _rule_text(rule: NBFRule) -> str:
    """``tag=nbf, kinds=biotech_firm, ...``: the fields of an NBF rule in plain words."""

    def plain(value: object) -> str:
        if isinstance(value, frozenset | set | tuple | list):
            return "+".join(sorted(str(getattr(v, "value", v)) for v in value))
        return str(value)

    return ", ".join(f"{f.name}={plain(getattr(rule, f.name))}" for f in fields(rule))


def _parameters(ctx: Context) -> dict[str, str]:
    return {
        "region": ctx.region,
        "compare": ",".join(ctx.compare),
        "period": f"{ctx.period[0]}-{ctx.period[1]}",
        "tie duration without end (years)": f"{ctx.net.default_years:g}",
        "NBF rule": _rule_text(ctx.nbf_rule),
        "shared events (EU projects, trials) as ties": "yes" if ctx.include_events else "no",
    }


def _title_and_subtitle(ctx: Context) -> tuple[str, str]:
    name = descriptive.region_name(ctx.region)
    first, last = ctx.period
    others = [descriptive.region_name(r) for r in ctx.compare if r != ctx.region]
    counts = ctx.store.counts()
    compared = f" compared with {', '.join(others)}" if others else ""
    ties = f"{counts.get('tie', 0)} ties"
    if ctx.include_events:
        ties += f" and {len(ctx.net.ties) - counts.get('tie', 0)} from shared events"
    return (
        f"bioRegion report: {name}, {first}-{last}",
        f"The {name} bioRegion{compared}: actors, ties, indicators and their sources "
        f"({ties}, {counts.get('actor', 0)} actors).",
    )


def _write(out_dir: str | Path, text: str) -> Path:
    """Write ``out_dir/report.html`` atomically (never a half-written report)."""
    data = text.encode("utf-8")
    return atomic_write(Path(out_dir) / "report.html", lambda fh: fh.write(data))


def build_report(
    store: Store,
    *,
    region: str,
    period: tuple[int, int],
    compare: Sequence[str] = (),
    out_dir: str | Path,
    sections: Sequence[str] | None = None,
    nbf_rule: NBFRule | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    include_events: bool = False,
    scenario_effects: Any = None,
) -> Path:
    """Write ``out_dir/report.html``: the bioRegion report of a region; returns its path.

    ``region`` (a named region or NUTS code) and ``period`` (first and last year) are
    required; ``compare`` adds regions to the comparison sections; ``sections`` limits
    the report to some of :data:`SECTION_IDS` (summary and footer are always there);
    ``nbf_rule`` says which actors are a region's new technology-based firms (default
    :data:`bioregion.system.DEFAULT_NBF_RULE`, see :class:`bioregion.system.NBFRule`).

    Sections: summary of findings (sentences generated from the indicator tables), actors
    and ties over time, network pictures for three periods, every indicator of
    :mod:`bioregion.system` as tables and figures, the sensitivity of the headline
    findings to the coding choices (with bootstrap and permutation intervals from
    :mod:`bioregion.system.uncertainty`), how the alliance network grows (the logics of
    attachment of the regions' firms by decade, :mod:`bioregion.system.attachment`),
    methods (the indicators' docstrings and units), data provenance (every source with
    its count of facts) and a reproducibility footer (SHA-256 of the store's export,
    parameters, versions, date). Figures are embedded PNG; the page loads nothing from
    the network. ``progress(step, done, total)`` is called
    before each step and once at the end. The figures and the interval draws run in
    ``workers`` processes forked from this one while the sections are computed (default
    :func:`bioregion.report.workers.default_workers`: one per CPU, at most two; 0: all
    here); the page is the same either way. ``include_events`` adds one
    ``project_partnership`` tie per pair of participants of each multi-party event (an EU
    project, a clinical trial: :func:`bioregion.network.project_events`) to the stored ties.
    ``scenario_effects`` (the ``effects.csv`` that ``bioregion simulate --out`` writes, or
    that table as a DataFrame) adds the section on policy scenarios.

    Raises
    ------
    NoDataError
        If the store has no ties at all. A region or period without ties gives a report
        whose sections say "no ties in this selection".
    MissingIndicatorError
        If ``sections`` names a section that does not exist.
    UnknownRegionError, ArgumentError
        For an unknown region or a period that ends before it starts.
    ExportError
        If ``out_dir/report.html`` cannot be written.
    """
    with reuse():
        path, _ = report_context(
            store,
            region=region,
            period=period,
            compare=compare,
            out_dir=out_dir,
            sections=sections,
            nbf_rule=nbf_rule,
            progress=progress,
            workers=workers,
            include_events=include_events,
            scenario_effects=scenario_effects,
        )
    return path


def report_context(
    store: Store,
    *,
    region: str,
    period: tuple[int, int],
    compare: Sequence[str] = (),
    out_dir: str | Path,
    sections: Sequence[str] | None = None,
    nbf_rule: NBFRule | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    include_events: bool = False,
    scenario_effects: Any = None,
) -> tuple[Path, Context]:
    """:func:`build_report`, and the report's :class:`Context` (its network and the
    indicator tables it computed), for callers that show more of them. Call it inside
    ``with bioregion.system._memo.reuse():`` for the work the indicators share to be
    shared with later calls on the context too."""
    steps = body_sections(sections, with_scenarios=scenario_effects is not None)
    if scenario_effects is not None and not isinstance(scenario_effects, pd.DataFrame):
        scenario_effects = scenarios.read_effects(scenario_effects)
    compare, period = _check_scope(region, compare, period)
    tick = _Ticker(progress, total=len(steps) + 3)  # reading, summary + footer, writing
    tick("reading the store")
    ctx = _context(store, region, compare, period, nbf_rule, include_events)
    ctx.scenarios = scenario_effects
    tick.done += 1
    with Workers(workers) as pool:
        ctx.workers = pool
        pool.share(ctx.net)
        _ahead(ctx, [step_id for step_id, _, _ in steps])
        rendered, findings = _render(ctx, steps, tick)
        tick("summary and footer")
        rendered.insert(0, Section("summary", "Summary of findings", _summary(findings)))
        footer = descriptive.reproducibility(ctx, _parameters(ctx))
        tick.done += 1
        tick("writing report.html")
        title, subtitle = _title_and_subtitle(ctx)
        text = pool.finish(page(title, subtitle, rendered, footer))
        ctx.workers = None
    path = _write(out_dir, text)
    tick.done += 1
    tick("done")
    return path, ctx
