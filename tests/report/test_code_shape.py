"""The report's code stays readable: no function longer than 80 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import bioregion.report

LIMIT = 80


def test_no_function_of_the_report_is_longer_than_80_lines():
    folder = Path(bioregion.report.__file__).parent
    long = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > LIMIT:
                    long.append(f"{path.name}:{node.name} ({lines} lines)")
    assert long == []
