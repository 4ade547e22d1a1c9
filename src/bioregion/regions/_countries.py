"""NUTS country codes <-> ISO 3166-1 alpha-2 (they differ only for EL/GR and UK/GB)."""

from __future__ import annotations

from bioregion.errors import UnknownRegionError
from bioregion.regions._nuts import (
    ISO_TO_NUTS,
    NUTS_TO_ISO,
    normalize_code,
    nuts_countries,
)


def nuts_country_to_iso(country: str) -> str:
    """NUTS country code -> ISO 3166-1 alpha-2 (``EL`` -> ``GR``, ``UK`` -> ``GB``).

    Raises
    ------
    UnknownRegionError
        If ``country`` is not a NUTS 2021 country code.

    Examples
    --------
    >>> nuts_country_to_iso("EL"), nuts_country_to_iso("be")
    ('GR', 'BE')
    """
    key = normalize_code(country)
    if key not in nuts_countries():
        iso_hint = ""
        if key in ISO_TO_NUTS:
            iso_hint = f" ({key!r} is the ISO code; its NUTS code is {ISO_TO_NUTS[key]!r})"
        raise UnknownRegionError(
            f"unknown NUTS 2021 country code {country!r}{iso_hint}; "
            f"NUTS countries are {', '.join(nuts_countries())}"
        )
    return NUTS_TO_ISO.get(key, key)


def iso_to_nuts_country(iso: str) -> str:
    """ISO 3166-1 alpha-2 country code -> NUTS country code (``GR`` -> ``EL``).

    Raises
    ------
    UnknownRegionError
        If the country has no NUTS 2021 regions, or ``iso`` is not an ISO code
        (e.g. ``"EL"``).

    Examples
    --------
    >>> iso_to_nuts_country("GR"), iso_to_nuts_country("gb")
    ('EL', 'UK')
    """
    key = normalize_code(iso)
    nuts = ISO_TO_NUTS.get(key, key)
    if nuts not in nuts_countries() or key in NUTS_TO_ISO:
        hint = ""
        if key in NUTS_TO_ISO:
            hint = f" ({key!r} is the NUTS code; its ISO code is {NUTS_TO_ISO[key]!r})"
        isos = sorted(NUTS_TO_ISO.get(c, c) for c in nuts_countries())
        raise UnknownRegionError(
            f"no NUTS 2021 country for ISO code {iso!r}{hint}; covered: {', '.join(isos)}"
        )
    return nuts
