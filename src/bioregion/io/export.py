"""Table export: the store's records as template files (CSV, JSON or one XLSX workbook).

Exports use the import templates column for column, so ``export -> import`` into an
empty store gives the same records back (a test checks this for generated data).

Spreadsheet formulas: a spreadsheet opening a CSV file runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) as a formula. So the CSV
export writes a text (of a text, list or identifiers column) that starts with one of
these characters with an apostrophe ``'`` before it, and a text that already starts
with an apostrophe followed by one of them or by another apostrophe with one more
apostrophe; the import removes that one apostrophe again, so export -> import stays
lossless (:func:`bioregion.io.cells.escape_formula`). Numbers and dates are written as
they are. XLSX cells are always written as text (never formulas) and JSON keeps types,
so neither needs an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bioregion.errors import ExportError
from bioregion.io._atomic import atomic_write, check_target
from bioregion.io.cells import csv_cell, format_cell, json_value
from bioregion.io.templates import IMPORT_ORDER, TEMPLATES
from bioregion.model.dataset import Dataset
from bioregion.store.store import Store

TABLE_FORMATS = ("csv", "json", "xlsx")


def _rows(dataset: Dataset, name: str, for_csv: bool = False) -> Iterator[list[str]]:
    tpl = TEMPLATES[name]
    kinds = tpl.kinds
    cell = csv_cell if for_csv else format_cell
    for record in dataset.records(tpl.record_type):
        yield [cell(getattr(record, c), kinds[c]) for c in tpl.columns]


def _write_csv(dataset: Dataset, name: str, path: Path) -> None:
    def write(raw: IO[bytes]) -> None:
        fh = io.TextIOWrapper(raw, encoding="utf-8", newline="")  # type: ignore[arg-type]
        writer = csv.writer(fh)  # "\r\n" rows, so a lone "\r" in a cell gets quoted
        writer.writerow(TEMPLATES[name].columns)
        writer.writerows(_rows(dataset, name, for_csv=True))
        fh.flush()
        fh.detach()  # the caller closes the file

    atomic_write(path, write)


def _write_json(dataset: Dataset, name: str, path: Path) -> None:
    tpl = TEMPLATES[name]
    kinds = tpl.kinds
    records = [
        {c: json_value(getattr(r, c), kinds[c]) for c in tpl.columns}
        for r in dataset.records(tpl.record_type)
    ]
    text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def _write_xlsx(dataset: Dataset, path: Path) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    check_target(path)  # before the workbook exists: a failed save leaves its sheets open
    book = openpyxl.Workbook(write_only=True)
    for name in IMPORT_ORDER:
        sheet = book.create_sheet(name)
        sheet.append(list(TEMPLATES[name].columns))
        for row in _rows(dataset, name):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text stays text: "=..." is never a formula
                cells.append(cell)
            sheet.append(cells)
    atomic_write(path, book.save)


def export_tables(data: Store | Dataset, out: str | Path, *, format: str = "csv") -> list[Path]:
    """Write every record type as template files.

    ``csv`` and ``json`` write ``sources``, ``actors``, ``events``, ``ties`` and
    ``participations`` files into the directory ``out``; ``xlsx`` writes one workbook
    ``out`` (a path ending in ``.xlsx``) with one sheet per type. Returns the paths.
    """
    if format not in TABLE_FORMATS:
        raise ExportError(
            f"unknown table format {format!r}; use one of: {', '.join(TABLE_FORMATS)}"
        )
    dataset = data.dataset() if isinstance(data, Store) else data
    out = Path(out)
    if format == "xlsx":
        if out.suffix.lower() != ".xlsx":
            out = out / "bioregion.xlsx"
        _write_xlsx(dataset, out)
        return [out]
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file; give a directory to write {format.upper()} files into")
    paths = []
    for name in IMPORT_ORDER:
        path = out / f"{name}.{format}"
        (_write_csv if format == "csv" else _write_json)(dataset, name, path)
        paths.append(path)
    return paths
