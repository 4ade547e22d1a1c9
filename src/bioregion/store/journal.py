"""The row journal and the change log of curation actions.

A :class:`Journal` records every row a curation action inserts, changes or removes,
before and after, as JSON-ready rows; :func:`play_back` undoes them (last first) and
:func:`changed_since` says which of them were changed afterwards. :func:`log_changes`
writes record-level, field-by-field entries to the ``changes`` table, as imports do.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, Date, Table, and_, delete, insert, select, tuple_, update

from bioregion.model.dates import PartialDate
from bioregion.model.records import Record, field_kinds
from bioregion.store.convert import key_text
from bioregion.store.schema import changes, metadata

COUNT_KEYS = ("created", "updated", "unchanged", "deleted")


def _pk(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _where(table: Table, row: Mapping[str, Any]) -> Any:
    return and_(*(table.c[c] == row[c] for c in _pk(table)))


def _plain(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with its dates as ISO text (JSON-ready)."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in dict(row).items()}


def typed_row(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """A plain row with its date columns as dates again."""
    out = dict(row)
    for name, value in out.items():
        if isinstance(value, str) and isinstance(table.c[name].type, Date):
            out[name] = dt.date.fromisoformat(value)
    return out


#: Keys per ``IN (...)`` query (SQLite allows ~1,000 bound parameters a query).
KEYS_PER_QUERY = 300


def _keyed(table: Table, keys: Sequence[Mapping[str, Any]]) -> Iterator[Any]:
    """``WHERE`` clauses selecting the rows with these primary keys, a chunk at a time."""
    cols = [table.c[c] for c in _pk(table)]
    for start in range(0, len(keys), KEYS_PER_QUERY):
        chunk = [tuple(k[c.name] for c in cols) for k in keys[start : start + KEYS_PER_QUERY]]
        yield cols[0].in_([k[0] for k in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)


class Journal:
    """The row changes made within one transaction, to be played backwards by undo."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.entries: list[dict[str, Any]] = []

    def read_many(
        self, table: Table, keys: Sequence[Mapping[str, Any]]
    ) -> dict[tuple, dict[str, Any]]:
        """The rows with these keys (JSON-ready), by key tuple."""
        pk, out = _pk(table), {}
        for where in _keyed(table, keys):
            for row in self.conn.execute(select(table).where(where)).mappings():
                out[tuple(row[c] for c in pk)] = _plain(table, row)
        return out

    def read(self, table: Table, key: Mapping[str, Any]) -> dict[str, Any] | None:
        return self.read_many(table, [key]).get(tuple(key[c] for c in _pk(table)))

    def _log(
        self, table: Table, op: str, keys: Sequence[Mapping[str, Any]], before: dict, after: dict
    ) -> None:
        for key in (tuple(k[c] for c in _pk(table)) for k in keys):
            entry = {"table": table.name, "op": op}
            self.entries.append(entry | {"before": before.get(key), "after": after.get(key)})

    def insert_many(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.conn.execute(insert(table), [typed_row(table, r) for r in rows])
            self._log(table, "insert", rows, {}, self.read_many(table, rows))

    def update_many(
        self, table: Table, keys: Sequence[Mapping[str, Any]], values: Mapping[str, Any]
    ) -> None:
        """Set the same ``values`` in the rows with these keys (never a key column)."""
        if keys:
            before = self.read_many(table, keys)
            for where in _keyed(table, keys):
                self.conn.execute(update(table).where(where).values(**typed_row(table, values)))
            self._log(table, "update", keys, before, self.read_many(table, keys))

    def delete_many(self, table: Table, keys: Sequence[Mapping[str, Any]]) -> None:
        if keys:
            before = self.read_many(table, keys)
            for where in _keyed(table, keys):
                self.conn.execute(delete(table).where(where))
            self._log(table, "delete", keys, before, {})

    def insert(self, table: Table, row: Mapping[str, Any]) -> None:
        self.insert_many(table, [row])

    def update(self, table: Table, key: Mapping[str, Any], values: Mapping[str, Any]) -> None:
        self.update_many(table, [key], values)

    def delete(self, table: Table, key: Mapping[str, Any]) -> None:
        self.delete_many(table, [key])


#: Set on every record a batch writes; a later batch may set it again without
#: changing what the merge wrote.
BATCH_COLUMN = "updated_batch"


def _written(entry: Mapping[str, Any]) -> list[str]:
    """The columns whose values an entry wrote (all of an inserted row, those an update
    changed), ``updated_batch`` aside."""
    before, after = entry["before"] or {}, entry["after"] or {}
    if entry["op"] == "insert":
        return [c for c in after if c != BATCH_COLUMN]
    return [c for c in after if c != BATCH_COLUMN and before.get(c) != after[c]]


def _key_of(table: Table, entry: Mapping[str, Any]) -> dict[str, Any]:
    row = entry["after"] if entry["op"] != "delete" else entry["before"]
    return {c: row[c] for c in _pk(table)}


def changed_since(conn: Connection, entries: list[dict[str, Any]]) -> list[str]:
    """The rows whose values a journal wrote were changed afterwards (``table key``):
    a row it removed is back, a row it inserted is gone or holds other values, a value
    it changed holds another. Other columns of those rows may have changed."""
    journal, out = Journal(conn), []
    by_table: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_table.setdefault(entry["table"], []).append(entry)
    for name, found in by_table.items():
        table = metadata.tables[name]
        keys = [_key_of(table, e) for e in found]
        now = journal.read_many(table, keys)
        for entry, key in zip(found, keys, strict=True):
            row = now.get(tuple(key.values()))
            if entry["op"] == "delete":
                moved = row is not None
            else:
                moved = row is None or any(row[c] != entry["after"][c] for c in _written(entry))
            if moved:
                out.append(f"{name} {'|'.join(map(str, key.values()))}")
    return out


def play_back(conn: Connection, entries: list[dict[str, Any]]) -> None:
    """Undo a journal's row changes, last first (a run of one kind on one table at a
    time). An update puts back the values it changed, and its ``updated_batch`` unless
    a later batch has set that since."""
    journal = Journal(conn)
    for (name, op), run in groupby(reversed(entries), key=lambda e: (e["table"], e["op"])):
        table, found = metadata.tables[name], list(run)
        keys = [_key_of(table, e) for e in found]
        if op == "insert":
            for where in _keyed(table, keys):
                conn.execute(delete(table).where(where))
        elif op == "delete":
            conn.execute(insert(table), [typed_row(table, e["before"]) for e in found])
        else:
            now = journal.read_many(table, keys)
            for entry, key in zip(found, keys, strict=True):
                before, after = entry["before"], entry["after"]
                values = {c: before[c] for c in _written(entry)}
                current = now.get(tuple(key.values()))
                if (
                    current
                    and BATCH_COLUMN in after
                    and current[BATCH_COLUMN] == after[BATCH_COLUMN]
                ):
                    values[BATCH_COLUMN] = before[BATCH_COLUMN]
                if values:
                    where = _where(table, before)
                    conn.execute(update(table).where(where).values(**typed_row(table, values)))


# -- the change log --------------------------------------------------------------
def _value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, PartialDate):
        return value.isoformat()
    return value


