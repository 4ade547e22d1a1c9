"""Lists over HTTP: frame rows as JSON, sorting, and paging with an opaque cursor.

A cursor holds the position after the last item sent, the store version and a digest
of the query (filters and sort). It is only valid for that query on that version: when
the store changed in between, the next page answers 410 (start again from the first
page) rather than skip or repeat items silently.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.dates import PartialDate

#: Largest page a request may ask for.
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class CursorError(ArgumentError):
    """A cursor that is not one of ours, or that a changed store made stale (410)."""

    def __init__(self, message: str, *, stale: bool = False) -> None:
        super().__init__(message)
        self.stale = stale


@dataclass(frozen=True)
class Page:
    """One page of a list."""

    items: list[dict[str, Any]]
    total: int
    next_cursor: str | None

    def body(self, version: str) -> dict[str, Any]:
        return {
            "items": self.items,
            "total": self.total,
            "next_cursor": self.next_cursor,
            "version": version,
        }


def parse_date(text: str, field: str) -> PartialDate:
    """A query parameter as a date (``2005``, ``2005-06``, ``2005-06-30``)."""
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise ArgumentError(f"{field}={text[:40]!r} is {exc}") from None


def digest(query: Mapping[str, Any]) -> str:
    """A short digest of a query's parameters (without the cursor and the limit)."""
    plain = {k: v for k, v in sorted(query.items()) if k not in ("cursor", "limit")}
    return hashlib.sha1(json.dumps(plain, default=str).encode()).hexdigest()[:12]


def encode_cursor(offset: int, version: str, query: str) -> str:
    raw = json.dumps({"o": offset, "v": version, "q": query}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, version: str, query: str) -> int:
    """The offset a cursor points at (0 without one); CursorError if it is not valid here."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset, seen, made_for = int(data["o"]), str(data["v"]), str(data["q"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CursorError(f"cursor {cursor[:40]!r} is not a cursor this API gave") from exc
    if made_for != query:
        raise CursorError("the cursor belongs to another query: keep the same filters and sort")
    if seen != version:
        raise CursorError(
            "the store changed since this cursor was given: start again from the first page",
            stale=True,
        )
    if offset < 0:
        raise CursorError("cursor offset is negative")
    return offset


def paginate(
    frame: pd.DataFrame, *, limit: int, cursor: str | None, version: str, query: str
) -> Page:
    """The page of ``frame`` (already filtered and sorted) after ``cursor``."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ArgumentError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    start = decode_cursor(cursor, version, query)
    chunk = frame.iloc[start : start + limit]
    end = start + len(chunk)
    following = encode_cursor(end, version, query) if end < len(frame) else None
    return Page(rows(chunk), len(frame), following)


def sort_frame(frame: pd.DataFrame, sort: str, allowed: Sequence[str]) -> pd.DataFrame:
    """``frame`` sorted by one column (``-name`` for descending), then by its first column
    (the id) so that the order is total and pages are stable."""
    column = sort.lstrip("-")
    if column not in allowed:
        raise ArgumentError(f"cannot sort by {column!r}; sort by one of: {', '.join(allowed)}")
    first = frame.columns[0]
    keys = [column] if column == first else [column, first]
    return frame.sort_values(
        keys, ascending=[not sort.startswith("-"), True][: len(keys)], na_position="last"
    )


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Frame rows as JSON objects: dates with their precision as ISO text (``2010``,
    ``2010-05``, ``2010-05-17``), missing values as null, tuples as lists."""
    columns = [c for c in frame.columns if not c.endswith("_precision")]
    out = []
    for record in frame.to_dict("records"):
        out.append({c: _value(record, c) for c in columns})
    return out


def _value(record: Mapping[str, Any], column: str) -> Any:
    value = record[column]
    precision = record.get(f"{column}_precision")
    if isinstance(value, pd.Timestamp) or precision is not None:
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return None
        if pd.isna(value):
            return None
        return PartialDate.from_parts(pd.Timestamp(value).date(), precision or "day").isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
