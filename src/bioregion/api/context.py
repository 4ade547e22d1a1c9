"""What the API keeps between requests: the store, and what it read of it per version.

The store answers every request; what is costly to read or compute (the record tables
as frames, the temporal network, node layouts) is kept per store version
(:meth:`bioregion.Store.version`) and dropped when the version changes, so an import,
edit or merge made by anyone (the CLI, another server) shows at the next request.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bioregion.network import TemporalNetwork
from bioregion.store import Store

#: The store version a GET request answers from, read once when it arrives (see
#: :meth:`Context.version`): one request never mixes two versions, and asks once.
REQUEST_VERSION: ContextVar[str | None] = ContextVar("bioregion_request_version", default=None)

#: Record tables the API lists and downloads (the store's record types).
TABLES = ("actors", "ties", "events", "participations", "sources")


@dataclass
class Context:
    """The store of an app, its settings and its caches (thread-safe)."""

    store: Store
    token: str | None = None
    default_years: float = 5.0
    max_layouts: int = 32
    #: a simulation's effects table (``bioregion simulate --out``), served as an indicator
    scenarios: pd.DataFrame | None = None
    _version: str = ""
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    _cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def version(self) -> str:
        """The store's version: the one pinned for this request, else read now; caches
        of an older version are dropped."""
        pinned = REQUEST_VERSION.get()
        return pinned if pinned is not None else self.refresh()

    def refresh(self) -> str:
        """Read the store's version now (dropping caches of an older one)."""
        current = self.store.version()
        with self._lock:
            if current != self._version:
                self._version = current
                self._frames.clear()
                self._cache.clear()
        return current

    def frame(self, table: str) -> pd.DataFrame:
        """A record table as a frame (:meth:`bioregion.Store.frame`), read once per version."""
        self.version()
        with self._lock:
            found = self._frames.get(table)
        if found is None:
            found = self.store.frame(table)
            with self._lock:
                self._frames[table] = found
        return found

    def column(self, table: str, name: str) -> Any:
        """One column of a record table as a numpy array (text as Python strings), once per
        version: requests compare and pick rows without converting the column again."""
        return self.cached(
            ("column", table, name), lambda: self.frame(table)[name].to_numpy(dtype=object)
        )

    def index(self, table: str) -> dict[str, int]:
        """Row position of each record id of a record table (not participations), per version."""
        return self.cached(
            ("index", table),
            lambda: {str(k): i for i, k in enumerate(self.frame(table)["id"].tolist())},
        )

    def citations(self, table: str) -> dict[Hashable, tuple[str, ...]]:
        """The source ids each record of a table cites, in order, by record key (the id;
        ``(event, actor, role)`` for participations): :meth:`bioregion.Store.citations`, read
        once per version."""

        def read() -> dict[Hashable, tuple[str, ...]]:
            cited = self.store.citations(table)  # ordered by record key, then position
            keys = [c for c in cited.columns if c not in ("source", "position")]
            rows = cited[keys].itertuples(index=False, name=None)
            out: dict[Hashable, list[str]] = {}
            for key, source in zip(rows, cited["source"].tolist(), strict=True):
                out.setdefault(key[0] if len(keys) == 1 else key, []).append(source)
            return {k: tuple(v) for k, v in out.items()}

        return self.cached(("citations", table), read)

    def network(self) -> TemporalNetwork:
        """The store's temporal network, built once per version."""
        return self.cached(
            ("network",),
            lambda: TemporalNetwork(
                self.frame("ties"), self.frame("actors"), default_years=self.default_years
            ),
        )

    def cached(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()`` once per key and store version (at most :attr:`max_layouts` + a few
        entries, least recently used dropped first)."""
        version = self.version()
        full = (version, key)
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = make()
        with self._lock:
            self._cache[full] = value
            while len(self._cache) > self.max_layouts + 4:
                self._cache.popitem(last=False)
        return value
