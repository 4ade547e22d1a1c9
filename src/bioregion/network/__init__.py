"""Temporal networks and the measures of innovation-network research.

Build networks from a store (or a DataFrame of ties) with :class:`TemporalNetwork` — at
a date, over a window, cumulative, or as incrementally built yearly snapshots — then
measure them with pure functions that take an :class:`igraph.Graph` (vertex attribute
``name`` = actor id) and return pandas DataFrames keyed by actor id. Every measure runs
on igraph's compiled routines or vectorised numpy/scipy.

Every measure reads actor ids the same way: the vertex ``name`` as it is (an integer name
stays an integer), else the vertex index; a partition (actor id -> one hashable group
label) is keyed by those ids. Where groups overlap, the brokerage roles, the E-I index,
Yule's Q and Burt's measures also take a membership table (actor id x group weights, see
:mod:`bioregion.network.categories`). This package reads stores only through their columnar API
(``Store.frame``) and depends on :mod:`bioregion.model`, :mod:`bioregion.regions` and
:mod:`bioregion.errors` alone.

The compiled libraries under the measures (igraph's OpenMP PageRank, OpenBLAS) run on one
thread unless ``BIOREGION_THREADS``, :func:`set_threads` or :func:`thread_limit` say
otherwise: threads that wait for each other on cores other processes keep busy stall a
call several times over (see :mod:`bioregion.network._threads`).

The names below are imported on first use (PEP 562), so that reading a store's frames or
exporting a network does not load igraph, leidenalg and scipy.
"""

from typing import TYPE_CHECKING

from bioregion.network._lazy import lazy_exports
from bioregion.network._threads import get_threads, set_threads, thread_limit

#: Public name -> the module that defines it (imported when the name is first used).
_LAZY: dict[str, str] = {
    "actors_frame": "bioregion.network._frames",
    "events_frame": "bioregion.network._frames",
    "participations_frame": "bioregion.network._frames",
    "project_events": "bioregion.network._frames",
    "ties_frame": "bioregion.network._frames",
    "ROLES": "bioregion.network.brokerage",
    "SNA_ROLE_NAMES": "bioregion.network.brokerage",
    "BrokerageResult": "bioregion.network.brokerage",
    "gould_fernandez": "bioregion.network.brokerage",
    "MembershipTable": "bioregion.network.categories",
    "membership_table": "bioregion.network.categories",
    "yule_q": "bioregion.network.categories",
    "betweenness": "bioregion.network.centrality",
    "clustering": "bioregion.network.centrality",
    "degree": "bioregion.network.centrality",
    "eigenvector": "bioregion.network.centrality",
    "global_clustering": "bioregion.network.centrality",
    "harmonic_closeness": "bioregion.network.centrality",
    "k_core": "bioregion.network.centrality",
    "pagerank": "bioregion.network.centrality",
    "EIIndexResult": "bioregion.network.external_internal",
    "EIPermutationResult": "bioregion.network.external_internal",
    "ei_index": "bioregion.network.external_internal",
    "ei_permutation_test": "bioregion.network.external_internal",
    "over_snapshots": "bioregion.network.series",
    "burt": "bioregion.network.structural_holes",
    "constraint": "bioregion.network.structural_holes",
    "effective_size": "bioregion.network.structural_holes",
    "efficiency": "bioregion.network.structural_holes",
    "hierarchy": "bioregion.network.structural_holes",
    "LeidenResult": "bioregion.network.structure",
    "assortativity_attribute": "bioregion.network.structure",
    "assortativity_degree": "bioregion.network.structure",
    "components": "bioregion.network.structure",
    "density": "bioregion.network.structure",
    "largest_component": "bioregion.network.structure",
    "leiden": "bioregion.network.structure",
    "summary": "bioregion.network.structure",
    "TemporalNetwork": "bioregion.network.temporal",
}

if TYPE_CHECKING:  # the names as static imports, for type checkers and IDEs
    from bioregion.network._frames import (
        actors_frame,
        events_frame,
        participations_frame,
        project_events,
        ties_frame,
    )
    from bioregion.network.brokerage import ROLES, SNA_ROLE_NAMES, BrokerageResult, gould_fernandez
    from bioregion.network.categories import MembershipTable, membership_table, yule_q
    from bioregion.network.centrality import (
        betweenness,
        clustering,
        degree,
        eigenvector,
        global_clustering,
        harmonic_closeness,
        k_core,
        pagerank,
    )
    from bioregion.network.external_internal import (
        EIIndexResult,
        EIPermutationResult,
        ei_index,
        ei_permutation_test,
    )
    from bioregion.network.series import over_snapshots
    from bioregion.network.structural_holes import (
        burt,
        constraint,
        effective_size,
        efficiency,
        hierarchy,
    )
    from bioregion.network.structure import (
        LeidenResult,
        assortativity_attribute,
        assortativity_degree,
        components,
        density,
        largest_component,
        leiden,
        summary,
    )
    from bioregion.network.temporal import TemporalNetwork


__all__ = [
    "ROLES",
    "SNA_ROLE_NAMES",
    "BrokerageResult",
    "EIIndexResult",
    "EIPermutationResult",
    "LeidenResult",
    "MembershipTable",
    "TemporalNetwork",
    "actors_frame",
    "assortativity_attribute",
    "assortativity_degree",
    "betweenness",
    "burt",
    "clustering",
    "components",
    "constraint",
    "degree",
    "density",
    "effective_size",
    "efficiency",
    "ei_index",
    "ei_permutation_test",
    "eigenvector",
    "events_frame",
    "get_threads",
    "global_clustering",
    "gould_fernandez",
    "harmonic_closeness",
    "hierarchy",
    "k_core",
    "largest_component",
    "leiden",
    "membership_table",
    "over_snapshots",
    "pagerank",
    "participations_frame",
    "project_events",
    "set_threads",
    "summary",
    "thread_limit",
    "ties_frame",
    "yule_q",
]


__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
