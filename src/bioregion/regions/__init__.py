"""NUTS 2021 regions of Europe, named regions (Flanders, ...) and point lookup.

The regions, their names and hierarchy come from the Eurostat GISCO NUTS 2021 file
shipped in ``data/`` (1:60M, EPSG:4326; © EuroGeographics for the administrative
boundaries, see ``data/ATTRIBUTION.md``). Nothing is read at import time: the file is
parsed on first use and cached.

Examples
--------
>>> from bioregion.regions import named_region, nuts_region, locate_nuts3, region_of
>>> nuts_region("BE242").name
'Arr. Leuven'
>>> region_of(locate_nuts3(50.8798, 4.7005)).name
'Flanders'
>>> named_region("Région wallonne").codes
('BE3',)

Membership of a regional innovation system follows an actor's ``systems`` (jurisdiction
or mandate) where given, else its location (:func:`member_of`).
"""

from __future__ import annotations

from bioregion.regions._countries import iso_to_nuts_country, nuts_country_to_iso
from bioregion.regions._hierarchy import nuts_ancestors, nuts_descendants, nuts_regions
from bioregion.regions._locate import TOLERANCE_DEG, locate_nuts3, locate_nuts3_many
from bioregion.regions._membership import member_of, members_of
from bioregion.regions._named import NamedRegion, named_region, named_regions, region_of
from bioregion.regions._nuts import (
    NutsRegion,
    is_nuts_code,
    nuts_countries,
    nuts_geojson,
    nuts_region,
)

__all__ = [
    "TOLERANCE_DEG",
    "NamedRegion",
    "NutsRegion",
    "is_nuts_code",
    "iso_to_nuts_country",
    "locate_nuts3",
    "locate_nuts3_many",
    "member_of",
    "members_of",
    "named_region",
    "named_regions",
    "nuts_ancestors",
    "nuts_countries",
    "nuts_country_to_iso",
    "nuts_descendants",
    "nuts_geojson",
    "nuts_region",
    "nuts_regions",
    "region_of",
]
