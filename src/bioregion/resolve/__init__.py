"""Entity resolution: one canonical actor per organisation across sources.

Identifier agreement first, then a Splink record-linkage model on names (normalised,
with language variants and acronyms), city, country, postcode, web domain and kind;
merges above a threshold are applied through the store's curation API (reversibly,
with their probability and evidence), a band below goes to the review queue.
Corporate families roll up on demand (:func:`family_heads`), they are never merged.

The model needs the ``resolve`` extra (``pip install 'bioregion[resolve]'``); the
name normalisation and the families work without it. See ``docs/resolution.md``.
"""

from bioregion.resolve.apply import Proposal, ResolutionReport, plan_merges, resolve
from bioregion.resolve.families import family_heads, roll_up, store_family_heads
from bioregion.resolve.match import prepare_records, score_pairs
from bioregion.resolve.normalise import city_key, name_keys, normalise_name, website_domain

__all__ = [
    "Proposal",
    "ResolutionReport",
    "city_key",
    "family_heads",
    "name_keys",
    "normalise_name",
    "plan_merges",
    "prepare_records",
    "resolve",
    "roll_up",
    "score_pairs",
    "store_family_heads",
    "website_domain",
]
