"""Region comparison: Flanders vs Wallonia (vs Brussels) on the system indicators, and the
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

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.system.acquisitions import _exits, acquisition_pathways
from bioregion.system.genealogy import (
    _in_period,
    _in_region,
    _is_nbf,
    _network,
    _region_label,
    genealogy_summary,
)
from bioregion.system.triple_helix import triple_helix

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "DIRECTED_OI_KINDS",
    "POLICY_ACTOR_IDS",
    "POLICY_KINDS",
    "SYMMETRIC_OI_KINDS",
    "policy_actors",
    "region_comparison",
]

#: Tie kinds whose direction gives the open-innovation mode (source = licensor, grantor,
#: supplier, provider: outbound for the source, inbound for the target).
DIRECTED_OI_KINDS = frozenset({"licence", "option", "supply", "service"})
#: Symmetric tie kinds coded as coupled open innovation.
SYMMETRIC_OI_KINDS = frozenset(
    {"rd_collaboration", "co_development", "co_commercialisation", "joint_venture"}
)
#: The named policy and network actors of the Belgian data (institutes, agencies, research
#: councils, cluster organisations, public and regional funds).
POLICY_ACTOR_IDS = (
    "vib",
    "welbio",
    "imec",
    "iwt",
    "vlaio",
    "fwo",
    "fnrs",
    "flemish-government",
    "walloon-region",
    "spw",
    "innoviris",
    "brussels-capital-region",
    "belgian-federal-government",
    "flandersbio",
    "biowin",
    "pmv",
    "gimv",
    "lrm",
    "biotech-fonds-vlaanderen",
    "sriw",
    "sambrinvest",
    "noshaq",
    "finance-brussels",
    "sfpi-fpim",
)
#: Actor kinds that make a Belgian actor a policy or network actor.
POLICY_KINDS = frozenset({"government", "cluster_organisation", "investor"})
_DEFAULT_REGIONS = ("flanders", "wallonia", "brussels")


def _modes(ties: pd.DataFrame, focal: pd.Series) -> pd.DataFrame:
    """(tie, focal firm, kind, mode) for each tie end that is a focal firm (inline coding
    of Gassmann & Enkel's open-innovation modes; None for non-OI kinds)."""
    rows = []
    for end, other, role in (("source", "target", "source"), ("target", "source", "target")):
        mine = ties[ties[end].map(focal).fillna(False).astype(bool)]
        kind = mine["kind"]
        mode = np.where(
            kind.isin(SYMMETRIC_OI_KINDS),
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


def _region_ei(net: TemporalNetwork, region: str, period: tuple[int, int]) -> float:
    """E-I index of the region over the whole period (distinct pairs, all actors)."""
    try:
        from bioregion.system.embeddedness import region_ei
    except ImportError:  # pragma: no cover - the sibling module is missing
        region_ei = None
    if region_ei is not None:
        table = region_ei(net, region, period, cumulative=True)
        return float(table["ei_index"].iloc[-1]) if len(table) else float("nan")
    ties = net.ties[_in_period(net.ties, period) & (net.ties["source"] != net.ties["target"])]
    inside = _in_region(net.actors.set_index("id"), region)
    s = ties["source"].map(inside).fillna(False).to_numpy(bool)
    t = ties["target"].map(inside).fillna(False).to_numpy(bool)
    pairs = pd.DataFrame(
        {
            "a": np.minimum(ties["source"], ties["target"]),
            "b": np.maximum(ties["source"], ties["target"]),
        }
    )
    pairs = pairs.assign(i=s & t, e=s ^ t).drop_duplicates(["a", "b"])
    e, i = int(pairs["e"].sum()), int(pairs["i"].sum())
    return _share(e - i, e + i)


def region_comparison(
    data: Store | TemporalNetwork,
    regions: Sequence[str] = _DEFAULT_REGIONS,
    period: tuple[int, int] = (1987, 2017),
) -> pd.DataFrame:
    """The system indicators side by side for several regions: metrics x regions.

    Definitions (ties count by their start year in ``period``; an NBF is an actor tagged
    ``nbf`` located in the region):

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
    >>> table = region_comparison(TemporalNetwork(ties, actors), ("flanders", "wallonia"),
    ...                           (1995, 2010))
    >>> print(table.loc[["nbfs", "alliances", "outbound_share", "spinoffs_university",
    ...                  "acquisitions", "share_partner_first"]].rename_axis(None).to_string())
                         flanders  wallonia
    nbfs                      1.0       1.0
    alliances                 2.0       1.0
    outbound_share            0.5       0.0
    spinoffs_university       1.0       0.0
    acquisitions              0.0       1.0
    share_partner_first       NaN       1.0
    """
    net = _network(data)
    actors = net.actors.set_index("id", drop=False)
    ties = net.ties[(net.ties["source"] != net.ties["target"]) & _in_period(net.ties, period)]
    lo, hi = pd.Timestamp(int(period[0]), 1, 1), pd.Timestamp(int(period[1]), 12, 31)
    exists = (actors["founded"].isna() | (actors["founded"] <= hi)) & (
        actors["ended"].isna() | (actors["ended"] >= lo)
    )
    pharma = actors["kind"] == "pharma"
    big = pharma & actors["tags"].map(lambda t: "big_pharma" in t).astype(bool)
    parent_kinds = ("university", "research_institute", "hospital", "company", "government")
    columns = {}
    for region in regions:
        nbf = _is_nbf(actors) & _in_region(actors, region)
        touches = ties["source"].map(nbf).fillna(False) | ties["target"].map(nbf).fillna(False)
        modes = _modes(ties, nbf)
        oi = modes[modes["mode"].notna()]
        lic = modes[modes["kind"].isin(["licence", "option"])]
        with_pharma = oi[oi["partner"].map(pharma).fillna(False).astype(bool)]
        spin = genealogy_summary(net, region, period)
        paths = acquisition_pathways(net, region, period)
        exits = _exits(data, net, region, period)
        th = triple_helix(net, region, period)
        metrics = {
            "nbfs": float((nbf & exists).sum()),
            "nbf_ties": float(touches.sum()),
            "alliances": float(len(oi)),
            "inbound_share": _share((oi["mode"] == "inbound").sum(), len(oi)),
            "outbound_share": _share((oi["mode"] == "outbound").sum(), len(oi)),
            "coupled_share": _share((oi["mode"] == "coupled").sum(), len(oi)),
            "outbound_licensing_share": _share((lic["mode"] == "outbound").sum(), len(lic)),
            "pharma_alliances": float(len(with_pharma)),
            "pharma_partners": float(with_pharma["partner"].nunique()),
            "big_pharma_partners": float(
                with_pharma.loc[with_pharma["partner"].map(big).astype(bool), "partner"].nunique()
            ),
            "spinoffs": float(spin["spinoffs"].sum()),
            **{
                f"spinoffs_{k}": float(spin.loc[spin["parent_kind"] == k, "spinoffs"].sum())
                for k in parent_kinds
            },
            "acquisitions": float(len(paths)),
            "acquisitions_partner_first": float(paths["partner_first"].sum()),
            "share_partner_first": _share(paths["partner_first"].sum(), len(paths)),
            "exits_acquired": float(exits.loc["acquired", "firms"]),
            "exits_independent": float(exits.loc["independent", "firms"]),
            "ei_index": _region_ei(net, region, period),
            "t_uig_mbits": float(th["t_uig_mbits"].iloc[0]),
        }
        columns[region] = pd.Series(metrics, dtype=float)
    out = pd.DataFrame(columns)
    out.index.name = "metric"
    return out


def policy_actors(
    data: Store | TemporalNetwork,
    regions: Sequence[str] = _DEFAULT_REGIONS,
    period: tuple[int, int] = (1987, 2017),
) -> pd.DataFrame:
    """The ties of the policy and network actors and the firms they reached, by region.

    Definition: the policy and network actors are those of :data:`POLICY_ACTOR_IDS`
    (VIB, WELBIO, VLAIO/IWT, FWO, FNRS, SPW, FlandersBio, BioWin, PMV, Gimv, SRIW, ...)
    present in the data, plus every Belgian (``country`` BE) actor of kind government,
    cluster organisation or investor (:data:`POLICY_KINDS`). For each: ``ties`` started in
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
    ...     "source": ["vlaio", "vlaio", "vlaio", "spw"], "target": ["f1", "f1", "f2", "f2"],
    ...     "start": ["2001", "2003", "2004", "2005"]})
    >>> actors = pd.DataFrame({"id": ["vlaio", "spw", "f1", "f2"],
    ...     "kind": ["government", "government", "biotech_firm", "biotech_firm"],
    ...     "country": ["BE"] * 4, "nuts": ["BE100", "BE352", "BE234", "BE310"]})
    >>> policy_actors(TemporalNetwork(ties, actors), ("flanders", "wallonia"))[
    ...     ["actor", "ties", "firms", "ties_flanders", "firms_flanders", "firms_wallonia"]]
       actor  ties  firms  ties_flanders  firms_flanders  firms_wallonia
    0  vlaio     3      2              2               1               1
    1    spw     1      1              0               0               1
    """
    net = _network(data)
    actors = net.actors.set_index("id", drop=False)
    named = actors.index.isin(POLICY_ACTOR_IDS)
    by_kind = actors["kind"].isin(POLICY_KINDS) & (actors["country"] == "BE")
    chosen = actors[named | by_kind.to_numpy()]
    ties = net.ties[(net.ties["source"] != net.ties["target"]) & _in_period(net.ties, period)]
    ends = pd.concat(
        [
            pd.DataFrame({"actor": ties["source"], "partner": ties["target"]}),
            pd.DataFrame({"actor": ties["target"], "partner": ties["source"]}),
        ],
        ignore_index=True,
    )
    ends = ends[ends["actor"].isin(chosen.index)]
    firm = actors["kind"] == "biotech_firm"
    ends = ends.assign(firm=ends["partner"].map(firm).fillna(False).astype(bool))
    inside = {r: _in_region(actors, r) for r in regions}
    home = _region_label(chosen)
    rows = []
    for actor_id in chosen.index:
        mine = ends[ends["actor"] == actor_id]
        firms = mine.loc[mine["firm"], "partner"]
        row = {
            "actor": actor_id,
            "name": chosen.at[actor_id, "name"],
            "kind": chosen.at[actor_id, "kind"],
            "home": home[actor_id],
            "ties": len(mine),
            "firms": int(firms.nunique()),
        }
        for r, flag in inside.items():
            there = mine["partner"].map(flag).fillna(False).astype(bool)
            row[f"ties_{r}"] = int(there.sum())
            row[f"firms_{r}"] = int(mine.loc[there & mine["firm"], "partner"].nunique())
        rows.append(row)
    columns = ["actor", "name", "kind", "home", "ties", "firms"]
    columns += [f"{p}_{r}" for r in regions for p in ("ties", "firms")]
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["ties", "actor"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
