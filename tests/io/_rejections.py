"""Helpers of the bad-input tests: a loaded store, and an import that must be rejected
with located problems and leave that store exactly as it was.

Tests are not a package: a test module loads this file with :func:`load_helpers`'s
pattern (``importlib`` by path), as ``test_roundtrip.py`` does for ``_strategies.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bioregion.errors import ImportRejectedError, Problem
from bioregion.io import import_files
from bioregion.io.examples import EXAMPLES
from bioregion.store import Store


@pytest.fixture
def loaded(store: Store) -> Iterator[Store]:
    """A store holding the example files (on each backend)."""
    import_files(store, sorted(EXAMPLES.glob("*.csv")))
    yield store


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def snapshot(store: Store) -> tuple[Any, ...]:
    return store.counts(), len(store.batches()), store.dataset(), store.changes()


def rejected(store: Store, paths: list[Path], **options: Any) -> list[Problem]:
    """The problems of an import that must fail and leave the store as it was."""
    before = snapshot(store)
    with pytest.raises(ImportRejectedError) as info:
        import_files(store, paths, **options)
    assert snapshot(store) == before
    error = info.value
    assert error.problems
    assert "nothing was imported" in str(error)
    for problem in error.problems:  # every problem is listed in the message
        assert problem.rule in str(error)
    return error.problems


def find(problems: list[Problem], file: Path | str, row: int | None, column: str) -> Problem:
    """The one problem at (file, row, column)."""
    found = [p for p in problems if (p.file, p.row, p.column) == (str(file), row, column)]
    assert len(found) == 1, f"no single problem at {file}, {row}, {column!r} in {problems}"
    return found[0]
