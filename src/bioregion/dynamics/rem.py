"""A relational event model of tie formation: which partner an actor's new tie goes to.

Each dated tie is an event in which a focal actor (the tie's source; for a symmetric
tie, either end, chosen at random once) picks a partner. The risk set is every other
actor present in the event's year (founded by then, or of unknown founding, and not ended
before; or with a tie so far); ``controls`` non-chosen partners are sampled from it
(case-control sampling, Vu et al. 2011), and a conditional logistic regression over the
strata (one event and its controls) estimates how the pair's statistics, computed from
the ties formed in earlier periods, shift the odds of being chosen (Butts 2008). The
statistics stand for the four logics of attachment of Powell, White, Koput & Owen-Smith
(2005) and the seed's questions:

* ``partner_degree``: log(1 + the partner's ties so far) (accumulative advantage);
* ``prior_ties``: log(1 + the pair's ties so far) (repeated partnering);
* ``shared_partners``: log(1 + partners the two have in common) (multiconnectivity);
* ``same_kind``: 1 when the two are of the same actor kind (homophily on kind);
* ``same_region``: 1 when the two are in the same region (homophily on place: a local
  rather than a global partner);
* ``trend``: the share of the previous period's ties that went to actors of the
  partner's kind (follow-the-trend);
* ``partner_age``: years since the partner's founding, over 10 (0 when unknown).

Statistics use only earlier periods (ties of the same period do not see each other).
The fit is :class:`statsmodels.discrete.conditional_models.ConditionalLogit`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError

__all__ = ["STATISTICS", "RemFit", "event_table", "fit_rem"]

STATISTICS = (
    "partner_degree",
    "prior_ties",
    "shared_partners",
    "same_kind",
    "same_region",
    "trend",
    "partner_age",
)


@dataclass
class _State:
    """What the statistics read: the network of the periods before the current one."""

    degree: np.ndarray
    neighbours: list[set[int]]
    pair: defaultdict[tuple[int, int], int]
    kind_share: dict[str, float]


def _statistics(
    state: _State,
    i: int,
    partners: np.ndarray,
    kinds: np.ndarray,
    regions: np.ndarray,
    founded: np.ndarray,
    year: float,
) -> np.ndarray:
    rows = np.empty((len(partners), len(STATISTICS)))
    mine = state.neighbours[i]
    for r, j in enumerate(partners):
        key = (i, j) if i < j else (j, i)
        age = year - founded[j] if np.isfinite(founded[j]) else 0.0
        rows[r] = (
            np.log1p(state.degree[j]),
            np.log1p(state.pair.get(key, 0)),
            np.log1p(len(mine & state.neighbours[j])),
            float(kinds[i] == kinds[j]),
            float(regions[i] != "" and regions[i] == regions[j]),
            state.kind_share.get(kinds[j], 0.0),
            max(age, 0.0) / 10.0,
        )
    return rows


def event_table(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    controls: int | None = 10,
    seed: int = 0,
    first_period: int | None = None,
    last_period: int | None = None,
    focal: str = "random",
    events: pd.Series | np.ndarray | None = None,
    focal_actors: Collection[str] | None = None,
    partners: Collection[str] | None = None,
    max_events: int | None = None,
) -> pd.DataFrame:
    """The case-control table: one stratum per event (``event``), the chosen partner
    (``chosen`` = 1) and ``controls`` sampled others (0), with :data:`STATISTICS`;
    ``controls=None`` takes every other actor at risk (the full risk set: no sampling
    error, for small populations).

    The risk set of a year is every actor founded by then (or of unknown founding: an
    established organisation) and not ended before it, and every actor with a tie so
    far; a chosen partner outside it (founded later, as recorded) gives no event.

    ``ties``: ``source, target, start`` (and ``kind``, unused); ``actors``: ``id, kind``
    and optionally ``region`` and ``founded``. Events are grouped by the start year;
    every tie builds up the network the statistics read, and the ties that are events
    (``events``: a boolean per tie, default all) from ``first_period`` to
    ``last_period`` (years, inclusive; default all) get a stratum each. ``focal``:
    ``"random"`` (either end of a tie chooses, drawn once: symmetric ties) or
    ``"source"`` (the source chooses: directed ties such as a firm licensing out or an
    investor investing). With ``focal_actors`` (ids), only ties with an end among them
    are events and that end chooses (either end, as ``focal`` says, when both are):
    the partner choices of a region's firms, say. ``partners`` (ids) limits the risk
    set to the actors that could be chosen (firms and research organisations for an
    alliance, not the funds and agencies that never ally); an event whose chosen partner
    is not among them is left out. With ``max_events``, a larger number of events in the
    window is sampled down to it at random (sampling events as well as controls, as Vu et
    al. 2011 do for large streams); every tie still builds the network.
    """
    if focal not in ("random", "source"):
        raise ArgumentError(f"focal={focal!r}: use 'random' or 'source'")
    if controls is not None and controls < 1:
        raise ArgumentError(f"controls={controls}: give 1 or more, or None for all")
    if events is not None and len(events) != len(ties):
        raise ArgumentError(f"events has {len(events)} values for {len(ties)} ties: one per tie")
    rng = np.random.default_rng(seed)
    ids = pd.Index(actors["id"].astype(str))
    attributes = _attributes(actors, len(ids))
    src, dst, year, chosen = _dated_ties(ties, ids, events)
    flip = rng.random(len(src)) < 0.5  # the focal end of a tie, chosen once
    if focal == "source":
        flip[:] = False
    if focal_actors is not None:
        mine = ids.isin(list(focal_actors))
        chosen &= mine[src] | mine[dst]
        flip = np.where(mine[src] & mine[dst], flip, mine[dst])
    pick = np.where(flip, dst, src), np.where(flip, src, dst)
    in_window = (first_period is None or year >= first_period) & (
        last_period is None or year <= last_period
    )
    candidates = np.flatnonzero(chosen & in_window)
    if max_events is not None and len(candidates) > max_events:
        chosen = np.zeros(len(chosen), bool)
        chosen[rng.choice(candidates, size=max_events, replace=False)] = True
    window = (first_period, last_period)
    eligible = np.ones(len(ids), bool) if partners is None else ids.isin(list(partners))
    rows, meta = _strata(
        rng, ids, attributes, src, dst, year, chosen, pick, window, controls, eligible
    )
    if not rows:
        raise ArgumentError("no event had a partner in the risk set: too few dated ties")
    table = pd.DataFrame(np.vstack(rows), columns=list(STATISTICS))
    info = pd.DataFrame(meta, columns=["event", "chosen", "focal", "partner", "period"])
    info["focal"] = ids[info["focal"]]
    info["partner"] = ids[info["partner"]]
    return pd.concat([info, table], axis=1)


def _attributes(actors: pd.DataFrame, n: int) -> tuple[np.ndarray, ...]:
    """Kinds, regions ('' unknown), founding and ending years (NaN unknown) of the
    actors."""
    kinds = actors["kind"].astype(str).to_numpy(object)
    regions = (
        actors["region"].fillna("").astype(str).to_numpy(object)
        if "region" in actors
        else np.full(n, "", object)
    )
    founded, ended = (
        pd.to_datetime(actors[c], format="ISO8601").dt.year.to_numpy(float)
        if c in actors
        else np.full(n, np.nan)
        for c in ("founded", "ended")
    )
    return kinds, regions, founded, ended


def _dated_ties(
    ties: pd.DataFrame, ids: pd.Index, events: pd.Series | np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Source and target positions, start years and the event flag of the dated ties
    between known actors, sorted by year."""
    start = pd.to_datetime(ties["start"], format="ISO8601").dt.year
    keep = start.notna() & ties["source"].isin(ids) & ties["target"].isin(ids)
    keep &= ties["source"] != ties["target"]
    flags = np.ones(len(ties), bool) if events is None else np.asarray(events, bool)
    src = ids.get_indexer(ties.loc[keep, "source"].astype(str))
    dst = ids.get_indexer(ties.loc[keep, "target"].astype(str))
    year = start[keep].to_numpy(int)
    chosen = flags[keep.to_numpy(bool)]
    order = np.argsort(year, kind="stable")
    return src[order], dst[order], year[order], chosen[order]


