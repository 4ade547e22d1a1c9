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
from operator import methodcaller
from pathlib import Path
from typing import Any

from bioregion.io._raw import (
    BLANK,
    MAX_CELL_CHARS,
    FileRead,
    RawTable,
    add_rows,
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


def file_content(path: str | Path) -> tuple[bytes, str]:
    """A file's bytes and their SHA-256 (hex); raises :class:`OSError`."""
    data = Path(path).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def read_file(
    path: str | Path,
    kind: str | None = None,
    encoding: str | None = None,
    *,
    content: tuple[bytes, str] | None = None,
) -> FileRead:
    """Read one file; its format comes from the suffix. ``content`` is the file's
    :func:`file_content` when the caller has read it already."""
    path = Path(path)
    shown = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise_for = f"unknown file type {path.suffix!r}; use .csv, .xlsx or .json"
        return FileRead(shown, "?", "", problems=[problem(shown, raise_for)])
    try:
        data, digest = content if content is not None else file_content(path)
    except OSError as exc:
        return FileRead(
            shown, fmt, "", problems=[problem(shown, f"cannot be read: {exc.strerror}")]
        )
    result = FileRead(shown, fmt, digest)
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
    # only a quote can open a cell that is never closed: then the start of each row counts
    lines: Any = _Lines(text) if '"' in text else io.StringIO(text, newline="")
    plain = plain_lines(text)
    split = map(methodcaller("split", delim), plain) if plain is not None else None
    reader = split if split is not None else csv.reader(lines, delimiter=delim)
    try:
        header = normalise_header(next(reader))
    except csv.Error as exc:
        result.problems.append(problem(result.path, f"header cannot be read: {exc}", row=1))
        return
    found = resolve_kind(result, result.path, header, kind)
    if found is None:
        if isinstance(lines, _Lines) and lines.offset == len(text):
            _check_quotes(result, text, 0, 1, delim, header)  # the header opens a quote
        return
    table = RawTable(result.path, found, header, text_cells=True)
    if delim != ",":
        table.notes.append(f"{result.path}: columns separated by {delim!r}")
    check_header(result, table)
    long = _may_be_long(text, plain)
    if plain is not None and not long:
        table.by_column = split_columns(plain[1:], len(header), delim)
        if table.by_column is not None:
            _unescape_text_columns(table, text)
            result.tables.append(table)
            return
    records, last_start = _csv_records(result, reader, lines)
    _unescape_text_cells(table, records, text)
    add_rows(result, table, records, may_be_long=long)
    last_number = len(records) + 1
    if isinstance(lines, _Lines) and _check_quotes(
        result, text, last_start, last_number, delim, header
    ):
        table.rows = [(n, cells) for n, cells in table.rows if n != last_number]
    result.tables.append(table)


def plain_lines(text: str) -> list[str] | None:
    """The lines of a text without quotes, ended by ``\\n`` or ``\\r\\n``, which :mod:`csv`
    reads by splitting them at the separator (a blank line gives ``[""]`` where csv
    gives ``[]``: both are blank rows); ``None`` for another text."""
    if '"' in text or text.startswith(("\n", "\r")):
        return None
    ending = "\n"
    if "\r" in text:
        crlf = text.count("\r\n")
        if not crlf == text.count("\r") == text.count("\n"):
            return None  # a carriage return of its own, or mixed line ends
        ending = "\r\n"
    lines = text.split(ending)
    if lines[-1] == "":
        lines.pop()
    return lines


def split_columns(lines: list[str], width: int, delim: str) -> list[list[str]] | None:
    """The cells of plain lines (see :func:`plain_lines`) column by column, when every
    line has ``width`` cells and a first cell that is not blank (so no row is blank or
    too wide, and :func:`~bioregion.io._raw.add_rows` would keep every row as it is);
    else ``None``."""
    if not lines or list(map(methodcaller("count", delim), lines)).count(width - 1) != len(lines):
        return None
    cells = delim.join(lines).split(delim)
    columns = [cells[i::width] for i in range(width)]
    if BLANK.search("\x00".join(["", *columns[0], ""])):
        return None
    return columns


def _may_be_long(text: str, plain: list[str] | None) -> bool:
    """Whether a cell of ``text`` may be longer than :data:`MAX_CELL_CHARS`: not when the
    text is shorter, nor when it has no quotes and no line is longer."""
    if len(text) <= MAX_CELL_CHARS:
        return False
    return plain is None or max(map(len, plain)) > MAX_CELL_CHARS


def _csv_records(result: FileRead, reader: Any, lines: Any) -> tuple[list[list[str]], int]:
    """The rows after the header, and where the last one starts in the text (counted
    only when ``lines`` counts; else 0). A row the csv module cannot read is a problem
    and ends the file there."""
    records: list[list[str]] = []
    last_start = 0
    try:
        if not isinstance(lines, _Lines):
            records.extend(reader)
        else:
            while True:
                start = lines.offset
                records.append(next(reader))
                last_start = start
    except StopIteration:
        pass
    except csv.Error as exc:
        rule = f"CSV cannot be read: {exc}"
        result.problems.append(problem(result.path, rule, row=reader.line_num))
    return records, last_start


def _unescape_text_columns(table: RawTable, text: str) -> None:
    """:func:`_unescape_text_cells` for a table whose cells are column by column."""
    kinds = TEMPLATES[table.kind].kinds
    if "'" not in text or table.by_column is None:
        return
    for column, cells in zip(table.columns, table.by_column, strict=True):
        if kinds.get(column) in TEXT_KINDS:
            for i, cell in enumerate(cells):
                if cell.lstrip().startswith("'"):
                    cells[i] = unescape_formula(cell.strip())


def _unescape_text_cells(table: RawTable, records: list[list[str]], text: str) -> None:
    """Give back the text of cells of text columns written with a protecting apostrophe."""
    kinds = TEMPLATES[table.kind].kinds
    texts = [i for i, c in enumerate(table.columns) if kinds.get(c) in TEXT_KINDS]
    if not texts or "'" not in text:
        return
    for cells in records:
        for i in texts:
            if i < len(cells) and cells[i].lstrip().startswith("'"):
                cells[i] = unescape_formula(cells[i].strip())


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
