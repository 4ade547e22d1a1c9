"""Beneficiaries and targets: alliance-before-acquisition pathways and exits by type.

Was the acquirer of a regional new biotechnology firm (NBF) its partner first, how long
before, with how many ties? And how did the region's NBFs exit: acquired, merged, closed or
bankrupt, or still independent? Alliances are a route to acquisition: a partner learns the
target's technology before buying it (Higgins & Rodriguez 2006) and prior ties reduce the
information asymmetry of the deal (Porrini 2004).

References: Higgins, M. J. & Rodriguez, D. (2006) "The outsourcing of R&D through
acquisitions in the pharmaceutical industry", *Journal of Financial Economics* 80(2):
351-383; Porrini, P. (2004) "Can a previous alliance between an acquirer and a target affect
acquisition performance?", *Journal of Management* 30(4): 545-562.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bioregion.model.vocab import (
    BUSINESS_TIE_KINDS,
    OWNERSHIP_CHANGE_KINDS,
    EndReason,
    TieKind,
    TieStatus,
)
from bioregion.network import TemporalNetwork
from bioregion.system._scope import (
    Period,
    as_network,
    exists_in_period,
    in_period,
    proper_ties,
)
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, nbf_mask

if TYPE_CHECKING:
    from bioregion.store.store import Store

__all__ = ["EXIT_TYPES", "acquisition_pathways", "exit_summary"]

#: Exit types of :func:`exit_summary`, in order: the end reasons, then still independent.
EXIT_TYPES = (*(reason.value for reason in EndReason), "independent")


def _groups(ties: pd.DataFrame) -> dict[str, set[str]]:
    """Each actor's corporate group: the actors joined to it by ``subsidiary`` ties."""
    sub = ties[ties["kind"] == TieKind.SUBSIDIARY]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in zip(sub["source"], sub["target"], strict=True):
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    members: dict[str, set[str]] = {}
    for x in parent:
        members.setdefault(find(x), set()).add(x)
    return {x: members[find(x)] for x in parent}


def _completed_acquisitions(ties: pd.DataFrame) -> pd.Series:
    """Acquisitions of a firm: not a lapsed bid (status ``terminated``), not an asset deal
    (tag ``asset_deal``: the dataset codes the purchase of a business unit as buyer -> seller)."""
    tags = ties["tags"] if "tags" in ties else pd.Series([()] * len(ties), index=ties.index)
    status = ties["status"] if "status" in ties else pd.Series([""] * len(ties), index=ties.index)
    asset = tags.map(lambda t: "asset_deal" in (t or ()))
    return (ties["kind"] == TieKind.ACQUISITION) & (status != TieStatus.TERMINATED) & ~asset


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


def _pathway(tie: Any, group: set[str], others: pd.DataFrame, actors: pd.DataFrame) -> dict:
    """The row of :func:`acquisition_pathways` for one acquisition tie."""
    between = others[
        (others["source"].isin(group) & (others["target"] == tie.target))
        | (others["target"].isin(group) & (others["source"] == tie.target))
    ]
    prior = between[between["start"] < tie.start]
    alliances = prior[prior["kind"].isin(BUSINESS_TIE_KINDS)]
    first = int(prior["start"].min().year) if len(prior) else None
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
        "prior_alliances": len(alliances),
        "prior_kinds": ";".join(sorted(set(prior["kind"]))),
        "first_tie_year": first,
        "lag_years": None if first is None else year - first,
        "partner_first": len(alliances) > 0,
    }


