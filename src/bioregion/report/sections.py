"""The descriptive sections of the report: actors and ties over time, network pictures,
methods, data provenance and the reproducibility footer."""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import itertools
import platform
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from markupsafe import Markup

from bioregion import system
from bioregion.errors import NoDataError, UnknownRegionError
from bioregion.network import TemporalNetwork
from bioregion.regions import named_region
from bioregion.report import figures
from bioregion.report.context import Context
from bioregion.report.html import (
    Fragment,
    facts_list,
    figure,
    join,
    methods_list,
    para,
    sources_list,
    table,
)
from bioregion.system._scope import in_region


# -- helpers ---------------------------------------------------------------------------
def region_name(region: str) -> str:
    """The display name of a named region or NUTS code; an unknown one as given."""
    try:
        return named_region(region).name
    except UnknownRegionError:
        return region


def split_period(period: tuple[int, int], parts: int = 3) -> list[tuple[int, int]]:
    """Three sub-periods: cut at 2000 and 2010 when both fall well inside, else thirds."""
    first, last = int(period[0]), int(period[1])
    if parts == 3 and first + 3 <= 2000 and last >= 2010 + 3:
        return [(first, 1999), (2000, 2009), (2010, last)]
    edges = np.linspace(first, last + 1, parts + 1).round().astype(int)
    return [(int(a), int(b) - 1) for a, b in itertools.pairwise(edges) if b > a]