def _empty(value: Any) -> bool:
    return value in (None, "", (), {})


def record_diff(before: Record | None, after: Record | None) -> dict[str, list]:
    """``{field: [before, after]}`` of the fields that differ (``None`` for no record)."""
    rtype = type(after if after is not None else before)
    out = {}
    for name in field_kinds(rtype):
        a = getattr(before, name) if before is not None else None
        b = getattr(after, name) if after is not None else None
        if a != b and not (_empty(a) and _empty(b)):
            out[name] = [_value(a), _value(b)]
    return out


def log_changes(
    conn: Connection, batch_id: int, pairs: Iterable[tuple[Record | None, Record | None]]
) -> dict[str, dict[str, int]]:
    """Log ``(before, after)`` record pairs (``None``: created / deleted); the counts."""
    rows, counts = [], {}
    for before, after in pairs:
        record = after if after is not None else before
        count = counts.setdefault(record.kind_name, dict.fromkeys(COUNT_KEYS, 0))
        action = "create" if before is None else "delete" if after is None else "update"
        changed = record_diff(before, after)
        if not changed:
            count["unchanged"] += 1
            continue
        count[action + "d"] += 1
        rows.append(
            {
                "batch_id": batch_id,
                "record_type": record.kind_name,
                "record_key": key_text(record),
                "action": action,
                "changed": json.dumps(changed, ensure_ascii=False, default=str),
            }
        )
    if rows:
        conn.execute(insert(changes), rows)
    return counts


def log_inverse(conn: Connection, done: int | None, batch_id: int) -> dict[str, dict[str, int]]:
    """Log the inverse of batch ``done``'s changes under ``batch_id``; the counts."""
    flip = {"create": "delete", "delete": "create", "update": "update"}
    query = select(changes).where(changes.c.batch_id == done).order_by(changes.c.id.desc())
    rows, counts = [], {}
    for row in conn.execute(query).mappings():
        changed = {k: [b, a] for k, (a, b) in json.loads(row["changed"]).items()}
        action = flip[row["action"]]
        count = counts.setdefault(row["record_type"], dict.fromkeys(COUNT_KEYS, 0))
        count[action + "d"] += 1
        rows.append(
            {
                "batch_id": batch_id,
                "record_type": row["record_type"],
                "record_key": row["record_key"],
                "action": action,
                "changed": json.dumps(changed, ensure_ascii=False),
            }
        )
    if rows:
        conn.execute(insert(changes), rows)
    return counts
