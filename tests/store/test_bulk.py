"""Column-wise writes (:mod:`bioregion.store.bulk`) store what the record writer stores.

The same records go through :meth:`Store.write` (records, one by one) in one store and
through :meth:`Store.bulk_session` (row tables) in another of the same backend; every
table must end up the same, with the same counts and change log. Loading an empty store
drops and rebuilds its indexes (and, on PostgreSQL, its foreign keys): the schema must
come back as it was, and a failure must leave the store as it was.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from bioregion.model.dataset import Dataset
from bioregion.model.records import RECORD_TYPES, Record
from bioregion.store import Store, database_url
from bioregion.store.bulk import RowTable, last_of_each, row_columns
from bioregion.store.schema import metadata
from tests.store._factory import dataset as factory_dataset


def dataset() -> Dataset:
    """The factory's dataset as :meth:`Store.write` turns it before writing: sources
    cited by URL made into source records, actors located from their point (the
    importer's fast path does the same before it writes row tables)."""
    return factory_dataset().cite_urls().locate_actors()


def tables_of(data: Dataset) -> dict[type[Record], RowTable]:
    return {t: RowTable.from_records(t, data.records(t)) for t in RECORD_TYPES}


def rows(store: Store) -> dict[str, list[tuple]]:
    """Every table's rows in key order (batches without their times)."""
    out = {}
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            names = [c.name for c in table.columns if c.name not in ("started_at", "finished_at")]
            keys = ", ".join(c.name for c in table.primary_key.columns)
            query = f"SELECT {', '.join(names)} FROM {table.name} ORDER BY {keys}"
            out[table.name] = [tuple(r) for r in conn.exec_driver_sql(query)]
    return out


def schema(store: Store) -> dict[str, Any]:
    """Indexes and foreign keys of every table, as the database reports them."""
    found = inspect(store.engine)
    return {
        name: (
            sorted((i["name"], tuple(i["column_names"])) for i in found.get_indexes(name)),
            sorted(
                (k["name"], tuple(k["constrained_columns"]), k["referred_table"], str(k["options"]))
                for k in found.get_foreign_keys(name)
            ),
        )
        for name in sorted(found.get_table_names())
    }


def emptied(target: str) -> None:
    """Remove the store at ``target`` (a SQLite file, or every table of a database)."""
    if "://" not in target:
        Path(target).unlink()
        return
    engine = create_engine(database_url(target))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def bulk_write(store: Store, data: Dataset, label: str = "bulk") -> dict:
    with store.bulk_session() as session:
        return session.write(tables_of(data), label=label, files=[]).counts


def test_row_tables_round_trip() -> None:
    data = dataset()
    for rtype in RECORD_TYPES:
        table = RowTable.from_records(rtype, data.records(rtype))
        assert tuple(table.columns) == row_columns(rtype)
        assert [table.record(i) for i in range(len(table))] == data.records(rtype)


def test_last_of_each_keeps_the_last_record_in_first_order() -> None:
    assert last_of_each(["a", "b", "c"]) == range(3)
    assert last_of_each(["a", "b", "a", "c", "b"]) == [2, 4, 3]


@pytest.mark.parametrize("whole_tables", [False, True], ids=["by-key", "whole-tables"])
def test_bulk_write_stores_what_the_record_writer_stores(
    store_target: str, whole_tables: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First into an empty store, then an update (a value that varies, one that all
    records share, sources, a new record), then again: rows, counts and change log
    agree. Stored rows are read by key, or whole tables at once (as for big imports)."""
    import bioregion.store.bulk as bulk

    if whole_tables:
        monkeypatch.setattr(bulk, "FULL_SCAN_KEYS", 1)
    else:
        monkeypatch.setattr(bulk, "FULL_SCAN_KEYS", 10**9)
        monkeypatch.setattr(bulk, "WHOLE_SHARE", float("inf"))
    data = dataset()
    shared = dataset()  # one value that every tie shares changes
    shared.ties = [replace(t, confidence="medium") for t in shared.ties]
    resourced = dataset()  # only the order of a tie's sources changes
    resourced.ties = list(shared.ties)
    resourced.ties[3] = replace(resourced.ties[3], sources=resourced.ties[3].sources[::-1])
    changed = dataset()  # a value that varies, sources dropped, a record added
    changed.ties = list(resourced.ties)
    changed.ties[0] = replace(changed.ties[0], upfront=1.0, currency="EUR", sources=())
    changed.actors[1] = replace(changed.actors[1], name="Renamed", tags=("new",))
    changed.actors.append(replace(changed.actors[0], id="another"))
    steps = (data, shared, resourced, changed, changed)
    assert len(data.ties[3].sources) > 1
    with Store.open(store_target, create=True) as expected:
        counts = [expected.write(d, label="bulk").counts for d in steps]
        want = rows(expected)
        want_changes = [{k: v for k, v in c.items() if k != "id"} for c in expected.changes()]
    emptied(store_target)
    with Store.open(store_target, create=True) as store:
        assert [bulk_write(store, d) for d in steps] == counts
        assert rows(store) == want
        assert [{k: v for k, v in c.items() if k != "id"} for c in store.changes()] == want_changes
    assert counts[1]["tie"]["updated"] == sum(t.confidence != "medium" for t in data.ties)
    assert counts[2]["tie"]["updated"] == 1
    assert counts[4] == {
        name: {"created": 0, "updated": 0, "unchanged": len(changed.records(t))}
        for name, t in ((t.kind_name, t) for t in RECORD_TYPES)
    }


def test_an_import_of_some_stored_records_reads_whole_tables(
    store_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whole tables read for a few of their records: the others are left alone."""
    import bioregion.store.bulk as bulk

    monkeypatch.setattr(bulk, "FULL_SCAN_KEYS", 1)
    data = dataset()
    part = Dataset(sources=data.sources, actors=data.actors, ties=data.ties[:3])
    part.ties[2] = replace(part.ties[2], confidence="low")
    with Store.open(store_target, create=True) as store:
        bulk_write(store, data)
        counts = bulk_write(store, part)
        assert counts["tie"] == {"created": 0, "updated": 1, "unchanged": 2}
        assert store.counts()["tie"] == len(data.ties)
        assert [c["record_key"] for c in store.changes()] == [part.ties[2].id]


def test_loading_an_empty_store_keeps_its_schema(store_target: str) -> None:
    """Enough ties to drop and rebuild the indexes (and PostgreSQL's foreign keys)."""
    data = dataset()
    base = data.ties[0]
    data.ties = [replace(base, id=f"t{i}") for i in range(1500)]
    with Store.open(store_target, create=True) as store:
        before = schema(store)
        bulk_write(store, data)
        assert schema(store) == before
        assert store.counts()["tie"] == 1500


def test_a_failed_bulk_write_changes_nothing(store_target: str) -> None:
    data = dataset()
    data.ties = [replace(data.ties[0], id=f"t{i}") for i in range(1500)]
    with Store.open(store_target, create=True) as store:
        before_schema, before_rows = schema(store), rows(store)
        with pytest.raises(RuntimeError), store.bulk_session() as session:
            session.write(tables_of(data), label="x", files=[])
            raise RuntimeError("stop after writing")
        assert rows(store) == before_rows
        assert schema(store) == before_schema


@pytest.mark.parametrize("fresh", [True, False], ids=["empty-store", "loaded-store"])
def test_a_dangling_reference_is_refused_by_the_database(store_target: str, fresh: bool) -> None:
    """The caller checks references; if it did not, the database still would: row by
    row, or at once after loading an empty SQLite store. Either way nothing is written,
    and SQLite checks foreign keys row by row again afterwards."""
    data = dataset()
    data.ties = [replace(data.ties[0], id=f"t{i}", target="nobody") for i in range(1500)]
    with Store.open(store_target, create=True) as store:
        if not fresh:
            store.write(Dataset(sources=data.sources, actors=data.actors))
        before = rows(store)
        with pytest.raises(Exception, match=r"nobody|foreign key|FOREIGN KEY"):
            bulk_write(store, data)
        assert rows(store) == before
        if store.engine.dialect.name == "sqlite":
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