def acquisition_pathways(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
) -> pd.DataFrame:
    """One row per acquisition of a regional NBF, with the ties that preceded it.

    Definition: for each ``acquisition`` tie (acquirer -> target) started in ``period``
    whose target is an NBF of ``region`` (by ``nbf_rule``,
    :class:`~bioregion.system.firms.NBFRule`; region None: any), the acquirer's group is the
    acquirer plus the actors joined to it by ``subsidiary`` ties (parent and
    subsidiaries, transitively). ``prior_ties`` counts the ties of any kind other than
    acquisition and merger between a group member and the target that started strictly
    before the acquisition; ``prior_alliances`` those of a business-tie kind
    (:data:`~bioregion.model.vocab.BUSINESS_TIE_KINDS`: R&D collaboration, co-development,
    co-commercialisation, joint venture, licence, option, service, supply).
    ``partner_first`` is true when there was such a prior tie (an equity stake or a grant
    alone does not make a partner). ``lag_years`` = acquisition year - ``first_tie_year``
    (the start year of the earliest prior tie of any kind). See Higgins & Rodriguez (2006)
    and Porrini (2004).

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
    net = as_network(data)
    ties = proper_ties(net)
    actors = net.actors.set_index("id", drop=False)
    wanted = nbf_mask(actors, region, nbf_rule)
    acq = ties[_completed_acquisitions(ties) & ties["target"].map(wanted).fillna(False)]
    acq = acq[in_period(acq, period)]
    groups = _groups(ties)
    others = ties[~ties["kind"].isin(OWNERSHIP_CHANGE_KINDS)]
    rows = [
        _pathway(tie, groups.get(tie.source, {tie.source}), others, actors)
        for tie in acq.itertuples(index=False)
    ]
    out = pd.DataFrame(rows, columns=_COLUMNS).astype(_TYPES)
    return out.sort_values(["year", "target"], kind="stable").reset_index(drop=True)


def _inferred_reason(actor: str, acquired: set[str], merged: set[str]) -> str:
    if actor in acquired:
        return EndReason.ACQUIRED.value
    return EndReason.MERGED.value if actor in merged else EndReason.CLOSED.value


def _end_reasons(data: object, net: TemporalNetwork) -> pd.Series:
    """The end_reason of each actor (by id): from the store, else inferred from ties.

    A TemporalNetwork does not keep ``end_reason``: an actor that ended is then
    ``acquired`` when it is the target of an acquisition tie, ``merged`` when it is in a
    merger tie, ``closed`` otherwise.
    """
    ids = net.actors["id"].astype(str)
    if hasattr(data, "actors") and callable(data.actors):
        given = {a.id: str(a.end_reason or "") for a in data.actors()}
        return pd.Series([given.get(i, "") for i in ids], index=ids.to_numpy())
    ties = net.ties
    acquired = set(ties.loc[_completed_acquisitions(ties), "target"])
    mergers = ties[ties["kind"] == TieKind.MERGER]
    merged = set(mergers["source"]) | set(mergers["target"])
    ended = net.actors["ended"].notna().to_numpy()
    reason = [
        _inferred_reason(i, acquired, merged) if e else "" for i, e in zip(ids, ended, strict=True)
    ]
    return pd.Series(reason, index=ids.to_numpy())


def exit_summary(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
) -> pd.DataFrame:
    """How the region's NBFs exited in a period, and how many acquisitions followed an alliance.

    Definition: the NBFs of ``region`` (by ``nbf_rule``, :class:`~bioregion.system.firms.NBFRule`)
    founded by the end of ``period`` (or
    of unknown founding) and not ended before it starts. A firm whose ``ended`` date falls
    in the period exits by its ``end_reason`` (``acquired``, ``merged``, ``closed``,
    ``bankrupt``, ``other``; with a TemporalNetwork, which has no end_reason, inferred
    from its acquisition or merger ties); the others are ``independent`` at the end of the
    period. An acquisition tie of a firm that goes on (an asset or majority deal) is not
    an exit. ``after_alliance`` counts the acquired firms whose acquisition (the latest in
    the period, :func:`acquisition_pathways`) had ``partner_first`` true.

    Returns
    -------
    pandas.DataFrame
        Index ``exit`` (:data:`EXIT_TYPES`); columns ``firms``, ``share`` (of all firms),
        ``after_alliance`` (acquired only; 0 elsewhere) and ``examples`` (up to five firm
        ids).

    Examples
    --------
    >>> ties = pd.DataFrame({"kind": ["licence", "acquisition", "acquisition"],
    ...     "source": ["f1", "big", "big2"], "target": ["big", "f1", "f2"],
    ...     "start": ["2010", "2015", "2016"]})
    >>> actors = pd.DataFrame({"id": ["f1", "f2", "f3", "f4"],
    ...     "kind": ["biotech_firm"] * 4, "nuts": ["BE234"] * 4, "tags": ["nbf"] * 4,
    ...     "ended": ["2015", "", "2012", ""]})
    >>> exits = exit_summary(TemporalNetwork(ties, actors), "BE2", (2000, 2020))
    >>> exits["firms"].to_dict()
    {'acquired': 1, 'merged': 0, 'closed': 1, 'bankrupt': 0, 'other': 0, 'independent': 2}
    >>> int(exits.loc["acquired", "after_alliance"]), exits.loc["independent", "examples"]
    (1, 'f2;f4')
    """
    return exits_of(data, as_network(data), region, period, nbf_rule)


def exits_of(
    data: object,
    net: TemporalNetwork,
    region: str | None,
    period: Period,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
) -> pd.DataFrame:
    """:func:`exit_summary` of a network already built from ``data`` (the store, when it
    is one, gives the end reasons)."""
    actors = net.actors.set_index("id", drop=False)
    firms = actors[nbf_mask(actors, region, nbf_rule)]
    firms = firms[exists_in_period(firms, period)]
    hi = pd.Timestamp(int(period[1]), 12, 31)
    reasons = _end_reasons(data, net).reindex(firms.index).fillna("")
    ended_in = firms["ended"].notna() & (firms["ended"] <= hi)
    exit_type = np.where(
        ended_in, reasons.where(reasons.isin(EXIT_TYPES[:-1]), EndReason.OTHER.value), "independent"
    )
    exits = pd.Series(exit_type, index=firms.index, dtype=object)
    paths = acquisition_pathways(net, region, period, nbf_rule=nbf_rule)
    latest = paths.drop_duplicates("target", keep="last").set_index("target")["partner_first"]
    acquired = exits[exits == EndReason.ACQUIRED].index
    after = latest.reindex(acquired).fillna(False).astype(bool)
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
                "examples": ";".join(ids[:5]),
            }
        )
    return pd.DataFrame(rows).set_index("exit")
