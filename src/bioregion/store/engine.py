"""Opening a store's database: the engine, SQLite's locking, and what its errors mean.

SQLite allows one writer at a time. A write (an import, a migration) starts with
``BEGIN IMMEDIATE``, so that it takes the write lock before it reads anything and waits
up to the busy timeout for another write to finish; a plain deferred transaction would
instead fail at once when two writers read before they write. Errors of the SQLite
driver become the store errors of :mod:`bioregion.errors`, with what to do next:
:class:`StoreLockedError`, :class:`StoreReadOnlyError`, :class:`StoreCorruptError`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bioregion.errors import (
    MissingExtraError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
)

#: Seconds a write waits for another write to release a SQLite store.
DEFAULT_BUSY_TIMEOUT = 30.0

_WRITE_OPTION = "bioregion_write"
_RESTORE = (
    "bioregion has not changed it. Give another path with --db (a new store is created by "
    "`bioregion init --db NEW.db`), or restore the file from a backup"
)


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL object; :class:`StoreError` when the address cannot be read."""
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"cannot read the database address {url!r}: {exc}") from None


def make_engine(url: str, *, display: str, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """The engine of a store; for SQLite with the busy timeout and error translation."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise MissingExtraError("psycopg", "postgres") from None
        return create_engine(parsed, pool_pre_ping=True)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed)
    engine = create_engine(parsed, connect_args={"timeout": float(busy_timeout)})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    path = sqlite_path(url)

    def translate(context: Any) -> None:
        found = store_error(context.original_exception, display, path, busy_timeout)
        if found is not None:
            raise found from context.original_exception

    event.listen(engine, "handle_error", translate)
    return engine


def for_writing(engine: Engine) -> Engine:
    """The same engine, whose transactions take SQLite's write lock when they begin."""
    return engine.execution_options(**{_WRITE_OPTION: True})


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver must not open transactions of its own: the "begin" event does.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.query.get("mode") == "memory":
        return None
    database = parsed.database
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = database.removeprefix("file:")  # sqlite:///file:PATH?mode=ro&uri=true
    return Path(database)


def store_error(
    exc: BaseException, display: str, path: Path | None, busy_timeout: float
) -> StoreError | None:
    """The store error a SQLite driver error means, or None for another error."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return StoreLockedError(
            f"the store at {display} is busy: another write (an import, a load or "
            f"`bioregion init`) has held it for more than {busy_timeout:g} s; nothing was "
            "written. Retry when that write finishes, or wait longer with "
            "`bioregion --busy-timeout SECONDS` (busy_timeout= of Store.open)"
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return read_only_error(display, path)
    if name.startswith("SQLITE_NOTADB") or "file is not a database" in text:
        return StoreCorruptError(
            f"{display} is not a bioregion database: it is not an SQLite file. {_RESTORE}"
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return StoreCorruptError(
            f"{display} is not a usable bioregion database: the SQLite file is damaged or "
            f"truncated ({exc}). {_RESTORE}"
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in text:
        if path is not None and path.is_dir():
            return StoreError(f"{display} is a folder; give the path of a store file with --db")
        if path is not None and not _writable(path.parent):
            return read_only_error(display, path)
        return StoreError(f"cannot open the store at {display}: {exc}")
    return None


def read_only_error(display: str, path: Path | None) -> StoreReadOnlyError:
    """The error for a store that cannot be written, saying whether the file or its folder."""
    if path is not None and not path.exists() and not _writable(path.parent):
        return StoreReadOnlyError(
            f"cannot create the store at {display}: its folder {path.parent} cannot be "
            "written; give a path in a folder you can write with --db"
        )
    if path is not None and path.exists() and not _writable(path):
        why = "the file cannot be written"
    elif path is not None and not _writable(path.parent):
        why = f"its folder {path.parent} cannot be written (SQLite writes a journal beside it)"
    else:
        why = "the file or its folder cannot be written"
    return StoreReadOnlyError(
        f"the store at {display} is read-only: {why}; nothing was written. Make it "
        "writable, or copy it to a folder you can write and give that path with --db"
    )


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def check_sqlite_file(engine: Engine, path: Path, display: str) -> None:
    """Fail with a store error unless ``path`` holds a whole SQLite database (or nothing).

    SQLite itself tells a file that is not a database (:class:`StoreCorruptError`, by
    the error translation); this adds a file shorter than the pages SQLite counts in it,
    a truncated copy that SQLite would only notice when it reads a missing page. The file
    is never opened other than through SQLite: closing another descriptor of a database
    file would drop the locks this process holds on it.
    """
    if path.is_dir():
        raise StoreError(f"{display} is a folder; give the path of a store file with --db")
    if not path.exists() or Path(f"{path}-wal").exists():
        return  # a new store, or pages still in the write-ahead log
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
    size = path.stat().st_size
    if size < pages * page_size:
        raise StoreCorruptError(
            f"{display} is not a usable bioregion database: the SQLite file is truncated "
            f"({size} bytes where SQLite counts {pages * page_size}). {_RESTORE}"
        )


def check_integrity(engine: Engine, display: str) -> None:
    """Fail with :class:`StoreCorruptError` unless SQLite's ``quick_check`` finds the file whole.

    Reads every page, so it runs where a whole-file check is worth it (``init``), not on
    every open.
    """
    with engine.connect() as conn:
        found = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check")]
    if found != ["ok"]:
        shown = "; ".join(found[:3]) + (" ..." if len(found) > 3 else "")
        raise StoreCorruptError(
            f"{display} is not a usable bioregion database: SQLite finds it damaged "
            f"({shown}). {_RESTORE}"
        )


def foreign_tables(engine: Engine) -> list[str]:
    """Tables of the database that a bioregion store does not have."""
    from bioregion.store.schema import metadata

    return sorted(set(inspect(engine).get_table_names()) - {*metadata.tables, "alembic_version"})


def prepare_folder(path: Path, display: str) -> None:
    """Create the missing folders of a new store file, with a store error on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise StoreError(
            f"cannot create the store at {display}: a part of {path.parent} is a file, "
            "not a folder; give another path with --db"
        ) from None
    except PermissionError:
        raise read_only_error(display, path) from None
