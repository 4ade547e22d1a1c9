"""Where a network's ties are: actors and ties per NUTS region, and the links between
regions (what a map of a regional innovation system draws).

An actor is placed by its NUTS code cut to the level asked for (``BE242`` is ``BE24`` at
level 2, ``BE2`` at level 1); actors without a NUTS code (outside the EU's NUTS, or not
located) belong to no region. A tie is *internal* to a region when both its actors are
in it and *external* when one is in it and the other elsewhere or unplaced; the links
count the ties between two regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.regions import nuts_regions

__all__ = ["RegionFlows", "region_flows"]


@dataclass(frozen=True)
class RegionFlows:
    """Per-region counts and region-to-region links of :func:`region_flows`.

    ``regions``: ``nuts``, ``name``, ``actors`` (with a selected tie), ``ties_internal``,
    ``ties_external``, ``internal_share`` (internal / (internal + external)).
    ``links``: ``source``, ``target`` (NUTS codes, ``source < target``), ``ties``.
    """

    regions: pd.DataFrame
    links: pd.DataFrame


def region_flows(
    network: TemporalNetwork,
    level: int = 2,
    *,
    at: Any = None,
    window: tuple[Any, Any] | None = None,
    tie_kinds: Any = None,
    actor_kinds: Any = None,
) -> RegionFlows:
    """Actors and ties per NUTS region of ``level`` (0-3), and ties between regions, for
    the ties active at ``at``, over ``window`` or ever, with the filters of
    :meth:`TemporalNetwork.graph <bioregion.network.temporal.TemporalNetwork.graph>`.

    Examples
    --------
    >>> import pandas as pd
    >>> actors = pd.DataFrame({"id": ["a", "b", "c", "d"], "kind": ["biotech_firm"] * 4,
    ...                        "nuts": ["BE242", "BE211", "BE310", ""]})
    >>> ties = pd.DataFrame({"kind": ["licence"] * 3, "source": ["a", "a", "c"],
    ...                      "target": ["b", "c", "d"], "start": ["2001", "2002", "2003"]})
    >>> flows = region_flows(TemporalNetwork(ties, actors), level=1)
    >>> flows.regions[["nuts", "actors", "ties_internal", "ties_external"]]
      nuts  actors  ties_internal  ties_external
    0  BE2       2              1              1
    1  BE3       1              0              2
    >>> flows.links
      source target  ties
    0    BE2    BE3     1
    """
    if level not in (0, 1, 2, 3):
        raise ArgumentError(f"NUTS level must be 0, 1, 2 or 3, not {level!r}")
    graph = network.graph(at, window, tie_kinds=tie_kinds, actor_kinds=actor_kinds)
    place = network.actors.set_index("id")["nuts"].astype(str).str.upper()
    cut = place.where(place.str.len() >= level + 2, "").str[: level + 2]
    where = cut.reindex(graph.vs["name"]).fillna("").to_numpy(object)
    pairs = np.array(graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    counts = np.asarray(graph.es["ties"], dtype=np.int64)
    u, v = where[pairs[:, 0]], where[pairs[:, 1]]
    edges = pd.DataFrame({"u": u, "v": v, "ties": counts})
    internal = edges[(edges["u"] == edges["v"]) & (edges["u"] != "")]
    crossing = edges[edges["u"] != edges["v"]]
    external = pd.concat(
        [crossing[["u", "ties"]], crossing[["v", "ties"]].rename(columns={"v": "u"})]
    )
    external = external[external["u"] != ""]
    located = pd.Series(where)
    table = pd.DataFrame(
        {
            "actors": located[located != ""].value_counts(),
            "ties_internal": internal.groupby("u")["ties"].sum(),
            "ties_external": external.groupby("u")["ties"].sum(),
        }
    ).fillna(0)
    table = table.astype(int).rename_axis("nuts").reset_index().sort_values("nuts")
    names = {r.code: r.name for r in nuts_regions()}
    table.insert(1, "name", [names.get(c, "") for c in table["nuts"]])
    total = table["ties_internal"] + table["ties_external"]
    table["internal_share"] = (table["ties_internal"] / total.where(total > 0)).fillna(0.0)
    linked = crossing[(crossing["u"] != "") & (crossing["v"] != "")]
    ends = np.sort(linked[["u", "v"]].to_numpy(object).astype(str), axis=1)
    links = (
        pd.DataFrame(
            {"source": ends[:, 0], "target": ends[:, 1], "ties": linked["ties"].to_numpy()}
        )
        .groupby(["source", "target"], as_index=False)["ties"]
        .sum()
        .sort_values(["source", "target"], ignore_index=True)
    )
    return RegionFlows(table.reset_index(drop=True), links)
