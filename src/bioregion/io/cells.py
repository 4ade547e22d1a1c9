"""Turning cells into field values and field values back into cells.

:func:`parse_cell` reads what a CSV, XLSX or JSON cell holds into the value a record
field takes; :func:`format_cell` writes a field value as CSV text such that
``parse_cell(format_cell(v)) == v`` for every valid value (export -> import is
lossless).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from bioregion.io.templates import LIST_SEPARATOR
from bioregion.model.dates import PartialDate

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class CellError(ValueError):
    """A cell that cannot become a value of its field; the message says why."""


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_cell(value: Any, kind: str) -> Any:
    """The field value of a cell, by field kind (``text``, ``float``, ``date``, ``list``, ``dict``).

    Empty cells give the field's empty value (``None``, ``""``, ``()`` or ``{}``).

    >>> parse_cell("2005-03", "date")
    PartialDate('2005-03')
    >>> parse_cell("a; b", "list")
    ('a', 'b')
    >>> parse_cell("ror:05f950310; wikidata:Q1234", "dict")
    {'ror': '05f950310', 'wikidata': 'Q1234'}
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return {"float": None, "date": None, "list": (), "dict": {}}.get(kind, "")
    return _PARSERS[kind](value)


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
