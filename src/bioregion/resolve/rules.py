"""A deterministic rule beside the model: one name, nothing against it, no rival.

The linkage model (:mod:`bioregion.resolve.match`) weighs every comparison; two records
that carry nothing but a name (a ClinicalTrials.gov sponsor, an EDGAR filer) can reach
no more than the weight of that name, however unusual it is, and stay in the review
queue. :func:`sure_pairs` picks out, from the prepared records alone (no labels, no
probabilities), the pairs that may nevertheless be merged automatically:

- **the same name**: the same normalised name (case, accents, punctuation, legal forms
  and language variants of generic words removed), or the same words in another order
  (*Universiteit Maastricht* / *Maastricht University*);
- **a specific name**: at least one word that is not a generic word of organisation
  names (:data:`GENERIC_WORDS`), not a lone short acronym, and shared by at most
  :data:`MAX_GROUP` records;
- **nothing against it** (:func:`compatible`): not two records of one registry, no
  field known on both sides that differs (country, city unless one's words are all in
  the other's, legal form, web domain, kind family, an id of one scheme);
- **no rival**: every other record with that name is compatible with both or with
  neither. When *Pfizer* (a trial sponsor, nothing but a name) is compatible with
  *Pfizer Inc* and with *Pfizer Limited* (UK), which are not compatible with each
  other, the sponsor could be either: the pair is left to a person.

The rule only lifts the model's verdict, it never overrules it: a pair it picks must
still be more likely a match than not in the model (:data:`RULE_FLOOR`) and pass the
checks of :func:`bioregion.resolve.apply.held_back`.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

import pandas as pd

from bioregion.resolve.match import IDENTIFIER_SCHEMES, WEAK_SCHEMES

__all__ = [
    "GENERIC_WORDS",
    "KIND_FAMILIES",
    "MAX_GROUP",
    "REGISTRIES",
    "RULE_FLOOR",
    "SAME_NAME_RULE",
    "compatible",
    "specific_name",
    "sure_pairs",
]

#: Sources whose records are one per organisation: two records of one are never merged
#: automatically.
REGISTRIES = frozenset({"curated", "ror", "cordis", "openalex", "edgar"})
#: What :func:`sure_pairs` says of the pairs it picks (the reason of their merge).
SAME_NAME_RULE = "same name, nothing against it, no rival record of that name"
#: More records than this with one name: the name is too common to decide on.
MAX_GROUP = 8
#: Words (as :func:`bioregion.resolve.normalise.name_tokens` writes them) that say what
#: kind of organisation a name is, not which one; a name of only these is not specific.
_GENERIC_TEXT = (
    "university hospital institute center research national royal foundation lab "
    "college catholic free clinic clinics clinical medical medicine health "
    "healthcare care ministry department agency council school faculty society "
    "association federation service services general regional public private state "
    "city municipality county academic technical technology science sciences "
    "company group pharmaceuticals international european site local institution "
    "office unit laboratory network centre trust board government federal "
    "hospitalier hospitaliere clinique cliniques klinik kliniek kliniken klinikum "
    "polyclinic policlinico medisch medische algemeen groupe sint saint st san santa "
    "investigational study trial practice unknown"
)
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
#: Actor kinds grouped into families: two records of different families differ.
KIND_FAMILIES: dict[str, str] = {
    "university": "university",
    "hospital": "hospital",
    "research_institute": "research",
    "government": "government",
    **dict.fromkeys(["pharma", "biotech_firm", "service_provider", "investor", "company"], "firm"),
}
_COMPARED = ("country", "legal_form", "domain")
#: The rule's pairs must still be more likely matches than not in the model.
RULE_FLOOR = 0.5


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value)


def compatible(left: Mapping[str, Any], right: Mapping[str, Any]) -> bool:
    """Whether nothing known about two prepared records says they are two organisations.

    Two records of one registry (:data:`REGISTRIES`), or a country, city, legal form,
    web domain, kind family (:data:`KIND_FAMILIES`) or id of one scheme known on both
    sides and different, say so.
    """
    if left["source"] == right["source"] and left["source"] in REGISTRIES:
        return False
    for column in (*_COMPARED, *(f"id_{s}" for s in (*IDENTIFIER_SCHEMES, *WEAK_SCHEMES))):
        a, b = left.get(column), right.get(column)
        if _known(a) and _known(b) and a != b:
            return False
    if not _same_city(left.get("city"), right.get("city")):
        return False
    kinds = [KIND_FAMILIES.get(str(r.get("kind"))) for r in (left, right)]
    return not (kinds[0] and kinds[1] and kinds[0] != kinds[1])


def _same_city(a: Any, b: Any) -> bool:
    """Unknown, or one city's words all in the other's (*North Chicago* / *North
    Chicago IL*, *Ludwigshafen* / *Ludwigshafen am Rhein*)."""
    if not (_known(a) and _known(b)):
        return True
    one, other = set(str(a).split()), set(str(b).split())
    return one <= other or other <= one


def specific_name(tokens: Any) -> bool:
    """Whether a name's words can tell one organisation: a word that is not generic
    (:data:`GENERIC_WORDS`), and more than one lone acronym of three letters or fewer.
    """
    words = [str(t) for t in tokens] if tokens is not None else []
    if len(words) == 1 and len(words[0]) <= 3:
        return False
    return any(w not in GENERIC_WORDS for w in words)


def _same_name_groups(records: pd.DataFrame) -> list[list[int]]:
    """Row positions of records sharing a name's words (in any order)."""
    keys: dict[str, list[int]] = {}
    for i, tokens in enumerate(records["name_tokens"]):
        if tokens is None or not specific_name(tokens):
            continue
        keys.setdefault(" ".join(sorted(str(t) for t in tokens)), []).append(i)
    return [rows for rows in keys.values() if 1 < len(rows) <= MAX_GROUP]


def sure_pairs(records: pd.DataFrame) -> set[frozenset[str]]:
    """The pairs of prepared records (:func:`bioregion.resolve.match.prepare_records`)
    that the same-name rule picks (see the module docstring), as id pairs.
    """
    rows = records.to_dict("records")
    out: set[frozenset[str]] = set()
    for group in _same_name_groups(records):
        fits = {(i, j): compatible(rows[i], rows[j]) for i, j in combinations(sorted(group), 2)}

        def fit(i: int, j: int, fits: dict = fits) -> bool:
            return fits[(min(i, j), max(i, j))]

        for (i, j), ok in fits.items():
            others = [k for k in group if k not in (i, j)]
            if ok and all(fit(i, k) == fit(j, k) for k in others):
                out.add(frozenset((str(rows[i]["unique_id"]), str(rows[j]["unique_id"]))))
    return out
