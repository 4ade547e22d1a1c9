"""Errors of the bioregion tree for bad arguments, and well-formed empty tables when a
region has actors but no ties (the indicators return empty tables rather than raise, so a
report can say "no ties in this selection" section by section)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pandas as pd
import pytest

import bioregion.system as system
from bioregion.errors import ArgumentError, BioregionError
from bioregion.io.importer import import_files
from bioregion.store import Store

SYSTEM = Path(system.__file__).parent
PERIOD = (2000, 2010)

SCOPED = {
    name: getattr(system, name)
    for name in system.__all__
    if inspect.isfunction(getattr(system, name))
    and "period" in inspect.signature(getattr(system, name)).parameters
}


def _call(func, data, region, period):
    if "regions" in inspect.signature(func).parameters:
        return func(data, [region], period)
    return func(data, region, period)


def test_no_plain_value_error_is_raised_in_system():
    for path in sorted(SYSTEM.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                assert ast.unparse(raised) not in {"ValueError", "KeyError", "TypeError"}, (
                    f"{path.name}:{node.lineno} raises a plain {ast.unparse(raised)}"
                )


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_a_reversed_period_is_an_argument_error(name, hand_net):
    with pytest.raises(ArgumentError, match=r"ends before it starts.*\(2000, 2010\)"):
        _call(SCOPED[name], hand_net, "BE2", (2010, 2000))


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_a_period_that_is_not_two_years_is_an_argument_error(name, hand_net):
    with pytest.raises(ArgumentError, match="not a pair of years"):
        _call(SCOPED[name], hand_net, "BE2", 2005)


def test_other_bad_arguments_are_argument_errors(hand_net):
    with pytest.raises(ArgumentError, match=r"unknown weight\(s\) \['size'\]"):
        system.preferred_partners(hand_net, "BE2", PERIOD, weights={"size": 1.0})
    with pytest.raises(ArgumentError, match="non-negative and not all zero"):
        system.preferred_partners(hand_net, "BE2", PERIOD, weights={"degree": 0.0})
    with pytest.raises(ArgumentError, match="width=0"):
        system.genealogy_summary(hand_net, None, PERIOD, width=0)
    with pytest.raises(ArgumentError, match="step=0"):
        system.triple_helix(hand_net, None, PERIOD, step=0)
    with pytest.raises(ArgumentError, match="3-D table"):
        system.mutual_information([[1, 2], [3, 4]])
    with pytest.raises(ArgumentError, match="at least one region"):
        system.region_comparison(hand_net, [], PERIOD)
    with pytest.raises(ArgumentError, match="not actor kinds"):
        system.NBFRule(kinds=("biotech",))


def test_an_unknown_region_is_a_bioregion_error_naming_the_known_ones(hand_net):
    with pytest.raises(BioregionError, match=r"unknown region 'atlantis'.*NUTS 2021 code"):
        system.preferred_partners(hand_net, "atlantis", PERIOD)


@pytest.fixture(scope="module")
def tieless(tmp_path_factory) -> Store:
    """A user's store: actors of a French region and of Germany, ties only in Germany."""
    folder = tmp_path_factory.mktemp("tieless")
    (folder / "actors.csv").write_text(
        "id,name,kind,country,nuts,founded\n"
        "a,A,biotech_firm,FR,FR101,2001\n"
        "b,B,biotech_firm,FR,FR102,\n"
        "c,C,pharma,DE,DE111,1990\n"
        "d,D,biotech_firm,DE,DE112,1995\n",
        encoding="utf-8",
    )
    (folder / "ties.csv").write_text(
        "id,kind,source,target,start\nt1,licence,d,c,2005\n", encoding="utf-8"
    )
    store = Store.open(":memory:", create=True)
    import_files(store, [folder / "actors.csv", folder / "ties.csv"])
    return store


@pytest.mark.parametrize("name", sorted(SCOPED))
def test_a_region_whose_actors_have_no_ties_gives_well_formed_tables(name, tieless, hand_net):
    func = SCOPED[name]
    empty = _call(func, tieless, "FR1", PERIOD)
    full = _call(func, hand_net, "BE2", PERIOD)
    if isinstance(full, system.Interval):  # an estimate with its interval: empty is n=0
        assert isinstance(empty, system.Interval) and empty.n == 0, name
        assert empty.verdict() == "too few deals to tell" or empty.n < empty.min_n
        return
    assert isinstance(empty, pd.DataFrame)
    if "regions" in inspect.signature(func).parameters:  # columns named by region
        full = _call(func, hand_net, "FR1", PERIOD)
    assert list(empty.columns) == list(full.columns), name
    assert empty.index.name == full.index.name
