"""The column-wise rules accept exactly what the record rules accept.

:func:`~bioregion.io._columnar_check.check_tables` must say "all valid" (``None``) for a
dataset exactly when :meth:`Dataset.problems <bioregion.model.dataset.Dataset.problems>`
finds no problem: datasets drawn by hypothesis (valid ones, see ``_strategies.py``) are
spoilt with values that break a rule or nearly do, and both judges must agree. The
readers' bulk helpers are checked against the row-by-row ones they replace.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import tests.io._strategies as strategies
from bioregion.io._columnar_check import TableCheck, check_tables
from bioregion.io._raw import FileRead, RawTable, add_row, add_rows
from bioregion.io.cells import unescape_formula
from bioregion.io.readers import normalise_header, read_file
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import RECORD_TYPES, Actor, Record, field_kinds
from bioregion.model.rules import check_record
from bioregion.store.bulk import Known, RowTable

#: No shrinking: a failure lists the records at fault, and shrinking datasets takes minutes.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TODAY = dt.date.today()

#: Values that break a rule, nearly do, or are fine, by field kind and name.
TEXTS = [
    "",
    " ",
    "x",
    "a b",
    "a\tb",
    "a\nb",
    "a\rb",
    "a\x00b",
    "Tulip\x1bGen",
    "x\x85",
    "\ud800",
    "\ufffe",
    "é€中",
    "-x",
    "x" * 129,
    "a;b",
    "a:b",
    "a.b_c+d-e",
]
SPECIAL: dict[str, list[Any]] = {
    "kind": ["", "junk", "pharma", "licence", "eu_project", "biotech_firm"],
    "end_reason": ["", "acquired", "sold"],
    "status": ["", "active", "unknown"],
    "stage": ["", "phase1", "phase4"],
    "confidence": ["", "high", "certain"],
    "role": ["", "participant", "boss"],
    "currency": ["", "EUR", "eur", "XYZ", "BEF"],
    "country": ["", "BE", "be", "ZZ", "NL", "GR"],
    "nuts": ["", "BE241", "be241", "BE 241", "EL30", "XX999", "BE2\x1f"],
    "url": ["", "https://example.org/x", "ftp://x", "https://x y", "https://x.org/\x01"],
    "lat": [None, 0.0, 50.5, 90.0, 90.5, -91.0],
    "lon": [None, 4.3, 180.0, -180.5],
    "tags": [(), ("a",), ("",), ("x" * 81,), ("a;b",), ("a\nb",), ("a\x07",)],
    "flags": [(), ("before_founding",), ("estimated_date", "junk")],
    "systems": [(), ("flanders",), ("Vlaanderen",), ("BE2",), ("be2",), ("XX9",)],
    "identifiers": [
        {},
        {"ror": "05f950310"},
        {"ror": "nope"},
        {"Ror": "x"},
        {"x": ""},
        {"x": " a"},
        {"x": "a;b"},
        {"x": "a\x01"},
        {"x\x02": "a"},
    ],
    "sources": [
        (),
        ("s-unknown",),
        ("not an id",),
        ("https://example.org/\x01",),
        ("https://example.org/p",),
    ],
}
FLOATS = [None, 0.0, 1.5, -0.0, -1.0, 1e300]
DATES = [
    None,
    PartialDate(1000),
    PartialDate(1990, 6),
    PartialDate(2001, 2, 3),
    PartialDate(TODAY.year, TODAY.month, TODAY.day),
    PartialDate.from_date(TODAY + dt.timedelta(days=1)),
    PartialDate(2100),
]


def _values(field: str, kind: str, ids: list[str]) -> list[Any]:
    if field in SPECIAL:
        return SPECIAL[field]
    if field in ("id", "source", "target", "event", "actor"):
        return TEXTS + ids
    return {
        "text": TEXTS,
        "float": FLOATS,
        "date": DATES,
        "list": [(), ("a",), ("a\tb",)],
        "dict": [{}],
    }[kind]


def _spoil(draw: st.DrawFn, rtype: type[Record], record: Record, ids: list[str]) -> Record:
    """``record`` with none, one or two of its values replaced (see ``_values``)."""
    names = [f.name for f in fields(rtype)]
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2]))):
        name = draw(st.sampled_from(names))
        value = draw(st.sampled_from(_values(name, field_kinds(rtype)[name], ids)))
        record = replace(record, **{name: value})
    return record


@st.composite
def spoilt(draw: st.DrawFn) -> Dataset:
    """A valid dataset whose records may have values replaced, and keys given twice."""
    data = draw(strategies.datasets(max_actors=6, max_ties=8))
    ids = [a.id for a in data.actors][:3] + [e.id for e in data.events][:2]
    for rtype in RECORD_TYPES:
        records = data.records(rtype)
        records[:] = [_spoil(draw, rtype, r, ids) for r in records]
        if records and draw(st.booleans()):  # the same key again: repeated, or other content
            again = draw(st.sampled_from(records))
            records.append(draw(st.sampled_from([again, _spoil(draw, rtype, again, ids)])))
    return data


def _tables(data: Dataset) -> dict[type[Record], RowTable]:
    return {t: RowTable.from_records(t, data.records(t)) for t in RECORD_TYPES}


@st.composite
def stored(draw: st.DrawFn) -> dict[str, Any]:
    """What a store may hold already: some actors (with founding dates), events, sources."""
    actors = {
        aid: Actor(id=aid, name=aid, kind="pharma", founded=draw(st.sampled_from(DATES[:4])))
        for aid in draw(st.lists(st.sampled_from(["a1", "a2", "s-unknown"]), unique=True))
    }
    events = {e: None for e in draw(st.lists(st.sampled_from(["e1", "x"]), unique=True))}
    sources = {s: None for s in draw(st.lists(st.sampled_from(["s-unknown", "x"]), unique=True))}
    return {"known_actors": actors, "known_events": events, "known_sources": sources}


@SETTINGS
@given(data=spoilt(), known=stored())
def test_column_rules_agree_with_record_rules(data: Dataset, known: dict[str, Any]) -> None:
    founded = {
        a.id: a.founded.first_day.isoformat() if a.founded else None
        for a in known["known_actors"].values()
    }
    column_known = Known(founded, set(known["known_events"]), set(known["known_sources"]))
    valid = not data.problems(**known)
    assert (check_tables(_tables(data), column_known) is None) == valid


@st.composite
def misreferring(draw: st.DrawFn) -> Dataset:
    """A valid dataset whose references may point nowhere or to stored records, and
    whose ties may start before their actors were founded (flagged so or not)."""
    data = draw(strategies.datasets(max_actors=6, max_ties=8))
    actors = [a.id for a in data.actors] + ["a1", "nobody"]
    events = [e.id for e in data.events] + ["e1", "nope"]
    sources = [s.id for s in data.sources] + ["s-unknown", "x", "https://example.org/u"]

    def sometimes() -> bool:  # seldom enough that one broken reference often stands alone
        return draw(st.integers(0, 4)) == 0

    def cited(record: Record) -> Record:
        if not sometimes():
            return record
        return replace(
            record, sources=tuple(draw(st.lists(st.sampled_from(sources), max_size=2, unique=True)))
        )

    for i, tie in enumerate(data.ties):
        if sometimes():
            pair = draw(st.lists(st.sampled_from(actors), min_size=2, max_size=2, unique=True))
            tie = replace(tie, source=pair[0], target=pair[1])
        elif sometimes() or sometimes():
            early = draw(st.sampled_from(DATES[1:3]))
            flags = draw(st.sampled_from([(), ("before_founding",)]))
            tie = replace(tie, start=early, end=None, signed=None, closed=None, flags=flags)
        data.ties[i] = cited(tie)
    for i, part in enumerate(data.participations):
        if sometimes():
            part = replace(
                part, event=draw(st.sampled_from(events)), actor=draw(st.sampled_from(actors))
            )
        data.participations[i] = cited(part)
    data.actors[:] = [cited(a) for a in data.actors]
    data.events[:] = [cited(e) for e in data.events]
    return data


@SETTINGS
@given(data=misreferring(), known=stored())
def test_references_agree_with_record_rules(data: Dataset, known: dict[str, Any]) -> None:
    test_column_rules_agree_with_record_rules.hypothesis.inner_test(data, known)


@SETTINGS
@given(data=spoilt())
def test_flags_cover_every_record_that_breaks_a_rule(data: Dataset) -> None:
    """A record the record rules refuse is always among those the column tests flag."""
    for rtype in RECORD_TYPES:
        records = data.records(rtype)
        table = RowTable.from_records(rtype, records)
        flagged = TableCheck(table).flagged(0, len(table))
        broken = {i for i, record in enumerate(records) if check_record(record)}
        assert broken <= flagged, [records[i] for i in sorted(broken - flagged)]


@settings(max_examples=40, deadline=None)
@given(data=strategies.datasets(max_actors=6, max_ties=8))
def test_valid_datasets_pass(data: Dataset) -> None:
    assert check_tables(_tables(data), Known({}, set(), set())) is None


# -- the readers' bulk helpers ---------------------------------------------------------------
_cell = st.sampled_from(["", " ", "a", "b c", "'=x", " 'y", "\x1f", "é", "x\ty"])


def _reference_rows(text: str, delim: str) -> tuple[list, list]:
    """Rows and problems as the reader made them row by row: csv, apostrophes, add_row."""
    result = FileRead("f", "csv", "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    table = RawTable("f", "actors", normalise_header(next(reader)))
    for number, cells in enumerate(reader, start=2):
        for i in (0, 1, 2):  # id, name and kind are text columns
            if i < len(cells) and cells[i].lstrip().startswith("'"):
                cells[i] = unescape_formula(cells[i].strip())
        add_row(result, table, number, cells)
    return table.rows, result.problems


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_cell, min_size=2, max_size=4), max_size=6),
    delim=st.sampled_from([",", ";"]),
    end=st.sampled_from(["", "\n", "\n\n", "\r\n"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_reader_reads_as_row_by_row(
    rows: list[list[str]], delim: str, end: str, newline: str
) -> None:
    """Plain files, split column by column or row by row, give the rows and problems
    the csv module and :func:`add_row` give."""
    text = newline.join(delim.join(r) for r in [["id", "name", "kind"], *rows]) + end
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "actors.csv"
        path.write_text(text, encoding="utf-8", newline="")
        read = read_file(path)
    expected_rows, expected_problems = _reference_rows(text, delim)
    assert [(p.row, p.column, p.rule) for p in read.problems] == [
        (p.row, p.column, p.rule) for p in expected_problems
    ]
    [table] = read.tables
    assert table.all_rows() == expected_rows


@settings(max_examples=300, deadline=None)
@given(
    width=st.integers(1, 4),
    records=st.lists(
        st.lists(st.sampled_from(["", " ", "a", "\x1f", "b c", "x" * 5]), max_size=6), max_size=8
    ),
    long=st.booleans(),
)
def test_add_rows_adds_as_add_row_does(width: int, records: list[list[str]], long: bool) -> None:
    import bioregion.io._raw as raw

    columns = [f"c{i}" for i in range(width)]
    limit = raw.MAX_CELL_CHARS
    raw.MAX_CELL_CHARS = 4 if long else limit
    try:
        one, many = FileRead("f", "csv", ""), FileRead("f", "csv", "")
        table_one, table_many = RawTable("f", "actors", columns), RawTable("f", "actors", columns)
        for number, cells in enumerate(records, start=2):
            add_row(one, table_one, number, list(cells))
        add_rows(many, table_many, [list(c) for c in records], may_be_long=long)
    finally:
        raw.MAX_CELL_CHARS = limit
    assert many.problems == one.problems
    assert table_many.rows == table_one.rows
