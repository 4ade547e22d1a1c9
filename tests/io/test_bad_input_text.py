"""Bad text gets a located error and changes nothing: control characters, line breaks
outside free text, and JSON values of the wrong type, given twice or nested too deeply.

Like ``test_bad_input.py``, every import goes into a store holding the example data and
must leave it exactly as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bioregion.errors import ImportRejectedError
from bioregion.io import import_files
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor
from bioregion.store import Store
from tests.io._rejections import find, rejected, snapshot, write

HEADER = "id,name,kind,city,description\n"
RECORD = {"id": "new-firm", "name": "New Firm", "kind": "biotech_firm"}


def _actors_json(tmp_path: Path, text: str) -> Path:
    return write(tmp_path, "actors.json", text)


# -- control characters --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x00", "U+0000 (NUL)"),
        ("\x07", "U+0007 (BEL)"),
        ("\x1b", "U+001B (ESC)"),
        ("\x7f", "U+007F (DEL)"),
        ("\x85", "U+0085 (NEL)"),
        ("\x9b", "U+009B (CSI)"),
    ],
)
def test_control_character_in_a_name(loaded: Store, tmp_path: Path, char: str, named: str) -> None:
    path = write(tmp_path, "actors.csv", HEADER + f"new-firm,Tulip{char}Gen,pharma,,\n")
    problem = find(rejected(loaded, [path]), path, 2, "name")
    assert problem.value == f"Tulip{char}Gen"
    assert f"control character {named} at character 6; delete it" in problem.rule


@pytest.mark.parametrize("char", ["\x1f", "\x0b", "\x85"])
def test_control_character_at_the_end_is_not_dropped(
    loaded: Store, tmp_path: Path, char: str
) -> None:
    """Python counts US, VT and NEL as space; a cell is stripped, but they are refused."""
    path = write(tmp_path, "actors.csv", HEADER + f"new-firm,New Firm{char},pharma,,\n")
    assert "control character" in find(rejected(loaded, [path]), path, 2, "name").rule


@pytest.mark.parametrize(("cell", "what"), [('"Tulip\nGen"', "line break"), ("Tulip\tGen", "tab")])
def test_line_break_or_tab_in_a_one_line_field(
    loaded: Store, tmp_path: Path, cell: str, what: str
) -> None:
    path = write(tmp_path, "actors.csv", HEADER + f"new-firm,{cell},pharma,,\n")
    problem = find(rejected(loaded, [path]), path, 2, "name")
    assert f"holds a {what}" in problem.rule
    assert "only description and notes may hold tabs and line breaks" in problem.rule


def test_tabs_and_line_breaks_are_kept_in_descriptions(loaded: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path, "actors.csv", HEADER + 'new-firm,New Firm,pharma,,"one\n\ttwo\r\nthree"\n'
    )
    import_files(loaded, [path])
    assert loaded.actor("new-firm").description == "one\n\ttwo\r\nthree"


def test_control_character_in_a_description(loaded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", HEADER + "new-firm,New Firm,pharma,,ring\x07 ring\n")
    problem = find(rejected(loaded, [path]), path, 2, "description")
    assert "U+0007 (BEL)" in problem.rule
    assert "tabs and line breaks are allowed here" in problem.rule


def test_control_characters_in_json_tags_and_identifiers(loaded: Store, tmp_path: Path) -> None:
    record = RECORD | {"tags": ["ok", "bad\u001b"], "identifiers": {"ror": "05f\u0000950310"}}
    path = _actors_json(tmp_path, json.dumps([record]))
    problems = rejected(loaded, [path])
    assert find(problems, path, 1, "tags").value == "bad\x1b"
    assert "U+0000 (NUL)" in find(problems, path, 1, "identifiers").rule


def test_a_store_refuses_control_characters_from_any_dataset(loaded: Store) -> None:
    """The rule is the data model's: a dataset written directly is refused too."""
    before = snapshot(loaded)
    data = Dataset(actors=[Actor(id="x", name="Esc\x1bape", kind="pharma")])
    with pytest.raises(ImportRejectedError) as info:
        loaded.write(data)
    [problem] = info.value.problems
    assert (problem.column, problem.value) == ("name", "Esc\x1bape")
    assert snapshot(loaded) == before


