"""Writing many records at once, column by column (the importer's fast path).

A :class:`RowTable` holds the records of one type in the store's row form (the columns
:func:`~bioregion.store.convert.to_row` gives, dates as ISO text ``YYYY-MM-DD``), one
list per column, with the source ids each record cites. :meth:`Store.bulk_session
<bioregion.store.Store.bulk_session>` opens one write transaction as a
:class:`BulkSession`: first what the store already holds (for the reference checks of
the caller), then :meth:`BulkSession.write`, which stores the tables with the outcome
:class:`~bioregion.store.writer.Writer` has on the same records: the same rows and source
links, the same created / updated / unchanged counts and the same change log.

How it is faster: stored rows are read and compared a table at a time (no record objects);
new rows are inserted with the driver's ``executemany`` (SQLite) or ``COPY`` (PostgreSQL);
the indexes of a table that was empty are built once after loading it instead of row by
row. Only changed records become record objects, and go through the writer's update,
which logs each change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import groupby, repeat
from operator import and_, eq, itemgetter
from typing import Any

from sqlalchemy import Connection, String, cast, func, or_, select

from bioregion.errors import StoreError
from bioregion.model.records import RECORD_TYPES, Actor, Event, Record, Source
from bioregion.store.convert import from_row, row_plan, to_row
from bioregion.store.repeats import remember
from bioregion.store.schema import SOURCE_LINKS, TABLES, column_name
from bioregion.store.writer import (
    FULL_SCAN_KEYS,
    BatchReport,
    Progress,
    Writer,
    chunks,
    fetch_existing,
    finish_batch,
    source_ids_by_url,
    start_batch,
)

#: Rows written between two progress reports (as :class:`~bioregion.store.writer.Writer`).
WRITE_CHUNK = 5000
#: An empty table gets its indexes after loading when at least this many rows go in.
INDEXES_AFTER_ROWS = 1000
#: Stored records are read a whole table at once when those asked for are more than
#: ``FULL_SCAN_KEYS`` or at least this share of the table, else by key.
WHOLE_SHARE = 0.5


@cache
def row_columns(rtype: type[Record]) -> tuple[str, ...]:
    """The columns of a record type's row form, in the order of its fields.

    >>> row_columns(Source)[:5]
    ('id', 'url', 'title', 'publisher', 'published_date')
    """
    out: list[str] = []
    for _, kind, name in row_plan(rtype):
        out += [f"{name}_date", f"{name}_precision"] if kind == "date" else [name]
    return tuple(out)


@cache
def key_columns(rtype: type[Record]) -> tuple[str, ...]:
    """The columns of a record type's natural key (``id``; a participation's three)."""
    return tuple(column_name(rtype, k) for k in rtype.key_fields)


@cache
def date_columns(rtype: type[Record]) -> frozenset[str]:
    """The ``<name>_date`` columns of a record type."""
    return frozenset(f"{name}_date" for _, kind, name in row_plan(rtype) if kind == "date")


def pick(values: Sequence[Any], indexes: Sequence[int]) -> Sequence[Any]:
    """``values`` at ``indexes`` (a slice when they run on without a gap)."""
    if isinstance(indexes, range) and indexes.step == 1:
        return values[indexes.start : indexes.stop]
    if len(indexes) == 1:
        return [values[indexes[0]]]
    return itemgetter(*indexes)(values) if indexes else []


@dataclass
class RowTable:
    """Records of one type in row form, column by column (see the module docstring).

    ``columns`` maps every column of :func:`row_columns` to one value per record;
    ``sources`` holds the source ids each record cites (``()`` for sources).
    """

    rtype: type[Record]
    columns: dict[str, list[Any]]
    sources: list[tuple[str, ...]]

    @classmethod
    def empty(cls, rtype: type[Record]) -> RowTable:
        return cls(rtype, {c: [] for c in row_columns(rtype)}, [])

    @classmethod
    def from_records(cls, rtype: type[Record], records: Sequence[Record]) -> RowTable:
        """The records (all of type ``rtype``) in row form."""
        table = cls.empty(rtype)
        for record in records:
            for name, value in to_row(record).items():
                table.columns[name].append(
                    value.isoformat() if isinstance(value, dt.date) else value
                )
            table.sources.append(getattr(record, "sources", ()))
        return table

    def __len__(self) -> int:
        return len(self.sources)

    def keys(self) -> list[Any]:
        """Each record's natural key: the id, or a tuple for a participation."""
        cols = key_columns(self.rtype)
        if len(cols) == 1:
            return self.columns[cols[0]]
        return list(zip(*(self.columns[c] for c in cols), strict=True))

    def rows(self, indexes: Sequence[int] | None = None) -> Iterator[tuple[Any, ...]]:
        """The rows (tuples in :func:`row_columns` order) of all or some records."""
        cols = self.columns.values()
        if indexes is None:
            return zip(*cols, strict=True)
        return zip(*(pick(c, indexes) for c in cols), strict=True)

    def mapping(self, index: int) -> dict[str, Any]:
        """One record's row as :func:`~bioregion.store.convert.from_row` reads it."""
        dates = date_columns(self.rtype)
        return {
            c: dt.date.fromisoformat(v[index]) if c in dates and v[index] else v[index]
            for c, v in self.columns.items()
        }

    def record(self, index: int) -> Record:
        """One record as a record object."""
        return from_row(self.rtype, self.mapping(index), self.sources[index])

    def extend(self, other: RowTable) -> None:
        """Append the records of ``other`` (taking its lists when this table is empty)."""
        if not len(self):
            self.columns, self.sources = other.columns, other.sources
            return
        for name, values in self.columns.items():
            values.extend(other.columns[name])
        self.sources.extend(other.sources)

    def keep(self, indexes: Sequence[int]) -> None:
        """Keep only the records at ``indexes``, in that order."""
        self.columns = {c: list(pick(v, indexes)) for c, v in self.columns.items()}
        self.sources = list(pick(self.sources, indexes))


