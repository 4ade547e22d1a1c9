"""How many threads the compiled libraries under the measures use: one, unless told.

igraph's PageRank (its PRPACK solver) runs on OpenMP -- the ``libgomp`` shipped in
igraph's wheel -- and numpy and scipy on OpenBLAS; by default each starts one thread per
core. When other processes keep the cores busy (test workers, a second job) those
threads wait for each other at every synchronisation point, spinning first (libgomp's
default wait policy), and a call stalls. Measured on two cores with a load average of
3 to 7: PageRank of a 125,000-actor snapshot took a median 1.27-1.62 s on two threads
against 0.35-0.47 s on one; the 39 yearly snapshots of a million ties with degree,
PageRank, k-core and E-I took 24-65 s against 12-17 s (the code before issue 10).

So bioregion runs these libraries on **one thread** unless told otherwise:

* ``BIOREGION_THREADS=N`` in the environment, or :func:`set_threads` (``N`` threads for
  every later call), or ``with thread_limit(N):`` (for the calls of one block);
* ``BIOREGION_THREADS=0`` or ``set_threads(None)``: leave the libraries' own settings
  (``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``, else one thread per core).

The limit is applied (with threadpoolctl) around each compiled call that can start
threads and restored after it, in the calling thread, so code outside bioregion keeps its
own settings and a limit set in one thread holds for calls made from other threads too.

A wait policy can only be chosen before the OpenMP runtime starts. When
``BIOREGION_THREADS`` asks for more than one thread, ``OMP_WAIT_POLICY`` is not set and
igraph is not imported yet, importing :mod:`bioregion.network` sets
``OMP_WAIT_POLICY=PASSIVE``: waiting threads then sleep instead of spinning (on the same
busy machine two passive threads took a median 0.36-0.44 s, as one thread). Otherwise
export ``OMP_WAIT_POLICY=PASSIVE`` yourself before starting Python when you raise the
threads on a shared machine.

This module is private; its names are public so that the measure modules share them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from bioregion.errors import ArgumentError

__all__ = [
    "DEFAULT_THREADS",
    "ENV_VAR",
    "compiled_threads",
    "get_threads",
    "prefer_passive_wait",
    "set_threads",
    "thread_limit",
    "threads_from_env",
]

#: The environment variable read for the number of threads.
ENV_VAR = "BIOREGION_THREADS"
#: Threads when neither the environment nor :func:`set_threads` says otherwise.
DEFAULT_THREADS = 1
_UNSET: Any = object()
_setting: dict[str, Any] = {"threads": _UNSET}  # set_threads; _UNSET: read ENV_VAR
_block: ContextVar[Any] = ContextVar("bioregion_thread_limit", default=_UNSET)


def _checked(threads: Any, where: str) -> int | None:
    """``threads`` as a positive int or None (no limit); ArgumentError otherwise."""
    if threads is None:
        return None
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ArgumentError(
            f"{where}: give a number of threads >= 1, or None to leave the libraries' own "
            f"settings (got {threads!r})"
        )
    return threads


def threads_from_env(value: str | None) -> int | None:
    """The thread setting of a ``BIOREGION_THREADS`` value: unset or empty -> 1,
    ``"0"`` -> None (no limit), ``"N"`` -> N.

    >>> threads_from_env(None), threads_from_env("0"), threads_from_env(" 4 ")
    (1, None, 4)
    """
    text = (value or "").strip()
    if not text:
        return DEFAULT_THREADS
    if not text.isdigit():
        raise ArgumentError(
            f"{ENV_VAR}={value!r}: give a whole number of threads (1, 2, ...), or 0 to leave "
            "the libraries' own thread settings"
        )
    return int(text) or None


def get_threads() -> int | None:
    """The number of threads bioregion's compiled calls use now (None: not limited).

    The innermost :func:`thread_limit` block, else :func:`set_threads`, else
    ``BIOREGION_THREADS``, else 1.

    >>> with thread_limit(3):
    ...     get_threads()
    3
    """
    threads = _block.get()
    if threads is _UNSET:
        threads = _setting["threads"]
    if threads is _UNSET:
        threads = threads_from_env(os.environ.get(ENV_VAR))
    return threads


def set_threads(threads: int | None) -> int | None:
    """Set how many threads the compiled libraries under bioregion's measures may use.

    Parameters
    ----------
    threads : int or None
        A number >= 1 (1 is the default: robust when other processes share the
        cores), or None to leave the libraries' own settings (``OMP_NUM_THREADS``,
        ``OPENBLAS_NUM_THREADS``, else one thread per core).

    Returns
    -------
    int or None
        The previous setting (:func:`get_threads` outside any :func:`thread_limit`).

    Notes
    -----
    It overrides ``BIOREGION_THREADS`` for the whole process. More than one thread pays
    off only on cores nothing else uses; on a shared machine export
    ``OMP_WAIT_POLICY=PASSIVE`` before Python starts (see :mod:`bioregion.network`).

    Examples
    --------
    >>> previous = set_threads(2)
    >>> get_threads()
    2
    >>> set_threads(previous)
    2
    """
    threads = _checked(threads, "set_threads")
    previous = _setting["threads"]
    if previous is _UNSET:
        previous = threads_from_env(os.environ.get(ENV_VAR))
    _setting["threads"] = threads
    return previous


@contextlib.contextmanager
def thread_limit(threads: int | None) -> Iterator[None]:
    """Within the block, bioregion's compiled calls use ``threads`` threads (None: the
    libraries' own settings); the previous setting returns after it.

    The block's setting holds in the thread (and asyncio task) that entered it.

    Examples
    --------
    >>> import igraph as ig
    >>> from bioregion.network import pagerank
    >>> with thread_limit(2):
    ...     round(float(pagerank(ig.Graph.Ring(4))["pagerank"].sum()), 6)
    1.0
    """
    token = _block.set(_checked(threads, "thread_limit"))
    try:
        yield
    finally:
        _block.reset(token)


@functools.cache
def _controller() -> Any:
    """threadpoolctl's view of the thread pools loaded now (found once: ~25 ms)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextlib.contextmanager
def compiled_threads() -> Iterator[None]:
    """Run the block's compiled calls with :func:`get_threads` threads, then restore."""
    threads = get_threads()
    if threads is None:
        yield
        return
    with _controller().limit(limits=threads):
        yield


def prefer_passive_wait() -> bool:
    """Set ``OMP_WAIT_POLICY=PASSIVE`` when ``BIOREGION_THREADS`` asks for several
    threads, the policy is not set and igraph (its OpenMP runtime) is not loaded yet.

    Returns whether it set the variable. Called once, when :mod:`bioregion.network` is
    imported; the policy is read when the OpenMP runtime starts and never again.
    """
    value = os.environ.get(ENV_VAR, "").strip()
    if not value.isdigit() or int(value) < 2 or "OMP_WAIT_POLICY" in os.environ:
        return False
    if "igraph" in sys.modules:
        return False
    os.environ["OMP_WAIT_POLICY"] = "PASSIVE"
    return True


prefer_passive_wait()  # at import: bioregion.network imports this module before igraph
