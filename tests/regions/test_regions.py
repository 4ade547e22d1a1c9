"""Tests of bioregion.regions against the shipped GISCO NUTS 2021 (1:60M) file."""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bioregion.regions as regions
from bioregion.errors import UnknownRegionError, ValidationError
from bioregion.regions import (
    NamedRegion,
    is_nuts_code,
    iso_to_nuts_country,
    locate_nuts3,
    locate_nuts3_many,
    named_region,
    named_regions,
    nuts_ancestors,
    nuts_countries,
    nuts_country_to_iso,
    nuts_descendants,
    nuts_region,
    nuts_regions,
    region_of,
)

GISCO_SHA256 = "799662dbfe64e47ed5692a6f97f6d026b944855329ad828ff73adb8078488fef"
LEVEL3_CODES = [r.code for r in nuts_regions(level=3)]


# --- data file ---------------------------------------------------------------------


def test_shipped_file_is_the_unmodified_gisco_file() -> None:
    data = resources.files("bioregion.regions").joinpath("data")
    raw = gzip.decompress(data.joinpath("nuts_2021_60m.geojson.gz").read_bytes())
    assert hashlib.sha256(raw).hexdigest() == GISCO_SHA256
    attribution = data.joinpath("ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "© EuroGeographics for the administrative boundaries" in attribution
    assert "ba432545b5420274d63ca16ce3e70d8bfef5aa69" in attribution


def test_import_reads_nothing_and_loads_no_numpy_or_shapely() -> None:
    src = Path(regions.__file__).resolve().parents[2]
    code = (
        "import sys, bioregion\n"
        "before = set(sys.modules)\n"
        "import bioregion.regions\n"
        "from bioregion.regions import _nuts\n"
        "assert _nuts.nuts_features.cache_info().currsize == 0, 'file read at import'\n"
        "new = set(sys.modules) - before\n"
        "assert not {'numpy', 'shapely'} & new, sorted(new)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --- NUTS codes, names, hierarchy ----------------------------------------------------


@pytest.mark.parametrize(("level", "count"), [(0, 37), (1, 125), (2, 334), (3, 1514)])
def test_region_counts_per_level(level: int, count: int) -> None:
    assert len(nuts_regions(level=level)) == count


def test_all_regions_sorted_and_countries() -> None:
    codes = [r.code for r in nuts_regions()]
    assert len(codes) == 2010
    assert codes == sorted(codes)
    countries = nuts_countries()
    assert len(countries) == 37
    assert {"BE", "EL", "UK", "CH", "NO", "TR"} <= set(countries)
    assert "GR" not in countries and "GB" not in countries


def test_belgian_hierarchy() -> None:
    assert [r.code for r in nuts_regions(parent="BE2")] == [
        "BE21",
        "BE22",
        "BE23",
        "BE24",
        "BE25",
    ]
    assert nuts_region("BE100").parent == "BE10"
    assert nuts_region("BE10").parent == "BE1"
    assert nuts_region("BE1").parent == "BE"
    assert nuts_region("BE").parent is None
    assert [r.code for r in nuts_ancestors("BE100")] == ["BE10", "BE1", "BE"]
    assert nuts_ancestors("BE") == []
    assert [r.code for r in nuts_descendants("BE1")] == ["BE10", "BE100"]
    assert len(nuts_descendants("BE", level=3)) == 44
    assert len(nuts_regions(country="BE", level=3)) == 44
    assert nuts_descendants("BE2", level=1) == []
    # Hainaut's arrondissements were redrawn for NUTS 2021: BE322 (Charleroi) is gone
    assert [r.code for r in nuts_regions(parent="BE32")] == [
        "BE323",
        "BE328",
        "BE329",
        "BE32A",
        "BE32B",
        "BE32C",
        "BE32D",
    ]


def test_names_levels_countries() -> None:
    antwerp = nuts_region("BE211")
    assert antwerp == regions.NutsRegion("BE211", "Arr. Antwerpen", 3, "BE", "BE21")
    assert nuts_region("BE3").name == "Région wallonne"
    assert nuts_region("BE").name == "Belgique/België"
    assert nuts_region("EL30").country == "EL"
    # the file's NAME_LATN of NO0B1 is "Jan Mayen\r\n   \r\n"
    assert nuts_region("NO0B1").name == "Jan Mayen"


def test_codes_are_case_and_space_insensitive() -> None:
    assert nuts_region(" be 242 ").code == "BE242"
    assert is_nuts_code("be242") and is_nuts_code("BE")
    assert not is_nuts_code("BE322")  # NUTS 2016 code
    assert not is_nuts_code("")
    assert not is_nuts_code(None)  # type: ignore[arg-type]


def test_unknown_code_error_suggests_and_points_to_the_cli() -> None:
    with pytest.raises(UnknownRegionError) as info:
        nuts_region("BE99")
    message = str(info.value)
    assert message.startswith("unknown NUTS 2021 code 'BE99'")
    assert "did you mean 'BE'" in message
    assert "see `bioregion regions --country BE`" in message
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownRegionError, match=r"did you mean 'BE32' \(Prov. Hainaut\)"):
        nuts_region("BE322")
    with pytest.raises(UnknownRegionError, match=r"did you mean 'EL30' \(Attiki\)"):
        nuts_region("GR30")


def test_bad_filters_raise() -> None:
    with pytest.raises(ValueError, match="level must be 0, 1, 2 or 3"):
        nuts_regions(level=4)
    with pytest.raises(UnknownRegionError):
        nuts_regions(parent="BE9")
    with pytest.raises(UnknownRegionError):
        nuts_regions(country="US")


# --- countries ---------------------------------------------------------------------


def test_nuts_iso_country_mapping() -> None:
    assert nuts_country_to_iso("EL") == "GR"
    assert nuts_country_to_iso("uk") == "GB"
    assert nuts_country_to_iso("BE") == "BE"
    assert iso_to_nuts_country("GR") == "EL"
    assert iso_to_nuts_country("GB") == "UK"
    assert iso_to_nuts_country("de") == "DE"
    for country in nuts_countries():
        assert iso_to_nuts_country(nuts_country_to_iso(country)) == country
    assert nuts_regions(country="GR") == nuts_regions(country="EL")


@pytest.mark.parametrize(
    ("function", "code", "hint"),
    [
        (nuts_country_to_iso, "GR", "its NUTS code is 'EL'"),
        (iso_to_nuts_country, "EL", "its ISO code is 'GR'"),
        (iso_to_nuts_country, "US", "covered: AL"),
    ],
)
def test_country_mapping_rejects_the_wrong_scheme(function, code: str, hint: str) -> None:
    with pytest.raises(UnknownRegionError, match=hint):
        function(code)


# --- named regions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Flanders", "flanders"),
        ("Vlaanderen", "flanders"),
        ("VLAAMS GEWEST", "flanders"),
        ("flemish region", "flanders"),
        ("Flandre", "flanders"),
        ("wallonie", "wallonia"),
        ("Région wallonne", "wallonia"),
        ("region wallonne", "wallonia"),
        ("Wallonië", "wallonia"),
        ("walloon-region", "wallonia"),
        ("Brussels", "brussels"),
        ("Brussels-Capital Region", "brussels"),
        ("Région de Bruxelles-Capitale", "brussels"),
        ("bruxelles", "brussels"),
        ("brussel", "brussels"),
        ("belgium", "belgium"),
        ("België", "belgium"),
    ],
)
def test_named_region_aliases(name: str, key: str) -> None:
    assert named_region(name).key == key


