"""Reading CSV, XLSX and JSON files into raw tables, with every problem located.

A reader does not judge values, only the shape of the file: encoding, separator,
header, cell sizes, record structure. Values are checked when they become records
(:mod:`bioregion.io.records_from_tables`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bioregion.errors import Problem
from bioregion.io.templates import IMPORT_ORDER, TEMPLATES, template

#: A cell longer than this is rejected (no field of the data model needs more).
MAX_CELL_CHARS = 100_000
FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
}


@dataclass
class RawTable:
    """The header and rows of one file (or one XLSX sheet) of one template."""

    file: str
    kind: str
    columns: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
            "rows": {t.kind: len(t.rows) for t in self.tables},
            "notes": [n for t in self.tables for n in t.notes],
        }


def _problem(
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


def read_file(path: str | Path, kind: str | None = None, encoding: str | None = None) -> FileRead:
    """Read one file; its format comes from the suffix."""
    path = Path(path)
    shown = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise_for = f"unknown file type {path.suffix!r}; use .csv, .xlsx or .json"
        return FileRead(shown, "?", "", problems=[_problem(shown, raise_for)])
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileRead(
            shown, fmt, "", problems=[_problem(shown, f"cannot be read: {exc.strerror}")]
        )
    result = FileRead(shown, fmt, hashlib.sha256(data).hexdigest())
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}[fmt]
    reader(result, data, kind, encoding)
    return result


def _resolve_kind(result: FileRead, name: str, columns: list[str], kind: str | None) -> str | None:
    if kind:
        return template(kind).name
    found = kind_from_name(name) or kind_from_columns(columns)
    if found is None:
        result.problems.append(
            _problem(
                result.path,
                "cannot tell which kind of records this file holds; name it actors, ties, events, "
                "participations or sources (e.g. ties.csv) or pass --kind",
            )
        )
    return found


def _check_header(result: FileRead, table: RawTable) -> None:
    tpl = TEMPLATES[table.kind]
    seen: set[str] = set()
    for col in table.columns:
        if col in seen:
            result.problems.append(
                _problem(table.file, "column appears twice in the header", row=1, column=col)
            )
        seen.add(col)
    for col in tpl.required:
        if col not in seen and not (col == "id" and table.kind == "ties"):
            result.problems.append(
                _problem(
                    table.file,
                    f"required column is missing; the {table.kind} file needs: "
                    f"{', '.join(tpl.required)}",
                    row=1,
                    column=col,
                )
            )


# -- CSV ---------------------------------------------------------------------
def _decode(result: FileRead, data: bytes, encoding: str | None) -> str | None:
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            result.problems.append(_problem(result.path, f"cannot be decoded as {encoding}: {exc}"))
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
            _problem(
                result.path, f"is not UTF-8 text (byte 0x{byte} on line {line}){guess}", row=line
            )
        )
        return None


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(result: FileRead, data: bytes, kind: str | None, encoding: str | None) -> None:
    text = _decode(result, data, encoding)
    if text is None:
        return
    if not text.strip():
        result.problems.append(
            _problem(
                result.path,
                "is empty; a file needs a header row naming its columns (see docs/templates.md)",
            )
        )
        return
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delim = _delimiter(first_line)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = normalise_header(next(reader))
    except csv.Error as exc:
        result.problems.append(_problem(result.path, f"header cannot be read: {exc}", row=1))
        return
    found = _resolve_kind(result, result.path, header, kind)
    if found is None:
        return
    table = RawTable(result.path, found, header)
    if delim != ",":
        table.notes.append(f"{result.path}: columns separated by {delim!r}")
    _check_header(result, table)
    try:
        for number, cells in enumerate(reader, start=2):
            _add_row(result, table, number, cells)
    except csv.Error as exc:
        result.problems.append(
            _problem(result.path, f"CSV cannot be read: {exc}", row=reader.line_num)
        )
    result.tables.append(table)


def _add_row(result: FileRead, table: RawTable, number: int, cells: list[Any]) -> None:
    if not any(c not in (None, "") and str(c).strip() for c in cells):
        return  # blank row
    if len(cells) > len(table.columns) and any(str(c).strip() for c in cells[len(table.columns) :]):
        result.problems.append(
            _problem(
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
                _problem(
                    table.file,
                    f"cell holds {len(cell):,} characters; at most {MAX_CELL_CHARS:,} are allowed",
                    row=number,
                    column=col,
                    value=cell[:40],
                )
            )
            return
    table.rows.append((number, cells))


# -- XLSX --------------------------------------------------------------------
def _read_xlsx(result: FileRead, data: bytes, kind: str | None, encoding: str | None) -> None:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        result.problems.append(_problem(result.path, f"is not a readable XLSX workbook: {exc}"))
        return
    sheets = book.worksheets
    for sheet in sheets:
        name = f"{result.path}[{sheet.title}]"
        sheet_kind = (
            kind
            or kind_from_name(sheet.title)
            or (kind_from_name(result.path) if len(sheets) == 1 else None)
        )
        rows = list(sheet.iter_rows(values_only=True))
        if not rows and len(sheets) > 1:
            continue
        if len(sheets) > 1 and sheet_kind is None:
            result.problems.append(
                _problem(
                    name,
                    "sheet name is not a file type; name sheets actors, ties, events, "
                    "participations or sources",
                )
            )
            continue
        _read_sheet(result, name, rows, sheet_kind)
    book.close()


def _header_row(rows: list[tuple], kind: str | None) -> int | None:
    """The number of the first of 50 rows that looks like a header (of ``kind``)."""
    for number, row in enumerate(rows[:50], start=1):
        cells = set(normalise_header(list(row)))
        if kind and set(TEMPLATES[kind].required) - {"id"} <= cells:
            return number
        if not kind and kind_from_columns(sorted(cells)):
            return number
    return None


def _read_sheet(result: FileRead, name: str, rows: list[tuple], kind: str | None) -> None:
    if not rows or not any(c is not None for c in rows[0]):
        later = next((i for i, r in enumerate(rows[:50], 1) if any(c is not None for c in r)), None)
        header_at = _header_row(rows, kind)
        if later is None:
            result.problems.append(_problem(name, "is empty; it needs a header row on row 1"))
        elif header_at is not None and header_at != later:
            result.problems.append(
                _problem(
                    name,
                    f"the header must be on row 1, but it is on row {header_at}; "
                    f"delete rows 1-{header_at - 1}",
                    row=header_at,
                )
            )
        else:
            result.problems.append(
                _problem(
                    name,
                    f"the header must be on row 1, but rows 1-{later - 1} are empty; "
                    f"delete them so the header starts row 1",
                    row=later,
                )
            )
        return
    header = normalise_header(list(rows[0]))
    while header and header[-1] == "":
        header.pop()
    found = kind or kind_from_columns(header)
    if found and not set(TEMPLATES[found].required) - {"id"} <= set(header):
        below = next(
            (
                i
                for i, r in enumerate(rows[1:50], 2)
                if set(TEMPLATES[found].required) - {"id"} <= set(normalise_header(list(r)))
            ),
            None,
        )
        if below:
            result.problems.append(
                _problem(
                    name,
                    f"the header must be on row 1, but it is on row {below}; "
                    f"delete rows 1-{below - 1}",
                    row=below,
                )
            )
            return
    found = _resolve_kind(result, name, header, found)
    if found is None:
        return
    table = RawTable(name, found, header)
    _check_header(result, table)
    for number, cells in enumerate(rows[1:], start=2):
        _add_row(result, table, number, [_xlsx_cell(c) for c in cells])
    result.tables.append(table)


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


# -- JSON --------------------------------------------------------------------
def _read_json(result: FileRead, data: bytes, kind: str | None, encoding: str | None) -> None:
    text = _decode(result, data, encoding)
    if text is None:
        return
    if not text.strip():
        result.problems.append(_problem(result.path, "is empty; it needs a list of records"))
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(
            _problem(
                result.path,
                f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                row=exc.lineno,
            )
        )
        return
    if not isinstance(doc, list):
        shape = (
            f"an object with keys {', '.join(list(doc)[:6])}"
            if isinstance(doc, dict)
            else type(doc).__name__
        )
        result.problems.append(
            _problem(
                result.path, f"must be a JSON list of records ([{{...}}, ...]) but holds {shape}"
            )
        )
        return
    if not doc:  # an empty list: zero records, like a CSV with only a header
        found = _resolve_kind(result, result.path, [], kind)
        if found is not None:
            result.tables.append(RawTable(result.path, found, list(TEMPLATES[found].columns)))
        return
    bad = [i for i, rec in enumerate(doc, 1) if not isinstance(rec, dict)]
    for i in bad[:20]:
        result.problems.append(
            _problem(
                result.path, f"record {i} is a {type(doc[i - 1]).__name__}, not an object", row=i
            )
        )
    if bad:
        return
    columns: list[str] = []
    for rec in doc:
        columns += [k for k in rec if k not in columns]
    found = _resolve_kind(result, result.path, columns, kind)
    if found is None:
        return
    table = RawTable(result.path, found, columns)
    _check_header(result, table)
    for number, rec in enumerate(doc, start=1):
        _add_row(result, table, number, [rec.get(c) for c in columns])
    result.tables.append(table)
