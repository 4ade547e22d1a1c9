"""The column-wise import path leaves the store exactly as the record-by-record path does.

:func:`bioregion.io.import_files` tries :func:`~bioregion.io._columnar.import_columnar`
first and hands over to :func:`~bioregion.io.importer.import_record_by_record` (the exact
path) when the fast one gives up. Here both run on the same files into two fresh stores
of the same backend (SQLite, and PostgreSQL when ``BIOREGION_TEST_POSTGRES`` is set), and
everything must agree: every row of every table in insertion order (records, source
links, batches without their times, the change log), and the reports (counts, files,
notes, warnings). Bad input must make the fast path give up without writing anything.
"""

from __future__ import annotations

import csv
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, text

import tests.io._strategies as strategies
from bioregion.datasets import dataset_files
from bioregion.datasets.synthetic import to_dataset
from bioregion.errors import ImportRejectedError
from bioregion.io import export_tables
from bioregion.io._columnar import import_columnar
from bioregion.io.examples import EXAMPLES
from bioregion.io.importer import ImportReport, case_variant_warnings, import_record_by_record
from bioregion.model.dataset import Dataset
from bioregion.store import Store, database_url
from bioregion.store.schema import metadata

POSTGRES = os.environ.get("BIOREGION_TEST_POSTGRES", "").strip()
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES else [])
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.csv"))


# -- two stores of one backend ----------------------------------------------------------
@pytest.fixture(scope="session")
def second_postgres_url() -> Iterator[str]:
    """Another fresh PostgreSQL database for this session (beside ``postgres_url``)."""
    if not POSTGRES:
        pytest.skip("BIOREGION_TEST_POSTGRES is not set")
    admin = create_engine(database_url(POSTGRES), isolation_level="AUTOCOMMIT")
    name = f"bioregion_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield database_url(POSTGRES).rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _emptied(url: str) -> str:
    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return url


