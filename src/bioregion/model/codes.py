"""Code lists the rules check against: ISO 4217 currencies and ISO 3166-1 countries.

Current codes come from :mod:`pycountry`; currencies replaced by the euro (and the
ECU) are added because alliances from 1987 to 2001 were announced in them.
"""

from __future__ import annotations

from functools import cache

#: ISO 4217 codes withdrawn since 1987 that deal announcements of the period use.
HISTORIC_CURRENCIES: frozenset[str] = frozenset(
    {
        "ATS",
        "BEF",
        "CYP",
        "DEM",
        "EEK",
        "ESP",
        "FIM",
        "FRF",
        "GRD",
        "HRK",
        "IEP",
        "ITL",
        "LTL",
        "LUF",
        "LVL",
        "MTL",
        "NLG",
        "PTE",
        "SIT",
        "SKK",
        "XEU",
    }
)


@cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 alphabetic code accepted in a ``currency`` field."""
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies) | HISTORIC_CURRENCIES


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code accepted in a ``country`` field (plus XK, Kosovo)."""
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


def is_currency(code: str) -> bool:
    return code in currency_codes()


def is_country(code: str) -> bool:
    return code in country_codes()
