"""Network dynamics: how ties form over time (attachment kernels; formation and
dissolution rates; a relational event model of partner choice and the logics of
attachment by period; bursts of tie formation) and how the network's shape moves
(core–periphery structure over the years).

The names below are imported on first use (PEP 562), as in :mod:`bioregion.network`:
importing the package, or the light estimators, does not load scipy's optimisers and
statistics, so the indicators built on it add nothing to the command line's start-up.
"""

from typing import TYPE_CHECKING

from bioregion.network._lazy import lazy_exports

#: Public name -> the module that defines it (imported when the name is first used).
_LAZY: dict[str, str] = {
    "AttachmentKernel": "bioregion.dynamics.attachment",
    "attachment_kernel": "bioregion.dynamics.attachment",
    "formation_events": "bioregion.dynamics.attachment",
    "BURST_COLUMNS": "bioregion.dynamics.bursts",
    "burst_states": "bioregion.dynamics.bursts",
    "formation_counts": "bioregion.dynamics.bursts",
    "kleinberg_bursts": "bioregion.dynamics.bursts",
    "tie_bursts": "bioregion.dynamics.bursts",
    "CorePartition": "bioregion.dynamics.coreperiphery",
    "CoreScores": "bioregion.dynamics.coreperiphery",
    "CoreTrajectories": "bioregion.dynamics.coreperiphery",
    "core_partition": "bioregion.dynamics.coreperiphery",
    "core_periphery_trajectories": "bioregion.dynamics.coreperiphery",
    "core_scores": "bioregion.dynamics.coreperiphery",
    "LOGICS": "bioregion.dynamics.logics",
    "LogicsFit": "bioregion.dynamics.logics",
    "attachment_logics": "bioregion.dynamics.logics",
    "decades": "bioregion.dynamics.logics",
    "formation_rates": "bioregion.dynamics.rates",
    "STATISTICS": "bioregion.dynamics.rem",
    "RemFit": "bioregion.dynamics.rem",
    "event_table": "bioregion.dynamics.rem",
    "fit_rem": "bioregion.dynamics.rem",
}

if TYPE_CHECKING:  # the names as static imports, for type checkers and IDEs
    from bioregion.dynamics.attachment import AttachmentKernel, attachment_kernel, formation_events
    from bioregion.dynamics.bursts import (
        BURST_COLUMNS,
        burst_states,
        formation_counts,
        kleinberg_bursts,
        tie_bursts,
    )
    from bioregion.dynamics.coreperiphery import (
        CorePartition,
        CoreScores,
        CoreTrajectories,
        core_partition,
        core_periphery_trajectories,
        core_scores,
    )
    from bioregion.dynamics.logics import LOGICS, LogicsFit, attachment_logics, decades
    from bioregion.dynamics.rates import formation_rates
    from bioregion.dynamics.rem import STATISTICS, RemFit, event_table, fit_rem

__all__ = [
    "BURST_COLUMNS",
    "LOGICS",
    "STATISTICS",
    "AttachmentKernel",
    "CorePartition",
    "CoreScores",
    "CoreTrajectories",
    "LogicsFit",
    "RemFit",
    "attachment_kernel",
    "attachment_logics",
    "burst_states",
    "core_partition",
    "core_periphery_trajectories",
    "core_scores",
    "decades",
    "event_table",
    "fit_rem",
    "formation_counts",
    "formation_events",
    "formation_rates",
    "kleinberg_bursts",
    "tie_bursts",
]


__getattr__, __dir__ = lazy_exports(globals(), _LAZY)
