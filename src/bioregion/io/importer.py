"""File import: CSV, XLSX and JSON templates into the store, in one transaction."""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from bioregion.errors import ImportRejectedError, Problem
from bioregion.io._columnar import (
    case_variant_warnings,
    gc_paused,
    import_columnar,
    read_files,
)
from bioregion.io._raw import extra_columns
from bioregion.io.cells import CellError, parse_cell
from bioregion.io.readers import FileRead, RawTable, file_content
from bioregion.io.templates import IMPORT_ORDER, TEMPLATES
from bioregion.model.dataset import PROGRESS_EVERY, Dataset
from bioregion.model.ids import derived_tie_id
from bioregion.model.records import field_kinds
from bioregion.store.repeats import fingerprint
from bioregion.store.store import Store
from bioregion.store.writer import BatchReport

Progress = Callable[[str, int, int], None]


@dataclass
class ImportReport:
    """The outcome of an import: the batch written, notes on how files were read, and
    warnings on what was imported but may be a mistake (e.g. actor names that differ
    only by case)."""

    batch: BatchReport
    files: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def batch_id(self) -> int:
        return self.batch.batch_id

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return self.batch.counts

    def summary(self) -> str:
        return self.batch.summary()


def records_from_table(
    table: RawTable,
    dataset: Dataset,
    allow_extra_columns: bool = False,
    progress: Progress | None = None,
) -> list[Problem]:
    """Add the records of a raw table to ``dataset``; return the problems of its cells.

    ``progress("reading <kind>", done, total)`` is called every few thousand rows.
    """
    tpl = TEMPLATES[table.kind]
    kinds = tpl.kinds
    problems = extra_columns(table, allow_extra_columns)
    index = [(i, c, kinds[c]) for i, c in enumerate(table.columns) if c in kinds]
    stage, total = f"reading {table.kind}", table.row_count()
    for done, (number, cells) in enumerate(table.all_rows(), start=1):
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(stage, done, total)
        values: dict[str, Any] = {}
        for i, column, kind in index:
            cell = cells[i]
            if cell is None or cell == "":
                continue
            try:
                values[column] = parse_cell(cell, kind, typed=table.typed)
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
    text = value if isinstance(value, str) else reprlib.repr(value)
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
    reads = read_files([Path(p) for p in paths], kind, encoding, progress)
    problems = [p for r in reads for p in r.problems]
    tables = sorted((t for r in reads for t in r.tables), key=lambda t: IMPORT_ORDER.index(t.kind))
    dataset = Dataset()
    for table in tables:
        problems += records_from_table(table, dataset, allow_extra_columns, progress)
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
    recheck: bool = False,
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
    recheck : compare every record with the store even when the files are those of
        the store's last batch, unchanged (see Notes).

    Returns
    -------
    ImportReport
        The batch id and per-type counts of created, updated and unchanged records.

    Raises
    ------
    ImportRejectedError
        Listing every problem of every file (file, row, column, value, rule); the
        store is left unchanged.

    Notes
    -----
    Files are first imported column by column (:mod:`bioregion.io._columnar`), which
    checks every rule on whole columns and writes with bulk inserts. When that path
    cannot finish (bad input, or input it does not cover) it writes nothing and
    :func:`import_record_by_record` imports the files instead, reporting every
    problem; both leave the store the same. Files imported again unchanged right after
    their import (nothing else written in between) are recorded as a batch of unchanged
    records without being read again (:mod:`bioregion.store.repeats`), unless
    ``recheck`` is given.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ImportRejectedError([Problem(rule="no files given")], summary="nothing to import")
    options = {"kind": kind, "encoding": encoding, "allow_extra_columns": allow_extra_columns}
    contents = _contents(paths)
    print_ = _fingerprint(paths, contents, options | {"label": label})
    repeated = store.repeat_import(print_) if print_ and not recheck else None
    if repeated is not None:
        batch, warnings = repeated
        notes = [n for f in batch.files for n in f.get("notes", ())]
        return ImportReport(batch=batch, files=batch.files, notes=notes, warnings=warnings)
    fast = import_columnar(
        store, paths, **options, label=label, progress=progress, print_=print_, contents=contents
    )
    if fast is not None:
        return ImportReport(
            batch=fast.batch,
            files=fast.files,
            notes=fast.notes,
            warnings=case_variant_warnings(fast.case_variants),
        )
    with gc_paused():
        return import_record_by_record(store, paths, **options, label=label, progress=progress)


def _contents(paths: list[Path]) -> dict[Path, tuple[bytes, str]]:
    """The bytes and SHA-256 of each file that can be read (read once: the fingerprint
    and the reading both use them; a file that cannot be read is reported by the
    reading)."""
    out = {}
    for path in paths:
        try:
            out[path] = file_content(path)
        except OSError:
            continue
    return out


def _fingerprint(
    paths: list[Path], contents: dict[Path, tuple[bytes, str]], options: dict[str, Any]
) -> str | None:
    """The import's fingerprint (:func:`bioregion.store.repeats.fingerprint`), or ``None``
    when a file cannot be read."""
    from bioregion._version import __version__

    if any(p not in contents for p in paths):
        return None
    return fingerprint([(str(p), contents[p][1]) for p in paths], options, __version__)


def _label(paths: list[Path]) -> str:
    return ", ".join(p.name for p in paths)


def import_record_by_record(
    store: Store,
    paths: list[Path],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    allow_extra_columns: bool = False,
    label: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """The exact path of :func:`import_files`: every row becomes a record, every record is
    checked against every rule (:meth:`Store.write <bioregion.store.Store.write>`), and
    every problem is reported with its file, row and column.

    :func:`import_files` takes it when its column-wise path (:mod:`bioregion.io._columnar`)
    cannot finish an import: bad input, or input that path does not cover.
    """
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
        label=label or _label(paths),
        progress=progress,
        prior_problems=problems,
    )
    notes = [n for f in files for n in f["notes"]]
    return ImportReport(
        batch=batch, files=files, notes=notes, warnings=case_variant_warnings(dataset)
    )
