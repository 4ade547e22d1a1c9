"""Named regions: a name and aliases for a set of NUTS codes (Flanders = BE2, ...)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from bioregion.errors import UnknownRegionError
from bioregion.regions._countries import iso_to_nuts_country
from bioregion.regions._nuts import normalize_code, nuts_region, nuts_table


@dataclass(frozen=True)
class NamedRegion:
    """A region made of one or more NUTS 2021 regions, with a name and aliases.

    Attributes
    ----------
    key : str
        Stable slug, e.g. ``"flanders"``.
    name : str
        Display name, e.g. ``"Flanders"``.
    codes : tuple of str
        The NUTS codes the region is made of (upper-cased, checked to exist).
    aliases : tuple of str
        Other names it is known by; matched case- and accent-insensitively.

    Raises
    ------
    UnknownRegionError
        If one of ``codes`` is not a NUTS 2021 code.

    Examples
    --------
    >>> leuven = NamedRegion("leuven", "Leuven area", ("BE242", "BE241"))
    >>> leuven.contains("BE24"), leuven.contains("BE241")
    (False, True)
    """

    key: str
    name: str
    codes: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        codes = (self.codes,) if isinstance(self.codes, str) else self.codes
        codes = tuple(nuts_region(code).code for code in codes)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "aliases", tuple(self.aliases))

    def contains(self, nuts_code: str) -> bool:
        """Tell whether ``nuts_code`` is one of :attr:`codes` or lies below one of them.

        A string that is not a NUTS 2021 code is contained in no region.

        Examples
        --------
        >>> flanders = named_region("flanders")
        >>> flanders.contains("BE242"), flanders.contains("BE1")
        (True, False)
        """
        if not isinstance(nuts_code, str):
            return False
        code = normalize_code(nuts_code)
        return code in nuts_table() and code.startswith(self.codes)


def _normalize_name(text: str) -> str:
    """Case-fold, strip accents, and reduce punctuation to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


@cache
def _builtin() -> tuple[NamedRegion, ...]:
    """The built-in named regions (built on first use: building checks the codes)."""
    return (
        NamedRegion(
            "flanders",
            "Flanders",
            ("BE2",),
            (
                "vlaanderen",
                "flemish region",
                "vlaams gewest",
                "flandre",
                "région flamande",
            ),
        ),
        NamedRegion(
            "wallonia",
            "Wallonia",
            ("BE3",),
            (
                "wallonie",
                "walloon region",
                "région wallonne",
                "wallonië",
                "waals gewest",
            ),
        ),
        NamedRegion(
            "brussels",
            "Brussels",
            ("BE1",),
            (
                "brussels-capital region",
                "bruxelles",
                "brussel",
                "région de bruxelles-capitale",
                "brussels hoofdstedelijk gewest",
            ),
        ),
        NamedRegion("belgium", "Belgium", ("BE",), ("belgië", "belgique", "belgien")),
    )


@cache
def _name_index() -> dict[str, NamedRegion]:
    """Normalised key, name and alias -> built-in named region."""
    index: dict[str, NamedRegion] = {}
    for region in _builtin():
        for label in (region.key, region.name, *region.aliases):
            index.setdefault(_normalize_name(label), region)
    return index


def named_regions() -> list[NamedRegion]:
    """Return the built-in named regions: Flanders, Wallonia, Brussels, Belgium."""
    return list(_builtin())


def _code_region(text: str) -> NamedRegion | None:
    """The region of a NUTS code or ISO country code given as a name, if it is one."""
    code = normalize_code(text)
    if code not in nuts_table() and len(code) == 2:
        try:
            code = iso_to_nuts_country(code)
        except UnknownRegionError:
            return None
    if code not in nuts_table():
        return None
    return NamedRegion(key=code.lower(), name=nuts_region(code).name, codes=(code,))


def named_region(name_or_key: str) -> NamedRegion:
    """Return the named region for a key, name, alias, NUTS code or country code.

    Names and aliases match case- and accent-insensitively, and punctuation is ignored
    (``"Région wallonne"``, ``"region-wallonne"`` and ``"REGION WALLONNE"`` are
    the same). A NUTS 2021 code (``"BE24"``) or an ISO country code (``"GR"``)
    gives a region of that one code, named by its NUTS name.

    Raises
    ------
    UnknownRegionError
        If nothing matches; the message lists the known named regions.

    Examples
    --------
    >>> named_region("Vlaanderen").key, named_region("be24").name
    ('flanders', 'Prov. Vlaams-Brabant')
    """
    if not isinstance(name_or_key, str):
        raise TypeError(f"a region name must be a string, not {type(name_or_key).__name__}")
    region = _name_index().get(_normalize_name(name_or_key))
    if region is None:
        region = _code_region(name_or_key)
    if region is not None:
        return region
    close = difflib.get_close_matches(_normalize_name(name_or_key), _name_index(), n=3)
    hint = f"did you mean {', '.join(map(repr, close))}? " if close else ""
    known = ", ".join(f"{r.key} ({'+'.join(r.codes)})" for r in _builtin())
    raise UnknownRegionError(
        f"unknown region {name_or_key!r}: {hint}known named regions are {known}; "
        "a NUTS 2021 code or a country code is also accepted"
    )


def region_of(
    nuts_code: str, regions: Iterable[str | NamedRegion] | None = None
) -> NamedRegion | None:
    """Return the first of ``regions`` that contains ``nuts_code``, or None.

    Parameters
    ----------
    nuts_code : str
        A NUTS 2021 code of any level.
    regions : iterable of str or NamedRegion, optional
        Regions to try in order; strings are resolved with :func:`named_region`.
        Without them, the answer is the code's NUTS-1 region, under its registered
        name where one is made of exactly that code (``BE2`` is Flanders), else named
        after the NUTS region (``DE2``, Bayern). A country-level code has no NUTS-1
        region: None.

    Raises
    ------
    UnknownRegionError
        If ``nuts_code`` is not a NUTS 2021 code or a region name is unknown.

    Examples
    --------
    >>> region_of("BE242").key, region_of("DE212").name, region_of("BE")
    ('flanders', 'Bayern', None)
    >>> region_of("FR101", ["flanders", "wallonia"]) is None
    True
    """
    code = nuts_region(nuts_code).code
    if regions is None:
        return _nuts1_region(code)
    if isinstance(regions, (str, NamedRegion)):
        regions = (regions,)
    for item in regions:
        region = item if isinstance(item, NamedRegion) else named_region(item)
        if region.contains(code):
            return region
    return None


def _nuts1_region(code: str) -> NamedRegion | None:
    """The NUTS-1 region of a code, as a registered named region where one fits exactly."""
    if len(code) < 3:
        return None
    nuts1 = code[:3]
    for region in named_regions():
        if region.codes == (nuts1,):
            return region
    return NamedRegion(key=nuts1.lower(), name=nuts_region(nuts1).name, codes=(nuts1,))
