"""Turning cells into field values and field values back into cells.

:func:`parse_cell` reads what a CSV, XLSX or JSON cell holds into the value a record
field takes; :func:`format_cell` writes a field value as CSV text such that
``parse_cell(format_cell(v)) == v`` for every valid value (export -> import is
lossless).

CSV files are opened by spreadsheets, which run a cell starting with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return) as a formula. :func:`escape_formula`
makes such a text safe by one rule, which :func:`unescape_formula` reverses:

    A text cell (text, list or identifiers column) that starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return is written with an apostrophe ``'``
    before it; a text that already starts with an apostrophe followed by one of
    those characters or by another apostrophe gets one more. On import, one leading
    apostrophe before one of those characters or before an apostrophe is removed.

So ``=1+1`` is written ``'=1+1`` and read back as ``=1+1``; ``'=1+1`` is written
``''=1+1``; ``'s-Hertogenbosch`` stays as it is. Numbers (a negative longitude) and
dates are never changed. XLSX cells are written as text and JSON values are typed, so
neither needs the rule.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from bioregion.io.templates import LIST_SEPARATOR
from bioregion.model.dates import PartialDate

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: Whitespace stripped from cells: Python's, less the control characters it counts as
#: space (VT, FF, FS, GS, RS, US, NEL), which the rules reject instead of dropping.
SPACE = "".join(
    c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x0b\x0c\x1c\x1d\x1e\x1f\x85"
)
#: The first characters that make a spreadsheet read a CSV cell as a formula (OWASP).
FORMULA_STARTS = "=+-@\t\r"
#: The field kinds whose CSV cells are text (and so get :func:`escape_formula`).
TEXT_KINDS = frozenset({"text", "list", "dict"})
_EXPECTED = {
    "text": "text",
    "date": 'a date written as text ("2005", "2005-03" or "2005-03-01") or a whole year',
    "list": "a list of texts or one text",
    "dict": 'an object of texts (e.g. {"ror": "05f950310"}) or text',
}


class CellError(ValueError):
    """A cell that cannot become a value of its field; the message says why."""


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip(SPACE)


def escape_formula(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet will not run as a formula (see the module doc).

    >>> escape_formula("=1+1"), escape_formula("'=1+1"), escape_formula("'s-Hertogenbosch")
    ("'=1+1", "''=1+1", "'s-Hertogenbosch")
    """
    if text[:1] and text[0] in FORMULA_STARTS:
        return "'" + text
    return "'" + text if unescape_formula(text) != text else text


def unescape_formula(text: str) -> str:
    """The text a CSV cell written by :func:`escape_formula` stands for.

    >>> unescape_formula("'=1+1"), unescape_formula("''=1+1"), unescape_formula("'s-Gravenhage")
    ('=1+1', "'=1+1", "'s-Gravenhage")
    """
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_STARTS + "'":
        return text[1:]
    return text


def parse_cell(value: Any, kind: str, *, typed: bool = False) -> Any:
    """The field value of a cell, by field kind (``text``, ``float``, ``date``, ``list``, ``dict``).

    Empty cells give the field's empty value (``None``, ``""``, ``()`` or ``{}``).
    ``typed`` cells come from JSON, whose values carry a type: there a number or
    true/false where text or a date is expected is an error (a whole number is taken
    as a year in a date column), where a CSV or XLSX cell would be read as text.

    >>> parse_cell("2005-03", "date")
    PartialDate('2005-03')
    >>> parse_cell("a; b", "list")
    ('a', 'b')
    >>> parse_cell("ror:05f950310; wikidata:Q1234", "dict")
    {'ror': '05f950310', 'wikidata': 'Q1234'}
    """
    if value is None or (isinstance(value, str) and not value.strip(SPACE)):
        return {"float": None, "date": None, "list": (), "dict": {}}.get(kind, "")
    if typed and kind != "float":
        _check_json_type(value, kind)
    return _PARSERS[kind](value)


