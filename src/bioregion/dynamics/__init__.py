"""Network dynamics: how ties form over time (attachment kernels; formation and
dissolution rates; a relational event model of partner choice; bursts of tie formation)
and how the network's shape moves (core–periphery structure over the years)."""

from __future__ import annotations

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
