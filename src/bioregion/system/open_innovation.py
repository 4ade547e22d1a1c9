"""Open-innovation mode and exploration/exploitation of the alliance portfolios of NBFs.

Each tie of an NBF of the region is coded relative to that focal firm F:

- ``oi_mode`` (Gassmann & Enkel 2004, R&D Management Symposium; Chesbrough 2003): a licence,
  option, supply or service where F is the source (licensor, option grantor, supplier,
  provider) is ``outbound`` (inside-out); where F is the target ``inbound`` (outside-in);
  a symmetric R&D collaboration, co-development, co-commercialisation or joint venture is
  ``coupled``; any other tie (acquisition, equity, grant, spin-off, ...) is not an
  open-innovation alliance (``None``).
- ``exploration`` (March 1991; Rothaermel & Deeds 2004 *SMJ* 25:201-221): the stage of the
  asset at signing, ``discovery``/``preclinical`` -> ``exploration``, ``phase1`` to
  ``marketed`` -> ``exploitation``; without a stage, an R&D collaboration is
  ``exploration``, a co-commercialisation or supply ``exploitation``, anything else
  ``unknown``.

Unit: :func:`code_ties` gives one row per (tie, focal firm) with its ``deal``
(:func:`~bioregion.system._deals.deal_keys` over the ties that count of the period: rows
between the same two actors on the same day are one deal). :func:`portfolio` and
:func:`oi_summary` count ``unit="deal"`` (default: an open-innovation *alliance deal* of a
firm, the rows of one deal with an ``oi_mode``, counts once) or ``unit="tie"`` (every row,
the earlier count). A deal whose rows differ in mode is ``coupled`` (it couples
outside-in and inside-out, Gassmann & Enkel 2004); its orientation is ``exploitation`` when
a row is, else ``exploration`` when a row is, else ``unknown``; a licensing deal whose
licences go both ways is in no licensing category. Scope: the NBFs of
:func:`~bioregion.system.firms.region_nbfs` (``nbf_rule``, the period, ``membership``);
the ties that count (:func:`~bioregion.system._scope.proper_ties`: no failed bids).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.model.vocab import (
    COUPLED_OI_KINDS,
    DIRECTED_OI_KINDS,
    EXPLOITATION_KINDS,
    EXPLOITATION_STAGES,
    EXPLORATION_KINDS,
    EXPLORATION_STAGES,
    LICENSING_KINDS,
)
from bioregion.system._deals import check_unit, period_deal_keys
from bioregion.system._memo import remembered
from bioregion.system._scope import (
    Period,
    as_network,
    check_period,
    focal_ties,
    period_ties,
)
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, region_nbfs

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = ["code_ties", "exploration", "oi_mode", "oi_summary", "portfolio"]

MODES = ("inbound", "outbound", "coupled")
ORIENTATIONS = ("exploration", "exploitation", "unknown")


def oi_mode(kind: str, focal_is_source: bool) -> str | None:
    """Open-innovation mode of a tie of kind ``kind`` relative to the focal firm.

    >>> oi_mode("licence", True), oi_mode("option", False), oi_mode("co_development", False)
    ('outbound', 'inbound', 'coupled')
    >>> oi_mode("acquisition", True) is None
    True
    """
    if kind in DIRECTED_OI_KINDS:
        return "outbound" if focal_is_source else "inbound"
    if kind in COUPLED_OI_KINDS:
        return "coupled"
    return None


def exploration(kind: str, stage: str) -> str:
    """``exploration``, ``exploitation`` or ``unknown`` from a tie's stage, else its kind.

    >>> exploration("licence", "preclinical"), exploration("licence", "phase1")
    ('exploration', 'exploitation')
    >>> exploration("rd_collaboration", ""), exploration("supply", ""), exploration("licence", "")
    ('exploration', 'exploitation', 'unknown')
    """
    if stage in EXPLORATION_STAGES:
        return "exploration"
    if stage in EXPLOITATION_STAGES:
        return "exploitation"
    if kind in EXPLORATION_KINDS:
        return "exploration"
    if kind in EXPLOITATION_KINDS:
        return "exploitation"
    return "unknown"


def code_ties(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    membership: str = "system",
) -> pd.DataFrame:
    """Every tie of an NBF of the region announced in the period, coded relative to the NBF.

    Unit: rows, one per (tie, focal firm); ``deal`` says which rows are one deal. See the
    module docstring for the scope and the rules of ``oi_mode`` (Gassmann & Enkel 2004) and
    ``exploration`` (Rothaermel & Deeds 2004). A tie between two NBFs of the region gives one
    row per firm (outbound for one, inbound for the other).

    Returns
    -------
    pandas.DataFrame
        ``tie, deal, firm, partner, partner_kind, kind, year, stage, technology, oi_mode`` (
        ``inbound``/``outbound``/``coupled`` or None) and ``exploration``; sorted by firm,
        start, tie id.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "p", "u"], "kind": ["biotech_firm", "pharma",
    ...     "university"], "nuts": ["BE211", "", "BE242"], "tags": ["nbf", "", ""]})
    >>> ties = pd.DataFrame({"id": ["t1", "t2", "t3", "t4"],
    ...     "kind": ["licence", "licence", "rd_collaboration", "equity_investment"],
    ...     "source": ["a", "u", "p", "p"], "target": ["p", "a", "a", "a"],
    ...     "start": ["2001", "2002", "2003", "2004"],
    ...     "stage": ["phase2", "discovery", "", ""]})
    >>> coded = code_ties(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> coded[["tie", "partner", "oi_mode", "exploration"]]
      tie partner   oi_mode   exploration
    0  t1       p  outbound  exploitation
    1  t2       u   inbound   exploration
    2  t3       p   coupled   exploration
    3  t4       p      None       unknown
    """
    net = as_network(data)
    period = check_period(period)
    key = (region, period, nbf_rule, membership)
    coded = remembered("code_ties", net, key, lambda: _code(net, *key))
    return coded.copy()


def _code(
    net: TemporalNetwork, region: str, period: Period, nbf_rule: NBFRule, membership: str
) -> pd.DataFrame:
    """:func:`code_ties`, computed."""
    firms = region_nbfs(net, region, period, nbf_rule, membership=membership)["id"].tolist()
    ties = period_ties(net, period)
    deals = dict(zip(ties["id"], period_deal_keys(net, period), strict=True))
    rows = focal_ties(net, ties, firms)
    stage = rows["stage"].fillna("").astype(str)
    out = pd.DataFrame(
        {
            "tie": rows["id"],
            "deal": rows["id"].map(deals).astype(object),
            "firm": rows["firm"],
            "partner": rows["partner"],
            "partner_kind": rows["partner_kind"],
            "kind": rows["kind"],
            "year": rows["year"].astype(int),
            "stage": stage,
            "technology": rows["technology"].fillna("").astype(str),
        }
    )
    modes = [oi_mode(k, s) for k, s in zip(rows["kind"], rows["firm_is_source"], strict=True)]
    out["oi_mode"] = pd.Series(modes, index=out.index, dtype=object)
    out["exploration"] = [exploration(k, s) for k, s in zip(rows["kind"], stage, strict=True)]
    return out.reset_index(drop=True)


def _counted(coded: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The open-innovation alliances to count: the rows of :func:`code_ties` with an
    ``oi_mode`` (``unit="tie"``) or one row per firm and deal (``unit="deal"``), with
    ``firm, year, oi_mode, exploration, licensing`` (the direction of a licensing one).

    A deal's mode is its rows' mode when they agree, else ``coupled``; its orientation
    the first of :data:`ORIENTATIONS` one of its rows has; its licensing direction that
    of its licences and options when they agree (None when it has none or they go both
    ways)."""
    columns = ["firm", "year", "oi_mode", "exploration", "licensing"]
    oi = coded[coded["oi_mode"].notna()].copy()
    licensing = oi["kind"].isin(LICENSING_KINDS).to_numpy(bool)
    oi["licensing"] = pd.Series(np.where(licensing, oi["oi_mode"], None), index=oi.index)
    if unit == "tie" or oi.empty:
        return oi[columns].reset_index(drop=True)
    keys = [oi["firm"], oi["deal"]]
    deals = oi.groupby(keys, sort=False)
    modes, directions = deals["oi_mode"].nunique(), deals["licensing"].nunique()
    first_mode, first_direction = deals["oi_mode"].first(), deals["licensing"].first()
    held = [(oi["exploration"] == o).groupby(keys, sort=False).any() for o in ORIENTATIONS]
    out = pd.DataFrame(
        {
            "year": deals["year"].first(),
            "oi_mode": np.where(modes == 1, first_mode.to_numpy(object), "coupled"),
            "exploration": np.select(held, ORIENTATIONS, default="unknown"),
            "licensing": np.where(directions == 1, first_direction.to_numpy(object), None),
        },
        index=modes.index,
    )
    return out.astype({c: object for c in columns[2:]}).reset_index()[columns]


def portfolio(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    unit: str = "deal",
    membership: str = "system",
) -> pd.DataFrame:
    """The open-innovation alliance portfolio of each NBF of the region, per year.

    Counts, per firm and year of announcement, its open-innovation alliances (rows of
    :func:`code_ties` with an ``oi_mode``; unit ``deal`` by default: the rows of one deal
    count once, with the deal rules of the module docstring; ``tie``: every row) by mode
    (``inbound``, ``outbound``, ``coupled``) and by orientation (``exploration``,
    ``exploitation``, ``unknown``); ``alliances`` is their number. Reference: Rothaermel &
    Deeds (2004) *SMJ* 25:201-221 (portfolio of exploration and exploitation alliances);
    Gassmann & Enkel (2004).

    Returns
    -------
    pandas.DataFrame
        ``firm, year, alliances, inbound, outbound, coupled, exploration, exploitation,
        unknown``; firm-years with at least one alliance, sorted by firm and year.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "p"], "kind": ["biotech_firm", "pharma"],
    ...     "nuts": ["BE211", ""], "tags": ["nbf", ""]})
    >>> ties = pd.DataFrame({"kind": ["licence", "option", "rd_collaboration", "acquisition"],
    ...     "source": ["a", "p", "p", "p"], "target": ["p", "a", "a", "a"],
    ...     "start": ["2001", "2001", "2003", "2004"], "stage": ["phase2", "", "", ""]})
    >>> net = TemporalNetwork(ties, actors)
    >>> portfolio(net, "BE2", (2000, 2010), unit="tie").iloc[:, :8]
      firm  year  alliances  inbound  outbound  coupled  exploration  exploitation
    0    a  2001          2        1         1        0            0             1
    1    a  2003          1        0         0        1            1             0

    The licence and the option of 2001 join the same two firms on the same day: one deal,
    which goes both ways (coupled):

    >>> portfolio(net, "BE2", (2000, 2010)).iloc[:, :8]
      firm  year  alliances  inbound  outbound  coupled  exploration  exploitation
    0    a  2001          1        0         0        1            0             1
    1    a  2003          1        0         0        1            1             0
    """
    unit = check_unit(unit)
    coded = code_ties(data, region, period, nbf_rule=nbf_rule, membership=membership)
    coded = _counted(coded, unit)
    columns = ["firm", "year", "alliances", *MODES, *ORIENTATIONS]
    if coded.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "firm" else int) for c in columns})
    keys = [coded["firm"], coded["year"]]
    modes = pd.crosstab(keys, coded["oi_mode"]).reindex(columns=list(MODES), fill_value=0)
    kinds = pd.crosstab(keys, coded["exploration"]).reindex(
        columns=list(ORIENTATIONS), fill_value=0
    )
    table = modes.join(kinds)
    table.columns.name = None
    table.insert(0, "alliances", modes.sum(axis=1))
    return table.reset_index()[columns].astype({c: int for c in columns[2:]})