@pytest.fixture(params=BACKENDS)
def targets(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """Where two empty stores may be created: (exact path's, fast path's)."""
    if request.param == "sqlite":
        return str(tmp_path / "exact.db"), str(tmp_path / "fast.db")
    first = request.getfixturevalue("postgres_url")
    second = request.getfixturevalue("second_postgres_url")
    return _emptied(first), _emptied(second)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table as stored, in insertion order on SQLite (rowid) and
    key order on PostgreSQL; batches without their start and finish times."""
    out = {}
    with store.engine.connect() as conn:
        for name in sorted(inspect(conn).get_table_names()):
            if name == "alembic_version":
                continue
            table = metadata.tables[name]
            columns = [c.name for c in table.columns if c.name not in ("started_at", "finished_at")]
            order = (
                "rowid"
                if conn.dialect.name == "sqlite"
                else ", ".join(c.name for c in table.primary_key.columns)
            )
            query = f"SELECT {', '.join(columns)} FROM {name} ORDER BY {order}"
            out[name] = [tuple(r) for r in conn.exec_driver_sql(query)]
    return out


def outcome(report: ImportReport | None) -> Any:
    if report is None:
        return None
    return (report.counts, report.files, report.notes, report.warnings, report.batch_id)


def fast(store: Store, paths: list[Path], **options: Any) -> ImportReport | None:
    """The fast path's report as :func:`import_files` gives it, or None when it gave up."""
    found = import_columnar(store, paths, **options)
    if found is None:
        return None
    warnings = case_variant_warnings(found.case_variants)
    return ImportReport(found.batch, found.files, found.notes, warnings)


def same_both_ways(targets: tuple[str, str], *batches: list[Path], **options: Any) -> None:
    """Import each batch of files into both stores, one path each; after each, the
    reports and the stores must agree, and the fast path must have done its import."""
    with Store.open(targets[0], create=True) as exact, Store.open(targets[1], create=True) as ours:
        for paths in batches:
            step(exact, ours, paths, **options)


def step(exact: Store, ours: Store, paths: list[Path], **options: Any) -> None:
    expected = import_record_by_record(exact, paths, **options)
    got = fast(ours, paths, **options)
    assert got is not None, "the fast path gave up on valid input"
    assert outcome(got) == outcome(expected)
    assert dump(ours) == dump(exact)


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(dict.fromkeys(k for row in rows for k in row)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- valid input: the same store -----------------------------------------------------------
def test_examples(targets: tuple[str, str]) -> None:
    same_both_ways(targets, EXAMPLE_FILES, EXAMPLE_FILES)


def test_belgian_dataset(targets: tuple[str, str]) -> None:
    """The shipped dataset: quoted cells, lists, identifiers, URL citations, actors
    located from their point, events and participations; loaded twice."""
    paths = dataset_files("belgium")
    with Store.open(targets[0], create=True) as exact, Store.open(targets[1], create=True) as ours:
        try:
            step(exact, ours, paths)
        except ImportRejectedError:  # the files are being edited: the fast path refuses too
            assert fast(ours, paths) is None
            assert dump(ours) == dump(exact)
            return
        step(exact, ours, paths)


def test_synthetic_network(targets: tuple[str, str], tmp_path: Path) -> None:
    paths = export_tables(to_dataset(3000, seed=5), tmp_path / "synthetic")
    same_both_ways(targets, paths, paths)


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_xlsx_and_json(targets: tuple[str, str], tmp_path: Path, fmt: str) -> None:
    with Store.open(tmp_path / "source.db", create=True) as source:
        import_record_by_record(source, EXAMPLE_FILES)
        data = source.dataset()
    out = tmp_path / "export"
    paths = export_tables(data, out / "all.xlsx" if fmt == "xlsx" else out, format=fmt)
    same_both_ways(targets, paths, paths)


def test_updates_and_change_log(targets: tuple[str, str], tmp_path: Path) -> None:
    """A second import that changes, empties and re-sources some records and adds others:
    the same updates, counts and change log."""
    first = tmp_path / "first"
    first.mkdir()
    for path in EXAMPLE_FILES:
        (first / path.name).write_bytes(path.read_bytes())
    second = tmp_path / "second"
    second.mkdir()
    for path in EXAMPLE_FILES:
        rows = read_csv(path)
        if path.stem == "ties":
            rows[0]["upfront"], rows[0]["currency"] = "175000000", "USD"
            rows[1]["end"] = ""
            rows[2]["sources"] = rows[3]["sources"]
            rows.append(rows[0] | {"id": "", "start": "2020-02"})
        if path.stem == "actors":
            rows[0]["name"] = rows[0]["name"].upper()
            rows[1]["tags"] = "red_biotech;new_tag"
        write_csv(second / path.name, rows)
    same_both_ways(targets, sorted(first.glob("*.csv")), sorted(second.glob("*.csv")))


def test_cells_needing_care(targets: tuple[str, str], tmp_path: Path) -> None:
    """Spaces around cells, formula apostrophes, quoted separators and line breaks,
    duplicates that repeat, derived tie ids, dates of each precision, URL citations,
    empty defaults (confidence, role), semicolons and tabs as separators."""
    sources = write_csv(
        tmp_path / "sources.csv",
        [
            {
                "id": "s1",
                "url": "https://example.org/a",
                "title": " Press, release ",
                "published": "2001",
            },
            {
                "id": "s2",
                "url": "https://example.org/b",
                "title": "'=1+1",
                "published": "2001-02-03",
            },
        ],
    )
    actors = write_csv(
        tmp_path / "actors.csv",
        [
            {
                "id": "a",
                "name": "Alpha\u00a0",
                "kind": "pharma",
                "founded": "1990-05",
                "lat": "50.85",
                "lon": "4.35",
                "sources": "s1; https://example.org/c",
            },
            {
                "id": "b",
                "name": "'s-Beta",
                "kind": "biotech_firm",
                "founded": " 1999 ",
                "identifiers": "ror:05f950310;wikidata:Q1",
                "sources": "",
            },
            {
                "id": "b",
                "name": "'s-Beta",
                "kind": "biotech_firm",
                "founded": " 1999 ",
                "identifiers": "ror:05f950310;wikidata:Q1",
                "sources": "",
            },
            {
                "id": "c",
                "name": "ALPHA",
                "kind": "university",
                "founded": "",
                "tags": "x; y ;x",
                "sources": "https://example.org/a",
            },
        ],
    )
    ties = tmp_path / "ties.csv"
    ties.write_text(
        "kind;source;target;start;upfront;currency;description;confidence;sources\n"
        'licence;a;b;2001-02-03;1e6;EUR;"two\nlines; and a ""quote""";;s2\n'
        "option;b;a;2002;0;EUR;;medium;https://example.org/c\n"
        "\n"
        " licence ;a;c;2003-04; 12.50 ;usd;;;\n".replace("usd", "USD"),
        encoding="utf-8",
    )
    events = tmp_path / "events.tsv"
    events.write_text(
        "id\tkind\tname\tamount\tcurrency\ne1\teu_project\tP\t5\tEUR\n", encoding="utf-8"
    )
    parts = write_csv(tmp_path / "participations.csv", [{"event": "e1", "actor": "a", "role": ""}])
    same_both_ways(targets, [sources, actors, ties, events, parts])


def test_extra_columns_allowed(targets: tuple[str, str], tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "actors.csv", [{"id": "a", "name": "A", "kind": "pharma", "remark": "x"}]
    )
    same_both_ways(targets, [path], allow_extra_columns=True)


def test_references_to_stored_records(targets: tuple[str, str], tmp_path: Path) -> None:
    """Ties to actors and sources the store already holds, one starting before the
    founding of a stored actor but flagged so."""
    actors = write_csv(
        tmp_path / "actors.csv",
        [
            {"id": "a", "name": "A", "kind": "pharma", "founded": "2000"},
            {"id": "b", "name": "B", "kind": "pharma"},
        ],
    )
    ties = write_csv(
        tmp_path / "ties.csv",
        [
            {
                "kind": "licence",
                "source": "a",
                "target": "b",
                "start": "1999",
                "flags": "before_founding",
                "sources": "https://example.org/t",
            }
        ],
    )
    same_both_ways(targets, [actors], [ties])


# -- bad input: the fast path gives up, nothing is written ----------------------------------
ACTORS = "id,name,kind,founded,country,nuts,lat,lon,tags,identifiers,systems,sources\n"
TIES = "id,kind,source,target,start,end,signed,closed,upfront,currency,flags,stage,sources\n"
GOOD_ACTORS = "a,A,pharma,1990,BE,BE241,,,,,,\nb,B,biotech_firm,1995,,,,,,,,\n"
BAD = {
    "unknown kind": ("actors", "x,X,startup,,,,,,,,,\n"),
    "bad id": ("actors", "x y,X,pharma,,,,,,,,,\n"),
    "empty name": ("actors", "x, ,pharma,,,,,,,,,\n"),
    "future founding": ("actors", "x,X,pharma,2099,,,,,,,,\n"),
    "impossible date": ("actors", "x,X,pharma,2019-02-30,,,,,,,,\n"),
    "nuts outside country": ("actors", "x,X,pharma,,NL,BE241,,,,,,\n"),
    "unknown country": ("actors", "x,X,pharma,,ZZ,,,,,,,\n"),
    "lat without lon": ("actors", "x,X,pharma,,,,50.1,,,,,\n"),
    "latitude out of range": ("actors", "x,X,pharma,,,,91,4,,,,\n"),
    "bad tag": ("actors", f"x,X,pharma,,,,,,{'t' * 81},,,\n"),
    "bad identifier": ("actors", "x,X,pharma,,,,,,,ror:nope,,\n"),
    "bad system": ("actors", "x,X,pharma,,,,,,,,Vlaanderen,\n"),
    "control character": ("actors", "x,X\x1bY,pharma,,,,,,,,,\n"),
    "tab in a name": ("actors", "x,X\tY,pharma,,,,,,,,,\n"),
    "unknown source": ("actors", "x,X,pharma,,,,,,,,,nosuch\n"),
    "bad source": ("actors", "x,X,pharma,,,,,,,,,not a source\n"),
    "conflicting duplicate": ("actors", "a,A2,pharma,1990,BE,BE241,,,,,,\n"),
    "unknown tie kind": ("ties", "t,partnership,a,b,2001,,,,,,,,\n"),
    "self tie": ("ties", "t,licence,a,a,2001,,,,,,,,\n"),
    "unknown actor": ("ties", "t,licence,a,nobody,2001,,,,,,,,\n"),
    "no start": ("ties", "t,licence,a,b,,,,,,,,,\n"),
    "end before start": ("ties", "t,licence,a,b,2001,2000,,,,,,,\n"),
    "closed before signed": ("ties", "t,licence,a,b,2001,,2003,2002,,,,,\n"),
    "before founding": ("ties", "t,licence,a,b,1989,,,,,,,,\n"),
    "negative amount": ("ties", "t,licence,a,b,2001,,,,-5,EUR,,,\n"),
    "amount without currency": ("ties", "t,licence,a,b,2001,,,,5,,,,\n"),
    "unknown currency": ("ties", "t,licence,a,b,2001,,,,5,EURO,,,\n"),
    "amount with units": ("ties", "t,licence,a,b,2001,,,,5M,EUR,,,\n"),
    "unknown flag": ("ties", "t,licence,a,b,2001,,,,,,secret,,\n"),
    "unknown stage": ("ties", "t,licence,a,b,2001,,,,,,,phase4,\n"),
    "too wide": ("ties", "t,licence,a,b,2001,,,,,,,,,extra\n"),
    "unclosed quote": ("ties", 't,licence,a,b,"2001,,,,,,,,\n'),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_makes_the_fast_path_give_up(case: str, tmp_path: Path) -> None:
    kind, row = BAD[case]
    actors = tmp_path / "actors.csv"
    actors.write_text(ACTORS + GOOD_ACTORS + (row if kind == "actors" else ""), encoding="utf-8")
    ties = tmp_path / "ties.csv"
    ties.write_text(TIES + (row if kind == "ties" else ""), encoding="utf-8")
    with Store.open(tmp_path / "store.db", create=True) as store:
        before = dump(store)
        assert fast(store, [actors, ties]) is None
        assert dump(store) == before
        with pytest.raises(ImportRejectedError):
            import_record_by_record(store, [actors, ties])
        assert dump(store) == before


def test_a_fast_import_keeps_the_schema(tmp_path: Path) -> None:
    """Indexes dropped while an empty store is loaded come back as they were."""
    paths = export_tables(to_dataset(2500, seed=2), tmp_path / "synthetic")

    def schema(store: Store) -> list[tuple]:
        with store.engine.connect() as conn:
            query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
            return [tuple(r) for r in conn.exec_driver_sql(query)]

    with Store.open(tmp_path / "fresh.db", create=True) as fresh:
        expected = schema(fresh)
    with Store.open(tmp_path / "loaded.db", create=True) as loaded:
        assert fast(loaded, paths) is not None
        assert schema(loaded) == expected
        assert loaded.counts()["tie"] == 2500


def test_progress_of_a_fast_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bioregion.model.dataset as dataset_module

    monkeypatch.setattr(dataset_module, "PROGRESS_EVERY", 4)
    path = write_csv(
        tmp_path / "actors.csv",
        [{"id": f"a{i}", "name": f"A {i}", "kind": "pharma"} for i in range(10)],
    )
    calls: list[tuple[str, int, int]] = []
    with Store.open(tmp_path / "store.db", create=True) as store:
        assert import_columnar(store, [path], progress=lambda *c: calls.append(c)) is not None
    stages: dict[str, list] = {}
    for stage, done, total in calls:
        stages.setdefault(stage, []).append((done, total))
    assert stages["reading files"] == [(0, 1), (1, 1)]
    assert stages["reading actors"] == [(4, 10), (8, 10), (10, 10)]
    assert [d for d, _ in stages["checking records"]][:3] == [0, 4, 8]
    assert stages["checking records"][-1] == (10, 10)
    assert stages["actor"][-1] == (10, 10)


# -- hypothesis: generated tables, valid or spoilt, both ways --------------------------------
#: Cell texts that break a rule or nearly do (any column may get one).
CELLS = [
    "",
    " ",
    "x",
    "-1",
    "1e400",
    "2099",
    "2001-02-30",
    "1999",
    "NL",
    "BE241",
    "EUR",
    "licence",
    "pharma",
    "a;b",
    "ror:nope",
    "https://example.org/z",
    "s\x07",
    "a\tb",
    "'=1",
    "1,5",
    "before_founding",
    "nobody",
    "Vlaanderen",
    "high",
]
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _exported(data: Dataset, folder: Path) -> list[Path]:
    with Store.open(folder / "source.db", create=True) as source:
        source.write(data)
        return export_tables(source, folder / "files")


def _spoil(paths: list[Path], picks: st.DataObject) -> None:
    """Replace a few cells of the files with values from ``CELLS``."""
    for _ in range(picks.draw(st.integers(0, 3))):
        path = picks.draw(st.sampled_from(paths))
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        if len(rows) < 2:
            continue
        row = picks.draw(st.integers(1, len(rows) - 1))
        column = picks.draw(st.integers(0, len(rows[0]) - 1))
        rows[row][column] = picks.draw(st.sampled_from(CELLS))
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)


@SETTINGS
@given(data=strategies.datasets(max_actors=8, max_ties=12), picks=st.data())
def test_generated_tables_both_ways(data: Dataset, picks: st.DataObject) -> None:
    """Exported datasets, valid or with cells spoilt: the exact path accepts exactly
    what the fast path accepts, and then the stores agree; what it refuses, the fast
    path refuses too, writing nothing."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = _exported(data, folder)
        _spoil(paths, picks)
        with Store.open(folder / "exact.db", create=True) as exact:
            try:
                expected = import_record_by_record(exact, paths)
            except ImportRejectedError:
                expected = None
            with Store.open(folder / "fast.db", create=True) as ours:
                got = fast(ours, paths)
                assert outcome(got) == outcome(expected)
                assert dump(ours) == dump(exact)
