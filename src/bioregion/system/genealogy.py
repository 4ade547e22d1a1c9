"""Spin-off genealogy: which universities, institutes and companies founded which firms.

A ``spin_off`` tie runs from the parent (university, research institute, hospital or
company) to the firm it spun off (see the coding rules of the data). The genealogy lists
those ties with the parent's kind, the year and the firm's region; the summary counts
them by parent kind, five-year period and region.

References: Mustar, Renault, Colombo et al. (2006) "Conceptualising the heterogeneity of
research-based spin-offs", *Research Policy* 35(2): 289-308; Klepper (2001) "Employee
startups in high-tech industries", *Industrial and Corporate Change* 10(3): 639-674
(corporate spin-offs and industry genealogies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import ActorKind, TieKind
from bioregion.network import TemporalNetwork
from bioregion.system._scope import (
    Period,
    actor_info,
    as_network,
    check_membership,
    in_period,
    in_region,
    proper_ties,
)

if TYPE_CHECKING:
    from bioregion.store.store import Store

__all__ = [
    "PARENT_CLASSES",
    "PARENT_KINDS",
    "genealogy_summary",
    "parent_kind",
    "spinoff_genealogy",
]

#: The parent classes of a spin-off, in report order (``other`` for any other kind).
PARENT_CLASSES = (
    ActorKind.UNIVERSITY.value,
    ActorKind.RESEARCH_INSTITUTE.value,
    ActorKind.HOSPITAL.value,
    "company",
    ActorKind.GOVERNMENT.value,
)
#: Parent classes of a spin-off by the actor kind of the parent.
PARENT_KINDS: dict[str, str] = {
    ActorKind.UNIVERSITY: ActorKind.UNIVERSITY.value,
    ActorKind.RESEARCH_INSTITUTE: ActorKind.RESEARCH_INSTITUTE.value,
    ActorKind.HOSPITAL: ActorKind.HOSPITAL.value,
    ActorKind.BIOTECH_FIRM: "company",
    ActorKind.PHARMA: "company",
    ActorKind.SERVICE_PROVIDER: "company",
    ActorKind.INVESTOR: "company",
    ActorKind.GOVERNMENT: ActorKind.GOVERNMENT.value,
    ActorKind.CLUSTER_ORGANISATION: ActorKind.GOVERNMENT.value,
}

_COLUMNS = [
    "parent",
    "parent_name",
    "parent_kind",
    "parent_actor_kind",
    "firm",
    "firm_name",
    "year",
    "firm_region",
]


def parent_kind(actor_kind: str) -> str:
    """The parent class of an actor kind (``"other"`` for other or unknown kinds).

    >>> parent_kind("pharma"), parent_kind("university"), parent_kind("")
    ('company', 'university', 'other')
    """
    return PARENT_KINDS.get(str(actor_kind), ActorKind.OTHER.value)


# -- indicator ------------------------------------------------------------------------
def spinoff_genealogy(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    membership: str = "system",
) -> pd.DataFrame:
    """The spin-off ties of firms (of a region) founded in a period: parent -> firm.

    Unit: one row per spin-off tie (an *outcome*: parent -> firm). Scope: the
    ``spin_off`` ties whose start year lies in ``period`` (inclusive) and whose firm
    belongs to ``region`` (a named region key or NUTS code; None: every region) by
    ``membership`` (``"system"``: the firm's regional innovation systems, else its
    location; ``"location"``: its NUTS code only). Any firm counts, whatever its sector
    or NBF status. A firm with two parents (e.g. a VIB-VUB spin-off) has two rows. The
    parent is classed by its actor kind (:data:`PARENT_KINDS`): university,
    research_institute, hospital, company (biotech firm, pharma, service provider,
    investor), government, other (Mustar et al. 2006 distinguish research-based from
    corporate spin-offs; Klepper 2001 traces industry genealogies through parents).

    Parameters
    ----------
    data : Store or TemporalNetwork
    region : str or None
        Only firms of this named region or NUTS code; None: every region.
    period : (int, int)
        First and last year of the spin-off (tie start year).
    membership : {"system", "location"}
        How a firm belongs to ``region`` (keyword-only).

    Returns
    -------
    pandas.DataFrame
        ``parent, parent_name, parent_kind`` (class), ``parent_actor_kind`` (actor kind),
        ``firm, firm_name, year, firm_region`` (the firm's named region, else its
        country code), sorted by year, firm and parent.

    Examples
    --------
    >>> ties = pd.DataFrame({"kind": ["spin_off", "spin_off", "spin_off", "licence"],
    ...     "source": ["ugent", "vib", "acme", "ugent"], "target": ["f1", "f1", "f2", "f1"],
    ...     "start": ["1998", "1998", "2004", "2000"]})
    >>> actors = pd.DataFrame({"id": ["ugent", "vib", "acme", "f1", "f2"],
    ...     "kind": ["university", "research_institute", "pharma", "biotech_firm",
    ...              "biotech_firm"], "nuts": ["BE234", "BE234", "", "BE234", "BE310"]})
    >>> net = TemporalNetwork(ties, actors)
    >>> spinoff_genealogy(net, None, (1990, 2010))[["parent", "parent_kind", "firm", "year"]]
      parent         parent_kind firm  year
    0  ugent          university   f1  1998
    1    vib  research_institute   f1  1998
    2   acme             company   f2  2004
    >>> len(spinoff_genealogy(net, "BE3", (2000, 2010)))
    1
    """
    check_membership(membership)
    net = as_network(data)
    ties = proper_ties(net)
    ties = ties[(ties["kind"] == TieKind.SPIN_OFF) & in_period(ties, period)]
    info = actor_info(net)
    firm_ok = in_region(info, region, membership=membership)
    ties = ties[ties["target"].map(firm_ok).fillna(False).astype(bool)]
    parent, firm = info.reindex(ties["source"]), info.reindex(ties["target"])
    out = pd.DataFrame(
        {
            "parent": ties["source"].to_numpy(object),
            "parent_name": parent["name"].to_numpy(object),
            "parent_kind": [parent_kind(k) for k in parent["kind"]],
            "parent_actor_kind": parent["kind"].to_numpy(object),
            "firm": ties["target"].to_numpy(object),
            "firm_name": firm["name"].to_numpy(object),
            "year": ties["start"].dt.year.to_numpy(int),
            "firm_region": firm["label"].to_numpy(object),
        },
        columns=_COLUMNS,
    )
    out = out.sort_values(["year", "firm", "parent"], kind="stable")
    return out.reset_index(drop=True)


def _bins(years: pd.Series, period: tuple[int, int], width: int) -> pd.Series:
    first = int(period[0])
    lo = first + (years - first) // width * width
    hi = np.minimum(lo + width - 1, int(period[1]))
    return lo.astype(str) + "-" + pd.Series(hi, index=years.index).astype(str)


def genealogy_summary(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    width: int = 5,
    *,
    membership: str = "system",
) -> pd.DataFrame:
    """Spin-offs counted by parent kind x period (``width``-year bins) x firm region.

    Units: ``spinoffs`` counts spin-off ties (outcomes: parent -> firm, so a firm with
    two parents of one class counts twice), ``firms`` the distinct firms. Scope: the
    rows of :func:`spinoff_genealogy` (``region``, ``period`` and ``membership`` as
    there) grouped by the firm's region label (its located named region, else country),
    the ``width``-year bin of the spin-off year (bins start at ``period[0]``, the last
    one is cut at ``period[1]``) and the parent class.

    Returns
    -------
    pandas.DataFrame
        ``firm_region, period, parent_kind, spinoffs, firms``, sorted by those keys.

    Examples
    --------
    >>> ties = pd.DataFrame({"kind": ["spin_off"] * 3, "source": ["ugent", "kul", "acme"],
    ...     "target": ["f1", "f1", "f2"], "start": ["1998", "1998", "2004"]})
    >>> actors = pd.DataFrame({"id": ["ugent", "kul", "acme", "f1", "f2"],
    ...     "kind": ["university", "university", "pharma", "biotech_firm", "biotech_firm"],
    ...     "nuts": ["", "", "", "BE234", "BE234"]})
    >>> summary = genealogy_summary(TemporalNetwork(ties, actors), None, (1995, 2005))
    >>> summary[["period", "parent_kind", "spinoffs", "firms"]]
          period parent_kind  spinoffs  firms
    0  1995-1999  university         2      1
    1  2000-2004     company         1      1
    """
    if width < 1:
        raise ArgumentError(f"width={width!r}: the bins must be at least 1 year wide")
    rows = spinoff_genealogy(data, region, period, membership=membership)
    columns = ["firm_region", "period", "parent_kind", "spinoffs", "firms"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(period=_bins(rows["year"], period, width))
    keys = ["firm_region", "period", "parent_kind"]
    grouped: Any = rows.groupby(keys, sort=True)
    out = grouped.agg(spinoffs=("firm", "size"), firms=("firm", "nunique")).reset_index()
    return out.loc[:, columns]
