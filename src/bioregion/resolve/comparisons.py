"""The comparisons of the linkage model: which fields are compared, level by level.

Each comparison is a Splink comparison dictionary whose levels run from the strongest
agreement down to ``else``; a level's label names it in a merge's evidence
(:func:`level_labels`). The m probabilities of the levels come from the labelled pairs
(:data:`TRAINED_M`), u from the data (:mod:`bioregion.resolve.match`); agreement and
conflict of registry ids have fixed weights.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DEFAULT_M",
    "IDENTIFIER_SCHEMES",
    "M_FLOOR",
    "TRAINED_M",
    "WEAK_SCHEMES",
    "comparisons",
    "level_labels",
]

#: Identifier schemes of registries with one record per organisation, compared exactly:
#: agreement is near-decisive, two different ids of one scheme strongly against.
IDENTIFIER_SCHEMES: tuple[str, ...] = ("ror", "pic", "cik", "lei", "wikidata", "grid", "openalex")
#: Identifiers compared with trained weights: a VAT number is shared by the departments
#: of one public body and by companies of one VAT group.
WEAK_SCHEMES: tuple[str, ...] = ("vat",)

_ANY_ID_ON_BOTH = " or ".join(
    f"(id_{s}_l is not null and id_{s}_r is not null)" for s in IDENTIFIER_SCHEMES
)
_ANY_ID_AGREES = " or ".join(f"id_{s}_l = id_{s}_r" for s in IDENTIFIER_SCHEMES)
_TOKEN_OVERLAP = (
    "len(list_intersect(name_tokens_l, name_tokens_r)) * 1.0 / "
    "greatest(len(list_distinct(list_concat(name_tokens_l, name_tokens_r))), 1)"
)

#: m probabilities by comparison and level, estimated from all labelled matches of
#: tests/data/resolve/pairs.csv by ``python benchmarks/resolve_eval.py --fit``.
# fmt: off
TRAINED_M: dict[str, dict[str, float]] = {
    "name": {
        "same normalised name": 0.825806,
        "same words in another order": 0.03871,
        "shared name variant": 0.077419,
        "one name is the other's acronym": 0.006452,
        "Jaro-Winkler >= 0.85": 0.032258,
        "different names": 0.019355,
    },
    "legal_form": {"same legal_form": 1.0},
    "city": {"same city": 0.942029, "different city": 0.057971},
    "country": {"same country": 1.0},
    "domain": {"same domain": 0.6, "different domain": 0.4},
    "kind": {"same kind": 1.0},
}
# fmt: on
#: m probabilities of levels the labelled matches never reach (no labelled match has a
#: postcode on both sides, nor VAT numbers without registry ids): assumed, not trained.
DEFAULT_M: dict[str, dict[str, float]] = {
    "postcode": {"same postcode": 0.8, "same postcode area": 0.1, "different postcodes": 0.1},
    "identifiers": {"same VAT number": 0.9, "different VAT numbers": 0.1},
}
#: No level is impossible for a match: m is at least this (levels the labelled matches
#: never reach get it), then the levels are rescaled to sum to one.
M_FLOOR = 0.02


def _level(label: str, sql: str, m: float | None = None, u: float | None = None) -> dict:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if m is not None:
        level["m_probability"] = m
        level["fix_m_probability"] = True
    if u is not None:
        level["u_probability"] = u
        level["fix_u_probability"] = True
    return level


def _null(sql: str) -> dict:
    return {"sql_condition": sql, "label_for_charts": "unknown", "is_null_level": True}


def comparisons() -> list[dict]:
    """The comparisons of the model, as Splink comparison dictionaries.

    Levels run from the strongest agreement to ``else``; a level's label names it in
    the evidence of a merge (:func:`level_labels`).
    """
    return [
        {
            "output_column_name": "identifiers",
            "comparison_description": "registry ids (ror, pic, cik, ...), then VAT numbers",
            "comparison_levels": [
                _null(f"not ({_ANY_ID_ON_BOTH}) and (id_vat_l is null or id_vat_r is null)"),
                _level("same registry id", _ANY_ID_AGREES, m=0.97, u=1e-6),
                _level("different registry ids", _ANY_ID_ON_BOTH, m=0.001, u=0.999),
                _level("same VAT number", "id_vat_l = id_vat_r"),
                _level("different VAT numbers", "else"),
            ],
        },
        {
            "output_column_name": "name",
            "comparison_description": "normalised names, name keys and acronyms",
            "comparison_levels": [
                _null("name_norm_l is null or name_norm_r is null"),
                _level("same normalised name", "name_norm_l = name_norm_r"),
                _level("same words in another order", "name_sorted_l = name_sorted_r"),
                _level(
                    "shared name variant",
                    "len(list_intersect(name_keys_l, name_keys_r)) > 0",
                ),
                _level(
                    "Jaro-Winkler >= 0.95",
                    "jaro_winkler_similarity(name_norm_l, name_norm_r) >= 0.95",
                ),
                _level("three quarters of the words shared", f"{_TOKEN_OVERLAP} >= 0.75"),
                _level(
                    "one name is the other's acronym",
                    "len(list_intersect(name_keys_l, all_keys_r)) > 0 or "
                    "len(list_intersect(all_keys_l, name_keys_r)) > 0",
                ),
                _level(
                    "Jaro-Winkler >= 0.85",
                    "jaro_winkler_similarity(name_norm_l, name_norm_r) >= 0.85",
                ),
                _level("different names", "else"),
            ],
        },
        _exact_comparison("legal_form", "legal form at the end of the name (NV = SA)"),
        _exact_comparison("city", "city (language variants mapped)"),
        _exact_comparison("country", "country (ISO code)"),
        {
            "output_column_name": "postcode",
            "comparison_description": "postcode",
            "comparison_levels": [
                _null("postcode_l is null or postcode_r is null"),
                _level("same postcode", "postcode_l = postcode_r"),
                _level("same postcode area", "left(postcode_l, 2) = left(postcode_r, 2)"),
                _level("different postcodes", "else"),
            ],
        },
        _exact_comparison("domain", "web domain"),
        _exact_comparison("kind", "actor kind"),
    ]


def _exact_comparison(column: str, description: str) -> dict:
    levels = [
        _null(f"{column}_l is null or {column}_r is null"),
        _level(f"same {column}", f"{column}_l = {column}_r"),
        _level(f"different {column}", "else"),
    ]
    return {
        "output_column_name": column,
        "comparison_description": description,
        "comparison_levels": levels,
    }


def level_labels() -> dict[str, dict[int, str]]:
    """For each comparison, Splink's level number (``gamma_<name>``) -> level label.

    Splink numbers the levels from the last (0) upwards and the null level -1.
    """
    labels: dict[str, dict[int, str]] = {}
    for comparison in comparisons():
        levels = comparison["comparison_levels"]
        real = [lv for lv in levels if not lv.get("is_null_level")]
        numbered = {len(real) - 1 - i: lv["label_for_charts"] for i, lv in enumerate(real)}
        labels[comparison["output_column_name"]] = numbered | {-1: "unknown"}
    return labels
