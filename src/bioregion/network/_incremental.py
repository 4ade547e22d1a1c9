"""Yearly snapshots without rebuilding: one igraph graph moved from period to period."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from bioregion.network._arrays import key_kind_ranks, sorted_unique, stable_order

if TYPE_CHECKING:
    import igraph as ig

__all__ = ["IncrementalGraph"]


class IncrementalGraph:
    """One igraph Graph kept in step with a moving period by adding and deleting edges.

    Arcs (ties, twice for symmetric ones in a directed view) are sorted once by first
    and by last active day; the active arcs of a period ``[lo, hi]`` are those started
    by ``hi`` minus those expired before ``lo``, both prefixes of the sorted orders. So
    each step takes two new slices, updates per-pair counts with numpy, and calls
    ``delete_edges`` (edge ids tracked in ``pair_edge``) and ``add_edges`` once each.
    """

    def __init__(
        self,
        u: np.ndarray,
        v: np.ndarray,
        graph: ig.Graph,
        *,
        kind: np.ndarray,
        first: np.ndarray,
        last: np.ndarray,
        value: np.ndarray | None,
        kind_text: Callable[[np.ndarray], list[str]],
    ) -> None:
        """Arcs as vertex positions ``u -> v`` in ``graph`` (which starts with no edges),
        with each arc's kind code (0..63), first and last active day and, for weights
        by value, its value."""
        n = graph.vcount()
        arc_key = u * n + v
        self.arc_pair, pair_arc, self.arc_combo, combo_arc = key_kind_ranks(arc_key, kind)
        keys = arc_key[pair_arc]
        self.pair_u, self.pair_v = keys // n, keys % n
        self.combo_bit = np.left_shift(1, kind[combo_arc])
        self.pair_ptr = np.searchsorted(self.arc_pair[combo_arc], np.arange(len(keys) + 1))
        self.by_first, self.by_last = stable_order(first), stable_order(last)
        self.first_sorted, self.last_sorted = first[self.by_first], last[self.by_last]
        self.arc_value = value
        self.count = np.zeros(len(keys), np.int64)
        self.value = np.zeros(len(keys)) if value is not None else None
        self.combo_count = np.zeros(len(combo_arc), np.int64)
        self.pair_edge = np.full(len(keys), -1)
        self.edge_pair = np.zeros(0, np.int64)
        self.vertex_degree = np.zeros(n, np.int64)  # edges at each vertex, loops twice
        self.started = self.expired = 0
        self.kind_text = kind_text
        self.graph = graph

    def advance(self, lo: int, hi: int) -> None:
        """Move to the period ``[lo, hi]`` (later than the previous one)."""
        started = int(np.searchsorted(self.first_sorted, hi, side="right"))
        expired = int(np.searchsorted(self.last_sorted, lo, side="left"))
        plus = self.by_first[self.started : started]
        minus = self.by_last[self.expired : expired]
        self.started, self.expired = started, expired
        if len(plus) == 0 and len(minus) == 0:
            return
        for arcs, sign in ((plus, 1), (minus, -1)):
            np.add.at(self.count, self.arc_pair[arcs], sign)
            np.add.at(self.combo_count, self.arc_combo[arcs], sign)
            if self.value is not None:
                np.add.at(self.value, self.arc_pair[arcs], sign * self.arc_value[arcs])
        changed = sorted_unique(np.r_[self.arc_pair[plus], self.arc_pair[minus]])
        had, has = self.pair_edge[changed] >= 0, self.count[changed] > 0
        self._update(changed[had & has])
        self._delete(changed[had & ~has])
        self._add(changed[~had & has])

    def _attributes(self, pairs: np.ndarray) -> dict[str, list]:
        ptr = self.pair_ptr
        lengths = ptr[pairs + 1] - ptr[pairs]
        offsets = np.cumsum(lengths) - lengths
        gather = (
            np.arange(lengths.sum()) - np.repeat(offsets, lengths) + np.repeat(ptr[pairs], lengths)
        )
        bits = np.where(self.combo_count[gather] > 0, self.combo_bit[gather], 0)
        masks = np.bitwise_or.reduceat(bits, offsets) if len(pairs) else bits
        ties = self.count[pairs]
        weight = ties.astype(float) if self.value is None else self.value[pairs]
        return {"weight": weight.tolist(), "ties": ties.tolist(), "kinds": self.kind_text(masks)}

    def _update(self, pairs: np.ndarray) -> None:
        if len(pairs):
            edges = self.graph.es[self.pair_edge[pairs].tolist()]
            for name, values in self._attributes(pairs).items():
                edges[name] = values

    def _delete(self, pairs: np.ndarray) -> None:
        if not len(pairs):
            return
        ids = self.pair_edge[pairs]
        self.graph.delete_edges(ids.tolist())  # igraph keeps the order of the other edges
        np.subtract.at(self.vertex_degree, self.pair_u[pairs], 1)
        np.subtract.at(self.vertex_degree, self.pair_v[pairs], 1)
        keep = np.ones(len(self.edge_pair), bool)
        keep[ids] = False
        self.edge_pair = self.edge_pair[keep]
        self.pair_edge[pairs] = -1
        self.pair_edge[self.edge_pair] = np.arange(len(self.edge_pair))
        if self.value is not None:
            self.value[pairs] = 0.0  # no float residue once a pair has no active tie

    def _add(self, pairs: np.ndarray) -> None:
        if not len(pairs):
            return
        edges = zip(self.pair_u[pairs].tolist(), self.pair_v[pairs].tolist(), strict=True)
        self.graph.add_edges(edges, attributes=self._attributes(pairs))
        np.add.at(self.vertex_degree, self.pair_u[pairs], 1)
        np.add.at(self.vertex_degree, self.pair_v[pairs], 1)
        self.pair_edge[pairs] = np.arange(len(self.edge_pair), len(self.edge_pair) + len(pairs))
        self.edge_pair = np.r_[self.edge_pair, pairs]
