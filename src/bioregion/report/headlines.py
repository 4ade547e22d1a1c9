"""The report's headline findings as values with their intervals, under any coding choice.

Each headline (local share, E-I index, T(UIG), top preferred partner, alliance before
acquisition) is one function of the report's context and a set of coding choices
(``unit``, ``membership``, ``partners``, ``nbf_rule``); it calls the indicators of
:mod:`bioregion.system` through :meth:`Context.call` (so each is computed once) and passes
a choice only to an indicator whose signature takes it. The summary uses the headlines
with the default choices; the sensitivity section varies one choice at a time.

Intervals are those of :mod:`bioregion.system.uncertainty`, drawn from a fixed seed
(:data:`SEED`) so that the same data give the same report.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bioregion import system
from bioregion.report.context import Context
from bioregion.report.wording import TWO_DECIMALS, Format, names, percent, signed
from bioregion.system import Interval

#: Seed of every interval in the report, and the draws behind them.
SEED = 20_260_101
RESAMPLES = 2000
PERMUTATIONS = 2000


def accepted(func: Callable, choices: dict[str, Any]) -> dict[str, Any]:
    """The choices that ``func``'s signature takes (the others do not apply to it)."""
    params = inspect.signature(func).parameters
    return {k: v for k, v in choices.items() if k in params}


def applies(func: Callable, choice: str) -> bool:
    """True when ``func`` takes the coding choice ``choice`` (a parameter name)."""
    return choice in inspect.signature(func).parameters


@dataclass(frozen=True)
class Headline:
    """A headline value: ``text`` for a table cell, ``interval`` when it has one."""

    text: str
    interval: Interval | None = None
    count: str = ""  # e.g. "40 deals"
    fmt: Format = TWO_DECIMALS  # how the interval's bounds are written


def _arguments(func: Any, region: str, choices: dict[str, Any], extra: dict) -> dict[str, Any]:
    """The arguments of ``func`` for ``region`` under the coding ``choices`` (those it
    takes; an ``nbf_rule`` among them replaces the report's) and ``extra``."""
    return {"region": region, **extra, **accepted(func, choices)}


def _scoped(ctx: Context, func: Any, region: str, choices: dict[str, Any], **extra: Any) -> Any:
    """``func`` of ``region`` over the report's period under the coding ``choices``,
    cached by the context."""
    return ctx.focal(func, **_arguments(func, region, choices, extra))


#: The draws of the interval headlines (bootstrap, permutations), by indicator of
#: :mod:`bioregion.system`.
DRAWS: dict[str, dict[str, int]] = {
    "triple_helix_interval": {"n_resamples": RESAMPLES, "seed": SEED},
    "ei_interval": {"n_resamples": RESAMPLES, "n_permutations": PERMUTATIONS, "seed": SEED},
}


def ahead(ctx: Context, choices: Iterable[dict[str, Any]]) -> None:
    """Start the interval headlines of the focal region (their draws are the slow part)
    under each of ``choices`` in the report's workers (:meth:`Context.ahead`)."""
    for chosen in choices:
        for name, draws in DRAWS.items():
            func = getattr(system, name)
            ctx.ahead(func, **ctx.scope(func, **_arguments(func, ctx.region, chosen, draws)))


def local_share(ctx: Context, region: str, choices: dict[str, Any]) -> Headline:
    """Share of the region's NBF deals (or ties) with partners in the region."""
    shares = _scoped(ctx, system.geographic_shares, region, choices)
    column = "deals" if "deals" in shares.columns else "ties"
    total = float(shares[column].sum()) if len(shares) else 0.0
    local = float(shares["region"].sum()) if len(shares) else 0.0
    unit = column.removesuffix("s")
    interval = system.share_interval(
        min(local, total), total, n_resamples=RESAMPLES, seed=SEED, unit=unit
    )
    if not total:
        return Headline("no deals", None, f"0 {column}")
    return Headline(percent(interval.estimate), interval, f"{round(total)} {column}", fmt=percent)


def ei(ctx: Context, region: str, choices: dict[str, Any]) -> Headline:
    """The region's E-I index over the period (distinct pairs) with its intervals."""
    interval = _scoped(ctx, system.ei_interval, region, choices, **DRAWS["ei_interval"])
    if not interval.n:
        return Headline("no pairs", None, "0 pairs")
    return Headline(f"{interval.estimate:+.2f}", interval, f"{interval.n} pairs")


def t_uig(ctx: Context, region: str, choices: dict[str, Any]) -> Headline:
    """T(UIG) of the region over the period, in millibits, with its bootstrap interval."""
    draws = DRAWS["triple_helix_interval"]
    interval = _scoped(ctx, system.triple_helix_interval, region, choices, **draws)
    if not interval.n or math.isnan(interval.estimate):
        return Headline("no deals", None, f"0 {interval.unit}s")
    return Headline(
        f"{interval.estimate:+.1f} mbits",
        interval,
        f"{interval.n} {interval.unit}s",
        fmt=signed(1),
    )


def top_partner(ctx: Context, region: str, choices: dict[str, Any]) -> Headline:
    """The NBF(s) at rank 1 of the preferred-partner ranking."""
    ranking = _scoped(ctx, system.preferred_partners, region, choices)
    if ranking.empty:
        return Headline("no NBF")
    first = ranking[ranking["rank"] == ranking["rank"].min()]
    return Headline(names(first["name"].astype(str)), None, f"{len(ranking)} NBFs ranked")


def alliance_first(ctx: Context, region: str, choices: dict[str, Any]) -> Headline:
    """How many acquisitions of the region's NBFs followed an alliance with the acquirer."""
    paths = _scoped(ctx, system.acquisition_pathways, region, choices)
    k = int(paths["partner_first"].astype(bool).sum()) if len(paths) else 0
    return Headline(f"{k} of {len(paths)}", None, f"{len(paths)} acquisitions")


#: The headline findings in the order of the summary: (label, function, indicators).
HEADLINES: tuple[tuple[str, Callable[[Context, str, dict], Headline], tuple[str, ...]], ...] = (
    ("Local share of NBF deals", local_share, ("geographic_shares",)),
    ("E-I index (pairs)", ei, ("ei_interval",)),
    ("T(UIG), mbits", t_uig, ("triple_helix_interval",)),
    ("Top preferred partner", top_partner, ("preferred_partners",)),
    ("Acquisitions after an alliance", alliance_first, ("acquisition_pathways",)),
)


def depends_on(indicators: tuple[str, ...], choice: str) -> bool:
    """True when one of the indicators takes the choice (``nbf_rule`` for the sector)."""
    return any(applies(getattr(system, name), choice) for name in indicators)
