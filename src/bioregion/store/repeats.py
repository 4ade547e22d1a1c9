"""Unchanged re-imports: the same files imported again, recorded without reading them.

Users import the same files again and again (a spreadsheet re-exported, a dataset loaded
once more): every record is then unchanged, and the import only records a batch that
says so. Comparing hundreds of thousands of rows with the store to find that out takes
seconds; the store can know it in advance.

When the importer's column-wise path writes a batch into a store without merged actors,
it also records (:func:`remember`) the batch's **fingerprint** (the files' bytes and
paths, the reading options and the tool version), what importing the same files again
right after it would report (every record unchanged: the counts and warnings), and the
row counts of the record tables the batch left. :func:`repeat` later looks at the
store's **last** batch only: if it carries the same fingerprint and the record tables
still hold the rows it left, nothing can have changed since (every edit, delete, merge,
undo and import is a batch of its own), so the files would all be unchanged, and
:func:`repeat` records the batch the full import would have recorded (same label,
files and counts, no changes) and returns it. Anything else (another batch since,
other bytes, other options, another version of the tool, rows written around the
library) and the import takes its full path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from bioregion.store.schema import TABLE_NAMES, TABLES, import_batches, import_fingerprints
from bioregion.store.writer import BatchReport, finish_batch, start_batch

__all__ = ["fingerprint", "record_rows", "remember", "repeat"]


def fingerprint(files: Sequence[tuple[str, str]], options: Mapping[str, Any], version: str) -> str:
    """The fingerprint of an import: each file's path and the SHA-256 (hex) of its
    bytes, in order, the reading options (kind, encoding, extra columns, label) and the
    tool version."""
    total = hashlib.sha256()
    given = {"version": version, "options": dict(options)}
    total.update(json.dumps(given, sort_keys=True, default=str).encode())
    for path, digest in files:
        total.update(b"\0" + path.encode() + b"\0" + digest.encode())
    return total.hexdigest()


def record_rows(conn: Connection) -> dict[str, int]:
    """The number of rows of each record table."""
    return {
        name: int(conn.execute(select(func.count()).select_from(TABLES[rtype])).scalar_one())
        for rtype, name in TABLE_NAMES.items()
    }


def remember(
    conn: Connection,
    batch_id: int,
    print_: str,
    counts: Mapping[str, Mapping[str, int]],
    warnings: Sequence[str],
) -> None:
    """Record, for a batch just written, what a repeat of its import would report."""
    conn.execute(
        insert(import_fingerprints).values(
            batch_id=batch_id,
            fingerprint=print_,
            counts=json.dumps(counts),
            warnings=json.dumps(list(warnings), ensure_ascii=False),
            rows=json.dumps(record_rows(conn), sort_keys=True),
        )
    )


def repeat(conn: Connection, print_: str, version: str) -> tuple[BatchReport, list[str]] | None:
    """The batch (and warnings) of an import of unchanged files, recorded without reading
    them, when the store's last batch says nothing can have changed since (see the module
    docstring); ``None`` when the import must take its full path."""
    if conn.dialect.name == "postgresql":
        # no batch may be written between the check and this batch (SQLite's BEGIN
        # IMMEDIATE already holds the write lock): a writer that started first is
        # waited for, and then seen as the last batch
        conn.exec_driver_sql("LOCK TABLE import_batches IN SHARE ROW EXCLUSIVE MODE")
    last = conn.execute(select(func.max(import_batches.c.id))).scalar_one()
    if last is None:
        return None
    found = conn.execute(
        select(import_fingerprints).where(import_fingerprints.c.batch_id == last)
    ).first()
    if found is None or found.fingerprint != print_:
        return None
    if json.loads(found.rows) != record_rows(conn):
        return None
    batch = conn.execute(select(import_batches).where(import_batches.c.id == last)).one()
    files = json.loads(batch.files)
    counts = json.loads(found.counts)
    batch_id = start_batch(conn, batch.label, files, version)
    finish_batch(conn, batch_id, counts)
    warnings = json.loads(found.warnings)
    conn.execute(
        insert(import_fingerprints).values(
            batch_id=batch_id,
            fingerprint=print_,
            counts=found.counts,
            warnings=found.warnings,
            rows=found.rows,
        )
    )
    return BatchReport(batch_id=batch_id, counts=counts, files=files), warnings
