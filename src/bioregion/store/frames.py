"""Columnar reads: the records of one table as a :class:`pandas.DataFrame`.

This is the store's read API for the measures: one SQL query per table, no record objects
built, columns named after the record fields (not the physical columns) so that callers do
not need to know the schema. Per field kind:

* text: ``str`` (pandas' string dtype; ``""`` when empty, never missing);
* float: ``float64`` (``NaN`` when unknown);
* date: two columns, ``<field>`` with the first day of the stated period as
  ``datetime64[s]`` (``NaT`` when unknown) and ``<field>_precision`` (``"year"``,
  ``"month"``, ``"day"``, ``""`` when unknown);
* list: a ``tuple`` of ``str`` per row, dict: a ``dict`` per row (JSON decoded).

Cited sources (the ``sources`` field of a record) live in link tables and are not part of
these frames; read them with :meth:`Store.sources` and the record methods.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, String, cast, select

from bioregion.errors import ArgumentError
from bioregion.model.records import Actor, Event, Participation, Record, Source, Tie, field_kinds
from bioregion.store.schema import TABLES, column_name

__all__ = ["FRAME_RECORDS", "frame_columns", "read_frame"]

#: Frame name -> record type.
FRAME_RECORDS: dict[str, type[Record]] = {
    "actors": Actor,
    "events": Event,
    "participations": Participation,
    "sources": Source,
    "ties": Tie,
}
DAY = "datetime64[s]"


def _record_type(name: str) -> type[Record]:
    try:
        return FRAME_RECORDS[name]
    except KeyError:
        raise ArgumentError(
            f"no frame named {name!r}; the store has frames of: {', '.join(sorted(FRAME_RECORDS))}"
        ) from None


def _plan(record_type: type[Record]) -> dict[str, tuple[str, str]]:
    """Frame column -> (field kind, physical column), in field order."""
    plan: dict[str, tuple[str, str]] = {}
    for field, kind in field_kinds(record_type).items():
        if field == "sources":
            continue
        name = column_name(record_type, field)
        if kind == "date":
            plan[field] = ("date", f"{name}_date")
            plan[f"{field}_precision"] = ("text", f"{name}_precision")
        else:
            plan[field] = (kind, name)
    return plan


def frame_columns(name: str) -> tuple[str, ...]:
    """The columns of the frame ``name`` (``"actors"``, ``"ties"``, ...), in order.

    >>> frame_columns("participations")
    ('event', 'actor', 'role', 'contribution', 'currency')
    """
    return tuple(_plan(_record_type(name)))


def _chosen(name: str, plan: dict[str, tuple[str, str]], columns: Sequence[str] | None) -> list:
    if columns is None:
        return list(plan)
    if isinstance(columns, str):
        columns = [columns]
    if unknown := [c for c in columns if c not in plan]:
        raise ArgumentError(
            f"the {name} frame has no column(s) {', '.join(map(repr, unknown))}; "
            f"choose among: {', '.join(plan)}"
        )
    if not columns:
        raise ArgumentError(f"give at least one column of the {name} frame, or columns=None")
    return list(dict.fromkeys(columns))


def _decode(kind: str, values: tuple) -> Any:
    """One selected column as frame values (see the module docstring)."""
    if kind == "date":
        return np.array(values, dtype="M8[D]").astype(DAY)  # ISO text or None -> NaT
    if kind == "float":
        return np.array(values, dtype=float)  # None -> nan
    if kind == "list":
        return [tuple(json.loads(v)) if v and v != "[]" else () for v in values]
    if kind == "dict":
        return [json.loads(v) if v and v != "{}" else {} for v in values]
    return [v if v is not None else "" for v in values]


def read_frame(engine: Engine, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The frame ``name`` read with one ``SELECT``, rows in primary-key order.

    Dates are selected as ISO text (``CAST(... AS VARCHAR)``, the same on SQLite and
    PostgreSQL), which numpy parses far faster than it converts date objects.
    """
    record_type = _record_type(name)
    plan = _plan(record_type)
    chosen = _chosen(name, plan, columns)
    table = TABLES[record_type]
    selected = []
    for column in chosen:
        kind, physical = plan[column]
        expr = table.c[physical]
        selected.append((cast(expr, String) if kind == "date" else expr).label(column))
    keys = [table.c[c.name] for c in table.primary_key.columns]
    with engine.connect() as conn:
        rows = conn.execute(select(*selected).order_by(*keys)).all()
    values = list(zip(*rows, strict=True)) if rows else [() for _ in chosen]
    data = {c: _decode(plan[c][0], v) for c, v in zip(chosen, values, strict=True)}
    frame = pd.DataFrame(data, columns=chosen)
    dtypes = {"date": DAY, "float": float, "text": "str", "list": object, "dict": object}
    return frame.astype({c: dtypes[plan[c][0]] for c in chosen})  # typed even when empty