def _strata(rng, ids, attributes, src, dst, year, chosen, pick, window, controls, eligible):
    """The statistics of each event's chosen partner and sampled controls, period by
    period, the network growing after each period."""
    kinds, regions, founded, ended = attributes
    focal, other = pick
    first, last = window
    n = len(ids)
    state = _State(np.zeros(n), [set() for _ in range(n)], defaultdict(int), {})
    present = np.zeros(n, bool)
    rows: list[np.ndarray] = []
    meta: list[tuple[int, int, int, int, int]] = []
    for y in np.unique(year):
        if last is not None and y > last:
            break
        now = year == y
        # at risk: founded by then (or of unknown founding), not ended before, or tied
        present |= ~(founded > y) & ~(ended < y)
        present &= ~(ended < y)
        at_risk = np.flatnonzero(present & eligible)
        if (first is None or y >= first) and len(at_risk) > 2:
            for i, j in zip(focal[now & chosen], other[now & chosen], strict=True):
                if not (present[j] and eligible[j]):
                    continue  # a partner not in the risk set (new, or not eligible)
                pool = at_risk[(at_risk != i) & (at_risk != j)]
                if not len(pool):
                    continue
                if controls is not None and controls < len(pool):
                    pool = rng.choice(pool, size=controls, replace=False)
                picked = pool
                partners = np.concatenate([[j], picked])
                rows.append(_statistics(state, i, partners, kinds, regions, founded, y))
                event = len(rows) - 1
                meta += [(event, int(p == j), int(i), int(p), int(y)) for p in partners]
        _advance(state, src[now], dst[now], kinds)
        present[src[now]] = True
        present[dst[now]] = True
    return rows, meta


