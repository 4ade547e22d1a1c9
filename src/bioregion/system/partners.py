"""Preferred partners: which firms of a region global (bio)pharma allies with most, and the
reverse, which global partners the region's firms ally with most.

The *most preferred partner* of the seed dissertation is a firm in a strong *nodal
position*: many distinct large-pharma partners, partners that come back for more deals,
large announced deals, and a central, brokering position in the network (Powell, Koput &
Smith-Doerr 1996; Owen-Smith & Powell 2004; Gould & Fernandez 1989).

The NBFs of the region are chosen by :class:`~bioregion.system.firms.NBFRule`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import ALLIANCE_KINDS, ActorKind, TieKind
from bioregion.network import betweenness, degree
from bioregion.system._scope import (
    Period,
    as_network,
    check_period,
    focal_ties,
    in_region,
    period_graph,
    period_ties,
    region_brokerage,
)
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, region_nbfs

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "ALLIANCE_KINDS",
    "COMPONENTS",
    "global_partners",
    "preferred_partners",
    "rank_score",
]

#: The components of the preferred-partner score, in column order.
COMPONENTS = (
    "pharma_partners",
    "repeat_partnering",
    "deal_value",
    "degree",
    "betweenness",
    "brokerage",
)


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


def _is_alliance(ties: pd.DataFrame, partner_is_source: pd.Series, partner_kind: pd.Series):
    """Alliance ties: :data:`~bioregion.model.vocab.ALLIANCE_KINDS`, or equity invested by a
    pharma partner."""
    kind = ties["kind"]
    pharma_equity = (
        (kind == TieKind.EQUITY_INVESTMENT) & partner_is_source & (partner_kind == ActorKind.PHARMA)
    )
    return kind.isin(ALLIANCE_KINDS) | pharma_equity


def _alliances(net: TemporalNetwork, ties: pd.DataFrame, firms: Iterable[str]) -> pd.DataFrame:
    rows = focal_ties(net, ties, firms)
    keep = _is_alliance(rows, ~rows["firm_is_source"], rows["partner_kind"])
    return rows[keep.to_numpy(bool)].reset_index(drop=True)


def _check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict.fromkeys(COMPONENTS, 1.0)
    if unknown := sorted(set(weights) - set(COMPONENTS)):
        raise ArgumentError(f"unknown weight(s) {unknown}; use some of {list(COMPONENTS)}")
    if sum(weights.values()) <= 0 or any(w < 0 for w in weights.values()):
        raise ArgumentError(
            f"weights={dict(weights)!r}: weights must be non-negative and not all zero"
        )
    return dict(weights)


def _alliance_counts(table: pd.DataFrame, net: TemporalNetwork, period: Period) -> None:
    """Add ``pharma_partners``, ``repeat_partnering``, ``deal_value_eur|usd`` to ``table``."""
    first, last = period
    every = _alliances(net, period_ties(net, (-9999, 9999)), table["firm"])
    in_period = every[(every["year"] >= first) & (every["year"] <= last)]
    pharma = in_period[in_period["partner_kind"] == ActorKind.PHARMA]
    table["pharma_partners"] = (
        table["firm"].map(pharma.groupby("firm")["partner"].nunique()).fillna(0).astype(int)
    )
    earliest = every.groupby(["firm", "partner"])["start"].min()
    key = pd.MultiIndex.from_frame(in_period[["firm", "partner"]])
    repeat = in_period["start"].to_numpy() > earliest.reindex(key).to_numpy()
    table["repeat_partnering"] = (
        table["firm"].map(in_period[repeat].groupby("firm").size()).fillna(0).astype(int)
    )
    valued = in_period[~in_period["tags"].map(lambda tags: "round_total" in tags).astype(bool)]
    for currency in ("EUR", "USD"):
        sums = valued[valued["currency"] == currency].groupby("firm")["value"].sum(min_count=1)
        table[f"deal_value_{currency.lower()}"] = table["firm"].map(sums).fillna(0.0).astype(float)


def _network_position(
    table: pd.DataFrame, net: TemporalNetwork, ties: pd.DataFrame, region: str
) -> None:
    """Add ``degree``, ``betweenness`` and ``brokerage`` (Gould-Fernandez) to ``table``."""
    graph = period_graph(net, ties, directed=False)
    if graph.vcount():
        table["degree"] = table["firm"].map(degree(graph)["degree"]).fillna(0).astype(int)
        table["betweenness"] = (
            table["firm"].map(betweenness(graph)["betweenness"]).fillna(0.0).astype(float)
        )
    else:
        table["degree"], table["betweenness"] = 0, 0.0
    roles = region_brokerage(net, ties, region)
    brokerage = roles["gatekeeper"] + roles["representative"] if len(roles) else pd.Series()
    table["brokerage"] = table["firm"].map(brokerage).fillna(0).astype(int)


def _composite(table: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Add the component scores, ``score`` and ``rank``; sort by rank then firm."""
    scores = {
        "pharma_partners": rank_score(table["pharma_partners"]),
        "repeat_partnering": rank_score(table["repeat_partnering"]),
        "deal_value": np.maximum(
            rank_score(table["deal_value_eur"]), rank_score(table["deal_value_usd"])
        ),
        "degree": rank_score(table["degree"]),
        "betweenness": rank_score(table["betweenness"]),
        "brokerage": rank_score(table["brokerage"]),
    }
    composite = np.zeros(len(table))
    for component in COMPONENTS:
        table[f"{component}_score"] = scores[component]
        composite += weights.get(component, 0.0) * scores[component]
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
) -> pd.DataFrame:
    """Rank the NBFs of a region as preferred partners by a composite of nodal position.

    Definition
    ----------
    For every NBF ``i`` of the region (by ``nbf_rule``, :class:`~bioregion.system.firms.NBFRule`:
    by default the actors tagged ``nbf``, or, in data without that tag, the biotech firms;
    NUTS code in the region), over the ties
    announced in the period (start year within it):

    - ``pharma_partners``: distinct partners of kind ``pharma`` tied to ``i`` by an alliance:
      a licence, option, R&D collaboration, co-development, co-commercialisation or joint
      venture in either direction, or an equity investment made *by* the pharma in ``i``
      (acquisitions, grants, spin-offs, services are not alliances).
    - ``repeat_partnering``: alliance ties (with any partner) whose partner already had an
      alliance with ``i`` announced on an earlier day (any earlier year, even before the
      period); ties announced the same day as the first are one deal, not a repeat.
    - ``deal_value_eur``, ``deal_value_usd``: the summed announced value of its alliance
      ties in each currency (the ties frame's ``value``: the announced total, else the sum
      of the announced upfront, equity, research funding and milestones). Currencies are not
      converted; ties tagged ``round_total`` (the size of a syndicated round, not of the deal)
      are left out.
    - ``degree``, ``betweenness``: in the undirected cumulative network of every tie of
      the period (all actors), betweenness normalised (see :func:`bioregion.network.betweenness`).
    - ``brokerage``: Gould & Fernandez (1989) ``gatekeeper + representative`` counts in the
      directed cumulative network of the period, partition region vs rest of the world.

    Each component ``c`` becomes a rank score ``s_c`` in [0, 1] (:func:`rank_score`: the
    share of the other NBFs of the region with a strictly lower value); the deal-value score is
    ``max(s_eur, s_usd)`` (its standing in the currency it deals in). The composite is the
    weighted mean ``score = sum_c w_c s_c / sum_c w_c`` (default all ``w_c = 1``; a mapping
    ``weights`` gives ``w_c`` for some of :data:`COMPONENTS`, the others weigh 0); ``rank``
    is 1 for the highest score (ties share the best rank).

    References: Powell, Koput & Smith-Doerr (1996) *ASQ* 41:116-145 (network position and
    alliances of biotech firms); Gould & Fernandez (1989) *Sociological Methodology* 19:89-126;
    Rothaermel & Deeds (2004) *SMJ* 25:201-221.

    Returns
    -------
    pandas.DataFrame
        One row per NBF of the region, sorted by rank then id: ``firm, name,
        pharma_partners, repeat_partnering, deal_value_eur, deal_value_usd, degree,
        betweenness, brokerage``, a ``<component>_score`` per component, ``score``, ``rank``.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "p", "q"], "name": ["A", "B", "P", "Q"],
    ...     "kind": ["biotech_firm", "biotech_firm", "pharma", "pharma"],
    ...     "country": ["BE", "BE", "US", "CH"], "nuts": ["BE211", "BE242", "", ""],
    ...     "tags": ["nbf", "nbf", "big_pharma", "big_pharma"]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2", "t3", "t4"],
    ...     "kind": ["licence", "option", "licence", "acquisition"],
    ...     "source": ["a", "a", "a", "q"], "target": ["p", "q", "p", "b"],
    ...     "start": ["2001", "2002", "2005", "2010"], "end": ["", "", "", ""]})
    >>> table = preferred_partners(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> table[["firm", "pharma_partners", "repeat_partnering", "score", "rank"]]
      firm  pharma_partners  repeat_partnering     score  rank
    0    a                2                  1  0.666667     1
    1    b                0                  0  0.000000     2
    """
    net = as_network(data)
    weights = _check_weights(weights)
    first, last = check_period(period)
    firms = region_nbfs(net, region, nbf_rule)
    table = pd.DataFrame({"firm": firms["id"].tolist(), "name": firms["name"].astype(str).tolist()})
    _alliance_counts(table, net, (first, last))
    _network_position(table, net, period_ties(net, (first, last)), region)
    table = _composite(table, weights)
    table.attrs.update(region=region, period=(first, last), weights=dict(weights))
    return table


