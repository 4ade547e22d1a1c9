"""The command line's house: no import circle among its modules, Rich only in the shell."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "bioregion"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The bioregion modules a file imports (``from pkg import sub`` counts as ``pkg.sub``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{a.name}" for a in node.names]
            found.update(s for s in subs if s in modules)
            if any(s not in modules for s in subs):
                found.add(node.module)
    return {name for name in found if name in modules}


def _is_cli(name: str) -> bool:
    return name == "bioregion.cli" or name.startswith(("bioregion.cli.", "bioregion.cli_"))


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of the graph, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circle_among_the_cli_modules():
    modules = _modules()
    cli = {name: path for name, path in modules.items() if _is_cli(name)}
    assert cli, "no command-line modules found"
    graph = {name: {m for m in _imports(path, modules) if _is_cli(m)} for name, path in cli.items()}
    # the package imports its command modules to register them; they must not import it back
    assert _cycle(graph) is None, f"import circle: {' -> '.join(_cycle(graph) or [])}"


def test_command_modules_import_only_the_shared_helpers_below_them():
    modules = _modules()
    shared = {"bioregion.cli._app", "bioregion.cli._render"}
    for name, path in modules.items():
        if name.startswith("bioregion.cli.") and name not in shared | {"bioregion.cli.__main__"}:
            inside = {m for m in _imports(path, modules) if _is_cli(m)}
            assert inside <= shared, f"{name} imports {sorted(inside - shared)}"


def test_nothing_below_the_cli_imports_it():
    modules = _modules()
    for name, path in modules.items():
        if not _is_cli(name) and name != "bioregion._docs":
            assert not any(_is_cli(m) for m in _imports(path, modules)), name


def test_rich_is_not_imported_by_the_report():
    for path in (PACKAGE / "report").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "rich" or n.startswith("rich.") for n in names), path.name
