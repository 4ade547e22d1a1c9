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
these frames; :func:`read_citations` reads them for a whole table at once (record key,
source id, position), and the record methods of :class:`Store` attach them to records.

:func:`count_rows` counts the records of a frame per distinct value of some of its columns
with one ``GROUP BY`` (the store computes the counts; no record is read into Python).
numpy and pandas are imported when a frame is read, not with this module, so that
counting (``bioregion describe``) does not load them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, String, cast, func, select

from bioregion.errors import ArgumentError
from bioregion.model.columns import object_frame
from bioregion.model.records import Actor, Event, Participation, Record, Source, Tie, field_kinds
from bioregion.store.schema import SOURCE_LINKS, TABLES, column_name

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["FRAME_RECORDS", "count_rows", "frame_columns", "read_citations", "read_frame"]

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


def _decode(kind: str, values: np.ndarray, text: str = "str") -> Any:
    """One selected column (an object array) as frame values (see the module docstring)."""
    import numpy as np
    import pandas as pd

    if kind == "date":  # ISO text or None -> NaT (numpy parses text fast, None slowly)
        known = values != None  # noqa: E711 - elementwise
        days = np.full(len(values), np.datetime64("NaT"), dtype="M8[D]")
        days[known] = values[known].astype("M8[D]")
        return days.astype(DAY)
    if kind == "float":
        return values.astype(float)  # None -> nan
    if kind == "list":  # few distinct lists (tags, ...): each decoded once, tuples shared
        codes, uniques = pd.factorize(values)
        decoded = np.empty(len(uniques) + 1, dtype=object)
        for i, text in enumerate(uniques.tolist()):
            decoded[i] = tuple(json.loads(text)) if text != "[]" else ()
        decoded[-1] = ()  # code -1: NULL
        return decoded[codes]
    if kind == "dict":  # a dict per row (dicts are mutable: never shared)
        return [json.loads(v) if v and v != "{}" else {} for v in values.tolist()]
    missing = values == None  # noqa: E711 - elementwise; text is NULL only in old rows
    if missing.any():
        values = np.where(missing, "", values)
    return values if text == "object" else pd.array(values, dtype="str")


def _fetch(engine: Engine, query: Any) -> list[tuple]:
    """The rows of a query as plain tuples from the database driver.

    The selected columns need no conversion by SQLAlchemy (text, numbers, dates cast to
    text), so its row objects are skipped: a third of the time of a large read.
    """
    with engine.connect() as conn:
        result = conn.execute(query)
        if result.cursor is None:  # pragma: no cover - a query that returns no rows
            return []
        return result.cursor.fetchall()


def read_frame(
    engine: Engine, name: str, columns: Sequence[str] | None = None, *, text: str = "str"
) -> pd.DataFrame:
    """The frame ``name`` read with one ``SELECT``, rows in primary-key order.

    Text columns are pandas' ``str`` dtype, or with ``text="object"`` Python strings in
    ``object`` columns (no conversion to arrow: faster to build and to select rows of).

    Dates are selected as ISO text (``CAST(... AS VARCHAR)``, the same on SQLite and
    PostgreSQL), which numpy parses far faster than it converts date objects; rows come
    straight from the database driver and are split into columns by numpy.
    """
    import numpy as np

    if text not in ("str", "object"):
        raise ArgumentError(f"text={text!r}: choose 'str' or 'object'")
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
    rows = _fetch(engine, select(*selected).order_by(*keys))
    values = np.empty((len(rows), len(chosen)), dtype=object)
    if rows:
        values[:] = rows
    data = {c: _decode(plan[c][0], values[:, i], text) for i, c in enumerate(chosen)}
    frame = object_frame(data, chosen)  # the arrays are new: not copied
    if len(frame):
        return frame
    dtypes = {"date": DAY, "float": float, "text": "str", "list": object, "dict": object}
    return frame.astype({c: dtypes[plan[c][0]] for c in chosen})  # typed even when empty


def read_citations(engine: Engine, name: str) -> pd.DataFrame:
    """The sources cited by every record of the frame ``name``, with one ``SELECT``.

    One row per citation: the record's key columns named as in the frame (``id``; for
    participations ``event`` and ``actor``), ``source`` (the cited source's id) and
    ``position`` (its place in the record's ``sources``, from 0); rows ordered by record
    key, then position. Sources cite nothing: asking for them is an error.
    """
    import pandas as pd

    record_type = _record_type(name)
    link = SOURCE_LINKS.get(record_type)
    if link is None:
        raise ArgumentError(f"the {name} frame has no citations (only records cite sources)")
    keys = [(k, link.c[f"record_{column_name(record_type, k)}"]) for k in record_type.key_fields]
    query = select(*(c.label(k) for k, c in keys), link.c.source_id, link.c.position)
    query = query.order_by(*(c for _, c in keys), link.c.position)
    columns = [k for k, _ in keys] + ["source", "position"]
    frame = pd.DataFrame(_fetch(engine, query), columns=columns, dtype=object)
    return frame.astype({"position": "int64"})


def count_rows(engine: Engine, name: str, by: Sequence[str]) -> list[tuple]:
    """The number of records of the frame ``name`` per distinct value of the columns ``by``.

    One ``SELECT ... GROUP BY`` in the store: the records themselves are not read. ``by``
    names text columns of the frame (:func:`frame_columns`) or ``"<date field>_year"``,
    the year of a date field (``"start_year"`` of the ties).

    Returns
    -------
    list of tuple
        One ``(*values, count)`` per combination of values that occurs, in no particular
        order (none for an empty table): text as ``str`` (``""`` when empty), years as
        ``int`` (None when unknown), the count as ``int``.

    >>> import tempfile, os
    >>> from bioregion.store import Store
    >>> with Store.open(os.path.join(tempfile.mkdtemp(), "c.db"), create=True) as store:
    ...     count_rows(store.engine, "ties", ["kind", "start_year"])
    []
    """
    record_type = _record_type(name)
    plan = _plan(record_type)
    table = TABLES[record_type]
    by = [by] if isinstance(by, str) else list(by)
    years = {c for c in by if plan.get(c.removesuffix("_year"), ("",))[0] == "date"}
    if wrong := [c for c in by if c not in years and plan.get(c, ("",))[0] != "text"]:
        known = [c for c, (kind, _) in plan.items() if kind == "text"]
        known += [f"{c}_year" for c, (kind, _) in plan.items() if kind == "date"]
        raise ArgumentError(
            f"cannot count the {name} frame by {', '.join(map(repr, wrong))}; count by "
            f"some of: {', '.join(known)}"
        )
    # Expressions, not bare columns: SQLite then reads the table in one sequential scan
    # instead of through the index on a column (a random read per row, 2-3x slower).
    selected = [
        func.substr(cast(table.c[plan[c.removesuffix("_year")][1]], String), 1, 4).label(c)
        if c in years
        else func.coalesce(table.c[plan[c][1]], "").label(c)
        for c in by
    ]
    query = select(*selected, func.count().label("count")).group_by(*selected)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    kinds = ["year" if c in years else "text" for c in by]
    return [
        (
            *(
                (None if v is None else int(v)) if kind == "year" else ("" if v is None else v)
                for kind, v in zip(kinds, row[:-1], strict=True)
            ),
            int(row[-1]),
        )
        for row in rows
    ]
