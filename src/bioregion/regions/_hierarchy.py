"""NUTS 2021 hierarchy: regions by level, country and parent; ancestors, descendants."""

from __future__ import annotations

from bioregion.regions._countries import iso_to_nuts_country
from bioregion.regions._nuts import (
    LEVELS,
    NutsRegion,
    normalize_code,
    nuts_children,
    nuts_region,
    nuts_table,
)


def _check_level(level: int | None) -> None:
    if level is not None and level not in LEVELS:
        raise ValueError(f"NUTS level must be 0, 1, 2 or 3, not {level!r}")


def _resolve_country(country: str) -> str:
    """NUTS country code for a NUTS or ISO alpha-2 country code."""
    key = normalize_code(country)
    if key in nuts_table() and nuts_table()[key].level == 0:
        return key
    return iso_to_nuts_country(key)


def nuts_regions(
    level: int | None = None, country: str | None = None, parent: str | None = None
) -> list[NutsRegion]:
    """List NUTS 2021 regions, sorted by code, optionally filtered.

    Parameters
    ----------
    level : int, optional
        Keep only regions of this level (0 to 3).
    country : str, optional
        Keep only regions of this country (NUTS code such as ``"EL"``, or ISO ``"GR"``).
    parent : str, optional
        Keep only the direct children of this region.

    Returns
    -------
    list of NutsRegion

    Raises
    ------
    ValueError
        If ``level`` is not 0 to 3.
    UnknownRegionError
        If ``country`` or ``parent`` is unknown.

    Examples
    --------
    >>> [r.code for r in nuts_regions(parent="BE2")]
    ['BE21', 'BE22', 'BE23', 'BE24', 'BE25']
    """
    _check_level(level)
    if parent is not None:
        parent_code = nuts_region(parent).code
        regions = [nuts_table()[c] for c in nuts_children().get(parent_code, ())]
    else:
        regions = list(nuts_table().values())
    if country is not None:
        nuts_country = _resolve_country(country)
        regions = [r for r in regions if r.country == nuts_country]
    if level is not None:
        regions = [r for r in regions if r.level == level]
    return regions


def nuts_ancestors(code: str) -> list[NutsRegion]:
    """Return the regions above ``code``, nearest first, ending at its country.

    Examples
    --------
    >>> [r.code for r in nuts_ancestors("BE100")]
    ['BE10', 'BE1', 'BE']
    """
    region = nuts_region(code)
    ancestors = []
    while region.parent is not None:
        region = nuts_table()[region.parent]
        ancestors.append(region)
    return ancestors


def nuts_descendants(code: str, level: int | None = None) -> list[NutsRegion]:
    """Return every region below ``code`` (not ``code`` itself), sorted by code.

    Parameters
    ----------
    code : str
        A NUTS 2021 code.
    level : int, optional
        Keep only descendants of this level (a level at or above ``code``'s
        gives ``[]``).

    Examples
    --------
    >>> [r.code for r in nuts_descendants("BE1")]
    ['BE10', 'BE100']
    """
    _check_level(level)
    root = nuts_region(code).code
    found: list[str] = []
    stack = [root]
    while stack:
        kids = nuts_children().get(stack.pop(), ())
        found.extend(kids)
        stack.extend(kids)
    regions = [nuts_table()[c] for c in sorted(found)]
    return [r for r in regions if level is None or r.level == level]
