"""Writing a dataset into the store: one transaction, idempotent upserts, a change log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Date, Table, and_, bindparam, delete, insert, select, update

from bioregion.model.dataset import Dataset
from bioregion.model.records import RECORD_TYPES, Record, Source, field_kinds
from bioregion.store.convert import from_row, key_text, same_row, to_row
from bioregion.store.schema import SOURCE_LINKS, TABLES, changes, column_name, import_batches

CHUNK = 900
Progress = Callable[[str, int, int], None]


@dataclass
class BatchReport:
    """What one import did: its batch id, files and per-type counts."""

    batch_id: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    files: list[dict[str, Any]] = field(default_factory=list)

    def total(self, action: str) -> int:
        return sum(c.get(action, 0) for c in self.counts.values())

    def summary(self) -> str:
        parts = []
        for name, c in self.counts.items():
            if any(c.values()):
                parts.append(
                    f"{name}s: {c['created']} new, {c['updated']} updated, "
                    f"{c['unchanged']} unchanged"
                )
        return "; ".join(parts) or "nothing to import"


def chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    """``items`` in slices of ``size`` (SQLite allows ~1,000 bound parameters a query)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _key_columns(rtype: type[Record]) -> list[str]:
    return [column_name(rtype, k) for k in rtype.key_fields]


#: Above this many keys, reading the whole table beats many ``IN (...)`` queries.
FULL_SCAN_KEYS = 5000


def fetch_existing_rows(
    conn: Connection, rtype: type[Record], keys: list[tuple]
) -> dict[tuple, tuple[Any, tuple[str, ...]]]:
    """The stored rows with these natural keys, each with its cited source ids."""
    table, link = TABLES[rtype], SOURCE_LINKS.get(rtype)
    cols = _key_columns(rtype)
    first = table.c[cols[0]]
    wanted = set(keys)
    firsts = sorted({k[0] for k in keys})
    queries = (
        [select(table)]
        if len(keys) > FULL_SCAN_KEYS
        else [select(table).where(first.in_(c)) for c in chunks(firsts)]
    )
    rows: dict[tuple, Any] = {}
    for query in queries:
        for row in conn.execute(query).mappings():
            key = tuple(row[c] for c in cols)
            if key in wanted:
                rows[key] = row
    cited: dict[tuple, list[str]] = {k: [] for k in rows}
    if link is not None and rows:
        lfirst = link.c[f"record_{cols[0]}"]
        base = select(link).order_by(*(link.c[f"record_{c}"] for c in cols), link.c.position)
        found = sorted({k[0] for k in rows})
        lqueries = (
            [base]
            if len(keys) > FULL_SCAN_KEYS
            else [base.where(lfirst.in_(c)) for c in chunks(found)]
        )
        for query in lqueries:
            for row in conn.execute(query).mappings():
                key = tuple(row[f"record_{c}"] for c in cols)
                if key in cited:
                    cited[key].append(row["source_id"])
    return {k: (r, tuple(cited[k])) for k, r in rows.items()}


def fetch_existing(conn: Connection, rtype: type[Record], keys: list[tuple]) -> dict[tuple, Record]:
    """The stored records with these natural keys."""
    found = fetch_existing_rows(conn, rtype, keys)
    return {k: from_row(rtype, row, cited) for k, (row, cited) in found.items()}


