"""Bad input gets a clear error (file, row, column, what to do) and changes nothing.

Every test imports into a store that already holds the example data, so that
"nothing changed" is a real check: counts, batches and every record are compared
before and after.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bioregion.errors import ImportRejectedError
from bioregion.io import import_files
from bioregion.io.readers import MAX_CELL_CHARS
from bioregion.store import Store
from tests.io._rejections import find, rejected, snapshot, write

ACTORS_HEADER = "id,name,kind,founded,country\n"
TIES_HEADER = "kind,source,target,start,stage,upfront,currency\n"


# -- structure ------------------------------------------------------------------------
def test_missing_required_column(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", "id,kind,country\nnew-firm,biotech_firm,BE\n")
    problem = find(rejected(loaded, [path]), path, 1, "name")
    assert "required column is missing" in problem.rule
    assert "id, name, kind" in problem.rule  # says which columns the file needs


def test_missing_required_tie_column(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "ties.csv", "kind,source,target\nlicence,galapagos,gilead\n")
    problem = find(rejected(loaded, [path]), path, 1, "start")
    assert "kind, source, target, start" in problem.rule


def test_unknown_actor_referenced_by_tie(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "ties.csv", TIES_HEADER + "licence,galapagos,nobody,2016,,,\n")
    problem = find(rejected(loaded, [path]), path, 2, "target")
    assert problem.value == "nobody"
    assert problem.rule == "unknown actor; add it to the actors file first"


def test_unknown_event_and_actor_of_participation(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "participations.csv", "event,actor\nno-such-event,nobody\n")
    problems = rejected(loaded, [path])
    assert "add it to the events file" in find(problems, path, 2, "event").rule
    assert "add it to the actors file" in find(problems, path, 2, "actor").rule


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("2019-02-30", "2019-02-30 is not a calendar date"),
        ("3019", "year 3019 is outside 1000-2100"),
        ("2019/02/01", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2019-13", "month 13 does not exist"),
        ("2099", "lies in the future"),
    ],
)
def test_invalid_or_impossible_date(loaded: Store, tmp_path: Path, value: str, rule: str) -> None:
    path = write(
        tmp_path, "actors.csv", ACTORS_HEADER + f"new-firm,New Firm,biotech_firm,{value},BE\n"
    )
    problem = find(rejected(loaded, [path]), path, 2, "founded")
    assert problem.value == value
    assert rule in problem.rule


@pytest.mark.parametrize(
    ("cell", "rule"),
    [
        ("-5000000", "must not be negative"),
        ("25M", "must be a number (e.g. 25000000 or 2.5e7), without units or currency"),
        ('"1,5"', "write 1500000 or 1.5, without , separators"),
        ('"1,500,000"', "without , separators"),
        ("EUR 5", "without units or currency"),
    ],
)
def test_bad_amount(loaded: Store, tmp_path: Path, cell: str, rule: str) -> None:
    path = write(tmp_path, "ties.csv", TIES_HEADER + f"licence,galapagos,gilead,2016,,{cell},EUR\n")
    problem = find(rejected(loaded, [path]), path, 2, "upfront")
    assert rule in problem.rule
    assert problem.value


def test_unknown_kind_and_stage(loaded: Store, tmp_path: Path) -> None:
    actors = write(tmp_path, "actors.csv", ACTORS_HEADER + "new-firm,New Firm,startup,2001,BE\n")
    ties = write(tmp_path, "ties.csv", TIES_HEADER + "licence,galapagos,gilead,2016,phase4,,\n")
    problems = rejected(loaded, [actors, ties])
    kind = find(problems, actors, 2, "kind")
    assert kind.value == "startup"
    assert kind.rule.startswith("unknown kind; use one of: biotech_firm, pharma, university")
    stage = find(problems, ties, 2, "stage")
    assert stage.value == "phase4"
    assert "use one of: discovery, preclinical, phase1" in stage.rule


def test_unknown_tie_kind(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "ties.csv", TIES_HEADER + "partnership,galapagos,gilead,2016,,,\n")
    assert "use one of: rd_collaboration" in find(rejected(loaded, [path]), path, 2, "kind").rule


# -- duplicates -----------------------------------------------------------------------
def test_duplicate_id_with_conflicting_content_in_one_file(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actors.csv",
        ACTORS_HEADER
        + "new-firm,New Firm,biotech_firm,2001,BE\n"
        + "other,Other,pharma,2001,BE\n"
        + "new-firm,New Firm SA,biotech_firm,2002,BE\n",
    )
    problem = find(rejected(loaded, [path]), path, 4, "id")
    assert problem.value == "new-firm"
    assert "duplicate actor key" in problem.rule
    assert "row 2" in problem.rule
    assert "name" in problem.rule and "founded" in problem.rule


def test_duplicate_id_across_two_files(loaded: Store, tmp_path: Path) -> None:
    first = write(
        tmp_path, "actors.csv", ACTORS_HEADER + "new-firm,New Firm,biotech_firm,2001,BE\n"
    )
    rows = "x,X,pharma,,US\nnew-firm,New Firm,biotech_firm,2001,NL\n"
    second = write(tmp_path, "more-actors.csv", ACTORS_HEADER + rows)
    problems = rejected(loaded, [first, second])
    problem = find(problems, second, 3, "id")
    assert "duplicate actor key" in problem.rule
    assert "country" in problem.rule
    assert len(problems) == 1


def test_duplicate_across_files_names_the_other_file(loaded: Store, tmp_path: Path) -> None:
    first = write(
        tmp_path, "actors.csv", ACTORS_HEADER + "new-firm,New Firm,biotech_firm,2001,BE\n"
    )
    second = write(
        tmp_path, "more-actors.csv", ACTORS_HEADER + "new-firm,New Firm,biotech_firm,2001,NL\n"
    )
    [problem] = rejected(loaded, [first, second])
    assert "actors.csv" in problem.rule


def test_exact_duplicates_are_harmless(loaded: Store, tmp_path: Path) -> None:
    row = "new-firm,New Firm,biotech_firm,2001,BE\n"
    first = write(tmp_path, "actors.csv", ACTORS_HEADER + row + row)
    second = write(tmp_path, "more-actors.csv", ACTORS_HEADER + row)
    report = import_files(loaded, [first, second])
    assert report.counts["actor"] == {"created": 1, "updated": 0, "unchanged": 0}


# -- encodings and separators ---------------------------------------------------------
ULIEGE = "uliege,Université de Liège,university,1817,BE\n"


def test_windows_1252_file(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", (ACTORS_HEADER + ULIEGE).encode("cp1252"))
    problems = rejected(loaded, [path])
    [problem] = problems
    assert (problem.file, problem.row) == (str(path), 2)  # the line of the first bad byte
    assert "is not UTF-8" in problem.rule
    assert "0xE9" in problem.rule
    assert "--encoding cp1252" in problem.rule


def test_windows_1252_file_with_encoding(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", (ACTORS_HEADER + ULIEGE).encode("cp1252"))
    report = import_files(loaded, [path], encoding="cp1252")
    assert report.counts["actor"]["created"] == 1
    assert loaded.actor("uliege").name == "Université de Liège"


def test_wrong_encoding_name(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", ACTORS_HEADER + ULIEGE)
    [problem] = rejected(loaded, [path], encoding="no-such-codec")
    assert "cannot be decoded as no-such-codec" in problem.rule


def test_utf8_with_bom(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", b"\xef\xbb\xbf" + (ACTORS_HEADER + ULIEGE).encode())
    report = import_files(loaded, [path])
    assert report.counts["actor"]["created"] == 1
    actor = loaded.actor("uliege")  # the first column, "id", was recognised
    assert actor.name == "Université de Liège"
    assert all("\ufeff" not in a.id and "\ufeff" not in a.name for a in loaded.actors())


def test_utf16_with_bom(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", (ACTORS_HEADER + ULIEGE).encode("utf-16"))
    import_files(loaded, [path])
    assert loaded.actor("uliege").name == "Université de Liège"


def test_semicolon_separated(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actors.csv",
        "id;name;kind;founded;country;tags\n"
        'uliege;Université de Liège;university;1817;BE;"academic;wallonia"\n'
        "new-firm;New Firm, SA;biotech_firm;2001;BE;\n",
    )
    report = import_files(loaded, [path])
    assert report.counts["actor"]["created"] == 2
    assert loaded.actor("uliege").tags == ("academic", "wallonia")
    assert loaded.actor("new-firm").name == "New Firm, SA"
    assert any("separated by ';'" in note for note in report.notes)
    [batch_file] = loaded.batches()[-1].files
    assert any("separated by ';'" in note for note in batch_file["notes"])


def test_semicolon_separated_with_decimal_comma(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ties.csv",
        "kind;source;target;start;upfront;currency\nlicence;galapagos;gilead;2016;1,5;EUR\n",
    )
    problem = find(rejected(loaded, [path]), path, 2, "upfront")
    assert problem.value == "1,5"
    assert "write 1500000 or 1.5" in problem.rule


def test_tab_separated(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path, "actors.tsv", ACTORS_HEADER.replace(",", "\t") + ULIEGE.replace(",", "\t")
    )
    report = import_files(loaded, [path])
    assert report.counts["actor"]["created"] == 1
    assert any("separated by '\\t'" in note for note in report.notes)


# -- empty and oversized ----------------------------------------------------------------
def test_empty_file(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", b"")
    [problem] = rejected(loaded, [path])
    assert problem.file == str(path)
    assert "is empty" in problem.rule and "header row" in problem.rule


def test_empty_file_rejects_the_other_files_too(loaded: Store, tmp_path: Path) -> None:
    empty = write(tmp_path, "ties.csv", b"")
    good = write(tmp_path, "actors.csv", ACTORS_HEADER + ULIEGE)
    [problem] = rejected(loaded, [good, empty])
    assert problem.file == str(empty)


def test_header_only_file(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", ACTORS_HEADER)
    before = loaded.dataset()
    report = import_files(loaded, [path])
    assert report.batch.total("created") == report.batch.total("updated") == 0
    assert report.files[0]["rows"] == {"actors": 0}
    assert loaded.dataset() == before


def test_ten_megabyte_cell(loaded: Store, tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "name", "kind", "description"])
    writer.writerow(["small", "Small", "pharma", "fine"])
    writer.writerow(["big", "Big", "pharma", "x" * 10_000_000])
    path = write(tmp_path, "actors.csv", buffer.getvalue())
    problem = find(rejected(loaded, [path]), path, 3, "description")
    assert "10,000,000 characters" in problem.rule
    assert f"at most {MAX_CELL_CHARS:,}" in problem.rule
    assert len(problem.value) <= 60  # the value shown is cut short


def _xlsx(path: Path, rows: list[list[Any]], title: str = "actors") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            sheet.cell(number, col, value)
    book.save(path)
    return path


HEADER_ROW = ["id", "name", "kind"]
DATA_ROW = ["new-firm", "New Firm", "biotech_firm"]


@pytest.mark.parametrize(
    "before",
    [
        [["List of actors, 2024"], []],  # a title, then an empty row
        [[], ["List of actors, 2024"]],  # an empty row, then a title
        [[], []],  # two empty rows
        [["List of actors"], ["compiled by hand"]],
    ],
    ids=["title-empty", "empty-title", "empty-empty", "title-title"],
)
def test_xlsx_header_not_on_row_one(loaded: Store, tmp_path: Path, before: list[list[Any]]) -> None:
    path = _xlsx(tmp_path / "actors.xlsx", [*before, HEADER_ROW, DATA_ROW])
    [problem] = rejected(loaded, [path])
    assert problem.file == f"{path}[actors]"
    assert problem.row == 3
    assert "the header must be on row 1" in problem.rule
    assert "delete" in problem.rule and "1-2" in problem.rule


def test_xlsx_header_on_row_one(loaded: Store, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "actors.xlsx", [HEADER_ROW, DATA_ROW])
    assert import_files(loaded, [path]).counts["actor"]["created"] == 1


def test_xlsx_empty_sheet(loaded: Store, tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "actors.xlsx", [])
    [problem] = rejected(loaded, [path])
    assert "is empty" in problem.rule


def test_xlsx_sheet_name_not_a_file_type(loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "actors"
    first.append(HEADER_ROW)
    book.create_sheet("Sheet2").append(["a", "b"])
    book.save(path)
    [problem] = rejected(loaded, [path])
    assert problem.file == f"{path}[Sheet2]"
    assert "name sheets actors, ties" in problem.rule


def test_not_an_xlsx_file(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.xlsx", b"id,name,kind\n")
    [problem] = rejected(loaded, [path])
    assert "is not a readable XLSX workbook" in problem.rule


# -- JSON -----------------------------------------------------------------------------------
def test_json_object_instead_of_list(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actors.json",
        json.dumps({"actors": [dict(zip(HEADER_ROW, DATA_ROW, strict=True))]}),
    )
    [problem] = rejected(loaded, [path])
    assert problem.file == str(path)
    assert "must be a JSON list of records" in problem.rule
    assert "an object with keys actors" in problem.rule


def test_json_list_with_a_string(loaded: Store, tmp_path: Path) -> None:
    record = dict(zip(HEADER_ROW, DATA_ROW, strict=True))
    path = write(tmp_path, "actors.json", json.dumps([record, "uliege"]))
    [problem] = rejected(loaded, [path])
    assert (problem.file, problem.row) == (str(path), 2)
    assert problem.rule == "record 2 is a str, not an object"


def test_json_syntax_error(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.json", '[\n  {"id": "a",}\n]')
    [problem] = rejected(loaded, [path])
    assert problem.row == 2
    assert "is not valid JSON" in problem.rule and "line 2" in problem.rule


def test_json_value_of_wrong_shape(loaded: Store, tmp_path: Path) -> None:
    record = dict(zip(HEADER_ROW, DATA_ROW, strict=True)) | {"name": ["a", "b"], "founded": True}
    path = write(tmp_path, "actors.json", json.dumps([record]))
    problems = rejected(loaded, [path])
    assert "must be text" in find(problems, path, 1, "name").rule
    assert find(problems, path, 1, "founded").rule


# -- columns and cells ------------------------------------------------------------------------
def test_unknown_columns(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actors.csv",
        "id,name,kind,website,ceo\nnew-firm,New Firm,pharma,http://x.be,Ann\n",
    )
    problem = find(rejected(loaded, [path]), path, 1, "website, ceo")
    assert "unknown column(s)" in problem.rule
    assert "--allow-extra-columns" in problem.rule
    assert "id, name, kind, tags" in problem.rule  # the columns the template has


def test_unknown_columns_allowed(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "actors.csv",
        "id,name,kind,website,ceo\nnew-firm,New Firm,pharma,http://x.be,Ann\n",
    )
    report = import_files(loaded, [path], allow_extra_columns=True)
    assert report.counts["actor"]["created"] == 1
    assert any("skipped unknown column(s) website, ceo" in note for note in report.notes)
    assert any("website" in n for n in loaded.batches()[-1].files[0]["notes"])


def test_column_given_twice(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", "id,name,kind,name\nnew-firm,New Firm,pharma,Other\n")
    problem = find(rejected(loaded, [path]), path, 1, "name")
    assert problem.rule == "column appears twice in the header"


def test_row_with_more_cells_than_header(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path, "actors.csv", "id,name,kind\nnew-firm,New Firm,pharma,oops\nother,Other,pharma\n"
    )
    [problem] = rejected(loaded, [path])
    assert (problem.file, problem.row) == (str(path), 2)
    assert problem.rule == "row has 4 cells but the header names 3 columns"


def test_row_with_fewer_cells_than_header(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", "id,name,kind,country\nnew-firm,New Firm,pharma\n")
    assert import_files(loaded, [path]).counts["actor"]["created"] == 1
    assert loaded.actor("new-firm").country == ""


def test_unknown_file_type(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.xls", b"\xd0\xcf\x11\xe0")
    [problem] = rejected(loaded, [path])
    assert "unknown file type '.xls'" in problem.rule


def test_missing_file(loaded: Store, tmp_path: Path) -> None:
    [problem] = rejected(loaded, [tmp_path / "actors.csv"])
    assert "cannot be read" in problem.rule


def test_no_files(loaded: Store) -> None:
    before = snapshot(loaded)
    with pytest.raises(ImportRejectedError, match="nothing to import") as info:
        import_files(loaded, [])
    assert [p.rule for p in info.value.problems] == ["no files given"]
    assert snapshot(loaded) == before


# -- every problem, not only the first --------------------------------------------------------
def test_all_problems_are_listed(loaded: Store, tmp_path: Path) -> None:
    actors = write(
        tmp_path,
        "actors.csv",
        "id,name,kind,founded,lat,lon\n"
        "a1,A,startup,2000,,\n"
        "a2,B,pharma,2000-13,,\n"
        "a3,C,pharma,2000,91,4\n"
        "a4,D,pharma,2000,,\n",
    )
    ties = write(
        tmp_path,
        "ties.csv",
        TIES_HEADER
        + "licence,galapagos,nobody,2016,,,\n"
        + "licence,galapagos,gilead,2016,,25M,EUR\n",
    )
    problems = rejected(loaded, [ties, actors])
    assert len(problems) >= 5
    find(problems, actors, 2, "kind")
    find(problems, actors, 3, "founded")
    find(problems, actors, 4, "lat")
    find(problems, ties, 2, "target")
    find(problems, ties, 3, "upfront")
    assert not [p for p in problems if p.row == 5]
    assert problems == sorted(problems, key=lambda p: (p.file, p.row or 0, p.column, p.rule))


def test_problem_message_names_file_row_and_column(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", ACTORS_HEADER + "new-firm,New Firm,startup,2001,BE\n")
    with pytest.raises(ImportRejectedError) as info:
        import_files(loaded, [path])
    assert f"{path}, row 2, column 'kind' (value 'startup'): unknown kind" in str(info.value)
