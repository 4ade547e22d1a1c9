"""The report's network-dynamics section: how the regions' firms choose alliance partners.

For the focal region and each region it is compared with, decade by decade of the
report's period, it shows which logic of attachment (Powell et al. 2005) drives the
alliances of the region's NBFs (:func:`bioregion.system.attachment.partner_choice`): each
logic's odds ratio for a partner one standard deviation higher on its statistic, with its
95% confidence interval, and the dominant logic with the share of draws from the
estimates' sampling distribution in which it comes first; and the exponent of the
attachment kernel of the region's alliances.
"""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from bioregion.report import figures
from bioregion.report.context import Context
from bioregion.report.html import Fragment, figure, heading, join, para, table
from bioregion.report.sections import region_name, require_ties
from bioregion.report.wording import period_text
from bioregion.system.attachment import RegionDynamics, partner_choice
from bioregion.system.evolution import alliance_bursts, regional_core

#: Below this share of draws, no logic is said to dominate a period.
CLEAR = 0.6


def odds_cell(effect: float, low: float, high: float) -> str:
    """An odds ratio per standard deviation with its interval: "x1.84 (1.41-2.39)"."""
    return f"x{math.exp(effect):.2f} ({math.exp(low):.2f}-{math.exp(high):.2f})"


def logics_table(dynamics: RegionDynamics) -> pd.DataFrame:
    """Logic x period: odds ratios per standard deviation with their intervals, then
    the dominant logic and the number of partner choices of each period."""
    fit = dynamics.logics
    if fit.table.empty:
        return pd.DataFrame()
    cells = fit.table.assign(
        cell=[
            odds_cell(e, lo, hi)
            for e, lo, hi in zip(
                fit.table["effect"], fit.table["effect_low"], fit.table["effect_high"], strict=True
            )
        ]
    )
    periods = list(dict.fromkeys(fit.table["period"]))
    logics = list(dict.fromkeys(fit.table["logic"]))
    wide = cells.pivot(index="logic", columns="period", values="cell").reindex(logics)
    wide = wide[periods].fillna("not estimable")  # no variation, or separation
    dominant = fit.dominance.set_index("period")
    wide.loc["dominant logic (share of draws)"] = [
        f"{dominant.loc[p, 'logic']} ({dominant.loc[p, 'share']:.0%})" for p in periods
    ]
    wide.loc["partner choices (events)"] = [str(int(dominant.loc[p, "events"])) for p in periods]
    return wide.reset_index().rename(columns={"logic": "logic of attachment"})


def dynamics_findings(
    dynamics: RegionDynamics, region: str, *, last_only: bool = False
) -> list[str]:
    """The dominant logic of each period in words, with its uncertainty, and the
    attachment exponent; ``last_only``: the last period's sentence."""
    out = []
    fit = dynamics.logics
    rows = fit.table.set_index(["period", "logic"])
    dominance = fit.dominance.tail(1) if last_only else fit.dominance
    for _, d in dominance.iterrows():
        r = rows.loc[(d["period"], d["logic"])]
        effect = odds_cell(r["effect"], r["effect_low"], r["effect_high"])
        lead = f"In {region}, {d['period']} ({int(d['events'])} partner choices)"
        if d["share"] >= CLEAR and r["effect_low"] > 0:
            out.append(
                f"{lead}, {d['logic']} dominates: it comes first in {d['share']:.0%} of "
                f"draws (odds {effect} per standard deviation)."
            )
        elif d["share"] >= CLEAR:
            out.append(
                f"{lead}, {d['logic']} comes first in {d['share']:.0%} of draws, but its "
                f"own effect is not distinguished from none (odds {effect} per standard "
                "deviation): no logic clearly dominates."
            )
        else:
            period = fit.table[fit.table["period"] == d["period"]]
            runner = period.sort_values("dominant_share", ascending=False)
            second = runner.iloc[1] if len(runner) > 1 else None
            also = (
                f", {second['logic']} in {second['dominant_share']:.0%}"
                if second is not None
                else ""
            )
            out.append(
                f"{lead}, no logic clearly dominates: {d['logic']} comes first in "
                f"{d['share']:.0%} of draws{also}."
            )
    if last_only:
        return out
    if dynamics.kernel is not None:
        k = dynamics.kernel
        out.append(
            f"The attachment exponent of the NBF alliances of {region} is {k.alpha:.2f} "
            f"(95% CI {k.alpha_low:.2f} to {k.alpha_high:.2f}; 1: linear preferential "
            "attachment, 0: none)."
        )
    return out


