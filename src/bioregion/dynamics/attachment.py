"""Preferential attachment estimated from dated tie formation.

A network grows in periods (years by default). For each period ``t``, every actor that
already had ties at its start has a degree ``k`` (its ties so far); the period's new
ties attach to some of them. Newman's (2001) estimator, in the corrected form of PAFit's
``Newman()`` (Pham, Sheridan & Shimodaira 2015):

* ``m_t(k)``: ends of the period's new ties that attach to actors of degree ``k`` at its
  start; ``n_t(k)``: actors of degree ``k`` at its start; ``N_t``: actors at its start;
* the attachment kernel ``A(k) = mean over the periods with n_t(k) > 0 of
  (m_t(k) / n_t(k)) * N_t`` (the relative probability that a new tie attaches to an actor
  of degree k; its scale is arbitrary);
* its standard error, treating each ``m_t(k)`` as Poisson:
  ``se(A(k)) = sqrt(sum_t m_t(k) N_t^2 / n_t(k)^2) / T_k``;
* the exponent ``alpha`` of ``A(k) ~ k^alpha``: weighted least squares of ``log A(k)`` on
  ``log k`` (weights: the inverse variance of ``log A(k)``, ``(A / se)^2``), with its
  standard error and 95% confidence interval (t distribution). ``alpha`` near 1 is linear
  preferential attachment (accumulative advantage), near 0 none, in between sub-linear.

Jeong, Neda & Barabasi (2003) count only the ties of newcomers to incumbents; with
``newcomers_only=True`` only ties with one end new in the period (and the other
existing) count.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from bioregion.errors import ArgumentError

__all__ = ["AttachmentKernel", "attachment_kernel", "formation_events"]


def formation_events(ties: pd.DataFrame, *, period_years: int = 1) -> pd.DataFrame:
    """Dated tie formations from a ties frame (``source, target, start``): one row per
    tie with ``source``, ``target`` and ``period`` (the start year, grouped by
    ``period_years``), ties without a start left out, self-ties dropped, sorted."""
    if period_years < 1:
        raise ArgumentError(f"period_years={period_years}: give 1 or more")
    start = pd.to_datetime(ties["start"], format="ISO8601")
    keep = start.notna() & (ties["source"] != ties["target"])
    years = start[keep].dt.year.astype(int)
    period = (years - years.min()) // period_years if len(years) else years
    out = pd.DataFrame(
        {
            "source": ties.loc[keep, "source"].to_numpy(object),
            "target": ties.loc[keep, "target"].to_numpy(object),
            "period": period.to_numpy(int),
        }
    )
    return out.sort_values("period", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class AttachmentKernel:
    """The estimated kernel and exponent (see the module docstring)."""

    kernel: pd.DataFrame  # k, A, se, low, high, periods, attachments
    alpha: float
    alpha_se: float
    alpha_low: float
    alpha_high: float
    periods: int
    ties: int

    def summary(self) -> str:
        return (
            f"alpha = {self.alpha:.2f} (95% CI {self.alpha_low:.2f} to {self.alpha_high:.2f}), "
            f"from {self.ties} ties over {self.periods} periods"
        )


def _counts(events: pd.DataFrame, newcomers_only: bool) -> tuple[dict, np.ndarray, int]:
    """Per period: m_t(k), n_t(k) (as arrays indexed by k) and N_t."""
    codes, _ = pd.factorize(pd.concat([events["source"], events["target"]], ignore_index=True))
    n = len(events)
    src, dst = codes[:n], codes[n:]
    degree = np.zeros(codes.max() + 1 if len(codes) else 0, np.int64)
    periods = events["period"].to_numpy()
    per: dict[int, tuple[np.ndarray, np.ndarray, int]] = {}
    bounds = np.flatnonzero(np.r_[True, periods[1:] != periods[:-1], True])
    max_k = 0
    for first, last in itertools.pairwise(bounds):
        s, d = src[first:last], dst[first:last]
        present = degree > 0
        ends = np.concatenate([s, d])
        others = np.concatenate([d, s])
        counted = present[ends]
        if newcomers_only:
            counted &= ~present[others]
        k_of = degree[ends[counted]]
        m = np.bincount(k_of)
        nk = np.bincount(degree[present])
        per[int(periods[first])] = (m, nk, int(present.sum()))
        max_k = max(max_k, len(m), len(nk))
        degree += np.bincount(s, minlength=len(degree)) + np.bincount(d, minlength=len(degree))
    return per, np.arange(max_k), n


def attachment_kernel(
    events: pd.DataFrame, *, newcomers_only: bool = False, min_periods: int = 1
) -> AttachmentKernel:
    """The attachment kernel A(k) and its exponent from formation events
    (:func:`formation_events`: ``source, target, period``).

    ``min_periods``: a degree enters the fit only when actors of that degree were at risk
    in at least this many periods and attracted at least one tie.
    """
    if events.empty:
        raise ArgumentError("no dated ties: the attachment kernel needs ties with a start date")
    per, ks, total = _counts(events, newcomers_only)
    size = len(ks)
    ratio_sum = np.zeros(size)
    var_sum = np.zeros(size)
    at_risk = np.zeros(size, np.int64)
    attached = np.zeros(size, np.int64)
    for m, nk, big_n in per.values():
        m_full = np.zeros(size)
        n_full = np.zeros(size)
        m_full[: len(m)] = m
        n_full[: len(nk)] = nk
        ok = n_full > 0
        ratio_sum[ok] += m_full[ok] / n_full[ok] * big_n
        var_sum[ok] += m_full[ok] * big_n**2 / n_full[ok] ** 2
        at_risk += ok
        attached += m_full.astype(np.int64)
    with np.errstate(invalid="ignore", divide="ignore"):
        kernel = ratio_sum / at_risk
        se = np.sqrt(var_sum) / at_risk
    table = pd.DataFrame(
        {"k": ks, "A": kernel, "se": se, "periods": at_risk, "attachments": attached}
    )
    table = table[(table["k"] > 0) & (table["periods"] > 0)].reset_index(drop=True)
    table["low"] = (table["A"] - 1.96 * table["se"]).clip(lower=0.0)
    table["high"] = table["A"] + 1.96 * table["se"]
    fit = table[(table["A"] > 0) & (table["periods"] >= min_periods)]
    alpha, alpha_se, dof = _wls(np.log(fit["k"]), np.log(fit["A"]), (fit["A"] / fit["se"]) ** 2)
    half = stats.t.ppf(0.975, dof) * alpha_se if dof > 0 else np.nan
    return AttachmentKernel(
        table[["k", "A", "se", "low", "high", "periods", "attachments"]],
        alpha,
        alpha_se,
        alpha - half,
        alpha + half,
        len(per),
        total,
    )


def _wls(x: pd.Series, y: pd.Series, w: pd.Series) -> tuple[float, float, int]:
    """Slope of a weighted least-squares line, its standard error and residual dof."""
    x, y, w = (np.asarray(v, float) for v in (x, y, w))
    if len(x) < 3:
        raise ArgumentError(
            f"only {len(x)} degree(s) with attachments: too few to fit the exponent"
        )
    design = np.column_stack([np.ones_like(x), x])
    sw = np.sqrt(w)
    coef, *_ = np.linalg.lstsq(design * sw[:, None], y * sw, rcond=None)
    resid = (y - design @ coef) * sw
    dof = len(x) - 2
    sigma2 = float(resid @ resid) / dof
    cov = sigma2 * np.linalg.inv((design * w[:, None]).T @ design)
    return float(coef[1]), float(np.sqrt(cov[1, 1])), dof