def test_builtin_named_regions() -> None:
    found = {r.key: r.codes for r in named_regions()}
    assert found == {
        "flanders": ("BE2",),
        "wallonia": ("BE3",),
        "brussels": ("BE1",),
        "belgium": ("BE",),
    }
    assert named_region("flanders").name == "Flanders"


def test_codes_as_names() -> None:
    province = named_region("be24")
    assert province.codes == ("BE24",)
    assert province.name == "Prov. Vlaams-Brabant"
    assert named_region("GR").codes == ("EL",)
    assert named_region("el").name == "Elláda"


def test_unknown_named_region_lists_the_known_ones() -> None:
    with pytest.raises(UnknownRegionError) as info:
        named_region("Flandres")
    message = str(info.value)
    assert "unknown region 'Flandres'" in message
    assert "did you mean 'flandre'" in message
    for key in ("flanders (BE2)", "wallonia (BE3)", "brussels (BE1)", "belgium (BE)"):
        assert key in message


def test_contains_is_a_prefix_match_on_valid_codes() -> None:
    flanders = named_region("flanders")
    assert all(flanders.contains(c) for c in ("BE2", "BE24", "BE242", " be 242 "))
    assert not any(flanders.contains(c) for c in ("BE", "BE1", "BE310", "FR101"))
    assert not flanders.contains("BE2X")  # starts with BE2 but is no NUTS code
    leuven = NamedRegion("leuven", "Leuven area", ("be242", "BE241"))
    assert leuven.codes == ("BE242", "BE241")
    assert leuven.contains("BE241") and not leuven.contains("BE24")


def test_named_region_rejects_unknown_codes() -> None:
    with pytest.raises(UnknownRegionError, match="BE322"):
        NamedRegion("charleroi", "Charleroi", ("BE322",))


