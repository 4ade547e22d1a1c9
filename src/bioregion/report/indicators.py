"""The indicator sections of the report: each calls functions of :mod:`bioregion.system`
and turns their tables into an HTML fragment (tables, figures, findings in words).

Every number shown or said comes from the indicator's output. A section whose selection
(region and period) has no ties raises :class:`~bioregion.errors.NoDataError`, and the
report says so in its place instead of showing numbers.
"""

from __future__ import annotations

import pandas as pd

from bioregion import system
from bioregion.report import figures, headlines
from bioregion.report.context import Context
from bioregion.report.html import Fragment, figure, heading, join, para, table
from bioregion.report.regional import comparison, triple_helix
from bioregion.report.sections import region_name, require_ties
from bioregion.report.wording import names, pct, percent, period_text, plural, qualified, signed
from bioregion.system import Interval


def preferred_partner_findings(ranking: pd.DataFrame, region: str, period: str) -> list[str]:
    """Plain-word findings of :func:`bioregion.system.partners.preferred_partners`."""
    if ranking.empty:
        return [f"No NBF of {region} has a tie in {period}."]
    ranks = sorted(ranking["rank"].unique())
    first = ranking[ranking["rank"] == ranks[0]]
    if len(first) > 1:
        text = f"{names(first['name'])} share the first rank as preferred partners"
    else:
        following = ranking[ranking["rank"] > ranks[0]].head(2)
        text = f"{first['name'].iloc[0]} ranks first as preferred partner"
        if len(following):
            text += f", followed by {names(following['name'])}"
    top = ranking.head(3)
    pharma = _first_column(ranking, "large_pharma_partners", "pharma_partners")
    repeat = _first_column(ranking, "repeat_deals", "repeat_ties", "repeat_partnering")
    repeat_word = "repeat tie" if repeat == "repeat_ties" else "repeat deal"

    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'' if n == 1 else 's'}"

    detail = "; ".join(
        f"{r['name']}: {count(int(r[pharma]), 'large-pharma partner')}, "
        f"{count(int(r[repeat]), repeat_word)}, score {r['score']:.2f}"
        for _, r in top.iterrows()
    )
    return [f"{text} among the NBFs of {region} in {period} ({detail})."]


def _first_column(frame: pd.DataFrame, *candidates: str) -> str:
    """The first of ``candidates`` that ``frame`` has (the last one otherwise)."""
    return next((c for c in candidates if c in frame.columns), candidates[-1])


def global_partner_findings(partners: pd.DataFrame, region: str, period: str) -> list[str]:
    if partners.empty:
        return []
    most = partners[partners["firms"] == partners["firms"].iloc[0]]
    # the unit of the global-partner table (partners="group": corporate groups)
    word = "partner groups" if partners.attrs.get("partners") == "group" else "partners"
    listed = names(most["name"].head(4)) + (" and others" if len(most) > 4 else "")
    verb = "is" if len(most) == 1 else "are"
    firms = int(most["firms"].iloc[0])
    return [
        f"{listed} {verb} the global partner{'s' if len(most) > 1 else ''} allied with most "
        f"NBFs of {region} ({firms} firm{'s' if firms != 1 else ''}"
        f"{' each' if len(most) > 1 else ''}) in {period}; "
        f"{len(partners)} {word} outside the region allied with its NBFs."
    ]


def score_contributions(top: pd.DataFrame, components: list[str], attrs: dict) -> pd.DataFrame:
    """Each component's weighted share of the composite score, per ranked firm."""
    weights = attrs.get("weights") or dict.fromkeys(
        [c.removesuffix("_score") for c in components], 1.0
    )
    total = sum(weights.values()) or 1.0
    contribution = pd.DataFrame(
        {
            c.removesuffix("_score").replace("_", " "): top[c]
            * weights.get(c.removesuffix("_score"), 0.0)
            / total
            for c in components
        }
    )
    contribution.index = [f"{r}. {n}" for r, n in zip(top["rank"], top["name"], strict=True)]
    return contribution


