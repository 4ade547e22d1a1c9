"""The settings Splink work runs in: its logging held back, its DuckDB closed after."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def quiet_splink() -> Iterator[None]:
    """Splink's log messages (its advice on training) held back while the block runs."""
    logger = logging.getLogger("splink")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def duckdb_session() -> Iterator[Any]:
    """A DuckDB connection for one piece of Splink work, closed afterwards with every
    other connection Splink opened for it.

    An open DuckDB keeps a pool of threads, and a process holding such threads must not
    fork (the report forks its workers; a fork copies only the forking thread, so a lock
    another thread holds stays locked in the child). Splink's DuckDB API opens a helper
    connection of its own and its objects refer to each other in cycles, so they are
    freed, and their connections closed, only when the garbage collector runs: it is run
    here.
    """
    import duckdb

    connection = duckdb.connect(":memory:")
    try:
        yield connection
    finally:
        connection.close()
        gc.collect()


__all__ = ["duckdb_session", "quiet_splink"]
