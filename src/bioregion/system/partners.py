"""Preferred partners: which firms of a region global (bio)pharma allies with most, and the
reverse, which global partners the region's firms ally with most.

The *most preferred partner* of the seed dissertation is a firm in a strong *nodal
position*: many distinct large-pharma partners, partners that come back for more deals,
large announced deals, and a central, brokering position in the network (Powell, Koput &
Smith-Doerr 1996; Owen-Smith & Powell 2004; Gould & Fernandez 1989).

This module also holds the small helpers the other ``system`` indicators share: reading the
network, the NBFs of a region and the ties of a period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.network import TemporalNetwork, betweenness, degree, gould_fernandez
from bioregion.regions import named_region

if TYPE_CHECKING:
    import igraph as ig

    from bioregion.store.store import Store

__all__ = [
    "ALLIANCE_KINDS",
    "COMPONENTS",
    "global_partners",
    "preferred_partners",
    "rank_score",
]

Data = "Store | TemporalNetwork"
Period = tuple[int, int]
DEFAULT_PERIOD: Period = (1987, 2025)

#: Tie kinds that are alliances with a partner (equity only when a pharma invests).
ALLIANCE_KINDS = frozenset(
    {
        "licence",
        "option",
        "rd_collaboration",
        "co_development",
        "co_commercialisation",
        "joint_venture",
    }
)
#: The components of the preferred-partner score, in column order.
COMPONENTS = (
    "pharma_partners",
    "repeat_partnering",
    "deal_value",
    "degree",
    "betweenness",
    "brokerage",
)


# -- shared helpers -------------------------------------------------------------------------
def as_network(data: Store | TemporalNetwork) -> TemporalNetwork:
    """The temporal network of a store (or the network itself)."""
    if isinstance(data, TemporalNetwork):
        return data
    return TemporalNetwork.from_store(data)


def in_region(actors: pd.DataFrame, region: str) -> pd.Series:
    """True for the actors (rows of an actors frame) whose NUTS code lies in ``region``."""
    area = named_region(region)
    nuts = actors["nuts"].fillna("").astype(str)
    inside = {code: bool(code) and area.contains(code) for code in nuts.unique()}
    return nuts.map(inside).astype(bool)


def region_country(region: str) -> str:
    """ISO 3166 alpha-2 country of a named region (from the first letters of its NUTS code)."""
    from bioregion.regions import nuts_country_to_iso

    return nuts_country_to_iso(named_region(region).codes[0][:2])


def region_nbfs(net: TemporalNetwork, region: str) -> pd.DataFrame:
    """The actors tagged ``nbf`` located in ``region``, sorted by id."""
    actors = net.actors
    nbf = actors["tags"].map(lambda tags: "nbf" in tags).astype(bool)
    chosen = actors[nbf & in_region(actors, region)]
    return chosen.sort_values("id").reset_index(drop=True)


def check_period(period: Period) -> tuple[int, int]:
    first, last = int(period[0]), int(period[1])
    if first > last:
        raise ValueError(f"period={period!r} ends before it starts")
    return first, last


def period_ties(net: TemporalNetwork, period: Period) -> pd.DataFrame:
    """Ties (no self-ties) announced in the period: start year within it, with ``year``."""
    first, last = check_period(period)
    ties = net.ties
    year = ties["start"].dt.year
    keep = (year >= first) & (year <= last) & (ties["source"] != ties["target"])
    out = ties[keep.to_numpy(bool)].copy()
    out["year"] = year[keep].astype(int)
    return out.reset_index(drop=True)


def period_graph(net: TemporalNetwork, ties: pd.DataFrame, *, directed: bool) -> ig.Graph:
    """The cumulative graph of some ties (every actor of ``net`` with a tie is a vertex)."""
    columns = [c for c in ties.columns if c != "year"]
    return TemporalNetwork(ties[columns], net.actors).graph(directed=directed)


def region_partition(graph: ig.Graph, net: TemporalNetwork, region: str) -> dict[str, str]:
    """``actor id -> "region" | "outside"`` for the vertices of a graph."""
    inside = dict(zip(net.actors["id"], in_region(net.actors, region), strict=True))
    return {name: "region" if inside.get(name) else "outside" for name in graph.vs["name"]}


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
    """Alliance ties: :data:`ALLIANCE_KINDS`, or equity invested by a pharma partner."""
    kind = ties["kind"]
    pharma_equity = (kind == "equity_investment") & partner_is_source & (partner_kind == "pharma")
    return kind.isin(ALLIANCE_KINDS) | pharma_equity


def focal_ties(net: TemporalNetwork, ties: pd.DataFrame, firms: Iterable[str]) -> pd.DataFrame:
    """One row per (tie, focal firm) for the ties of ``firms``: ``firm``, ``partner``,
    ``firm_is_source`` and the partner's ``partner_kind``, ``partner_country``,
    ``partner_nuts``; a tie between two focal firms gives two rows."""
    wanted = set(firms)
    parts = []
    for firm_col, partner_col, is_source in (
        ("source", "target", True),
        ("target", "source", False),
    ):
        rows = ties[ties[firm_col].isin(wanted)].copy()
        rows["firm"], rows["partner"] = rows[firm_col], rows[partner_col]
        rows["firm_is_source"] = is_source
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    info = net.actors.set_index("id")
    for column in ("kind", "country", "nuts", "name"):
        out[f"partner_{column}"] = out["partner"].map(info[column]).fillna("").astype(str)
    return out.sort_values(["firm", "start", "id"], kind="stable").reset_index(drop=True)


def _alliances(net: TemporalNetwork, ties: pd.DataFrame, firms: Iterable[str]) -> pd.DataFrame:
    rows = focal_ties(net, ties, firms)
    keep = _is_alliance(rows, ~rows["firm_is_source"], rows["partner_kind"])
    return rows[keep.to_numpy(bool)].reset_index(drop=True)


def _gf_region(net: TemporalNetwork, ties: pd.DataFrame, region: str) -> pd.DataFrame:
    """Gould-Fernandez raw roles on the directed cumulative graph of ``ties``, region vs rest."""
    graph = period_graph(net, ties, directed=True)
    if graph.vcount() == 0:
        return pd.DataFrame(columns=["representative", "gatekeeper"], dtype=float)
    return gould_fernandez(graph, region_partition(graph, net, region)).raw


# -- indicator 1 -----------------------------------------------------------------------------
def preferred_partners(
    data: Store | TemporalNetwork,
    region: str = "flanders",
    period: Period = DEFAULT_PERIOD,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Rank the NBFs of a region as preferred partners by a composite of nodal position.

    Definition
    ----------
    For every NBF ``i`` of the region (tag ``nbf``, NUTS code in the region), over the ties
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
    >>> table = preferred_partners(TemporalNetwork(ties, actors))
    >>> table[["firm", "pharma_partners", "repeat_partnering", "score", "rank"]]
      firm  pharma_partners  repeat_partnering     score  rank
    0    a                2                  1  0.666667     1
    1    b                0                  0  0.000000     2
    """
    net = as_network(data)
    if weights is None:
        weights = dict.fromkeys(COMPONENTS, 1.0)
    if unknown := sorted(set(weights) - set(COMPONENTS)):
        raise ValueError(f"unknown weight(s) {unknown}; use some of {list(COMPONENTS)}")
    total_weight = float(sum(weights.values()))
    if total_weight <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("weights must be non-negative and not all zero")

    firms = region_nbfs(net, region)
    ids = firms["id"].tolist()
    ties = period_ties(net, period)
    table = pd.DataFrame({"firm": ids, "name": firms["name"].astype(str).tolist()})

    every = _alliances(net, period_ties(net, (-9999, 9999)), ids)
    first, last = check_period(period)
    in_period = every[(every["year"] >= first) & (every["year"] <= last)]
    pharma = in_period[in_period["partner_kind"] == "pharma"]
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

    graph = period_graph(net, ties, directed=False)
    if graph.vcount():
        table["degree"] = table["firm"].map(degree(graph)["degree"]).fillna(0).astype(int)
        table["betweenness"] = (
            table["firm"].map(betweenness(graph)["betweenness"]).fillna(0.0).astype(float)
        )
    else:
        table["degree"], table["betweenness"] = 0, 0.0
    roles = _gf_region(net, ties, region)
    brokerage = roles["gatekeeper"] + roles["representative"] if len(roles) else pd.Series()
    table["brokerage"] = table["firm"].map(brokerage).fillna(0).astype(int)

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
    table["score"] = composite / total_weight
    table["rank"] = table["score"].rank(method="min", ascending=False).astype(int)
    table = table.sort_values(["rank", "firm"], kind="stable").reset_index(drop=True)
    table.attrs.update(region=region, period=(first, last), weights=dict(weights))
    return table


def global_partners(
    data: Store | TemporalNetwork,
    region: str = "flanders",
    period: Period = DEFAULT_PERIOD,
) -> pd.DataFrame:
    """The partners outside the region that the region's NBFs ally with most.

    A partner counts when it is located outside the region (its NUTS code is not in it, or it
    has none) and has an alliance tie, as defined in :func:`preferred_partners` (licence,
    option, R&D collaboration, co-development, co-commercialisation, joint venture, or equity
    invested by a pharma), announced in the period with an NBF of the region. ``firms`` is the
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
    >>> global_partners(TemporalNetwork(ties, actors))
      partner name country    kind  firms  ties
    0       p    P      US  pharma      2     3
    1       q    Q      CH  pharma      1     1
    """
    net = as_network(data)
    ids = region_nbfs(net, region)["id"].tolist()
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
