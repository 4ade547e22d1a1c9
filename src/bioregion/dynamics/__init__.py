"""Network dynamics: how ties form over time (attachment kernels; formation and
dissolution rates; a relational event model of partner choice)."""

from __future__ import annotations

from bioregion.dynamics.attachment import AttachmentKernel, attachment_kernel, formation_events
from bioregion.dynamics.rates import formation_rates
from bioregion.dynamics.rem import STATISTICS, RemFit, event_table, fit_rem

__all__ = [
    "STATISTICS",
    "AttachmentKernel",
    "RemFit",
    "attachment_kernel",
    "event_table",
    "fit_rem",
    "formation_events",
    "formation_rates",
]
