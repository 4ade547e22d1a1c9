"""The "Sensitivity" section: each headline finding under the main coding choices.

One table, one row per headline finding (:data:`bioregion.report.headlines.HEADLINES`),
one column per coding choice: the report's own choices first, then one choice changed at
a time: rounds not collapsed (``unit="tie"``), location instead of membership of the
regional innovation system (``membership="location"``), units instead of corporate
groups (``partners="unit"``), and NBFs of any sector instead of the report's sector
(or the reverse). A choice is wired only when an indicator of :mod:`bioregion.system`
takes the parameter (``inspect.signature``); the section names those that are not
available. A cell is "n/a" when the finding does not depend on that choice.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from bioregion.errors import NoDataError
from bioregion.report import figures, headlines
from bioregion.report.context import Context
from bioregion.report.headlines import HEADLINES, SEED, Headline, depends_on
from bioregion.report.html import Fragment, figure, join, para, table
from bioregion.report.sections import region_name, require_ties
from bioregion.report.wording import interval_text, period_text
from bioregion.system import NBFRule

#: The sector tag the sensitivity column restricts to when the report's rule has none.
SECTOR = "red_biotech"
NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class Choice:
    """A coding choice: its parameter, the column heading and the changed value."""

    parameter: str
    label: str
    value: Any

    def kwargs(self) -> dict[str, Any]:
        return {self.parameter: self.value}


def _sector_choice(rule: NBFRule) -> Choice | None:
    """All sectors when the report's rule keeps one sector, else that sector only."""
    if "sector" not in {f.name for f in dataclasses.fields(NBFRule)}:
        return None
    current = getattr(rule, "sector", None)
    if current:
        return Choice("nbf_rule", "NBFs of any sector", dataclasses.replace(rule, sector=None))
    changed = dataclasses.replace(rule, sector=SECTOR)
    return Choice("nbf_rule", f"{SECTOR.replace('_', ' ')} NBFs only", changed)


def choices(ctx: Context) -> tuple[list[Choice], list[str]]:
    """The wired choices and the names of those not available yet."""
    wanted = [
        (Choice("unit", "rounds not collapsed (unit=tie)", "tie"), "rounds collapsed or not"),
        (
            Choice("membership", "location (membership=location)", "location"),
            "membership vs location",
        ),
        (Choice("partners", "units (partners=unit)", "unit"), "groups vs units"),
    ]
    wired, missing = [], []
    for choice, name in wanted:
        found = any(depends_on(ind, choice.parameter) for _, _, ind in HEADLINES)
        (wired if found else missing).append(choice if found else name)
    sector = _sector_choice(ctx.nbf_rule)
    if sector is None:
        missing.append("one sector vs all NBFs (NBFRule has no sector)")
    else:
        wired.append(sector)
    return wired, missing


def ahead(ctx: Context) -> None:
    """Start the interval headlines of the table, under the report's own choices and
    each wired one, in the report's workers (:func:`bioregion.report.headlines.ahead`)."""
    wired, _ = choices(ctx)
    headlines.ahead(ctx, [{}, *(choice.kwargs() for choice in wired)])


def _cell(headline: Headline) -> str:
    if headline.interval is None:
        return headline.text
    return f"{headline.text} [{interval_text(headline.interval, headline.fmt)}]"


def _value(
    ctx: Context, func: Callable, indicators: tuple[str, ...], choice: Choice | None
) -> Headline | None:
    """The headline under a choice; None when the finding does not depend on it."""
    if choice is not None and not depends_on(indicators, choice.parameter):
        return None
    try:
        return func(ctx, ctx.region, choice.kwargs() if choice else {})
    except NoDataError:
        return Headline("no data")


def sensitivity_table(ctx: Context) -> tuple[pd.DataFrame, dict[str, list]]:
    """The table (rows = findings, columns = choices) and the plotted intervals."""
    wired, _ = choices(ctx)
    columns: list[tuple[str, Choice | None]] = [("as reported", None)]
    columns += [(c.label, c) for c in wired]
    rows, panels = [], {}
    for label, func, indicators in HEADLINES:
        row: dict[str, str] = {"finding": label}
        points = []
        for heading, choice in columns:
            value = _value(ctx, func, indicators, choice)
            row[heading] = NOT_APPLICABLE if value is None else _cell(value)
            if value is not None and value.interval is not None:
                i = value.interval
                if not math.isnan(i.estimate):
                    points.append((heading, i.estimate, i.low, i.high))
        rows.append(row)
        if points:
            panels[label] = points
    return pd.DataFrame(rows), panels


def _rule_name(rule: NBFRule) -> str:
    sector = getattr(rule, "sector", None)
    return f"{sector.replace('_', ' ')} NBFs" if sector else "NBFs of any sector"


def section(ctx: Context) -> Fragment:
    """The sensitivity section of the report."""
    require_ties(ctx)
    frame, panels = sensitivity_table(ctx)
    _, missing = choices(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    body = [
        para(
            f"Each headline finding for {region} ({period}) as reported (deals, membership "
            f"of the regional innovation system, corporate groups, {_rule_name(ctx.nbf_rule)}) "
            "and with one coding choice changed at a time. Brackets: 95% bootstrap interval "
            "(resampling deals, or pairs for the E-I index); 'too few' marks fewer deals "
            f"than the minimum of the uncertainty rule; seed {SEED}. n/a: the finding does "
            "not depend on that choice. A finding that keeps its sign and order across the "
            "columns is robust to the coding; one that moves is not."
        ),
        figure(
            ctx.draw(
                figures.intervals,
                panels,
                title=f"Headline findings of {region} under each coding choice (95% intervals)",
                references={"E-I index (pairs)": 0.0, "T(UIG), mbits": 0.0},
            ),
            alt="headline findings with intervals under each coding choice",
        ),
        table(frame, caption="Headline findings under the coding choices", max_rows=None),
    ]
    if missing:
        body.append(
            para(
                "Not available yet (no indicator takes the parameter): " + "; ".join(missing) + "."
            )
        )
    return Fragment(join(body), [], figures=1)