def preferred_partners(ctx: Context) -> Fragment:
    require_ties(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    ranking = ctx.focal(system.preferred_partners)
    partners = ctx.focal(system.global_partners)
    components = [c for c in ranking.columns if c.endswith("_score") and c != "score"]
    contribution = score_contributions(ranking.head(15), components, ranking.attrs)
    shown = [
        c
        for c in (
            "rank",
            "name",
            "large_pharma_partners",
            "pharma_partners",
            "repeat_deals",
            "repeat_ties",
            "repeat_partnering",
            "deal_value_eur",
            "deal_value_usd",
            "degree",
            "betweenness",
            "brokerage",
            "score",
        )
        if c in ranking.columns
    ]
    body = [
        para(
            f"NBFs of {region} ranked by the composite preferred-partner score over ties "
            f"announced in {period}; each component is shown, then its rank score and the "
            "composite (see Methods)."
        ),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                contribution,
                title=f"Preferred partners of {region}, {period}: composite score by component",
                xlabel="score (stacked contributions of the component rank scores)",
            ),
            alt="preferred partner scores by component",
        ),
        table(ranking[shown], caption="Preferred-partner ranking (components)", max_rows=20),
        table(
            ranking[["rank", "name", *components, "score"]],
            caption="Component rank scores in [0, 1]",
            max_rows=20,
        ),
        heading("Global partners of the region's NBFs"),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                partners.head(15).set_index("name")[
                    [c for c in ("firms", "deals", "ties") if c in partners]
                ],
                title=f"Partners outside {region} allied with most of its NBFs, {period}",
                xlabel="count",
                stacked=False,
            ),
            alt="global partners",
        ),
        table(partners, caption="Global partners", max_rows=25),
    ]
    findings = preferred_partner_findings(ranking, region, period)
    findings += global_partner_findings(partners, region, period)
    return Fragment(join(body), findings, figures=2)


# -- 2. embeddedness -------------------------------------------------------------------
LOCATIONS = ("region", "country", "europe", "outside", "unknown")


def geography_findings(
    shares: pd.DataFrame, region: str, period: str, interval: Interval | None = None
) -> list[str]:
    """Where the partners of the region's NBF deals are, the local share qualified by its
    bootstrap interval (or "too few deals to tell")."""
    column = "deals" if "deals" in shares.columns else "ties"
    total = float(shares[column].sum()) if len(shares) else 0.0
    if not total:
        return []
    parts = {loc: float(shares[loc].sum()) for loc in LOCATIONS if loc in shares}
    local = pct(parts["region"], total)
    if interval is not None:
        local += qualified(interval, percent, zero=False)
    return [
        f"Of {total:.0f} {column} of the NBFs of {region} in {period}, "
        f"{local} were with partners in the region, "
        f"{pct(parts['country'], total)} elsewhere in the country, "
        f"{pct(parts['europe'], total)} elsewhere in Europe and "
        f"{pct(parts['outside'], total)} outside Europe."
    ]


def ei_finding(interval: Interval | None, region: str, period: str) -> list[str]:
    """The region's E-I index over the period, in pairs, with its intervals."""
    if interval is None or not interval.n:
        return []
    internal = round(interval.n * (1.0 - interval.estimate) / 2.0)
    shown = "< 0.001" if interval.p_value < 0.001 else f"= {interval.p_value:.3f}"
    p_value = f"permutation p {shown} against random region labels"
    qualifier = qualified(interval, signed(2), extra=p_value).strip()[1:-1]
    return [
        f"The E-I index of {region} over {period} is {interval.estimate:+.2f} "
        f"({interval.n - internal} pairs of actors tied across the border, {internal} "
        f"inside: the index counts pairs, not ties; {qualifier})."
    ]


def broker_findings(brokers: pd.DataFrame, region: str) -> list[str]:
    """The region's main broker with the world, in words."""
    inside = brokers[brokers["in_region"].astype(bool)]
    if not len(inside):
        return []
    best = inside.iloc[0]
    return [
        f"{best['name']} is the main broker of {region} with the world "
        f"({int(best['gatekeeper'])} gatekeeper and {int(best['representative'])} "
        "representative two-paths)."
    ]


