"""Beneficiaries and targets: alliance-before-acquisition pathways and exits by type.

Was the acquirer of a regional new biotechnology firm (NBF) its partner first, how long
before, with how many ties? And how did the region's NBFs exit: acquired, merged, closed or
bankrupt, or still independent? Which bids for them failed?

Units: an acquisition is an *outcome* (one completed ``acquisition`` tie); an exit is a
*firm* (an NBF, by its recorded ``end_reason``); a prior alliance is a tie of
:data:`~bioregion.model.vocab.ALLIANCE_KINDS` (the one definition of an alliance). A
failed or lapsed bid (an ``acquisition`` or ``merger`` tie with status ``terminated``) is
no acquisition, no exit and no prior tie: :func:`failed_bids` lists them separately.

Alliances are a route to acquisition: a partner learns the target's technology before
buying it (Higgins & Rodriguez 2006) and prior ties reduce the information asymmetry of
the deal (Porrini 2004).

References: Higgins, M. J. & Rodriguez, D. (2006) "The outsourcing of R&D through
acquisitions in the pharmaceutical industry", *Journal of Financial Economics* 80(2):
351-383; Porrini, P. (2004) "Can a previous alliance between an acquirer and a target affect
acquisition performance?", *Journal of Management* 30(4): 545-562.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bioregion.model.vocab import (
    ALLIANCE_KINDS,
    OWNERSHIP_CHANGE_KINDS,
    EndReason,
    TieKind,
)
from bioregion.network import TemporalNetwork
from bioregion.system._families import family_of
from bioregion.system._memo import remembered
from bioregion.system._scope import (
    Period,
    as_network,
    check_membership,
    failed_bid_ties,
    in_period,
    proper_ties,
)
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, nbf_mask

if TYPE_CHECKING:
    from bioregion.store.store import Store

__all__ = ["EXIT_TYPES", "acquisition_pathways", "exit_summary", "failed_bids"]

#: Exit types of :func:`exit_summary`, in order: the end reasons, ``unknown`` (ended with
#: no recorded end reason), then still independent.
EXIT_TYPES = (*(reason.value for reason in EndReason), "unknown", "independent")


def _groups(net: TemporalNetwork) -> dict[str, set[str]]:
    """Each actor's corporate group: the actors of its family
    (:func:`bioregion.system._families.family_of`: an ultimate parent with its
    subsidiaries through ``subsidiary`` ties); remembered inside
    :func:`bioregion.system._memo.reuse`."""

    def build() -> dict[str, set[str]]:
        family = family_of(net)
        members: dict[str, set[str]] = {}
        for actor, group in family.items():
            members.setdefault(group, set()).add(actor)
        return {actor: members[group] for actor, group in family.items()}

    return remembered("acquirer_groups", net, (), build)


@dataclass(frozen=True)
class _Candidates:
    """The ties that can precede an acquisition (those that count, other than
    acquisitions and mergers) as arrays, and for each actor the positions of those
    touching it."""

    source: np.ndarray
    target: np.ndarray
    start: np.ndarray  # datetime64; NaT compares false
    kind: np.ndarray
    touching: dict[str, np.ndarray]


def _prior_candidates(net: TemporalNetwork) -> _Candidates:
    """:class:`_Candidates` of a network; remembered inside
    :func:`bioregion.system._memo.reuse`."""

    def build() -> _Candidates:
        ties = proper_ties(net)
        others = ties[~ties["kind"].isin(OWNERSHIP_CHANGE_KINDS)]
        source, target = others["source"].to_numpy(object), others["target"].to_numpy(object)
        rows = np.r_[np.arange(len(others)), np.arange(len(others))]
        found = pd.Series(rows).groupby(np.r_[source, target], sort=False).indices
        return _Candidates(
            source,
            target,
            others["start"].to_numpy(),
            others["kind"].astype(str).to_numpy(object),
            {actor: np.sort(rows[i]) for actor, i in found.items()},
        )

    return remembered("prior_candidates", net, (), build)


def _completed_acquisitions(ties: pd.DataFrame) -> pd.Series:
    """Acquisitions of a firm among ties that count (failed bids already out,
    :func:`~bioregion.system._scope.proper_ties`): not an asset deal (tag ``asset_deal``:
    the dataset codes the purchase of a business unit as buyer -> seller)."""
    tags = ties["tags"] if "tags" in ties else pd.Series([()] * len(ties), index=ties.index)
    asset = tags.map(lambda t: "asset_deal" in (t or ()))
    return (ties["kind"] == TieKind.ACQUISITION) & ~asset


_COLUMNS = [
    "tie",
    "target",
    "target_name",
    "acquirer",
    "acquirer_name",
    "acquirer_kind",
    "year",
    "prior_ties",
    "prior_alliances",
    "prior_kinds",
    "first_tie_year",
    "lag_years",
    "partner_first",
]
_TYPES = {
    "year": int,
    "prior_ties": int,
    "prior_alliances": int,
    "first_tie_year": "Int64",
    "lag_years": "Int64",
    "partner_first": bool,
}


_ALLIANCES = frozenset(str(kind) for kind in ALLIANCE_KINDS)


def _pathway(tie: Any, group: set[str], found: _Candidates, actors: pd.DataFrame) -> dict:
    """The row of :func:`acquisition_pathways` for one acquisition tie."""
    target, start = tie.target, tie.start.to_datetime64()
    prior = [
        i
        for i in found.touching.get(target, ())
        if (
            (found.source[i] in group and found.target[i] == target)
            or (found.target[i] in group and found.source[i] == target)
        )
        and found.start[i] < start
    ]
    kinds = [found.kind[i] for i in prior]
    alliances = sum(kind in _ALLIANCES for kind in kinds)
    first = int(pd.Timestamp(min(found.start[i] for i in prior)).year) if prior else None
    year = int(tie.start.year)
    acquirer = actors.loc[tie.source] if tie.source in actors.index else None
    return {
        "tie": tie.id,
        "target": tie.target,
        "target_name": actors.at[tie.target, "name"],
        "acquirer": tie.source,
        "acquirer_name": acquirer["name"] if acquirer is not None else tie.source,
        "acquirer_kind": acquirer["kind"] if acquirer is not None else "",
        "year": year,
        "prior_ties": len(prior),
        "prior_alliances": alliances,
        "prior_kinds": ";".join(sorted(set(kinds))),
        "first_tie_year": first,
        "lag_years": None if first is None else year - first,
        "partner_first": alliances > 0,
    }


def acquisition_pathways(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
) -> pd.DataFrame:
    """One row per acquisition of a regional NBF, with the ties that preceded it.

    Unit: one row per acquisition (an *outcome*: a completed ``acquisition`` tie); prior
    ties and alliances are counted in ties. Scope: the ``acquisition`` ties (acquirer ->
    target) started in ``period`` whose target is an NBF of ``region`` in that period
    (:func:`~bioregion.system.firms.region_nbfs` with ``nbf_rule`` and ``membership``;
    region None: any). Rules: a failed or lapsed bid (status ``terminated``) is not an
    acquisition (see :func:`failed_bids`), nor is an asset deal (tag ``asset_deal``). The
    acquirer's group is its corporate family (:func:`bioregion.system._families.family_of`:
    the ultimate parent and its subsidiaries through ``subsidiary`` ties; an acquisition
    makes no family). ``prior_ties`` counts the ties of any kind
    other than acquisition and merger between a group member and the target that started
    strictly before the acquisition; ``prior_alliances`` those that are alliances
    (:data:`~bioregion.model.vocab.ALLIANCE_KINDS`: licence, option, R&D collaboration,
    co-development, co-commercialisation, joint venture — the same definition as every
    other indicator; a service or supply contract, an equity stake or a grant alone does
    not make a partner). ``partner_first`` is true when there was a prior alliance.
    ``lag_years`` = acquisition year - ``first_tie_year`` (the start year of the
    earliest prior tie of any kind). See Higgins & Rodriguez (2006) and Porrini (2004).

    Returns
    -------
    pandas.DataFrame
        ``tie, target, target_name, acquirer, acquirer_name, acquirer_kind, year,
        prior_ties, prior_alliances, prior_kinds`` (``;``-joined), ``first_tie_year``,
        ``lag_years`` (nullable Int64), ``partner_first`` (bool), sorted by year and target.

    Examples
    --------
    >>> ties = pd.DataFrame({
    ...     "kind": ["licence", "equity_investment", "acquisition", "subsidiary",
    ...              "rd_collaboration", "acquisition"],
    ...     "source": ["f1", "bigco", "bigco", "bigco", "f2", "vc"],
    ...     "target": ["pharmasub", "f1", "f1", "pharmasub", "other", "f2"],
    ...     "start": ["2010", "2012", "2015-03", "1990", "2011", "2016"]})
    >>> actors = pd.DataFrame({"id": ["f1", "f2"], "kind": ["biotech_firm"] * 2,
    ...     "nuts": ["BE234", "BE242"], "tags": ["nbf", "nbf"]})
    >>> net = TemporalNetwork(ties, actors)
    >>> paths = acquisition_pathways(net, "BE2", (2000, 2020))
    >>> paths[["target", "acquirer", "year", "prior_ties", "prior_alliances"]]
      target acquirer  year  prior_ties  prior_alliances
    0     f1    bigco  2015           2                1
    1     f2       vc  2016           0                0
    >>> paths[["first_tie_year", "lag_years", "partner_first"]]
       first_tie_year  lag_years  partner_first
    0            2010          5           True
    1            <NA>       <NA>          False
    """
    check_membership(membership)
    net = as_network(data)
    ties = proper_ties(net)
    actors = net.actors.set_index("id", drop=False)
    wanted = nbf_mask(actors, region, period, nbf_rule, membership=membership)
    acq = ties[_completed_acquisitions(ties) & ties["target"].map(wanted).fillna(False)]
    acq = acq[in_period(acq, period)]
    groups, found = _groups(net), _prior_candidates(net)
    rows = [
        _pathway(tie, groups.get(tie.source, {tie.source}), found, actors)
        for tie in acq.itertuples(index=False)
    ]
    out = pd.DataFrame(rows, columns=_COLUMNS).astype(_TYPES)
    return out.sort_values(["year", "target"], kind="stable").reset_index(drop=True)


_BID_COLUMNS = ["tie", "kind", "target", "target_name", "bidder", "bidder_name", "year"]


def failed_bids(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
) -> pd.DataFrame:
    """The failed or lapsed bids for the region's NBFs, listed apart from acquisitions.

    Unit: one row per failed bid (a tie). Scope: the ``acquisition`` and ``merger`` ties
    with status ``terminated`` announced in ``period`` (start year) with an NBF of
    ``region`` in that period (:func:`~bioregion.system.firms.region_nbfs` with
    ``nbf_rule`` and ``membership``) as the target (for a merger, which has no direction:
    at either end; ``target`` is then that NBF, the target end when both are). Rule
    (design note 4): a failed bid is not counted as a tie, deal, alliance, acquisition or
    exit anywhere (:func:`~bioregion.system._scope.proper_ties` leaves it out); this list
    is where it is reported.

    Returns
    -------
    pandas.DataFrame
        ``tie, kind, target, target_name, bidder, bidder_name, year``, sorted by year and
        tie.

    Examples
    --------
    >>> ties = pd.DataFrame({"kind": ["acquisition", "acquisition"],
    ...     "source": ["big", "big"], "target": ["f1", "f1"], "start": ["2010", "2012"],
    ...     "status": ["terminated", "completed"]})
    >>> actors = pd.DataFrame({"id": ["f1", "big"], "kind": ["biotech_firm", "pharma"],
    ...     "nuts": ["BE234", ""], "tags": ["nbf", ""]})
    >>> net = TemporalNetwork(ties, actors)
    >>> failed_bids(net, "BE2", (2000, 2020))[["target", "bidder", "year"]]
      target bidder  year
    0     f1    big  2010
    >>> acquisition_pathways(net, "BE2", (2000, 2020))["year"].tolist()
    [2012]
    """
    check_membership(membership)
    net = as_network(data)
    actors = net.actors.set_index("id", drop=False)
    wanted = nbf_mask(actors, region, period, nbf_rule, membership=membership)
    bids = failed_bid_ties(net)
    bids = bids[in_period(bids, period).to_numpy(bool)]
    at_target = bids["target"].map(wanted).fillna(False).astype(bool)
    at_source = bids["source"].map(wanted).fillna(False).astype(bool)
    at_source &= bids["kind"] == TieKind.MERGER
    bids = bids[(at_target | at_source).to_numpy(bool)]
    swap = ~bids["target"].map(wanted).fillna(False).astype(bool)
    target = bids["target"].where(~swap, bids["source"])
    bidder = bids["source"].where(~swap, bids["target"])
    names = actors["name"] if "name" in actors else actors["id"]
    out = pd.DataFrame(
        {
            "tie": bids["id"].to_numpy(object),
            "kind": bids["kind"].astype(str).to_numpy(object),
            "target": target.to_numpy(object),
            "target_name": target.map(names).fillna("").to_numpy(object),
            "bidder": bidder.to_numpy(object),
            "bidder_name": bidder.map(names).fillna("").to_numpy(object),
            "year": bids["start"].dt.year.to_numpy(int),
        },
        columns=_BID_COLUMNS,
    )
    return out.sort_values(["year", "tie"], kind="stable").reset_index(drop=True)


def end_reasons(data: object, net: TemporalNetwork) -> pd.Series:
    """The recorded ``end_reason`` of each actor (index: actor id; ``""`` when none).

    Read from the network's actors frame when it carries ``end_reason``, else from the
    store when ``data`` is one; never inferred from ties (a firm that ended in a joint
    venture is ``merged`` because the data says so, not ``closed`` for want of a merger
    tie).
    """
    ids = net.actors["id"].astype(str)
    if "end_reason" in net.actors.columns:
        given = net.actors["end_reason"]
    elif callable(getattr(data, "frame", None)):
        frame = data.frame("actors", ["id", "end_reason"])  # type: ignore[attr-defined]
        given = ids.map(dict(zip(frame["id"], frame["end_reason"], strict=True)))
    else:
        given = pd.Series("", index=net.actors.index)
    return pd.Series(given.fillna("").astype(str).to_numpy(), index=ids.to_numpy())


def exit_summary(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
) -> pd.DataFrame:
    """How the region's NBFs exited in a period, and how many acquisitions followed an alliance.

    Unit: firms. Scope: the NBFs of ``region`` in ``period``
    (:func:`~bioregion.system.firms.region_nbfs` with ``nbf_rule`` and ``membership``:
    founded by the end of the period, or of unknown founding, and not ended before it
    starts — the same firms as every other indicator's denominator). Rule: a firm whose
    ``ended`` date falls in the period exits by its recorded ``end_reason`` only
    (``acquired``, ``merged``, ``closed``, ``bankrupt``, ``other``; an ended firm with no
    recorded reason is ``unknown``; a TemporalNetwork whose actors frame has no
    ``end_reason`` column takes it from the store when ``data`` is one); the others are
    ``independent`` at the end of the period. An acquisition tie of a firm that goes on
    (an asset or majority deal) is not an exit, and a failed bid is neither an exit nor
    an acquisition (:func:`failed_bids` lists them; ``failed_bids`` here counts the
    firms of each exit type that received one in the period). ``after_alliance`` counts
    the acquired firms whose acquisition (the latest in the period,
    :func:`acquisition_pathways`) had ``partner_first`` true.

    Returns
    -------
    pandas.DataFrame
        Index ``exit`` (:data:`EXIT_TYPES`); columns ``firms``, ``share`` (of all firms),
        ``after_alliance`` (acquired only; 0 elsewhere), ``failed_bids`` (firms with a
        failed bid in the period) and ``examples`` (up to five firm ids).

    Examples
    --------
    >>> ties = pd.DataFrame({"kind": ["licence", "acquisition", "acquisition"],
    ...     "source": ["f1", "big", "big2"], "target": ["big", "f1", "f2"],
    ...     "start": ["2010", "2015", "2016"], "status": ["", "", "terminated"]})
    >>> actors = pd.DataFrame({"id": ["f1", "f2", "f3", "f4"],
    ...     "kind": ["biotech_firm"] * 4, "nuts": ["BE234"] * 4, "tags": ["nbf"] * 4,
    ...     "ended": ["2015", "", "2012", ""], "end_reason": ["acquired", "", "", ""]})
    >>> exits = exit_summary(TemporalNetwork(ties, actors), "BE2", (2000, 2020))

    f1 exits as recorded; f3 ended with no recorded reason, so it is ``unknown`` (never
    guessed from ties); f2's failed bid is no exit:

    >>> {k: v for k, v in exits["firms"].items() if v}
    {'acquired': 1, 'unknown': 1, 'independent': 2}
    >>> int(exits.loc["acquired", "after_alliance"]), exits.loc["independent", "examples"]
    (1, 'f2;f4')
    >>> int(exits.loc["independent", "failed_bids"])
    1
    """
    check_membership(membership)
    return exits_of(data, as_network(data), region, period, nbf_rule, membership=membership)


def _exit_types(
    data: object, net: TemporalNetwork, firms: pd.DataFrame, period: Period
) -> pd.Series:
    """The exit type of each firm (index: firm id) by its recorded end reason."""
    hi = pd.Timestamp(int(period[1]), 12, 31)
    reasons = end_reasons(data, net).reindex(firms.index).fillna("")
    known = reasons.isin([reason.value for reason in EndReason])
    reasons = reasons.where(known, np.where(reasons == "", "unknown", EndReason.OTHER.value))
    ended_in = firms["ended"].notna() & (firms["ended"] <= hi)
    return pd.Series(np.where(ended_in, reasons, "independent"), index=firms.index, dtype=object)


def exits_of(
    data: object,
    net: TemporalNetwork,
    region: str | None,
    period: Period,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    *,
    membership: str = "system",
) -> pd.DataFrame:
    """:func:`exit_summary` of a network already built from ``data`` (the store, when it
    is one, gives the end reasons the network's frame lacks)."""
    actors = net.actors.set_index("id", drop=False)
    firms = actors[nbf_mask(actors, region, period, nbf_rule, membership=membership)]
    exits = _exit_types(data, net, firms, period)
    options = dict(nbf_rule=nbf_rule, membership=membership)
    paths = acquisition_pathways(net, region, period, **options)
    latest = paths.drop_duplicates("target", keep="last").set_index("target")["partner_first"]
    acquired = exits[exits == EndReason.ACQUIRED].index
    after = latest.reindex(acquired).fillna(False).astype(bool)
    bid_for = set(failed_bids(net, region, period, **options)["target"])
    total = max(len(exits), 1)
    rows = []
    for kind in EXIT_TYPES:
        ids = sorted(exits[exits == kind].index)
        rows.append(
            {
                "exit": kind,
                "firms": len(ids),
                "share": len(ids) / total,
                "after_alliance": int(after.sum()) if kind == EndReason.ACQUIRED else 0,
                "failed_bids": len(bid_for.intersection(ids)),
                "examples": ";".join(ids[:5]),
            }
        )
    return pd.DataFrame(rows).set_index("exit")