def _advance(state: _State, src: np.ndarray, dst: np.ndarray, kinds: np.ndarray) -> None:
    """Add a period's ties to the state the next period's statistics read."""
    for i, j in zip(src.tolist(), dst.tolist(), strict=True):
        state.degree[i] += 1
        state.degree[j] += 1
        state.neighbours[i].add(j)
        state.neighbours[j].add(i)
        state.pair[(i, j) if i < j else (j, i)] += 1
    if len(src):
        ends = pd.Series(np.concatenate([kinds[src], kinds[dst]]))
        state.kind_share = (ends.value_counts() / len(ends)).to_dict()


@dataclass(frozen=True)
class RemFit:
    """Coefficients (log odds ratios) with standard errors and 95% intervals."""

    coefficients: pd.DataFrame  # statistic, coef, se, low, high, p
    events: int
    controls: int
    #: the estimates' covariance matrix (statistic x statistic)
    covariance: pd.DataFrame | None = None


def fit_rem(table: pd.DataFrame, statistics: tuple[str, ...] = STATISTICS) -> RemFit:
    """The conditional logit of ``chosen`` on ``statistics`` with one stratum per event.
    Statistics that do not vary within any stratum are dropped (they cannot be
    estimated) and named in the error if none is left. When every stratum holds one
    chosen row (an event table's case), the model is statsmodels' generic likelihood
    model with the exact choice likelihood, score and Hessian (the same estimates as
    ConditionalLogit, which the other case uses, many times faster)."""
    from statsmodels.discrete.conditional_models import ConditionalLogit

    varying = [s for s in statistics if (table.groupby("event")[s].nunique() > 1).any()]
    if not varying:
        raise ArgumentError(f"none of {', '.join(statistics)} varies within an event")
    table = table.sort_values("event", kind="stable")
    groups = table["event"].to_numpy()
    one_each = (table.groupby("event")["chosen"].sum() == 1).all()
    if one_each:  # the usual case: each stratum is one choice (exact and fast)
        model = _choice_model(table["chosen"].to_numpy(), table[varying], groups)
        result = model.fit(start_params=np.zeros(len(varying)), method="newton", disp=False)
    else:
        model = ConditionalLogit(table["chosen"].to_numpy(), table[varying], groups=groups)
        result = model.fit(disp=False)
    ci = np.asarray(result.conf_int())
    out = pd.DataFrame(
        {
            "statistic": varying,
            "coef": np.asarray(result.params),
            "se": np.asarray(result.bse),
            "low": ci[:, 0],
            "high": ci[:, 1],
            "p": np.asarray(result.pvalues),
        }
    )
    events = int(table["event"].nunique())
    covariance = pd.DataFrame(np.asarray(result.cov_params()), index=varying, columns=varying)
    return RemFit(out, events, int(len(table) - events), covariance)


def _choice_model(endog: np.ndarray, exog: pd.DataFrame, groups: np.ndarray):
    """A statsmodels likelihood model of the conditional logit when each stratum holds one
    chosen row: log L = sum over strata of x_chosen . b - log sum_j exp(x_j . b), with its
    exact score and Hessian (vectorised over strata; statsmodels' ConditionalLogit
    handles any number of events per stratum with a recursion in Python, slow on
    thousands of strata). Rows must be sorted by stratum."""
    from statsmodels.base.model import GenericLikelihoodModel

    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    x = np.asarray(exog, float)
    chosen = np.asarray(endog, bool)

    def shifted(params: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Linear predictors, each stratum's maximum, and exp(eta - that maximum)."""
        eta = x @ params
        top = np.maximum.reduceat(eta, starts)
        return eta, top, np.exp(eta - np.repeat(top, sizes))

    def weights(params: np.ndarray) -> np.ndarray:
        w = shifted(params)[2]
        return w / np.repeat(np.add.reduceat(w, starts), sizes)

    class ChoiceLogit(GenericLikelihoodModel):
        def loglike(self, params: np.ndarray) -> float:
            eta, top, w = shifted(params)
            return float(eta[chosen].sum() - (top + np.log(np.add.reduceat(w, starts))).sum())

        def score(self, params: np.ndarray) -> np.ndarray:
            return x[chosen].sum(axis=0) - (weights(params)[:, None] * x).sum(axis=0)

        def hessian(self, params: np.ndarray) -> np.ndarray:
            p = weights(params)
            mean = np.add.reduceat(p[:, None] * x, starts, axis=0)
            second = (p[:, None] * x).T @ x
            return -(second - mean.T @ mean)

    model = ChoiceLogit(endog, exog, k_extra=0)
    # no constant: every parameter is a slope (statsmodels' bookkeeping of the counts)
    model.k_constant, model.df_model = 0, float(x.shape[1])
    model.df_resid = float(len(x) - x.shape[1])
    return model
