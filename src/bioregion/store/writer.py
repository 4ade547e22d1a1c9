"""Writing a dataset into the store: one transaction, idempotent upserts, a change log."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from bioregion.model.dataset import Dataset
from bioregion.model.records import RECORD_TYPES, Record, Source, field_kinds
from bioregion.store.convert import from_row, key_text, to_row
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
                parts.append(f"{name}s: {c['created']} new, {c['updated']} updated, "
                             f"{c['unchanged']} unchanged")  # fmt: skip
        return "; ".join(parts) or "nothing to import"


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _key_columns(rtype: type[Record]) -> list[str]:
    return [column_name(rtype, k) for k in rtype.key_fields]


def fetch_existing(conn: Connection, rtype: type[Record], keys: list[tuple]) -> dict[tuple, Record]:
    """The stored records with these natural keys, with their cited sources."""
    table, link = TABLES[rtype], SOURCE_LINKS.get(rtype)
    cols = _key_columns(rtype)
    first = table.c[cols[0]]
    wanted = set(keys)
    rows: dict[tuple, Any] = {}
    for chunk in _chunks(sorted({k[0] for k in keys})):
        for row in conn.execute(select(table).where(first.in_(chunk))).mappings():
            key = tuple(row[c] for c in cols)
            if key in wanted:
                rows[key] = row
    cited: dict[tuple, list[str]] = {k: [] for k in rows}
    if link is not None and rows:
        lfirst = link.c[f"record_{cols[0]}"]
        for chunk in _chunks(sorted({k[0] for k in rows})):
            query = select(link).where(lfirst.in_(chunk)).order_by(link.c.position)
            for row in conn.execute(query).mappings():
                key = tuple(row[f"record_{c}"] for c in cols)
                if key in cited:
                    cited[key].append(row["source_id"])
    return {k: from_row(rtype, r, tuple(cited[k])) for k, r in rows.items()}


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
        existing = fetch_existing(self.conn, rtype, [r.key for r in unique]) if unique else {}
        new = [r for r in unique if r.key not in existing]
        changed = [(existing[r.key], r) for r in unique if r.key in existing and existing[r.key] != r]
        total = len(new) + len(changed)
        done = 0
        for chunk in _chunks(new, 5000):
            self._insert(rtype, chunk)
            done += len(chunk)
            self._report(rtype, done, total)
        for chunk in _chunks(changed, 5000):
            self._update(rtype, chunk)
            done += len(chunk)
            self._report(rtype, done, total)
        return {"created": len(new), "updated": len(changed),
                "unchanged": len(unique) - len(new) - len(changed)}  # fmt: skip

    def _report(self, rtype: type[Record], done: int, total: int) -> None:
        if self.progress:
            self.progress(rtype.kind_name, done, total)

    def _insert(self, rtype: type[Record], records: Sequence[Record]) -> None:
        rows = [to_row(r) | {"created_batch": self.batch_id, "updated_batch": self.batch_id}
                for r in records]  # fmt: skip
        self.conn.execute(insert(TABLES[rtype]), rows)
        self._link(rtype, records)

    def _link(self, rtype: type[Record], records: Sequence[Record]) -> None:
        link = SOURCE_LINKS.get(rtype)
        if link is None:
            return
        cols = _key_columns(rtype)
        rows = [
            {**{f"record_{c}": k for c, k in zip(cols, r.key, strict=True)},
             "source_id": sid, "position": i}
            for r in records
            for i, sid in enumerate(r.sources)  # type: ignore[attr-defined]
        ]  # fmt: skip
        if rows:
            self.conn.execute(insert(link), rows)

    def _update(self, rtype: type[Record], pairs: Sequence[tuple[Record, Record]]) -> None:
        table, cols = TABLES[rtype], _key_columns(rtype)
        where = and_(*(table.c[c] == bindparam(f"k_{c}") for c in cols))
        rows = []
        for _, new in pairs:
            row = to_row(new) | {"updated_batch": self.batch_id}
            rows.append(row | {f"k_{c}": k for c, k in zip(cols, new.key, strict=True)})
        values = {name: bindparam(name) for name in rows[0] if not name.startswith("k_")}
        self.conn.execute(update(table).where(where).values(values), rows)
        link = SOURCE_LINKS.get(rtype)
        resourced = [new for old, new in pairs if rtype is not Source and old.sources != new.sources]  # type: ignore[attr-defined]
        if link is not None and resourced:
            lwhere = and_(*(link.c[f"record_{c}"] == bindparam(f"k_{c}") for c in cols))
            keys = [{f"k_{c}": k for c, k in zip(cols, r.key, strict=True)} for r in resourced]
            self.conn.execute(delete(link).where(lwhere), keys)
            self._link(rtype, resourced)
        log = [{"batch_id": self.batch_id, "record_type": rtype.kind_name,
                "record_key": key_text(new), "action": "update",
                "changed": json.dumps(_diff(old, new), ensure_ascii=False, default=str)}
               for old, new in pairs]  # fmt: skip
        self.conn.execute(insert(changes), log)


def start_batch(conn: Connection, label: str, files: list[dict], version: str) -> int:
    result = conn.execute(
        insert(import_batches).values(
            started_at=dt.datetime.now(dt.UTC), label=label,
            files=json.dumps(files, ensure_ascii=False), counts="{}", tool_version=version,
        )  # fmt: skip
    )
    return int(result.inserted_primary_key[0])


def finish_batch(conn: Connection, batch_id: int, counts: dict) -> None:
    conn.execute(
        update(import_batches)
        .where(import_batches.c.id == batch_id)
        .values(finished_at=dt.datetime.now(dt.UTC), counts=json.dumps(counts))
    )
