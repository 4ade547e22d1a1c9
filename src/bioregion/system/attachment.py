"""How a region's firms choose their alliance partners: the logics of attachment by
period (a relational event model, :mod:`bioregion.dynamics.logics`) and the attachment
kernel of their alliances (:func:`bioregion.dynamics.attachment_kernel`).

Powell, W. W., White, D. R., Koput, K. W. & Owen-Smith, J. (2005) "Network dynamics and
field evolution: the growth of interorganizational collaboration in the life sciences",
*American Journal of Sociology* 110(4): 1132-1205; Butts, C. T. (2008) "A relational event
framework for social action", *Sociological Methodology* 38(1): 155-200.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.dynamics import LogicsFit, attachment_logics, decades
from bioregion.errors import ArgumentError
from bioregion.model.vocab import ALLIANCE_KINDS
from bioregion.system._scope import Period, as_network, check_period, proper_ties, region_label
from bioregion.system.firms import NBFRule, region_nbfs

if TYPE_CHECKING:
    from bioregion.dynamics import AttachmentKernel
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = ["RegionDynamics", "partner_choice", "partner_choice_table"]


@dataclass(frozen=True)
class RegionDynamics:
    """The partner choices of a region's NBFs: the logics of attachment per period
    (:class:`~bioregion.dynamics.LogicsFit`), the attachment kernel of their alliances
    over the whole period (None with too few), and the counts behind them."""

    logics: LogicsFit
    kernel: AttachmentKernel | None
    firms: int
    alliances: int


def partner_choice(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    nbf_rule: NBFRule | None = None,
    *,
    controls: int | None = 10,
    min_events: int = 30,
    seed: int = 0,
) -> RegionDynamics:
    """Which logic of attachment drives the alliances of ``region``'s NBFs, decade by
    decade of ``period`` (:func:`bioregion.dynamics.decades`). Unit: alliance (each
    alliance an NBF of the region started is one partner choice).

    Events: the alliances (licences, R&D collaborations, co-development and the other
    :data:`~bioregion.model.vocab.ALLIANCE_KINDS`) started in the period with an end
    among the region's NBFs (:func:`~bioregion.system.region_nbfs`, any time in the
    period); the NBF is the one choosing, among the actors of the kinds that take part
    in alliances anywhere in the record (firms, pharma, universities, institutes, ...;
    not funds or agencies that never ally). Every tie that counts (:func:`proper_ties`),
    of any kind and place, builds the network the statistics read, from the first
    dated tie on; ``same_region`` compares the actors' named regions (else countries).
    Each event is compared with ``controls`` eligible partners at risk sampled at
    random (None: all of them, exact but slow: minutes for a region of a few hundred
    actors), a period needs ``min_events`` events and is fitted on at most 1,000 of
    them. The kernel is Newman's, from the same alliances, with
    the exponent's 95% interval (None when fewer than 20 alliances are dated).

    With no alliance of the region's NBFs in the period, no period is modelled (each
    says why in ``logics.skipped``).
    """
    net = as_network(data)
    first, last = check_period(period)
    if min_events < 2:
        raise ArgumentError(f"min_events={min_events}: give 2 or more")
    firms = set(region_nbfs(net, region, (first, last), nbf_rule)["id"].astype(str))
    ties = proper_ties(net).reset_index(drop=True)
    ties = ties[ties["start"].dt.year <= last].reset_index(drop=True)
    alliance = ties["kind"].astype(str).isin({str(k) for k in ALLIANCE_KINDS})
    mine = ties["source"].isin(firms) | ties["target"].isin(firms)
    in_period = ties["start"].dt.year >= first
    events = (alliance & mine & in_period).to_numpy(bool)
    periods = decades(first, last)
    if not firms or not events.any():
        why = f"no alliance of an NBF of {region} started in {first}-{last}"
        return RegionDynamics(LogicsFit.empty(periods, why), None, len(firms), 0)
    actors = net.actors.assign(region=region_label(net.actors))
    # who can be chosen: actors of the kinds that take part in alliances in the record
    ends = pd.concat([ties.loc[alliance, "source"], ties.loc[alliance, "target"]])
    kinds = set(actors.loc[actors["id"].isin(set(ends)), "kind"].astype(str))
    partners = set(actors.loc[actors["kind"].astype(str).isin(kinds), "id"].astype(str))
    logics = attachment_logics(
        ties,
        actors,
        firms,
        periods,
        events=events,
        partners=partners,
        controls=controls,
        min_events=min_events,
        seed=seed,
    )
    from bioregion.dynamics import attachment_kernel, formation_events  # scipy.stats

    kernel = None
    if events.sum() >= 20:
        try:
            kernel = attachment_kernel(formation_events(ties[events]))
        except ArgumentError:
            kernel = None  # too few periods with attachments to estimate
    return RegionDynamics(logics, kernel, len(firms), int(events.sum()))


def partner_choice_table(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    nbf_rule: NBFRule | None = None,
) -> pd.DataFrame:
    """:func:`partner_choice` as one table. Unit: alliance (each alliance an NBF of the
    region started is one partner choice; one row per period and logic).

    Per period and logic of attachment, the
    coefficient (log odds) with its 95% interval, the effect per standard deviation of
    its statistic (log odds, ``effect_low``/``effect_high``), the odds ratio per standard
    deviation (``odds_ratio``), the share of draws in which the logic comes first
    (``dominant_share``), whether it is the period's dominant logic, and the number of
    events. Periods with too few events have no rows."""
    dynamics = partner_choice(data, region, period, nbf_rule)
    table = dynamics.logics.table.copy()
    table["odds_ratio"] = np.exp(table["effect"].astype(float))
    leaders = set(
        zip(dynamics.logics.dominance["period"], dynamics.logics.dominance["logic"], strict=True)
    )
    table["dominant"] = [
        (p, lg) in leaders for p, lg in zip(table["period"], table["logic"], strict=True)
    ]
    columns = ["period", "logic", "statistic", "coef", "low", "high", "effect", "effect_low"]
    columns += ["effect_high", "odds_ratio", "dominant_share", "dominant", "events", "p"]
    return table[columns].reset_index(drop=True)