@dataclass
class Known:
    """What the store holds that references may point to: actor ids with the first day
    of their founding date (ISO text, ``None`` when unknown), event ids and source ids."""

    actors: dict[str, str | None]
    events: set[str]
    sources: set[str]


def last_of_each(keys: Sequence[Any]) -> Sequence[int]:
    """The index of the last record of each key, keys in the order they first appear
    (what ``{r.key: r for r in records}`` keeps)."""
    if len(set(keys)) == len(keys):
        return range(len(keys))
    return list({k: i for i, k in enumerate(keys)}.values())


class BulkSession:
    """One write transaction of the importer's fast path (see the module docstring)."""

    def __init__(
        self,
        conn: Connection,
        progress: Progress | None = None,
        *,
        foreign_keys_deferred: bool = False,
    ) -> None:
        self.conn = conn
        self.progress = progress
        self.foreign_keys_deferred = foreign_keys_deferred

    def known(self) -> Known:
        """Stored actor ids (with founding dates), event ids and source ids."""
        actors, events, sources = TABLES[Actor], TABLES[Event], TABLES[Source]
        founded = cast(actors.c.founded_date, String)
        return Known(
            actors=dict(self.conn.execute(select(actors.c.id, founded)).all()),  # type: ignore[arg-type]
            events={e for (e,) in self.conn.execute(select(events.c.id))},
            sources={s for (s,) in self.conn.execute(select(sources.c.id))},
        )

    def source_ids_by_url(self, urls: set[str]) -> dict[str, str]:
        """The ids of stored sources with these URLs (the first id when several share one)."""
        return source_ids_by_url(self.conn, urls)

    def write(
        self, tables: dict[type[Record], RowTable], *, label: str, files: list[dict]
    ) -> BatchReport:
        """Store the tables as one recorded batch; the counts of each record type."""
        from bioregion._version import __version__

        batch_id = start_batch(self.conn, label, files, __version__)
        counts = {}
        for rtype in RECORD_TYPES:
            table = tables.get(rtype) or RowTable.empty(rtype)
            counts[rtype.kind_name] = self._write_type(table, batch_id)
        if self.foreign_keys_deferred:
            references_after_loading(self.conn)
        finish_batch(self.conn, batch_id, counts)
        return BatchReport(batch_id=batch_id, counts=counts, files=files)

    def remember_repeat(
        self,
        batch: BatchReport,
        print_: str,
        given_sources: int,
        warnings: Sequence[str],
    ) -> None:
        """Record what importing the same files again right after ``batch`` would report
        (:mod:`bioregion.store.repeats`): every record unchanged, the sources cited by URL
        alone not counted again (they are stored now; ``given_sources``: the distinct
        source records the files gave)."""
        counts = {}
        for name, c in batch.counts.items():
            seen = given_sources if name == Source.kind_name else sum(c.values())
            counts[name] = {"created": 0, "updated": 0, "unchanged": seen}
        remember(self.conn, batch.batch_id, print_, counts, warnings)

    def _write_type(self, table: RowTable, batch_id: int) -> dict[str, int]:
        rtype = table.rtype
        if not len(table):
            return {"created": 0, "updated": 0, "unchanged": 0}
        keys = table.keys()
        unique = last_of_each(keys)
        empty = self.conn.execute(select(1).select_from(TABLES[rtype]).limit(1)).first() is None
        new, changed = (unique, []) if empty else self._compare(table, keys, unique)
        total, done = len(new) + len(changed), 0
        with indexes_after_loading(self.conn, rtype, empty and len(new) >= INDEXES_AFTER_ROWS):
            for part in chunks(new, WRITE_CHUNK):
                self._insert(table, keys, part, batch_id)
                done += len(part)
                self._report(rtype, done, total)
        if changed:
            writer = Writer(self.conn, batch_id)
            key_of = {
                i: k if isinstance(k, tuple) else (k,)
                for i, k in zip(changed, pick(keys, changed), strict=True)
            }
            stored = fetch_existing(self.conn, rtype, list(key_of.values()))
            for part in chunks(changed, WRITE_CHUNK):
                writer.update(rtype, [(stored[key_of[i]], table.record(i)) for i in part])
                done += len(part)
                self._report(rtype, done, total)
        unchanged = len(unique) - len(new) - len(changed)
        return {"created": len(new), "updated": len(changed), "unchanged": unchanged}

    def _report(self, rtype: type[Record], done: int, total: int) -> None:
        if self.progress:
            self.progress(rtype.kind_name, done, total)

    def _compare(
        self, table: RowTable, keys: Sequence[Any], unique: Sequence[int]
    ) -> tuple[list[int], list[int]]:
        """The records not stored yet, and those stored with other content."""
        wanted = list(pick(keys, unique))
        stored = self.conn.execute(select(func.count()).select_from(TABLES[table.rtype]))
        whole = len(wanted) > FULL_SCAN_KEYS or len(wanted) >= WHOLE_SHARE * stored.scalar_one()
        if whole and stored_as_given(self.conn, table, unique, wanted):
            return [], []
        fetched, links = fetch_stored(self.conn, table.rtype, wanted, whole)
        stored, cited = by_key(table.rtype, fetched, links)
        olds = list(map(stored.get, wanted))
        same = list(map(eq, olds, table.rows(unique)))
        if table.rtype in SOURCE_LINKS:
            was_cited = map(cited.get, wanted, repeat(()))
            same = list(map(and_, same, map(eq, was_cited, pick(table.sources, unique))))
        if all(same):
            return [], []
        new, changed = [], []
        for j in [j for j, s in enumerate(same) if not s]:
            (new if olds[j] is None else changed).append(unique[j])
        return new, changed

    def _insert(
        self, table: RowTable, keys: Sequence[Any], indexes: Sequence[int], batch_id: int
    ) -> None:
        rtype = table.rtype
        names = (*row_columns(rtype), "created_batch", "updated_batch")
        values = [pick(v, indexes) for v in table.columns.values()]
        rows = list(zip(*values, repeat(batch_id), repeat(batch_id)))
        insert_rows(self.conn, TABLES[rtype].name, names, rows)
        link = SOURCE_LINKS.get(rtype)
        if link is None:
            return
        lnames = (*(f"record_{c}" for c in key_columns(rtype)), "position", "source_id")
        links = link_rows(rtype, pick(keys, indexes), pick(table.sources, indexes))
        if links:
            insert_rows(self.conn, link.name, lnames, links)


