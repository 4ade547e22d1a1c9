"""The house rules of bioregion.system: one vocabulary, shared helpers in one place, no
Belgian defaults, region and period always explicit, errors of the bioregion tree."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import bioregion.system as system
from bioregion.model import vocab
from bioregion.model.vocab import ActorKind, EndReason, Stage, TieKind

SYSTEM = Path(system.__file__).parent
SOURCES = {path.name: path.read_text(encoding="utf-8") for path in sorted(SYSTEM.glob("*.py"))}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _code_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant of the code, docstrings left out."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


# -- one vocabulary ----------------------------------------------------------------------
def test_kind_sets_are_the_documented_vocabulary_sets():
    from bioregion.system import acquisitions, business_model, partners

    assert partners.ALLIANCE_KINDS is vocab.ALLIANCE_KINDS
    assert getattr(acquisitions, "ALLIANCE_KINDS", vocab.ALLIANCE_KINDS) is vocab.ALLIANCE_KINDS
    assert vocab.ALLIANCE_KINDS | {TieKind.SERVICE, TieKind.SUPPLY} == vocab.BUSINESS_TIE_KINDS
    assert vocab.BUSINESS_TIE_KINDS == vocab.DIRECTED_OI_KINDS | vocab.COUPLED_OI_KINDS
    assert not vocab.DIRECTED_OI_KINDS & vocab.COUPLED_OI_KINDS
    assert set(Stage) == vocab.EXPLORATION_STAGES | vocab.EXPLOITATION_STAGES
    # one definition of an alliance: the acquisition pathways use ALLIANCE_KINDS (issue 9)
    assert "ALLIANCE_KINDS" in SOURCES["acquisitions.py"]
    assert "BUSINESS_TIE_KINDS" in SOURCES["business_model.py"]
    assert business_model.SERVICE_KINDS is vocab.SERVICE_KINDS
    # each named set is a set of enum members (so a typo cannot hide in it)
    for name in ("ALLIANCE_KINDS", "BUSINESS_TIE_KINDS", "DIRECTED_OI_KINDS", "COUPLED_OI_KINDS"):
        assert all(isinstance(k, TieKind) for k in getattr(vocab, name)), name


def test_kind_sets_are_defined_once():
    """No system module defines its own DIRECTED_OI_KINDS or ALLIANCE_KINDS."""
    for name, source in SOURCES.items():
        for rule in ("ALLIANCE_KINDS", "DIRECTED_OI_KINDS", "COUPLED_OI_KINDS"):
            assert not re.search(rf"^{rule}\s*=", source, re.M), f"{name} defines {rule}"


def test_no_bare_vocabulary_literal_in_system_code():
    values = {m.value for enum in (ActorKind, TieKind, Stage, EndReason) for m in enum}
    found = [
        f"{name}:{line}: {text!r}"
        for name, source in SOURCES.items()
        for line, text in _code_strings(source)
        if text in values
    ]
    assert not found, "use the enum members of bioregion.model.vocab: " + ", ".join(found)


# -- shared helpers have one home ----------------------------------------------------------
def test_shared_helpers_are_defined_once_and_no_private_name_crosses_modules():
    defined: dict[str, list[str]] = {}
    for name, source in SOURCES.items():
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                defined.setdefault(node.name, []).append(name)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bioregion"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{name} imports {private} from {node.module}"
    twice = {f: where for f, where in defined.items() if len(where) > 1 and f[0] != "_"}
    assert not twice, twice
    for helper in ("as_network", "in_region", "period_ties", "check_period", "focal_ties"):
        assert defined.get(helper) == ["_scope.py"], helper


# -- no Belgian defaults -----------------------------------------------------------------------
def test_no_belgian_region_period_or_actor_in_system_source():
    for name, source in SOURCES.items():
        assert not re.search(r"flanders|wallonia|brussels|1987", source, re.I), name
        belgian_ids = {"vlaio", "iwt", "fwo", "fnrs", "flandersbio", "biowin", "sriw", "gimv"}
        code = {text for _, text in _code_strings(source)}
        assert not code & belgian_ids, (name, code & belgian_ids)


INDICATORS = [
    name
    for name in system.__all__
    if inspect.isfunction(getattr(system, name))
    and {"region", "regions", "period"} & set(inspect.signature(getattr(system, name)).parameters)
]


@pytest.mark.parametrize("name", INDICATORS)
def test_region_and_period_have_no_default(name, hand_net):
    func = getattr(system, name)
    params = inspect.signature(func).parameters
    for scope in ("region", "regions", "period"):
        if scope in params:
            assert params[scope].default is inspect.Parameter.empty, f"{name}({scope}=...)"
    with pytest.raises(TypeError, match="missing"):
        func(hand_net)