def embeddedness(ctx: Context) -> Fragment:
    require_ties(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    shares = ctx.focal(system.geographic_shares)
    geography = ctx.focal(system.actor_geography)
    ei = ctx.focal(system.region_ei)
    brokers = ctx.focal(system.gatekeepers)
    counts = shares.set_index("year")[[c for c in LOCATIONS if c in shares]]
    years = pd.RangeIndex(ctx.period[0], ctx.period[1] + 1, name="year")
    totals = counts.sum()
    period_row = pd.DataFrame(
        {
            "location": totals.index,
            "deals" if "deals" in shares.columns else "ties": totals.to_numpy(float).round(2),
            "share": (totals / totals.sum()).to_numpy() if totals.sum() else 0.0,
        }
    )
    ei_series = ei.set_index("year")[["ei_index", "network_ei"]]
    top_brokers = brokers.head(15)
    body = [
        para(
            f"Where the partners of the NBFs of {region} are, per year ({period}); the E-I "
            "index of the region; and the Gould-Fernandez brokers between the region and the "
            "rest of the world."
        ),
        figure(
            ctx.draw(
                figures.stacked_bars,
                counts.reindex(years, fill_value=0),
                title=f"Deals of the NBFs of {region} by partner location",
                ylabel="deals" if "deals" in shares.columns else "ties",
            ),
            alt="ties by partner location per year",
        ),
        table(period_row, caption=f"Partner locations, {period}", max_rows=None),
        figure(
            ctx.draw(
                figures.lines,
                ei_series.rename(
                    columns={"ei_index": f"{region} (E-I)", "network_ei": "whole network"}
                ),
                title=f"E-I index of {region} per year (-1 all inside, +1 all across)",
                ylabel="E-I index",
            ),
            alt="E-I index per year",
        ),
        table(ei.dropna(subset=["ei_index"]), caption="E-I index per year", max_rows=None),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                top_brokers.set_index("name")[["gatekeeper", "representative"]],
                title=f"Gatekeepers and representatives between {region} and the world",
                xlabel="open two-paths brokered",
            ),
            alt="gatekeepers and representatives",
        ),
        table(brokers, caption="Gould-Fernandez brokers", max_rows=20),
        table(geography, caption=f"Actors of {region}: where their partners are", max_rows=20),
    ]
    share = headlines.local_share(ctx, ctx.region, {})
    findings = geography_findings(shares, region, period, share.interval)
    findings += ei_finding(headlines.ei(ctx, ctx.region, {}).interval, region, period)
    findings += broker_findings(brokers, region)
    return Fragment(join(body), findings, figures=3)


# -- 5. genealogy ----------------------------------------------------------------------
def genealogy(ctx: Context) -> Fragment:
    require_ties(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    rows = ctx.focal(system.spinoff_genealogy)
    regions = tuple(dict.fromkeys((ctx.region, *ctx.compare)))
    summary = ctx.call(system.genealogy_summary, region=None, period=ctx.period)
    summary = summary[summary["firm_region"].isin(regions)]
    pivot = summary.pivot_table(
        index=["firm_region", "period"],
        columns="parent_kind",
        values="spinoffs",
        aggfunc="sum",
        fill_value=0,
    )
    pivot.index = [f"{region_name(r)} {p}" for r, p in pivot.index]
    body = [
        para(
            "Who founded which firms: spin-off ties (parent -> firm) by the kind of parent, "
            f"by period and region ({period})."
        ),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                pivot,
                title="Spin-offs by parent kind, region and period",
                xlabel="spin-offs",
            ),
            alt="spin-offs by parent kind",
        ),
        table(summary, caption="Spin-offs by region, period and parent kind", max_rows=None),
        table(
            rows[["year", "firm_name", "parent_name", "parent_kind"]],
            caption=f"Spin-off genealogy of {region}",
            max_rows=60,
        ),
    ]
    findings = []
    if len(rows):
        per_kind = rows.groupby("parent_kind")["firm"].nunique().sort_values(ascending=False)
        findings.append(
            f"{rows['firm'].nunique()} firms of {region} founded in {period} have a known "
            "parent: "
            + names(f"{n} from {plural(k, n)}" for k, n in per_kind.items())
            + " (a firm with parents of two kinds counts under both)."
        )
    return Fragment(join(body), findings, figures=1)


