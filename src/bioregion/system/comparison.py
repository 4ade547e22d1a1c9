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
    COUPLED_OI_KINDS,
    DIRECTED_OI_KINDS,
    LICENSING_KINDS,
    POLICY_ACTOR_KINDS,
    ActorKind,
    EndReason,
)
from bioregion.system._scope import (
    Period,
    as_network,
    exists_in_period,
    has_tag,
    in_period,
    in_region,
    proper_ties,
    region_country,
    region_label,
)
from bioregion.system.acquisitions import acquisition_pathways, exits_of
from bioregion.system.embeddedness import region_ei
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, nbf_mask
from bioregion.system.genealogy import PARENT_CLASSES, genealogy_summary
from bioregion.system.triple_helix import triple_helix

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = ["POLICY_TAG", "policy_actors", "region_comparison", "select_policy_actors"]

#: The tag that makes any actor a policy or network actor (e.g. a strategic research
#: institute that funds and coordinates), whatever its kind.
POLICY_TAG = "policy"


def _modes(ties: pd.DataFrame, focal: pd.Series) -> pd.DataFrame:
    """(tie, focal firm, kind, mode) for each tie end that is a focal firm (inline coding
    of Gassmann & Enkel's open-innovation modes; None for non-OI kinds)."""
    rows = []
    for end, other, role in (("source", "target", "source"), ("target", "source", "target")):
        mine = ties[ties[end].map(focal).fillna(False).astype(bool)]
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
                    "tie": mine["id"].to_numpy(object),
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


def _region_ei(net: TemporalNetwork, region: str, period: Period) -> float:
    """E-I index of the region over the whole period (distinct pairs, all actors)."""
    table = region_ei(net, region, period, cumulative=True)
    return float(table["ei_index"].iloc[-1]) if len(table) else float("nan")


def _alliance_metrics(ties: pd.DataFrame, nbf: pd.Series, actors: pd.DataFrame) -> dict:
    """The tie, open-innovation and pharma metrics of one region's NBFs."""
    pharma = actors["kind"] == ActorKind.PHARMA
    big = pharma & has_tag(actors["tags"], "big_pharma")
    touches = ties["source"].map(nbf).fillna(False) | ties["target"].map(nbf).fillna(False)
    modes = _modes(ties, nbf)
    oi = modes[modes["mode"].notna()]
    lic = modes[modes["kind"].isin(LICENSING_KINDS)]
    with_pharma = oi[oi["partner"].map(pharma).fillna(False).astype(bool)]
    big_partners = with_pharma.loc[with_pharma["partner"].map(big).astype(bool), "partner"]
    return {
        "nbf_ties": float(touches.sum()),
        "alliances": float(len(oi)),
        "inbound_share": _share((oi["mode"] == "inbound").sum(), len(oi)),
        "outbound_share": _share((oi["mode"] == "outbound").sum(), len(oi)),
        "coupled_share": _share((oi["mode"] == "coupled").sum(), len(oi)),
        "outbound_licensing_share": _share((lic["mode"] == "outbound").sum(), len(lic)),
        "pharma_alliances": float(len(with_pharma)),
        "pharma_partners": float(with_pharma["partner"].nunique()),
        "big_pharma_partners": float(big_partners.nunique()),
    }


