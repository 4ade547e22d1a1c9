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

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.network import TemporalNetwork
from bioregion.system.genealogy import _in_region, _is_nbf, _network, _years

if TYPE_CHECKING:
    from bioregion.store.store import Store

__all__ = ["ALLIANCE_KINDS", "EXIT_TYPES", "acquisition_pathways", "exit_summary"]

#: Tie kinds that are alliances (partner_first needs one of them before the acquisition).
ALLIANCE_KINDS = frozenset(
    {
        "rd_collaboration",
        "co_development",
        "co_commercialisation",
        "joint_venture",
        "licence",
        "option",
        "service",
        "supply",
    }
)
#: Exit types of :func:`exit_summary`, in order.
EXIT_TYPES = ("acquired", "merged", "closed", "bankrupt", "other", "independent")
_NOT_PRIOR = frozenset({"acquisition", "merger"})


def _groups(ties: pd.DataFrame) -> dict[str, set[str]]:
    """Each actor's corporate group: the actors joined to it by ``subsidiary`` ties."""
    sub = ties[ties["kind"] == "subsidiary"]
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
    return (ties["kind"] == "acquisition") & (status != "terminated") & ~asset


def acquisition_pathways(
    data: Store | TemporalNetwork,
    region: str | None = "flanders",
    period: tuple[int, int] = (1987, 2025),
) -> pd.DataFrame:
    """One row per acquisition of a regional NBF, with the ties that preceded it.

    Definition: for each ``acquisition`` tie (acquirer -> target) started in ``period``
    whose target is an NBF (tag ``nbf``) in ``region``, the acquirer's group is the
    acquirer plus the actors joined to it by ``subsidiary`` ties (parent and
    subsidiaries, transitively). ``prior_ties`` counts the ties of any kind other than
    acquisition and merger between a group member and the target that started strictly
    before the acquisition; ``prior_alliances`` those of an alliance kind
    (:data:`ALLIANCE_KINDS`: R&D collaboration, co-development, co-commercialisation,
    joint venture, licence, option, service, supply). ``partner_first`` is true when
    there was a prior alliance (an equity stake or a grant alone does not make a
    partner). ``lag_years`` = acquisition year - ``first_tie_year`` (the start year of the
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
    >>> paths = acquisition_pathways(net)
    >>> paths[["target", "acquirer", "year", "prior_ties", "prior_alliances"]]
      target acquirer  year  prior_ties  prior_alliances
    0     f1    bigco  2015           2                1
    1     f2       vc  2016           0                0
    >>> paths[["first_tie_year", "lag_years", "partner_first"]]
       first_tie_year  lag_years  partner_first
    0            2010          5           True
    1            <NA>       <NA>          False
    """
    net = _network(data)
    ties = net.ties[net.ties["source"] != net.ties["target"]]
    actors = net.actors.set_index("id", drop=False)
    wanted = _is_nbf(actors) & _in_region(actors, region)
    acq = ties[_completed_acquisitions(ties) & ties["target"].map(wanted).fillna(False)]
    years = _years(acq)
    acq = acq[(years >= int(period[0])) & (years <= int(period[1]))]
    groups = _groups(ties)
    others = ties[~ties["kind"].isin(_NOT_PRIOR)]
    rows = []
    for tie in acq.itertuples(index=False):
        group = groups.get(tie.source, {tie.source})
        between = others[
            (others["source"].isin(group) & (others["target"] == tie.target))
            | (others["target"].isin(group) & (others["source"] == tie.target))
        ]
        prior = between[between["start"] < tie.start]
        alliances = prior[prior["kind"].isin(ALLIANCE_KINDS)]
        first = int(prior["start"].min().year) if len(prior) else None
        year = int(tie.start.year)
        acquirer = actors.loc[tie.source] if tie.source in actors.index else None
        target = actors.loc[tie.target]
        rows.append(
            {
                "tie": tie.id,
                "target": tie.target,
                "target_name": target["name"],
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
        )
    columns = [
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
    out = pd.DataFrame(rows, columns=columns)
    out = out.astype(
        {
            "year": int,
            "prior_ties": int,
            "prior_alliances": int,
            "first_tie_year": "Int64",
            "lag_years": "Int64",
            "partner_first": bool,
        }
    )
    return out.sort_values(["year", "target"], kind="stable").reset_index(drop=True)


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
    merged = set(ties.loc[ties["kind"] == "merger", "source"]) | set(
        ties.loc[ties["kind"] == "merger", "target"]
    )
    ended = net.actors["ended"].notna().to_numpy()
    reason = [
        ("acquired" if i in acquired else "merged" if i in merged else "closed") if e else ""
        for i, e in zip(ids, ended, strict=True)
    ]
    return pd.Series(reason, index=ids.to_numpy())


def exit_summary(
    data: Store | TemporalNetwork,
    region: str | None = "flanders",
    period: tuple[int, int] = (1987, 2025),
) -> pd.DataFrame:
    """How the region's NBFs exited in a period, and how many acquisitions followed an alliance.

    Definition: the NBFs (tag ``nbf``) of ``region`` founded by the end of ``period`` (or
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
    >>> exits = exit_summary(TemporalNetwork(ties, actors))
    >>> exits["firms"].to_dict()
    {'acquired': 1, 'merged': 0, 'closed': 1, 'bankrupt': 0, 'other': 0, 'independent': 2}
    >>> int(exits.loc["acquired", "after_alliance"]), exits.loc["independent", "examples"]
    (1, 'f2;f4')
    """
    return _exits(data, _network(data), region, period)


def _exits(
    data: object, net: TemporalNetwork, region: str | None, period: tuple[int, int]
) -> pd.DataFrame:
    """:func:`exit_summary` of a network already built from ``data``."""
    actors = net.actors.set_index("id", drop=False)
    firms = actors[_is_nbf(actors) & _in_region(actors, region)]
    lo = pd.Timestamp(int(period[0]), 1, 1)
    hi = pd.Timestamp(int(period[1]), 12, 31)
    exists = (firms["founded"].isna() | (firms["founded"] <= hi)) & (
        firms["ended"].isna() | (firms["ended"] >= lo)
    )
    firms = firms[exists]
    reasons = _end_reasons(data, net).reindex(firms.index).fillna("")
    ended_in = firms["ended"].notna() & (firms["ended"] <= hi)
    exit_type = np.where(
        ended_in, reasons.where(reasons.isin(EXIT_TYPES[:-1]), "other"), "independent"
    )
    exits = pd.Series(exit_type, index=firms.index, dtype=object)
    paths = acquisition_pathways(net, region, period)
    latest = paths.drop_duplicates("target", keep="last").set_index("target")["partner_first"]
    acquired = exits[exits == "acquired"].index
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
                "after_alliance": int(after.sum()) if kind == "acquired" else 0,
                "examples": ";".join(ids[:5]),
            }
        )
    return pd.DataFrame(rows).set_index("exit")