def stored_as_given(
    conn: Connection, table: RowTable, indexes: Sequence[int], keys: list[Any]
) -> bool:
    """Whether the store holds exactly the records of ``table`` at ``indexes`` (with
    these keys), in that order, with the same sources: what an unchanged import finds.

    Read with as few columns as tell: a column that holds one value in all the given
    records is compared by one count in the database, the other columns are read and
    compared row by row. ``False`` says only that it cannot tell so.
    """
    rtype, sql = table.rtype, TABLES[table.rtype]
    dates = date_columns(rtype)
    given = {c: pick(v, indexes) for c, v in table.columns.items()}

    def stored(column: str) -> Any:
        return cast(sql.c[column], String) if column in dates else sql.c[column]

    same = {
        c: v[0]
        for c, v in given.items()
        if c not in key_columns(rtype) and v and v.count(v[0]) == len(v)
    }
    if same:
        differ = or_(*(stored(c).is_distinct_from(value) for c, value in same.items()))
        if conn.execute(select(func.count()).select_from(sql).where(differ)).scalar():
            return False
    read = [c for c in row_columns(rtype) if c not in same]
    rows = fetch_tuples(conn, select(*(stored(c) for c in read)))
    if len(rows) != len(indexes) or not all(
        map(eq, rows, zip(*(given[c] for c in read), strict=True))
    ):
        return False
    if rtype not in SOURCE_LINKS:
        return True
    links = fetch_tuples(conn, _link_query(rtype))
    expected = link_rows(rtype, keys, pick(table.sources, indexes))
    return links == expected or sorted(links) == sorted(expected)  # updated: links last


