"""Network dynamics: how ties form over time (attachment kernels; see ``docs/dynamics``)."""

from __future__ import annotations

from bioregion.dynamics.attachment import AttachmentKernel, attachment_kernel, formation_events

__all__ = ["AttachmentKernel", "attachment_kernel", "formation_events"]
