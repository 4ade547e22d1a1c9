"""Reading a JSON template file: a list of records (objects), every problem located.

Beyond JSON syntax, a reader refuses what ``json.loads`` lets through silently: a key
given twice in one object (the last would win), and values nested deeper than a record
can hold (a list or object inside a list or object; a file nested thousands of levels
deep gets a located problem instead of a ``RecursionError``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bioregion.io._raw import (
    FileRead,
    RawTable,
    add_row,
    check_header,
    decode_text,
    problem,
    resolve_kind,
)
from bioregion.io.templates import TEMPLATES

#: The deepest nesting a template file needs: list of records > record > list of tags.
MAX_DEPTH = 3
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_FAILED = object()


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen and key not in repeated:
                repeated.append(key)
            seen.add(key)
        obj.repeated = tuple(repeated)
    return obj


def read_json(result: FileRead, data: bytes, kind: str | None, encoding: str | None) -> None:
    """Read a JSON file into ``result``: one typed table, or problems."""
    text = decode_text(result, data, encoding)
    if text is None:
        return
    if not text.strip():
        result.problems.append(problem(result.path, "is empty; it needs a list of records"))
        return
    doc = _parse(result, text)
    if doc is _FAILED or not _is_record_list(result, doc):
        return
    if not doc:  # an empty list: zero records, like a CSV with only a header
        found = resolve_kind(result, result.path, [], kind)
        if found is not None:
            columns = list(TEMPLATES[found].columns)
            result.tables.append(RawTable(result.path, found, columns, typed=True))
        return
    columns: list[str] = []
    for rec in doc:
        columns += [k for k in rec if k not in columns]
    found = resolve_kind(result, result.path, columns, kind)
    if found is None:
        return
    table = RawTable(result.path, found, columns, typed=True)
    check_header(result, table)
    for number, rec in enumerate(doc, start=1):
        cells = [rec.get(c) for c in columns]
        _check_record(result, number, rec, columns, cells)
        add_row(result, table, number, cells)
    result.tables.append(table)


def _parse(result: FileRead, text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        rule = f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        result.problems.append(problem(result.path, rule, row=exc.lineno))
    except RecursionError:
        result.problems.append(_too_deep(result.path, text))
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        reason = str(exc).split(";")[0]
        rule = f"cannot be read as JSON ({reason}); no column takes such a value: check the file"
        result.problems.append(problem(result.path, rule))
    return _FAILED


def _too_deep(path: str, text: str) -> Any:
    """The problem of a document nested too deeply to parse, at its first too-deep value."""
    depth, record = 0, 1
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                column = token.start() - text.rfind("\n", 0, token.start())
                return problem(
                    path,
                    f"nests lists and objects too deeply to be read (the first value nested "
                    f"deeper than {MAX_DEPTH} levels starts on line {line}, column {column}); "
                    'a template file is a list of records, [{"id": "...", ...}, ...], whose '
                    "values are texts, numbers, lists of texts or objects of texts",
                    row=record,
                )
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 1:
            record += 1
    return problem(path, "nests lists and objects too deeply to be read")


def _is_record_list(result: FileRead, doc: Any) -> bool:
    if not isinstance(doc, list):
        shape = (
            f"an object with keys {', '.join(list(doc)[:6])}"
            if isinstance(doc, dict)
            else type(doc).__name__
        )
        result.problems.append(
            problem(
                result.path, f"must be a JSON list of records ([{{...}}, ...]) but holds {shape}"
            )
        )
        return False
    bad = [i for i, rec in enumerate(doc, 1) if not isinstance(rec, dict)]
    for i in bad[:20]:
        result.problems.append(
            problem(
                result.path, f"record {i} is a {type(doc[i - 1]).__name__}, not an object", row=i
            )
        )
    return not bad


def _check_record(
    result: FileRead, number: int, rec: dict[str, Any], columns: list[str], cells: list[Any]
) -> None:
    """Keys given twice, and values nested too deeply (those cells are emptied)."""
    for key in getattr(rec, "repeated", ()):
        result.problems.append(
            problem(
                result.path,
                f"the key {key!r} appears more than once in this record; keep one "
                "(otherwise the last one would silently win)",
                row=number,
                column=key,
            )
        )
    for i, (column, value) in enumerate(zip(columns, cells, strict=True)):
        inner = value.values() if isinstance(value, dict) else value
        if isinstance(value, list | dict) and any(isinstance(v, list | dict) for v in inner):
            result.problems.append(
                problem(
                    result.path,
                    "holds a list or object inside a list or object; a value is a text, a "
                    "number, a list of texts or an object of texts",
                    row=number,
                    column=column,
                )
            )
            cells[i] = None
        elif getattr(value, "repeated", ()):
            result.problems.append(
                problem(
                    result.path,
                    f"the key {value.repeated[0]!r} appears more than once in this object; "
                    "keep one",
                    row=number,
                    column=column,
                )
            )