def link_rows(
    rtype: type[Record], keys: Sequence[Any], cited: Sequence[tuple[str, ...]]
) -> list[tuple]:
    """The rows of a record type's link table for records with these keys citing these
    sources: key columns, position, source id (in the order they are inserted)."""
    if len(key_columns(rtype)) == 1:
        if set(map(len, cited)) == {1}:  # one source each, the usual case
            return list(zip(keys, repeat(0), map(itemgetter(0), cited)))
        return [
            (k, n, sid)
            for k, sources in zip(keys, cited, strict=True)
            for n, sid in enumerate(sources)
        ]
    return [
        (*k, n, sid)
        for k, sources in zip(keys, cited, strict=True)
        for n, sid in enumerate(sources)
    ]


def fetch_stored(
    conn: Connection, rtype: type[Record], keys: list[Any], whole: bool
) -> tuple[list[tuple], list[tuple]]:
    """The stored rows (row-form tuples, dates as ISO text) and link rows (see
    :func:`link_rows`) of records with these keys (keys as :meth:`RowTable.keys` gives
    them); of every record when ``whole`` (quicker when the keys are many)."""
    table, link = TABLES[rtype], SOURCE_LINKS.get(rtype)
    cols, kcols = row_columns(rtype), key_columns(rtype)
    dates = date_columns(rtype)
    selected = [cast(table.c[c], String) if c in dates else table.c[c] for c in cols]
    if whole:  # rows of other keys are never asked for
        queries, lqueries = [select(*selected)], [_link_query(rtype)] if link is not None else []
    else:
        firsts = sorted({k if len(kcols) == 1 else k[0] for k in keys})
        queries = [select(*selected).where(table.c[kcols[0]].in_(c)) for c in chunks(firsts)]
        lqueries = [_link_query(rtype, c) for c in chunks(firsts)] if link is not None else []
    fetched = [row for query in queries for row in fetch_tuples(conn, query)]
    links = [row for query in lqueries for row in fetch_tuples(conn, query)] if fetched else []
    return fetched, links


