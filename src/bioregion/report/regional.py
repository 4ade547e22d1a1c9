"""Report sections for the regional view: Triple Helix and the region comparison."""

from __future__ import annotations

import pandas as pd

from bioregion import system
from bioregion.report import figures, headlines
from bioregion.report.context import Context
from bioregion.report.html import Fragment, figure, heading, join, para, table
from bioregion.report.sections import region_name, require_ties, split_period
from bioregion.report.wording import period_text, qualified, signed
from bioregion.system import Interval


def triple_helix_finding(row, interval: Interval | None) -> str:
    """T(UIG) of a region in words, qualified by its bootstrap interval."""
    unit = f"{row.unit}s" if hasattr(row, "unit") else "ties"
    text = (
        f"T(UIG) of {region_name(row.region)} in {row.start}-{row.end} is "
        f"{row.t_uig_mbits:+.1f} mbits over {row.n} {unit}"
    )
    if interval is not None:
        text += qualified(interval, signed(1))
    if interval is not None and (interval.too_few or not interval.excludes(0.0)):
        return text + "."
    return text + (" (synergy)." if row.t_uig_mbits < 0 else " (no synergy).")


def ahead(ctx: Context) -> None:
    """Start the intervals of :func:`window_intervals` (every region, the whole period
    and its three parts; their bootstrap draws are the slow part) in the report's
    workers (:meth:`Context.ahead`)."""
    for region in dict.fromkeys((ctx.region, *ctx.compare)):
        for window in [ctx.period, *split_period(ctx.period)]:
            draws = headlines.DRAWS["triple_helix_interval"]
            ctx.ahead(system.triple_helix_interval, region=region, period=window, **draws)


def window_intervals(ctx: Context, rows: pd.DataFrame) -> pd.DataFrame:
    """T(UIG) of each region and window with its bootstrap interval and minimum-n verdict."""
    out = []
    for row in rows.itertuples():
        interval = ctx.call(
            system.triple_helix_interval,
            region=row.region,
            period=(int(row.start), int(row.end)),
            **headlines.DRAWS["triple_helix_interval"],
        )
        out.append(
            {
                "region": region_name(row.region),
                "period": f"{row.start}-{row.end}",
                "deals": interval.n,
                "t_uig_mbits": interval.estimate,
                "ci_low": interval.low,
                "ci_high": interval.high,
                "reading": interval.verdict() or ("synergy" if interval.high < 0 else "no synergy"),
            }
        )
    return pd.DataFrame(out)


def triple_helix(ctx: Context) -> Fragment:
    require_ties(ctx, tuple(dict.fromkeys((ctx.region, *ctx.compare))))
    regions = list(dict.fromkeys((ctx.region, *ctx.compare)))
    frames = [
        ctx.call(system.triple_helix, region=regions, period=sub)
        for sub in [ctx.period, *split_period(ctx.period)]
    ]
    whole, parts = frames[0], pd.concat(frames[1:], ignore_index=True)
    pivot = parts.assign(
        window=parts["start"].astype(str) + "-" + parts["end"].astype(str),
        region=parts["region"].map(region_name),
    ).pivot_table(index="window", columns="region", values="t_uig_mbits", aggfunc="first")
    pivot = pivot[[region_name(r) for r in regions if region_name(r) in pivot.columns]]
    counts = ["region", "start", "end", "unit", "n", "ties"]
    counts += ["n_U", "n_I", "n_G", "n_UI", "n_UG", "n_IG", "n_UIG"]
    bits = ["t_ui", "t_ug", "t_ig", "t_uig", "t_uig_mbits"]
    body = [
        para(
            "Leydesdorff's mutual information in three dimensions over university, industry "
            "and government participation in the deals of each region (a syndicated round "
            "counts once, coded by all its actors); negative T(UIG) (in millibits) indicates "
            "synergy. A tie joins two actors and cannot show all three helices, so the UIG "
            "cell stays empty unless a deal of three or more actors fills it; that empty "
            "cell pushes T(UIG) below zero by itself, so a negative value over two-party "
            "ties is weak evidence of synergy (see Methods, triple_helix)."
        ),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                pivot,
                title="T(UIG) by region and period (mbits; negative = synergy)",
                xlabel="T(UIG), millibits",
                stacked=False,
            ),
            alt="triple helix T(UIG)",
        ),
        table(
            pd.concat([whole, parts], ignore_index=True)[counts + bits],
            caption="Triple helix counts and mutual information (bits)",
            max_rows=None,
        ),
        table(
            window_intervals(ctx, pd.concat([whole, parts], ignore_index=True)),
            caption="T(UIG) with 95% bootstrap intervals (mbits), by region and period",
            max_rows=None,
        ),
    ]
    findings = []
    for row in whole.itertuples():
        if row.n:
            interval = headlines.t_uig(ctx, row.region, {}).interval
            findings.append(triple_helix_finding(row, interval))
    return Fragment(join(body), findings, figures=1)


