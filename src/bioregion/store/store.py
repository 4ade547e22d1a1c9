"""The :class:`Store`: a SQLite file (default) or a PostgreSQL database.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "example.db")
>>> with Store.open(path, create=True) as store:
...     store.counts()["actor"]
0
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, inspect, or_, select
from sqlalchemy.exc import DBAPIError

from bioregion.errors import (
    ImportRejectedError,
    NotFoundError,
    Problem,
    StoreCorruptError,
    StoreError,
)
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import (
    RECORD_TYPES,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
)
from bioregion.store import curation, migrate, repeats
from bioregion.store.bulk import BulkSession, foreign_keys_deferred, foreign_keys_restored
from bioregion.store.convert import from_row
from bioregion.store.curating import CurationMethods
from bioregion.store.engine import (
    DEFAULT_BUSY_TIMEOUT,
    check_integrity,
    check_sqlite_file,
    for_writing,
    foreign_tables,
    make_engine,
    parse_url,
    prepare_folder,
    sqlite_path,
)
from bioregion.store.redirects import RedirectingSession, known_records, redirect_dataset
from bioregion.store.schema import SOURCE_LINKS, TABLES, changes, import_batches, merges
from bioregion.store.writer import (
    BatchReport,
    Progress,
    Writer,
    finish_batch,
    source_ids_by_url,
    start_batch,
)

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_DB = "bioregion.db"


@dataclass(frozen=True)
class Batch:
    """One recorded import: when, which files (with their SHA-256), what it did."""

    id: int
    started_at: Any
    finished_at: Any
    label: str
    files: list[dict]
    counts: dict
    tool_version: str


def database_url(target: str | Path | None) -> str:
    """A SQLAlchemy URL for a path (SQLite) or a PostgreSQL URL."""
    text = str(target or DEFAULT_DB)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser()}"


class Store(CurationMethods):
    """Actors, ties, events, participations and sources, with their provenance.

    Open one with :meth:`Store.open`; use it as a context manager or call
    :meth:`close`. Every write goes through :meth:`write`, which validates the whole
    dataset against the rules and the store's contents first and writes all of it
    in one transaction, or nothing. Curation (edits, deletes, merges, the review
    queue) comes from :class:`~bioregion.store.curating.CurationMethods`.
    """

    def __init__(self, engine: Engine, display: str):
        self.engine = engine
        self.display = display

    # -- opening --------------------------------------------------------------
    @classmethod
    def open(
        cls,
        target: str | Path | None = None,
        *,
        create: bool = False,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> Store:
        """Open the store at a path or URL; ``create=True`` creates and migrates it.

        ``busy_timeout`` is how many seconds a write to a SQLite store waits while
        another write holds it before :class:`~bioregion.errors.StoreLockedError`.
        A file that is not a bioregion store (another kind of file, a damaged or
        truncated SQLite file, another program's database) raises
        :class:`~bioregion.errors.StoreCorruptError` and is never written to; a store
        that cannot be written raises :class:`~bioregion.errors.StoreReadOnlyError`
        when a write is attempted.
        """
        url = database_url(target)
        path = sqlite_path(url)
        shown = str(path) if path else parse_url(url).render_as_string()
        display = ":memory:" if ":memory:" in url else shown
        if path is not None:
            if not path.exists() and not create:
                raise StoreError(f"no store at {path}; create one with: bioregion init --db {path}")
            if not path.exists():
                prepare_folder(path, display)
        store = cls(make_engine(url, display=display, busy_timeout=busy_timeout), display)
        try:
            if path is not None:
                check_sqlite_file(store.engine, path, display)
            current = store.revision()
            store._check_revision(current, create, foreign=path is not None)
        except DBAPIError as exc:  # a server that does not answer, a wrong password, ...
            store.close()
            raise StoreError(f"cannot open the store at {display}: {exc.orig}") from None
        except BaseException:
            store.close()
            raise
        return store

    def _check_revision(self, current: str | None, create: bool, foreign: bool = False) -> None:
        if current is None and foreign:
            other = foreign_tables(self.engine)
            if other:
                raise StoreCorruptError(
                    f"{self.display} is not a bioregion database: it is an SQLite database "
                    f"of another program (tables: {', '.join(other[:5])}"
                    f"{', ...' if len(other) > 5 else ''}); bioregion has not changed it. "
                    "Give another path with --db (a new store is created by "
                    "`bioregion init --db NEW.db`)"
                )
        if current is not None and not migrate.known(current):
            raise StoreError(
                f"the store at {self.display} has schema {current}, which this version of "
                f"bioregion ({_version()}) does not know: it was written by a newer bioregion; "
                "upgrade bioregion (pip install -U bioregion) to use it"
            )
        if create and current != migrate.head():
            self.init()
        elif current is None:
            raise StoreError(
                f"{self.display} holds no bioregion store; run: bioregion init --db {self.display}"
            )
        elif current != migrate.head():
            raise StoreError(
                f"the store at {self.display} is at schema {current}, this version needs "
                f"{migrate.head()}; upgrade it with: bioregion init --db {self.display}"
            )

    def init(self) -> str:
        """Create or upgrade the schema to the newest migration; returns its revision.

        An existing SQLite file is checked page by page first: a damaged store is never
        reported ready.
        """
        if self.engine.dialect.name == "sqlite" and self.revision() is not None:
            check_integrity(self.engine, self.display)
        current = self.revision()
        if current is not None and not migrate.known(current):
            self._check_revision(current, create=True)
        return migrate.upgrade(for_writing(self.engine))

    def revision(self) -> str | None:
        return migrate.current(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display!r})"

    # -- writing --------------------------------------------------------------
    def write(
        self,
        dataset: Dataset,
        *,
        files: list[dict] | None = None,
        label: str = "",
        progress: Progress | None = None,
        prior_problems: Iterable[Problem] = (),
    ) -> BatchReport:
        """Validate and upsert a dataset in one transaction, recorded as a batch.

        Raises :class:`~bioregion.errors.ImportRejectedError` listing every problem
        found (with ``prior_problems``, e.g. those of reading the files); then
        nothing is written. Records already stored with the same content
        are left alone; changed ones are updated and the change is logged.
        """
        with for_writing(self.engine).begin() as conn:
            return self._write(conn, dataset, files or [], label, progress, prior_problems)

    def _write(
        self,
        conn: Any,
        dataset: Dataset,
        files: list[dict],
        label: str,
        progress: Progress | None,
        prior_problems: Iterable[Problem],
    ) -> BatchReport:
        """:meth:`write` within the open transaction of ``conn``."""
        from bioregion._version import __version__

        given = {s.id for s in dataset.sources}
        stored = self._source_ids_by_url(conn, dataset.cited_urls())
        dataset = dataset.cite_urls(stored).locate_actors()
        dataset = redirect_dataset(conn, dataset, curation.actor_redirects(conn))
        if progress:
            progress("checking records", 0, len(dataset))
        known = known_records(conn)
        # A source cited by URL alone that the store already has keeps its details.
        dataset.sources = [
            s for s in dataset.sources if s.id in given or s.id not in known["known_sources"]
        ]
        prior = list(prior_problems)
        seen = {(p.file, p.row, p.column) for p in prior}
        checked = dataset.problems(**known, progress=_stage(progress, "checking records"))
        problems = prior + [p for p in checked if (p.file, p.row, p.column) not in seen]
        if problems:
            raise ImportRejectedError(
                sorted(problems, key=_problem_order),
                summary=f"{len(problems)} problem(s) found; nothing was imported",
            )
        batch_id = start_batch(conn, label, files, __version__)
        counts = Writer(conn, batch_id, progress).write(dataset)
        finish_batch(conn, batch_id, counts)
        return BatchReport(batch_id=batch_id, counts=counts, files=files)

    @contextmanager
    def bulk_session(self, progress: Progress | None = None) -> Iterator[BulkSession]:
        """One write transaction for writing many records column by column.

        The importer's fast path checks its tables against what the session says the
        store holds and writes them with :meth:`BulkSession.write
        <bioregion.store.bulk.BulkSession.write>`, in this one transaction: an error
        raised in the block leaves the store unchanged. The caller validates first:
        the session writes what it is given.

        Into a SQLite store whose tables are all empty, rows are loaded without SQLite
        checking each foreign key as it goes; the session checks them all at once
        before it commits (:func:`~bioregion.store.bulk.references_after_loading`).
        """
        with for_writing(self.engine).connect() as conn:
            deferred = foreign_keys_deferred(conn)
            try:
                with conn.begin():
                    redirects = curation.actor_redirects(conn)
                    yield RedirectingSession(
                        conn, progress, foreign_keys_deferred=deferred, redirects=redirects
                    )
            finally:
                if deferred:
                    foreign_keys_restored(conn)

    def repeat_import(self, print_: str) -> tuple[BatchReport, list[str]] | None:
        """Record an import of files whose fingerprint (:func:`bioregion.store.repeats.
        fingerprint`) is that of the store's last batch, without reading them, when
        nothing can have changed since; its batch and warnings, else ``None`` (the
        import then takes its full path). See :mod:`bioregion.store.repeats`."""
        from bioregion._version import __version__

        with for_writing(self.engine).begin() as conn:
            return repeats.repeat(conn, print_, __version__)

    def _source_ids_by_url(self, conn: Any, urls: set[str]) -> dict[str, str]:
        """The ids of stored sources with these URLs (the first id when several share one)."""
        return source_ids_by_url(conn, urls)

    # -- reading --------------------------------------------------------------
    def _read(self, rtype: type[Record], *conditions: Any, order: Iterable = ()) -> list:
        table, link = TABLES[rtype], SOURCE_LINKS.get(rtype)
        keys = [table.c[c.name] for c in table.primary_key.columns]
        with self.engine.connect() as conn:
            query = select(table).where(*conditions).order_by(*(order or keys))
            rows = list(conn.execute(query).mappings())
            cited: dict[tuple, list[str]] = {}
            if link is not None and rows:
                lkeys = [link.c[f"record_{k.name}"] for k in keys]
                lq = select(link).order_by(*lkeys, link.c.position)
                if len(rows) < 500:
                    lq = lq.where(lkeys[0].in_({r[keys[0].name] for r in rows}))
                for lrow in conn.execute(lq).mappings():
                    cited.setdefault(tuple(lrow[k.name] for k in lkeys), []).append(
                        lrow["source_id"]
                    )
        return [
            from_row(rtype, r, tuple(cited.get(tuple(r[k.name] for k in keys), ()))) for r in rows
        ]

    def actors(
        self,
        kind: str | None = None,
        ids: Iterable[str] | None = None,
        region: str | None = None,
        search: str | None = None,
    ) -> list[Actor]:
        """Actors ordered by id, optionally filtered.

        ``kind`` an actor kind; ``ids`` given ids; ``region`` a named region or NUTS
        code (e.g. ``"flanders"``, ``"BE24"``) containing the actor's NUTS code;
        ``search`` text found (case-insensitively) in the id or name.
        """
        table = TABLES[Actor]
        where = []
        if kind:
            where.append(table.c.kind == kind)
        if ids is not None:
            where.append(table.c.id.in_(list(ids)))
        found = self._read(Actor, *where)
        if region:
            from bioregion.regions import named_region

            area = named_region(region)
            found = [a for a in found if a.nuts and area.contains(a.nuts)]
        if search:
            text = search.casefold()
            found = [a for a in found if text in a.id.casefold() or text in a.name.casefold()]
        return found

    def actor(self, actor_id: str) -> Actor:
        """One actor by id; the error suggests close ids and names."""
        found = self.actors(ids=[actor_id])
        if found:
            return found[0]
        with self.engine.connect() as conn:
            table = TABLES[Actor]
            names = dict(conn.execute(select(table.c.id, table.c.name)).all())
        close = difflib.get_close_matches(actor_id, list(names), n=3, cutoff=0.6)
        lowered = actor_id.lower()
        close += [i for i, n in names.items() if lowered in n.lower() and i not in close][:3]
        hint = (
            f"; did you mean {', '.join(close)}?" if close else "; list them with: bioregion actors"
        )
        raise NotFoundError(f"no actor with id {actor_id!r}{hint}")

    def ties(
        self,
        actor: str | None = None,
        kind: str | Iterable[str] | None = None,
        start_from: PartialDate | None = None,
        start_to: PartialDate | None = None,
    ) -> list[Tie]:
        """Ties, optionally of one actor, of some kinds, or starting in a period."""
        table = TABLES[Tie]
        where: list[Any] = []
        if actor:
            where.append(or_(table.c.source_id == actor, table.c.target_id == actor))
        if kind:
            where.append(table.c.kind.in_([kind] if isinstance(kind, str) else list(kind)))
        if start_from:
            where.append(table.c.start_date >= start_from.first_day)
        if start_to:
            where.append(table.c.start_date <= start_to.last_day)
        return self._read(Tie, *where, order=(table.c.start_date, table.c.id))

    def events(self) -> list[Event]:
        return self._read(Event)

    def participations(
        self, event: str | None = None, actor: str | None = None
    ) -> list[Participation]:
        table = TABLES[Participation]
        where = []
        if event:
            where.append(table.c.event_id == event)
        if actor:
            where.append(table.c.actor_id == actor)
        return self._read(Participation, *where)

    def sources(self, ids: Iterable[str] | None = None) -> list[Source]:
        table = TABLES[Source]
        return self._read(Source, *([table.c.id.in_(list(ids))] if ids is not None else []))

    def dataset(self) -> Dataset:
        """Everything in the store as a :class:`Dataset` (for export)."""
        return Dataset(
            sources=self.sources(),
            actors=self.actors(),
            events=self.events(),
            ties=self._read(Tie),
            participations=self.participations(),
        )

    def version(self) -> str:
        """A text that changes whenever the store's content may have: the last batch (every
        import, edit, delete, merge and undo is one) and the merges' decisions. Cheap (two
        indexed aggregates): a cache key and an HTTP ETag.
        """
        with self.engine.connect() as conn:
            batch, count, last, decided = conn.execute(_VERSION_QUERY).one()
        stamp = decided.isoformat() if decided is not None else ""
        return f"{batch or 0}.{count}.{last or 0}.{stamp}"

    def counts(self) -> dict[str, int]:
        """Number of records of each type."""
        with self.engine.connect() as conn:
            return {
                t.kind_name: conn.execute(select(func.count()).select_from(TABLES[t])).scalar_one()
                for t in RECORD_TYPES
            }

    def batches(self) -> list[Batch]:
        """Every import, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(import_batches).order_by(import_batches.c.id)).mappings()
            return [
                Batch(
                    r["id"],
                    _utc(r["started_at"]),
                    _utc(r["finished_at"]),
                    r["label"],
                    json.loads(r["files"]),
                    json.loads(r["counts"]),
                    r["tool_version"],
                )
                for r in rows
            ]

    def changes(self, batch: int | None = None) -> list[dict[str, Any]]:
        """The updates imports made: record, batch and each field's before and after."""
        query = select(changes).order_by(changes.c.id)
        if batch is not None:
            query = query.where(changes.c.batch_id == batch)
        with self.engine.connect() as conn:
            return [
                dict(r) | {"changed": json.loads(r["changed"])}
                for r in conn.execute(query).mappings()
            ]

    def citations(self, name: str) -> pd.DataFrame:
        """The sources every record of one kind cites, as a frame read with one query:
        the record key (``id``; ``event`` and ``actor`` for participations), ``source``
        and ``position`` (see :func:`bioregion.store.frames.read_citations`).

        >>> import tempfile, os
        >>> with Store.open(os.path.join(tempfile.mkdtemp(), "c.db"), create=True) as store:
        ...     list(store.citations("ties").columns)
        ['id', 'source', 'position']
        """
        from bioregion.store.frames import read_citations

        return read_citations(self.engine, name)

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    # -- columnar reads -------------------------------------------------------
    def frame(
        self, name: str, columns: Sequence[str] | None = None, *, text: str = "str"
    ) -> pd.DataFrame:
        """The records of one kind as a :class:`pandas.DataFrame`, read with one query.

        ``name`` is ``"actors"``, ``"ties"``, ``"events"``, ``"participations"`` or
        ``"sources"``; ``columns`` picks some of the frame's columns (default all, see
        :func:`bioregion.store.frames.frame_columns`). Columns are named after the
        record fields (``source``, ``target``, not the stored ``source_id``); a date
        field gives ``<field>`` (first day of the period, ``datetime64[s]``, ``NaT`` when
        unknown) and ``<field>_precision``; lists are tuples and identifier maps dicts;
        rows come in id order. This is what the measures read
        (:func:`bioregion.network.ties_frame` and the other frame functions).
        Text columns have pandas' ``str`` dtype, or with ``text="object"`` hold the
        Python strings in ``object`` columns (cheaper to build and to select rows of).

        >>> import tempfile, os
        >>> with Store.open(os.path.join(tempfile.mkdtemp(), "f.db"), create=True) as store:
        ...     list(store.frame("ties", ["id", "start", "start_precision"]).columns)
        ['id', 'start', 'start_precision']
        """
        from bioregion.store.frames import read_frame

        return read_frame(self.engine, name, columns, text=text)


#: What :meth:`Store.version` asks: built once (constructing the expression costs more
#: than running it).
_VERSION_QUERY = select(
    select(func.max(import_batches.c.id)).scalar_subquery(),
    func.count(),
    func.max(merges.c.id),
    func.max(merges.c.decided_at),
).select_from(merges)


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """Batch times are stored in UTC; SQLite returns them without the zone."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def _version() -> str:
    from bioregion._version import __version__

    return __version__


def _problem_order(problem: Any) -> tuple:
    return (problem.file, problem.row or 0, problem.column, problem.rule)


def _stage(progress: Progress | None, stage: str) -> Callable[[int, int], None] | None:
    """``progress`` bound to one stage name, for code that reports only counts."""
    if progress is None:
        return None
    return lambda done, total: progress(stage, done, total)
