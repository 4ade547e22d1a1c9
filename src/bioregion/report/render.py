"""Drawing the report's figures, in worker processes when the machine has cores to spare.

The functions of :mod:`bioregion.report.figures` are pure functions of their data (tables
in, a ``data:`` URI out) and take more than half of a report's time (matplotlib: layout,
text, Agg, PNG). A :class:`FigureDrawer` hands them to worker processes forked from the
report's own process (Linux; nothing is imported again) while the report goes on with
its next sections. The page holds a placeholder per figure until :meth:`FigureDrawer.finish`
puts the images in. The images are the very bytes the report's own process would draw:
the workers run the same code on the same data.

With no workers (``workers=0``, the environment variable ``BIOREGION_FIGURE_WORKERS=0``,
a single usable CPU, or no ``fork``) the figures are drawn in the report's process, one
after the other; a figure whose worker failed is drawn there too.
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

__all__ = ["ENV_WORKERS", "MAX_WORKERS", "FigureDrawer", "default_workers"]

#: The environment variable that sets the number of figure workers (0: none).
ENV_WORKERS = "BIOREGION_FIGURE_WORKERS"
#: Workers at most by default (each is a fork of the report's process).
MAX_WORKERS = 2


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """The figure workers of a report: :data:`ENV_WORKERS` when set, else one per usable
    CPU up to :data:`MAX_WORKERS` (none with a single CPU); none where processes cannot
    be forked (outside Linux)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    given = os.environ.get(ENV_WORKERS, "").strip()
    if given:
        if not given.isdigit():
            raise ArgumentError(
                f"{ENV_WORKERS}={given!r}: give a number of figure workers, e.g. 0 to draw "
                "the figures in the report's own process or 2"
            )
        return int(given)
    cpus = _usable_cpus()
    return min(MAX_WORKERS, cpus) if cpus > 1 else 0


class FigureDrawer:
    """Draws figures now (no workers) or in forked workers, to be put in at the end.

    Use it as a context manager around a report's build: the workers are started at the
    first figure and stopped when the block ends.
    """

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and (not isinstance(workers, int) or workers < 0):
            raise ArgumentError(f"workers={workers!r}: give a number of figure workers >= 0")
        self.workers = default_workers() if workers is None else workers
        if self.workers and "fork" not in multiprocessing.get_all_start_methods():
            self.workers = 0
        self._pool: ProcessPoolExecutor | None = None
        self._token = secrets.token_hex(6)
        self._pending: dict[str, tuple[Future, Callable[..., str], tuple, dict]] = {}

    def draw(self, figure: Callable[..., str], /, *args: Any, **kwargs: Any) -> str:
        """``figure(*args, **kwargs)``: its ``data:`` URI, or a placeholder for it that
        :meth:`finish` replaces (``figure`` must be a module-level function)."""
        if not self.workers:
            return figure(*args, **kwargs)
        if self._pool is None:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        # "@" is not base64: a placeholder cannot be part of an image
        key = f"data:image/png;base64,@figure-{self._token}-{len(self._pending)}@"
        self._pending[key] = (self._pool.submit(figure, *args, **kwargs), figure, args, kwargs)
        return key

    def finish(self, text: str) -> str:
        """``text`` with every placeholder replaced by its figure's URI (a figure whose
        worker failed is drawn here)."""
        for key, (future, figure, args, kwargs) in self._pending.items():
            try:
                uri = future.result()
            except Exception:  # a broken pool or worker: draw it here (same bytes)
                uri = figure(*args, **kwargs)
            text = text.replace(key, uri)
        self._pending.clear()
        return text

    def close(self) -> None:
        """Stop the workers (figures not yet drawn are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()

    def __enter__(self) -> FigureDrawer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
