"""NUTS 2021 regions: codes, names, hierarchy; read lazily from the GISCO file."""

from __future__ import annotations

import difflib
import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bioregion.errors import UnknownRegionError

DATA_FILE = "nuts_2021_60m.geojson.gz"
LEVELS = (0, 1, 2, 3)

# NUTS country codes that differ from ISO 3166-1 alpha-2; all others are identical.
NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}
ISO_TO_NUTS = {iso: nuts for nuts, iso in NUTS_TO_ISO.items()}


@dataclass(frozen=True)
class NutsRegion:
    """One NUTS 2021 region.

    Attributes
    ----------
    code : str
        NUTS code, e.g. ``"BE242"``.
    name : str
        Name in Latin script (GISCO ``NAME_LATN``), e.g. ``"Arr. Leuven"``.
    level : int
        NUTS level: 0 (country) to 3 (small region).
    country : str
        NUTS country code (``"EL"`` for Greece, ``"UK"`` for the United Kingdom).
    parent : str or None
        Code of the region one level up (``code[:-1]``), None at level 0.

    Examples
    --------
    >>> nuts_region("be242")
    NutsRegion(code='BE242', name='Arr. Leuven', level=3, country='BE', parent='BE24')
    """

    code: str
    name: str
    level: int
    country: str
    parent: str | None


@cache
def nuts_features() -> list[dict[str, Any]]:
    """Parse the shipped GeoJSON once; return its features (with geometries)."""
    path = resources.files("bioregion.regions").joinpath("data", DATA_FILE)
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return json.load(text)["features"]


def nuts_geojson(level: int | None = None, countries: Iterable[str] | None = None) -> dict:
    """The shipped NUTS 2021 boundaries (GISCO, 1:60 million) as a GeoJSON
    FeatureCollection, optionally of one level (0-3) and some NUTS country codes.

    Each feature keeps GISCO's properties (``NUTS_ID``, ``LEVL_CODE``, ``CNTR_CODE``,
    ``NAME_LATN``, ...). Maps draw it without any tile server.

    >>> be = nuts_geojson(level=1, countries=["BE"])
    >>> sorted(f["properties"]["NUTS_ID"] for f in be["features"])
    ['BE1', 'BE2', 'BE3']
    """
    if level is not None and level not in (0, 1, 2, 3):
        raise ValueError(f"NUTS level must be 0, 1, 2 or 3, not {level!r}")
    wanted = {c.upper() for c in countries} if countries is not None else None
    features = [
        f
        for f in nuts_features()
        if (level is None or int(f["properties"]["LEVL_CODE"]) == level)
        and (wanted is None or f["properties"]["CNTR_CODE"] in wanted)
    ]
    return {"type": "FeatureCollection", "features": features}


@cache
def nuts_table() -> dict[str, NutsRegion]:
    """Code -> region for every region of the file, sorted by code."""
    regions = {}
    for feature in nuts_features():
        props = feature["properties"]
        code = props["NUTS_ID"]
        level = int(props["LEVL_CODE"])
        regions[code] = NutsRegion(
            code=code,
            # some names carry stray line breaks (NO0B1 is "Jan Mayen\r\n   \r\n")
            name=" ".join(props["NAME_LATN"].split()),
            level=level,
            country=props["CNTR_CODE"],
            parent=code[:-1] if level > 0 else None,
        )
    return dict(sorted(regions.items()))


@cache
def nuts_children() -> dict[str, tuple[str, ...]]:
    """Code -> sorted codes of its direct children."""
    children: dict[str, list[str]] = {}
    for region in nuts_table().values():
        if region.parent is not None:
            children.setdefault(region.parent, []).append(region.code)
    return {code: tuple(kids) for code, kids in children.items()}


def normalize_code(code: str) -> str:
    """Upper-case a code and remove all whitespace (``" be 242 "`` -> ``"BE242"``)."""
    if not isinstance(code, str):
        raise TypeError(f"a NUTS code must be a string, not {type(code).__name__}")
    return "".join(code.split()).upper()


def _suggest(code: str, n: int = 3) -> list[str]:
    """Close codes: the NUTS spelling of an ISO prefix, the longest valid prefix, ..."""
    table = nuts_table()
    found = []
    if code[:2] in ISO_TO_NUTS and ISO_TO_NUTS[code[:2]] + code[2:] in table:
        found.append(ISO_TO_NUTS[code[:2]] + code[2:])  # "GR30" -> "EL30"
    prefixes = [code[:i] for i in range(len(code) - 1, 1, -1) if code[:i] in table]
    found += prefixes[:1]
    same_country = [c for c in table if c[:2] == code[:2]]
    pool = [c for c in same_country if len(c) == len(code)] or same_country or list(table)
    found += difflib.get_close_matches(code, pool, n=n, cutoff=0.6)
    return list(dict.fromkeys(found))[:n]


def _unknown_code(code: str, given: object) -> UnknownRegionError:
    """Build the error for an unknown code, with close suggestions and where to look."""
    table = nuts_table()
    suggestions = [f"{c!r} ({table[c].name})" for c in _suggest(code)]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    country = ISO_TO_NUTS.get(code[:2], code[:2])
    if country in table:
        see = f"see `bioregion regions --country {country}`"
    else:
        see = f"NUTS countries are {', '.join(nuts_countries())}; see `bioregion regions`"
    return UnknownRegionError(
        f"unknown NUTS 2021 code {given!r}{hint} (codes of other NUTS versions, "
        f"e.g. 2016, are not accepted); {see}"
    )


def nuts_region(code: str) -> NutsRegion:
    """Return the NUTS 2021 region with this code.

    Parameters
    ----------
    code : str
        A NUTS code of any level; case-insensitive, whitespace is ignored.

    Returns
    -------
    NutsRegion

    Raises
    ------
    UnknownRegionError
        If the code is not a NUTS 2021 code; the message suggests close codes.

    Examples
    --------
    >>> nuts_region("BE 2").name
    'Vlaams Gewest'
    """
    key = normalize_code(code)
    try:
        return nuts_table()[key]
    except KeyError:
        raise _unknown_code(key, code) from None


def is_nuts_code(code: str) -> bool:
    """Tell whether ``code`` is a NUTS 2021 code (case-insensitive, whitespace ignored).

    Examples
    --------
    >>> is_nuts_code("be100"), is_nuts_code("BE322")
    (True, False)
    """
    return isinstance(code, str) and normalize_code(code) in nuts_table()


def nuts_countries() -> list[str]:
    """Return the NUTS country codes of the file (level-0 codes), sorted."""
    return list(_nuts_countries())


@cache
def _nuts_countries() -> tuple[str, ...]:
    return tuple(r.code for r in nuts_table().values() if r.level == 0)
