"""Regional-innovation-system indicators: the answers the report gives.

Each indicator is a documented function of a store or a
:class:`~bioregion.network.TemporalNetwork`, a region and a period (both given explicitly:
the library has no default region or period), returning pandas DataFrames; its docstring
states its definition and literature reference. The new technology-based firms (NBFs) of a
region are chosen by one documented, overridable rule, :class:`NBFRule`.
"""

from bioregion.system.acquisitions import acquisition_pathways, exit_summary, failed_bids
from bioregion.system.attachment import partner_choice_table
from bioregion.system.business_model import business_models
from bioregion.system.comparison import policy_actors, region_comparison
from bioregion.system.embeddedness import (
    actor_geography,
    gatekeepers,
    geographic_shares,
    region_ei,
)
from bioregion.system.evolution import alliance_bursts, regional_core
from bioregion.system.firms import DEFAULT_NBF_RULE, NBFRule, region_nbfs
from bioregion.system.genealogy import genealogy_summary, spinoff_genealogy
from bioregion.system.geography import RegionFlows, region_flows
from bioregion.system.open_innovation import code_ties, oi_summary, portfolio
from bioregion.system.partners import global_partners, preferred_partners
from bioregion.system.triple_helix import TripleHelixResult, mutual_information, triple_helix
from bioregion.system.uncertainty import (
    MIN_N,
    Interval,
    bootstrap_share,
    bootstrap_statistic,
    ei_interval,
    share_interval,
    too_few,
    triple_helix_interval,
)

__all__ = [
    "DEFAULT_NBF_RULE",
    "MIN_N",
    "Interval",
    "NBFRule",
    "RegionFlows",
    "TripleHelixResult",
    "acquisition_pathways",
    "actor_geography",
    "alliance_bursts",
    "bootstrap_share",
    "bootstrap_statistic",
    "business_models",
    "code_ties",
    "ei_interval",
    "exit_summary",
    "failed_bids",
    "gatekeepers",
    "genealogy_summary",
    "geographic_shares",
    "global_partners",
    "mutual_information",
    "oi_summary",
    "partner_choice_table",
    "policy_actors",
    "portfolio",
    "preferred_partners",
    "region_comparison",
    "region_ei",
    "region_flows",
    "region_nbfs",
    "regional_core",
    "share_interval",
    "spinoff_genealogy",
    "too_few",
    "triple_helix",
    "triple_helix_interval",
]