def _diff(old: Record, new: Record) -> dict[str, list]:
    out = {}
    for name in field_kinds(type(old)):
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out[name] = [_plain(a), _plain(b)]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows of the same columns.

    On SQLite this goes straight to the driver's ``executemany`` (dates as ISO text,
    as SQLAlchemy's SQLite ``Date`` type stores them), on PostgreSQL through ``COPY``,
    both several times faster than per-row parameter processing; other databases get
    SQLAlchemy's batched insert. All run inside the caller's transaction.
    """
    cols = list(rows[0])
    quote = conn.dialect.identifier_preparer.quote
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        raw = conn.connection.driver_connection
        sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in cols)}) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row([row[c] for c in cols])
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    dates = [i for i, c in enumerate(cols) if isinstance(table.c[c].type, Date)]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in cols)}) "
        f"VALUES ({', '.join('?' * len(cols))})"
    )
    values = [[r[c] for c in cols] for r in rows]
    for value in values:
        for i in dates:
            if value[i] is not None:
                value[i] = value[i].isoformat()
    conn.exec_driver_sql(sql, [tuple(v) for v in values])


class Writer:
    """Upserts the records of a dataset within one open transaction."""

    def __init__(self, conn: Connection, batch_id: int, progress: Progress | None = None):
        self.conn = conn
        self.batch_id = batch_id
        self.progress = progress

    def write(self, dataset: Dataset) -> dict[str, dict[str, int]]:
        counts = {}
        for rtype in RECORD_TYPES:
            counts[rtype.kind_name] = self._write_type(rtype, dataset.records(rtype))
        return counts

    def _write_type(self, rtype: type[Record], records: list[Record]) -> dict[str, int]:
        unique = list({r.key: r for r in records}.values())
        rows = {r.key: to_row(r) for r in unique}
        existing = fetch_existing_rows(self.conn, rtype, list(rows)) if unique else {}
        new: list[Record] = []
        changed: list[tuple[Record, Record]] = []
        for record in unique:
            stored = existing.get(record.key)
            if stored is None:
                new.append(record)
            elif not (
                same_row(stored[0], rows[record.key])
                and stored[1] == getattr(record, "sources", ())
            ):
                changed.append((from_row(rtype, stored[0], stored[1]), record))
        total, done = len(new) + len(changed), 0
        for chunk in chunks(new, 5000):
            self._insert(rtype, chunk, rows)
            done += len(chunk)
            self._report(rtype, done, total)
        for pairs in chunks(changed, 5000):
            self.update(rtype, pairs)
            done += len(pairs)
            self._report(rtype, done, total)
        return {
            "created": len(new),
            "updated": len(changed),
            "unchanged": len(unique) - len(new) - len(changed),
        }

    def _report(self, rtype: type[Record], done: int, total: int) -> None:
        if self.progress:
            self.progress(rtype.kind_name, done, total)

    def _insert(
        self, rtype: type[Record], records: Sequence[Record], rows: dict[tuple, dict]
    ) -> None:
        batch = {"created_batch": self.batch_id, "updated_batch": self.batch_id}
        bulk_insert(self.conn, TABLES[rtype], [rows[r.key] | batch for r in records])
        self._link(rtype, records)

    def _link(self, rtype: type[Record], records: Sequence[Record]) -> None:
        link = SOURCE_LINKS.get(rtype)
        if link is None:
            return
        cols = _key_columns(rtype)
        rows = [
            {
                **{f"record_{c}": k for c, k in zip(cols, r.key, strict=True)},
                "source_id": sid,
                "position": i,
            }
            for r in records
            for i, sid in enumerate(r.sources)  # type: ignore[attr-defined]
        ]
        if rows:
            bulk_insert(self.conn, link, rows)

    def update(self, rtype: type[Record], pairs: Sequence[tuple[Record, Record]]) -> None:
        """Update stored records (``(old, new)`` pairs of the same key) and log each change."""
        table, cols = TABLES[rtype], _key_columns(rtype)
        where = and_(*(table.c[c] == bindparam(f"k_{c}") for c in cols))
        rows = []
        for _, new in pairs:
            row = to_row(new) | {"updated_batch": self.batch_id}
            rows.append(row | {f"k_{c}": k for c, k in zip(cols, new.key, strict=True)})
        values = {name: bindparam(name) for name in rows[0] if not name.startswith("k_")}
        self.conn.execute(update(table).where(where).values(values), rows)
        link = SOURCE_LINKS.get(rtype)
        resourced = [
            new for old, new in pairs if rtype is not Source and old.sources != new.sources
        ]  # type: ignore[attr-defined]
        if link is not None and resourced:
            lwhere = and_(*(link.c[f"record_{c}"] == bindparam(f"k_{c}") for c in cols))
            keys = [{f"k_{c}": k for c, k in zip(cols, r.key, strict=True)} for r in resourced]
            self.conn.execute(delete(link).where(lwhere), keys)
            self._link(rtype, resourced)
        log = [
            {
                "batch_id": self.batch_id,
                "record_type": rtype.kind_name,
                "record_key": key_text(new),
                "action": "update",
                "changed": json.dumps(_diff(old, new), ensure_ascii=False, default=str),
            }
            for old, new in pairs
        ]
        self.conn.execute(insert(changes), log)


def source_ids_by_url(conn: Connection, urls: set[str]) -> dict[str, str]:
    """The ids of stored sources with these URLs (the first id when several share one)."""
    table = TABLES[Source]
    found: dict[str, str] = {}
    for chunk in chunks(sorted(urls)):
        query = select(table.c.url, table.c.id).where(table.c.url.in_(chunk))
        for url, sid in conn.execute(query.order_by(table.c.id)):
            found.setdefault(url, sid)
    return found


def start_batch(conn: Connection, label: str, files: list[dict], version: str) -> int:
    result = conn.execute(
        insert(import_batches).values(
            started_at=dt.datetime.now(dt.UTC),
            label=label,
            files=json.dumps(files, ensure_ascii=False),
            counts="{}",
            tool_version=version,
        )
    )
    return int(result.inserted_primary_key[0])


def finish_batch(conn: Connection, batch_id: int, counts: dict) -> None:
    conn.execute(
        update(import_batches)
        .where(import_batches.c.id == batch_id)
        .values(finished_at=dt.datetime.now(dt.UTC), counts=json.dumps(counts))
    )
