"""File import: CSV, XLSX and JSON templates into the store, in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from bioregion.errors import ImportRejectedError, Problem
from bioregion.io.cells import CellError, parse_cell
from bioregion.io.readers import FileRead, RawTable, read_file
from bioregion.io.templates import IMPORT_ORDER, TEMPLATES
from bioregion.model.dataset import Dataset
from bioregion.model.records import field_kinds
from bioregion.store.store import Store
from bioregion.store.writer import BatchReport

Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    """The outcome of an import: the batch written and notes on how files were read."""

    batch: BatchReport
    files: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    @property
    def batch_id(self) -> int:
        return self.batch.batch_id

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return self.batch.counts

    def summary(self) -> str:
        return self.batch.summary()


def derived_tie_id(kind: str, source: str, target: str, start: str) -> str:
    """The id of a tie imported without one: stable for the same kind, actors and start."""
    digest = hashlib.sha1(f"{kind}|{source}|{target}|{start}".encode()).hexdigest()[:12]
    return f"tie-{digest}"


def records_from_table(
    table: RawTable, dataset: Dataset, allow_extra_columns: bool = False
) -> list[Problem]:
    """Add the records of a raw table to ``dataset``; return the problems of its cells."""
    tpl = TEMPLATES[table.kind]
    kinds = tpl.kinds
    problems: list[Problem] = []
    extra = [c for c in table.columns if c and c not in kinds]
    if extra and not allow_extra_columns:
        problems.append(
            Problem(
                file=table.file,
                row=1,
                column=", ".join(extra),
                rule=f"unknown column(s); the {table.kind} template has: {', '.join(tpl.columns)}. "
                "Rename them, remove them, or pass --allow-extra-columns to skip them",
            )
        )
    elif extra:
        table.notes.append(f"{table.file}: skipped unknown column(s) {', '.join(extra)}")
    index = [(i, c, kinds[c]) for i, c in enumerate(table.columns) if c in kinds]
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        for i, column, kind in index:
            cell = cells[i]
            if cell is None or cell == "":
                continue
            try:
                values[column] = parse_cell(cell, kind)
            except CellError as exc:
                problems.append(
                    Problem(
                        file=table.file,
                        row=number,
                        column=column,
                        value=_shown(cells[i]),
                        rule=str(exc),
                    )
                )
        if table.kind == "ties" and not values.get("id") and values.get("start"):
            values["id"] = derived_tie_id(
                values.get("kind", ""),
                values.get("source", ""),
                values.get("target", ""),
                values["start"].isoformat(),
            )
        values = {k: v for k, v in values.items() if v not in ("", None, (), {})}
        record = _build(tpl.record_type, values)
        dataset.add(record, table.file, number)
    return problems


@cache
def _required_defaults(record_type: type) -> dict[str, Any]:
    """Empty values for the fields a record cannot be made without, so that a missing
    one reaches the rules (which report it as required) instead of failing here."""
    return {
        f.name: None if field_kinds(record_type)[f.name] == "date" else ""
        for f in fields(record_type)
        if f.default is MISSING and f.default_factory is MISSING
    }


def _build(record_type: type, values: dict[str, Any]) -> Any:
    return record_type(**(_required_defaults(record_type) | values))


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "..."


def read_dataset(
    paths: Iterable[str | Path],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    allow_extra_columns: bool = False,
    progress: Progress | None = None,
) -> tuple[Dataset, list[FileRead], list[Problem]]:
    """Read files into one dataset, collecting every problem of every file."""
    paths = list(paths)
    reads = []
    for number, path in enumerate(paths, start=1):
        reads.append(read_file(path, kind=kind, encoding=encoding))
        if progress:
            progress("reading files", number, len(paths))
    problems = [p for r in reads for p in r.problems]
    tables = sorted((t for r in reads for t in r.tables), key=lambda t: IMPORT_ORDER.index(t.kind))
    dataset = Dataset()
    for table in tables:
        problems += records_from_table(table, dataset, allow_extra_columns)
    return dataset, reads, problems


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    allow_extra_columns: bool = False,
    label: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import template files (CSV, XLSX, JSON) into the store as one batch.

    Parameters
    ----------
    store : Store
        Where to write.
    paths : files to import together; their kinds (actors, ties, events,
        participations, sources) come from their names, their XLSX sheet names,
        their columns, or ``kind``.
    encoding : the text encoding of CSV/JSON files when not UTF-8 (e.g. ``cp1252``).
    allow_extra_columns : skip (and note) columns the template does not have
        instead of rejecting the file.

    Returns
    -------
    ImportReport
        The batch id and per-type counts of created, updated and unchanged records.

    Raises
    ------
    ImportRejectedError
        Listing every problem of every file (file, row, column, value, rule); the
        store is left unchanged.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ImportRejectedError([Problem(rule="no files given")], summary="nothing to import")
    dataset, reads, problems = read_dataset(
        paths,
        kind=kind,
        encoding=encoding,
        allow_extra_columns=allow_extra_columns,
        progress=progress,
    )
    files = [r.summary() for r in reads]
    if problems and any(not r.tables for r in reads):
        # a file that could not be read at all: report without reference noise
        raise ImportRejectedError(
            problems, summary=f"{len(problems)} problem(s) found; nothing was imported"
        )
    batch = store.write(
        dataset,
        files=files,
        label=label or ", ".join(p.name for p in paths),
        progress=progress,
        prior_problems=problems,
    )
    notes = [n for f in files for n in f["notes"]]
    return ImportReport(batch=batch, files=files, notes=notes)