# -- 6. acquisitions -------------------------------------------------------------------
def acquisition_findings(paths: pd.DataFrame, region: str, period: str) -> list[str]:
    if paths.empty:
        return [f"No NBF of {region} was acquired in {period}."]
    k = int(paths["partner_first"].astype(bool).sum())
    lags = paths.loc[paths["partner_first"].astype(bool), "lag_years"].dropna()
    text = (
        f"{k} of {len(paths)} acquisitions of NBFs of {region} in {period} followed an "
        "alliance with the acquirer"
    )
    if len(lags):
        text += f" (median {float(lags.median()):g} years after the first tie)"
    return [text + "."]


def acquisitions(ctx: Context) -> Fragment:
    require_ties(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    paths = ctx.focal(system.acquisition_pathways)
    exits = ctx.focal(system.exit_summary)
    exit_table = exits.reset_index()
    body = [
        para(
            f"Acquisitions of the NBFs of {region} announced in {period}, with the ties "
            "between acquirer and target that preceded them, and how the NBFs exited."
        ),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                exits[["firms", "after_alliance"]].rename(
                    columns={"after_alliance": "acquired after an alliance"}
                ),
                title=f"Exits of the NBFs of {region}, {period}",
                xlabel="firms",
                stacked=False,
            ),
            alt="exits by type",
        ),
        table(exit_table, caption="Exits by type", max_rows=None),
        table(
            paths[
                [
                    c
                    for c in (
                        "year",
                        "target_name",
                        "acquirer_name",
                        "acquirer_kind",
                        "prior_ties",
                        "prior_alliances",
                        "prior_kinds",
                        "first_tie_year",
                        "lag_years",
                        "partner_first",
                    )
                    if c in paths
                ]
            ],
            caption="Alliance-before-acquisition pathways",
            max_rows=None,
        ),
    ]
    failed = ctx.focal(system.failed_bids)
    if len(failed):
        body.append(
            table(
                failed,
                caption="Failed or lapsed bids (not counted as acquisitions)",
                max_rows=None,
            )
        )
    findings = acquisition_findings(paths, region, period)
    if "acquired" in exits.index and exits["firms"].sum():
        findings.append(
            f"{int(exits.loc['acquired', 'firms'])} of {int(exits['firms'].sum())} NBFs of "
            f"{region} were acquired in {period}; "
            f"{int(exits.loc['independent', 'firms']) if 'independent' in exits.index else 0} "
            "were still independent at its end."
        )
    return Fragment(join(body), findings, figures=1)


# -- 7. triple helix -------------------------------------------------------------------
def open_innovation_findings(summary: pd.DataFrame, region: str, period: str) -> list[str]:
    out = []
    count = "deals" if "deals" in summary.columns else "ties"
    lic = summary[summary["dimension"] == "licensing"].set_index("category")
    if len(lic) and lic[count].sum() and "outbound" in lic.index:
        n, total = round(lic.loc["outbound", count]), round(lic[count].sum())
        out.append(
            f"{lic.loc['outbound', 'share'] * 100:.0f}% of the licences and options of the "
            f"NBFs of {region} in {period} are outbound: the NBF licenses out "
            f"({n} of {total} {count})."
        )
    modes = summary[summary["dimension"] == "oi_mode"].set_index("category")
    orient = summary[summary["dimension"] == "exploration"].set_index("category")
    if len(modes) and modes[count].sum():
        noun = "alliance deals" if count == "deals" else "alliances"
        text = f"Of their {round(modes[count].sum())} open-innovation {noun}, " + ", ".join(
            f"{modes.loc[c, 'share'] * 100:.0f}% are {c}" for c in modes.index
        )
        if len(orient):
            text += "; " + ", ".join(
                f"{orient.loc[c, 'share'] * 100:.0f}% {c}" for c in orient.index
            )
        out.append(text + ".")
    return out