# -- JSON: keys given twice ----------------------------------------------------------------
def test_json_key_given_twice_in_a_record(loaded: Store, tmp_path: Path) -> None:
    text = '[{"id": "new-firm", "name": "New Firm", "kind": "pharma", "name": "Other"}]'
    path = _actors_json(tmp_path, text)
    problem = find(rejected(loaded, [path]), path, 1, "name")
    assert "the key 'name' appears more than once in this record" in problem.rule


def test_json_key_given_twice_in_identifiers(loaded: Store, tmp_path: Path) -> None:
    text = (
        '[{"id": "new-firm", "name": "New Firm", "kind": "pharma",'
        ' "identifiers": {"ror": "05f950310", "ror": "00cv9y106"}}]'
    )
    path = _actors_json(tmp_path, text)
    problem = find(rejected(loaded, [path]), path, 1, "identifiers")
    assert "'ror' appears more than once" in problem.rule


# -- JSON: types -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("name", True, "must be text, not true"),
        ("name", 1234, "must be text, not the number 1234; put it in quotes"),
        ("city", 12.5, "must be text, not the number 12.5"),
        ("founded", False, "must be a date written as text"),
        ("founded", 2005.5, "not the number 2005.5"),
        ("tags", ["ok", 7], "list items must be texts in quotes"),
        ("tags", [None], "list items must be texts in quotes"),
        ("tags", True, "must be a list of texts or one text, not true"),
        ("identifiers", {"cordis": 633964}, "identifier 'cordis' must be text in quotes"),
    ],
)
def test_json_value_of_the_wrong_type(
    loaded: Store, tmp_path: Path, column: str, value: Any, rule: str
) -> None:
    path = _actors_json(tmp_path, json.dumps([RECORD | {column: value}]))
    assert rule in find(rejected(loaded, [path]), path, 1, column).rule


def test_json_numbers_where_numbers_belong(loaded: Store, tmp_path: Path) -> None:
    """Amounts, coordinates and a whole year as a date may be JSON numbers."""
    actor = RECORD | {"founded": 2005, "lat": 50.85, "lon": 4.35}
    event = {"id": "round-a", "kind": "financing_round", "name": "A", "amount": 2.5e7}
    event["currency"] = "EUR"
    actors = _actors_json(tmp_path, json.dumps([actor]))
    events = write(tmp_path, "events.json", json.dumps([event]))
    import_files(loaded, [actors, events])
    stored = loaded.actor("new-firm")
    assert (stored.founded, stored.lat, stored.lon) == (PartialDate(2005), 50.85, 4.35)
    assert [e.amount for e in loaded.events() if e.id == "round-a"] == [2.5e7]


# -- JSON: nesting -----------------------------------------------------------------------
def test_json_nested_a_hundred_thousand_levels(loaded: Store, tmp_path: Path) -> None:
    path = _actors_json(tmp_path, "[" * 100_000 + "]" * 100_000)
    [problem] = rejected(loaded, [path])
    assert problem.file == str(path)
    assert "nests lists and objects too deeply" in problem.rule
    assert "line 1, column 4" in problem.rule


def test_json_nested_too_deeply_inside_a_record(loaded: Store, tmp_path: Path) -> None:
    record = json.dumps(RECORD)[:-1] + ', "tags": ' + "[" * 50_000 + "]" * 50_000 + "}"
    path = _actors_json(tmp_path, f"[\n{json.dumps(RECORD | {'id': 'a'})},\n{record}\n]")
    [problem] = rejected(loaded, [path])
    assert problem.row == 2  # the second record
    assert "line 3, column" in problem.rule


def test_json_number_too_long_to_read(loaded: Store, tmp_path: Path) -> None:
    path = _actors_json(tmp_path, '[{"id": "a", "lat": 1' + "0" * 5000 + "}]")
    [problem] = rejected(loaded, [path])
    assert problem.rule.startswith("cannot be read as JSON")
