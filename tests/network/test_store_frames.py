"""Events and participations read from a store through its columnar API (issue 8).

Before, ``events_frame(store)`` and ``participations_frame(store)`` built one record per
row (``Store.events()``); now every frame is one SQL query, and equals the frame of the
same dataset read from records.
"""

from __future__ import annotations

import pandas as pd
import pytest

from bioregion.model import Dataset
from bioregion.network import (
    TemporalNetwork,
    actors_frame,
    events_frame,
    participations_frame,
    ties_frame,
)
from bioregion.store import Store
from tests.network.test_temporal import dataset


@pytest.fixture
def filled_store(sqlite_store: Store) -> Store:
    sqlite_store.write(dataset())
    return sqlite_store


def _by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys, ignore_index=True)


def test_events_and_participations_from_store_equal_those_from_records(filled_store: Store):
    data: Dataset = dataset()
    pd.testing.assert_frame_equal(
        _by(events_frame(filled_store), ["id"]), _by(events_frame(data), ["id"])
    )
    keys = ["event", "actor", "role"]
    pd.testing.assert_frame_equal(
        _by(participations_frame(filled_store), keys), _by(participations_frame(data), keys)
    )


def test_no_frame_builds_records(filled_store: Store, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("records were built")

    for method in ("ties", "actors", "events", "participations", "sources", "_read"):
        monkeypatch.setattr(Store, method, fail)
    assert len(events_frame(filled_store)) == 2
    assert len(participations_frame(filled_store)) == 6
    assert len(ties_frame(filled_store)) == 6 and len(actors_frame(filled_store)) == 6
    net = TemporalNetwork.from_store(filled_store, include_events=True)
    assert net.graph(at=2010).ecount() > 0