# -- 3. open innovation ----------------------------------------------------------------


SHARE_METRICS = (
    "inbound_share",
    "outbound_share",
    "coupled_share",
    "outbound_licensing_share",
    "share_partner_first",
    "ei_index",
)
COUNT_METRICS = (
    "nbfs",
    "alliances",
    "pharma_partners",
    "big_pharma_partners",
    "spinoffs",
    "acquisitions",
    "exits_acquired",
)


def comparison_findings(table_: pd.DataFrame, period: str) -> list[str]:
    regions = list(table_.columns)
    if len(regions) < 2:
        return []
    names = [region_name(r) for r in regions]

    def values(metric: str, fmt) -> str:
        return " vs ".join(fmt(table_.loc[metric, r]) for r in regions)

    def count(v: float) -> str:
        return "n/a" if pd.isna(v) else f"{v:.0f}"

    def share(v: float) -> str:
        return "n/a" if pd.isna(v) else f"{v * 100:.0f}%"

    parts = []
    for metric, label, fmt in (
        ("nbfs", "NBFs", count),
        ("alliances", "open-innovation alliances", count),
        ("outbound_licensing_share", "outbound share of licensing", share),
        ("pharma_partners", "pharma partners", count),
        ("spinoffs", "spin-offs", count),
    ):
        if metric in table_.index:
            parts.append(f"{label} {values(metric, fmt)}")
    return [f"{' vs '.join(names)} in {period}: " + "; ".join(parts) + "."]


def comparison(ctx: Context) -> Fragment:
    require_ties(ctx, tuple(dict.fromkeys((ctx.region, *ctx.compare))))
    period = period_text(ctx)
    regions = list(dict.fromkeys((ctx.region, *ctx.compare)))
    compared = ctx.call(
        system.region_comparison, regions=regions, period=ctx.period, nbf_rule=ctx.nbf_rule
    )
    policy = ctx.call(system.policy_actors, regions=regions, period=ctx.period)
    named = compared.rename(columns=region_name)
    shares = named.loc[[m for m in SHARE_METRICS if m in named.index]]
    counts = named.loc[[m for m in COUNT_METRICS if m in named.index]]
    top = policy.head(15).set_index("name")
    reach = top[[f"ties_{r}" for r in regions if f"ties_{r}" in top]]
    reach.columns = [region_name(c.removeprefix("ties_")) for c in reach.columns]
    body = [
        para(f"{' vs '.join(region_name(r) for r in regions)} on all indicators ({period})."),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                counts,
                title="Counts by region",
                xlabel="count",
                stacked=False,
            ),
            alt="region comparison counts",
        ),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                shares,
                title="Shares and E-I index by region",
                xlabel="value",
                stacked=False,
            ),
            alt="region comparison shares",
        ),
        table(
            compared.rename(columns=region_name),
            caption="Indicators by region",
            max_rows=None,
            index=True,
        ),
        heading("Policy and network actors and what their ties reached"),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                reach,
                title="Ties of policy and network actors, by region reached",
                xlabel="ties",
            ),
            alt="policy actors reach",
        ),
        table(policy, caption="Policy and network actors", max_rows=25),
    ]
    findings = comparison_findings(compared, period)
    best = policy.sort_values(["firms", "ties"], ascending=False, kind="stable").head(1)
    if len(best) and int(best["firms"].iloc[0]) > 0:  # no sentence about reaching no firm
        best = best.iloc[0]
        findings.append(
            f"Among policy and network actors, {best['name']} reached the most biotech firms "
            f"({int(best['firms'])}, through {int(best['ties'])} ties) in {period}."
        )
    return Fragment(join(body), findings, 3)
