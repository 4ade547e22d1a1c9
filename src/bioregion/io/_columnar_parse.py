"""Cells to the store's row form, a column at a time (the importer's fast path).

:func:`parse_table` turns a :class:`~bioregion.io._raw.RawTable` into a
:class:`~bioregion.store.bulk.RowTable` holding, for every row, exactly what
:func:`~bioregion.io.importer.records_from_table` and then
:func:`~bioregion.store.convert.to_row` give: empty cells take the field's default, tie
ids left empty are derived the same way, values have the same form.

How it stays exact: each distinct cell of a date, number, list or identifiers column is
parsed once, by :func:`~bioregion.io.cells.parse_cell` itself; text cells are stripped
(as ``parse_cell`` strips them) only in a column where a cell needs it. A cell that is
not text (XLSX, JSON) is parsed on its own. A cell ``parse_cell`` refuses raises
:class:`~bioregion.io.cells.CellError`: the caller then takes the exact path, which
reports where.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import MISSING, fields
from functools import cache
from typing import Any

import bioregion.model.dataset as dataset_module
from bioregion.io._raw import RawTable
from bioregion.io.cells import SPACE, parse_cell
from bioregion.io.templates import TEMPLATES
from bioregion.model.dates import PartialDate
from bioregion.model.ids import derived_tie_id
from bioregion.model.records import Record, Tie, field_kinds
from bioregion.store.bulk import RowTable
from bioregion.store.schema import column_name

Progress = Callable[[str, int, int], None]
#: A cell (but the first) starting, or a cell (but the last) ending with space, in
#: cells joined by NUL (which no valid text holds: one at worst makes every cell of its
#: column stripped, which changes nothing else).
_NEEDS_STRIP = re.compile(f"\\x00(?:[{re.escape(SPACE)}]|(?<=[{re.escape(SPACE)}]\\x00))")
_SPACES = frozenset(SPACE)


@cache
def defaults(rtype: type[Record]) -> dict[str, Any]:
    """Each field's value when its cell is empty, in row form (a required text is ``""``)."""
    out: dict[str, Any] = {}
    for f in fields(rtype):
        kind = field_kinds(rtype)[f.name]
        value = f.default if f.default is not MISSING else None
        if kind == "text":
            out[f.name] = value if isinstance(value, str) else ""
        elif kind == "list":
            out[f.name] = () if f.name == "sources" else "[]"
        elif kind == "dict":
            out[f.name] = "{}"
        else:
            out[f.name] = None
    return out


def _row_form(kind: str, field: str, value: Any, default: Any) -> Any:
    """A parsed value (``None``, ``""``, ``()`` or ``{}`` when empty) in row form."""
    if value is None or value == "" or value == () or value == {}:
        return default
    if kind == "list":
        return value if field == "sources" else json.dumps(list(value), ensure_ascii=False)
    if kind == "dict":
        return json.dumps(dict(sorted(value.items())), ensure_ascii=False)
    return value