def _check_json_type(value: Any, kind: str) -> None:
    """Raise :class:`CellError` for a JSON value of the wrong type for ``kind``."""
    if isinstance(value, bool):
        raise CellError(f"must be {_EXPECTED[kind]}, not {str(value).lower()}")
    if isinstance(value, int | float) and not (kind == "date" and isinstance(value, int)):
        raise CellError(f"must be {_EXPECTED[kind]}, not the number {value}; put it in quotes")
    if kind == "list" and isinstance(value, list) and not all(isinstance(i, str) for i in value):
        raise CellError('list items must be texts in quotes (e.g. ["a", "b"])')
    if kind == "dict" and isinstance(value, dict):
        wrong = [k for k, v in value.items() if not isinstance(v, str)]
        if wrong:
            raise CellError(
                f'identifier {wrong[0]!r} must be text in quotes (e.g. "{wrong[0]}": "123"), '
                "not a number, true/false or null"
            )


def _parse_text(value: Any) -> str:
    if isinstance(value, list | dict):
        raise CellError("must be text, not a list or an object")
    return _text(value)


def _parse_float(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("must be a number, not true/false")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("_", "")
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text) or re.fullmatch(r"\d+,\d+", text):
            raise CellError("must be a plain number; write 1500000 or 1.5, without , separators")
        if not _NUMBER.match(text):
            raise CellError("must be a number (e.g. 25000000 or 2.5e7), without units or currency")
        number = float(text)
    if math.isnan(number) or math.isinf(number):
        raise CellError("must be a finite number")
    return number


def _parse_date(value: Any) -> PartialDate:
    try:
        if isinstance(value, dt.date):
            return PartialDate.from_date(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return PartialDate(value)
        if isinstance(value, float) and value.is_integer():
            return PartialDate(int(value))
        return PartialDate.parse(str(value))
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _parse_list(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
    out: list[str] = []
    for item in items:
        if isinstance(item, dict | list):
            raise CellError("list items must be text")
        text = _text(item)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _parse_dict(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        pairs = [(str(k), v) for k, v in value.items()]
    else:
        pairs = []
        for item in str(value).split(LIST_SEPARATOR):
            if not item.strip():
                continue
            scheme, sep, ident = item.partition(":")
            if not sep:
                raise CellError(f"{item.strip()!r} is not scheme:value (e.g. ror:05f950310)")
            pairs.append((scheme, ident))
    out: dict[str, str] = {}
    for scheme, ident in pairs:
        if isinstance(ident, dict | list) or ident is None:
            raise CellError(f"identifier {scheme!r} must be text")
        key = scheme.strip().lower()
        if key in out:
            raise CellError(f"identifier scheme {key!r} is given twice")
        out[key] = _text(ident)
    return out


_PARSERS = {
    "text": _parse_text,
    "float": _parse_float,
    "date": _parse_date,
    "list": _parse_list,
    "dict": _parse_dict,
}


def format_cell(value: Any, kind: str) -> str:
    """CSV text for a field value (the inverse of :func:`parse_cell`)."""
    if value is None:
        return ""
    if kind == "date":
        return value.isoformat()
    if kind == "float":
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)
    if kind == "list":
        return LIST_SEPARATOR.join(value)
    if kind == "dict":
        return LIST_SEPARATOR.join(f"{k}:{v}" for k, v in sorted(value.items()))
    return str(value)


def csv_cell(value: Any, kind: str) -> str:
    """CSV text for a field value, text kinds made safe for spreadsheets by
    :func:`escape_formula` (read back by :func:`unescape_formula`, then :func:`parse_cell`)."""
    text = format_cell(value, kind)
    return escape_formula(text) if kind in TEXT_KINDS else text


def json_value(value: Any, kind: str) -> Any:
    """A JSON-ready field value (dates as text, lists as lists)."""
    if value is None:
        return None
    if kind == "date":
        return value.isoformat()
    if kind == "list":
        return list(value)
    if kind == "dict":
        return dict(sorted(value.items()))
    return value
