"""Which logic of attachment drives a set of actors' partner choices, period by period.

Powell, White, Koput & Owen-Smith (2005) read a biotech alliance network's growth as the
work of a few logics of attachment. Each maps onto statistics of the relational event
model (:mod:`bioregion.dynamics.rem`):

* accumulative advantage: ``partner_degree`` (well-connected partners are chosen more);
* repeat partnering: ``prior_ties`` (partners chosen before are chosen again);
* multiconnectivity: ``shared_partners`` (partners reached through common partners);
* homophily: ``same_kind`` (partners of one's own kind) and ``same_region`` (local
  rather than global partners);
* follow-the-trend: ``trend`` (partners of the kind that was in fashion last period);
* ``partner_age`` is a control (older partners), not a logic.

:func:`attachment_logics` fits the model to the ties of the focal actors (a region's
firms, say) in each period, the network they see built from every tie before, and makes
the coefficients comparable across logics: each one times the standard deviation of its
statistic over the period's risk sets (the log odds ratio of a one-standard-deviation
difference between candidate partners). The logic that *dominates* a period is the one
with the largest such effect; since each effect is an estimate, the share of draws from
the estimates' joint normal sampling distribution in which each logic comes first says
how sure that answer is. A statistic that does not vary within any stratum, or whose
estimate is unstable (standard error above :data:`MAX_SE`: too few cases, the model
separates), is left out of that period's fit and its table.
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bioregion.dynamics.rem import STATISTICS, RemFit, event_table, fit_rem
from bioregion.errors import ArgumentError

__all__ = ["LOGICS", "LogicsFit", "attachment_logics", "decades"]

#: Largest standard error (log odds) of an estimate kept: a statistic with a larger one
#: has too few informative cases in the period (separation) and is left out of its fit.
MAX_SE = 4.0
#: Statistic -> the logic of attachment it stands for (``partner_age`` is a control).
LOGICS = {
    "partner_degree": "accumulative advantage",
    "prior_ties": "repeat partnering",
    "shared_partners": "multiconnectivity",
    "same_kind": "homophily on kind",
    "same_region": "homophily on place (local partner)",
    "trend": "follow-the-trend",
    "partner_age": "partner age (control)",
}
COLUMNS = (
    "period",
    "statistic",
    "logic",
    "coef",
    "se",
    "low",
    "high",
    "p",
    "sd",
    "effect",
    "effect_low",
    "effect_high",
    "dominant_share",
    "events",
)


DOMINANCE = ("period", "logic", "share", "events")


@dataclass(frozen=True)
class LogicsFit:
    """The fit per period (:data:`COLUMNS`), and per period the dominant logic with the
    share of draws in which it comes first (``dominance``: period, logic, share,
    events), and the periods left out for too few events (``skipped``: label ->
    reason)."""

    table: pd.DataFrame
    dominance: pd.DataFrame
    skipped: dict[str, str]

    @classmethod
    def empty(cls, periods: Sequence[tuple[str, int, int]], reason: str) -> LogicsFit:
        """No period modelled, each for ``reason``."""
        return cls(
            pd.DataFrame(columns=list(COLUMNS)),
            pd.DataFrame(columns=list(DOMINANCE)),
            {label: reason for label, _, _ in periods},
        )


def decades(first: int, last: int) -> list[tuple[str, int, int]]:
    """Calendar decades cut to ``first``..``last`` (years, inclusive): (label, from, to);
    the first one takes in the years before its decade's start when there are fewer than
    five of them (1987-1999, not 1987-1989)."""
    if last < first:
        raise ArgumentError(f"the period ends ({last}) before it starts ({first})")
    cuts = list(range((first // 10 + 1) * 10, last + 1, 10))
    if cuts and cuts[0] - first < 5:
        cuts = cuts[1:]
    starts = [first, *cuts]
    ends = [c - 1 for c in cuts] + [last]
    return [(f"{a}-{b}", a, b) for a, b in zip(starts, ends, strict=True)]


def attachment_logics(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    focal_actors: Collection[str],
    periods: Sequence[tuple[str, int, int]],
    *,
    events: pd.Series | np.ndarray | None = None,
    partners: Collection[str] | None = None,
    focal: str = "random",
    controls: int | None = 10,
    min_events: int = 30,
    max_events: int | None = 1000,
    draws: int = 4000,
    seed: int = 0,
) -> LogicsFit:
    """The logics of attachment of ``focal_actors``' new ties in each period.

    ``ties``: every tie (``source, target, start``) — all build the network the
    statistics read; ``events`` (a boolean per tie, default all) says which are partner
    choices to explain, of those with an end among ``focal_actors``; ``actors``: ``id,
    kind`` and optionally ``region`` (for ``same_region``) and ``founded``. ``periods``:
    (label, first year, last year), e.g. :func:`decades`. ``partners``: the ids that
    can be chosen (default: every actor). ``focal``: who chooses when
    both ends are focal actors (:func:`~bioregion.dynamics.event_table`: ``"random"``
    for symmetric ties, ``"source"`` for directed ones). A period with fewer than
    ``min_events`` events is skipped (named in :attr:`LogicsFit.skipped`); one with more
    than ``max_events`` is fitted on that many sampled at random; ``draws``
    normal draws give the dominance shares.
    """
    if min_events < 2:
        raise ArgumentError(f"min_events={min_events}: give 2 or more")
    rows, dominance, skipped = [], [], {}
    rng = np.random.default_rng(seed)
    for label, first, last in periods:
        try:
            table = event_table(
                ties,
                actors,
                controls=controls,
                seed=seed,
                first_period=first,
                last_period=last,
                events=events,
                focal=focal,
                focal_actors=focal_actors,
                partners=partners,
                max_events=max_events,
            )
        except ArgumentError as exc:
            skipped[label] = str(exc)
            continue
        count = int(table["event"].nunique())
        if count < min_events:
            skipped[label] = f"{count} event{'' if count == 1 else 's'}, fewer than {min_events}"
            continue
        try:
            fit, shares = _period_fit(table, rng, draws)
        except ArgumentError as exc:
            skipped[label] = str(exc)
            continue
        fit.insert(0, "period", label)
        fit["events"] = count
        rows.append(fit)
        best = shares.idxmax()
        dominance.append((label, LOGICS[best], float(shares[best]), count))
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame(dominance, columns=list(DOMINANCE))
    return LogicsFit(table[list(COLUMNS)], frame, skipped)


def _independent(table: pd.DataFrame) -> list[str]:
    """The statistics that vary within events and are not a linear combination of
    earlier ones (in :data:`STATISTICS` order) once each event's means are taken out:
    the model cannot tell such statistics apart."""
    centred = table[list(STATISTICS)] - table.groupby("event")[list(STATISTICS)].transform("mean")
    kept: list[str] = []
    for name in STATISTICS:
        trial = centred[[*kept, name]].to_numpy(float)
        if np.linalg.matrix_rank(trial, tol=1e-8 * max(1.0, np.abs(trial).max())) > len(kept):
            kept.append(name)
    return kept


def _stable_fit(table: pd.DataFrame) -> RemFit:
    """The model on the statistics that can be estimated: a statistic whose estimate
    runs off (standard error above :data:`MAX_SE`: separation) is left out and the rest
    fitted again. Statistics that do not vary within events, or duplicate others, are
    left out first (:func:`_independent`); if the fit still has no covariance (a
    singular information matrix), the statistic that varies within the fewest events
    goes next."""
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, HessianInversionWarning

    kept = _independent(table)
    while kept:
        try:
            with warnings.catch_warnings():  # separation is handled here, by MAX_SE
                warnings.simplefilter("ignore", ConvergenceWarning)
                warnings.simplefilter("ignore", HessianInversionWarning)
                fit = fit_rem(table, tuple(kept))
        except (ValueError, np.linalg.LinAlgError):
            varying = table.groupby("event")[kept].nunique().gt(1).sum()
            kept.remove(varying.idxmin())
            continue
        se = fit.coefficients["se"]
        loose = set(fit.coefficients.loc[~(se <= MAX_SE), "statistic"])  # NaN too
        if not loose or len(loose) == len(kept):
            return fit
        kept = [s for s in kept if s not in loose]
    raise ArgumentError("no statistic of the event model can be estimated in this period")


def _period_fit(
    table: pd.DataFrame, rng: np.random.Generator, draws: int
) -> tuple[pd.DataFrame, pd.Series]:
    """One period's coefficients with standardised effects, and the share of draws in
    which each logic's effect is the largest."""
    fit = _stable_fit(table)
    out = fit.coefficients.copy()
    sd = table[out["statistic"]].std(ddof=0).to_numpy()
    out["logic"] = out["statistic"].map(LOGICS)
    out["sd"] = sd
    for column, source in (("effect", "coef"), ("effect_low", "low"), ("effect_high", "high")):
        out[column] = out[source] * sd
    logics = [s for s in out["statistic"] if s != "partner_age"]
    mean = out.set_index("statistic").loc[logics, "coef"].to_numpy()
    cov = fit.covariance.loc[logics, logics].to_numpy()
    scale = out.set_index("statistic").loc[logics, "sd"].to_numpy()
    sample = rng.multivariate_normal(mean, (cov + cov.T) / 2, size=draws, method="eigh") * scale
    first = np.bincount(np.argmax(sample, axis=1), minlength=len(logics)) / draws
    shares = pd.Series(first, index=logics)
    out["dominant_share"] = out["statistic"].map(shares)
    return out, shares
