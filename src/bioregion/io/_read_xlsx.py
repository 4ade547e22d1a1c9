"""Reading an XLSX workbook: one table per sheet, every problem located.

A formula cell is read as the value the spreadsheet saved with it. A program that
writes formulas without calculating them (openpyxl, many exporters) saves no value:
such a cell is a located problem, not an empty cell.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from bioregion.errors import Problem
from bioregion.io._raw import (
    FileRead,
    RawTable,
    add_row,
    check_header,
    kind_from_columns,
    kind_from_name,
    normalise_header,
    problem,
    resolve_kind,
)
from bioregion.io.templates import TEMPLATES


@dataclass
class _Sheet:
    """The cell values of one sheet, and its formulas that have no saved value."""

    title: str
    rows: list[list[Any]]
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    unsaved: dict[tuple[int, int], str] = field(default_factory=dict)


def read_xlsx(result: FileRead, data: bytes, kind: str | None, encoding: str | None) -> None:
    """Read every sheet of a workbook into ``result``."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheets = [_sheet(ws) for ws in book.worksheets]
        book.close()
        if any(s.formulas for s in sheets):
            _saved_values(data, sheets)
    except Exception as exc:  # openpyxl raises many types for broken files
        result.problems.append(problem(result.path, f"is not a readable XLSX workbook: {exc}"))
        return
    for sheet in sheets:
        name = f"{result.path}[{sheet.title}]"
        sheet_kind = (
            kind
            or kind_from_name(sheet.title)
            or (kind_from_name(result.path) if len(sheets) == 1 else None)
        )
        if not sheet.rows and len(sheets) > 1:
            continue
        if len(sheets) > 1 and sheet_kind is None:
            result.problems.append(
                problem(
                    name,
                    "sheet name is not a file type; name sheets actors, ties, events, "
                    "participations or sources",
                )
            )
            continue
        _read_sheet(result, name, sheet, sheet_kind)


def _sheet(ws: Any) -> _Sheet:
    """The values of a sheet read with formulas; formula cells are left empty for now."""
    sheet = _Sheet(ws.title, [])
    for r, row in enumerate(ws.iter_rows()):
        values = []
        for c, cell in enumerate(row):
            if cell.data_type == "f":
                sheet.formulas[(r, c)] = str(getattr(cell.value, "text", cell.value))
                values.append(None)
            else:
                values.append(cell.value)
        sheet.rows.append(values)
    return sheet


def _saved_values(data: bytes, sheets: list[_Sheet]) -> None:
    """Fill formula cells with the values saved with them; note those without one."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for sheet in sheets:
        if not sheet.formulas:
            continue
        saved = list(book[sheet.title].iter_rows(values_only=True))
        for (r, c), formula in sheet.formulas.items():
            value = saved[r][c] if r < len(saved) and c < len(saved[r]) else None
            if value is None:
                sheet.unsaved[(r, c)] = formula
            else:
                sheet.rows[r][c] = value
    book.close()


def _header_row(rows: list[list[Any]], kind: str | None) -> int | None:
    """The number of the first of 50 rows that looks like a header (of ``kind``)."""
    for number, row in enumerate(rows[:50], start=1):
        cells = set(normalise_header(list(row)))
        if kind and set(TEMPLATES[kind].required) - {"id"} <= cells:
            return number
        if not kind and kind_from_columns(sorted(cells)):
            return number
    return None


def _empty_first_row(result: FileRead, name: str, rows: list[list[Any]], kind: str | None) -> None:
    later = next((i for i, r in enumerate(rows[:50], 1) if any(c is not None for c in r)), None)
    header_at = _header_row(rows, kind)
    if later is None:
        result.problems.append(problem(name, "is empty; it needs a header row on row 1"))
    elif header_at is not None and header_at != later:
        result.problems.append(
            problem(
                name,
                f"the header must be on row 1, but it is on row {header_at}; "
                f"delete rows 1-{header_at - 1}",
                row=header_at,
            )
        )
    else:
        result.problems.append(
            problem(
                name,
                f"the header must be on row 1, but rows 1-{later - 1} are empty; "
                f"delete them so the header starts row 1",
                row=later,
            )
        )


def _header_further_down(result: FileRead, name: str, rows: list[list[Any]], kind: str) -> bool:
    """Whether a row below row 1 is the header (a problem then says so)."""
    needed = set(TEMPLATES[kind].required) - {"id"}
    below = next(
        (i for i, r in enumerate(rows[1:50], 2) if needed <= set(normalise_header(list(r)))),
        None,
    )
    if below:
        result.problems.append(
            problem(
                name,
                f"the header must be on row 1, but it is on row {below}; delete rows 1-{below - 1}",
                row=below,
            )
        )
    return below is not None


def _read_sheet(result: FileRead, name: str, sheet: _Sheet, kind: str | None) -> None:
    rows = sheet.rows
    if not rows or not any(c is not None for c in rows[0]):
        _empty_first_row(result, name, rows, kind)
        return
    header = normalise_header(list(rows[0]))
    while header and header[-1] == "":
        header.pop()
    found = kind or kind_from_columns(header)
    needed = set(TEMPLATES[found].required) - {"id"} if found else set()
    if found and not needed <= set(header) and _header_further_down(result, name, rows, found):
        return
    found = resolve_kind(result, name, header, found)
    if found is None:
        return
    table = RawTable(name, found, header)
    check_header(result, table)
    result.problems += [_unsaved_formula(name, header, at, f) for at, f in sheet.unsaved.items()]
    for number, cells in enumerate(rows[1:], start=2):
        add_row(result, table, number, [_xlsx_cell(c) for c in cells])
    result.tables.append(table)


def _unsaved_formula(name: str, header: list[str], at: tuple[int, int], formula: str) -> Problem:
    from openpyxl.utils import get_column_letter

    r, c = at
    column = header[c] if c < len(header) and header[c] else get_column_letter(c + 1)
    return problem(
        name,
        f"the formula {formula} has no saved value (the file was written by a program that "
        "does not calculate formulas); open the file in Excel or LibreOffice and save it, "
        "or replace the formulas by their values (copy, then paste values only)",
        row=r + 1,
        column=column,
        value=formula,
    )


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, str) and "\r" in value:
        # XML keeps a line break as "\n" unless the writer escaped "\r" (openpyxl does
        # with lxml installed, not without): read it as "\n" either way
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value