def possessive(name: str) -> str:
    """ "Flanders'", "Wallonia's"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def burst_finding(bursts: pd.DataFrame, region: str) -> str:
    """The bursts of alliance kinds in words (or that there was none)."""
    if bursts.empty:
        return f"No kind of alliance came in a burst in {region} (Kleinberg's test)."
    told = [
        f"{str(r['group']).replace('rd_', 'R&D ').replace('_', ' ')} in {r['start']}-{r['end']} "
        f"({int(r['count'])} of {int(r['total'])} alliances, {r['share']:.0%} against "
        f"{r['base_share']:.0%} over the period)"
        for _, r in bursts.iterrows()
    ]
    return f"Alliances came in bursts in {region}: {'; '.join(told)}."


def core_table(core: pd.DataFrame, names: dict[str, str], region: str) -> Markup:
    """The core of the region's own network at each decade's end, as a table."""
    if core.empty:
        return para(
            f"The network among {possessive(region)} own actors is too small to fit a core."
        )
    shown = pd.DataFrame(
        {
            "year": core["year"],
            "actors with a tie": core["actors"],
            "ties": core["ties"],
            "fit (continuous)": core["correlation"].round(2),
            "core size": core["core_size"],
            "fit (core)": core["core_correlation"].round(2),
            "in the core": [
                ", ".join(names.get(a, a) for a in members) for members in core["core"]
            ],
        }
    )
    return join(
        [
            para(
                f"Who is at the core of {possessive(region)} own network (ties between its actors, "
                "each counting five years; Borgatti-Everett core-periphery model): the fit "
                "is the correlation of the ties with the ideal pattern; it falls as the "
                "network loses a single centre."
            ),
            table(shown, max_rows=None),
        ]
    )


def regions(ctx: Context) -> list[str]:
    """The focal region, then the regions it is compared with."""
    return list(dict.fromkeys((ctx.region, *ctx.compare)))


def ahead(ctx: Context) -> None:
    """Start the partner-choice models of every region in the report's workers."""
    for region in regions(ctx):
        ctx.ahead(partner_choice, region=region, period=ctx.period, nbf_rule=ctx.nbf_rule)


def section(ctx: Context) -> Fragment:
    require_ties(ctx)
    period = period_text(ctx)
    parts, findings, panels = [], [], {}
    for region in regions(ctx):
        name = region_name(region)
        dynamics = ctx.call(partner_choice, region=region, period=ctx.period, nbf_rule=ctx.nbf_rule)
        said = dynamics_findings(dynamics, name)
        core = ctx.call(regional_core, region=region, period=ctx.period)
        bursts = ctx.call(alliance_bursts, region=region, period=ctx.period)
        said.append(burst_finding(bursts, name))
        left = [
            f"In {name}, {label} is not modelled: {why}."
            for label, why in dynamics.logics.skipped.items()
        ]
        # the summary takes the focal region's findings, and the last decade elsewhere
        findings += (
            said if region == ctx.region else dynamics_findings(dynamics, name, last_only=True)
        )
        shown = logics_table(dynamics)
        parts += [
            heading(name),
            table(shown, max_rows=None) if len(shown) else "",
            para(" ".join(said + left)),
            core_table(core, ctx.names, name),
        ]
        panels[name] = [
            (f"{r['logic']}, {r['period']}", r["effect"], r["effect_low"], r["effect_high"])
            for _, r in dynamics.logics.table.iterrows()
            if r["statistic"] != "partner_age"
        ]
    intro = para(
        "Why the alliance network grows as it does: each time an NBF of the region starts "
        "an alliance, the partner it chose is compared with partners it could have "
        "chosen (a relational event model, a conditional logit over the chosen partner "
        "and ten others sampled among the firms, pharma companies and research "
        "organisations present then). "
        "Each cell is the odds ratio of being chosen for a "
        "partner one standard deviation higher on that logic's measure (accumulative "
        "advantage: the partner's ties so far; repeat partnering: the pair's ties so far; "
        "multiconnectivity: partners in common; homophily: same kind, same region; "
        "follow-the-trend: the share of last year's ties that went to the partner's "
        f"kind), with its 95% confidence interval, {period}, decade by decade. The "
        "dominant logic has the largest effect; the share of draws from the estimates' "
        "sampling distribution in which it comes first says how sure that is. Every tie "
        "of the record, of any kind and place, builds the network the measures read."
    )
    uri = ctx.draw(
        figures.intervals,
        panels,
        title="Logics of attachment: log odds per standard deviation (95% CI)",
        references=dict.fromkeys(panels, 0.0),
    )
    body = join(
        [intro, *parts, figure(uri, "Logics of attachment by region and decade")]
        if panels
        else [intro, *parts]
    )
    return Fragment(body, findings=findings, figures=1 if panels else 0)
