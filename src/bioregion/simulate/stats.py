"""Summary statistics of a run: the series and shares a calibration matches and a scenario
compares (firms founded per year, ties by kind per year, degree distribution, share of
global partners, concentration of pharma deals, acquisitions, survival).

They are computed from the run's arrays, not from records, so that thousands of
replicates stay cheap; :func:`observed_summary` computes the same statistics from a
store's (or any) actors and ties frames, which is what calibration compares them with.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from bioregion.simulate.engine import (
    ACQUISITION,
    ALLIANCES,
    CLOSED,
    NBF,
    PHARMA,
    TIE_NAMES,
)
from bioregion.simulate.output import Run

__all__ = ["SCALARS", "gini", "summary"]

#: The scalar statistics of :func:`summary` (the rest are yearly series).
SCALARS = (
    "firms_total",
    "alliances_total",
    "global_share",
    "degree_mean",
    "degree_p90",
    "degree_gini",
    "pharma_hhi",
    "top_firm_share",
    "acquired_share",
    "survival_5y",
)


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0: all equal; near 1: one holds all)."""
    x = np.sort(np.asarray(values, float))
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def _per_year(years: np.ndarray, start: int, end: int) -> np.ndarray:
    inside = (years >= start) & (years <= end)
    return np.bincount(years[inside] - start, minlength=end - start + 1).astype(float)


def summary(run: Run) -> dict[str, Any]:
    """The statistics of one run: yearly series (arrays over ``run.start``..``run.end``)
    and scalars (:data:`SCALARS`)."""
    a, t = run.agents, run.ties
    start, end = run.start, run.end
    firm = a["kind"] == NBF
    new_firm = firm & (a["born"] > start)
    out: dict[str, Any] = {"years": np.arange(start, end + 1)}
    out["firms_founded"] = _per_year(a["born"][new_firm], start, end)
    alive_at = [
        int((firm & (a["born"] <= y) & ((a["ended"] < 0) | (a["ended"] > y))).sum())
        for y in range(start, end + 1)
    ]
    out["firms_alive"] = np.array(alive_at, float)
    for code, name in enumerate(TIE_NAMES):
        out[f"ties_{name}"] = _per_year(t["year"][t["kind"] == code], start, end)
    alliance = np.isin(t["kind"], ALLIANCES)
    out["alliances"] = _per_year(t["year"][alliance], start, end)
    out["acquisitions"] = _per_year(t["year"][t["kind"] == ACQUISITION], start, end)
    closed = firm & (a["reason"] == CLOSED)
    out["closures"] = _per_year(a["ended"][closed], start, end)
    out.update(_alliance_structure(run, alliance))
    out["firms_total"] = float(firm.sum())
    out["alliances_total"] = float(alliance.sum())
    out["acquired_share"] = float((t["kind"] == ACQUISITION).sum() / max(firm.sum(), 1))
    old_enough = new_firm & (a["born"] <= end - 5)
    survived = (a["ended"] < 0) | (a["ended"] >= a["born"] + 5)
    out["survival_5y"] = float(survived[old_enough].mean()) if old_enough.any() else np.nan
    return out


def _alliance_structure(run: Run, alliance: np.ndarray) -> dict[str, float]:
    """Degree distribution of firms in the alliance network, share of global pharma
    partners, and the concentration of pharma deals across firms."""
    a, t = run.agents, run.ties
    src, dst = t["source"][alliance], t["target"][alliance]
    n = len(a["kind"])
    degree = np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)
    firm_degree = degree[a["kind"] == NBF]
    kinds = a["kind"]
    firm_end = np.where(kinds[src] == NBF, src, dst)
    other = np.where(kinds[src] == NBF, dst, src)
    with_pharma = kinds[other] == PHARMA
    pharma_deals = np.bincount(firm_end[with_pharma], minlength=n)[kinds == NBF]
    total = pharma_deals.sum()
    shares = pharma_deals / total if total else pharma_deals.astype(float)
    return {
        "degree_mean": float(firm_degree.mean()) if len(firm_degree) else 0.0,
        "degree_p90": float(np.percentile(firm_degree, 90)) if len(firm_degree) else 0.0,
        "degree_gini": gini(firm_degree),
        "global_share": float((~a["local"][other[with_pharma]]).mean())
        if with_pharma.any()
        else np.nan,
        "pharma_hhi": float((shares**2).sum()),
        "top_firm_share": float(shares.max()) if total else 0.0,
    }


def as_frame(stats: dict[str, Any]) -> pd.DataFrame:
    """The yearly series of :func:`summary` as one frame, one row per year."""
    years = stats["years"]
    series = {k: v for k, v in stats.items() if isinstance(v, np.ndarray) and len(v) == len(years)}
    return pd.DataFrame(series).set_index("years")