def test_region_of() -> None:
    assert region_of("BE242") == named_region("flanders")
    assert region_of("BE310") == named_region("wallonia")
    assert region_of("BE100").key == "brussels"
    # no Belgian default: without regions, the NUTS-1 region of the code, named where known
    assert region_of("FR101").codes == ("FR1",) and region_of("FR101").key == "fr1"
    assert region_of("DE212").name == "Bayern"
    assert region_of("BE") is None  # a country lies above, not inside, its NUTS-1 regions
    assert region_of("FR101", ["flanders", "wallonia"]) is None
    assert region_of("FR101", ["brussels", "FR1"]).codes == ("FR1",)
    assert region_of("BE242", "belgium").key == "belgium"
    with pytest.raises(UnknownRegionError):
        region_of("BE322")


# --- point lookup --------------------------------------------------------------------

PLACES = [
    ("Leuven", 50.8798, 4.7005, "BE242"),
    ("Ghent", 51.0543, 3.7174, "BE234"),
    ("Liège", 50.6326, 5.5797, "BE332"),
    ("Brussels Grand-Place", 50.8467, 4.3525, "BE100"),
    ("Louvain-la-Neuve", 50.6681, 4.6118, "BE310"),
    ("Antwerp", 51.2194, 4.4025, "BE211"),
    # Arr. Charleroi is BE32B in NUTS 2021 (BE322 was its NUTS 2016 code)
    ("Gosselies/Charleroi", 50.4108, 4.4446, "BE32B"),
    ("Paris", 48.8566, 2.3522, "FR101"),
    ("Oostende", 51.2154, 2.9286, "BE255"),
    ("Athens", 37.9838, 23.7275, "EL303"),
    ("middle of the Atlantic", 40.0, -40.0, None),
]


@pytest.mark.parametrize(("place", "lat", "lon", "code"), PLACES)
def test_locate_real_places(place: str, lat: float, lon: float, code: str | None) -> None:
    assert locate_nuts3(lat, lon) == code, place


def test_locate_many_matches_places() -> None:
    lats = np.array([p[1] for p in PLACES])
    lons = np.array([p[2] for p in PLACES])
    assert locate_nuts3_many(lats, lons) == [p[3] for p in PLACES]


def test_coastal_point_falls_back_to_nearest_polygon() -> None:
    # Helsinki's centre lies just outside the coarse 1:60M coastline
    assert locate_nuts3(60.1699, 24.9384, tolerance=0) is None
    assert locate_nuts3(60.1699, 24.9384) == "FI1B1"
    assert locate_nuts3(60.1699, 24.9384, tolerance=0.001) is None


def test_border_and_overlap_go_to_the_smaller_code() -> None:
    # a vertex shared by Arr. Halle-Vilvoorde (BE241) and Arr. Leuven (BE242)
    assert locate_nuts3(50.764, 4.597) == "BE241"
    assert locate_nuts3(50.764, 4.597, tolerance=0) == "BE241"  # on the border is in
    # the 1:60M polygons of Arr. Mons (BE323) and Arr. Soignies (BE32C) overlap slightly
    assert locate_nuts3(50.514726337888796, 4.003158455148849) == "BE323"


def test_locate_many_equals_locate_on_random_points_in_belgium() -> None:
    rng = np.random.default_rng(20240611)
    lats = rng.uniform(49.4, 51.6, 200)
    lons = rng.uniform(2.5, 6.5, 200)
    many = locate_nuts3_many(lats, lons)
    assert many == [locate_nuts3(la, lo) for la, lo in zip(lats, lons, strict=True)]
    assert sum(code is not None and code.startswith("BE") for code in many) > 50


def test_locate_many_edge_cases() -> None:
    assert locate_nuts3_many([], []) == []
    assert locate_nuts3_many([math.nan, 50.8798], [4.0, 4.7005]) == [None, "BE242"]
    assert locate_nuts3(50.0, math.nan) is None
    with pytest.raises(ValueError, match="2 latitudes but 1 longitudes"):
        locate_nuts3_many([50.0, 51.0], [4.0])
    with pytest.raises(ValidationError, match="swapped"):
        locate_nuts3(4.7005, 250.0)
    with pytest.raises(ValidationError, match="lat"):
        locate_nuts3_many([50.0, 95.0], [4.0, 4.0])


# --- properties ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LEVEL3_CODES))
def test_ancestors_chain_ends_at_the_country(code: str) -> None:
    region = nuts_region(code)
    chain = nuts_ancestors(code)
    assert [r.level for r in chain] == [2, 1, 0]
    assert chain[-1].code == region.country
    assert all(is_nuts_code(r.code) for r in chain)
    assert all(code.startswith(r.code) for r in chain)
    assert region in nuts_descendants(chain[-1].code, level=3)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LEVEL3_CODES))
def test_a_point_inside_each_nuts3_polygon_locates_to_it(code: str) -> None:
    import shapely
    from shapely.geometry import shape

    from bioregion.regions._nuts import nuts_features

    (geometry,) = [f["geometry"] for f in nuts_features() if f["properties"]["NUTS_ID"] == code]
    inside = shapely.point_on_surface(shape(geometry))
    assert locate_nuts3(inside.y, inside.x, tolerance=0) == code
