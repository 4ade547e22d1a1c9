"""Network dynamics: how ties form over time (attachment kernels; formation and
dissolution rates)."""

from __future__ import annotations

from bioregion.dynamics.attachment import AttachmentKernel, attachment_kernel, formation_events
from bioregion.dynamics.rates import formation_rates

__all__ = ["AttachmentKernel", "attachment_kernel", "formation_events", "formation_rates"]
