"""Triple Helix synergy: Leydesdorff's mutual information in three dimensions, T(UIG).

Each tie is one observation. Its university (U), industry (I) and government (G)
participation is the presence of an actor of that sector among its two actors, so a tie
falls in one cell of a 2 x 2 x 2 table whose (0, 0, 0) cell is empty (as co-authored papers
with university, industry and government addresses; Leydesdorff 2003). From that table

    H_x   = -sum p_x log2 p_x        (and H_xy, H_xyz from the joint distributions)
    T_xy  = H_x + H_y - H_xy                                   (>= 0)
    T_xyz = H_x + H_y + H_z - H_xy - H_xz - H_yz + H_xyz        (may be negative)

in bits (reported in millibits). **Sign convention: negative T means a reduction of
uncertainty, i.e. synergy among the three helices**; positive T means the relations are
more constrained pairwise than jointly (no synergy). T_xyz is McGill's co-information (the
opposite sign of ``dit.interaction_information`` for three variables and of the "mutual
redundancy" some later papers report).

**What two-party ties cannot measure.** A tie joins two actors, so it shows at most two
helices: its (1, 1, 1) cell (U, I and G together) is empty by construction, not by
observation, as is the (0, 0, 0) cell. T(UIG) of such a table only weighs single-sector
ties against bilateral ones; it cannot see a triadic configuration, and the structural
zero pushes T down: a table of bilateral ties only (UI = UG = IG) gives T = -415 mbits
without any three-way relation. A negative T over two-party ties is therefore not
evidence of triple-helix synergy in Leydesdorff's sense; compare it only with tables
built the same way (same unit, region and rules), never with co-authorship values. Deals
(``unit="deal"``: a syndicated round with all its investors, several rows of one
agreement) can join three helices and fill the cell; the count ``n_UIG`` says whether any
does. Small tables are unstable (sub-periods can flip the sign):
:func:`bioregion.system.uncertainty.triple_helix_interval` gives a bootstrap interval.

References: Leydesdorff, L. (2003) "The mutual information of university-industry-government
relations", *Scientometrics* 58(2): 445-467; Leydesdorff, Dolfsma & Van der Panne (2006)
*Research Policy* 35(2): 181-199; Leydesdorff & Fritsch (2006) *Research Policy* 35(10):
1538-1553; McGill (1954) "Multivariate information transmission", *Psychometrika* 19(2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import ActorKind
from bioregion.system._deals import check_unit, period_deal_keys
from bioregion.system._memo import remembered
from bioregion.system._scope import (
    Period,
    as_network,
    check_period,
    in_period,
    proper_ties,
    region_members,
)

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = [
    "SECTORS",
    "TripleHelixResult",
    "co_information",
    "helix_units",
    "mutual_information",
    "presence_table",
    "sector_of",
    "triple_helix",
]

#: The helix of each actor kind: university (U), industry (I) or government (G).
SECTORS: dict[str, str] = {
    ActorKind.UNIVERSITY: "U",
    ActorKind.RESEARCH_INSTITUTE: "U",
    ActorKind.HOSPITAL: "U",
    ActorKind.BIOTECH_FIRM: "I",
    ActorKind.PHARMA: "I",
    ActorKind.SERVICE_PROVIDER: "I",
    ActorKind.INVESTOR: "I",
    ActorKind.GOVERNMENT: "G",
    ActorKind.CLUSTER_ORGANISATION: "G",
}


def sector_of(actor_kind: str) -> str:
    """``"U"``, ``"I"``, ``"G"`` or ``""`` (other/unknown kinds) for an actor kind.

    >>> sector_of("hospital"), sector_of("investor"), sector_of("cluster_organisation")
    ('U', 'I', 'G')
    """
    return SECTORS.get(str(actor_kind), "")


def _entropy(counts: np.ndarray) -> float:
    """Shannon entropy in bits of a (flattened) array of counts."""
    c = np.asarray(counts, float).ravel()
    c = c[c > 0]
    if c.size == 0:
        return 0.0
    p = c / c.sum()
    return float(-(p * np.log2(p)).sum())


@dataclass(frozen=True)
class TripleHelixResult:
    """Entropies (bits) and mutual information (bits) of a 3-D contingency table.

    ``t_xyz`` is T in bits (negative = synergy); :attr:`t_xyz_mbits` in millibits.
    """

    n: float
    h_x: float
    h_y: float
    h_z: float
    h_xy: float
    h_xz: float
    h_yz: float
    h_xyz: float
    t_xy: float
    t_xz: float
    t_yz: float
    t_xyz: float

    @property
    def t_xyz_mbits(self) -> float:
        """T_xyz in millibits."""
        return 1000.0 * self.t_xyz

    def as_dict(self) -> dict[str, float]:
        """The fields (and ``t_xyz_mbits``) as a dict."""
        out = {name: getattr(self, name) for name in self.__dataclass_fields__}
        out["t_xyz_mbits"] = self.t_xyz_mbits
        return out


def mutual_information(table: np.ndarray | Iterable) -> TripleHelixResult:
    """Entropies and the two- and three-dimensional mutual information of a 3-D table.

    Definition: with p the cell counts over their total, H_x = -sum p_x log2 p_x (margins
    over the other axes), H_xy and H_xyz likewise from the joint margins;
    T_xy = H_x + H_y - H_xy and T_xyz = H_x + H_y + H_z - H_xy - H_xz - H_yz + H_xyz
    (Leydesdorff 2003), all in bits. Negative T_xyz = synergy. An all-zero table gives NaN.

    Parameters
    ----------
    table : array-like of shape (a, b, c)
        Non-negative counts (or probabilities); axes are x, y, z.

    Examples
    --------
    XOR (z = x xor y, the four outcomes equally likely) has T = -1 bit:

    >>> xor = np.zeros((2, 2, 2)); xor[0, 0, 0] = xor[0, 1, 1] = xor[1, 0, 1] = xor[1, 1, 0] = 1
    >>> mutual_information(xor).t_xyz
    -1.0
    >>> giant = np.zeros((2, 2, 2)); giant[0, 0, 0] = giant[1, 1, 1] = 1
    >>> mutual_information(giant).t_xyz, mutual_information(np.ones((2, 2, 2))).t_xyz
    (1.0, 0.0)
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 3:
        raise ArgumentError(
            f"table: a 3-D table (x, y, z) of counts is needed, got {t.ndim} dimension(s)"
        )
    if (t < 0).any() or not np.isfinite(t).all():
        raise ArgumentError("table: the counts must be finite and non-negative")
    n = float(t.sum())
    if n == 0:
        nan = float("nan")
        return TripleHelixResult(0.0, *([nan] * 11))
    h_x, h_y, h_z = (_entropy(t.sum(axis=axes)) for axes in ((1, 2), (0, 2), (0, 1)))
    h_xy, h_xz, h_yz = (_entropy(t.sum(axis=axis)) for axis in (2, 1, 0))
    h_xyz = _entropy(t)
    t_xyz = h_x + h_y + h_z - h_xy - h_xz - h_yz + h_xyz
    return TripleHelixResult(
        n=n,
        h_x=h_x,
        h_y=h_y,
        h_z=h_z,
        h_xy=h_xy,
        h_xz=h_xz,
        h_yz=h_yz,
        h_xyz=h_xyz,
        t_xy=h_x + h_y - h_xy,
        t_xz=h_x + h_z - h_xz,
        t_yz=h_y + h_z - h_yz,
        t_xyz=0.0 if abs(t_xyz) < 1e-12 else t_xyz,
    )


