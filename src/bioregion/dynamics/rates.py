"""Formation and dissolution of ties, per year and kind.

For each year and tie kind: ties formed (starting that year), ties dissolved (ending that
year: a stated end), ties active at the start of the year (started before it, not ended
before it, ends as stated), and the rates formed / active and dissolved / active. Ties
without a stated end never dissolve here (the default window that the network uses for
activity is a modelling choice, not an observed end).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["formation_rates"]


def formation_rates(
    ties: pd.DataFrame, first: int | None = None, last: int | None = None
) -> pd.DataFrame:
    """Rows ``year, kind, formed, dissolved, active, formation_rate, dissolution_rate``
    (rates NaN when nothing was active) from a ties frame (``kind, start, end``)."""
    start = pd.to_datetime(ties["start"], format="ISO8601").dt.year
    end = (
        pd.to_datetime(ties["end"], format="ISO8601").dt.year
        if "end" in ties
        else pd.Series(np.nan, index=ties.index)
    )
    known = start.notna()
    kinds = ties.loc[known, "kind"].astype(str).to_numpy()
    s = start[known].to_numpy(int)
    e = end[known].to_numpy(float)
    lo = int(first if first is not None else s.min()) if len(s) else 0
    hi = (
        int(
            last
            if last is not None
            else max(s.max(), np.nanmax(e) if np.isfinite(e).any() else s.max())
        )
        if len(s)
        else -1
    )
    rows = []
    for kind in sorted(set(kinds)):
        mine = kinds == kind
        ks, ke = s[mine], e[mine]
        for year in range(lo, hi + 1):
            formed = int((ks == year).sum())
            dissolved = int((ke == year).sum())
            active = int(((ks < year) & ~(ke < year)).sum())
            rows.append((year, kind, formed, dissolved, active))
    out = pd.DataFrame(rows, columns=["year", "kind", "formed", "dissolved", "active"])
    with np.errstate(invalid="ignore", divide="ignore"):
        out["formation_rate"] = np.where(out["active"] > 0, out["formed"] / out["active"], np.nan)
        out["dissolution_rate"] = np.where(
            out["active"] > 0, out["dissolved"] / out["active"], np.nan
        )
    return out
