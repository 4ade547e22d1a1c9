"""Preferred partners: which firms of a region global (bio)pharma allies with most, and the
reverse, which global partners the region's firms ally with most.

The *most preferred partner* of the seed dissertation is a firm in a strong *nodal
position*: many distinct large-pharma partners, partners that come back for more deals,
large announced deals, and a central, brokering position in the network (Powell, Koput &
Smith-Doerr 1996; Owen-Smith & Powell 2004; Gould & Fernandez 1989).

Units and scope, common to both indicators:

- **Alliance**: a tie of :data:`~bioregion.model.vocab.ALLIANCE_KINDS` (licence, option,
  R&D collaboration, co-development, co-commercialisation, joint venture), in either
  direction: the one definition of an alliance, shared with the acquisition pathways.
  Equity investments, acquisitions, grants, spin-offs and services are not alliances.
  Only the ties that count are read (:func:`~bioregion.system._scope.proper_ties`: no
  failed or lapsed bid).
- **Unit** (``unit``): ``"deal"`` (default) counts the rows of one deal once
  (:func:`~bioregion.system._deals.deal_keys`: rows between the same pair on the same
  day, or the investors of one syndicated round); ``"tie"`` counts every row.
- **Partner** (``partners``): ``"group"`` (default) makes a parent and its subsidiaries
  one partner (:func:`~bioregion.system._families.family_of`: ``subsidiary`` ties only);
  ``"unit"`` takes every actor on its own.
- **Large pharma**: an actor tagged ``large_pharma`` (the tag's criterion is the dataset's:
  for the Belgian data, a top-20 rank in a published ranking of the largest pharmaceutical
  companies); at the group level, a group with a member so tagged.
- **NBFs** of the region: :func:`~bioregion.system.firms.region_nbfs` (``nbf_rule``, the
  period, and ``membership``: ``"system"`` or ``"location"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError, UnknownRegionError
from bioregion.model.vocab import ALLIANCE_KINDS
from bioregion.network import betweenness, degree
from bioregion.regions import nuts_country_to_iso
from bioregion.system._deals import check_unit, period_deal_keys
from bioregion.system._families import check_partners, family_of, group_tagged
from bioregion.system._memo import remembered
from bioregion.system._scope import (
    Period,
    as_network,
    check_membership,
    check_period,
    cumulative_graph,
    focal_ties,
    has_tag,
    period_ties,
    region_brokerage,
    region_country,
)
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, region_nbfs

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "ALLIANCE_KINDS",
    "COMPONENTS",
    "LARGE_PHARMA_TAG",
    "components",
    "global_partners",
    "preferred_partners",
    "rank_score",
]

#: The actor tag that marks a large pharmaceutical company (see the dataset's README).
LARGE_PHARMA_TAG = "large_pharma"
#: The components of the preferred-partner score, in column order (``unit="deal"``; with
#: ``unit="tie"`` the repeat component is ``repeat_ties``, see :func:`components`).
COMPONENTS = (
    "large_pharma_partners",
    "repeat_deals",
    "deal_value",
    "degree",
    "betweenness",
    "brokerage",
)
_REPEAT = {"deal": "repeat_deals", "tie": "repeat_ties"}


def components(unit: str = "deal") -> tuple[str, ...]:
    """The score components for a unit of count: :data:`COMPONENTS`, the repeat
    component named after the unit.

    >>> components("tie")[:2]
    ('large_pharma_partners', 'repeat_ties')
    """
    unit = check_unit(unit)
    return tuple(_REPEAT[unit] if c == _REPEAT["deal"] else c for c in COMPONENTS)


def rank_score(values: Iterable[float]) -> np.ndarray:
    """Rank-normalised score in [0, 1]: the share of the *other* units with a strictly lower
    value, ``(rank_min - 1) / (n - 1)``; 0 for a single unit.

    >>> rank_score([0, 5, 5, 2]).tolist()
    [0.0, 0.6666666666666666, 0.6666666666666666, 0.3333333333333333]
    """
    series = pd.Series(list(values), dtype=float).fillna(0.0)
    n = len(series)
    if n <= 1:
        return np.zeros(n)
    return ((series.rank(method="min") - 1) / (n - 1)).to_numpy(float)


def _partner_of(net: TemporalNetwork, partners: str) -> pd.Series:
    """``actor id -> partner`` (its corporate group, or itself), for every actor."""
    if partners == "unit":
        ids = net.actors["id"].astype(str)
        return pd.Series(ids.to_numpy(), index=ids.to_numpy())
    return family_of(net)


def _large_pharma(net: TemporalNetwork, partner_of: pd.Series) -> set[str]:
    """The partners (groups or units, values of ``partner_of``) that are large pharma."""
    tagged = group_tagged(net.actors, partner_of, LARGE_PHARMA_TAG)
    return set(tagged.index[tagged.to_numpy(bool)])


def _focal_rows(
    net: TemporalNetwork, period: Period, firms: Iterable[str], partners: str
) -> pd.DataFrame:
    """The rows of :func:`~bioregion.system._scope.focal_ties` of the period's ties with
    ``who`` (the partner: its group or itself, by ``partners``), ``deal`` (the deal key of
    the tie among the period's ties, partners replaced by ``who``) and ``alliance`` (a tie
    of :data:`ALLIANCE_KINDS`)."""
    ties, partner_of = period_ties(net, period), _partner_of(net, partners)
    # a unit is its own partner: its deal keys are those without groups
    keys = period_deal_keys(net, period, by_group=partners == "group")
    deals = dict(zip(ties["id"], keys, strict=True))
    rows = focal_ties(net, ties, firms)
    rows["deal"] = rows["id"].map(deals)
    rows["who"] = rows["partner"].map(partner_of).fillna(rows["partner"]).astype(str)
    rows["alliance"] = rows["kind"].isin(ALLIANCE_KINDS).astype(bool)
    return rows


def _alliances(
    net: TemporalNetwork, period: Period, firms: Iterable[str], partners: str
) -> pd.DataFrame:
    """The alliance rows of :func:`_focal_rows`."""
    rows = _focal_rows(net, period, firms, partners)
    return rows[rows["alliance"].to_numpy(bool)].reset_index(drop=True)


_RENAMED = {"pharma_partners": "large_pharma_partners", "repeat_partnering": "repeat_deals"}


def _check_weights(weights: Mapping[str, float] | None, unit: str) -> dict[str, float]:
    names = components(unit)
    if weights is None:
        return dict.fromkeys(names, 1.0)
    # the repeat component may be named after either unit
    weights = {_REPEAT[unit] if k in _REPEAT.values() else k: w for k, w in weights.items()}
    if unknown := sorted(set(weights) - set(names)):
        hint = "".join(f" ({old} is now {new})" for old, new in _RENAMED.items() if old in unknown)
        raise ArgumentError(f"unknown weight(s) {unknown}{hint}; use some of {list(names)}")
    if sum(weights.values()) <= 0 or any(w < 0 for w in weights.values()):
        raise ArgumentError(
            f"weights={dict(weights)!r}: weights must be non-negative and not all zero"
        )
    return dict(weights)


def _alliance_counts(
    table: pd.DataFrame, net: TemporalNetwork, period: Period, unit: str, partners: str
) -> None:
    """Add ``large_pharma_partners``, ``repeat_deals`` (or ``repeat_ties``) and
    ``deal_value_eur|usd`` to ``table``."""
    first, last = period
    partner_of = _partner_of(net, partners)
    rows = _focal_rows(net, (-9999, 9999), table["firm"], partners)
    every = rows[rows["alliance"].to_numpy(bool)]
    inside = every[(every["year"] >= first) & (every["year"] <= last)]
    large = inside[inside["who"].isin(_large_pharma(net, partner_of))]
    table["large_pharma_partners"] = (
        table["firm"].map(large.groupby("firm")["who"].nunique()).fillna(0).astype(int)
    )
    earliest = every.groupby(["firm", "who"])["start"].min()
    key = pd.MultiIndex.from_frame(inside[["firm", "who"]])
    repeat = inside[inside["start"].to_numpy() > earliest.reindex(key).to_numpy()]
    if unit == "deal":
        counted = repeat.groupby("firm")["deal"].nunique()
    else:
        counted = repeat.groupby("firm").size()
    table[_REPEAT[unit]] = table["firm"].map(counted).fillna(0).astype(int)
    valued = _deal_rows(rows, inside) if unit == "deal" else inside
    valued = valued[~has_tag(valued["tags"], "round_total").to_numpy(bool)]
    for currency in ("EUR", "USD"):
        sums = valued[valued["currency"] == currency].groupby("firm")["value"].sum(min_count=1)
        table[f"deal_value_{currency.lower()}"] = table["firm"].map(sums).fillna(0.0).astype(float)


def _deal_rows(rows: pd.DataFrame, alliances: pd.DataFrame) -> pd.DataFrame:
    """The rows (of any kind) of a firm that belong to one of its alliance deals: the
    terms of the whole deal (a licence and the equity stake taken with it)."""
    wanted = pd.MultiIndex.from_frame(alliances[["firm", "deal"]])
    keep = pd.MultiIndex.from_frame(rows[["firm", "deal"]]).isin(wanted)
    return rows[keep]


def _centralities(net: TemporalNetwork, period: Period) -> tuple[pd.Series, pd.Series]:
    """Degree and normalised betweenness of every actor in the undirected cumulative
    network of the period (empty when it has no vertex); remembered inside
    :func:`bioregion.system._memo.reuse`."""

    def build() -> tuple[pd.Series, pd.Series]:
        graph = cumulative_graph(net, period, directed=False)
        if not graph.vcount():
            return pd.Series(dtype=int), pd.Series(dtype=float)
        return degree(graph)["degree"], betweenness(graph)["betweenness"]

    return remembered("centralities", net, tuple(period), build)


def _network_position(
    table: pd.DataFrame, net: TemporalNetwork, period: Period, region: str, membership: str
) -> None:
    """Add ``degree``, ``betweenness`` and ``brokerage`` (Gould-Fernandez) to ``table``."""
    degrees, betweennesses = _centralities(net, period)
    if len(degrees):
        table["degree"] = table["firm"].map(degrees).fillna(0).astype(int)
        table["betweenness"] = table["firm"].map(betweennesses).fillna(0.0).astype(float)
    else:
        table["degree"], table["betweenness"] = 0, 0.0
    roles = region_brokerage(net, period, region, membership=membership)
    brokerage = roles["gatekeeper"] + roles["representative"] if len(roles) else pd.Series()
    table["brokerage"] = table["firm"].map(brokerage).fillna(0).astype(int)


def _composite(table: pd.DataFrame, weights: Mapping[str, float], unit: str) -> pd.DataFrame:
    """Add the component scores, ``score`` and ``rank``; sort by rank then firm."""
    deal_value = np.maximum(
        rank_score(table["deal_value_eur"]), rank_score(table["deal_value_usd"])
    )
    composite = np.zeros(len(table))
    for component in components(unit):
        score = deal_value if component == "deal_value" else rank_score(table[component])
        table[f"{component}_score"] = score
        composite += weights.get(component, 0.0) * score
    table["score"] = composite / float(sum(weights.values()))
    table["rank"] = table["score"].rank(method="min", ascending=False).astype(int)
    return table.sort_values(["rank", "firm"], kind="stable").reset_index(drop=True)


# -- indicator 1 -----------------------------------------------------------------------------
def preferred_partners(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    weights: Mapping[str, float] | None = None,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    unit: str = "deal",
    partners: str = "group",
    membership: str = "system",
) -> pd.DataFrame:
    """Rank the NBFs of a region as preferred partners by a composite of nodal position.

    Definition
    ----------
    Scope: the NBFs of the region in the period (:func:`~bioregion.system.firms.region_nbfs`
    with ``nbf_rule`` and ``membership``); the ties that count announced in the period
    (start year within it); alliances, units and partners as in the module docstring. For
    every NBF ``i``:

    - ``large_pharma_partners`` (unit: partners): distinct large-pharma partners (tagged
      ``large_pharma``; with ``partners="group"`` a corporate group counts once and is large
      pharma when a member is tagged) with an alliance with ``i`` in the period.
    - ``repeat_deals`` (``unit="deal"``; ``repeat_ties`` with ``unit="tie"``): alliance deals
      (rows) of the period whose partner (group or unit) already had an alliance with ``i``
      announced on an earlier day (any earlier year, even before the period); rows of the
      first day are the first deal, not a repeat.
    - ``deal_value_eur``, ``deal_value_usd`` (unit: money): the summed announced value, in
      each currency, of its alliance deals of the period: with ``unit="deal"`` every row of
      ``i`` in one of those deals (the licence and the equity stake taken with it the same
      day), with ``unit="tie"`` the alliance rows only. The value of a row is the ties
      frame's ``value`` (the announced total, else the sum of the announced upfront, equity,
      research funding and milestones). Currencies are not converted; rows tagged
      ``round_total`` (the size of a syndicated round, not of the deal) are left out.
    - ``degree``, ``betweenness`` (unit: actors): in the undirected cumulative network of
      every tie of the period (all actors, each actor a vertex whatever ``partners``;
      distinct neighbours, so the unit of count does not matter), betweenness normalised
      (see :func:`bioregion.network.betweenness`).
    - ``brokerage``: Gould & Fernandez (1989) ``gatekeeper + representative`` counts in the
      directed cumulative network of the period, partition region (by ``membership``) vs
      rest of the world.

    Each component ``c`` becomes a rank score ``s_c`` in [0, 1] (:func:`rank_score`: the
    share of the other NBFs of the region with a strictly lower value); the deal-value score is
    ``max(s_eur, s_usd)`` (its standing in the currency it deals in). The composite is the
    weighted mean ``score = sum_c w_c s_c / sum_c w_c`` (default all ``w_c = 1``; a mapping
    ``weights`` gives ``w_c`` for some of :func:`components`, the others weigh 0; the repeat
    component may be given as ``repeat_deals`` or ``repeat_ties``); ``rank`` is 1 for the
    highest score (ties share the best rank).

    ``unit="tie", partners="unit", membership="location"`` gives the counts of the earlier
    definition except where the definitions changed: partners of kind ``pharma`` became
    partners tagged ``large_pharma``, an equity investment by a pharma is no longer an
    alliance (one definition of alliance), failed bids are out of the network.

    References: Powell, Koput & Smith-Doerr (1996) *ASQ* 41:116-145 (network position and
    alliances of biotech firms); Gould & Fernandez (1989) *Sociological Methodology* 19:89-126;
    Rothaermel & Deeds (2004) *SMJ* 25:201-221.

    Returns
    -------
    pandas.DataFrame
        One row per NBF of the region, sorted by rank then id: ``firm, name,
        large_pharma_partners, repeat_deals`` (or ``repeat_ties``), ``deal_value_eur,
        deal_value_usd, degree, betweenness, brokerage``, a ``<component>_score`` per
        component, ``score``, ``rank``. ``attrs``: ``region, period, weights, unit,
        partners, membership``.

    Raises
    ------
    ArgumentError
        For a bad period, weight, ``unit``, ``partners`` or ``membership``.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "p", "q"], "name": ["A", "B", "P", "Q"],
    ...     "kind": ["biotech_firm", "biotech_firm", "pharma", "pharma"],
    ...     "country": ["BE", "BE", "US", "CH"], "nuts": ["BE211", "BE242", "", ""],
    ...     "tags": ["nbf", "nbf", "large_pharma", ""]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2", "t3", "t4", "t5"],
    ...     "kind": ["licence", "option", "licence", "rd_collaboration", "acquisition"],
    ...     "source": ["a", "a", "a", "a", "q"], "target": ["p", "q", "p", "p", "b"],
    ...     "start": ["2001", "2002", "2005-03-01", "2005-03-01", "2010"]})
    >>> table = preferred_partners(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> table[["firm", "large_pharma_partners", "repeat_deals", "score", "rank"]]
      firm  large_pharma_partners  repeat_deals     score  rank
    0    a                      1             1  0.666667     1
    1    b                      0             0  0.000000     2
    """
    net = as_network(data)
    first, last = check_period(period)
    unit, partners = check_unit(unit), check_partners(partners)
    membership = check_membership(membership)
    weights = _check_weights(weights, unit)
    firms = region_nbfs(net, region, (first, last), nbf_rule, membership=membership)
    table = pd.DataFrame({"firm": firms["id"].tolist(), "name": firms["name"].astype(str).tolist()})
    _alliance_counts(table, net, (first, last), unit, partners)
    _network_position(table, net, (first, last), region, membership)
    table = _composite(table, weights, unit)
    table.attrs.update(
        region=region,
        period=(first, last),
        weights=dict(weights),
        unit=unit,
        partners=partners,
        membership=membership,
    )
    return table


def _nuts_country(code: str) -> str:
    """The ISO country of a NUTS code (``""`` when empty or unknown)."""
    try:
        return nuts_country_to_iso(code[:2]) if code else ""
    except UnknownRegionError:
        return ""


def _partner_table(net: TemporalNetwork, partner_of: pd.Series) -> pd.DataFrame:
    """``name, kind, country`` of each partner (group or unit), indexed by partner id: the
    group's head's; the country is the actor's ``country``, else that of its NUTS code."""
    actors = net.actors.set_index("id")
    nuts = actors["nuts"].fillna("").astype(str)
    from_nuts = nuts.map(_nuts_country)
    country = actors["country"].fillna("").astype(str)
    country = country.where(country != "", from_nuts)
    info = pd.DataFrame(
        {"name": actors["name"].astype(str), "kind": actors["kind"].astype(str), "country": country}
    )
    heads = pd.Index(sorted(set(partner_of.to_numpy())))
    return info.reindex(heads).fillna("")


_GLOBAL_COLUMNS = ["partner", "name", "country", "kind", "members", "firms", "deals", "ties"]


def global_partners(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    unit: str = "deal",
    partners: str = "group",
    membership: str = "system",
) -> pd.DataFrame:
    """The foreign partners that the region's NBFs ally with most.

    Scope: the alliances (module docstring) announced in the period between an NBF of the
    region (:func:`~bioregion.system.firms.region_nbfs` with ``nbf_rule`` and
    ``membership``) and a partner (a corporate group with ``partners="group"``, an actor with
    ``"unit"``) whose country is not the region's country. The region's country is
    :func:`~bioregion.system._scope.region_country` (from its NUTS codes, e.g. ``BE`` for a
    Belgian region); a partner's country is its actor ``country``, else the country of its
    NUTS code; a group's is its ultimate parent's (a foreign group's domestic subsidiary is
    part of a foreign partner). Partners of unknown country are left out and listed in
    ``attrs["unknown_country"]``.

    Units: ``firms`` is the number of distinct NBFs the partner allied with, ``deals`` the
    number of its alliance deals with them (:func:`~bioregion.system._deals.deal_keys`),
    ``ties`` the number of alliance rows. Sorted by ``firms``, then the count of ``unit``
    (``deals`` or ``ties``), then the other count (all descending), then partner id. (The
    reverse view of the preferred-partner ranking; Owen-Smith & Powell 2004
    *Organization Science* 15:5-21.)

    Returns
    -------
    pandas.DataFrame
        ``partner, name, country, kind`` (the group's head's with ``partners="group"``),
        ``members`` (the ``;``-joined ids of the actors of the partner that allied),
        ``firms, deals, ties``. ``attrs``: ``region, period, unit, partners, membership,
        home_country, unknown_country``.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "p", "q", "s", "u"],
    ...     "name": ["A", "B", "P", "Q", "S", "U"],
    ...     "kind": ["biotech_firm"] * 2 + ["pharma"] * 3 + ["university"],
    ...     "country": ["BE", "BE", "US", "CH", "BE", "BE"],
    ...     "nuts": ["BE211", "BE242", "", "", "BE213", "BE100"],
    ...     "tags": ["nbf", "nbf", "", "", "", ""]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2", "t3", "t4", "t5", "t6", "t7"],
    ...     "kind": ["licence", "option", "licence", "rd_collaboration", "subsidiary",
    ...              "licence", "licence"],
    ...     "source": ["a", "a", "a", "b", "p", "s", "u"],
    ...     "target": ["p", "q", "p", "p", "s", "b", "a"],
    ...     "start": ["2001", "2002", "2001", "2010", "1990", "2003", "2004"]})
    >>> global_partners(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
      partner name country    kind members  firms  deals  ties
    0       p    P      US  pharma     p;s      2      3     4
    1       q    Q      CH  pharma       q      1      1     1
    """
    net = as_network(data)
    first, last = check_period(period)
    unit, partners = check_unit(unit), check_partners(partners)
    membership = check_membership(membership)
    ids = region_nbfs(net, region, (first, last), nbf_rule, membership=membership)["id"]
    partner_of = _partner_of(net, partners)
    rows = _alliances(net, (first, last), ids, partners)
    info, home = _partner_table(net, partner_of), region_country(region)
    country = rows["who"].map(info["country"]).fillna("")
    unknown = sorted(set(rows.loc[country == "", "who"]))
    rows = rows[((country != "") & (country != home)).to_numpy(bool)]
    attrs = {"region": region, "period": (first, last), "unit": unit, "partners": partners}
    attrs.update(membership=membership, home_country=home, unknown_country=unknown)
    if rows.empty:
        counts = ("firms", "deals", "ties")
        empty = {c: pd.Series(dtype=int if c in counts else object) for c in _GLOBAL_COLUMNS}
        out = pd.DataFrame(empty)
        out.attrs.update(attrs)
        return out
    grouped = rows.groupby("who").agg(
        members=("partner", lambda s: ";".join(sorted(set(s)))),
        firms=("firm", "nunique"),
        deals=("deal", "nunique"),
        ties=("id", "nunique"),
    )
    grouped = grouped.join(info).rename_axis("partner").reset_index()
    counts = ["deals", "ties"] if unit == "deal" else ["ties", "deals"]
    grouped = grouped.sort_values(
        ["firms", *counts, "partner"], ascending=[False, False, False, True], kind="stable"
    )
    out = grouped[_GLOBAL_COLUMNS].reset_index(drop=True)
    out.attrs.update(attrs)
    return out
