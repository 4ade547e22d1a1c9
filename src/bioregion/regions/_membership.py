"""Membership of a regional innovation system: by jurisdiction or mandate, else location."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from bioregion.errors import ArgumentError, UnknownRegionError
from bioregion.regions._named import NamedRegion, named_region


@lru_cache(maxsize=4096)
def _codes_of(entry: str) -> tuple[str, ...]:
    """The NUTS codes a ``systems`` entry stands for (none when it names nothing)."""
    try:
        return named_region(entry).codes
    except (UnknownRegionError, TypeError, ValueError):
        return ()


def _entries(systems: Sequence[str] | str | None) -> tuple[str, ...]:
    if systems is None or isinstance(systems, float):  # a missing frame cell (NaN)
        return ()
    if isinstance(systems, str):  # template text: "flanders;BE1"
        return tuple(s.strip() for s in systems.split(";") if s.strip())
    return tuple(s for s in systems if isinstance(s, str) and s)


def member_of(systems: Sequence[str], nuts: str, region: str | NamedRegion) -> bool:
    """Tell whether an actor is a member of the regional innovation system of ``region``.

    Membership is by jurisdiction or mandate where the actor states it, else by location:

    - when ``systems`` (the actor's ``systems`` field) is not empty, it alone decides:
      the actor is a member when one of its entries names ``region`` or a part of it
      (a named region or NUTS code all of whose codes lie in ``region``);
    - when ``systems`` is empty, the actor is a member when its location ``nuts`` lies
      in ``region``.

    Parameters
    ----------
    systems : sequence of str
        Named-region keys (``"flanders"``) or NUTS 2021 codes; a ``;``-separated text is
        also read. Entries that name no region count for nothing.
    nuts : str
        The NUTS code of the actor's location (``""`` when unknown).
    region : str or NamedRegion
        The region: a named-region key, name or alias, or a NUTS or country code
        (:func:`bioregion.regions.named_region`).

    Returns
    -------
    bool

    Raises
    ------
    UnknownRegionError
        If ``region`` names no region.

    Examples
    --------
    A Flemish agency seated in Brussels is a member of Flanders' system, not of
    Brussels'; an actor without ``systems`` is a member where it is located:

    >>> member_of(("flanders",), "BE100", "flanders"), member_of(("flanders",), "BE100", "brussels")
    (True, False)
    >>> member_of((), "BE242", "flanders"), member_of(("BE2",), "", "belgium")
    (True, True)
    """
    area = region if isinstance(region, NamedRegion) else named_region(region)
    entries = _entries(systems)
    if not entries:
        return area.contains(nuts) if isinstance(nuts, str) and nuts else False
    for entry in entries:
        codes = _codes_of(entry)
        if codes and all(area.contains(code) for code in codes):
            return True
    return False


def members_of(
    systems: Sequence[object] | None,
    nuts: Sequence[object],
    region: str | NamedRegion,
    *,
    membership: str = "system",
) -> list[bool]:
    """:func:`member_of` for columns of actors: one answer per actor.

    ``systems`` and ``nuts`` are parallel sequences (e.g. the columns of an actors frame;
    ``systems`` None when there is no such column). ``membership="location"`` ignores
    ``systems`` (the actor's NUTS location alone; for maps). Each distinct pair is worked
    out once, so a frame of a million actors costs as many checks as it has distinct
    locations and memberships.

    Examples
    --------
    >>> members_of([("flanders",), ()], ["BE100", "BE100"], "brussels")
    [False, True]
    >>> members_of([("flanders",), ()], ["BE100", "BE100"], "brussels", membership="location")
    [True, True]
    """
    if membership not in ("system", "location"):
        raise ArgumentError(
            f"membership must be 'system' (the actor's regional innovation systems, else its "
            f"location) or 'location' (its NUTS code only), not {membership!r}"
        )
    area = region if isinstance(region, NamedRegion) else named_region(region)
    codes = ["" if not isinstance(code, str) else code for code in nuts]
    if systems is None or membership == "location":
        entries: list[tuple[str, ...]] = [()] * len(codes)
    else:
        entries = [_entries(s) for s in systems]  # type: ignore[arg-type]
    known: dict[tuple[tuple[str, ...], str], bool] = {}
    out = []
    for key in zip(entries, codes, strict=True):
        if key not in known:
            known[key] = member_of(key[0], key[1], area)
        out.append(known[key])
    return out
