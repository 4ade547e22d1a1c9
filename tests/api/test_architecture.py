"""The house rules of DESIGN.md ("Layers"), checked on the source tree.

- no import circle between modules;
- each subpackage imports only the layers below it;
- no private name (``_x``) is imported from another module: shared code gets a
  private module of its own whose names are public;
- no function is longer than ~80 lines of code (docstring, comments and blank
  lines not counted).
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "bioregion"

# Which top-level parts of the package each part may import (itself always allowed).
# "" is a module directly under bioregion/ (errors, _version, _docs, ...).
GROUND = {"errors", "_version"}
ALLOWED = {
    "errors": set(),
    "_version": set(),
    "model": GROUND | {"regions"},
    "regions": GROUND | {"model"},
    "store": GROUND | {"model", "regions"},
    "io": GROUND | {"model", "regions", "store", "network"},
    "network": GROUND | {"model", "regions"},
    "system": GROUND | {"model", "regions", "network", "dynamics"},
    "datasets": GROUND | {"model", "regions", "store", "io"},
    "sources": GROUND | {"model", "regions", "store", "io"},
    "resolve": GROUND | {"model", "regions", "store"},
    # one call for a region: above the library's parts, below the shells
    "build": GROUND
    | {"model", "regions", "store", "io", "datasets", "sources", "resolve", "system", "report"},
    "report": GROUND | {"model", "regions", "store", "io", "network", "system", "datasets"},
    "simulate": GROUND | {"model", "regions", "store", "network", "system"},
    "dynamics": GROUND | {"model", "regions", "network"},
}
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py")) if "migrations" not in p.parts}


def resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if MODULES[module].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def type_only_lines(tree: ast.Module) -> set[int]:
    """Lines inside ``if TYPE_CHECKING:`` blocks: imports for annotations only."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines |= set(range(child.lineno, child.end_lineno + 1))
    return lines


def imports(module: str) -> list[tuple[str, str, int]]:
    """(imported module, imported name or "", line) for every bioregion import at run time."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    typing_only = type_only_lines(tree)
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [
                (a.name, "", node.lineno) for a in node.names if a.name.startswith("bioregion")
            ]
        elif isinstance(node, ast.ImportFrom):
            target = resolve(module, node)
            if not target.startswith("bioregion"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:  # "from bioregion.x import y" where y is a module
                    found.append((sub, "", node.lineno))
                else:
                    found.append((target, alias.name, node.lineno))
    return found


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        for target, _name, _line in imports(module):
            while target not in MODULES and "." in target:
                target = target.rsplit(".", 1)[0]
            if target != module and target in MODULES:
                edges[module].add(target)
    return edges


def test_no_import_circle():
    edges = graph()

    # Package __init__ files re-export their submodules, so an edge into a package
    # from its own submodule is not a circle of code; leave those out.
    def skip(a: str, b: str) -> bool:
        return a.startswith(b + ".") and MODULES[b].name == "__init__.py"

    state: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if skip(node, nxt):
                continue
            if state.get(nxt) == 1:
                circles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module)
    assert circles == [], "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_layers():
    wrong = []
    for module in MODULES:
        part = part_of(module)
        if part not in ALLOWED:
            continue
        for target, _name, line in imports(module):
            other = part_of(target)
            if other and other != part and other not in ALLOWED[part]:
                wrong.append(f"{MODULES[module].relative_to(SRC.parent)}:{line} imports {target}")
    assert wrong == [], "layer breaches:\n" + "\n".join(wrong)


def test_no_private_name_imported_across_modules():
    wrong = []
    for module in MODULES:
        for target, name, line in imports(module):
            if name.startswith("_") and not name.startswith("__") and target != module:
                wrong.append(
                    f"{MODULES[module].relative_to(SRC.parent)}:{line} imports {name} from {target}"
                )
    assert wrong == [], "private names imported from other modules:\n" + "\n".join(wrong)


def code_lines(source_lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of code of a function's body: no blank, comment-only or docstring lines."""
    first = node.body[0]
    skip: set[int] = set(range(node.lineno, first.lineno))  # decorators and signature
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        skip |= set(range(first.lineno, first.end_lineno + 1))
    text = "\n".join(source_lines[node.lineno - 1 : node.end_lineno])
    lines: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type in (
            tokenize.COMMENT,
            tokenize.NL,
            tokenize.NEWLINE,
            tokenize.INDENT,
            tokenize.DEDENT,
        ):
            continue
        if tok.type == tokenize.ENDMARKER:
            continue
        for row in range(tok.start[0], tok.end[0] + 1):
            lines.add(row + node.lineno - 1)
    return len(lines - skip)


def long_functions() -> list[str]:
    found = []
    for _module, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = code_lines(lines, node)
                if n > MAX_FUNCTION_LINES:
                    found.append(
                        f"{path.relative_to(SRC.parent)}:{node.lineno} {node.name} ({n} lines)"
                    )
    return found


def test_no_long_functions():
    assert long_functions() == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f():\n    '''doc\n    more'''\n    # note\n\n    return 1\n", 1),
        ("def f():\n" + "    x = 1\n" * 90, 90),
    ],
)
def test_code_lines_counts_code_only(source, expected):
    node = ast.parse(source).body[0]
    assert code_lines(source.splitlines(), node) == expected


def test_checks_can_fail(tmp_path, monkeypatch):
    """The circle, layer and private-name checks find what they look for."""
    pkg = tmp_path / "bioregion"
    for part in ("network", "io"):
        (pkg / part).mkdir(parents=True)
        (pkg / part / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "network" / "a.py").write_text("from bioregion.io.b import _helper\n")
    (pkg / "io" / "b.py").write_text("from bioregion.network.a import x\n")
    here = sys.modules[__name__]
    monkeypatch.setattr(here, "SRC", pkg)
    monkeypatch.setattr(here, "MODULES", {module_name(p): p for p in sorted(pkg.rglob("*.py"))})
    with pytest.raises(AssertionError, match="import circles"):
        test_no_import_circle()
    with pytest.raises(AssertionError, match="layer breaches"):
        test_layers()
    with pytest.raises(AssertionError, match="private names"):
        test_no_private_name_imported_across_modules()