def global_partners(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
) -> pd.DataFrame:
    """The partners outside the region that the region's NBFs ally with most.

    A partner counts when it is located outside the region (its NUTS code is not in it, or it
    has none) and has an alliance tie, as defined in :func:`preferred_partners` (licence,
    option, R&D collaboration, co-development, co-commercialisation, joint venture, or equity
    invested by a pharma), announced in the period with an NBF of the region (chosen by
    ``nbf_rule``, see :class:`~bioregion.system.firms.NBFRule`). ``firms`` is the
    number of distinct NBFs it allied with, ``ties`` the number of those alliance ties.
    Sorted by ``firms``, then ``ties`` (descending), then id. (The reverse view of the
    preferred-partner ranking; Owen-Smith & Powell 2004 *Organization Science* 15:5-21.)

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "p", "q"], "name": ["A", "B", "P", "Q"],
    ...     "kind": ["biotech_firm", "biotech_firm", "pharma", "pharma"],
    ...     "country": ["BE", "BE", "US", "CH"], "nuts": ["BE211", "BE242", "", ""],
    ...     "tags": ["nbf", "nbf", "", ""]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2", "t3", "t4"],
    ...     "kind": ["licence", "option", "licence", "rd_collaboration"],
    ...     "source": ["a", "a", "a", "b"], "target": ["p", "q", "p", "p"],
    ...     "start": ["2001", "2002", "2005", "2010"], "end": ["", "", "", ""]})
    >>> global_partners(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
      partner name country    kind  firms  ties
    0       p    P      US  pharma      2     3
    1       q    Q      CH  pharma      1     1
    """
    net = as_network(data)
    ids = region_nbfs(net, region, nbf_rule)["id"].tolist()
    rows = _alliances(net, period_ties(net, period), ids)
    inside = dict(zip(net.actors["id"], in_region(net.actors, region), strict=True))
    rows = rows[~rows["partner"].map(inside).fillna(False).astype(bool)]
    columns = ["partner", "name", "country", "kind", "firms", "ties"]
    if rows.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype=int if c in ("firms", "ties") else object) for c in columns}
        )
    grouped = rows.groupby("partner").agg(
        name=("partner_name", "first"),
        country=("partner_country", "first"),
        kind=("partner_kind", "first"),
        firms=("firm", "nunique"),
        ties=("id", "nunique"),
    )
    grouped = grouped.reset_index().sort_values(
        ["firms", "ties", "partner"], ascending=[False, False, True], kind="stable"
    )
    return grouped[columns].reset_index(drop=True)