def start_years(ties: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(ties["start"]).dt.year


def _top_kinds(kinds: pd.Series, keep: int = 8) -> pd.Series:
    order = kinds.value_counts()
    top = set(order.index[:keep])
    return kinds.where(kinds.isin(top), "other kinds")


def region_ties(ctx: Context, region: str) -> pd.DataFrame:
    """Ties of the period with at least one actor in the region (worked out once per
    report and region; never change the frame)."""

    def select() -> pd.DataFrame:
        actors = ctx.net.actors
        inside = dict(zip(actors["id"], in_region(actors, region), strict=True))
        ties = ctx.net.ties
        touches = ties["source"].map(inside).fillna(False).astype(bool) | ties["target"].map(
            inside
        ).fillna(False).astype(bool)
        years = start_years(ties)
        keep = touches & (years >= ctx.period[0]) & (years <= ctx.period[1])
        return ties[keep & (ties["source"] != ties["target"])]

    return ctx.remember(("region_ties", region), select)


#: How a section's "no data" message starts when its selection has no ties.
NO_TIES = "no ties in this selection"


def require_ties(ctx: Context, regions: tuple[str, ...] | None = None) -> None:
    """Raise :class:`NoDataError` when no tie of the period touches ``regions``.

    ``regions`` defaults to the focal region. The report shows the message in place of
    the section: "no ties in this selection", what was selected and how to widen it.
    """
    regions = regions or (ctx.region,)
    if any(len(region_ties(ctx, r)) for r in regions):
        return
    first, last = ctx.period
    raise NoDataError(
        f"{NO_TIES}: no tie with an actor in "
        f"{' or '.join(region_name(r) for r in regions)} started in {first}-{last}; "
        "choose another region or a longer period, or import the ties of this region"
    )


# -- actors and ties over time ---------------------------------------------------------
def region_counts(ctx: Context) -> list[dict[str, object]]:
    """Actors, NBFs (by the report's NBF rule), ties of the period and tie kinds of each
    region."""
    first, last = ctx.period
    actors = ctx.net.actors
    rows = []
    for region in dict.fromkeys((ctx.region, *ctx.compare)):
        there = actors[in_region(actors, region)]
        ties = region_ties(ctx, region)
        rows.append(
            {
                "region": region_name(region),
                "actors": len(there),
                "NBFs": len(
                    ctx.call(
                        system.region_nbfs, region=region, period=ctx.period, rule=ctx.nbf_rule
                    )
                ),
                f"ties {first}-{last}": len(ties),
                "tie kinds": int(ties["kind"].nunique()),
            }
        )
    return rows


def overview(ctx: Context) -> Fragment:
    name = region_name(ctx.region)
    first, last = ctx.period
    years = pd.RangeIndex(first, last + 1, name="year")
    ties = region_ties(ctx, ctx.region)
    kinds = _top_kinds(ties["kind"].astype(str))
    per_year = (
        pd.crosstab(start_years(ties), kinds).reindex(years, fill_value=0)
        if len(ties)
        else pd.DataFrame(index=years)
    )
    actors = ctx.net.actors
    local = actors[in_region(actors, ctx.region)]
    founded = pd.to_datetime(local["founded"]).dt.year
    local = local[(founded >= first) & (founded <= last)]
    founded_per_year = (
        pd.crosstab(pd.to_datetime(local["founded"]).dt.year, local["kind"].astype(str)).reindex(
            years, fill_value=0
        )
        if len(local)
        else pd.DataFrame(index=years)
    )
    rows = region_counts(ctx)
    body = [
        para(
            f"Ties announced {first}-{last} with at least one actor in {name}: {len(ties)}; "
            f"actors of {name} founded in the period: {len(local)}."
        ),
        table(pd.DataFrame(rows), caption="Actors and ties by region", max_rows=None),
        figure(
            ctx.draw(
                figures.stacked_bars,
                per_year,
                title=f"Ties per year by kind (at least one actor in {name})",
                ylabel="ties started",
            ),
            alt="ties per year by kind",
            caption="Ties by the year of their start (announcement), stacked by kind.",
        ),
        figure(
            ctx.draw(
                figures.stacked_bars,
                founded_per_year,
                title=f"Actors of {name} founded per year, by kind",
                ylabel="actors founded",
            ),
            alt="actors founded per year by kind",
            caption="Actors located in the region by their founding year (where known).",
        ),
    ]
    findings = []
    if len(ties):
        busiest = per_year.sum(axis=1).idxmax()
        findings.append(
            f"{len(ties)} ties touching {name} were announced in {first}-{last}; "
            f"the busiest year was {busiest} ({int(per_year.sum(axis=1).max())} ties)."
        )
    return Fragment(join(body), findings, figures=2)


# -- network pictures ------------------------------------------------------------------
def region_membership(ctx: Context, regions: tuple[str, ...]) -> dict[str, str]:
    """Actor id -> the first of ``regions`` the actor lies in (actors in none left out)."""
    actors = ctx.net.actors
    membership: dict[str, str] = {}
    for region in reversed(regions):  # the first region containing an actor wins
        membership.update(dict.fromkeys(actors["id"][in_region(actors, region)], region))
    return membership


def networks(ctx: Context) -> Fragment:
    actors = ctx.net.actors
    regions = tuple(dict.fromkeys((ctx.region, *ctx.compare)))
    membership = region_membership(ctx, regions)
    ties = ctx.net.ties
    ties = ties[ties["source"].isin(set(membership)) | ties["target"].isin(set(membership))]
    sub = TemporalNetwork(ties, actors, default_years=ctx.net.default_years)
    panels, rows = [], []
    for lo, hi in split_period(ctx.period):
        g = sub.graph(window=(lo, hi))
        panels.append((f"{lo}-{hi}", g))
        members = [membership.get(v, "") for v in g.vs["name"]] if g.vcount() else []
        rows.append(
            {
                "period": f"{lo}-{hi}",
                "actors": g.vcount(),
                "edges": g.ecount(),
                **{f"actors in {region_name(r)}": sum(m == r for m in members) for r in regions},
                "components": len(g.connected_components()) if g.vcount() else 0,
            }
        )
    uri = ctx.draw(
        figures.network_panels,
        panels,
        regions=regions,
        names=ctx.names,
        membership=membership,
        region_names={r: region_name(r) for r in regions},
    )
    body = [
        para(
            "Ties active at some time in each period (a tie without an end lasts "
            f"{ctx.net.default_years:g} years) with at least one actor in "
            + ", ".join(region_name(r) for r in regions)
            + ". Dots are actors coloured by kind, sized by degree; the shaded areas outline "
            "the actors of each region. Layout: Fruchterman-Reingold (igraph), seeded, ties "
            "inside a region weighted twice and each region pulled together by an anchor; "
            "the most connected actors are named." + _fewer_iterations(panels)
        ),
        figure(uri, alt="network pictures for three periods", caption="Network by period."),
        table(pd.DataFrame(rows), caption="Size of the pictured networks", max_rows=None),
    ]
    return Fragment(join(body), figures=1)


def _fewer_iterations(panels: list[tuple[str, object]]) -> str:
    """The sentence that says which pictures were laid out with fewer iterations."""
    steps = {title: figures.layout_iterations(g.vcount(), g.ecount()) for title, g in panels}
    fewer = {title: n for title, n in steps.items() if n < figures.LAYOUT_ITERATIONS}
    if not fewer:
        return ""
    return (
        f" Large networks get fewer layout iterations than {figures.LAYOUT_ITERATIONS} "
        f"(iterations x (actors + ties) at most {figures.LAYOUT_WORK:,}), from start "
        "positions spread as igraph's own: "
        + ", ".join(f"{title}: {n} iterations" for title, n in fewer.items())
        + "."
    )


# -- methods ---------------------------------------------------------------------------
_STOP = re.compile(
    r"^\s*(Parameters|Returns|Examples|Raises|See Also|Notes)\s*\n\s*-{3,}\s*$", re.M
)


def method_text(func) -> str:
    """The docstring of an indicator up to its Parameters/Returns/Examples sections."""
    doc = inspect.getdoc(func) or ""
    match = _STOP.search(doc)
    text = doc[: match.start()] if match else doc
    return re.sub(r"\n{3,}", "\n\n", text).strip()


#: The words an indicator's "Unit:" sentence may name, most specific first (the first
#: one found is the unit; words after "(not " or the first ";" do not count).
UNIT_WORDS = (
    "deal", "alliance", "outcome", "pair", "two-path", "tie", "row", "firm",
    "per metric", "per column",
)  # fmt: skip
_UNIT = re.compile(r"\bUnits?\b[^:.]{0,40}:\s*(?P<text>[^\n]*(?:\n(?!\s*\n)[^\n]*)*)")


def indicator_unit(func) -> tuple[str, str]:
    """What an indicator counts, from the ``Unit:`` sentence of its docstring: the unit
    word (deal, alliance, outcome, pair, ...) and the sentence (``"", ""`` when none).
    An indicator whose sentence names no unit word but that takes ``unit=`` counts in
    that parameter's default."""
    match = _UNIT.search(inspect.getdoc(func) or "")
    unit, sentence = "", ""
    if match:
        text = re.sub(r"\s+", " ", match.group("text").replace("`", "")).strip()
        sentence = re.split(r"(?<=[a-z)])\.\s", text, maxsplit=1)[0].rstrip(".")[:160]
        # "pairs (not ties or deals)"; "one row per acquisition (an outcome); prior ties ..."
        counted = sentence.lower().split("(not ")[0].split(";")[0]
        unit = next((w for w in UNIT_WORDS if w in counted), "")
    try:
        parameter = inspect.signature(func).parameters.get("unit")
    except (TypeError, ValueError):
        parameter = None
    if not unit and parameter is not None and isinstance(parameter.default, str):
        unit = parameter.default
        sentence = sentence or f'unit="{unit}" by default (unit="tie" counts every row)'
    return unit, sentence


def units_table(used: dict) -> pd.DataFrame:
    """One row per indicator used: its unit word and the docstring's unit sentence."""
    rows = []
    for key, func in used.items():
        unit, sentence = indicator_unit(func)
        rows.append(
            {
                "indicator": f"bioregion.system.{key}",
                "unit": unit or "not stated",
                "as its documentation states it": sentence,
            }
        )
    return pd.DataFrame(rows, columns=["indicator", "unit", "as its documentation states it"])


def methods(ctx: Context) -> Fragment:
    entries: list[tuple[str, str, str]] = []
    modules_done: set[str] = set()
    for key, func in ctx.used.items():
        module = key.split(".")[0]
        if module not in modules_done:
            modules_done.add(module)
            text = method_text(inspect.getmodule(func))
            if text:
                entries.append(("Module ", f"bioregion.system.{module}", text))
        entries.append(("", f"bioregion.system.{key}", method_text(func)))
    intro = para(
        "Each indicator is a function of bioregion.system; its definition, formula and "
        "reference are its documentation (and its module's), quoted here. Networks and "
        "measures are those of bioregion.network (igraph), documented in docs/network.md. "
        "Units: a deal (a syndicated round, or the rows between two actors on one day, "
        "counts once), an alliance (collaborative kinds only), an outcome (spin-off, "
        "acquisition, exit); the table says what each indicator counts."
    )
    if not entries:
        return Fragment(join([intro, para("No indicator was computed.")], ""))
    units = table(units_table(ctx.used), caption="What each indicator counts", max_rows=None)
    return Fragment(join([intro, units, methods_list(entries)], ""))


# -- provenance ------------------------------------------------------------------------
def provenance(ctx: Context) -> Fragment:
    dataset = ctx.dataset
    counts: dict[str, int] = {}
    for records in (dataset.actors, dataset.ties, dataset.events, dataset.participations):
        for record in records:
            for source in record.sources:
                counts[source] = counts.get(source, 0) + 1
    sources = sorted(dataset.sources, key=lambda s: (-counts.get(s.id, 0), s.id))
    facts = sum(
        len(r) for r in (dataset.actors, dataset.ties, dataset.events, dataset.participations)
    )
    cited = sum(
        1
        for records in (dataset.actors, dataset.ties, dataset.events, dataset.participations)
        for r in records
        if r.sources
    )
    by_publisher = (
        pd.DataFrame(
            {
                "publisher": [s.publisher or "(not stated)" for s in sources],
                "facts": [counts.get(s.id, 0) for s in sources],
            }
        )
        .groupby("publisher")
        .agg(sources=("facts", "size"), facts=("facts", "sum"))
        .sort_values(["facts", "sources"], ascending=False)
        .reset_index()
    )
    items = [
        {
            "url": s.url if re.match(r"^https?://", s.url or "") else "",
            "label": s.title or s.url or s.id,
            "meta": ", ".join(x for x in (s.publisher, str(s.published or "")) if x),
            "facts": counts.get(s.id, 0),
            "id": s.id,
        }
        for s in sources
    ]
    body = [
        para(
            f"{len(sources)} sources; {cited} of {facts} records (actors, ties, events, "
            f"participations) cite at least one. Facts per source count the records citing it."
        ),
        table(by_publisher, caption="Sources and facts by publisher", max_rows=20),
        sources_list(items),
    ]
    return Fragment(join(body))


# -- reproducibility -------------------------------------------------------------------
def data_hash(ctx: Context) -> tuple[str, list[tuple[str, str]]]:
    """SHA-256 of the store's CSV export (files in import order) and of each file."""
    from bioregion.io import export_tables

    total = hashlib.sha256()
    each = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in export_tables(ctx.dataset, tmp, format="csv"):
            data = Path(path).read_bytes()
            each.append((Path(path).name, hashlib.sha256(data).hexdigest()))
            total.update(Path(path).name.encode() + b"\0" + data + b"\0")
    return total.hexdigest(), each


def reproducibility(ctx: Context, parameters: dict) -> Markup:
    import igraph
    import matplotlib

    from bioregion._version import __version__

    digest, files = data_hash(ctx)
    versions = {
        "bioregion": __version__,
        "python": platform.python_version(),
        "igraph": igraph.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
    }
    batches = []
    for batch in ctx.store.batches():
        names = ", ".join(
            f"{Path(f.get('path', '')).name} ({str(f.get('sha256', ''))[:12]})" for f in batch.files
        )
        batches.append(f"batch {batch.id} “{batch.label}”: {names}")
    rows = [
        ("data", f"SHA-256 of the store's CSV export: {digest}"),
        ("export files", "; ".join(f"{n} {h[:16]}" for n, h in files)),
        ("parameters", "; ".join(f"{k}={v}" for k, v in parameters.items())),
        ("versions", "; ".join(f"{k} {v}" for k, v in versions.items())),
        ("store", ctx.store.display if hasattr(ctx.store, "display") else ""),
        ("imports", " | ".join(batches) or "none recorded"),
        ("generated", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    return facts_list(rows)
