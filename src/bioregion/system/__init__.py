"""Regional-innovation-system indicators: the answers the report gives.

Each indicator is a documented function of a store or a
:class:`~bioregion.network.TemporalNetwork`, a region and a period, returning pandas
DataFrames; its docstring states its definition and literature reference.
"""

from bioregion.system.acquisitions import acquisition_pathways, exit_summary
from bioregion.system.business_model import business_models
from bioregion.system.comparison import policy_actors, region_comparison
from bioregion.system.embeddedness import (
    actor_geography,
    gatekeepers,
    geographic_shares,
    region_ei,
)
from bioregion.system.genealogy import genealogy_summary, spinoff_genealogy
from bioregion.system.open_innovation import code_ties, oi_summary, portfolio
from bioregion.system.partners import global_partners, preferred_partners
from bioregion.system.triple_helix import TripleHelixResult, mutual_information, triple_helix

__all__ = [
    "TripleHelixResult",
    "acquisition_pathways",
    "actor_geography",
    "business_models",
    "code_ties",
    "exit_summary",
    "gatekeepers",
    "genealogy_summary",
    "geographic_shares",
    "global_partners",
    "mutual_information",
    "oi_summary",
    "policy_actors",
    "portfolio",
    "preferred_partners",
    "region_comparison",
    "region_ei",
    "spinoff_genealogy",
    "triple_helix",
]
