"""The store's columnar read API: ``Store.frame(name, columns)`` (issue 8).

The oracle is the store's own record API (``Store.dataset()``), which reads the same
tables through a different path (row mappings converted to records). Runs on SQLite and,
when ``BIOREGION_TEST_POSTGRES`` is set, on PostgreSQL.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import event

from bioregion import Store
from bioregion.errors import ArgumentError
from bioregion.model import PartialDate
from bioregion.model.records import field_kinds
from bioregion.store.frames import FRAME_RECORDS, frame_columns
from tests.store._factory import dataset, held

NAMES = ["actors", "events", "participations", "sources", "ties"]


@pytest.fixture
def full(store: Store) -> Store:
    store.write(dataset())
    return store


def expected_row(record: Any) -> dict[str, Any]:
    """A record as the frame should show it (the conventions of bioregion.store.frames)."""
    row: dict[str, Any] = {}
    for field, kind in field_kinds(type(record)).items():
        if field == "sources":
            continue
        value = getattr(record, field)
        if kind == "date":
            row[field] = pd.Timestamp(value.first_day) if value else pd.NaT
            row[f"{field}_precision"] = value.precision.value if value else ""
        elif kind == "float":
            row[field] = math.nan if value is None else value
        elif kind == "list":
            row[field] = tuple(value)
        else:
            row[field] = value
    return row


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12)
    if a is pd.NaT or b is pd.NaT:
        return a is b
    return a == b


@pytest.mark.parametrize("name", NAMES)
def test_each_frame_holds_what_the_records_hold(full: Store, name: str):
    frame = full.frame(name)
    assert tuple(frame.columns) == frame_columns(name)
    records = held(full)[name]
    assert len(frame) == len(records) > 0
    keys = list(FRAME_RECORDS[name].key_fields)
    rows = frame.sort_values(keys).to_dict("records")
    for record, row in zip(records, rows, strict=True):
        wanted = expected_row(record)
        assert list(row) == list(wanted)
        wrong = {c: (row[c], wanted[c]) for c in wanted if not same(row[c], wanted[c])}
        assert wrong == {}, record.key


def test_frames_use_field_names_and_decoded_values(full: Store):
    ties = full.frame("ties").set_index("id")
    assert "source_id" not in ties.columns and "tags" in ties.columns
    licence = ties.loc["t-lic-ablynx-sanofi"]
    assert (licence["source"], licence["target"]) == ("ablynx", "sanofi")
    assert licence["start"] == pd.Timestamp("2009-01-15") and licence["start_precision"] == "day"
    assert licence["tags"] == ("deal",) and licence["total"] == 1.2e9
    assert ties.loc["t-codev-bone-sanofi", "end"] == pd.Timestamp("2016-01-01")
    assert ties.loc["t-codev-bone-sanofi", "end_precision"] == "year"
    assert pd.isna(ties.loc["t-rd-ugent-vib", "end"])
    assert ties.loc["t-rd-ugent-vib", "end_precision"] == ""
    actors = full.frame("actors").set_index("id")
    assert actors.loc["ablynx", "identifiers"] == {"cik": "1700000", "kbo": "0475.295.446"}
    assert actors.loc["ablynx", "tags"] == ("nanobodies", "nbf")
    assert actors.loc["sanofi", "tags"] == ()
    assert str(actors["founded"].dtype) == "datetime64[s]"
    assert actors["lat"].dtype == float and math.isnan(actors.loc["gimv", "lat"])


def test_columns_pick_a_subset_in_the_order_asked(full: Store):
    frame = full.frame("ties", ["target", "id", "end", "end_precision"])
    assert list(frame.columns) == ["target", "id", "end", "end_precision"]
    assert frame.set_index("id").loc["t-spin-ablynx", "end"] == pd.Timestamp("2001-07-04")
    assert list(full.frame("actors", "name").columns) == ["name"]


def test_each_frame_is_one_query(full: Store):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(full.engine, "before_cursor_execute", count)
    try:
        for name in NAMES:
            full.frame(name)
    finally:
        event.remove(full.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == len(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_an_empty_store_gives_typed_empty_frames(store: Store, name: str):
    frame = store.frame(name)
    assert frame.empty and tuple(frame.columns) == frame_columns(name)
    kinds = field_kinds(FRAME_RECORDS[name])
    for column in frame.columns:
        if kinds.get(column) == "date":
            assert str(frame[column].dtype) == "datetime64[s]"
        elif kinds.get(column) == "float":
            assert frame[column].dtype == float


def test_rows_come_in_key_order_on_sqlite(sqlite_store: Store):
    sqlite_store.write(dataset())
    assert sqlite_store.frame("ties", ["id"])["id"].is_monotonic_increasing
    parts = sqlite_store.frame("participations", ["event", "actor", "role"])
    assert list(parts.itertuples(index=False)) == sorted(parts.itertuples(index=False))


@pytest.mark.parametrize("name", NAMES)
def test_object_text_holds_the_same_values_as_python_strings(full: Store, name: str):
    text = full.frame(name)
    plain = full.frame(name, text="object")
    assert list(plain.columns) == list(text.columns)
    for column in text.columns:
        if str(text[column].dtype) == "str":
            assert plain[column].dtype == object, column
            assert all(type(v) is str for v in plain[column]), column
            assert plain[column].tolist() == text[column].tolist(), column
        else:
            assert plain[column].dtype == text[column].dtype, column
    with pytest.raises(ArgumentError, match="text='arrow'"):
        full.frame(name, text="arrow")


def test_unknown_frames_and_columns_say_what_exists(store: Store):
    with pytest.raises(ArgumentError, match=r"no frame named 'tie'.*actors, events"):
        store.frame("tie")
    with pytest.raises(ArgumentError, match=r"no column\(s\) 'source_id'.*source, target"):
        store.frame("ties", ["id", "source_id"])
    with pytest.raises(ArgumentError, match="at least one column"):
        store.frame("ties", [])


def test_partial_dates_round_trip_through_first_day_and_precision(full: Store):
    ties = full.frame("ties", ["id", "start", "start_precision"]).set_index("id")
    for tie in held(full)["ties"]:
        day, precision = ties.loc[tie.id, "start"], ties.loc[tie.id, "start_precision"]
        assert PartialDate.from_parts(day.date(), precision) == tie.start
