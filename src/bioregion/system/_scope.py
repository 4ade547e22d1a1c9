"""What every indicator of :mod:`bioregion.system` selects first: the network of the data,
the actors of a region, the ties of a period, and the graphs and partitions built from them.

One version of each rule, shared by all the indicator modules (private to the package).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import OWNERSHIP_CHANGE_KINDS, TieStatus
from bioregion.network import TemporalNetwork, gould_fernandez
from bioregion.regions import members_of, named_region, named_regions, nuts_country_to_iso
from bioregion.system._memo import remembered

if TYPE_CHECKING:
    import igraph as ig

    from bioregion.store.store import Store

__all__ = [
    "MEMBERSHIPS",
    "Period",
    "actor_info",
    "as_network",
    "check_membership",
    "check_period",
    "cumulative_graph",
    "exists_in_period",
    "failed_bid_mask",
    "failed_bid_ties",
    "focal_ties",
    "has_tag",
    "in_period",
    "in_region",
    "period_graph",
    "period_ties",
    "proper_ties",
    "region_brokerage",
    "region_country",
    "region_label",
    "region_partition",
    "start_year_network",
    "tie_years",
]

#: First and last year (both included).
Period = tuple[int, int]
#: How an actor belongs to a region: ``system`` (membership of the regional innovation
#: system: the actor's ``systems`` when given, else its location) or ``location`` (its
#: NUTS code only).
MEMBERSHIPS = ("system", "location")


def as_network(data: Store | TemporalNetwork) -> TemporalNetwork:
    """The temporal network of a store (or the network itself)."""
    if isinstance(data, TemporalNetwork):
        return data
    return TemporalNetwork.from_store(data)


def check_period(period: Any) -> Period:
    """``(first, last)`` as ints; :class:`ArgumentError` unless a pair with first <= last.

    >>> check_period(("2001", 2005))
    (2001, 2005)
    """
    try:
        first, last = (int(year) for year in period)
    except (TypeError, ValueError):
        raise ArgumentError(
            f"period={period!r} is not a pair of years; give (first year, last year), "
            "e.g. (2000, 2010)"
        ) from None
    if first > last:
        raise ArgumentError(
            f"period={period!r} ends before it starts; give (first year, last year), "
            f"e.g. ({last}, {first})"
        )
    return first, last


def check_membership(membership: Any) -> str:
    """``membership`` when it is one of :data:`MEMBERSHIPS`, else :class:`ArgumentError`.

    >>> check_membership("location")
    'location'
    """
    if not isinstance(membership, str) or membership not in MEMBERSHIPS:
        raise ArgumentError(
            f"membership={membership!r} is not a membership rule; give 'system' (the "
            "actor's regional innovation systems, else its location) or 'location' (its "
            "NUTS code only)"
        )
    return membership


def in_region(actors: pd.DataFrame, region: str | None, *, membership: str = "system") -> pd.Series:
    """True for the actors (rows of an actors frame) that belong to ``region`` (a named
    region or NUTS code); every actor when ``region`` is None.

    Rule (``membership="system"``, the default): an actor that lists regional innovation
    systems (column ``systems``: named regions or NUTS codes, by jurisdiction or mandate)
    belongs to ``region`` when one of them is ``region`` or lies inside it (a regional
    agency seated in the capital region BE1 with ``systems=("BE2",)`` is in the system of
    BE2, not of BE1); an actor with no ``systems`` (or a frame without the column) belongs
    where its NUTS code lies (:func:`bioregion.regions.member_of`).
    ``membership="location"``: the NUTS code only (for maps). An actor with neither is
    in no region. Anything else: :class:`ArgumentError`.

    >>> actors = pd.DataFrame({"nuts": ["BE100", "BE211", ""],
    ...     "systems": [("BE2",), (), ("BE21",)]})
    >>> in_region(actors, "BE2").tolist()
    [True, True, True]
    >>> in_region(actors, "BE1").tolist()
    [False, False, False]
    >>> in_region(actors, "BE1", membership="location").tolist()
    [True, False, False]
    """
    check_membership(membership)
    if region is None:
        return pd.Series(True, index=actors.index)
    systems = actors["systems"] if "systems" in actors.columns else None
    inside = _members(systems, actors["nuts"], region, membership)
    return pd.Series(inside, index=actors.index, dtype=bool)


def _members(
    systems: pd.Series | None, nuts: pd.Series, region: str, membership: str
) -> np.ndarray:
    """:func:`~bioregion.regions.members_of` of the columns, asked once per distinct
    (systems, nuts) pair of them (a frame of many actors has few distinct pairs)."""
    if systems is not None and membership == "system":
        try:
            held, entries = pd.factorize(systems.to_numpy(object))
        except TypeError:  # unhashable cells (lists): ask for every actor
            return np.asarray(members_of(systems, nuts, region, membership=membership), bool)
        entries = [*entries, None]  # NaN or None: no systems
        held = np.where(held < 0, len(entries) - 1, held)
    else:
        held, entries = np.zeros(len(nuts), dtype=np.int64), [None]
    codes = [code if isinstance(code, str) else "" for code in nuts.to_numpy(object)]
    located, places = pd.factorize(np.asarray(codes, dtype=object))
    pairs, distinct = pd.factorize(held.astype(np.int64) * (len(places) + 1) + located)
    first, second = np.divmod(np.asarray(distinct, dtype=np.int64), len(places) + 1)
    answers = members_of(
        [entries[i] for i in first],
        [places[j] if j < len(places) else "" for j in second],
        region,
        membership=membership,
    )
    return np.asarray(answers, dtype=bool)[pairs]


def region_country(region: str) -> str:
    """ISO 3166 alpha-2 country of a named region (from the first letters of its NUTS code)."""
    return nuts_country_to_iso(named_region(region).codes[0][:2])


def region_label(actors: pd.DataFrame) -> pd.Series:
    """The registered named region of each actor, else its country code.

    ``""`` when neither is known. Regions only derived from a NUTS-1 code (``de2``) give
    way to the country, so labels abroad stay countries.
    """
    registered = {r.key for r in named_regions()}
    region = actors["region"].astype(str)
    return region.where(region.isin(registered), actors["country"].astype(str))


def actor_info(net: TemporalNetwork) -> pd.DataFrame:
    """The actors indexed by id (the id kept as a column) with their region ``label``."""
    actors = net.actors.set_index("id", drop=False)
    return actors.assign(label=region_label(actors))


def has_tag(tags: pd.Series, tag: str) -> pd.Series:
    """True where a tags column (tuples of tags) holds ``tag``."""
    return tags.map(lambda held: tag in (held or ())).astype(bool)


def exists_in_period(actors: pd.DataFrame, period: Period) -> pd.Series:
    """True for actors founded by the end of the period (or of unknown founding) and not
    ended before it starts."""
    first, last = check_period(period)
    lo, hi = pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31)
    founded_by_end = actors["founded"].isna() | (actors["founded"] <= hi)
    not_ended_before = actors["ended"].isna() | (actors["ended"] >= lo)
    return founded_by_end & not_ended_before


def tie_years(ties: pd.DataFrame) -> pd.Series:
    """The start year of each tie (int)."""
    return ties["start"].dt.year.astype(int)


def in_period(ties: pd.DataFrame, period: Period) -> pd.Series:
    """True for the ties whose start year lies in the period."""
    first, last = check_period(period)
    years = ties["start"].dt.year  # float: an unknown start is in no period
    return (years >= first) & (years <= last)


def _tie_frame(data: TemporalNetwork | pd.DataFrame) -> pd.DataFrame:
    return data.ties if isinstance(data, TemporalNetwork) else data


def failed_bid_mask(ties: pd.DataFrame) -> pd.Series:
    """True for the failed or lapsed bids: ``acquisition`` or ``merger`` ties with status
    ``terminated`` (design note 4)."""
    if "status" not in ties.columns:
        return pd.Series(False, index=ties.index)
    terminated = ties["status"].fillna("").astype(str) == TieStatus.TERMINATED
    return (ties["kind"].isin(OWNERSHIP_CHANGE_KINDS) & terminated).astype(bool)


def failed_bid_ties(data: TemporalNetwork | pd.DataFrame) -> pd.DataFrame:
    """The failed or lapsed bids (:func:`failed_bid_mask`) of a network or ties frame."""
    ties = _tie_frame(data)
    return ties[failed_bid_mask(ties).to_numpy(bool)]


def proper_ties(data: TemporalNetwork | pd.DataFrame) -> pd.DataFrame:
    """The ties of a network (or ties frame) that count: between two distinct actors, and
    not a failed bid (a ``terminated`` acquisition or merger, :func:`failed_bid_mask`).

    Every indicator reads its ties through this rule (via :func:`period_ties` or
    directly), so a failed bid is in no count, share, ranking or pathway; the indicators
    that discuss acquisitions list failed bids separately (:func:`failed_bid_ties`).
    The ties of a network are remembered inside :func:`bioregion.system._memo.reuse`
    (never change the frame).
    """

    def build() -> pd.DataFrame:
        ties = _tie_frame(data)
        keep = (ties["source"] != ties["target"]) & ~failed_bid_mask(ties)
        return ties[keep.to_numpy(bool)]

    if isinstance(data, TemporalNetwork):
        return remembered("proper_ties", data, (), build)
    return build()


def period_ties(net: TemporalNetwork, period: Period) -> pd.DataFrame:
    """Ties that count (:func:`proper_ties`: no self-ties, no failed bids) announced in
    the period: start year within it, with ``year`` (a frame of the caller's own)."""
    period = check_period(period)

    def build() -> pd.DataFrame:
        ties = proper_ties(net)
        out = ties[in_period(ties, period).to_numpy(bool)].copy()
        out["year"] = tie_years(out)
        return out.reset_index(drop=True)

    return remembered("period_ties", net, period, build).copy()


def period_graph(net: TemporalNetwork, ties: pd.DataFrame, *, directed: bool) -> ig.Graph:
    """The cumulative graph of some ties (every actor of ``net`` with a tie is a vertex)."""
    columns = [c for c in ties.columns if c != "year"]
    return TemporalNetwork(ties[columns], net.actors).graph(directed=directed)


def cumulative_graph(net: TemporalNetwork, period: Period, *, directed: bool) -> ig.Graph:
    """:func:`period_graph` of :func:`period_ties`: the cumulative graph of the ties that
    count announced in the period (remembered inside :func:`bioregion.system._memo.reuse`;
    never change it)."""
    period = check_period(period)

    def build() -> ig.Graph:
        return period_graph(net, period_ties(net, period), directed=directed)

    return remembered("cumulative_graph", net, (period, directed), build)


def start_year_network(net: TemporalNetwork, period: Period) -> TemporalNetwork:
    """The ties of :func:`period_ties` as a network in which each tie is active in its
    start year only, so that ``graph(window=(a, b))`` is :func:`period_graph` of the
    ties announced in the years ``a`` to ``b`` (one network for every window of the
    period; remembered inside :func:`bioregion.system._memo.reuse`)."""
    period = check_period(period)

    def build() -> TemporalNetwork:
        ties = period_ties(net, period)
        next_year = (ties["year"].to_numpy(np.int64) - 1969).astype("M8[Y]")
        year_end = next_year.astype("M8[D]") - np.timedelta64(1, "D")
        ties = ties.drop(columns="year").assign(end=year_end.astype(ties["start"].dtype))
        return TemporalNetwork(ties, net.actors)

    return remembered("start_year_network", net, period, build)


def region_members(net: TemporalNetwork, region: str | None, *, membership: str = "system") -> dict:
    """``actor id -> True/False``: :func:`in_region` of every actor of ``net`` (remembered
    inside :func:`bioregion.system._memo.reuse`; never change it)."""

    def build() -> dict:
        inside = in_region(net.actors, region, membership=membership)
        return dict(zip(net.actors["id"], inside, strict=True))

    return remembered("region_members", net, (region, membership), build)


def region_partition(
    graph: ig.Graph, net: TemporalNetwork, region: str, *, membership: str = "system"
) -> dict[str, str]:
    """``actor id -> "region" | "outside"`` for the vertices of a graph (region by
    :func:`in_region` with ``membership``)."""
    inside = region_members(net, region, membership=membership)
    return {name: "region" if inside.get(name) else "outside" for name in graph.vs["name"]}


def region_brokerage(
    net: TemporalNetwork, period: Period, region: str, *, membership: str = "system"
) -> pd.DataFrame:
    """Gould-Fernandez raw roles on the directed cumulative graph of the period's ties
    (:func:`cumulative_graph`), region vs rest (region by :func:`in_region` with
    ``membership``); remembered inside :func:`bioregion.system._memo.reuse`."""

    def build() -> pd.DataFrame:
        graph = cumulative_graph(net, period, directed=True)
        if graph.vcount() == 0:
            return pd.DataFrame(columns=["representative", "gatekeeper"], dtype=float)
        partition = region_partition(graph, net, region, membership=membership)
        return gould_fernandez(graph, partition).raw

    return remembered("region_brokerage", net, (check_period(period), region, membership), build)


def focal_ties(net: TemporalNetwork, ties: pd.DataFrame, firms: Iterable[str]) -> pd.DataFrame:
    """One row per (tie, focal firm) for the ties of ``firms``: ``firm``, ``partner``,
    ``firm_is_source`` and the partner's ``partner_kind``, ``partner_country``,
    ``partner_nuts``, ``partner_name``; a tie between two focal firms gives two rows."""
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
