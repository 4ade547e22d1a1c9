"""One actor-id rule for every measure (issue 8): the graph's own vertex names, unchanged.

With integer vertex names ``burt(g).index`` was ``[10, 11, 12]`` but ``degree(g).index``
``['10', '11', '12']``, and ``gould_fernandez(g, {10: ...})`` refused the graph's own names.
Now every measure indexes its result by the vertex ``name`` attribute as it is (same values,
same type) or, without names, by the vertex indices; partitions are keyed by those ids.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

import igraph as ig
import pytest

from bioregion.network import (
    betweenness,
    burt,
    clustering,
    components,
    constraint,
    degree,
    effective_size,
    efficiency,
    ei_index,
    ei_permutation_test,
    eigenvector,
    gould_fernandez,
    harmonic_closeness,
    hierarchy,
    k_core,
    leiden,
    pagerank,
)
from bioregion.network.structure import assortativity_attribute

EDGES = [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (4, 0), (1, 3)]
NAMINGS = {
    "int": [10, 11, 12, 13, 14],
    "str": ["a", "b", "c", "d", "e"],
    "none": None,
}


def graph(names: list[Any] | None, directed: bool = True) -> ig.Graph:
    g = ig.Graph(n=5, edges=EDGES, directed=directed)
    if names is not None:
        g.vs["name"] = names
    return g


def own_ids(names: list[Any] | None) -> list[Any]:
    return list(range(5)) if names is None else names


def halves(names: list[Any] | None) -> dict[Any, str]:
    """A partition keyed by the graph's own ids."""
    return {actor: "x" if i < 2 else "y" for i, actor in enumerate(own_ids(names))}


def _partitioned(measure: Callable, attribute: str) -> Callable:
    def run(g: ig.Graph, names: list[Any] | None) -> Any:
        return getattr(measure(g, halves(names)), attribute)

    return run


NODE_MEASURES: dict[str, Callable[[ig.Graph, Any], Any]] = {
    "degree": lambda g, _: degree(g),
    "betweenness": lambda g, _: betweenness(g),
    "harmonic_closeness": lambda g, _: harmonic_closeness(g),
    "eigenvector": lambda g, _: eigenvector(g),
    "pagerank": lambda g, _: pagerank(g),
    "k_core": lambda g, _: k_core(g),
    "clustering": lambda g, _: clustering(g),
    "components": lambda g, _: components(g),
    "leiden": lambda g, _: leiden(g).membership,
    "burt": lambda g, _: burt(g),
    "constraint": lambda g, _: constraint(g),
    "effective_size": lambda g, _: effective_size(g),
    "efficiency": lambda g, _: efficiency(g),
    "hierarchy": lambda g, _: hierarchy(g),
    "gould_fernandez": _partitioned(gould_fernandez, "raw"),
    "gould_fernandez_z": _partitioned(gould_fernandez, "z"),
    "ei_index": _partitioned(ei_index, "actors"),
}


@pytest.mark.parametrize("naming", list(NAMINGS))
@pytest.mark.parametrize("measure", list(NODE_MEASURES))
@pytest.mark.parametrize("directed", [True, False])
def test_every_measure_is_indexed_by_the_graphs_own_ids(measure, naming, directed):
    names = NAMINGS[naming]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # eigenvector on a digraph
        result = NODE_MEASURES[measure](graph(names, directed), names)
    expected = own_ids(names)
    assert list(result.index) == expected
    assert [type(actor) for actor in result.index] == [type(actor) for actor in expected]
    assert result.index.name == "actor"


@pytest.mark.parametrize("naming", list(NAMINGS))
def test_partitions_keyed_by_the_graphs_own_ids_are_accepted(naming):
    names = NAMINGS[naming]
    g = graph(names)
    partition = halves(names)
    assert gould_fernandez(g, partition).raw.loc[own_ids(names)[0], "total"] >= 0
    assert ei_index(g, partition).network == pytest.approx(1 / 7)  # 4 external, 3 internal
    test = ei_permutation_test(g, partition, n_permutations=10, seed=0)
    assert test.observed == pytest.approx(1 / 7)
    assert assortativity_attribute(g, partition) < 1.0


def test_integer_names_with_text_keys_say_which_type_the_ids_have():
    g = graph(NAMINGS["int"])
    text_keyed = {str(actor): group for actor, group in halves(NAMINGS["int"]).items()}
    for measure in (gould_fernandez, ei_index, partial(ei_permutation_test, n_permutations=5)):
        with pytest.raises(ValueError, match=r"5 actor\(s\): 10, 11.*another type.*int"):
            measure(g, text_keyed)


def test_the_same_actor_ids_join_across_measures():
    g = graph(NAMINGS["int"])
    joined = degree(g).join(burt(g)).join(gould_fernandez(g, halves(NAMINGS["int"])).raw)
    assert len(joined) == 5 and joined.notna().all().all()
