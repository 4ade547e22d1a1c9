"""The report's scenario section: what the simulation says a policy would change.

It shows the effects table that ``bioregion simulate --out DIR`` writes
(``DIR/effects.csv``, :func:`bioregion.simulate.replicates.effects`): for each scenario and
statistic, the mean over the replicates, and the effect against the baseline with the
confidence interval of the mean paired difference. The report reads the table; it does
not run the model.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.report import figures
from bioregion.report.context import Context
from bioregion.report.html import Fragment, figure, join, para, table

#: The statistics the section shows, with their wording.
SHOWN = {
    "firms_total": "firms founded",
    "alliances_total": "alliances of firms",
    "survival_5y": "five-year survival of new firms",
    "acquired_share": "share of firms acquired",
    "global_share": "share of pharma alliances with partners abroad",
    "pharma_hhi": "concentration of pharma deals across firms (Herfindahl)",
}
COLUMNS = ("arm", "statistic", "mean", "low", "high", "effect", "ci_low", "ci_high", "replicates")


def read_effects(path: str | Path) -> pd.DataFrame:
    """The effects table a simulation wrote (``effects.csv``); a clear error if it is not
    one."""
    path = Path(path)
    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as exc:
        raise ArgumentError(f"{path}: cannot read the scenario effects ({exc})") from exc
    if missing := [c for c in COLUMNS if c not in frame.columns]:
        raise ArgumentError(
            f"{path}: not an effects table of bioregion simulate: no column(s) "
            f"{', '.join(missing)} (write one with: bioregion simulate --out DIR)"
        )
    if "baseline" not in set(frame["arm"]):
        raise ArgumentError(f"{path}: the effects table has no baseline arm")
    return frame


def _cell(row: pd.Series) -> str:
    return f"{row['effect']:+.3g} ({row['ci_low']:+.3g} to {row['ci_high']:+.3g})"


def section(ctx: Context) -> Fragment:
    effects = ctx.scenarios
    if effects is None:
        return Fragment(para("No simulation results were given to this report."))
    shown = effects[effects["statistic"].isin(list(SHOWN))]
    arms = [a for a in dict.fromkeys(shown["arm"]) if a != "baseline"]
    base = shown[shown["arm"] == "baseline"].set_index("statistic")
    rows, panels, findings = [], {}, []
    for stat, words in SHOWN.items():
        if stat not in base.index:
            continue
        row = {"statistic": words, "baseline": f"{base.loc[stat, 'mean']:.3g}"}
        for arm in arms:
            found = shown[(shown["arm"] == arm) & (shown["statistic"] == stat)]
            if found.empty:
                continue
            r = found.iloc[0]
            row[arm] = _cell(r)
            if r["ci_low"] > 0 or r["ci_high"] < 0:
                way = "raises" if r["effect"] > 0 else "lowers"
                findings.append(
                    f"Scenario {arm} {way} the {words} by {abs(r['effect']):.3g} "
                    f"(95% CI {r['ci_low']:+.3g} to {r['ci_high']:+.3g})."
                )
        rows.append(row)
    for stat in ("firms_total", "alliances_total", "survival_5y"):
        found = shown[(shown["statistic"] == stat) & (shown["arm"] != "baseline")]
        panels[SHOWN[stat]] = [
            (r["arm"], r["effect"], r["ci_low"], r["ci_high"]) for _, r in found.iterrows()
        ]
    replicates = int(base["replicates"].max()) if len(base) else 0
    intro = para(
        f"The agent-based model (bioregion.simulate), calibrated on the region's history, "
        f"was run {replicates} times for the baseline and for each scenario with the same "
        "seeds. Each cell is the scenario's effect on the statistic (the mean paired "
        "difference against the baseline) with its 95% confidence interval; an interval "
        "that excludes zero is an effect the model distinguishes from chance. See "
        "docs/simulate.md for the model, its calibration and where it fails."
    )
    uri = ctx.draw(
        figures.intervals,
        panels,
        title="Scenario effects against the baseline (95% CI)",
        references=dict.fromkeys(panels, 0.0),
    )
    body = join(
        [
            intro,
            table(pd.DataFrame(rows), max_rows=None),
            figure(uri, "Scenario effects with their confidence intervals"),
            para(" ".join(findings) or "No scenario effect is distinguished from chance."),
        ]
    )
    return Fragment(body, findings=findings, figures=1)