def by_key(
    rtype: type[Record], fetched: list[tuple], links: list[tuple]
) -> tuple[dict[Any, tuple], dict[Any, tuple[str, ...]]]:
    """Stored rows by key, and the source ids each cites in order, by key."""
    cols, width = row_columns(rtype), len(key_columns(rtype))
    key_of = itemgetter(*[cols.index(k) for k in key_columns(rtype)])
    rows = dict(zip(map(key_of, fetched), fetched, strict=True))
    link_key = itemgetter(0) if width == 1 else itemgetter(*range(width))
    keys = list(map(link_key, links))
    if len(set(keys)) == len(keys):  # one source each: no order to restore
        return rows, dict(zip(keys, zip(map(itemgetter(-1), links)), strict=True))
    ordered = sorted(links)  # by key, then position
    cited = {k: tuple(r[-1] for r in group) for k, group in groupby(ordered, link_key)}
    return rows, cited


def _link_query(rtype: type[Record], firsts: Sequence[str] | None = None) -> Any:
    """The source links of a record type (with the first key among ``firsts``): key
    columns, position, source id."""
    link = SOURCE_LINKS[rtype]
    lkeys = [link.c[f"record_{c}"] for c in key_columns(rtype)]
    query = select(*lkeys, link.c.position, link.c.source_id)
    return query if firsts is None else query.where(lkeys[0].in_(firsts))


def fetch_tuples(conn: Connection, query: Any) -> list[tuple]:
    """The rows of a query as plain tuples, fetched by the driver's cursor at once
    (much quicker than result rows for a whole table); values are bound as literals."""
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def insert_rows(conn: Connection, table: str, names: Sequence[str], rows: list[tuple]) -> None:
    """Insert rows (tuples of ``names``) into ``table`` within the open transaction: with
    ``COPY`` on PostgreSQL (psycopg), the driver's ``executemany`` on SQLite."""
    quote = conn.dialect.identifier_preparer.quote
    columns = ", ".join(quote(c) for c in names)
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        raw = conn.connection.driver_connection
        sql = f"COPY {quote(table)} ({columns}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" if conn.dialect.paramstyle == "qmark" else "%s" for _ in names)
    conn.exec_driver_sql(f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})", rows)


@contextmanager
def indexes_after_loading(conn: Connection, rtype: type[Record], active: bool) -> Iterator[None]:
    """Drop the secondary indexes of a record type's table and link table for the
    duration of the block and create them again, as they were, after it; on PostgreSQL
    also their foreign keys, added again (and so checked) after it.

    Building an index once over loaded rows is much faster than updating it row by
    row, and PostgreSQL checks a foreign key over a whole table with one join where it
    would check it row by row (its manual's advice for loading data). SQLite keeps its
    foreign keys: it checks them cheaply. Within the transaction: a failure leaves the
    indexes and keys as they were.
    """
    if not active:
        yield
        return
    names = [TABLES[rtype].name] + ([SOURCE_LINKS[rtype].name] if rtype in SOURCE_LINKS else [])
    quote = conn.dialect.identifier_preparer.quote
    indexes = _secondary_indexes(conn, names)
    keys = _foreign_keys(conn, names)
    for table, name, _ in keys:
        conn.exec_driver_sql(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
    for name, _ in indexes:
        conn.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)
    for table, name, definition in keys:
        conn.exec_driver_sql(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
        )


