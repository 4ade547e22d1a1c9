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
  the other's, legal form, web domain, kind family, an id of one scheme), and no legal
  form of a country other than the other record's (a *K.K.* is Japanese:
  :func:`bioregion.resolve.normalise.form_fits_country`);
- **no rival**: every other record with that name is compatible with both or with
  neither. When *Pfizer* (a trial sponsor, nothing but a name) is compatible with
  *Pfizer Inc* and with *Pfizer Limited* (UK), which are not compatible with each
  other, the sponsor could be either: the pair is left to a person.

A second rule settles the commonest case the first leaves to a person, **a name and
nothing else** (:func:`unqualified`: no legal form, place, web domain or id, as a trial
sponsor is written). Such a name is how a company group is named as a whole; the
records of the same name that say more are the group itself and its units in other
countries (*AstraZeneca K.K.*, *ASTRAZENECA AB* in Södertälje, *Biogen (Belgium)*). The
records of the name are put into clusters (the pairs the first rule picked), and the
unqualified name is linked to every record of the one cluster that:

- fits it (:func:`compatible` with each record) and has no record whose name says in
  brackets where it is (``(Belgium)``, ``(Europe)``: a unit);
- is the only such cluster, or the only one that two or more sources name so (*Pfizer*
  of the curated set and *PFIZER INC* of EDGAR, against *PFIZER LIMITED* of CORDIS
  alone). Two clusters that fit and that several sources name leave the pair to a person.

Both rules only lift the model's verdict, they never overrule it: the model's own
comparisons of a pair they pick must favour a match (:func:`rule_supported`: at least
:data:`RULE_MIN_WEIGHT` bits in all) and the pair must pass the checks of
:func:`bioregion.resolve.apply.held_back`. The test is on the comparisons' weights, not
on the match probability, because the probability also carries the prior, which is a
property of the whole store: the same two bare *Pfizer* records score 0.82 among the
3,800 records of the labelled set and 0.34 among 5,000 actors of a region built with
trial sites, on the same evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

import pandas as pd

from bioregion.resolve.match import IDENTIFIER_SCHEMES, WEAK_SCHEMES
from bioregion.resolve.normalise import form_fits_country

__all__ = [
    "GENERIC_WORDS",
    "GROUP_NAME_RULE",
    "KIND_FAMILIES",
    "MAX_GROUP",
    "REGISTRIES",
    "RULE_MIN_WEIGHT",
    "SAME_NAME_RULE",
    "compatible",
    "rule_supported",
    "specific_name",
    "sure_pairs",
    "unqualified",
]

#: Sources whose records are one per organisation: two records of one are never merged
#: automatically.
REGISTRIES = frozenset({"curated", "ror", "cordis", "openalex", "edgar"})
#: What :func:`sure_pairs` says of the pairs it picks (the reason of their merge).
SAME_NAME_RULE = "same name, nothing against it, no rival record of that name"
#: ... and of the pairs of an unqualified name and the group it names.
GROUP_NAME_RULE = (
    "a name with nothing else known, linked to the one cluster of records of that name "
    "that fits it and that sources agree on (the others are units elsewhere)"
)
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
#: The rules' pairs must have comparisons that together favour a match by at least
#: this many bits (log2 of the Bayes factor: 10 bits is about 1,000 to 1; the same
#: specific name alone weighs 14 to 17 bits, a different city about -4).
RULE_MIN_WEIGHT = 10.0


def rule_supported(evidence: Mapping[str, Any]) -> bool:
    """Whether a pair's comparisons (``evidence`` as :func:`bioregion.resolve.match.explain`
    writes it: each comparison's weight in bits) add up to :data:`RULE_MIN_WEIGHT` or more.
    """
    weights = [float(c.get("weight") or 0.0) for c in evidence.values() if isinstance(c, Mapping)]
    return sum(weights) >= RULE_MIN_WEIGHT


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
    for one, other in ((left, right), (right, left)):
        form, country = one.get("legal_form"), other.get("country")
        if _known(form) and _known(country) and not form_fits_country(form, country):
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


_DESCRIBING = (
    "legal_form",
    "country",
    "city",
    "postcode",
    "domain",
    *(f"id_{s}" for s in (*IDENTIFIER_SCHEMES, *WEAK_SCHEMES)),
)


def unqualified(record: Mapping[str, Any]) -> bool:
    """Whether a prepared record is a name and nothing else that tells a group's
    companies apart: no legal form, place, web domain, registry id, nor a place in
    brackets. A kind (a trial sponsor's class, *industry*) may be known: it is the same
    for the group and its units, and :func:`compatible` compares it."""
    return not record.get("place_note") and not any(_known(record.get(c)) for c in _DESCRIBING)


def sure_pairs(records: pd.DataFrame) -> dict[frozenset[str], str]:
    """The pairs of prepared records (:func:`bioregion.resolve.match.prepare_records`)
    that the rules pick (see the module docstring), as id pairs, with the rule
    (:data:`SAME_NAME_RULE` or :data:`GROUP_NAME_RULE`).
    """
    rows = records.to_dict("records")
    out: dict[frozenset[str], str] = {}
    for group in _same_name_groups(records):
        fits = {(i, j): compatible(rows[i], rows[j]) for i, j in combinations(sorted(group), 2)}

        def fit(i: int, j: int, fits: dict = fits) -> bool:
            return fits[(min(i, j), max(i, j))]

        same: list[tuple[int, int]] = []
        for (i, j), ok in fits.items():
            others = [k for k in group if k not in (i, j)]
            if ok and all(fit(i, k) == fit(j, k) for k in others):
                same.append((i, j))
        for i, j in [*same, *_group_pairs(group, rows, fit, same)]:
            key = frozenset((str(rows[i]["unique_id"]), str(rows[j]["unique_id"])))
            out.setdefault(key, SAME_NAME_RULE if (i, j) in same else GROUP_NAME_RULE)
    return out


def _group_pairs(
    group: list[int], rows: list[dict], fit: Any, same: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The pairs of the group rule in one same-name group (row positions)."""
    bare = [i for i in group if unqualified(rows[i])]
    clusters = _clusters([i for i in group if i not in bare], same)
    out: list[tuple[int, int]] = []
    for x in bare:
        fitting = [
            c
            for c in clusters
            if all(fit(x, k) for k in c) and not any(rows[k].get("place_note") for k in c)
        ]
        agreed = [c for c in fitting if len({rows[k]["source"] for k in c}) > 1]
        chosen = fitting if len(fitting) == 1 else agreed if len(agreed) == 1 else []
        out += [(min(x, k), max(x, k)) for c in chosen for k in c]
    return out


def _clusters(members: list[int], pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Connected components of ``members`` linked by ``pairs``."""
    parent = {m: m for m in members}

    def root(m: int) -> int:
        while parent[m] != m:
            m = parent[m]
        return m

    for i, j in pairs:
        if i in parent and j in parent:
            parent[root(i)] = root(j)
    found: dict[int, list[int]] = {}
    for m in members:
        found.setdefault(root(m), []).append(m)
    return list(found.values())
