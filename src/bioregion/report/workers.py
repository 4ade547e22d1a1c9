"""The report's worker processes: figures and slow indicators, on cores to spare.

Most of a report's time goes to matplotlib (layout, text, Agg, PNG: the functions of
:mod:`bioregion.report.figures`, pure functions of their data) and, on large networks, to
the bootstrap draws of a few indicators. :class:`Workers` hands both to processes forked
from the report's own one (Linux; nothing is imported again) while the report goes on
with its sections:

- :meth:`Workers.draw` returns a placeholder in place of a figure's ``data:`` URI, which
  :meth:`Workers.finish` replaces when the page is written;
- :meth:`Workers.compute` starts an indicator on the report's network (shared with the
  workers when they are forked, never copied) and returns a :class:`Pending` value.

The results are the very bytes and numbers the report's own process would compute: the
workers run the same code on the same data, seeded draws included. With no workers
(``workers=0``, the environment variable :data:`ENV_WORKERS` set to 0, a single usable
CPU, or no ``fork``) everything runs in the report's process, in order; a task whose
worker failed is run there too.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any

from bioregion.errors import ArgumentError

__all__ = ["ENV_WORKERS", "MAX_WORKERS", "Pending", "Workers", "default_workers"]

#: The environment variable that sets the number of report workers (0: none).
ENV_WORKERS = "BIOREGION_REPORT_WORKERS"
#: Workers at most by default (each is a fork of the report's process).
MAX_WORKERS = 2
#: What the workers find in their copy of the report's process: token -> object.
_SHARED: dict[str, Any] = {}


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def default_workers() -> int:
    """The workers of a report: :data:`ENV_WORKERS` when set, else one per usable CPU up
    to :data:`MAX_WORKERS` (none with a single CPU); none where processes cannot be
    forked (outside Linux)."""
    if not _can_fork():
        return 0
    given = os.environ.get(ENV_WORKERS, "").strip()
    if given:
        if not given.isdigit():
            raise ArgumentError(
                f"{ENV_WORKERS}={given!r}: give a number of report workers, e.g. 0 to do "
                "everything in the report's own process, or 2"
            )
        return int(given)
    cpus = _usable_cpus()
    return min(MAX_WORKERS, cpus) if cpus > 1 else 0


def _on_shared(token: str, function: Callable, kwargs: dict[str, Any]) -> Any:
    """``function(shared object, **kwargs)`` in a worker."""
    return function(_SHARED[token], **kwargs)


class Pending:
    """A value a worker computes: :meth:`result` waits for it (or computes it here when
    the worker failed)."""

    def __init__(self, future: Future, fallback: Callable[[], Any]) -> None:
        self._future, self._fallback = future, fallback

    def result(self) -> Any:
        """The value (the task's own error is raised here)."""
        try:
            return self._future.result()
        except Exception:  # a broken pool or worker: compute it here (same value)
            return self._fallback()


class Workers:
    """Forked worker processes for a report's figures and slow indicators.

    Use it as a context manager around a report's build: :meth:`share` the network
    first; the workers are forked at the first task and stopped when the block ends.
    """

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and (not isinstance(workers, int) or workers < 0):
            raise ArgumentError(f"workers={workers!r}: give a number of report workers >= 0")
        self.workers = default_workers() if workers is None else workers
        if self.workers and not _can_fork():
            self.workers = 0
        self._pool: ProcessPoolExecutor | None = None
        self._token = secrets.token_hex(6)
        self._figures: dict[str, tuple[Future, Callable[..., str], tuple, dict]] = {}

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def share(self, shared: Any) -> None:
        """Make ``shared`` (the report's network) the object :meth:`compute` works on;
        before the first task, so that the forked workers hold it."""
        if self._pool is not None:
            raise ArgumentError("share the network before the report's workers start")
        _SHARED[self._token] = shared

    def compute(self, function: Callable[..., Any], /, **kwargs: Any) -> Pending | None:
        """``function(shared, **kwargs)`` started in a worker (``function`` at module
        level), or None when there are no workers or nothing was shared."""
        if not self.workers or self._token not in _SHARED:
            return None
        future = self._executor().submit(_on_shared, self._token, function, kwargs)
        shared = _SHARED[self._token]
        return Pending(future, lambda: function(shared, **kwargs))

    def draw(self, figure: Callable[..., str], /, *args: Any, **kwargs: Any) -> str:
        """``figure(*args, **kwargs)``: its ``data:`` URI, or a placeholder for it that
        :meth:`finish` replaces (``figure`` must be a module-level function)."""
        if not self.workers:
            return figure(*args, **kwargs)
        # "@" is not base64: a placeholder cannot be part of an image
        key = f"data:image/png;base64,@figure-{self._token}-{len(self._figures)}@"
        future = self._executor().submit(figure, *args, **kwargs)
        self._figures[key] = (future, figure, args, kwargs)
        return key

    def finish(self, text: str) -> str:
        """``text`` with every figure placeholder replaced by its figure's URI (a figure
        whose worker failed is drawn here)."""
        for key, (future, figure, args, kwargs) in self._figures.items():
            uri = Pending(future, lambda f=figure, a=args, k=kwargs: f(*a, **k)).result()
            text = text.replace(key, uri)
        self._figures.clear()
        return text

    def close(self) -> None:
        """Stop the workers (tasks not yet done are dropped) and forget the network."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._figures.clear()
        _SHARED.pop(self._token, None)

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
