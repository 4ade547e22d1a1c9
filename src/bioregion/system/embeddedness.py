"""Regional embeddedness versus global integration of a bioregion.

Owen-Smith & Powell (2004) contrast *local channels*, ties inside a geographically bounded
community through which knowledge spills over, with *global conduits*, ties to distant
partners that carry specific knowledge but little spill-over. These indicators measure how
much of a region's network is local: the geographic shares of its ties, the E-I index with
the region as one group, and the Gould-Fernandez brokers between the region and the world.

A partner's location relative to the region is, in this order: ``region`` (it belongs to
the region: by default a member of the region's innovation system — its ``systems`` when
given, else its NUTS location —, with ``membership="location"`` its NUTS code only),
``country`` (elsewhere in the region's country, by the actor's ``country``), ``europe``
(another country of :data:`EUROPE`), ``outside`` (any other known country) or
``unknown`` (no country). Only ``region`` follows ``membership``; the other classes are
always by location (an agency of region BE2 seated in BE1 is ``region`` for BE2 and,
by its country, ``country`` for BE3). Ties belong to the year they were announced
(their start year).

Units: :func:`geographic_shares` and :func:`actor_geography` count deals by default
(``unit="deal"``: the rows of one deal, :func:`bioregion.system._deals.deal_keys` — a
syndicated round, or rows between the same pair on the same day — weigh 1 in all,
shared equally among their partners, so counts can be fractional) or ties
(``unit="tie"``: one per row); :func:`region_ei` counts distinct tied pairs of actors;
:func:`gatekeepers` counts open two-paths. Failed bids are never counted
(:func:`bioregion.system._scope.proper_ties`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.network import ei_index
from bioregion.system._deals import check_unit, deal_keys, period_deal_keys
from bioregion.system._scope import (
    Period,
    as_network,
    check_membership,
    check_period,
    cumulative_graph,
    in_region,
    period_ties,
    region_brokerage,
    region_country,
    region_partition,
    start_year_network,
)
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, region_nbfs

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "EUROPE",
    "LOCATIONS",
    "actor_geography",
    "gatekeepers",
    "geographic_shares",
    "region_ei",
]

#: ISO 3166 alpha-2 codes counted as Europe: the EU 27, EFTA (Iceland, Liechtenstein,
#: Norway, Switzerland), the United Kingdom, the Western Balkans, Ukraine, Moldova, Belarus
#: and the microstates. Russia and Turkey count as outside Europe.
EUROPE = frozenset(
    (  # noqa: SIM905 (grouped text reads better than 47 list items)
        "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
        "IS LI NO CH GB "
        "AL BA ME MK RS XK UA MD BY AD MC SM VA GI FO"
    ).split()
)
#: The location classes of a tie relative to the region, from nearest to farthest.
LOCATIONS = ("region", "country", "europe", "outside", "unknown")


def _locations(net: TemporalNetwork, region: str, membership: str) -> pd.Series:
    """Location class of every actor relative to the region (index: actor id): ``region``
    by ``membership``, the other classes by the actor's country."""
    actors = net.actors
    home = region_country(region)
    country = actors["country"].fillna("").astype(str).str.upper()
    location = np.select(
        [
            in_region(actors, region, membership=membership).to_numpy(bool),
            (country == home).to_numpy(bool),
            country.isin(EUROPE).to_numpy(bool),
            (country != "").to_numpy(bool),
        ],
        ["region", "country", "europe", "outside"],
        default="unknown",
    )
    return pd.Series(location, index=actors["id"].to_numpy(), dtype=object)


def _weights(frame: pd.DataFrame, unit: str, per: list[str]) -> pd.Series:
    """The weight of each row: 1 (``unit="tie"``), or, for deals, ``1 / n`` where ``n``
    is the number of distinct partners the rows of one deal have within a group of
    ``per`` (rows of one deal with the same partner weigh 0 after the first)."""
    if unit == "tie":
        return pd.Series(1.0, index=frame.index)
    first = ~frame.duplicated([*per, "deal", "partner"])
    n = first.groupby([frame[c] for c in [*per, "deal"]]).transform("sum")
    return (first / n).astype(float)


def _counts(frame: pd.DataFrame, by: list[str], unit: str) -> pd.DataFrame:
    """Counts (weights summed) and shares of the ``location`` classes per group of ``by``;
    the total column is named after the unit (``deals`` or ``ties``)."""
    total = f"{unit}s"
    table = pd.crosstab(
        [frame[c] for c in by], frame["location"], values=frame["weight"], aggfunc="sum"
    )
    table = table.reindex(columns=list(LOCATIONS)).fillna(0.0).astype(float)
    if unit == "tie":
        table = table.astype(int)
    table.columns.name = None
    table.insert(0, total, table.sum(axis=1))
    for location in LOCATIONS:
        table[f"share_{location}"] = table[location] / table[total]
    return table.reset_index()


