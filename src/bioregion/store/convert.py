"""Conversions between records and store rows."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from bioregion.model.dates import PartialDate
from bioregion.model.records import Record, field_kinds
from bioregion.store.schema import column_name


@cache
def row_plan(rtype: type[Record]) -> tuple[tuple[str, str, str], ...]:
    """(field, kind, column) for each stored field of a record type, sources excluded."""
    return tuple(
        (f, k, column_name(rtype, f)) for f, k in field_kinds(rtype).items() if f != "sources"
    )


def to_row(record: Record) -> dict[str, Any]:
    """The columns of a record's table (without batches and sources)."""
    row: dict[str, Any] = {}
    for field, kind, name in row_plan(type(record)):
        value = getattr(record, field)
        if kind == "date":
            row[f"{name}_date"] = value.first_day if value else None
            row[f"{name}_precision"] = value.precision.value if value else None
        elif kind == "list":
            row[name] = json.dumps(list(value), ensure_ascii=False) if value else "[]"
        elif kind == "dict":
            row[name] = (
                json.dumps(dict(sorted(value.items())), ensure_ascii=False) if value else "{}"
            )
        else:
            row[name] = value
    return row


def from_row(rtype: type[Record], row: Any, sources: tuple[str, ...] = ()) -> Record:
    """Rebuild a record from a row mapping (and its cited source ids)."""
    values: dict[str, Any] = {"sources": tuple(sources)} if "sources" in field_kinds(rtype) else {}
    for field, kind, name in row_plan(rtype):
        if kind == "date":
            day = row[f"{name}_date"]
            values[field] = PartialDate.from_parts(day, row[f"{name}_precision"]) if day else None
        elif kind == "list":
            values[field] = tuple(json.loads(row[name] or "[]"))
        elif kind == "dict":
            values[field] = json.loads(row[name] or "{}")
        elif kind == "float":
            values[field] = None if row[name] is None else float(row[name])
        else:
            values[field] = row[name]
    return rtype(**values)


def same_row(stored: Any, row: dict[str, Any]) -> bool:
    """Whether a stored row holds exactly the values of ``row`` (as made by to_row)."""
    for name, value in row.items():
        old = stored[name]
        if old != value and not (
            isinstance(value, float) and old is not None and float(old) == value
        ):
            return False
    return True


def key_text(record: Record) -> str:
    """A record's natural key as one string (for the change log)."""
    return "|".join(str(k) for k in record.key)