def _region_metrics(
    data: object, net: TemporalNetwork, region: str, period: Period, nbf_rule: NBFRule
) -> pd.Series:
    """The column of :func:`region_comparison` for one region."""
    actors = net.actors.set_index("id", drop=False)
    ties = proper_ties(net)
    ties = ties[in_period(ties, period)]
    nbf = nbf_mask(actors, region, nbf_rule)
    spin = genealogy_summary(net, region, period)
    paths = acquisition_pathways(net, region, period, nbf_rule=nbf_rule)
    exits = exits_of(data, net, region, period, nbf_rule)
    metrics = {
        "nbfs": float((nbf & exists_in_period(actors, period)).sum()),
        **_alliance_metrics(ties, nbf, actors),
        "spinoffs": float(spin["spinoffs"].sum()),
        **{
            f"spinoffs_{k}": float(spin.loc[spin["parent_kind"] == k, "spinoffs"].sum())
            for k in PARENT_CLASSES
        },
        "acquisitions": float(len(paths)),
        "acquisitions_partner_first": float(paths["partner_first"].sum()),
        "share_partner_first": _share(paths["partner_first"].sum(), len(paths)),
        "exits_acquired": float(exits.loc[EndReason.ACQUIRED.value, "firms"]),
        "exits_independent": float(exits.loc["independent", "firms"]),
        "ei_index": _region_ei(net, region, period),
        "t_uig_mbits": float(triple_helix(net, region, period)["t_uig_mbits"].iloc[0]),
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
) -> pd.DataFrame:
    """The system indicators side by side for several regions: metrics x regions.

    Definitions (ties count by their start year in ``period``; the NBFs of a region are
    chosen by ``nbf_rule``, :class:`~bioregion.system.firms.NBFRule`):

    - ``nbfs``: NBFs existing at some time of the period (founded by its end, not ended
      before its start);
    - ``nbf_ties``: ties with at least one of the region's NBFs at an end;
    - ``alliances``: (tie, NBF) pairs of an open-innovation kind (licence, option,
      supply, service, R&D collaboration, co-development, co-commercialisation, joint
      venture); ``inbound_share``, ``outbound_share``, ``coupled_share`` of them
      (Gassmann & Enkel 2004: a licence the NBF grants is outbound, one it receives
      inbound, symmetric kinds coupled);
    - ``outbound_licensing_share``: of the licences and options of the region's NBFs, the
      share they granted;
    - ``pharma_alliances``, ``pharma_partners``: alliances with, and distinct, actors of
      kind ``pharma``; ``big_pharma_partners``: those tagged ``big_pharma``;
    - ``spinoffs`` and ``spinoffs_<parent kind>``: spin-off ties of firms of the region
      (:func:`~bioregion.system.genealogy.genealogy_summary`);
    - ``acquisitions``, ``acquisitions_partner_first``, ``share_partner_first``: of the
      region's NBFs (:func:`~bioregion.system.acquisitions.acquisition_pathways`);
      ``exits_acquired``, ``exits_independent``
      (:func:`~bioregion.system.acquisitions.exit_summary`);
    - ``ei_index``: Krackhardt & Stern's E-I index of the region's group over the whole
      period (distinct tied pairs; +1 all ties leave the region, -1 all stay inside);
    - ``t_uig_mbits``: Leydesdorff's T(UIG) of the ties touching the region, in millibits
      (negative = synergy; :func:`~bioregion.system.triple_helix.triple_helix`).

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
    ...     "nuts": ["BE234", "BE310", "", "BE234"], "tags": ["nbf", "nbf", "big_pharma", ""]})
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
    net = as_network(data)
    columns = {
        region: _region_metrics(data, net, region, period, nbf_rule)
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
) -> pd.Series:
    """True for the policy and network actors among ``actors`` (indexed by id): the rule of
    :func:`policy_actors`."""
    countries = {region_country(region) for region in regions}
    by_kind = actors["kind"].isin(frozenset(kinds)) & actors["country"].isin(countries)
    chosen = by_kind | actors.index.isin(list(ids))
    if tag is not None:
        chosen |= has_tag(actors["tags"], tag)
    return chosen.astype(bool)


def _reach(ends: pd.DataFrame, actor_id: str, inside: dict[str, pd.Series]) -> dict:
    """Ties and firms reached by one actor, in all and per region."""
    mine = ends[ends["actor"] == actor_id]
    row = {"ties": len(mine), "firms": int(mine.loc[mine["firm"], "partner"].nunique())}
    for region, flag in inside.items():
        there = mine["partner"].map(flag).fillna(False).astype(bool)
        row[f"ties_{region}"] = int(there.sum())
        row[f"firms_{region}"] = int(mine.loc[there & mine["firm"], "partner"].nunique())
    return row


def policy_actors(
    data: Store | TemporalNetwork,
    regions: Sequence[str],
    period: Period,
    *,
    kinds: Iterable[str] = POLICY_ACTOR_KINDS,
    tag: str | None = POLICY_TAG,
    actors: Iterable[str] = (),
) -> pd.DataFrame:
    """The ties of the policy and network actors and the firms they reached, by region.

    Definition: the policy and network actors are (a) the actors of one of ``kinds``
    (default :data:`~bioregion.model.vocab.POLICY_ACTOR_KINDS`: government, cluster
    organisation, investor) whose ``country`` is the country of one of ``regions`` (a
    foreign fund is not a policy actor of the region), (b) every actor tagged ``tag``
    (default :data:`POLICY_TAG`, ``policy``; e.g. a research institute that funds and
    coordinates), and (c) the actor ids given in ``actors``. For each: ``ties`` started in
    ``period`` (any kind, either direction), ``firms`` the distinct partners of kind
    ``biotech_firm`` they reached, and per region ``ties_<region>`` (ties to actors located
    there) and ``firms_<region>`` (distinct biotech firms there).

    Returns
    -------
    pandas.DataFrame
        ``actor, name, kind, home`` (named region, else country), ``ties, firms``, then
        ``ties_<r>, firms_<r>`` per region; sorted by ties (descending) and id.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> ties = pd.DataFrame({"kind": ["grant", "grant", "equity_investment", "grant"],
    ...     "source": ["agency", "agency", "agency", "spw"], "target": ["f1", "f1", "f2", "f2"],
    ...     "start": ["2001", "2003", "2004", "2005"]})
    >>> actors = pd.DataFrame({"id": ["agency", "spw", "f1", "f2"],
    ...     "kind": ["government", "government", "biotech_firm", "biotech_firm"],
    ...     "country": ["BE"] * 4, "nuts": ["BE100", "BE352", "BE234", "BE310"]})
    >>> policy_actors(TemporalNetwork(ties, actors), ("BE2", "BE3"), (2000, 2010))[
    ...     ["actor", "ties", "firms", "ties_BE2", "firms_BE2", "firms_BE3"]]
        actor  ties  firms  ties_BE2  firms_BE2  firms_BE3
    0  agency     3      2         2          1          1
    1     spw     1      1         0          0          1
    """
    regions = _check_regions(regions)
    net = as_network(data)
    info = net.actors.set_index("id", drop=False)
    chosen = info[select_policy_actors(info, regions, kinds=kinds, tag=tag, ids=actors)]
    ties = proper_ties(net)
    ties = ties[in_period(ties, period)]
    ends = pd.concat(
        [
            pd.DataFrame({"actor": ties["source"], "partner": ties["target"]}),
            pd.DataFrame({"actor": ties["target"], "partner": ties["source"]}),
        ],
        ignore_index=True,
    )
    ends = ends[ends["actor"].isin(chosen.index)]
    firm = info["kind"] == ActorKind.BIOTECH_FIRM
    ends = ends.assign(firm=ends["partner"].map(firm).fillna(False).astype(bool))
    inside = {region: in_region(info, region) for region in regions}
    home = region_label(chosen)
    rows = [
        {
            "actor": actor_id,
            "name": chosen.at[actor_id, "name"],
            "kind": chosen.at[actor_id, "kind"],
            "home": home[actor_id],
            **_reach(ends, actor_id, inside),
        }
        for actor_id in chosen.index
    ]
    columns = ["actor", "name", "kind", "home", "ties", "firms"]
    columns += [f"{p}_{r}" for r in regions for p in ("ties", "firms")]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["ties", "actor"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
