"""The measures layer depends on model, regions and errors only (issue 8, DESIGN.md layers).

``network/_frames.py`` read the store's tables with SQLAlchemy and imported the importer's
tie-id rule; ``external_internal`` and ``structure`` imported private helpers of other
modules. Checked on the source (every import statement, also inside functions, except
those under ``if TYPE_CHECKING:``), and by reading frames from an object that is not a
Store at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd

import bioregion.network
from bioregion.network import actors_frame, events_frame, participations_frame, ties_frame

NETWORK = Path(bioregion.network.__file__).parent
ALLOWED = ("bioregion.model", "bioregion.regions", "bioregion.errors", "bioregion.network")


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Import statements outside ``if TYPE_CHECKING:`` blocks."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _modules() -> dict[str, list[ast.Import | ast.ImportFrom]]:
    return {
        path.name: _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(NETWORK.glob("*.py"))
    }


def test_network_imports_nothing_above_model_at_runtime():
    wrong = []
    for name, imports in _modules().items():
        for node in imports:
            targets = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            for target in targets:
                if target and target.startswith("bioregion") and not target.startswith(ALLOWED):
                    wrong.append(f"{name}:{node.lineno} imports {target}")
                if target and target.startswith(("sqlalchemy", "bioregion.store", "bioregion.io")):
                    wrong.append(f"{name}:{node.lineno} imports {target}")
    assert len(_modules()) >= 9
    assert wrong == []


def test_no_private_name_is_imported_across_network_modules():
    wrong = [
        f"{name}:{node.lineno} imports {alias.name} from {node.module}"
        for name, imports in _modules().items()
        for node in imports
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bioregion")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert wrong == []


class FrameSource:
    """Anything with the Store's columnar read API will do (duck-typed, no database)."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self.frames = frames
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def frame(self, name: str, columns=None, *, text: str = "str") -> pd.DataFrame:
        assert text in ("str", "object")
        self.asked.append((name, tuple(columns or ())))
        return self.frames[name].loc[:, list(columns)] if columns else self.frames[name]


def _day(text: str | None) -> pd.Timestamp:
    return pd.Timestamp(text) if text else pd.NaT


def test_frames_read_through_the_frame_api_only():
    ties = pd.DataFrame(
        {
            "id": ["t1"], "kind": ["licence"], "source": ["a"], "target": ["b"],
            "start": [_day("2005-03-01")], "start_precision": ["month"],
            "end": [_day("2009-01-01")], "end_precision": ["year"],
            "signed": [_day("2005-02-20")], "signed_precision": ["day"],
            "closed": [_day(None)], "closed_precision": [""],
            "status": [""], "stage": ["phase1"], "therapeutic_area": [""], "technology": [""],
            "upfront": [10.0], "equity": [float("nan")], "research_funding": [float("nan")],
            "milestones": [90.0], "total": [float("nan")], "currency": ["EUR"],
            "tags": [("x",)],
        }
    )  # fmt: skip
    actors = pd.DataFrame(
        {
            "id": ["a", "b"], "name": ["A", "B"], "kind": ["biotech_firm", "pharma"],
            "country": ["BE", "FR"], "nuts": ["BE234", "FR101"], "systems": [(), ("BE1",)],
            "founded": [_day("2001-01-01"), _day(None)], "ended": [_day(None), _day(None)],
            "ended_precision": ["", ""], "end_reason": ["", ""], "tags": [(), ()],
        }
    )  # fmt: skip
    events = pd.DataFrame(
        {
            "id": ["e1"], "kind": ["eu_project"], "name": ["P"], "currency": ["EUR"],
            "amount": [1.5], "tags": [()], "start": [_day("2010-01-01")],
            "end": [_day("2012-01-01")], "end_precision": ["year"],
        }
    )  # fmt: skip
    parts = pd.DataFrame(
        {"event": ["e1"], "actor": ["a"], "role": ["coordinator"], "contribution": [0.5],
         "currency": ["EUR"]}
    )  # fmt: skip
    source = FrameSource(
        {"ties": ties, "actors": actors, "events": events, "participations": parts}
    )
    tie = ties_frame(source).iloc[0]
    assert (tie["id"], tie["value"], tie["tags"]) == ("t1", 100.0, ("x",))
    assert tie["end"] == pd.Timestamp("2009-12-31")  # last day of the stated year
    assert tie["signed"] == pd.Timestamp("2005-02-20") and pd.isna(tie["closed"])
    actor_rows = actors_frame(source)
    assert actor_rows["region"].tolist() == ["flanders", "fr1"]
    assert actor_rows["systems"].tolist() == [(), ("BE1",)]
    assert events_frame(source).loc[0, "end"] == pd.Timestamp("2012-12-31")
    assert participations_frame(source).loc[0, "contribution"] == 0.5
    assert [name for name, _ in source.asked] == ["ties", "actors", "events", "participations"]
