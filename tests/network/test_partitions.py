"""Partitions must give one hashable label per actor (issue 8).

A tuple or dict of memberships was silently taken as one label and gave wrong numbers;
it is now refused with a PartitionError naming the actor. Overlapping memberships are a
feature of their own, not supported by these measures.
"""

from __future__ import annotations

from functools import partial

import igraph as ig
import numpy as np
import pytest

from bioregion.errors import ArgumentError, PartitionError
from bioregion.network import ei_index, ei_permutation_test, gould_fernandez
from bioregion.network.structure import assortativity_attribute

MEASURES = {
    "gould_fernandez": gould_fernandez,
    "ei_index": ei_index,
    "ei_permutation_test": partial(ei_permutation_test, n_permutations=5, seed=0),
    "assortativity_attribute": assortativity_attribute,
}


class Unhashable:
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Unhashable()"


def graph() -> ig.Graph:
    g = ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3), (3, 0)], directed=True)
    g.vs["name"] = ["ablynx", "ugent", "vib", "sanofi"]
    return g


MEMBERSHIPS = {
    "tuple": ("flanders", "biotech"),
    "list": ["flanders", "biotech"],
    "set": {"flanders"},
    "frozenset": frozenset({"flanders", "biotech"}),
    "dict": {"flanders": 0.5, "wallonia": 0.5},
    "array": np.array([1, 2]),
}


@pytest.mark.parametrize("measure", list(MEASURES))
@pytest.mark.parametrize("membership", list(MEMBERSHIPS))
def test_memberships_are_refused_naming_the_actor(measure, membership):
    partition = {"ablynx": "flanders", "ugent": "flanders", "vib": "flanders", "sanofi": "world"}
    partition["vib"] = MEMBERSHIPS[membership]
    with pytest.raises(PartitionError, match=r"actor 'vib'.*overlapping memberships.*not supp"):
        MEASURES[measure](graph(), partition)


@pytest.mark.parametrize("measure", list(MEASURES))
def test_memberships_in_a_vertex_attribute_are_refused(measure):
    g = graph()
    g.vs["groups"] = [("a",), ("a",), ("b", "c"), ("b",)]
    with pytest.raises(PartitionError, match=r"actor 'ablynx' the tuple \('a',\)"):
        MEASURES[measure](g, "groups")


@pytest.mark.parametrize("measure", list(MEASURES))
def test_unhashable_labels_are_refused(measure):
    partition = {"ablynx": 1, "ugent": 1, "vib": Unhashable(), "sanofi": 2}
    with pytest.raises(PartitionError, match=r"actor 'vib'.*Unhashable\(\).*not hashable"):
        MEASURES[measure](graph(), partition)


@pytest.mark.parametrize("measure", list(MEASURES))
def test_missing_actors_are_a_partition_error(measure):
    with pytest.raises(PartitionError, match=r"no group .* for 2 actor\(s\): 'vib', 'sanofi'"):
        MEASURES[measure](graph(), {"ablynx": 1, "ugent": 2})
    with pytest.raises(PartitionError, match=r"1 actor\(s\): 'ugent'; give every actor a group"):
        MEASURES[measure](graph(), {"ablynx": 1, "ugent": float("nan"), "vib": 1, "sanofi": 2})


@pytest.mark.parametrize("measure", list(MEASURES))
def test_a_partition_of_another_kind_is_an_argument_error(measure):
    with pytest.raises(ArgumentError, match=r"mapping actor id -> group label.*not a list"):
        MEASURES[measure](graph(), [1, 1, 2, 2])
    with pytest.raises(ArgumentError, match=r"no vertex attribute 'sector'.*'name'"):
        MEASURES[measure](graph(), "sector")


def test_single_labels_of_any_hashable_type_still_work():
    g = graph()
    by_text = gould_fernandez(g, {"ablynx": "x", "ugent": "x", "vib": "y", "sanofi": "y"})
    by_bool = gould_fernandez(g, {"ablynx": True, "ugent": True, "vib": False, "sanofi": False})
    by_int = gould_fernandez(g, {"ablynx": 1, "ugent": 1, "vib": 2, "sanofi": 2})
    assert by_text.raw.equals(by_bool.raw) and by_text.raw.equals(by_int.raw)
    assert ei_index(g, {"ablynx": 1, "ugent": 1, "vib": 2, "sanofi": 2}).network == 0.0
