"""Point -> NUTS-3 lookup on the shipped 1:60M NUTS 2021 polygons (shapely 2, STRtree).

numpy and shapely are imported on first use, so ``import bioregion`` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from bioregion.errors import Problem, ValidationError
from bioregion.regions._nuts import nuts_features

if TYPE_CHECKING:
    import numpy as np
    import shapely

TOLERANCE_DEG = 0.15
"""Distance (degrees) within which a point outside all polygons takes the nearest."""


@dataclass(frozen=True)
class _Index:
    codes: list[str]  # level-3 codes, sorted; position = tree index
    geoms: np.ndarray  # prepared shapely polygons, same order
    tree: shapely.STRtree


@cache
def _index() -> _Index:
    """Build (once) the spatial index of the NUTS-3 polygons."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    level3 = sorted(
        (f["properties"]["NUTS_ID"], f["geometry"])
        for f in nuts_features()
        if f["properties"]["LEVL_CODE"] == 3
    )
    geoms = np.array([shape(geometry) for _, geometry in level3], dtype=object)
    shapely.prepare(geoms)
    return _Index([code for code, _ in level3], geoms, shapely.STRtree(geoms))


def _first_per_input(inputs: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep, for each input index, the smallest target index (deterministic ties)."""
    import numpy as np

    order = np.lexsort((targets, inputs))
    inputs, targets = inputs[order], targets[order]
    first = np.ones(inputs.size, dtype=bool)
    first[1:] = inputs[1:] != inputs[:-1]
    return inputs[first], targets[first]


def _check_range(lat: np.ndarray, lon: np.ndarray) -> None:
    """Raise ValidationError for finite coordinates outside the globe."""
    import numpy as np

    problems = []
    for name, values, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        for i in np.flatnonzero(np.abs(values) > limit)[:10]:
            problems.append(
                Problem(
                    column=name,
                    value=str(values[i]),
                    rule=f"at position {i}: must be between -{limit:g} and {limit:g} "
                    "(are latitude and longitude swapped?)",
                )
            )
    if problems:
        raise ValidationError(problems, "coordinates out of range")


def _as_coordinates(lats: Any, lons: Any) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np

    lat = np.asarray(lats, dtype=float).ravel()
    lon = np.asarray(lons, dtype=float).ravel()
    if lat.shape != lon.shape:
        raise ValueError(f"got {lat.size} latitudes but {lon.size} longitudes")
    _check_range(lat, lon)
    return lat, lon


def _locate_indices(lat: np.ndarray, lon: np.ndarray, tolerance: float) -> np.ndarray:
    """Tree index of the NUTS-3 polygon of each point, -1 where there is none."""
    import numpy as np
    import shapely

    index = _index()
    result = np.full(lat.size, -1, dtype=np.int64)
    valid = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if valid.size == 0:
        return result
    # Candidates by bounding box, then an exact test on the prepared polygons.
    # intersects (not contains): a point on a shared border belongs to the smaller code.
    inputs, targets = index.tree.query(shapely.points(lon[valid], lat[valid]))
    hit = shapely.intersects_xy(index.geoms[targets], lon[valid][inputs], lat[valid][inputs])
    inputs, targets = _first_per_input(inputs[hit], targets[hit])
    result[valid[inputs]] = targets
    missing = valid[result[valid] < 0]
    if missing.size and tolerance > 0:
        points = shapely.points(lon[missing], lat[missing])
        inputs, targets = index.tree.query_nearest(points, max_distance=tolerance)
        inputs, targets = _first_per_input(inputs, targets)
        result[missing[inputs]] = targets
    return result


def locate_nuts3_many(
    lats: Sequence[float] | np.ndarray,
    lons: Sequence[float] | np.ndarray,
    *,
    tolerance: float = TOLERANCE_DEG,
) -> list[str | None]:
    """Return the NUTS-3 code of many points at once (vectorised).

    Parameters
    ----------
    lats, lons : array-like of float
        Latitudes and longitudes in degrees (WGS 84), same length. NaN gives None.
    tolerance : float, default 0.15
        A point outside every polygon (the 1:60M polygons are coarse at coasts and
        borders) takes the nearest NUTS-3 polygon within this many degrees; 0 disables.

    Returns
    -------
    list of (str or None)
        One code per point, None where no NUTS-3 region is within ``tolerance``.

    Raises
    ------
    ValidationError
        If a latitude is outside [-90, 90] or a longitude outside [-180, 180].
    ValueError
        If ``lats`` and ``lons`` differ in length.

    Examples
    --------
    >>> locate_nuts3_many([50.8798, 40.0], [4.7005, -40.0])
    ['BE242', None]
    """
    lat, lon = _as_coordinates(lats, lons)
    codes = _index().codes
    return [codes[i] if i >= 0 else None for i in _locate_indices(lat, lon, tolerance).tolist()]


def locate_nuts3(lat: float, lon: float, *, tolerance: float = TOLERANCE_DEG) -> str | None:
    """Return the NUTS 2021 level-3 code of the point (``lat``, ``lon``), or None.

    The point is looked up in the shipped 1:60M polygons (built once, on first use,
    into a shapely STRtree). A point on a border between two regions goes to the
    smaller code; a point outside every polygon but within ``tolerance`` degrees of one
    goes to the nearest.

    Parameters
    ----------
    lat, lon : float
        Latitude and longitude in degrees (WGS 84). NaN gives None.
    tolerance : float, default 0.15
        Fallback distance in degrees; 0 disables the fallback.

    Raises
    ------
    ValidationError
        If the latitude or longitude is out of range.

    Examples
    --------
    >>> locate_nuts3(50.8798, 4.7005)  # Leuven
    'BE242'
    """
    return locate_nuts3_many([lat], [lon], tolerance=tolerance)[0]
