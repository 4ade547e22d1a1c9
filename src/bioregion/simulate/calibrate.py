"""Calibration of the model on a region's history, and out-of-sample validation.

**Moments.** The same eight statistics are computed from the observed network (a store
or a :class:`~bioregion.network.TemporalNetwork`) and from simulated runs, over a window
of years (:data:`MOMENTS`): new firms per year, firm alliances per year, venture
investments and grants into firms per year, the share of firms acquired, the share of
firm-pharma alliances with partners outside the region, the concentration of pharma
deals across firms (Herfindahl: the preferred-partner pattern) and the Gini of firms'
alliance degrees. Firms are the region's NBFs by the report's rule
(:func:`bioregion.system.region_nbfs`) in the data, and the model's firms in a run.

**Estimation.** Approximate Bayesian computation by rejection (Pritchard et al. 1999;
Beaumont, Zhang & Balding 2002, without the regression step): ``draws`` parameter sets
from independent priors (uniform, on a log scale for rates), one run each from the
region's starting population; the ``accept`` share whose moments lie closest to the
observed ones (distance: sum of squared differences scaled by the prior predictive
standard deviation of each moment, counts per year on a log scale) form the posterior
sample. The point estimate is the posterior median; the uncertainty its 5-95% range;
**identifiability** is the ratio of posterior to prior standard deviation of each
parameter (near 1: the moments do not inform it). Runs go to Dask when a client is given.

**Validation.** Calibrate on the early years (e.g. 1987-2012), run the posterior sample on
to the end, and compare the predicted moments of the later window (e.g. 2013-2025) with
the observed ones: each moment's predictive 5-95% band and whether the observation falls
inside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.simulate.engine import (
    ACQUISITION,
    ALLIANCES,
    EQUITY,
    GRANT,
    NBF,
    PHARMA,
    run_years,
)
from bioregion.simulate.output import Run
from bioregion.simulate.params import Levers, Parameters, Population
from bioregion.simulate.replicates import map_batches
from bioregion.simulate.stats import gini

__all__ = [
    "MOMENTS",
    "PRIORS",
    "Calibration",
    "Prior",
    "calibrate",
    "load_baseline",
    "observed_moments",
    "run_moments",
    "save_baseline",
    "validate",
]

#: The moments, in order, with what each measures.
MOMENTS: dict[str, str] = {
    "founded_per_year": "new firms per year",
    "alliances_per_year": "alliances (licences, options, collaborations) of firms per year",
    "equity_per_year": "venture investments into firms per year (one per investor)",
    "grants_per_year": "grants to firms per year",
    "acquired_share": "firms acquired in the window / firms active in it",
    "global_share": "share of firm-pharma alliances with a pharma company outside the region",
    "pharma_hhi": "Herfindahl index of firm-pharma alliances across firms",
    "degree_gini": "Gini of firms' alliance degrees",
}
#: Observed tie kinds the model's alliances stand for.
ALLIANCE_KINDS = (
    "licence",
    "option",
    "rd_collaboration",
    "co_development",
    "co_commercialisation",
    "joint_venture",
)


@dataclass(frozen=True)
class Prior:
    """A uniform prior of a parameter (or lever), on a log scale when ``log``."""

    name: str
    low: float
    high: float
    log: bool = False

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.log:
            return np.exp(rng.uniform(np.log(self.low), np.log(self.high), n))
        return rng.uniform(self.low, self.high, n)


#: The free parameters calibrated by default, with their priors.
PRIORS: tuple[Prior, ...] = (
    Prior("spinoff_rate", 0.05, 3.0, log=True),
    Prior("partnering_rate", 0.05, 5.0, log=True),
    Prior("threshold", 0.05, 0.6),
    Prior("round_base", -5.0, 1.0),
    Prior("acquisition_rate", 0.005, 0.3, log=True),
    Prior("attachment", 0.0, 2.0),
    Prior("grant_budget", 0.2, 20.0, log=True),
    Prior("burn", 0.3, 3.0, log=True),
    Prior("seed_funding", 0.2, 10.0, log=True),
)
#: Moments compared on a log scale (counts per year: log(1 + x)), the others as they are.
LOGGED = ("founded_per_year", "alliances_per_year", "equity_per_year", "grants_per_year")
LEVER_NAMES = {f.name for f in fields(Levers)}


def _window(years: np.ndarray, start: int, end: int) -> np.ndarray:
    return (years >= start) & (years <= end)


def _structure(
    firm_end: np.ndarray, other_is_pharma: np.ndarray, other_abroad: np.ndarray, degree: np.ndarray
) -> dict[str, float]:
    pharma_firms = firm_end[other_is_pharma]
    _, counts = np.unique(pharma_firms, return_counts=True)
    shares = counts / counts.sum() if counts.sum() else counts.astype(float)
    return {
        "global_share": float(other_abroad[other_is_pharma].mean())
        if other_is_pharma.any()
        else np.nan,
        "pharma_hhi": float((shares**2).sum()) if len(shares) else np.nan,
        "degree_gini": gini(degree),
    }


def run_moments(run: Run, start: int, end: int) -> dict[str, float]:
    """The moments (:data:`MOMENTS`) of a simulated run over years ``start``-``end``."""
    a, t = run.agents, run.ties
    years = end - start + 1
    firm = a["kind"] == NBF
    active = firm & (a["born"] <= end) & ((a["ended"] < 0) | (a["ended"] >= start))
    inside = _window(t["year"], start, end)
    kinds, src, dst = t["kind"][inside], t["source"][inside], t["target"][inside]
    alliance = np.isin(kinds, ALLIANCES)
    s, d = src[alliance], dst[alliance]
    firm_end = np.where(a["kind"][s] == NBF, s, d)
    other = np.where(a["kind"][s] == NBF, d, s)
    degree = np.bincount(firm_end, minlength=len(firm)) + np.bincount(
        other[a["kind"][other] == NBF], minlength=len(firm)
    )
    to_firm = a["kind"][dst] == NBF
    out = {
        "founded_per_year": float(
            (firm & _window(a["born"], max(start, run.start + 1), end)).sum() / years
        ),
        "alliances_per_year": float(alliance.sum() / years),
        "equity_per_year": float(((kinds == EQUITY) & to_firm).sum() / years),
        "grants_per_year": float(((kinds == GRANT) & to_firm).sum() / years),
        "acquired_share": float(((kinds == ACQUISITION) & to_firm).sum() / max(active.sum(), 1)),
    }
    out.update(_structure(firm_end, a["kind"][other] == PHARMA, ~a["local"][other], degree[active]))
    return out


def observed_moments(data: Any, region: str, start: int, end: int) -> dict[str, float]:
    """The moments of a region's observed history over years ``start``-``end``.

    ``data``: a Store or TemporalNetwork. Firms are the region's NBFs
    (:func:`bioregion.system.region_nbfs`); the others are outside the region when they
    are not members of its innovation system.
    """
    from bioregion.network import TemporalNetwork
    from bioregion.regions import members_of, named_region
    from bioregion.system import region_nbfs

    network = data if isinstance(data, TemporalNetwork) else TemporalNetwork.from_store(data)
    actors, ties = network.actors, network.ties
    area = named_region(region)
    firms = set(region_nbfs(network, region, (start, end))["id"])
    inside_region = dict(
        zip(
            actors["id"],
            np.asarray(members_of(actors["systems"], actors["nuts"], area), bool),
            strict=True,
        )
    )
    kind = dict(zip(actors["id"], actors["kind"], strict=True))
    year = ties["start"].dt.year.to_numpy()
    t = ties[_window(np.nan_to_num(year, nan=-1).astype(int), start, end)]
    src, dst = t["source"].to_numpy(object), t["target"].to_numpy(object)
    src_firm = np.array([s in firms for s in src], bool)
    dst_firm = np.array([d in firms for d in dst], bool)
    alliance = t["kind"].isin(ALLIANCE_KINDS).to_numpy() & (src_firm | dst_firm)
    firm_end = np.where(src_firm, src, dst)[alliance]
    other = np.where(src_firm, dst, src)[alliance]
    other_pharma = np.array([kind.get(o) == "pharma" for o in other], bool)
    other_abroad = np.array([not inside_region.get(o, False) for o in other], bool)
    ids = sorted(firms)
    position = {f: i for i, f in enumerate(ids)}
    degree = np.zeros(len(ids))
    for f in firm_end:
        degree[position[f]] += 1
    for o in other:
        if o in position:
            degree[position[o]] += 1
    founded = actors.loc[actors["id"].isin(firms), "founded"].dt.year
    tags = t["tags"].map(lambda x: "asset_deal" in (x or ()))
    bought = (t["kind"] == "acquisition").to_numpy() & dst_firm & ~tags.to_numpy(bool)
    years = end - start + 1
    out = {
        "founded_per_year": float(founded.between(start, end).sum() / years),
        "alliances_per_year": float(alliance.sum() / years),
        "equity_per_year": float(
            ((t["kind"] == "equity_investment").to_numpy() & dst_firm).sum() / years
        ),
        "grants_per_year": float(
            (t["kind"].isin(("grant", "funding")).to_numpy() & dst_firm).sum() / years
        ),
        "acquired_share": float(bought.sum() / max(len(firms), 1)),
    }
    out.update(_structure(firm_end, other_pharma, other_abroad, degree))
    return out


def with_values(
    params: Parameters, levers: Levers, values: Mapping[str, float]
) -> tuple[Parameters, Levers]:
    """Parameters and levers with some values replaced (by name: a lever or parameter)."""
    on_levers = {k: v for k, v in values.items() if k in LEVER_NAMES}
    on_params = {k: v for k, v in values.items() if k not in LEVER_NAMES}
    names = {f.name for f in fields(Parameters)}
    if unknown := set(on_params) - names:
        raise ArgumentError(f"no parameter or lever {', '.join(sorted(unknown))}")
    return replace(params, **on_params), replace(levers, **on_levers)


@dataclass(frozen=True)
class Job:
    """What a worker needs to run a batch of candidate parameter sets."""

    population: Population
    params: Parameters
    levers: Levers
    start: int
    end: int
    windows: tuple[tuple[int, int], ...]


def run_candidates(
    job: Job, rows: Sequence[tuple[int, dict[str, float], Any]]
) -> list[tuple[int, list[dict]]]:
    """Run each ``(index, values, seed)``; the moments of each window."""
    out = []
    for index, values, seed in rows:
        params, levers = with_values(job.params, job.levers, values)
        world = run_years(job.population, params, levers, job.start, job.end, seed=seed)
        run = Run.from_world(world, job.population, job.start, job.end, None, None)
        out.append((index, [run_moments(run, s, e) for s, e in job.windows]))
    return out


@dataclass(frozen=True)
class Calibration:
    """The result of :func:`calibrate`."""

    region: str
    window: tuple[int, int]
    observed: dict[str, float]
    priors: tuple[Prior, ...]
    draws: pd.DataFrame  # every draw: its values, moments and distance
    accepted: pd.DataFrame  # the posterior sample
    population: Population
    params: Parameters
    levers: Levers

    def estimate(self) -> dict[str, float]:
        """The posterior median of each calibrated value."""
        return {p.name: float(self.accepted[p.name].median()) for p in self.priors}

    def baseline(self) -> tuple[Parameters, Levers]:
        """Parameters and levers at the estimate."""
        return with_values(self.params, self.levers, self.estimate())

    def parameters(self) -> pd.DataFrame:
        """Per calibrated value: prior range, posterior median and 5-95% range, and the
        ratio of posterior to prior standard deviation (identifiability)."""
        rows = []
        for p in self.priors:
            post = self.accepted[p.name]
            scale = np.log if p.log else (lambda x: x)
            ratio = float(np.std(scale(post)) / np.std(scale(self.draws[p.name])))
            rows.append(
                {
                    "parameter": p.name,
                    "prior": f"{p.low:g}-{p.high:g}{' (log)' if p.log else ''}",
                    "median": float(post.median()),
                    "low": float(post.quantile(0.05)),
                    "high": float(post.quantile(0.95)),
                    "sd_ratio": round(ratio, 3),
                    "identified": ratio < 0.7,
                }
            )
        return pd.DataFrame(rows)

    def fit(self) -> pd.DataFrame:
        """Per moment: observed, posterior predictive median and 5-95% band (the accepted
        runs), and whether the observation lies in the band."""
        rows = []
        for m in MOMENTS:
            sim = self.accepted[f"m_{m}"].astype(float)
            low, high = sim.quantile(0.05), sim.quantile(0.95)
            obs = self.observed[m]
            rows.append(
                {
                    "moment": m,
                    "observed": obs,
                    "simulated": float(sim.median()),
                    "low": float(low),
                    "high": float(high),
                    "inside": bool(low <= obs <= high) if obs == obs else None,
                }
            )
        return pd.DataFrame(rows)


def calibrate(
    observed: Mapping[str, float],
    population: Population,
    start: int,
    end: int,
    *,
    region: str = "",
    priors: Sequence[Prior] = PRIORS,
    draws: int = 2000,
    accept: float = 0.05,
    seed: int = 0,
    params: Parameters | None = None,
    levers: Levers | None = None,
    until: int | None = None,
    client: Any = None,
    batch: int = 25,
    progress: Callable[[str, int, int], None] | None = None,
) -> Calibration:
    """ABC rejection on the moments of years ``start``-``end`` (see the module docstring).

    Runs go on to ``until`` (default ``end``) so that :func:`validate` can use the same
    draws for the later years; their later moments are kept in ``draws`` (``v_*``).
    """
    if not 0 < accept <= 1:
        raise ArgumentError(f"accept={accept}: give the share of draws kept, in (0, 1]")
    params, levers = params or Parameters(), levers or Levers()
    rng = np.random.default_rng(seed)
    values = pd.DataFrame({p.name: p.draw(rng, draws) for p in priors})
    seeds = np.random.SeedSequence(seed).spawn(draws)
    last = until or end
    windows = ((start, end),) + (((end + 1, last),) if last > end else ())
    job = Job(population, params, levers, start, last, windows)
    rows = [(i, values.iloc[i].to_dict(), seeds[i]) for i in range(draws)]
    found = sorted(
        map_batches(run_candidates, job, rows, client, batch, progress, "calibrate"),
        key=lambda r: r[0],
    )
    fitted = pd.DataFrame([m[0] for _, m in found]).add_prefix("m_")
    table = pd.concat([values, fitted], axis=1)
    if len(windows) > 1:
        table = pd.concat([table, pd.DataFrame([m[1] for _, m in found]).add_prefix("v_")], axis=1)
    table["distance"] = _distance(table, observed)
    keep = max(round(accept * draws), 2)
    accepted = table.nsmallest(keep, "distance").reset_index(drop=True)
    return Calibration(
        region,
        (start, end),
        dict(observed),
        tuple(priors),
        table,
        accepted,
        population,
        params,
        levers,
    )


def _distance(table: pd.DataFrame, observed: Mapping[str, float]) -> np.ndarray:
    """Sum over moments of ((simulated - observed) / prior predictive sd) ** 2, the counts
    per year on a log scale (:data:`LOGGED`: their spread across draws is wide)."""
    total = np.zeros(len(table))
    for m in MOMENTS:
        obs = observed.get(m, np.nan)
        sim = table[f"m_{m}"].to_numpy(float)
        if obs != obs:
            continue
        if m in LOGGED:
            obs, sim = np.log1p(obs), np.log1p(sim)
        scale = np.nanstd(sim) or 1.0
        total += np.nan_to_num((sim - obs) / scale, nan=10.0) ** 2
    return total


def validate(calibration: Calibration, observed_later: Mapping[str, float]) -> pd.DataFrame:
    """The accepted draws' moments of the later window (their runs went on, see
    ``until``) against the observed ones: median, 5-95% band, inside or not."""
    if not any(c.startswith("v_") for c in calibration.accepted.columns):
        raise ArgumentError("the calibration's runs stop at its window: calibrate with until=")
    rows = []
    for m in MOMENTS:
        sim = calibration.accepted[f"v_{m}"].astype(float)
        obs = observed_later[m]
        low, high = sim.quantile(0.05), sim.quantile(0.95)
        rows.append(
            {
                "moment": m,
                "observed": obs,
                "predicted": float(sim.median()),
                "low": float(low),
                "high": float(high),
                "inside": bool(low <= obs <= high) if obs == obs else None,
            }
        )
    return pd.DataFrame(rows)


def save_baseline(
    calibration: Calibration, path: Any, validation: pd.DataFrame | None = None
) -> None:
    """Write a calibration's baseline (the estimated parameters and levers), its
    parameter table, fit and validation as JSON, for ``bioregion simulate --baseline``."""
    import json
    from dataclasses import asdict
    from pathlib import Path

    params, levers = calibration.baseline()
    body = {
        "region": calibration.region,
        "window": list(calibration.window),
        "parameters": asdict(params),
        "levers": asdict(levers),
        "estimate": calibration.estimate(),
        "table": calibration.parameters().to_dict("records"),
        "fit": calibration.fit().to_dict("records"),
        "validation": validation.to_dict("records") if validation is not None else None,
        "draws": len(calibration.draws),
        "accepted": len(calibration.accepted),
    }
    Path(path).write_text(json.dumps(body, indent=2, default=float) + "\n", encoding="utf-8")


def load_baseline(path: Any) -> tuple[Parameters, Levers]:
    """The parameters and levers a :func:`save_baseline` file holds."""
    import json
    from pathlib import Path

    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
        return Parameters(**body["parameters"]), Levers(**body["levers"])
    except OSError as exc:
        raise ArgumentError(f"{path}: cannot read the baseline ({exc.strerror})") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ArgumentError(
            f"{path}: not a baseline written by bioregion calibrate ({type(exc).__name__}: {exc})"
        ) from exc
