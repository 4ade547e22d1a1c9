"""Importing template files: examples, XLSX and JSON, kinds, tie ids, idempotency, updates."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bioregion.errors import ImportRejectedError
from bioregion.io import TEMPLATES, import_files, read_dataset
from bioregion.io.examples import EXAMPLES
from bioregion.io.importer import derived_tie_id
from bioregion.io.readers import kind_from_columns, kind_from_name, read_file
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.store import Store

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.csv"))
EXAMPLE_COUNTS = {"source": 6, "actor": 8, "event": 1, "tie": 5, "participation": 3}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def examples_dataset(tmp_path: Path) -> Dataset:
    """The examples as a store gives them back."""
    with Store.open(tmp_path / "reference.db", create=True) as reference:
        import_files(reference, EXAMPLE_FILES)
        return reference.dataset()


# -- the examples ------------------------------------------------------------------------------
def test_examples_import(store: Store) -> None:
    report = import_files(store, EXAMPLE_FILES)
    assert store.counts() == EXAMPLE_COUNTS
    assert report.counts == {
        k: {"created": n, "updated": 0, "unchanged": 0} for k, n in EXAMPLE_COUNTS.items()
    }
    assert report.notes == []
    assert "actors: 8 new" in report.summary()

    deal = next(t for t in store.ties() if t.id == "galapagos-abbott-2012")
    assert deal.kind == "option"
    assert (deal.source, deal.target) == ("galapagos", "abbott")
    assert deal.start == PartialDate(2012, 2, 29)
    assert deal.end == PartialDate(2015, 9, 25)
    assert deal.upfront == 150_000_000.0
    assert deal.currency == "USD"
    assert deal.sources == ("cen-2012-abbott-galapagos", "fierce-2015-abbvie-opt-out")

    galapagos = store.actor("galapagos")
    assert galapagos.tags == ("red_biotech", "listed")
    assert galapagos.founded == PartialDate(1999)
    assert store.actor("ecsite").identifiers == {"pic": "998448452", "vat": "BE0443655135"}
    [doors] = store.events()
    assert doors.start == PartialDate(2021, 10, 1)
    assert {p.actor: p.role for p in store.participations()}["ars-electronica"] == "coordinator"


def test_examples_batch_is_recorded(sqlite_store: Store) -> None:
    report = import_files(sqlite_store, EXAMPLE_FILES, label="examples")
    [batch] = sqlite_store.batches()
    assert batch.id == report.batch_id
    assert batch.label == "examples"
    assert batch.counts == report.counts
    assert batch.finished_at is not None
    recorded = {Path(f["path"]).name: f for f in batch.files}
    assert set(recorded) == {p.name for p in EXAMPLE_FILES}
    assert recorded["ties.csv"]["rows"] == {"ties": 5}
    assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in batch.files)


def test_default_label_names_the_files(sqlite_store: Store) -> None:
    import_files(sqlite_store, EXAMPLE_FILES)
    assert sqlite_store.batches()[0].label == ", ".join(p.name for p in EXAMPLE_FILES)


def test_read_dataset_without_store() -> None:
    dataset, reads, problems = read_dataset(EXAMPLE_FILES)
    assert problems == []
    assert dataset.counts() == EXAMPLE_COUNTS
    assert [r.format for r in reads] == ["csv"] * 5
    assert dataset.problems() == []


# -- XLSX and JSON ---------------------------------------------------------------------------
def _typed(value: str, kind: str) -> Any:
    """A cell as a spreadsheet user would type it: numbers and dates as such."""
    if kind in ("float", "date") and re.fullmatch(r"\d+", value):
        return int(value)
    if kind == "float" and re.fullmatch(r"\d+\.\d+", value):
        return float(value)
    if kind == "date" and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return dt.datetime.fromisoformat(value)
    return value or None


@pytest.mark.parametrize("typed", [False, True], ids=["text-cells", "typed-cells"])
def test_xlsx_workbook_with_a_sheet_per_type(
    sqlite_store: Store, tmp_path: Path, examples_dataset: Dataset, typed: bool
) -> None:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for path in reversed(EXAMPLE_FILES):  # sheet order does not matter
        name = path.stem
        kinds = TEMPLATES[name].kinds
        sheet = book.create_sheet(name.capitalize())  # sheet names in any case
        rows = _rows(path)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([_typed(v, kinds[k]) if typed else v for k, v in row.items()])
    path = tmp_path / "belgium.xlsx"
    book.save(path)

    report = import_files(sqlite_store, [path])
    assert sqlite_store.counts() == EXAMPLE_COUNTS
    assert {name: n for f in report.files for name, n in f["rows"].items()} == {
        "ties": 5,
        "participations": 3,
        "events": 1,
        "actors": 8,
        "sources": 6,
    }
    assert sqlite_store.dataset() == examples_dataset


def test_xlsx_single_sheet_kind_from_file_name(sqlite_store: Store, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["id", "url", "title"])
    sheet.append(["s1", "https://example.org/1", "One"])
    book.save(tmp_path / "my-sources.xlsx")
    import_files(sqlite_store, [tmp_path / "my-sources.xlsx"])
    assert [s.id for s in sqlite_store.sources()] == ["s1"]


def test_json_files(sqlite_store: Store, tmp_path: Path, examples_dataset: Dataset) -> None:
    paths = []
    for path in EXAMPLE_FILES:
        kinds = TEMPLATES[path.stem].kinds
        records = []
        for row in _rows(path):
            record: dict[str, Any] = {}
            for column, value in row.items():
                kind = kinds[column]
                if not value:
                    record[column] = None if kind in ("float", "date") else value
                elif kind == "list":
                    record[column] = value.split(";")
                elif kind == "dict":
                    record[column] = dict(pair.split(":", 1) for pair in value.split(";"))
                elif kind == "float":
                    record[column] = float(value) if "." in value else int(value)
                elif kind == "date" and len(value) == 4:
                    record[column] = int(value)  # a year may be a JSON number
                else:
                    record[column] = value
            records.append(record)
        target = tmp_path / f"{path.stem}.json"
        target.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(target)
    import_files(sqlite_store, paths)
    assert sqlite_store.dataset() == examples_dataset


def test_json_records_may_leave_out_keys(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actors.json"
    path.write_text(
        json.dumps(
            [
                {"id": "a", "name": "A", "kind": "pharma", "country": "US"},
                {"id": "b", "name": "B", "kind": "university", "tags": ["academic"]},
            ]
        ),
        encoding="utf-8",
    )
    import_files(sqlite_store, [path])
    a, b = sqlite_store.actors()
    assert (a.country, a.tags) == ("US", ())
    assert (b.country, b.tags) == ("", ("academic",))


def test_empty_json_list_is_zero_records(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text("[]\n", encoding="utf-8")
    report = import_files(sqlite_store, [path])
    assert report.files[0]["rows"] == {"events": 0}
    assert report.batch.total("created") == 0


# -- which kind a file holds -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("belgium-ties.csv", "ties"),
        ("ties.csv", "ties"),
        ("tie.csv", "ties"),
        ("Actors 2024.xlsx", "actors"),
        ("my_actors.json", "actors"),
        ("cordis-participations.csv", "participations"),
        ("events.json", "events"),
        ("sources.csv", "sources"),
        ("ties", "ties"),  # an XLSX sheet name
        ("data.csv", None),
        ("universities.csv", None),  # holds "ties", but not as a word
        ("activities.csv", None),
    ],
)
def test_kind_from_name(name: str, kind: str | None) -> None:
    assert kind_from_name(name) == kind


@pytest.mark.parametrize(
    ("columns", "kind"),
    [
        (["kind", "source", "target", "start"], "ties"),
        (["id", "kind", "source", "target", "start", "upfront"], "ties"),
        (["event", "actor", "role"], "participations"),
        (["id", "url", "title"], "sources"),
        (["id", "name", "kind", "country"], "actors"),
        (["id", "name", "kind", "start", "amount"], "events"),
        (["id", "name", "kind"], None),  # actors and events alike
        (["id", "name"], None),
        (["foo", "bar"], None),
    ],
)
def test_kind_from_columns(columns: list[str], kind: str | None) -> None:
    assert kind_from_columns(columns) == kind


def test_import_kind_from_file_name(sqlite_store: Store, tmp_path: Path) -> None:
    paths = [shutil.copy(p, tmp_path / f"belgium-{p.name}") for p in EXAMPLE_FILES]
    import_files(sqlite_store, paths)
    assert sqlite_store.counts() == EXAMPLE_COUNTS


def test_import_kind_from_columns(sqlite_store: Store, tmp_path: Path) -> None:
    paths = [shutil.copy(p, tmp_path / f"file{i}.csv") for i, p in enumerate(EXAMPLE_FILES)]
    import_files(sqlite_store, paths)
    assert sqlite_store.counts() == EXAMPLE_COUNTS


def test_import_kind_given(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "universities.csv"
    path.write_text("id,name,kind\nuliege,Université de Liège,university\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError, match="cannot tell which kind of records"):
        import_files(sqlite_store, [path])
    import_files(sqlite_store, [path], kind="actors")
    assert sqlite_store.actor("uliege").kind == "university"


def test_import_kind_unknown(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("id,label\nx,y\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError) as info:
        import_files(sqlite_store, [path])
    [problem] = info.value.problems
    assert problem.file == str(path)
    assert "cannot tell which kind of records this file holds" in problem.rule
    assert "--kind" in problem.rule and "ties.csv" in problem.rule
    assert sqlite_store.counts() == dict.fromkeys(EXAMPLE_COUNTS, 0)


def test_unknown_kind_option(tmp_path: Path) -> None:
    from bioregion.errors import BioregionError

    with pytest.raises(BioregionError, match="unknown file type 'links'; use one of: sources"):
        read_file(EXAMPLE_FILES[0], kind="links")


# -- tie ids ---------------------------------------------------------------------------------
TIES_WITHOUT_ID = (
    "kind,source,target,start,description\n"
    "licence,galapagos,gilead,2015-12-17,global licence\n"
    "equity_investment,gilead,galapagos,2015-12-17,equity\n"
    "spin_off,tibotec,galapagos,1999,\n"
)


def test_derived_tie_id() -> None:
    tie_id = derived_tie_id("licence", "galapagos", "gilead", "2015-12-17")
    assert re.fullmatch(r"tie-[0-9a-f]{12}", tie_id)
    assert tie_id == derived_tie_id("licence", "galapagos", "gilead", "2015-12-17")
    assert tie_id != derived_tie_id("licence", "gilead", "galapagos", "2015-12-17")
    assert tie_id != derived_tie_id("licence", "galapagos", "gilead", "2015-12")
    assert tie_id != derived_tie_id("option", "galapagos", "gilead", "2015-12-17")


def test_tie_ids_derived_when_missing(store: Store, tmp_path: Path) -> None:
    import_files(store, [p for p in EXAMPLE_FILES if p.stem != "ties"])
    path = tmp_path / "belgium-ties.csv"
    path.write_text(TIES_WITHOUT_ID, encoding="utf-8")
    import_files(store, [path])
    ids = {t.id for t in store.ties()}
    assert ids == {
        derived_tie_id("licence", "galapagos", "gilead", "2015-12-17"),
        derived_tie_id("equity_investment", "gilead", "galapagos", "2015-12-17"),
        derived_tie_id("spin_off", "tibotec", "galapagos", "1999"),
    }

    # stable: the same ties in another order, with another description, keep their ids
    lines = TIES_WITHOUT_ID.splitlines()
    changed = [lines[0], *reversed(lines[1:])]
    changed[-1] = changed[-1].replace("global licence", "worldwide licence")
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")
    report = import_files(store, [path])
    assert report.counts["tie"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert {t.id for t in store.ties()} == ids


def test_tie_id_column_partly_empty(sqlite_store: Store, tmp_path: Path) -> None:
    import_files(sqlite_store, [p for p in EXAMPLE_FILES if p.stem != "ties"])
    path = tmp_path / "ties.csv"
    path.write_text(
        "id,kind,source,target,start\n"
        "glpg-gild,licence,galapagos,gilead,2015-12-17\n"
        ",spin_off,tibotec,galapagos,1999\n",
        encoding="utf-8",
    )
    import_files(sqlite_store, [path])
    assert {t.id for t in sqlite_store.ties()} == {
        "glpg-gild",
        derived_tie_id("spin_off", "tibotec", "galapagos", "1999"),
    }


# -- re-import and updates --------------------------------------------------------------------
def test_reimport_is_idempotent(store: Store) -> None:
    import_files(store, EXAMPLE_FILES)
    before = store.dataset()
    report = import_files(store, EXAMPLE_FILES)
    assert report.counts == {
        k: {"created": 0, "updated": 0, "unchanged": n} for k, n in EXAMPLE_COUNTS.items()
    }
    assert store.dataset() == before
    assert store.changes() == []
    assert len(store.batches()) == 2
    assert "8 unchanged" in report.summary()


def test_changed_cell_updates_one_record(store: Store, tmp_path: Path) -> None:
    import_files(store, EXAMPLE_FILES)
    before = store.dataset()
    copies = [shutil.copy(p, tmp_path / p.name) for p in EXAMPLE_FILES]
    ties = tmp_path / "ties.csv"
    rows = _rows(ties)
    rows[3]["milestones"] = "1400000000"  # galapagos-gilead-2015
    _write_csv(ties, rows)

    report = import_files(store, copies)
    assert report.counts["tie"] == {"created": 0, "updated": 1, "unchanged": 4}
    assert report.batch.total("updated") == 1
    assert report.counts["actor"] == {"created": 0, "updated": 0, "unchanged": 8}
    [change] = store.changes()
    assert change["batch_id"] == report.batch_id
    assert change["record_type"] == "tie"
    assert change["record_key"] == "galapagos-gilead-2015"
    assert change["action"] == "update"
    assert change["changed"] == {"milestones": [1_350_000_000.0, 1_400_000_000.0]}
    assert store.changes(batch=report.batch_id) == [change]

    after = store.dataset()
    assert [t for t in after.ties if t.id != "galapagos-gilead-2015"] == [
        t for t in before.ties if t.id != "galapagos-gilead-2015"
    ]
    assert next(t for t in after.ties if t.id == "galapagos-gilead-2015").milestones == 1.4e9
    assert after.actors == before.actors


def test_changed_sources_of_a_record(sqlite_store: Store, tmp_path: Path) -> None:
    import_files(sqlite_store, EXAMPLE_FILES)
    actors = tmp_path / "actors.csv"
    rows = _rows(EXAMPLES / "actors.csv")
    rows[0]["sources"] = "knack-tibotec;glpg-history"  # galapagos
    _write_csv(actors, rows)
    report = import_files(sqlite_store, [actors])
    assert report.counts["actor"] == {"created": 0, "updated": 1, "unchanged": 7}
    assert sqlite_store.actor("galapagos").sources == ("knack-tibotec", "glpg-history")
    [change] = sqlite_store.changes()
    assert change["changed"] == {"sources": [["glpg-history"], ["knack-tibotec", "glpg-history"]]}


def test_emptied_cell_is_an_update(sqlite_store: Store, tmp_path: Path) -> None:
    import_files(sqlite_store, EXAMPLE_FILES)
    actors = tmp_path / "actors.csv"
    rows = _rows(EXAMPLES / "actors.csv")
    rows[1]["city"] = ""  # tibotec
    _write_csv(actors, rows)
    report = import_files(sqlite_store, [actors])
    assert report.counts["actor"]["updated"] == 1
    assert sqlite_store.actor("tibotec").city == ""
    assert sqlite_store.changes()[0]["changed"] == {"city": ["Mechelen", ""]}


# -- several files at once ---------------------------------------------------------------------
ORDERS = {
    "sorted": list(range(5)),
    "reversed": list(range(5))[::-1],
    "shuffled-1": random.Random(1).sample(range(5), 5),
    "shuffled-2": random.Random(2).sample(range(5), 5),
}


@pytest.mark.parametrize("order", list(ORDERS.values()), ids=list(ORDERS))
def test_references_resolve_across_files_in_any_order(
    sqlite_store: Store, examples_dataset: Dataset, order: list[int]
) -> None:
    import_files(sqlite_store, [EXAMPLE_FILES[i] for i in order])
    assert sqlite_store.dataset() == examples_dataset


def test_references_resolve_across_formats(
    sqlite_store: Store, tmp_path: Path, examples_dataset: Dataset
) -> None:
    """Ties in CSV cite actors in XLSX that cite sources in JSON."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    rows = _rows(EXAMPLES / "actors.csv")
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    book.save(tmp_path / "actors.xlsx")
    sources = [{k: v or None for k, v in r.items()} for r in _rows(EXAMPLES / "sources.csv")]
    (tmp_path / "sources.json").write_text(json.dumps(sources), encoding="utf-8")
    others = [p for p in EXAMPLE_FILES if p.stem not in ("actors", "sources")]
    import_files(sqlite_store, [*others, tmp_path / "actors.xlsx", tmp_path / "sources.json"])
    assert sqlite_store.dataset() == examples_dataset