class _Column:
    """Parses the cells of one column, block after block, caching distinct text cells."""

    def __init__(self, field: str, kind: str, default: Any, table: RawTable) -> None:
        self.field, self.kind, self.default = field, kind, default
        self.typed, self.text_cells = table.typed, table.text_cells
        self.cache: dict[Any, Any] = {None: default, "": default}
        self.days: dict[Any, str | None] = {}
        self.precisions: dict[Any, str | None] = {}

    def parse(self, cells: Sequence[Any]) -> Sequence[Any]:
        """The row-form values of some cells (of a date: ``(ISO day, precision)`` pairs
        or ``None``; see :meth:`dates`)."""
        if self.kind == "text":
            return self._text(cells)
        return self._cached(cells)

    def dates(self, cells: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        """The first days (ISO) and precisions of the cells of a date column."""
        if not self.text_cells:
            pairs = self._cached(cells)
            return [p[0] if p else None for p in pairs], [p[1] if p else None for p in pairs]
        days, precisions = self.days, self.precisions
        for cell in set(cells).difference(days):
            pair = self._value(cell) if cell else None
            days[cell], precisions[cell] = pair if pair else (None, None)
        return list(map(days.__getitem__, cells)), list(map(precisions.__getitem__, cells))

    def _value(self, cell: Any) -> Any:
        parsed = parse_cell(cell, self.kind, typed=self.typed)
        if self.kind == "date":
            return (parsed.first_day.isoformat(), parsed.precision.value) if parsed else None
        return _row_form(self.kind, self.field, parsed, self.default)

    def _cached(self, cells: Sequence[Any]) -> list[Any]:
        cache_, parse = self.cache, self._value
        if self.text_cells:
            fresh = set(cells).difference(cache_)
            if self.kind == "float":
                plain = plain_numbers(fresh)
                cache_.update(plain)
                fresh = {c for c in fresh if c not in plain}
            for cell in fresh:
                cache_[cell] = parse(cell)
            return list(map(cache_.__getitem__, cells))
        out = []
        for cell in cells:
            if cell is None or type(cell) is str:
                if cell not in cache_:
                    cache_[cell] = parse(cell)
                out.append(cache_[cell])
            else:  # a typed cell (a number, a date, a list): on its own
                out.append(parse(cell))
        return out

    def _text(self, cells: Sequence[Any]) -> Sequence[str]:
        values: Sequence[Any] = cells
        if not self.text_cells:
            values = [
                c if c is None or type(c) is str else parse_cell(c, "text", typed=self.typed)
                for c in cells
            ]
        if None in values:
            values = ["" if v is None else v for v in values]
        if values and (
            values[0][:1] in _SPACES
            or values[-1][-1:] in _SPACES
            or _NEEDS_STRIP.search("\x00".join(values))
        ):
            values = [v.strip(SPACE) for v in values]
        if self.default:
            values = [v or self.default for v in values]
        return values


#: Numbers written plainly (digits, a point, digits): ``float`` reads them as
#: :func:`~bioregion.io.cells.parse_cell` does (one per line, at most 300 digits each).
_PLAIN_NUMBERS = re.compile(r"(?:[0-9]{1,300}(?:\.[0-9]{0,300})?\n)*")


def plain_numbers(cells: set[Any]) -> dict[str, float]:
    """The values of the cells that are plain numbers, when all of them are; else none."""
    texts = [c for c in cells if c]
    joined = "\n".join(texts) + "\n"
    if not texts or joined.count("\n") != len(texts) or not _PLAIN_NUMBERS.fullmatch(joined):
        return {}
    return dict(zip(texts, map(float, texts), strict=True))


def parse_table(table: RawTable, progress: Progress | None = None) -> RowTable:
    """The rows of a raw table in row form (see the module docstring).

    ``progress("reading <kind>", done, total)`` is called every few thousand rows.
    Raises :class:`~bioregion.io.cells.CellError` for a cell that cannot be parsed.
    """
    rtype = TEMPLATES[table.kind].record_type
    kinds = field_kinds(rtype)
    at = {c: i for i, c in enumerate(table.columns) if c in kinds}
    total = table.row_count()
    columns = table.cell_columns()[1]
    parsers = {f: _Column(f, k, defaults(rtype)[f], table) for f, k in kinds.items() if f in at}
    out = RowTable.empty(rtype)
    stage, every = f"reading {table.kind}", max(1, dataset_module.PROGRESS_EVERY)
    for start in range(0, total, every):
        stop = min(start + every, total)
        _parse_block(out, parsers, {f: columns[at[f]][start:stop] for f in parsers}, stop - start)
        if progress:
            progress(stage, stop, total)
    if rtype is Tie:
        derive_tie_ids(out)
    return out


def _parse_block(
    out: RowTable, parsers: dict[str, _Column], cells: dict[str, Sequence[Any]], size: int
) -> None:
    """Append one block of rows, parsed, to ``out``."""
    rtype = out.rtype
    for field, kind in field_kinds(rtype).items():
        default = defaults(rtype)[field]
        name = column_name(rtype, field)
        if kind == "date":
            nothing = [None] * size
            days, precisions = (
                parsers[field].dates(cells[field]) if field in parsers else (nothing, nothing)
            )
            out.columns[f"{name}_date"].extend(days)
            out.columns[f"{name}_precision"].extend(precisions)
            continue
        values = parsers[field].parse(cells[field]) if field in parsers else [default] * size
        if field == "sources":
            out.sources.extend(values)
        else:
            out.columns[name].extend(values)
    if "sources" not in field_kinds(rtype):
        out.sources.extend([()] * size)


def derive_tie_ids(ties: RowTable) -> None:
    """Give a tie without an id (and with a start) the id derived from it, as the exact
    path does (:func:`~bioregion.model.ids.derived_tie_id`)."""
    ids, starts = ties.columns["id"], ties.columns["start_date"]
    precisions = ties.columns["start_precision"]
    kinds, sources, targets = (ties.columns[c] for c in ("kind", "source_id", "target_id"))
    if "" not in ids:
        return
    for i in [i for i, v in enumerate(ids) if not v]:
        if starts[i] is not None:
            start = PartialDate.from_parts(dt.date.fromisoformat(starts[i]), precisions[i])
            ids[i] = derived_tie_id(kinds[i], sources[i], targets[i], start.isoformat())
