"""Bad arguments to the measures raise ArgumentError with a message that says what to do.

Issue 8: the network layer raised plain ValueError/TypeError; it now raises errors of the
bioregion hierarchy (ArgumentError is a ValueError too, so old ``except ValueError`` code
keeps working).
"""

from __future__ import annotations

import igraph as ig
import pandas as pd
import pytest

from bioregion.errors import ArgumentError, BioregionError
from bioregion.network import (
    betweenness,
    burt,
    components,
    degree,
    ei_index,
    ei_permutation_test,
    leiden,
    pagerank,
    ties_frame,
)


def named(directed: bool = False) -> ig.Graph:
    g = ig.Graph(n=3, edges=[(0, 1), (1, 2)], directed=directed)
    g.vs["name"] = ["a", "b", "c"]
    return g


CASES = [
    (lambda: betweenness(named(), sample=1), r"at least 2 pivots.*sample=None"),
    (lambda: betweenness(named(), sample=2, confidence=1.5), r"confidence.*\(got 1.5\)"),
    (lambda: pagerank(named(), damping=2.0), r"damping must lie in \[0, 1\] \(got 2.0\)"),
    (lambda: degree(named(), weight="strength"), r"no edge attribute 'strength'.*weight=None"),
    (lambda: burt(named(), model="global"), r"model must be 'whole' or 'ego', not 'global'"),
    (lambda: components(named(), mode="both"), r"mode must be 'weak' or 'strong'"),
    (lambda: leiden(named(), objective="louvain"), r"objective must be 'modularity' or 'CPM'"),
    (lambda: ei_index(named(), {"a": 1, "b": 1, "c": 2}, mode="both"), r"mode must be 'all'"),
    (
        lambda: ei_permutation_test(named(), {"a": 1, "b": 1, "c": 2}, n_permutations=0),
        r"n_permutations must be at least 1",
    ),
    (
        lambda: ties_frame(pd.DataFrame({"kind": ["licence"], "source": ["a"]})),
        r"lacks the column\(s\) target, start",
    ),
    (
        lambda: ties_frame(
            pd.DataFrame({"kind": ["x"], "source": ["a"], "target": ["b"], "start": ["soon"]})
        ),
        r"cannot read the date 'soon'.*YYYY-MM-DD",
    ),
]


@pytest.mark.parametrize(("call", "message"), CASES)
def test_bad_arguments_raise_argument_error(call, message):
    with pytest.raises(ArgumentError, match=message) as caught:
        call()
    assert isinstance(caught.value, BioregionError) and isinstance(caught.value, ValueError)


def test_bad_weights_name_the_edge():
    g = named()
    g.es["weight"] = [1.0, -2.0]
    with pytest.raises(ArgumentError, match=r"finite numbers > 0 on every edge; edge 1 has -2.0"):
        degree(g, weight="weight")
    with pytest.raises(ArgumentError, match=r">= 0 on every edge.*edge 1 with -2.0"):
        burt(g)