def test_references_to_records_already_stored(sqlite_store: Store) -> None:
    import_files(sqlite_store, [EXAMPLES / "sources.csv", EXAMPLES / "actors.csv"])
    import_files(sqlite_store, [EXAMPLES / "ties.csv", EXAMPLES / "events.csv"])
    import_files(sqlite_store, [EXAMPLES / "participations.csv"])
    assert sqlite_store.counts() == EXAMPLE_COUNTS


def test_sources_cited_by_url(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    url = "https://www.uliege.be/en/about"
    path.write_text(
        f"id,name,kind,sources\nuliege,Université de Liège,university,{url}\n", encoding="utf-8"
    )
    import_files(sqlite_store, [path])
    [source] = sqlite_store.sources()
    assert source.url == url
    assert sqlite_store.actor("uliege").sources == (source.id,)
    # again: the source the store already has keeps its details (and is not rewritten)
    report = import_files(sqlite_store, [path])
    assert report.counts["actor"]["unchanged"] == 1
    assert report.batch.total("created") == report.batch.total("updated") == 0
    assert sqlite_store.sources() == [source]


# -- warnings ----------------------------------------------------------------------------------
def test_names_that_differ_only_by_case_are_a_warning(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "id,name,kind\ntulipgen,TulipGen,biotech_firm\ntulip-gen,tulipgen,biotech_firm\n"
        "other,Other,pharma\nother-2,Other,pharma\n",
        encoding="utf-8",
    )
    report = import_files(sqlite_store, [path])
    assert sqlite_store.counts()["actor"] == 4  # imported as given
    [warning] = report.warnings  # the same name under two ids is no case difference
    assert warning.startswith("actor names differ only by case:")
    assert f"'TulipGen' (id tulipgen, {path} row 2)" in warning
    assert f"'tulipgen' (id tulip-gen, {path} row 3)" in warning


def test_no_warnings_for_the_examples(sqlite_store: Store) -> None:
    assert import_files(sqlite_store, EXAMPLE_FILES).warnings == []


def test_a_long_import_reports_progress_in_every_stage(
    sqlite_store: Store, tmp_path: Path, monkeypatch
) -> None:
    """Reading, building records and checking all move the bar, not only 0 and 1."""
    import bioregion.io.importer as importer
    import bioregion.model.dataset as dataset_module

    monkeypatch.setattr(importer, "PROGRESS_EVERY", 4)
    monkeypatch.setattr(dataset_module, "PROGRESS_EVERY", 4)
    path = tmp_path / "actors.csv"
    path.write_text(
        "id,name,kind\n" + "".join(f"a{i},Actor {i},biotech_firm\n" for i in range(10)),
        encoding="utf-8",
    )
    calls: list[tuple[str, int, int]] = []
    import_files(sqlite_store, [path], progress=lambda *call: calls.append(call))
    stages = {}
    for stage, done, total in calls:
        stages.setdefault(stage, []).append((done, total))
    assert stages["reading files"] == [(0, 1), (1, 1)]
    assert stages["reading actors"] == [(4, 10), (8, 10), (10, 10)]
    assert [done for done, _ in stages["checking records"]][:3] == [0, 4, 8]
    assert stages["actor"][-1] == (10, 10)
