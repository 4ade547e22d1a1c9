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
    """One page of a list: the row positions it holds, the total and the next cursor."""

    positions: np.ndarray
    total: int
    next_cursor: str | None

    def json(self, rendered: Sequence[str], version: str) -> bytes:
        """The page as JSON, from each row rendered once (:func:`rendered_rows`)."""
        items = ",".join(rendered[i] for i in self.positions)
        rest = json.dumps(
            {"total": self.total, "next_cursor": self.next_cursor, "version": version}
        )
        return ('{"items":[' + items + "]," + rest[1:]).encode()


def rendered_rows(frame: pd.DataFrame, chunk: int = 5000) -> list[str]:
    """Every row of ``frame`` as a JSON object (see :func:`rows`), rendered once so that
    a page is only joined, not encoded again."""
    out: list[str] = []
    for start in range(0, len(frame), chunk):
        out += [json.dumps(r, ensure_ascii=False) for r in rows(frame.iloc[start : start + chunk])]
    return out


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
    order: np.ndarray,
    keep: np.ndarray,
    *,
    limit: int,
    cursor: str | None,
    version: str,
    query: str,
) -> Page:
    """The page after ``cursor`` of the rows that ``keep`` selects, in ``order`` (row
    positions of the whole table, sorted: see :func:`sort_order`)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ArgumentError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    start = decode_cursor(cursor, version, query)
    chosen = order[keep[order]]
    positions = chosen[start : start + limit]
    end = start + len(positions)
    following = encode_cursor(end, version, query) if end < len(chosen) else None
    return Page(positions, len(chosen), following)


def sort_order(frame: pd.DataFrame, sort: str, allowed: Sequence[str]) -> np.ndarray:
    """Row positions of ``frame`` sorted by one column (``-name`` for descending), then by
    its first column (the id) so that the order is total and pages are stable."""
    column = sort.lstrip("-")
    if column not in allowed:
        raise ArgumentError(f"cannot sort by {column!r}; sort by one of: {', '.join(allowed)}")
    first = frame.columns[0]
    keys = [column] if column == first else [column, first]
    ordered = frame.set_index(pd.RangeIndex(len(frame))).sort_values(
        keys, ascending=[not sort.startswith("-"), True][: len(keys)], na_position="last"
    )
    return ordered.index.to_numpy()


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Frame rows as JSON objects: dates with their precision as ISO text (``2010``,
    ``2010-05``, ``2010-05-17``), missing values as null, tuples as lists. Column by
    column, then zipped into rows."""
    columns = [c for c in frame.columns if not c.endswith("_precision")]
    values = []
    for column in columns:
        precision = f"{column}_precision"
        series = frame[column]
        if precision in frame.columns or pd.api.types.is_datetime64_any_dtype(series):
            given = frame[precision] if precision in frame.columns else None
            values.append(_dates(series, given))
        else:
            values.append(_plain(series))
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


#: Characters of ``YYYY-MM-DD`` a date of each precision keeps.
_WIDTH = {"year": 4, "month": 7, "day": 10}


def _dates(series: pd.Series, precision: pd.Series | None) -> list[str | None]:
    text = pd.to_datetime(series).dt.strftime("%Y-%m-%d").tolist()
    widths = [10] * len(text) if precision is None else [_WIDTH.get(p, 10) for p in precision]
    return [t[:w] if isinstance(t, str) else None for t, w in zip(text, widths, strict=True)]


def _plain(series: pd.Series) -> list[Any]:
    out = series.tolist()
    if series.dtype.kind == "f":
        return [None if v != v else v for v in out]
    if series.dtype == object:
        return [
            list(v) if isinstance(v, tuple) else (None if isinstance(v, float) and v != v else v)
            for v in out
        ]
    return out
