"""How a regional system's network changes shape: who is at its core, decade by decade
(Borgatti & Everett's core-periphery model), and when alliances of a kind came in bursts
(Kleinberg's burst automaton).

Borgatti, S. P. & Everett, M. G. (2000) "Models of core/periphery structures", *Social
Networks* 21(4): 375-395; Kleinberg, J. (2002) "Bursty and hierarchical structure in
streams", *Proceedings of KDD 2002*: 91-101.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bioregion.dynamics import BURST_COLUMNS, decades, tie_bursts
from bioregion.errors import NoDataError
from bioregion.system._scope import Period, as_network, check_period, proper_ties

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = ["CORE_COLUMNS", "alliance_bursts", "regional_core"]

CORE_COLUMNS = (
    "year",
    "actors",
    "ties",
    "correlation",
    "core_size",
    "core_correlation",
    "core",
)
#: Most core members listed per year (by their continuous core score that year).
LISTED = 10


def regional_core(
    data: Store | TemporalNetwork, region: str, period: Period, *, seed: int = 0
) -> pd.DataFrame:
    """The core of the region's own network at the end of each decade of ``period``.
    Unit: tie (ties between two actors of the region; one row per decade's last year).

    Scope: the ties between two actors of ``region`` (any kind: firms, universities,
    institutes, agencies, funds), each counting for five years from its start as in the
    network pictures (:meth:`~bioregion.network.TemporalNetwork.snapshots`), in the
    snapshot of the last year of each decade (:func:`bioregion.dynamics.decades`). Per
    year: the actors with a tie, the ties, the fit of the continuous model (the
    correlation of the ties with the pattern c_i c_j), the size and fit of the discrete
    core (core-core tied, periphery-periphery not), and the core members (ids, at most
    :data:`LISTED`, by continuous core score). A year too small to fit is left out.
    """
    from bioregion.dynamics import core_periphery_trajectories  # scipy.optimize

    net = as_network(data)
    first, last = check_period(period)
    years = sorted({end for _, _, end in decades(first, last)})
    rows = []
    for year in years:
        try:
            found = core_periphery_trajectories(
                net, year, year, partition=True, seed=seed, graph_options={"regions": [region]}
            )
        except NoDataError:
            continue
        fit = found.fit.iloc[0]
        if found.core is None or not found.core.shape[1] or pd.isna(fit["core_size"]):
            continue  # too small or without variance to fit
        members = found.core.iloc[:, 0].fillna(False).astype(bool)
        coreness = found.scores.iloc[:, 0]
        core = coreness[members[members].index].sort_values(ascending=False).index[:LISTED]
        rows.append(
            (
                year,
                int(fit["actors"]),
                int(fit["edges"]),
                float(fit["correlation"]),
                int(fit["core_size"]),
                float(fit["core_correlation"]),
                tuple(str(a) for a in core),
            )
        )
    return pd.DataFrame(rows, columns=list(CORE_COLUMNS))


def alliance_bursts(
    data: Store | TemporalNetwork, region: str, period: Period, *, s: float = 2.0
) -> pd.DataFrame:
    """The bursts of the region's alliances by kind. Unit: alliance (alliances with an
    end in the region, counted by kind and year; one row per burst).

    Year by year in ``period``: the
    years when one kind's share of the alliances with an end in ``region`` (licences,
    R&D collaborations, options, co-development, ...) rose above its share over the
    whole period (Kleinberg's two-state automaton, rate ratio ``s``, cost of a burst
    ln n). Columns: ``group`` (the tie kind), ``level``, ``start``, ``end`` (years),
    ``weight`` (the log-likelihood the burst saves), ``count`` and ``total`` (alliances
    of the kind and of all kinds in the burst), ``share`` and ``base_share``.
    """
    net = as_network(data)
    first, last = check_period(period)
    ties = proper_ties(net)
    ties = ties.assign(start=ties["start"].dt.strftime("%Y-%m-%d"))
    columns = ["group", *BURST_COLUMNS, "share", "base_share"]
    try:
        found = tie_bursts(
            ties, net.actors, by="kind", regions=[region], first=first, last=last, s=s
        )
    except NoDataError:
        return pd.DataFrame(columns=columns)
    return found[columns].sort_values(["start", "group"]).reset_index(drop=True)
