"""Broken files get a located error and change nothing: XLSX formulas without a saved
value and CSV quotes that are never closed.

Like ``test_bad_input.py``, every import goes into a store holding the example data and
must leave it exactly as it was.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

from bioregion.io import import_files
from bioregion.store import Store
from tests.io._rejections import find, rejected, write

FORMULA = '=CONCAT("New ","Firm")'


def _workbook_with_formula(path: Path) -> Path:
    """An actors workbook whose B2 is a formula; openpyxl saves no value with it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "actors"
    sheet.append(["id", "name", "kind"])
    sheet.append(["new-firm", FORMULA, "biotech_firm"])
    sheet.append(["other-firm", "Other Firm", "pharma"])
    book.save(path)
    return path


# -- XLSX formulas -----------------------------------------------------------------------
def test_xlsx_formula_without_a_saved_value(loaded: Store, tmp_path: Path) -> None:
    path = _workbook_with_formula(tmp_path / "actors.xlsx")
    problem = find(rejected(loaded, [path]), f"{path}[actors]", 2, "name")
    assert problem.value == FORMULA
    assert "has no saved value" in problem.rule
    assert "open the file in Excel or LibreOffice and save it" in problem.rule
    assert "paste values" in problem.rule


def test_xlsx_formula_with_a_saved_value_is_read_as_that_value(
    loaded: Store, tmp_path: Path
) -> None:
    """What Excel or LibreOffice save: the formula and its value; the value is imported."""
    plain = _workbook_with_formula(tmp_path / "plain.xlsx")
    path = tmp_path / "actors.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = b'<c r="B2"><f>CONCAT("New ","Firm")</f><v></v></c>'
                assert cell in data
                saved = b'<c r="B2" t="str"><f>CONCAT("New ","Firm")</f><v>New Firm</v></c>'
                data = data.replace(cell, saved)
            target.writestr(item, data)
    import_files(loaded, [path])
    assert loaded.actor("new-firm").name == "New Firm"


# -- CSV quotes ------------------------------------------------------------------------------
def test_csv_quote_never_closed_in_the_last_cell(loaded: Store, tmp_path: Path) -> None:
    """Today's csv module reads up to the end of the file and says nothing."""
    content = 'id,name,kind\nnew-firm,New Firm,pharma\nother-firm,Other,"pharma\n'
    path = write(tmp_path, "actors.csv", content)
    [problem] = rejected(loaded, [path])
    assert (problem.file, problem.row, problem.column) == (str(path), 3, "kind")
    assert 'the quote (") that opens this cell on line 3 is never closed' in problem.rule
    assert 'add the closing "' in problem.rule


def test_csv_quote_never_closed_swallows_the_rows_below(loaded: Store, tmp_path: Path) -> None:
    """The line of the quote, not the row: a quoted cell above spans two lines."""
    content = (
        "id,name,kind,description\n"
        'first,First,pharma,"two\nlines"\n'
        'second,"Second,pharma,\n'
        "third,Third,pharma,\n"
    )
    path = write(tmp_path, "actors.csv", content)
    [problem] = rejected(loaded, [path])
    assert (problem.row, problem.column) == (3, "name")
    assert "on line 4 is never closed" in problem.rule
    assert problem.value.startswith('"Second')