def oi_summary(
    data: Store | TemporalNetwork,
    region: str,
    period: Period,
    *,
    nbf_rule: NBFRule = DEFAULT_NBF_RULE,
    unit: str = "deal",
    membership: str = "system",
) -> pd.DataFrame:
    """Shares of the region's NBF alliances by open-innovation mode and orientation.

    Over the open-innovation alliances of :func:`code_ties` (unit ``deal`` by default: the
    rows of one deal count once, with the deal rules of the module docstring; ``tie``:
    every row; a deal or tie between two NBFs of the region counts once per firm):
    dimension ``oi_mode`` (inbound, outbound, coupled) and ``exploration`` (exploration,
    exploitation, unknown), each ``share = count / alliances``; and dimension
    ``licensing``: of the alliances with a licence or option only, the share ``outbound``
    (the NBF licenses out) and ``inbound``. (Gassmann & Enkel 2004; Rothaermel & Deeds 2004.)

    Returns
    -------
    pandas.DataFrame
        ``dimension, category``, the count named after the unit (``deals`` or ``ties``)
        and ``share`` (NaN when the dimension has none); ``attrs["unit"]``.

    Examples
    --------
    >>> import pandas as pd
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["a", "p"], "kind": ["biotech_firm", "pharma"],
    ...     "nuts": ["BE211", ""], "tags": ["nbf", ""]})
    >>> ties = pd.DataFrame({"kind": ["licence", "licence", "licence", "rd_collaboration"],
    ...     "source": ["a", "a", "p", "p"], "target": ["p", "p", "a", "a"],
    ...     "start": ["2001", "2002", "2003", "2004"]})
    >>> summary = oi_summary(TemporalNetwork(ties, actors), "BE2", (2000, 2010))
    >>> summary.query("dimension != 'exploration'")
       dimension  category  deals     share
    0    oi_mode   inbound      1  0.250000
    1    oi_mode  outbound      2  0.500000
    2    oi_mode   coupled      1  0.250000
    6  licensing  outbound      2  0.666667
    7  licensing   inbound      1  0.333333
    """
    unit = check_unit(unit)
    coded = code_ties(data, region, period, nbf_rule=nbf_rule, membership=membership)
    counted = _counted(coded, unit)
    name = f"{unit}s"
    rows = []
    for dimension, column, categories in (
        ("oi_mode", "oi_mode", MODES),
        ("exploration", "exploration", ORIENTATIONS),
        ("licensing", "licensing", ("outbound", "inbound")),
    ):
        frame = counted if dimension != "licensing" else counted[counted["licensing"].notna()]
        total = len(frame)
        for category in categories:
            count = int((frame[column] == category).sum())
            share = count / total if total else np.nan
            rows.append({"dimension": dimension, "category": category, name: count, "share": share})
    out = pd.DataFrame(rows, columns=["dimension", "category", name, "share"])
    out.attrs["unit"] = unit
    return out
