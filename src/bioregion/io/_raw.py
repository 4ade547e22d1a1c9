"""Raw tables read from files, and what every reader (CSV, XLSX, JSON) shares.

A reader does not judge values, only the shape of the file: encoding, separator,
header, cell sizes, record structure. Values are checked when they become records
(:func:`bioregion.io.importer.records_from_table`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from bioregion.errors import Problem
from bioregion.io.templates import IMPORT_ORDER, TEMPLATES, template

#: A cell longer than this is rejected (no field of the data model needs more).
MAX_CELL_CHARS = 100_000
#: An empty or blank cell, in cells joined and framed by NUL (``str.strip`` and ``\\s``
#: agree on what is blank).
BLANK = re.compile(r"\x00\s*\x00")


@dataclass
class RawTable:
    """The header and rows of one file (or one XLSX sheet) of one template.

    ``typed`` tables (JSON) carry typed values: there a number or true/false where
    text is expected is an error rather than text. Every cell of a ``text_cells`` table
    (CSV) is text or ``None``.
    """

    file: str
    kind: str
    columns: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    typed: bool = False
    text_cells: bool = False
    #: The cells column by column, when the reader has them so (then ``rows`` is empty
    #: until :meth:`all_rows` makes it): rows numbered from 2, none of them left out.
    by_column: list[list[Any]] | None = None

    def row_count(self) -> int:
        if self.by_column is not None:
            return len(self.by_column[0]) if self.by_column else 0
        return len(self.rows)

    def all_rows(self) -> list[tuple[int, list[Any]]]:
        """The rows as ``(number, cells)`` pairs."""
        if self.by_column is not None:
            count = self.row_count()
            cells = map(list, zip(*self.by_column, strict=True))
            self.rows = list(zip(range(2, 2 + count), cells, strict=True))
            self.by_column = None
        return self.rows

    def cell_columns(self) -> tuple[Sequence[int], list[Sequence[Any]]]:
        """The row numbers, and the cells column by column."""
        if self.by_column is not None:
            return range(2, 2 + self.row_count()), self.by_column
        if not self.rows:
            return [], [() for _ in self.columns]
        numbers = [n for n, _ in self.rows]
        return numbers, list(zip(*map(itemgetter(1), self.rows), strict=True))


@dataclass
class FileRead:
    """What reading one file gave: its tables, its problems and its fingerprint."""

    path: str
    format: str
    sha256: str
    tables: list[RawTable] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "sha256": self.sha256,
            "rows": {t.kind: t.row_count() for t in self.tables},
            "notes": [n for t in self.tables for n in t.notes],
        }


def problem(
    file: str, rule: str, row: int | None = None, column: str = "", value: str = ""
) -> Problem:
    return Problem(file=file, row=row, column=column, value=value, rule=rule)


def kind_from_name(name: str) -> str | None:
    """The template a file or sheet name announces (``belgium-ties.csv`` -> ties)."""
    stem = Path(name).stem.lower()
    # whole words only: "universities.csv" and "activities.csv" are no ties files
    words = set(re.split(r"[^a-z]+", stem))
    found = [k for k in IMPORT_ORDER if k in words or k[:-1] == stem]
    return max(found, key=len) if found else None


def kind_from_columns(columns: list[str]) -> str | None:
    """The template whose required columns a header has, when only one fits."""
    fits = [k for k in IMPORT_ORDER if set(TEMPLATES[k].required) <= set(columns)]
    if len(fits) > 1 and "url" not in columns:
        fits = [k for k in fits if k != "sources"]
    if len(fits) > 1:  # actors and events need the same columns: the others tell
        fits = [k for k in fits if set(columns) - {""} <= set(TEMPLATES[k].columns)] or fits
    return fits[0] if len(fits) == 1 else None


def normalise_header(cells: list[Any]) -> list[str]:
    return [str(c).strip().lower().replace(" ", "_") if c is not None else "" for c in cells]


def resolve_kind(result: FileRead, name: str, columns: list[str], kind: str | None) -> str | None:
    """The template of a table: ``kind`` if given, else from its name or its columns."""
    if kind:
        return template(kind).name
    found = kind_from_name(name) or kind_from_columns(columns)
    if found is None:
        result.problems.append(
            problem(
                result.path,
                "cannot tell which kind of records this file holds; name it actors, ties, events, "
                "participations or sources (e.g. ties.csv) or pass --kind",
            )
        )
    return found


def check_header(result: FileRead, table: RawTable) -> None:
    """Columns named twice and required columns missing."""
    tpl = TEMPLATES[table.kind]
    seen: set[str] = set()
    for col in table.columns:
        if col in seen:
            result.problems.append(
                problem(table.file, "column appears twice in the header", row=1, column=col)
            )
        seen.add(col)
    for col in tpl.required:
        if col not in seen and not (col == "id" and table.kind == "ties"):
            result.problems.append(
                problem(
                    table.file,
                    f"required column is missing; the {table.kind} file needs: "
                    f"{', '.join(tpl.required)}",
                    row=1,
                    column=col,
                )
            )


def extra_columns(table: RawTable, allow: bool) -> list[Problem]:
    """The problem of columns the template does not have; when ``allow``, a note of the
    table instead."""
    tpl = TEMPLATES[table.kind]
    extra = [c for c in table.columns if c and c not in tpl.kinds]
    if extra and not allow:
        return [
            Problem(
                file=table.file,
                row=1,
                column=", ".join(extra),
                rule=f"unknown column(s); the {table.kind} template has: {', '.join(tpl.columns)}. "
                "Rename them, remove them, or pass --allow-extra-columns to skip them",
            )
        ]
    if extra:
        table.notes.append(f"{table.file}: skipped unknown column(s) {', '.join(extra)}")
    return []


def add_rows(
    result: FileRead,
    table: RawTable,
    records: list[list[str]],
    first: int = 2,
    may_be_long: bool = True,
) -> None:
    """Add many rows of text cells (numbered from ``first``), as :func:`add_row` does one
    by one: the same rows and the same problems in the same order.

    Only rows that may be blank (an empty first cell), rows of another width than the
    header and, when ``may_be_long``, rows with a cell too long go through
    :func:`add_row`; the others are taken as they are.
    """
    width, count = len(table.columns), len(records)
    if may_be_long and max(map(len, chain.from_iterable(records)), default=0) > MAX_CELL_CHARS:
        odd = list(range(count))
    elif list(map(len, records)).count(width) != count or width == 0:
        odd = [i for i, cells in enumerate(records) if len(cells) != width or not _filled(cells)]
    else:
        firsts = list(map(itemgetter(0), records))
        blank = BLANK.search("\x00".join(["", *firsts, ""])) is not None
        odd = [i for i, c in enumerate(firsts) if not c.strip()] if blank else []
    start = 0
    for i in odd:
        table.rows.extend(zip(range(first + start, first + i), records[start:i], strict=True))
        add_row(result, table, first + i, records[i])
        start = i + 1
    table.rows.extend(zip(range(first + start, first + count), records[start:], strict=True))


def _filled(cells: list[str]) -> bool:
    """Whether the first cell holds text (then the row is not blank)."""
    return bool(cells) and bool(cells[0].strip())


def add_row(result: FileRead, table: RawTable, number: int, cells: list[Any]) -> None:
    """Add a row to ``table`` unless it is blank, too wide or holds a cell too long."""
    if not any(c not in (None, "") and str(c).strip() for c in cells):
        return  # blank row
    if len(cells) > len(table.columns) and any(str(c).strip() for c in cells[len(table.columns) :]):
        result.problems.append(
            problem(
                table.file,
                f"row has {len(cells)} cells but the header names {len(table.columns)} columns",
                row=number,
            )
        )
        return
    cells = list(cells[: len(table.columns)]) + [None] * (len(table.columns) - len(cells))
    for col, cell in zip(table.columns, cells, strict=True):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            result.problems.append(
                problem(
                    table.file,
                    f"cell holds {len(cell):,} characters; at most {MAX_CELL_CHARS:,} are allowed",
                    row=number,
                    column=col,
                    value=cell[:40],
                )
            )
            return
    table.rows.append((number, cells))


def decode_text(result: FileRead, data: bytes, encoding: str | None) -> str | None:
    """The text of a CSV or JSON file: UTF-8 (with or without BOM), UTF-16 with a BOM,
    or ``encoding``; ``None`` (and a problem) when it cannot be decoded."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            result.problems.append(problem(result.path, f"cannot be decoded as {encoding}: {exc}"))
            return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        guess = ""
        try:
            data.decode("cp1252")
            guess = (
                "; it looks like windows-1252: re-save it as UTF-8, "
                "or import it with --encoding cp1252"
            )
        except UnicodeDecodeError:
            guess = "; re-save it as UTF-8 or name its encoding with --encoding"
        result.problems.append(
            problem(
                result.path, f"is not UTF-8 text (byte 0x{byte} on line {line}){guess}", row=line
            )
        )
        return None