def open_innovation(ctx: Context) -> Fragment:
    require_ties(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    summary = ctx.focal(system.oi_summary)
    book = ctx.focal(system.portfolio)
    coded = ctx.focal(system.code_ties)
    years = pd.RangeIndex(ctx.period[0], ctx.period[1] + 1, name="year")
    modes = [c for c in ("inbound", "outbound", "coupled") if c in book]
    orient = [c for c in ("exploration", "exploitation", "unknown") if c in book]
    per_year = book.groupby("year")[modes].sum().reindex(years, fill_value=0)
    shares = summary.pivot_table(
        index="dimension", columns="category", values="share", aggfunc="first", sort=False
    ).fillna(0.0)
    per_firm = (
        book.groupby("firm")[["alliances", *modes, *orient]]
        .sum()
        .sort_values("alliances", ascending=False)
        .reset_index()
    )
    per_firm.insert(1, "name", per_firm["firm"].map(ctx.names))
    alliances = coded[coded["oi_mode"].notna()].copy()
    alliances["partner"] = alliances["partner"].map(ctx.names).fillna(alliances["partner"])
    alliances["firm"] = alliances["firm"].map(ctx.names).fillna(alliances["firm"])
    body = [
        para(
            f"Each tie of an NBF of {region} ({period}) coded relative to the NBF: inbound, "
            "outbound or coupled (Gassmann & Enkel), and exploration or exploitation "
            "(Rothaermel & Deeds); alliance portfolios per firm and year."
        ),
        figure(
            ctx.draw(
                figures.grouped_hbar,
                shares,
                title=f"Open innovation of the NBFs of {region}, {period}",
                xlabel="share",
            ),
            alt="open-innovation shares",
        ),
        table(summary, caption="Shares by mode, orientation and licensing", max_rows=None),
        figure(
            ctx.draw(
                figures.stacked_bars,
                per_year,
                title="Open-innovation alliances per year by mode",
                ylabel="alliances",
            ),
            alt="alliances per year by mode",
        ),
        table(per_firm, caption="Alliance portfolio per firm (all years)", max_rows=25),
        table(
            alliances[["year", "firm", "partner", "kind", "stage", "oi_mode", "exploration"]],
            caption="Coded open-innovation alliances",
            max_rows=40,
        ),
    ]
    return Fragment(join(body), open_innovation_findings(summary, region, period), 2)


# -- 4. business models ----------------------------------------------------------------
_MODEL_NAMES = {"rd_service": "R&D service"}


def business_model_findings(models: pd.DataFrame, region: str, period: str) -> list[str]:
    if models.empty:
        return []
    counts = models["model"].value_counts()
    return [
        f"Business models of the {len(models)} NBFs of {region} from their ties in {period}: "
        + ", ".join(f"{n} {_MODEL_NAMES.get(m, m)}" for m, n in counts.items())
        + "."
    ]


def business_models(ctx: Context) -> Fragment:
    require_ties(ctx)
    region, period = region_name(ctx.region), period_text(ctx)
    models = ctx.focal(system.business_models)
    counts = models["model"].value_counts()
    shown = models.assign(evidence=models["evidence"].map(lambda e: "; ".join(map(str, e))))
    body = [
        para(
            f"The business model of each NBF of {region} derived by the documented rules from "
            f"its ties ({period}) and tags, with the rule that fired and the evidence ties."
        ),
        figure(
            ctx.draw(
                figures.hbar,
                list(counts.index),
                list(counts.values),
                title=f"Business models of the NBFs of {region}",
                xlabel="firms",
            ),
            alt="business models",
        ),
        table(
            shown[["name", "model", "rule", "evidence"]],
            caption="Business model per NBF",
            max_rows=None,
        ),
    ]
    return Fragment(join(body), business_model_findings(models, region, period), 1)


# -- 8. region comparison --------------------------------------------------------------
#: The indicator sections in order: (id, heading, function).
INDICATOR_SECTIONS = (
    ("preferred-partners", "1. Preferred partners and global partners", preferred_partners),
    ("embeddedness", "2. Embeddedness and global integration", embeddedness),
    ("open-innovation", "3. Open innovation and alliance portfolios", open_innovation),
    ("business-models", "4. Business models", business_models),
    ("genealogy", "5. Spin-off genealogy", genealogy),
    ("acquisitions", "6. Beneficiaries and targets: acquisitions and exits", acquisitions),
    ("triple-helix", "7. Triple helix", triple_helix),
    ("comparison", "8. Region comparison and policy actors", comparison),
)