def _empty(by: list[str], unit: str) -> pd.DataFrame:
    columns = [*by, f"{unit}s", *LOCATIONS, *(f"share_{loc}" for loc in LOCATIONS)]
    return pd.DataFrame({c: pd.Series(dtype=object if c in by else float) for c in columns})


def geographic_shares(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
    unit: str = "deal",
) -> pd.DataFrame:
    """Per year, where the partners of the region's NBF deals are.

    Scope: the ties that count (no failed bids) announced in the year with an NBF of
    ``region`` in ``period`` at one end (:func:`~bioregion.system.firms.region_nbfs`
    with ``nbf_rule`` and ``membership``); counted once even when both ends are NBFs of
    the region. Each is classed by the location of the other end, or ``region`` when both
    ends are the region's NBFs: ``region`` (by ``membership``), ``country``, ``europe``,
    ``outside`` or ``unknown`` (by location; see the module docstring).

    Unit (``unit``, keyword-only): ``"deal"`` (default) — each deal
    (:func:`bioregion.system._deals.deal_keys`: a syndicated round, or the rows between
    one pair on one day) weighs 1, shared equally among its distinct partners, so a round
    of four investors gives each investor's location 1/4 and counts may be fractional;
    ``"tie"`` — one per row. ``share_x = x / deals`` (or ``/ ties``), so the five shares
    sum to 1. A high ``share_region`` means local embeddedness (Owen-Smith & Powell's
    channels), a high ``share_europe + share_outside`` global integration (conduits).
    Reference: Owen-Smith & Powell (2004) *Organization Science* 15(1):5-21.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``deals`` (or ``ties``), ``region, country, europe, outside, unknown``
        and ``share_<location>``, one row per year with at least one tie.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "w", "p", "q"],
    ...     "kind": ["biotech_firm", "biotech_firm", "biotech_firm", "pharma", "pharma"],
    ...     "country": ["BE", "BE", "BE", "FR", "US"],
    ...     "nuts": ["BE211", "BE242", "BE310", "", ""], "tags": ["nbf", "nbf", "nbf", "", ""]})
    >>> ties = pd.DataFrame({"kind": ["licence", "licence", "option", "rd_collaboration"],
    ...     "source": ["a", "a", "a", "a"], "target": ["b", "w", "p", "q"],
    ...     "start": ["2001", "2001", "2001", "2002"]})
    >>> shares = geographic_shares(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> shares[["year", "deals", "region", "country", "europe", "outside", "share_region"]]
       year  deals  region  country  europe  outside  share_region
    0  2001    3.0     1.0      1.0     1.0      0.0      0.333333
    1  2002    1.0     0.0      0.0     0.0      1.0      0.000000
    """
    check_membership(membership)
    unit = check_unit(unit)
    net = as_network(data)
    ids = set(region_nbfs(net, region, period, nbf_rule, membership=membership)["id"])
    ties = period_ties(net, period)
    ties = ties[ties["source"].isin(ids) | ties["target"].isin(ids)]
    if ties.empty:
        return _empty(["year"], unit)
    where = _locations(net, region, membership)
    # the end that is not a regional NBF (when both are in the region, either is "region")
    nbf_source = ties["source"].isin(ids)
    partner = ties["target"].where(nbf_source, ties["source"])
    frame = pd.DataFrame(
        {
            "year": ties["year"].to_numpy(),
            "deal": deal_keys(ties).to_numpy(object),
            "partner": partner.to_numpy(object),
            "location": partner.map(where).to_numpy(object),
        }
    )
    frame["weight"] = _weights(frame, unit, [])
    return _counts(frame, ["year"], unit)


