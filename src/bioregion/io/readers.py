"""Reading CSV, XLSX and JSON files into raw tables, with every problem located.

A reader does not judge values, only the shape of the file: encoding, separator,
header, cell sizes, record structure. Values are checked when they become records
(:func:`bioregion.io.importer.records_from_table`). This module reads CSV and picks
the reader of each format (:mod:`bioregion.io._read_xlsx`, :mod:`bioregion.io._read_json`).

CSV cells of text columns written by the export with a protecting apostrophe (see
:func:`bioregion.io.cells.escape_formula`) get their text back here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from pathlib import Path
from typing import Any

from bioregion.io._raw import (
    MAX_CELL_CHARS,
    FileRead,
    RawTable,
    add_row,
    check_header,
    decode_text,
    kind_from_columns,
    kind_from_name,
    normalise_header,
    problem,
    resolve_kind,
)
from bioregion.io._read_json import read_json
from bioregion.io._read_xlsx import read_xlsx
from bioregion.io.cells import TEXT_KINDS, unescape_formula
from bioregion.io.templates import TEMPLATES

__all__ = [
    "FORMATS",
    "MAX_CELL_CHARS",
    "FileRead",
    "RawTable",
    "kind_from_columns",
    "kind_from_name",
    "normalise_header",
    "read_file",
]

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_file(path: str | Path, kind: str | None = None, encoding: str | None = None) -> FileRead:
    """Read one file; its format comes from the suffix."""
    path = Path(path)
    shown = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise_for = f"unknown file type {path.suffix!r}; use .csv, .xlsx or .json"
        return FileRead(shown, "?", "", problems=[problem(shown, raise_for)])
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileRead(
            shown, fmt, "", problems=[problem(shown, f"cannot be read: {exc.strerror}")]
        )
    result = FileRead(shown, fmt, hashlib.sha256(data).hexdigest())
    reader = {"csv": _read_csv, "xlsx": read_xlsx, "json": read_json}[fmt]
    reader(result, data, kind, encoding)
    return result


# -- CSV ---------------------------------------------------------------------
class _Lines:
    """The lines of a text for :func:`csv.reader`, counting the characters handed out
    (so that the start of each row is known)."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.offset = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.offset += len(line)
        return line


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(result: FileRead, data: bytes, kind: str | None, encoding: str | None) -> None:
    text = decode_text(result, data, encoding)
    if text is None:
        return
    if not text.strip():
        result.problems.append(
            problem(
                result.path,
                "is empty; a file needs a header row naming its columns (see docs/templates.md)",
            )
        )
        return
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delim = _delimiter(first_line)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=delim)
    try:
        header = normalise_header(next(reader))
    except csv.Error as exc:
        result.problems.append(problem(result.path, f"header cannot be read: {exc}", row=1))
        return
    found = resolve_kind(result, result.path, header, kind)
    if found is None:
        if lines.offset == len(text):  # the header is the only row: it may open a quote
            _check_quotes(result, text, 0, 1, delim, header)
        return
    table = RawTable(result.path, found, header)
    if delim != ",":
        table.notes.append(f"{result.path}: columns separated by {delim!r}")
    check_header(result, table)
    last_start, last_number = _csv_rows(result, table, reader, lines)
    if _check_quotes(result, text, last_start, last_number, delim, header):
        table.rows = [(n, cells) for n, cells in table.rows if n != last_number]
    result.tables.append(table)


def _csv_rows(result: FileRead, table: RawTable, reader: Any, lines: _Lines) -> tuple[int, int]:
    """Add the data rows to ``table``; return where the last row starts and its number."""
    kinds = TEMPLATES[table.kind].kinds
    texts = [i for i, c in enumerate(table.columns) if kinds.get(c) in TEXT_KINDS]
    last_start, number = 0, 1
    while True:
        start = lines.offset
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rule = f"CSV cannot be read: {exc}"
            result.problems.append(problem(result.path, rule, row=reader.line_num))
            break
        last_start, number = start, number + 1
        for i in texts:
            if i < len(cells) and cells[i].lstrip().startswith("'"):
                cells[i] = unescape_formula(cells[i].strip())
        add_row(result, table, number, cells)
    return last_start, number


def _check_quotes(
    result: FileRead, text: str, start: int, number: int, delim: str, header: list[str]
) -> bool:
    """Whether the last row (from ``start``) opens a quoted cell it never closes; if so,
    replace the problems of that row by one that says where the quote is."""
    found = _unclosed_quote(text[start:], delim)
    if found is None:
        return False
    at, index = found
    line = 1 + len(_LINE_BREAK.findall(text, 0, start + at))
    result.problems[:] = [
        p for p in result.problems if not (p.file == result.path and p.row == number)
    ]
    result.problems.append(
        problem(
            result.path,
            f'the quote (") that opens this cell on line {line} is never closed, so the rest '
            'of the file was read as one cell; add the closing ", or write a quote that is '
            'part of the text as "" inside a quoted cell',
            row=number,
            column=header[index] if index < len(header) else "",
            value=text[start + at : start + at + 40],
        )
    )
    return True


def _unclosed_quote(text: str, delim: str) -> tuple[int, int] | None:
    """(offset of the quote, index of its cell in the row) of a quoted cell that ``text``
    (which starts at the start of a row) never closes, or ``None``.

    Follows :mod:`csv` (Excel dialect): a quote opens a quoted cell only as the first
    character of a cell; inside it ``""`` is a quote and a lone ``"`` closes it.
    """
    stops = re.compile(f"[{re.escape(delim)}\r\n]")
    pos, index = 0, 0
    while pos < len(text):
        if text[pos] == '"':
            end = pos + 1
            while True:
                end = text.find('"', end)
                if end == -1:
                    return pos, index
                if not text.startswith('"', end + 1):
                    break
                end += 2
            pos = end + 1
        stop = stops.search(text, pos)
        if stop is None:
            return None
        index = index + 1 if stop.group() == delim else 0
        pos = stop.end()
    return None
