"""Region comparison: several regions side by side on the system indicators, and the
policy and network actors (institutes, agencies, cluster organisations, funds) with what
their ties reached.

The comparison puts the indicators of this package side by side for several regions
(Cooke 1992 and Asheim & Gertler 2005 on regional innovation systems; Owen-Smith & Powell
2004 on local channels and global conduits): the number of new biotechnology firms (NBFs),
their ties and alliances with large pharma, their open-innovation modes (Gassmann & Enkel
2004), spin-offs by parent kind, acquisitions and how many followed an alliance, the E-I
index of the region (Krackhardt & Stern 1988) and the Triple Helix T(UIG) (Leydesdorff
2003).

References: Cooke, P. (1992) "Regional innovation systems", *Geoforum* 23(3): 365-382;
Asheim, B. & Gertler, M. (2005) in *The Oxford Handbook of Innovation*; Owen-Smith, J. &
Powell, W. W. (2004) *Organization Science* 15(1): 5-21; Gassmann, O. & Enkel, E. (2004)
"Towards a theory of open innovation", R&D Management Conference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import (
    ALLIANCE_KINDS,
    COUPLED_OI_KINDS,
    DIRECTED_OI_KINDS,
    LICENSING_KINDS,
    POLICY_ACTOR_KINDS,
    ActorKind,
    EndReason,
    TieKind,
)
from bioregion.system._deals import deal_keys, period_deal_keys
from bioregion.system._scope import (
    Period,
    as_network,
    check_membership,
    has_tag,
    in_period,
    in_region,
    proper_ties,
    region_country,
    region_label,
)
from bioregion.system.acquisitions import acquisition_pathways, exits_of, failed_bids
from bioregion.system.embeddedness import period_ei
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, nbf_mask
from bioregion.system.genealogy import PARENT_CLASSES, genealogy_summary
from bioregion.system.triple_helix import triple_helix

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "LARGE_PHARMA_TAG",
    "POLICY_REACH",
    "POLICY_TAG",
    "policy_actors",
    "region_comparison",
    "select_policy_actors",
]

#: The tag that makes any actor a policy or network actor (e.g. a strategic research
#: institute that funds and coordinates), whatever its kind.
POLICY_TAG = "policy"
#: The tag of large pharma (its criterion is documented with the data, design note 7).
LARGE_PHARMA_TAG = "large_pharma"
#: The channels of a policy actor's reach: name -> (tie kinds, the actor must be the
#: source). ``parent``: spin-offs it founded; ``funder``: grants, funding, equity and
#: loans it gave; ``ally``: licences, options and joint R&D (either direction);
#: ``broker``: membership, project partnerships, services and other ties (either
#: direction).
POLICY_REACH: dict[str, tuple[frozenset[TieKind], bool]] = {
    "parent": (frozenset({TieKind.SPIN_OFF}), True),
    "funder": (
        frozenset({TieKind.GRANT, TieKind.FUNDING, TieKind.EQUITY_INVESTMENT, TieKind.LOAN}),
        True,
    ),
    "ally": (ALLIANCE_KINDS, False),
    "broker": (
        frozenset(
            {TieKind.MEMBERSHIP, TieKind.PROJECT_PARTNERSHIP, TieKind.SERVICE, TieKind.OTHER}
        ),
        False,
    ),
}


def _modes(ties: pd.DataFrame, keys: pd.Series, focal: pd.Series) -> pd.DataFrame:
    """(deal, focal firm, partner, kind, mode) for each tie end that is a focal firm
    (inline coding of Gassmann & Enkel's open-innovation modes; None for non-OI kinds);
    ``keys`` are the deal keys of ``ties``, in their order."""
    rows = []
    for end, other, role in (("source", "target", "source"), ("target", "source", "target")):
        here = ties[end].map(focal).fillna(False).astype(bool).to_numpy()
        mine = ties[here]
        kind = mine["kind"]
        mode = np.where(
            kind.isin(COUPLED_OI_KINDS),
            "coupled",
            np.where(
                kind.isin(DIRECTED_OI_KINDS),
                "outbound" if role == "source" else "inbound",
                None,
            ),
        )
        rows.append(
            pd.DataFrame(
                {
                    "deal": keys[here].to_numpy(object),
                    "firm": mine[end].to_numpy(object),
                    "partner": mine[other].to_numpy(object),
                    "kind": kind.to_numpy(object),
                    "mode": mode,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else float("nan")


def _region_ei(net: TemporalNetwork, region: str, period: Period, membership: str) -> float:
    """E-I index of the region over the whole period (distinct pairs, all actors): the
    last row of :func:`~bioregion.system.embeddedness.region_ei` with ``cumulative=True``."""
    row = period_ei(net, region, period, membership=membership)
    return float(row.get("ei_index", np.nan))


def _alliance_metrics(
    ties: pd.DataFrame, keys: pd.Series, nbf: pd.Series, actors: pd.DataFrame
) -> dict:
    """The deal, open-innovation and pharma metrics of one region's NBFs (``keys``: the
    deal keys of ``ties``, in their order)."""
    pharma = actors["kind"] == ActorKind.PHARMA
    large = has_tag(actors["tags"], LARGE_PHARMA_TAG)
    touches = ties["source"].map(nbf).fillna(False) | ties["target"].map(nbf).fillna(False)
    modes = _modes(ties, keys, nbf)
    oi = modes[modes["mode"].notna()].drop_duplicates(["deal", "firm", "mode"])
    lic = oi[oi["kind"].isin(LICENSING_KINDS)]
    alliances = modes[modes["kind"].isin(ALLIANCE_KINDS)]
    with_pharma = alliances[alliances["partner"].map(pharma).fillna(False).astype(bool)]
    large_partners = with_pharma.loc[with_pharma["partner"].map(large).astype(bool), "partner"]
    return {
        "nbf_deals": float(deal_keys(ties[touches.to_numpy(bool)]).nunique()),
        "alliances": float(alliances["deal"].nunique()),
        "oi_deals": float(len(oi)),
        "inbound_share": _share((oi["mode"] == "inbound").sum(), len(oi)),
        "outbound_share": _share((oi["mode"] == "outbound").sum(), len(oi)),
        "coupled_share": _share((oi["mode"] == "coupled").sum(), len(oi)),
        "outbound_licensing_share": _share((lic["mode"] == "outbound").sum(), len(lic)),
        "pharma_alliances": float(with_pharma["deal"].nunique()),
        "pharma_partners": float(with_pharma["partner"].nunique()),
        "large_pharma_partners": float(large_partners.nunique()),
    }


def _region_metrics(
    data: object,
    net: TemporalNetwork,
    region: str,
    period: Period,
    nbf_rule: NBFRule,
    membership: str,
) -> pd.Series:
    """The column of :func:`region_comparison` for one region."""
    actors = net.actors.set_index("id", drop=False)
    ties = proper_ties(net)
    ties = ties[in_period(ties, period)]
    nbf = nbf_mask(actors, region, period, nbf_rule, membership=membership)
    spin = genealogy_summary(net, region, period, membership=membership)
    options = dict(nbf_rule=nbf_rule, membership=membership)
    paths = acquisition_pathways(net, region, period, **options)
    exits = exits_of(data, net, region, period, nbf_rule, membership=membership)
    metrics = {
        "nbfs": float(nbf.sum()),
        **_alliance_metrics(ties, period_deal_keys(net, period), nbf, actors),
        "spinoffs": float(spin["spinoffs"].sum()),
        **{
            f"spinoffs_{k}": float(spin.loc[spin["parent_kind"] == k, "spinoffs"].sum())
            for k in PARENT_CLASSES
        },
        "acquisitions": float(len(paths)),
        "acquisitions_partner_first": float(paths["partner_first"].sum()),
        "share_partner_first": _share(paths["partner_first"].sum(), len(paths)),
        "failed_bids": float(len(failed_bids(net, region, period, **options))),
        "exits_acquired": float(exits.loc[EndReason.ACQUIRED.value, "firms"]),
        "exits_independent": float(exits.loc["independent", "firms"]),
        "ei_index": _region_ei(net, region, period, membership),
        "t_uig_mbits": float(
            triple_helix(net, region, period, membership=membership)["t_uig_mbits"].iloc[0]
        ),
    }
    return pd.Series(metrics, dtype=float)


def _check_regions(regions: Sequence[str]) -> list[str]:
    if isinstance(regions, str):
        return [regions]
    chosen = list(regions)
    if not chosen:
        raise ArgumentError(
            "regions=(): give at least one region to compare (a named region or NUTS code)"
        )
    return chosen


def region_comparison(
    data: Store | TemporalNetwork,
    regions: Sequence[str],
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
) -> pd.DataFrame:
    """The system indicators side by side for several regions: metrics x regions.

    Unit: per metric, as listed below.

    Scope: ties count by their start year in ``period`` and never when they are failed
    bids; the NBFs of a region are those of
    :func:`~bioregion.system.firms.region_nbfs` in ``period`` (``nbf_rule``, including
    its ``sector``, and ``membership``: ``"system"`` by default, or ``"location"``), the
    same firms in every metric. Each metric, with its unit:

    - ``nbfs`` (firms): the region's NBFs in the period;
    - ``nbf_deals`` (deals): deals with at least one of them at an end
      (:func:`bioregion.system._deals.deal_keys`: a syndicated round, or the rows between
      one pair on one day, count once);
    - ``alliances`` (alliances: deals of
      :data:`~bioregion.model.vocab.ALLIANCE_KINDS` — licence, option, R&D collaboration,
      co-development, co-commercialisation, joint venture) of the region's NBFs;
    - ``oi_deals`` ((deal, NBF) pairs of an open-innovation kind: the alliance kinds plus
      service and supply) and ``inbound_share``, ``outbound_share``, ``coupled_share`` of
      them (Gassmann & Enkel 2004: a licence the NBF grants is outbound, one it receives
      inbound, symmetric kinds coupled; a deal between two of the region's NBFs counts
      for each); ``outbound_licensing_share``: of those pairs that are licences and
      options, the share the NBF granted;
    - ``pharma_alliances`` (alliances) with actors of kind ``pharma``,
      ``pharma_partners`` (actors) their distinct partners, ``large_pharma_partners``
      (actors) those tagged :data:`LARGE_PHARMA_TAG` (the documented large-pharma
      criterion; formerly ``big_pharma_partners``);
    - ``spinoffs`` and ``spinoffs_<parent kind>`` (outcomes: spin-off ties) of firms of
      the region (:func:`~bioregion.system.genealogy.genealogy_summary`; any firm);
    - ``acquisitions`` (outcomes), ``acquisitions_partner_first`` (outcomes) and
      ``share_partner_first`` of the region's NBFs
      (:func:`~bioregion.system.acquisitions.acquisition_pathways`); ``failed_bids``
      (bids: terminated acquisitions and mergers, listed apart,
      :func:`~bioregion.system.acquisitions.failed_bids`); ``exits_acquired``,
      ``exits_independent`` (firms, by recorded end reason,
      :func:`~bioregion.system.acquisitions.exit_summary`);
    - ``ei_index``: Krackhardt & Stern's E-I index of the region's group over the whole
      period (unit: distinct tied pairs; +1 all pairs leave the region, -1 all stay inside);
    - ``t_uig_mbits``: Leydesdorff's T(UIG) of the deals touching the region, in
      millibits (negative = synergy; :func:`~bioregion.system.triple_helix.triple_helix`).

    Returns
    -------
    pandas.DataFrame
        Index ``metric``, one float column per region.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> ties = pd.DataFrame({
    ...     "kind": ["licence", "licence", "rd_collaboration", "spin_off", "acquisition"],
    ...     "source": ["f1", "p", "f2", "uni", "p"], "target": ["p", "f1", "p", "f1", "f2"],
    ...     "start": ["2001", "2002", "2003", "1999", "2005"]})
    >>> actors = pd.DataFrame({"id": ["f1", "f2", "p", "uni"],
    ...     "kind": ["biotech_firm", "biotech_firm", "pharma", "university"],
    ...     "nuts": ["BE234", "BE310", "", "BE234"],
    ...     "tags": ["nbf", "nbf", "large_pharma", ""]})
    >>> table = region_comparison(TemporalNetwork(ties, actors), ("BE2", "BE3"), (1995, 2010))
    >>> print(table.loc[["nbfs", "alliances", "outbound_share", "spinoffs_university",
    ...                  "acquisitions", "share_partner_first"]].rename_axis(None).to_string())
                         BE2  BE3
    nbfs                 1.0  1.0
    alliances            2.0  1.0
    outbound_share       0.5  0.0
    spinoffs_university  1.0  0.0
    acquisitions         0.0  1.0
    share_partner_first  NaN  1.0
    """
    check_membership(membership)
    net = as_network(data)
    columns = {
        region: _region_metrics(data, net, region, period, nbf_rule, membership)
        for region in _check_regions(regions)
    }
    out = pd.DataFrame(columns)
    out.index.name = "metric"
    return out


def select_policy_actors(
    actors: pd.DataFrame,
    regions: Sequence[str],
    *,
    kinds: Iterable[str] = POLICY_ACTOR_KINDS,
    tag: str | None = POLICY_TAG,
    ids: Iterable[str] = (),
    membership: str = "system",
) -> pd.Series:
    """True for the policy and network actors among ``actors`` (indexed by id): the rule of
    :func:`policy_actors`."""
    check_membership(membership)
    countries = {region_country(region) for region in regions}
    member = pd.Series(False, index=actors.index)
    for region in regions:
        member |= in_region(actors, region, membership=membership)
    home = actors["country"].isin(countries) | member
    chosen = (actors["kind"].isin(frozenset(kinds)) & home) | actors.index.isin(list(ids))
    if tag is not None:
        chosen |= has_tag(actors["tags"], tag)
    return chosen.astype(bool)


#: The columns of each reach channel of :func:`policy_actors`: (count, unit, firms).
_REACH_COLUMNS = {
    "parent": ("spinoffs", "spinoff_firms"),
    "funder": ("funding_deals", "funded_firms"),
    "ally": ("alliances", "alliance_firms"),
    "broker": ("brokerage_ties", "brokerage_firms"),
}


def _ends(ties: pd.DataFrame, keys: pd.Series, info: pd.DataFrame) -> pd.DataFrame:
    """Each tie twice, from either end: ``actor, partner, kind, deal, actor_is_source,
    firm`` (the partner is of kind ``biotech_firm``; ``keys``: the deal keys of ``ties``,
    in their order)."""
    keys = keys.to_numpy(object)
    ends = pd.concat(
        [
            pd.DataFrame(
                {
                    "actor": ties[a].to_numpy(object),
                    "partner": ties[b].to_numpy(object),
                    "kind": ties["kind"].astype(str).to_numpy(object),
                    "deal": keys,
                    "actor_is_source": is_source,
                }
            )
            for a, b, is_source in (("source", "target", True), ("target", "source", False))
        ],
        ignore_index=True,
    )
    firm = info["kind"] == ActorKind.BIOTECH_FIRM
    return ends.assign(firm=ends["partner"].map(firm).fillna(False).astype(bool))


def _reach(ends: pd.DataFrame, actors: pd.Index, inside: dict[str, pd.Series]) -> pd.DataFrame:
    """Ties, firms and the reach channels of each of ``actors`` (from the rows of
    :func:`_ends` of which it is the ``actor``), indexed by actor, in the order of the
    columns of :func:`policy_actors`."""

    def per_actor(mask: pd.Series | None, column: str | None = None) -> pd.Series:
        rows = ends if mask is None else ends[mask.to_numpy(bool)]
        grouped = rows.groupby("actor", sort=False)
        counts = grouped.size() if column is None else grouped[column].nunique()
        return counts.reindex(actors, fill_value=0).astype(int)

    firm = ends["firm"]
    columns = {"ties": per_actor(None), "firms": per_actor(firm, "partner")}
    for channel, (kinds, from_actor) in POLICY_REACH.items():
        rows = ends["kind"].isin(kinds) & (ends["actor_is_source"] | (not from_actor))
        count, firms = _REACH_COLUMNS[channel]
        columns[count] = per_actor(rows, None if channel == "broker" else "deal")
        columns[firms] = per_actor(rows & firm, "partner")
    for region, flag in inside.items():
        there = ends["partner"].map(flag).fillna(False).astype(bool)
        columns[f"ties_{region}"] = per_actor(there)
        columns[f"firms_{region}"] = per_actor(there & firm, "partner")
    return pd.DataFrame(columns, index=actors)


def policy_actors(
    data: Store | TemporalNetwork,
    regions: Sequence[str],
    period: Period,
    *,
    kinds: Iterable[str] = POLICY_ACTOR_KINDS,
    tag: str | None = POLICY_TAG,
    actors: Iterable[str] = (),
    membership: str = "system",
) -> pd.DataFrame:
    """The ties of the policy and network actors and the firms they reached, by channel
    and by region.

    Unit: per column, as listed below.

    Scope: the policy and network actors are (a) the actors of one of ``kinds`` (default
    :data:`~bioregion.model.vocab.POLICY_ACTOR_KINDS`: government, cluster organisation,
    investor) whose ``country`` is the country of one of ``regions`` or that belong to
    one of them (by ``membership``: e.g. a regional fund with no location but
    ``systems=("BE2",)``; a foreign fund is not a policy actor of the region), (b)
    every actor tagged ``tag`` (default :data:`POLICY_TAG`, ``policy``; e.g. a research
    institute that funds and coordinates), and (c) the actor ids given in ``actors``. Ties
    are those that count (no failed bids) started in ``period``; "firms" are partners of
    kind ``biotech_firm`` (any region, any sector), counted once per column.

    Columns and units:

    - ``ties`` (ties, any kind, either direction) and ``firms`` (firms) in all;
    - parenthood — ``spinoffs`` (outcomes: ``spin_off`` ties from the actor) and
      ``spinoff_firms`` (firms it spun off);
    - funding — ``funding_deals`` (deals, :func:`bioregion.system._deals.deal_keys`: the
      actor's part in a syndicated round counts once; ``grant``, ``funding``,
      ``equity_investment``, ``loan`` from the actor) and ``funded_firms``;
    - alliances — ``alliances`` (deals of :data:`~bioregion.model.vocab.ALLIANCE_KINDS`,
      either direction, e.g. an institute's licences) and ``alliance_firms``;
    - brokerage and other — ``brokerage_ties`` (ties: ``membership``,
      ``project_partnership``, ``service``, ``other``, either direction) and
      ``brokerage_firms``;
    - per region ``ties_<region>`` (ties to actors of the region by ``membership``) and
      ``firms_<region>`` (firms there).

    A firm reached through several channels counts in each (7 of 8 firms reached by a
    parent of spin-offs may be its own spin-offs); the channel columns need not sum to
    ``ties`` or ``firms`` (other kinds, e.g. a grant the actor received, are only there).
    See :data:`POLICY_REACH`.

    Returns
    -------
    pandas.DataFrame
        ``actor, name, kind, home`` (named region of its location, else country),
        ``ties, firms``, the channel columns above, then ``ties_<r>, firms_<r>`` per
        region; sorted by ties (descending) and id.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> ties = pd.DataFrame({"kind": ["grant", "grant", "equity_investment", "grant",
    ...     "spin_off"], "source": ["agency", "agency", "agency", "spw", "agency"],
    ...     "target": ["f1", "f1", "f2", "f2", "f2"],
    ...     "start": ["2001", "2003", "2004", "2005", "2002"]})
    >>> actors = pd.DataFrame({"id": ["agency", "spw", "f1", "f2"],
    ...     "kind": ["government", "government", "biotech_firm", "biotech_firm"],
    ...     "country": ["BE"] * 4, "nuts": ["BE100", "BE352", "BE234", "BE310"]})
    >>> out = policy_actors(TemporalNetwork(ties, actors), ("BE2", "BE3"), (2000, 2010))
    >>> out[["actor", "ties", "firms", "spinoffs", "funding_deals", "funded_firms"]]
        actor  ties  firms  spinoffs  funding_deals  funded_firms
    0  agency     4      2         1              3             2
    1     spw     1      1         0              1             1
    >>> out[["actor", "ties_BE2", "firms_BE2", "firms_BE3"]]
        actor  ties_BE2  firms_BE2  firms_BE3
    0  agency         2          1          1
    1     spw         0          0          1
    """
    regions = _check_regions(regions)
    check_membership(membership)
    net = as_network(data)
    info = net.actors.set_index("id", drop=False)
    rule = dict(kinds=kinds, tag=tag, ids=actors, membership=membership)
    chosen = info[select_policy_actors(info, regions, **rule)]
    ties = proper_ties(net)
    ends = _ends(ties[in_period(ties, period).to_numpy(bool)], period_deal_keys(net, period), info)
    ends = ends[ends["actor"].isin(chosen.index)]
    inside = {region: in_region(info, region, membership=membership) for region in regions}
    columns = ["actor", "name", "kind", "home", "ties", "firms"]
    columns += [c for pair in _REACH_COLUMNS.values() for c in pair]
    columns += [f"{p}_{r}" for r in regions for p in ("ties", "firms")]
    if chosen.empty:
        return pd.DataFrame([], columns=columns)
    reach = _reach(ends, chosen.index, inside)
    out = pd.DataFrame(
        {
            "actor": chosen.index.to_numpy(object),
            "name": chosen["name"].to_numpy(object),
            "kind": chosen["kind"].to_numpy(object),
            "home": region_label(chosen).to_numpy(object),
        }
    )
    out = pd.concat([out, reach.reset_index(drop=True)], axis=1)[columns]
    out = out.sort_values(["ties", "actor"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