def actor_geography(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
    unit: str = "deal",
) -> pd.DataFrame:
    """For every actor of the region, where its partners are.

    Scope: the actors that belong to ``region`` (by ``membership``; any kind: firms,
    universities, institutes, agencies, funds) and the ties that count announced in
    ``period``. Each tie of such an actor is classed by the partner's location
    (``region``, ``country``, ``europe``, ``outside``, ``unknown``; see the module
    docstring). Unit (``unit``, keyword-only): ``"deal"`` (default) — the actor's part
    in a deal (:func:`bioregion.system._deals.deal_keys`) weighs 1, shared equally among
    its distinct partners in that deal (an NBF's round of four investors gives each 1/4;
    each investor's part is 1 with its one partner); ``"tie"`` — one per row.
    ``share_x = x / deals`` (or ``/ ties``). ``nbf`` flags the region's NBFs in the
    period (:func:`~bioregion.system.firms.region_nbfs` with ``nbf_rule``). Reference:
    Owen-Smith & Powell (2004) *Organization Science* 15(1):5-21.

    Returns
    -------
    pandas.DataFrame
        ``actor, name, kind, nbf``, ``deals`` (or ``ties``), the five counts and their
        shares; actors with at least one tie, sorted by the total (descending) then id.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "u", "p"], "name": ["A", "U", "P"],
    ...     "kind": ["biotech_firm", "university", "pharma"], "country": ["BE", "BE", "CH"],
    ...     "nuts": ["BE211", "BE242", ""], "tags": ["nbf", "", ""]})
    >>> ties = pd.DataFrame({"kind": ["spin_off", "licence"], "source": ["u", "a"],
    ...     "target": ["a", "p"], "start": ["2001", "2003"]})
    >>> table = actor_geography(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> table[["actor", "nbf", "deals", "region", "europe", "share_region"]]
      actor    nbf  deals  region  europe  share_region
    0     a   True    2.0     1.0     1.0           0.5
    1     u  False    1.0     1.0     0.0           1.0
    """
    check_membership(membership)
    unit = check_unit(unit)
    net = as_network(data)
    actors = net.actors
    local = set(actors.loc[in_region(actors, region, membership=membership).to_numpy(bool), "id"])
    where = _locations(net, region, membership)
    ties = period_ties(net, period)
    keys = period_deal_keys(net, period)
    parts = [
        pd.DataFrame(
            {"actor": ties[a], "deal": keys, "partner": ties[b], "location": ties[b].map(where)}
        )[ties[a].isin(local)]
        for a, b in (("source", "target"), ("target", "source"))
    ]
    frame = pd.concat(parts, ignore_index=True)
    if frame.empty:
        return _empty(["actor", "name", "kind", "nbf"], unit)
    frame["weight"] = _weights(frame, unit, ["actor"])
    table = _counts(frame, ["actor"], unit)
    info = actors.set_index("id")
    nbfs = set(region_nbfs(net, region, period, nbf_rule, membership=membership)["id"])
    table.insert(1, "name", table["actor"].map(info["name"]).fillna("").astype(str))
    table.insert(2, "kind", table["actor"].map(info["kind"]).fillna("").astype(str))
    table.insert(3, "nbf", table["actor"].isin(nbfs))
    total = f"{unit}s"
    table = table.sort_values([total, "actor"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)


def region_ei(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    cumulative: bool = False,
    membership: str = "system",
) -> pd.DataFrame:
    """Krackhardt & Stern's E-I index of the region, per year.

    Unit: distinct tied pairs of actors (not ties or deals: two ties between one pair, or
    a licence and an equity stake on one day, make one pair; a round of four investors
    makes four pairs). Scope: the undirected network of every tie that counts (no failed
    bids) announced in the year (``cumulative=True``: from the first year of the period
    to the year), partitioned into the actors of the region (by ``membership``: members
    of its innovation system by default, see :func:`~bioregion.system._scope.in_region`)
    and the rest. For the region's group, ``internal`` I counts the distinct pairs tied
    inside the region and ``external`` E the pairs tied across its border;
    ``ei_index = (E - I) / (E + I)``: -1 when the region only allies with itself (local
    channels), +1 when every tie leaves it (global conduits). ``network_ei`` is the index of
    the whole network with the same two groups (ties among outside actors count as
    internal). Computed with :func:`bioregion.network.ei_index`. References: Krackhardt &
    Stern (1988) *Social Psychology Quarterly* 51(2):123-140; Owen-Smith & Powell (2004).

    Returns
    -------
    pandas.DataFrame
        ``year, internal, external, ei_index, network_ei``; one row per year of the period
        (NaN where the region has no tie).

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "b", "p", "q"],
    ...     "kind": ["biotech_firm", "biotech_firm", "pharma", "pharma"],
    ...     "country": ["BE", "BE", "FR", "US"], "nuts": ["BE211", "BE242", "", ""]})
    >>> ties = pd.DataFrame({"kind": ["licence", "option", "licence", "licence"],
    ...     "source": ["a", "a", "b", "p"], "target": ["b", "p", "q", "q"],
    ...     "start": ["2001", "2001", "2001", "2002"]})
    >>> region_ei(TemporalNetwork(ties, actors), "BE2", (2001, 2002))
       year  internal  external  ei_index  network_ei
    0  2001       1.0       2.0  0.333333    0.333333
    1  2002       0.0       0.0       NaN   -1.000000
    """
    check_membership(membership)
    net = as_network(data)
    first, last = check_period(period)
    years = period_ties(net, period)["year"].to_numpy()
    rows = []
    for year in range(first, last + 1):
        start = first if cumulative else year
        row = {"year": year, "internal": 0.0, "external": 0.0, "ei_index": np.nan}
        row["network_ei"] = np.nan
        if ((years <= year) & (years >= start)).any():
            row.update(period_ei(net, region, (first, last), (start, year), membership))
        rows.append(row)
    return pd.DataFrame(rows, columns=["year", "internal", "external", "ei_index", "network_ei"])


def period_ei(
    net: TemporalNetwork,
    region: str,
    period: Period,
    years: Period | None = None,
    membership: str = "system",
) -> dict[str, float]:
    """``internal``, ``external``, ``ei_index`` and ``network_ei`` of :func:`region_ei`
    for the ties announced in ``years`` (default: the whole period) within ``period``,
    computed on their cumulative graph (:func:`bioregion.network.ei_index`); empty when
    no tie was announced then."""
    first, last = years or check_period(period)
    if years is None or (first, last) == tuple(check_period(period)):
        graph = cumulative_graph(net, period, directed=False)
    else:
        graph = start_year_network(net, period).graph(window=(first, last))
    if graph.ecount() == 0:
        return {}
    result = ei_index(graph, region_partition(graph, net, region, membership=membership))
    row = {"network_ei": result.network}
    if "region" in result.groups.index:
        group = result.groups.loc["region"]
        row.update(
            internal=float(group["internal"]),
            external=float(group["external"]),
            ei_index=float(group["ei_index"]),
        )
    return row


def gatekeepers(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    membership: str = "system",
) -> pd.DataFrame:
    """Gould-Fernandez gatekeepers and representatives between the region and the world.

    Unit: open two-paths brokered. Scope: the directed cumulative network of the ties
    that count (no failed bids) announced in the period (licensor -> licensee, investor ->
    investee, parent -> spin-off, ...; symmetric ties both ways), partitioned into the
    region (by ``membership``, see :func:`~bioregion.system._scope.in_region`) and the
    rest of the world. A broker ``b`` of an open two-path
    ``a -> b -> c`` (no arc ``a -> c``) is a *gatekeeper* (b_OI) when ``a`` is in the other
    group and ``c`` in b's own group — it brings outside resources in — and a
    *representative* (b_IO) when ``a`` is in b's group and ``c`` outside — it carries its
    group's resources out (Gould & Fernandez 1989 *Sociological Methodology* 19:89-126). For
    an actor of the region these are the *global conduits* of Owen-Smith & Powell (2004
    *Organization Science* 15:5-21), as opposed to the *local channels* among regional
    actors (``coordinator`` roles). Computed with :func:`bioregion.network.gould_fernandez`.

    Returns
    -------
    pandas.DataFrame
        ``actor, name, kind, in_region, gatekeeper, representative, brokerage``
        (``gatekeeper + representative``) for the actors with brokerage > 0, sorted by
        ``brokerage`` and ``gatekeeper`` (descending) then id.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["u", "a", "p"], "name": ["U", "A", "P"],
    ...     "kind": ["university", "biotech_firm", "pharma"], "country": ["BE", "BE", "US"],
    ...     "nuts": ["BE242", "BE211", ""]})
    >>> ties = pd.DataFrame({"kind": ["spin_off", "licence"], "source": ["u", "a"],
    ...     "target": ["a", "p"], "start": ["2001", "2003"]})
    >>> gatekeepers(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
      actor name          kind  in_region  gatekeeper  representative  brokerage
    0     a    A  biotech_firm       True           0               1          1
    """
    check_membership(membership)
    net = as_network(data)
    roles = region_brokerage(net, period, region, membership=membership)
    columns = ["actor", "name", "kind", "in_region", "gatekeeper", "representative", "brokerage"]
    if roles.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    table = roles[["gatekeeper", "representative"]].astype(int).reset_index()
    table = table.rename(columns={table.columns[0]: "actor"})
    table["brokerage"] = table["gatekeeper"] + table["representative"]
    table = table[table["brokerage"] > 0]
    info = net.actors.set_index("id")
    inside = in_region(net.actors, region, membership=membership).to_numpy(bool)
    inside = pd.Series(inside, index=net.actors["id"])
    table["name"] = table["actor"].map(info["name"]).fillna("").astype(str)
    table["kind"] = table["actor"].map(info["kind"]).fillna("").astype(str)
    table["in_region"] = table["actor"].map(inside).fillna(False).astype(bool)
    table = table.sort_values(
        ["brokerage", "gatekeeper", "actor"], ascending=[False, False, True], kind="stable"
    )
    return table[columns].reset_index(drop=True)
