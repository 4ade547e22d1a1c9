"""The importer's fast path: template files into the store column by column.

:func:`import_columnar` does what the exact path (:func:`bioregion.io.importer.import_files`
reading records one by one, :meth:`Store.write <bioregion.store.Store.write>` checking and
writing them) does, a column at a time: files are read by the same readers, cells parsed
into the store's row form (:mod:`bioregion.io._columnar_parse`), sources cited by URL
turned into source records and actors located from their point by the same functions as
the exact path, every rule checked column-wise (:mod:`bioregion.io._columnar_check`), and
the tables written by :class:`~bioregion.store.bulk.BulkSession`.

It takes on only input it can finish: a file with a reading problem, an unknown column, a
cell that cannot be parsed or a record that breaks a rule makes it return ``None``, and
the exact path then imports (or rejects, listing every problem with file, row and column)
as it always has. A fast import leaves the store exactly as the exact path would: the
same rows, source links, batch counts and change log.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bioregion.io._columnar_check import check_tables
from bioregion.io._columnar_parse import parse_table
from bioregion.io._raw import FileRead, RawTable, extra_columns
from bioregion.io.cells import CellError
from bioregion.io.readers import read_file
from bioregion.io.templates import IMPORT_ORDER, TEMPLATES
from bioregion.model.dataset import Dataset, cited_by_id, located
from bioregion.model.records import RECORD_TYPES, Actor, Record, Source
from bioregion.model.rules import URL_PATTERN
from bioregion.store.bulk import BulkSession, RowTable
from bioregion.store.store import Store
from bioregion.store.writer import BatchReport

Progress = Callable[[str, int, int], None]


class _GiveUp(Exception):
    """The fast path stops here; the exact path takes over (nothing was written)."""


@dataclass
class ColumnarImport:
    """What a fast import did: the batch, the files' summaries and notes, and the
    actors whose names differ only by case (with where they were read), for warnings."""

    batch: BatchReport
    files: list[dict[str, Any]]
    notes: list[str]
    case_variants: Dataset


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: an import makes millions of small objects
    (cells, values) and no cycles, and the collector would walk them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_files(
    paths: Sequence[Path],
    kind: str | None,
    encoding: str | None,
    progress: Progress | None,
    contents: dict[Path, tuple[bytes, str]] | None = None,
) -> list[FileRead]:
    """Read each file, reporting ``("reading files", done, total)``; ``contents`` holds
    the bytes and SHA-256 of files read already (each is taken out as it is used)."""
    contents = {} if contents is None else contents
    reads = []
    for number, path in enumerate(paths, start=1):
        if progress:
            progress("reading files", number - 1, len(paths))
        content = contents.pop(path, None)
        reads.append(read_file(path, kind=kind, encoding=encoding, content=content))
        if progress:
            progress("reading files", number, len(paths))
    return reads


def import_columnar(
    store: Store,
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    allow_extra_columns: bool = False,
    label: str = "",
    progress: Progress | None = None,
    print_: str | None = None,
    contents: dict[Path, tuple[bytes, str]] | None = None,
) -> ColumnarImport | None:
    """Import the files as one batch, column by column; ``None`` (and nothing written)
    when the exact path must do it (see the module docstring). With the import's
    fingerprint (``print_``, :func:`bioregion.store.repeats.fingerprint`), the batch also
    records what importing the same files again would report. ``contents``: see
    :func:`read_files`."""
    with gc_paused():
        reads = read_files(paths, kind, encoding, progress, contents)
        if any(r.problems or not r.tables for r in reads):
            return None
        raw = sorted((t for r in reads for t in r.tables), key=lambda t: IMPORT_ORDER.index(t.kind))
        if any(extra_columns(t, allow_extra_columns) for t in raw):
            return None
        files = [r.summary() for r in reads]
        try:
            tables, origins = _parse(raw, progress)
        except CellError:
            return None
        variants = case_variants(tables[Actor], origins)
        label = label or ", ".join(p.name for p in paths)
        repeat = (print_, case_variant_warnings(variants)) if print_ else None
        try:
            batch = _check_and_write(store, tables, label, files, progress, repeat)
        except _GiveUp:
            return None
    return ColumnarImport(batch, files, [n for f in files for n in f["notes"]], variants)


def _parse(
    raw: list[RawTable], progress: Progress | None
) -> tuple[dict[type[Record], RowTable], list[tuple[str, int]]]:
    """Row tables by record type (files in import order), and where each actor was read."""
    tables = {rtype: RowTable.empty(rtype) for rtype in RECORD_TYPES}
    origins: list[tuple[str, int]] = []
    for table in raw:
        rtype = TEMPLATES[table.kind].record_type
        tables[rtype].extend(parse_table(table, progress))
        if rtype is Actor:
            origins += [(table.file, number) for number in table.cell_columns()[0]]
        table.rows, table.by_column = [], None  # the cells are in the row table now
    return tables, origins


def _check_and_write(
    store: Store,
    tables: dict[type[Record], RowTable],
    label: str,
    files: list[dict],
    progress: Progress | None,
    repeat: tuple[str, list[str]] | None = None,
) -> BatchReport:
    """In one transaction: what the store holds, sources cited by URL, located actors,
    every rule, then the write, and with ``repeat`` (the import's fingerprint and
    warnings) what a repeat of it would report. Raises :class:`_GiveUp` (nothing
    written) when a rule may be broken."""
    with store.bulk_session(progress) as session:
        known = session.known()
        given = set(tables[Source].columns["id"])
        cite_urls(tables, session)
        sources = tables[Source]
        ids = sources.columns["id"]
        sources.keep([i for i, s in enumerate(ids) if s in given or s not in known.sources])
        locate_actors(tables[Actor])
        if progress:
            progress("checking records", 0, sum(len(t) for t in tables.values()))
        if check_tables(tables, known, progress) is not None:
            raise _GiveUp
        batch = session.write(tables, label=label, files=files)
        if repeat is not None:
            session.remember_repeat(batch, repeat[0], len(given), repeat[1])
        return batch


def cite_urls(tables: dict[type[Record], RowTable], session: BulkSession) -> None:
    """Replace sources cited by URL with source ids and add a source record for each new
    URL, as :meth:`Dataset.cite_urls <bioregion.model.dataset.Dataset.cite_urls>` does."""
    citing = [tables[t] for t in RECORD_TYPES[1:]]
    cited = {c for t in citing for items in dict.fromkeys(t.sources) for c in items}
    urls = {c for c in cited if URL_PATTERN.match(c)}
    if not urls:
        return
    sources = tables[Source]
    known = session.source_ids_by_url(urls)
    known.update(zip(sources.columns["url"], sources.columns["id"], strict=True))
    extra: dict[str, Source] = {}
    for table in citing:
        ids = {items: cited_by_id(items, known, extra) for items in dict.fromkeys(table.sources)}
        table.sources = list(map(ids.__getitem__, table.sources))
    if extra:
        sources.extend(RowTable.from_records(Source, list(extra.values())))


def locate_actors(actors: RowTable) -> None:
    """Fill empty NUTS codes (and countries) from lat/lon, as :meth:`Dataset.locate_actors
    <bioregion.model.dataset.Dataset.locate_actors>` does."""
    cols = actors.columns
    found = located(cols["nuts"], cols["country"], cols["lat"], cols["lon"])
    for i, (code, country) in found.items():
        cols["nuts"][i], cols["country"][i] = code, country


def case_variants(actors: RowTable, origins: list[tuple[str, int]]) -> Dataset:
    """The actors whose name differs only by case from another's, with where they were
    read (what :func:`case_variant_warnings` looks at)."""
    names = actors.columns["name"]
    folded = list(map(str.casefold, names))
    out = Dataset()
    if len(set(folded)) == len(set(names)):
        return out
    seen: dict[str, set[str]] = {}
    for name, fold in zip(names, folded, strict=True):
        seen.setdefault(fold, set()).add(name)
    shared = {fold for fold, group in seen.items() if len(group) > 1}
    for i, fold in enumerate(folded):
        if fold in shared:
            out.add(actors.record(i), *origins[i])
    return out


def case_variant_warnings(dataset: Dataset) -> list[str]:
    """A warning for each group of actors whose names differ only by case.

    ``TulipGen`` and ``tulipgen`` under two ids are often one organisation entered
    twice; they are imported as given, and the warning lists them with where they
    were read.
    """
    groups: dict[str, list[Any]] = {}
    for actor in dataset.actors:
        groups.setdefault(actor.name.casefold(), []).append(actor)
    warnings = []
    for actors in groups.values():
        if len({a.name for a in actors}) < 2 or len({a.id for a in actors}) < 2:
            continue
        listed = []
        for actor in actors:
            file, row = dataset.where.get(id(actor), ("", None))
            where = f", {file} row {row}" if file else ""
            listed.append(f"{actor.name!r} (id {actor.id}{where})")
        warnings.append(
            "actor names differ only by case: "
            + "; ".join(listed)
            + ". If they are one organisation, give them one id and one name"
        )
    return warnings