def _secondary_indexes(conn: Connection, tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of each index of the tables that backs no key."""
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in tables)
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name"
        )
        return [tuple(r) for r in conn.exec_driver_sql(query, tuple(tables))]  # type: ignore[misc]
    if conn.dialect.name == "postgresql":
        query = (
            "SELECT ci.relname, pg_get_indexdef(ci.oid) FROM pg_index x "
            "JOIN pg_class ci ON ci.oid = x.indexrelid JOIN pg_class ct ON ct.oid = x.indrelid "
            "JOIN pg_namespace ns ON ns.oid = ct.relnamespace "
            "WHERE ns.nspname = current_schema() AND ct.relname = ANY(%(tables)s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ci.oid) "
            "ORDER BY ci.relname"
        )
        return [tuple(r) for r in conn.exec_driver_sql(query, {"tables": tables})]  # type: ignore[misc]
    return []


def _foreign_keys(conn: Connection, tables: list[str]) -> list[tuple[str, str, str]]:
    """(table, name, definition) of each foreign key of the tables (PostgreSQL only)."""
    if conn.dialect.name != "postgresql":
        return []
    query = (
        "SELECT ct.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class ct ON ct.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = ct.relnamespace "
        "WHERE c.contype = 'f' AND ns.nspname = current_schema() AND ct.relname = ANY(%(tables)s) "
        "ORDER BY ct.relname, c.conname"
    )
    return [tuple(r) for r in conn.exec_driver_sql(query, {"tables": tables})]  # type: ignore[misc]


def foreign_keys_deferred(conn: Connection) -> bool:
    """On SQLite, outside any transaction: when every table of records is empty, stop
    checking foreign keys row by row on this connection (``True``); else do nothing.

    The caller checks them all after loading (:func:`references_after_loading`) and
    turns the row-by-row checks back on (:func:`foreign_keys_restored`).
    """
    if conn.dialect.name != "sqlite":
        return False
    raw = conn.connection.driver_connection
    try:
        for table in TABLES.values():
            if raw.execute(f"SELECT 1 FROM {table.name} LIMIT 1").fetchone() is not None:  # type: ignore[union-attr]
                return False
        raw.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    except conn.dialect.dbapi.Error:  # type: ignore[union-attr]
        return False  # e.g. busy: the transaction that follows waits and says so
    return True


def foreign_keys_restored(conn: Connection) -> None:
    """Check foreign keys row by row again (after :func:`foreign_keys_deferred`); a
    connection where that fails is dropped from the pool, never used again."""
    try:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    except conn.dialect.dbapi.Error:  # type: ignore[union-attr]
        conn.invalidate()
        raise


@cache
def _references() -> tuple[tuple[str, str, str, str], ...]:
    """(table, column, referenced table, referenced column) of every foreign key that
    depends on the data: a tie's actors, a participation's event and actor, a cited
    source. (Keys to the batch and from a link to its record hold by construction.)"""
    out = []
    for table in [*TABLES.values(), *SOURCE_LINKS.values()]:
        for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
            target = key.column.table.name
            if target in {"actors", "events", "sources"} and not key.parent.name.startswith(
                "record_"
            ):
                out.append((table.name, key.parent.name, target, key.column.name))
    return tuple(out)


def references_after_loading(conn: Connection) -> None:
    """Check every data reference of the store at once (what SQLite's foreign keys
    check row by row); :class:`~bioregion.errors.StoreError` names the first that
    points nowhere."""
    for table, column, target, key in _references():
        query = (
            f"SELECT {column} FROM {table} WHERE {column} NOT IN (SELECT {key} FROM {target}) "
            "LIMIT 1"
        )
        found = conn.exec_driver_sql(query).first()
        if found is not None:
            raise StoreError(
                f"{table}.{column} {found[0]!r} is not in {target}: nothing was written"
            )
