"""Reference datasets shipped with bioregion, loaded through the ordinary importer.

>>> available()
['belgium']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bioregion.datasets.describe import StoreDescription, coverage, describe
from bioregion.errors import BioregionError
from bioregion.store.store import Store

if TYPE_CHECKING:
    from bioregion.io.importer import Progress

HERE = Path(__file__).parent


def available() -> list[str]:
    """Names of the shipped datasets."""
    return sorted(p.name for p in HERE.iterdir() if p.is_dir() and any(p.glob("*.csv")))


def dataset_files(name: str) -> list[Path]:
    """The template files of a shipped dataset (reviewable CSV text)."""
    folder = HERE / name.strip().lower()
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if not files:
        raise BioregionError(
            f"no shipped dataset named {name!r}; available: {', '.join(available())}"
        )
    return files


def load(name: str, store: Store | None = None, *, progress: Progress | None = None) -> Store:
    """Import a shipped dataset into a store (a new in-memory one when not given).

    The files go through :func:`bioregion.io.import_files` as one batch, like any
    user file; loading twice changes nothing. Returns the store; what the import did
    is its newest batch (``store.batches()[-1]``).
    """
    from bioregion.io.importer import import_files  # the importer's libraries load here

    target = store if store is not None else Store.open(":memory:", create=True)
    import_files(target, dataset_files(name), label=f"dataset {name}", progress=progress)
    return target


__all__ = ["StoreDescription", "available", "coverage", "dataset_files", "describe", "load"]
