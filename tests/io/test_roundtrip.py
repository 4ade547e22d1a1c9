"""Export -> import is lossless: for generated valid datasets and for every cell kind."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tests.io._strategies as strategies
from bioregion.io import TABLE_FORMATS, export_tables, import_files
from bioregion.io.cells import (
    FORMULA_STARTS,
    TEXT_KINDS,
    csv_cell,
    format_cell,
    json_value,
    parse_cell,
    unescape_formula,
)
from bioregion.io.examples import EXAMPLES
from bioregion.model.dataset import Dataset
from bioregion.model.records import Actor, Source, Tie
from bioregion.store import Store

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    # generating a dataset of a few dozen records takes a while
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _export_import(first: Store, tmp: Path, fmt: str) -> Dataset:
    """Export ``first`` in ``fmt``, import the files into a fresh store, return its data."""
    out = tmp / f"export-{fmt}"
    paths = export_tables(first, out / "all.xlsx" if fmt == "xlsx" else out, format=fmt)
    with Store.open(tmp / f"second-{fmt}.db", create=True) as second:
        report = import_files(second, paths)
        assert report.batch.total("updated") == report.batch.total("unchanged") == 0
        return second.dataset()


def _round_trip(data: Dataset, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        with Store.open(tmp / "first.db", create=True) as first:
            first.write(data)
            expected = first.dataset()
            assert expected.counts()["actor"] == len(data.actors)
            assert expected.counts()["tie"] == len(data.ties)
            assert _export_import(first, tmp, fmt) == expected


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
@SETTINGS
@given(data=strategies.datasets())
def test_export_import_round_trip(fmt: str, data: Dataset) -> None:
    _round_trip(data, fmt)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_examples_round_trip(fmt: str, tmp_path: Path) -> None:
    with Store.open(tmp_path / "first.db", create=True) as first:
        import_files(first, sorted(EXAMPLES.glob("*.csv")))
        expected = first.dataset()
        assert _export_import(first, tmp_path, fmt) == expected


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_empty_store_round_trip(fmt: str, tmp_path: Path) -> None:
    with Store.open(tmp_path / "first.db", create=True) as first:
        assert _export_import(first, tmp_path, fmt) == Dataset()


@SETTINGS
@given(data=strategies.datasets(max_actors=6, max_ties=8))
def test_reimport_of_export_changes_nothing(data: Dataset) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        with Store.open(tmp / "first.db", create=True) as store:
            store.write(data)
            before = store.dataset()
            report = import_files(store, export_tables(store, tmp / "out", format="csv"))
            assert report.batch.total("created") == report.batch.total("updated") == 0
            assert report.batch.total("unchanged") == len(before)
            assert store.changes() == []
            assert store.dataset() == before


# -- cells ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(strategies.CELL_VALUES))
@given(st.data())
def test_parse_cell_inverts_format_cell(kind: str, data: st.DataObject) -> None:
    value = data.draw(strategies.CELL_VALUES[kind])
    text = format_cell(value, kind)
    assert isinstance(text, str)
    assert parse_cell(text, kind) == value
    assert parse_cell(json_value(value, kind), kind) == value


@pytest.mark.parametrize("kind", sorted(strategies.CELL_VALUES))
@given(st.data())
def test_csv_cells_are_no_formulas_and_read_back(kind: str, data: st.DataObject) -> None:
    value = data.draw(strategies.CELL_VALUES[kind])
    text = csv_cell(value, kind)
    if kind in TEXT_KINDS:
        assert not text.startswith(tuple(FORMULA_STARTS))
        text = unescape_formula(text)
    assert parse_cell(text, kind) == value


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+32 2 555 00 00", "'+32 2 555 00 00"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=1+1", "''=1+1"),
        ("''", "'''"),
        ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("'", "'"),
        ("a=b", "a=b"),
    ],
)
def test_csv_formula_rule(text: str, cell: str) -> None:
    assert csv_cell(text, "text") == cell
    assert unescape_formula(cell) == text


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    """What a spreadsheet sees in the exported file; numbers and dates stay as they are."""
    from bioregion.model.dates import PartialDate

    actor = Actor(
        id="a",
        name='=HYPERLINK("http://x")',
        kind="pharma",
        tags=("-tag", "ok"),
        founded=PartialDate(2019, 1, 1),
        city="'s-Hertogenbosch",
        lat=40.4,
        lon=-3.7,
        description="@risk",
    )
    with Store.open(tmp_path / "a.db", create=True) as store:
        store.write(_single(actor))
        paths = export_tables(store, tmp_path / "out", format="csv")
        with (tmp_path / "out" / "actors.csv").open(encoding="utf-8", newline="") as fh:
            [row] = list(csv.DictReader(fh))
        assert row["name"] == '\'=HYPERLINK("http://x")'
        assert row["tags"] == "'-tag;ok"
        assert row["description"] == "'@risk"
        assert row["city"] == "'s-Hertogenbosch"
        assert (row["founded"], row["lon"]) == ("2019-01-01", "-3.7")
        expected = store.dataset()
    with Store.open(tmp_path / "b.db", create=True) as second:
        import_files(second, paths)
        assert second.dataset() == expected


def test_csv_import_removes_the_protecting_apostrophe(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "id,name,kind,city,tags\na,'=SUM(A1),pharma,'s-Gravenhage,''=x;b\n", encoding="utf-8"
    )
    with Store.open(tmp_path / "a.db", create=True) as store:
        import_files(store, [path])
        actor = store.actor("a")
    assert (actor.name, actor.city, actor.tags) == ("=SUM(A1)", "'s-Gravenhage", ("'=x", "b"))


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (None, "float", ""),
        (150_000_000.0, "float", "150000000"),
        (1.5, "float", "1.5"),
        (1e20, "float", "1e+20"),
        (None, "date", ""),
        (("a", "b c"), "list", "a;b c"),
        ((), "list", ""),
        ({"wikidata": "Q1", "ror": "05f950310"}, "dict", "ror:05f950310;wikidata:Q1"),
        ({}, "dict", ""),
        ("Université de Liège", "text", "Université de Liège"),
    ],
)
def test_format_cell_examples(value: Any, kind: str, text: str) -> None:
    assert format_cell(value, kind) == text
    assert parse_cell(text, kind) == value


# -- what export -> import does not keep yet ----------------------------------------------
def _single(record: Any) -> Dataset:
    data = Dataset()
    data.add(record)
    return data


def test_text_starting_with_equals_round_trips_through_xlsx() -> None:
    _round_trip(_single(Actor(id="a", name="=HYPERLINK(1)", kind="pharma")), "xlsx")


def test_text_starting_with_equals_round_trips_through_csv_and_json() -> None:
    for fmt in ("csv", "json"):
        _round_trip(_single(Actor(id="a", name="=1+1", kind="pharma")), fmt)


def test_carriage_return_round_trips_through_csv() -> None:
    _round_trip(_single(Source(id="s", url="https://example.org", notes="a\rb")), "csv")


def test_xlsx_keeps_line_breaks_as_newlines(tmp_path: Path) -> None:
    """XLSX stores a line break in cell text as a newline (documented in docs/design.md)."""
    with Store.open(tmp_path / "a.db", create=True) as first:
        first.write(_single(Source(id="s", url="https://example.org", notes="a\r\nb")))
        [book] = export_tables(first, tmp_path / "x.xlsx", format="xlsx")
    with Store.open(tmp_path / "b.db", create=True) as second:
        import_files(second, [book])
        assert [s.notes for s in second.sources()] == ["a\nb"]


def test_identifier_with_semicolon_is_rejected() -> None:
    """A ';' would split the identifiers cell of a CSV/XLSX export, so the rules refuse it."""
    from bioregion.model.rules import check_identifiers

    [problem] = check_identifiers({"ref": "a;b"})
    assert problem.column == "identifiers" and "';'" in problem.rule


def test_tie_with_every_field_round_trips() -> None:
    actors = [Actor(id="a", name="A", kind="pharma"), Actor(id="b", name="B", kind="pharma")]
    from bioregion.model.dates import PartialDate

    tie = Tie(
        id="t",
        kind="licence",
        source="a",
        target="b",
        start=PartialDate(1995, 2),
        end=PartialDate(2001),
        signed=PartialDate(1995, 1, 30),
        closed=PartialDate(1995, 4),
        status="completed",
        stage="phase1",
        therapeutic_area="oncology",
        technology="antibody",
        upfront=1.5,
        equity=0.0,
        research_funding=2.25e6,
        milestones=1e9,
        total=123456789.125,
        currency="BEF",
        royalties='tiered, "low" double digits',
        description="line one\nline two, ok",
        tags=("a", "b"),
        flags=("estimated_terms",),
        confidence="medium",
    )
    for fmt in TABLE_FORMATS:
        _round_trip(Dataset(actors=actors, ties=[tie]), fmt)