def co_information(tables: np.ndarray) -> np.ndarray:
    """T_xyz in bits of a batch of 2 x 2 x 2 tables (vectorised :func:`mutual_information`).

    ``tables`` has shape ``(..., 2, 2, 2)`` (or ``(..., 8)``, cells in C order); returns
    one T per table (NaN for an all-zero table). Used to bootstrap T(UIG).

    >>> xor = np.zeros((2, 2, 2)); xor[0, 0, 0] = xor[0, 1, 1] = xor[1, 0, 1] = xor[1, 1, 0] = 1
    >>> co_information(np.stack([xor, np.ones((2, 2, 2))])).round(12).tolist()
    [-1.0, 0.0]
    """
    t = np.asarray(tables, dtype=float)
    t = t.reshape(*t.shape[: t.ndim - (1 if t.shape[-1] == 8 else 3)], 2, 2, 2)
    total = t.sum(axis=(-3, -2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = t / total[..., None, None, None]

    def entropy(q: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            terms = np.where(q > 0, -q * np.log2(np.where(q > 0, q, 1.0)), 0.0)
        return terms.sum(axis=axes)

    h_xyz = entropy(p, (-3, -2, -1))
    singles = sum(entropy(p.sum(axis=axes), (-1,)) for axes in ((-2, -1), (-3, -1), (-3, -2)))
    pairs = sum(entropy(p.sum(axis=axis), (-2, -1)) for axis in (-1, -2, -3))
    out = singles - pairs + h_xyz
    out = np.where(np.abs(out) < 1e-12, 0.0, out)
    return np.where(total > 0, out, np.nan)


_COMBOS = ("U", "I", "G", "UI", "UG", "IG", "UIG")


def _windows(period: Period, step: int | None) -> list[Period]:
    first, last = check_period(period)
    if step is None:
        return [(first, last)]
    if step < 1:
        raise ArgumentError(f"step={step!r}: the windows must be at least 1 year long")
    return [(y, min(y + step - 1, last)) for y in range(first, last + 1, step)]


def helix_units(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    *,
    unit: str = "deal",
    membership: str = "system",
) -> pd.DataFrame:
    """The observations of T(UIG): the ties (or deals) of a region coded U, I and G.

    Unit: ``deal`` (default; the ties of one deal, as keyed by
    :func:`bioregion.system._deals.deal_keys`, form one observation coded by the helices of
    all their actors) or ``tie`` (one observation per tie row). Scope: proper ties (two
    distinct actors, failed bids left out) started in the period with at least one actor in
    the region (by ``membership``, see :func:`bioregion.system._scope.in_region`; None:
    every tie) and at least one actor of a helix (:data:`SECTORS`).

    Returns
    -------
    pandas.DataFrame
        One row per observation: ``key`` (deal key, or the tie's position), ``year``,
        ``ties`` (its tie rows, all of them when one touches the region), ``U``, ``I``,
        ``G`` (bool), sorted by key.
    """
    check_unit(unit)
    net = as_network(data)
    key = (region, check_period(period), unit, membership)
    return remembered("helix_units", net, key, lambda: _units(net, *key)).copy()


def _sectors(net: TemporalNetwork) -> dict[str, str]:
    """``actor id -> sector`` (:func:`sector_of` of its kind)."""
    return dict(zip(net.actors["id"], net.actors["kind"].map(sector_of), strict=True))


def _units(
    net: TemporalNetwork, region: str | None, period: Period, unit: str, membership: str
) -> pd.DataFrame:
    """:func:`helix_units`, computed."""
    sector = remembered("sectors", net, (), lambda: _sectors(net))
    ties = proper_ties(net)
    ties = ties[in_period(ties, period).to_numpy(bool)]
    inside = region_members(net, region, membership=membership)
    touches = ties["source"].map(inside).fillna(False).to_numpy(bool) | ties["target"].map(
        inside
    ).fillna(False).to_numpy(bool)
    s_sector = ties["source"].map(sector).fillna("").to_numpy(object)
    t_sector = ties["target"].map(sector).fillna("").to_numpy(object)
    if unit == "deal":
        key = period_deal_keys(net, period).astype(str).to_numpy(object)
    else:
        key = np.arange(len(ties)).astype(str)  # tie ids may repeat in hand-made frames
    frame = pd.DataFrame(
        {
            "key": np.asarray(key, dtype=object),
            "year": ties["start"].dt.year.to_numpy(float),
            "touches": touches,
            **{h: (s_sector == h) | (t_sector == h) for h in "UIG"},
        }
    )
    units = frame.groupby("key", sort=True).agg(
        year=("year", "min"),
        ties=("year", "size"),
        touches=("touches", "any"),
        U=("U", "any"),
        I=("I", "any"),
        G=("G", "any"),
    )
    keep = units["touches"] & (units["U"] | units["I"] | units["G"])
    units = units[keep.to_numpy(bool)].drop(columns="touches").reset_index()
    units["year"] = units["year"].astype(int)
    return units


def triple_helix(
    data: Store | TemporalNetwork,
    region: str | Iterable[str] | None,
    period: Period,
    step: int | None = None,
    *,
    unit: str = "deal",
    membership: str = "system",
) -> pd.DataFrame:
    """T(UIG) of the deals (or ties) of a region, per period (or per ``step``-year window).

    Definition: every deal (``unit="deal"``, the default: the rows of one syndicated round
    or one same-day agreement count once; ``unit="tie"``: every tie row) started in the
    window, with at least one actor in the region (a named region key or NUTS code, by
    ``membership``: ``"system"`` = membership of the regional innovation system,
    ``"location"`` = NUTS location; None: all ties), is coded by the presence of
    university (university, research institute, hospital), industry (biotech firm, pharma,
    service provider, investor) and government (government, cluster organisation) actors
    among its actors (:data:`SECTORS`; one with no actor of these sectors is left out;
    see :func:`helix_units`). The counts of the seven combinations U, I, G, UI, UG, IG, UIG
    fill a 2 x 2 x 2 table whose entropies and T(UIG) are computed by
    :func:`mutual_information` (Leydesdorff 2003). A tie joins only two actors, so with
    ``unit="tie"`` UIG stays empty (see the module docstring for what that implies); a
    deal of three or more actors can fill it. Negative T = synergy. Unit: deal (or tie).

    Parameters
    ----------
    data : Store or TemporalNetwork
    region : str, iterable of str or None
        One or several regions (one row block each); None: every tie (label ``"all"``).
    period : (int, int)
        First and last start year of the ties.
    step : int, optional
        Consecutive ``step``-year windows over ``period`` (the last cut at its end).
    unit : {"deal", "tie"}, keyword-only
        What one observation is.
    membership : {"system", "location"}, keyword-only
        How actors belong to the region (see :func:`bioregion.system._scope.in_region`).

    Returns
    -------
    pandas.DataFrame
        One row per region and window: ``region, start, end, unit``, ``n`` (coded
        observations), ``ties`` (tie rows in them), ``n_U ... n_UIG`` (counts of the seven
        combinations), ``h_u, h_i, h_g, h_ui, h_ug, h_ig, h_uig, t_ui, t_ug, t_ig, t_uig``
        (bits), ``t_uig_mbits``.

    Examples
    --------
    >>> ties = pd.DataFrame({"kind": ["licence", "grant", "spin_off", "rd_collaboration"],
    ...     "source": ["f", "gov", "uni", "uni"], "target": ["p", "f", "f", "gov"],
    ...     "start": ["2001", "2002", "2003", "2004"]})
    >>> actors = pd.DataFrame({"id": ["f", "p", "gov", "uni"],
    ...     "kind": ["biotech_firm", "pharma", "government", "university"],
    ...     "nuts": ["BE234", "", "BE100", "BE242"]})
    >>> from bioregion.network import TemporalNetwork
    >>> row = triple_helix(TemporalNetwork(ties, actors), "BE2", (2000, 2010)).iloc[0]
    >>> [int(row[c]) for c in ("n", "n_I", "n_UI", "n_UG", "n_IG", "n_UIG")]
    [4, 1, 1, 1, 1, 0]
    >>> round(float(row.t_uig), 6)  # 1 + 0.811278 + 1 - 1.5 - 2 - 1.5 + 2
    -0.188722
    """
    check_unit(unit)
    net = as_network(data)
    single = region is None or isinstance(region, str)
    regions: list[str | None] = [region] if single else list(region)  # type: ignore[list-item,arg-type]
    windows = _windows(period, step)
    whole = (windows[0][0], windows[-1][1])
    rows = []
    for reg in regions:
        units = helix_units(net, reg, whole, unit=unit, membership=membership)
        years = units["year"].to_numpy(int)
        for lo, hi in windows:
            kept = units[(years >= lo) & (years <= hi)]
            rows.append(_window_row("all" if reg is None else reg, lo, hi, unit, kept))
    return pd.DataFrame(rows)


def presence_table(units: pd.DataFrame) -> np.ndarray:
    """The 2 x 2 x 2 table of U, I, G presence of coded observations (:func:`helix_units`)."""
    table = np.zeros((2, 2, 2))
    np.add.at(table, tuple(units[h].to_numpy(bool).astype(int) for h in "UIG"), 1)
    return table


def _window_row(region: str, lo: int, hi: int, unit: str, units: pd.DataFrame) -> dict:
    """One row of :func:`triple_helix`: the counts and T(UIG) of the kept observations."""
    table = presence_table(units)
    result = mutual_information(table)
    counts = {f"n_{c}": int(table[int("U" in c), int("I" in c), int("G" in c)]) for c in _COMBOS}
    return {
        "region": region,
        "start": lo,
        "end": hi,
        "unit": unit,
        "n": len(units),
        "ties": int(units["ties"].sum()),
        **counts,
        "h_u": result.h_x,
        "h_i": result.h_y,
        "h_g": result.h_z,
        "h_ui": result.h_xy,
        "h_ug": result.h_xz,
        "h_ig": result.h_yz,
        "h_uig": result.h_xyz,
        "t_ui": result.t_xy,
        "t_ug": result.t_xz,
        "t_ig": result.t_yz,
        "t_uig": result.t_xyz,
        "t_uig_mbits": result.t_xyz_mbits,
    }
