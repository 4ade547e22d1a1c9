"""Identifier rules shared by the importers and the measures.

A tie given without an id gets one derived from what identifies it: its kind, its two
actors and its start date as written (``2015``, ``2015-12`` or ``2015-12-17``). The same
tie imported twice gets the same id, so re-importing a file changes nothing, and a frame
of ties read outside the store gets the ids the importer would give.
"""

from __future__ import annotations

import hashlib

__all__ = ["derived_tie_id"]


def derived_tie_id(kind: str, source: str, target: str, start: str) -> str:
    """The id of a tie imported without one: stable for the same kind, actors and start.

    Parameters
    ----------
    kind, source, target : str
        The tie's kind and the ids of its source and target actors.
    start : str
        The start date in ISO form at its precision (``"2015"``, ``"2015-12"``,
        ``"2015-12-17"``): the same day at another precision gives another id.

    Returns
    -------
    str
        ``"tie-"`` followed by the first 12 hex digits of the SHA-1 of
        ``"kind|source|target|start"``.

    Examples
    --------
    >>> derived_tie_id("licence", "galapagos", "gilead", "2015-12-17")
    'tie-88ff5339b533'
    >>> derived_tie_id("licence", "gilead", "galapagos", "2015-12-17")  # direction counts
    'tie-afe7868b0cb8'
    """
    digest = hashlib.sha1(f"{kind}|{source}|{target}|{start}".encode()).hexdigest()[:12]
    return f"tie-{digest}"
