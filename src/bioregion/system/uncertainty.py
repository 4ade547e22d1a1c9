"""How sure a small-sample indicator is: bootstrap and permutation intervals, and a
minimum-n rule.

A regional indicator often rests on a few dozen deals: a share, an E-I index or a
T(UIG) computed on them can move a lot when one deal is added or dropped, and T(UIG)
flips sign between sub-periods. Each headline number therefore gets an interval:

- a **bootstrap percentile interval** (Efron & Tibshirani 1993, ch. 13) for shares and
  T(UIG): the deals (the indicator's units) are drawn with replacement ``n_resamples``
  times and the statistic recomputed on each draw; the interval is the central
  ``level`` of the replicates. Deals, not tie rows, are resampled (a cluster bootstrap
  when a deal spans several rows), so a syndicated round moves as one. The replicates
  are drawn as matrices of multinomial weights, in batches of bounded size (no loop
  per replicate).
- a **permutation test** for the E-I index (Krackhardt & Stern 1988), from
  :func:`bioregion.network.ei_permutation_test`: the region labels are shuffled among
  the actors; its p-value says whether the region's ties are more inward (or outward)
  than random labels would give, and its central interval is the range of E-I under
  that null.
- the **minimum-n rule**: below :data:`MIN_N` deals (30 by default, the usual floor for a
  normal-ish sampling distribution of a share; override with ``min_n=``) an indicator is
  flagged ``too_few`` and the report says "too few deals to tell" instead of a finding.

An :class:`Interval` says whether it excludes zero or another reference value
(:meth:`Interval.excludes`); the report says "not distinguishable from zero" when it
does not. Every function takes ``seed`` (an int or a ``numpy.random.Generator``) and
draws only from ``numpy.random.default_rng(seed)``.

References: Efron, B. & Tibshirani, R. J. (1993) *An Introduction to the Bootstrap*,
Chapman & Hall; Davison, A. C. & Hinkley, D. V. (1997) *Bootstrap Methods and their
Application*, Cambridge UP (ch. 3.8, cluster resampling); Krackhardt, D. & Stern, R. N.
(1988) *Social Psychology Quarterly* 51(2): 123-140; Phipson & Smyth (2010).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.network import ei_index, ei_permutation_test
from bioregion.system._scope import (
    Period,
    as_network,
    check_membership,
    in_region,
    period_graph,
    period_ties,
    region_partition,
)
from bioregion.system.triple_helix import co_information, helix_units

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "MIN_N",
    "Interval",
    "bootstrap_share",
    "bootstrap_statistic",
    "ei_interval",
    "share_interval",
    "too_few",
    "triple_helix_interval",
]

#: The fewest deals an indicator needs before the report draws a conclusion from it.
MIN_N = 30
#: Default number of bootstrap replicates and of permutations.
N_RESAMPLES = 2000
#: Default coverage of the intervals.
LEVEL = 0.95

Seed = int | np.random.Generator | None
# Upper bound on (replicates x units) of the weight matrix drawn at once.
_BATCH_CELLS = 1 << 22


@dataclass(frozen=True)
class Interval:
    """An estimate with its interval, its sample size and the minimum-n verdict.

    ``estimate`` is the indicator on the data, ``low`` and ``high`` the interval (NaN
    when it cannot be computed), ``n`` the number of units it rests on (deals, or pairs
    for the E-I index), ``unit`` their name, ``level`` the coverage, ``method`` how the
    interval was made. For the E-I index, ``p_value`` is the two-sided permutation
    p-value against random region labels and ``null_low``, ``null_high`` the central
    ``level`` of the permutation distribution (NaN otherwise).

    >>> i = Interval(0.24, 0.12, 0.37, n=40)
    >>> i.too_few, i.excludes(0.0), i.excludes(0.3)
    (False, True, False)
    >>> Interval(-0.01, -0.05, 0.02, n=12).verdict()
    'too few deals to tell'
    """

    estimate: float
    low: float
    high: float
    n: int
    unit: str = "deal"
    level: float = LEVEL
    method: str = "bootstrap percentile"
    min_n: int = MIN_N
    p_value: float = math.nan
    null_low: float = math.nan
    null_high: float = math.nan

    @property
    def too_few(self) -> bool:
        """True below the minimum-n rule (:func:`too_few`)."""
        return too_few(self.n, self.min_n)

    def excludes(self, value: float = 0.0) -> bool:
        """True when ``value`` lies outside the interval (False when it is unknown)."""
        if math.isnan(self.low) or math.isnan(self.high):
            return False
        return bool(value < self.low or value > self.high)

    def verdict(self, reference: float = 0.0, name: str = "zero") -> str:
        """``"too few <unit>s to tell"``, ``"not distinguishable from <name>"`` or ``""``
        (the interval excludes ``reference``)."""
        if self.too_few:
            return f"too few {self.unit}s to tell"
        if not self.excludes(reference):
            return f"not distinguishable from {name}"
        return ""

    def as_dict(self) -> dict[str, object]:
        """The fields and ``too_few`` as a dict."""
        out: dict[str, object] = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["too_few"] = self.too_few
        return out


def too_few(n: int, min_n: int = MIN_N) -> bool:
    """The minimum-n rule: True when ``n`` units are fewer than ``min_n``.

    >>> too_few(29), too_few(30), too_few(5, min_n=5)
    (True, False, False)
    """
    if min_n < 0:
        raise ArgumentError(f"min_n={min_n}: the minimum number of deals cannot be negative")
    return int(n) < int(min_n)


def _check(n_resamples: int, level: float) -> None:
    if int(n_resamples) < 1:
        raise ArgumentError(f"n_resamples={n_resamples}: draw at least one replicate")
    if not 0.0 < float(level) < 1.0:
        raise ArgumentError(f"level={level}: give a coverage between 0 and 1, e.g. 0.95")


def _percentiles(replicates: np.ndarray, level: float) -> tuple[float, float]:
    """The central ``level`` of the finite replicates (NaN, NaN when there are none)."""
    finite = replicates[np.isfinite(replicates)]
    if finite.size == 0:
        return math.nan, math.nan
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(finite, [tail, 1.0 - tail])
    return float(low), float(high)


def bootstrap_statistic(
    values: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray],
    *,
    n_resamples: int = N_RESAMPLES,
    level: float = LEVEL,
    seed: Seed = None,
    min_n: int = MIN_N,
    unit: str = "deal",
) -> Interval:
    """Bootstrap percentile interval of a statistic of summed per-unit contributions.

    ``values`` has one row per unit (a deal) and one column per count the statistic
    needs (e.g. successes and trials, or the eight cells of a U x I x G table); the
    statistic maps summed counts of shape ``(..., k)`` to one value each. The units are
    resampled with replacement: ``n_resamples`` multinomial weight vectors, drawn in
    batches of bounded size (no loop per replicate), each replicate's counts
    ``weights @ values``.

    >>> values = np.array([[1, 1], [0, 1], [1, 2], [0, 1]])  # successes, rows per deal
    >>> share = lambda c: c[..., 0] / c[..., 1]
    >>> i = bootstrap_statistic(values, share, seed=1, min_n=4)
    >>> i.estimate, i.n, 0 <= i.low <= i.estimate <= i.high <= 1
    (0.4, 4, True)
    """
    _check(n_resamples, level)
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ArgumentError("values: one row per unit and one column per count are needed")
    m = values.shape[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = float(statistic(values.sum(axis=0)))
    if m == 0:
        return Interval(estimate, math.nan, math.nan, 0, unit, level, min_n=min_n)
    rng = np.random.default_rng(seed)
    replicates = np.empty(int(n_resamples))
    batch = max(1, _BATCH_CELLS // m)  # replicates per batch: bounded memory
    for start in range(0, int(n_resamples), batch):
        size = min(batch, int(n_resamples) - start)
        weights = rng.multinomial(m, np.full(m, 1.0 / m), size=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            replicates[start : start + size] = statistic(weights @ values)
    low, high = _percentiles(replicates, level)
    return Interval(estimate, low, high, m, unit, level, min_n=min_n)


def _ratio(counts: np.ndarray) -> np.ndarray:
    return counts[..., 0] / counts[..., 1]


def share_interval(
    successes: float,
    total: float,
    *,
    n_resamples: int = N_RESAMPLES,
    level: float = LEVEL,
    seed: Seed = None,
    min_n: int = MIN_N,
    unit: str = "deal",
) -> Interval:
    """Bootstrap percentile interval of a share ``successes / total`` of independent units.

    Resampling ``total`` units of which a share ``p = successes / total`` has the
    property draws each replicate's count from Binomial(total, p): the bootstrap of the
    units, vectorised. ``successes`` may be fractional (a deal shared among partners
    in several places weighs its part in each); ``total`` is rounded to whole units. Use
    it with the counts an indicator returns (its unit: deals for the local share); use
    :func:`bootstrap_share` when rows must be grouped by deal.

    >>> i = share_interval(8, 32, seed=0)
    >>> i.estimate, i.n, i.low < 0.25 < i.high
    (0.25, 32, True)
    """
    _check(n_resamples, level)
    successes, n = float(successes), round(float(total))
    if n < 0 or not 0.0 <= successes <= float(total) + 1e-9:
        raise ArgumentError(f"share {successes:g}/{total:g}: need 0 <= successes <= total")
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0, unit, level, min_n=min_n)
    share = min(successes / float(total), 1.0)
    rng = np.random.default_rng(seed)
    replicates = rng.binomial(n, share, size=int(n_resamples)) / n
    low, high = _percentiles(replicates, level)
    return Interval(share, low, high, n, unit, level, min_n=min_n)


def bootstrap_share(
    frame: pd.DataFrame,
    flag: str,
    *,
    key: str | None = None,
    n_resamples: int = N_RESAMPLES,
    level: float = LEVEL,
    seed: Seed = None,
    min_n: int = MIN_N,
) -> Interval:
    """Bootstrap interval of the share of rows of ``frame`` where column ``flag`` is true,
    resampling deals.

    ``key`` names the deal key column (e.g. from :func:`bioregion.system._deals.deal_keys`):
    the rows of a deal are drawn together (cluster bootstrap) and ``n`` counts deals;
    without it every row is a unit. The estimate is the share of rows; give one row per
    deal for the share of deals.

    >>> rows = pd.DataFrame({"deal": ["a", "a", "b", "c"], "local": [1, 1, 0, 0]})
    >>> i = bootstrap_share(rows, "local", key="deal", seed=3, min_n=3)
    >>> i.estimate, i.n
    (0.5, 3)
    """
    if flag not in frame.columns or (key is not None and key not in frame.columns):
        raise ArgumentError(
            f"bootstrap_share: the frame lacks column {flag!r}"
            + (f" or {key!r}" if key else "")
            + f"; it has {list(frame.columns)}"
        )
    hits = frame[flag].fillna(False).astype(bool).astype(float)
    groups = frame[key] if key is not None else pd.RangeIndex(len(frame))
    per_unit = pd.DataFrame({"hits": hits.to_numpy(), "rows": 1.0, "unit": np.asarray(groups)})
    values = per_unit.groupby("unit", sort=False)[["hits", "rows"]].sum().to_numpy()
    unit = "deal" if key is not None else "row"
    return bootstrap_statistic(
        values,
        _ratio,
        n_resamples=n_resamples,
        level=level,
        seed=seed,
        min_n=min_n,
        unit=unit,
    )


def triple_helix_interval(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    unit: str = "deal",
    membership: str = "system",
    n_resamples: int = N_RESAMPLES,
    level: float = LEVEL,
    seed: Seed = None,
    min_n: int = MIN_N,
) -> Interval:
    """Bootstrap interval of T(UIG) in millibits, resampling deals (or ties).

    The observations are those of :func:`bioregion.system.triple_helix.triple_helix`
    (:func:`~bioregion.system.triple_helix.helix_units` with the same ``unit`` and
    ``membership``); each is one row of the 2 x 2 x 2 presence table. Replicate tables
    are multinomial reweightings of the observations and their T is computed at once by
    :func:`~bioregion.system.triple_helix.co_information`. ``estimate``, ``low`` and
    ``high`` are in millibits; ``n`` counts the observations. Unit: deal (or tie).
    """
    units = helix_units(data, region, period, unit=unit, membership=membership)
    cells = units["U"].to_numpy(int) * 4 + units["I"].to_numpy(int) * 2 + units["G"].to_numpy(int)
    values = np.eye(8)[cells]
    return bootstrap_statistic(
        values,
        lambda t: 1000.0 * co_information(t),
        n_resamples=n_resamples,
        level=level,
        seed=seed,
        min_n=min_n,
        unit=unit,
    )


def _region_graph(net: TemporalNetwork, region: str, period: Period, membership: str):
    """The undirected graph of the period's ties with an actor in the region, and its
    region/outside partition."""
    ties = period_ties(net, period)
    inside = in_region(net.actors, region, membership=membership)
    members = set(net.actors["id"][inside.to_numpy(bool)])
    ties = ties[ties["source"].isin(members) | ties["target"].isin(members)]
    graph = period_graph(net, ties, directed=False)
    return graph, region_partition(graph, net, region, membership=membership)


def ei_interval(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    membership: str = "system",
    n_resamples: int = N_RESAMPLES,
    n_permutations: int = 10_000,
    level: float = LEVEL,
    seed: Seed = None,
    min_n: int = MIN_N,
) -> Interval:
    """The region's E-I index over the period, with a bootstrap interval and a
    permutation test.

    Unit: pairs. As :func:`bioregion.system.embeddedness.region_ei` (cumulative over the
    period), I counts the distinct pairs of actors tied inside the region and E the
    pairs tied across its border (region by ``membership``); ``EI = (E - I) / (E + I)``.
    ``low``, ``high``: bootstrap percentile interval resampling the pairs (EI is
    ``1 - 2 I / (E + I)``, so this is :func:`share_interval` of the internal pairs).
    ``p_value``, ``null_low``, ``null_high``: :func:`bioregion.network.ei_permutation_test`
    on the graph of those pairs (whose whole-network E-I is the region's), labels
    shuffled among its actors: two-sided p against the E-I expected from random labels
    and the central ``level`` of the permutation distribution. ``n`` counts pairs.
    """
    check_membership(membership)
    rng = np.random.default_rng(seed)
    graph, partition = _region_graph(as_network(data), region, period, membership)
    if graph.ecount() == 0:
        return Interval(math.nan, math.nan, math.nan, 0, "pair", level, "bootstrap", min_n)
    counts = ei_index(graph, partition)
    internal, pairs = int(counts.internal), int(counts.internal + counts.external)
    test = ei_permutation_test(graph, partition, n_permutations=n_permutations, seed=rng)
    share = share_interval(
        internal, pairs, n_resamples=n_resamples, level=level, seed=rng, min_n=min_n
    )
    tail = (1.0 - level) / 2.0
    null_low, null_high = np.quantile(test.distribution, [tail, 1.0 - tail])
    return Interval(
        estimate=counts.network,
        low=1.0 - 2.0 * share.high,
        high=1.0 - 2.0 * share.low,
        n=pairs,
        unit="pair",
        level=level,
        method="bootstrap percentile (pairs); permutation test (labels)",
        min_n=min_n,
        p_value=test.p_two_sided,
        null_low=float(null_low),
        null_high=float(null_high),
    )
