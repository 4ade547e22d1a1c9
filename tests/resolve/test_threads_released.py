"""Scoring leaves no DuckDB thread pool behind: the report forks its workers afterwards
(``bioregion build`` resolves, then reports, in one process)."""

from __future__ import annotations

import os
import sys

import pytest

pytest.importorskip("splink")

from bioregion.resolve import prepare_records, score_pairs


@pytest.mark.skipif(sys.platform != "linux", reason="counts threads in /proc/self/task")
def test_scoring_closes_every_duckdb_connection(sample_actors):
    records = prepare_records(sample_actors.head(400))
    before = len(os.listdir("/proc/self/task"))
    found = score_pairs(records, threshold=0.7)
    assert len(found) > 0  # it did score pairs
    # an open DuckDB connection keeps one thread per core (and more): none may remain
    assert len(os.listdir("/proc/self/task")) <= before
