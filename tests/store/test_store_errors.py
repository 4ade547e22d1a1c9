"""Stores that cannot be used say why and what to do, exit 1 in the CLI, and stay unchanged.

A store locked by another write, a read-only file or folder, and a file that is not a
bioregion database (text, PNG, truncated or damaged SQLite, another program's database).

Read-only stores are tested for real, not emulated: the SQLite file or its folder has no
write permission, and the code runs in a child process. Tests run as root in CI and
root ignores file permissions, so there the child drops ``CAP_DAC_OVERRIDE`` and
``CAP_DAC_READ_SEARCH`` from its capability bounding set before it starts; after that
the kernel checks the file modes for it as for anyone else.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bioregion.errors import StoreCorruptError, StoreLockedError, StoreReadOnlyError
from bioregion.io.examples import EXAMPLES
from bioregion.store import Store

from ._factory import actors_only, dataset

EXAMPLE_FILES = [str(p) for p in sorted(EXAMPLES.glob("*.csv"))]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str, cwd: Path, preexec: Callable[[], None] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "bioregion.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        preexec_fn=preexec,
    )


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with Store.open(path, create=True) as store:
        store.write(actors_only())
    return path


# -- locked ---------------------------------------------------------------------------
# Note: while the lock is held, this process must not open and close the store file
# itself (e.g. to hash it): POSIX drops all of a process's locks on a file when any of
# its descriptors for that file is closed.
@contextmanager
def lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the store's write lock (as another import would)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def held_lock(stored: Path) -> Iterator[sqlite3.Connection]:
    with lock(stored) as other:
        yield other


def test_a_write_to_a_locked_store_waits_then_says_another_write_holds_it(
    stored: Path, held_lock: sqlite3.Connection
):
    with Store.open(stored, busy_timeout=0.2) as store:
        before = store.counts()
        with pytest.raises(StoreLockedError) as info:
            store.write(dataset())
        assert "another write" in str(info.value) and "--busy-timeout" in str(info.value)
        assert store.counts() == before and len(store.batches()) == 1


def test_a_write_waits_for_a_lock_released_within_the_busy_timeout(stored: Path):
    other = sqlite3.connect(stored, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    waiting = threading.Event()
    releaser = threading.Thread(
        target=lambda: (waiting.wait(30), other.execute("ROLLBACK"), other.close())
    )
    releaser.start()
    try:
        with Store.open(stored, busy_timeout=60) as store:
            threading.Timer(0.2, waiting.set).start()
            report = store.write(dataset())
            assert report.total("created") > 0
    finally:
        waiting.set()
        releaser.join()


def test_init_on_a_locked_store_with_an_old_schema_is_a_locked_error(tmp_path: Path):
    path = tmp_path / "old.db"
    with Store.open(path, create=True) as store:
        from bioregion.store import migrate

        assert store.revision() == migrate.head()
    # an empty database that still needs its schema: init must wait for the lock
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with lock(empty), pytest.raises(StoreLockedError):
        Store.open(empty, create=True, busy_timeout=0.1)


def test_cli_import_into_a_locked_store_exits_1(stored: Path, tmp_path: Path):
    before = _digest(stored)
    with lock(stored):
        result = _cli(
            "--busy-timeout", "0.2", "import", *EXAMPLE_FILES, "--db", str(stored), cwd=tmp_path
        )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "another write" in result.stderr and "Traceback" not in result.stderr
    assert "please report" not in result.stderr
    assert _digest(stored) == before


# -- read-only ----------------------------------------------------------------------------
def _without_file_override() -> Callable[[], None] | None:
    """A pre-exec hook that makes a root child obey file modes (None for other users)."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=drop, check=False)
    if probe.returncode != 0:
        pytest.skip("running as root without CAP_SETPCAP: cannot test file permissions")
    return drop


WRITE_ONE = """
import sys
from bioregion.store import Store
from bioregion.io import import_files
try:
    with Store.open(sys.argv[1], create=True) as store:
        import_files(store, sys.argv[2:])
except Exception as exc:
    print(type(exc).__name__, exc)
"""


def _read_only(tmp_path: Path, stored: Path, what: str) -> Path:
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    path = folder / "store.db"
    path.write_bytes(stored.read_bytes())
    if what == "file":
        path.chmod(0o444)
    else:
        folder.chmod(0o555)
    return path


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_raises_read_only_and_stays_unchanged(
    tmp_path: Path, stored: Path, what: str
):
    drop = _without_file_override()
    path = _read_only(tmp_path, stored, what)
    before = _digest(path)
    try:
        found = subprocess.run(
            [sys.executable, "-c", WRITE_ONE, str(path), *EXAMPLE_FILES],
            capture_output=True,
            text=True,
            preexec_fn=drop,
            timeout=120,
        )
        assert found.stdout.startswith("StoreReadOnlyError"), found.stdout + found.stderr
        assert what in found.stdout and "nothing was written" in found.stdout
        assert _digest(path) == before
        assert sorted(p.name for p in path.parent.iterdir()) == ["store.db"]
        # reading a read-only store is fine
        cli = _cli("actors", "--db", str(path), "--format", "csv", cwd=tmp_path, preexec=drop)
        assert cli.returncode == 0 and "ablynx" in cli.stdout, cli.stderr
        cli = _cli("import", *EXAMPLE_FILES, "--db", str(path), cwd=tmp_path, preexec=drop)
        assert cli.returncode == 1 and "read-only" in cli.stderr, cli.stderr
        assert "Traceback" not in cli.stderr and _digest(path) == before
    finally:
        path.parent.chmod(0o755)


def test_a_new_store_in_a_read_only_folder(tmp_path: Path):
    drop = _without_file_override()
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        cli = _cli("init", "--db", str(folder / "new.db"), cwd=tmp_path, preexec=drop)
        assert cli.returncode == 1 and "cannot be written" in cli.stderr, cli.stderr
        assert "Traceback" not in cli.stderr and list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_read_only_error_class_from_a_read_only_connection(stored: Path):
    """The same translation for SQLite opened read-only (``mode=ro``), in this process."""
    with (
        Store.open(f"sqlite:///file:{stored}?mode=ro&uri=true") as store,
        pytest.raises(StoreReadOnlyError),
    ):
        store.write(dataset())


# -- not a bioregion database ---------------------------------------------------------------
def _bad_files(tmp_path: Path, stored: Path) -> dict[str, Path]:
    whole = stored.read_bytes()
    files = {
        "text": b"id,name\nablynx,Ablynx\n" * 20,
        "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "half": whole[: len(whole) // 2],
        "last pages cut": whole[: len(whole) - 4096],
        "header only": whole[:100],
        "cut": whole[:50],
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name.replace(' ', '-')}.db"
        paths[name].write_bytes(data)
    return paths


@pytest.mark.parametrize("create", [False, True])
def test_a_file_that_is_not_a_bioregion_database_is_refused_and_untouched(
    tmp_path: Path, stored: Path, create: bool
):
    for name, path in _bad_files(tmp_path, stored).items():
        before = _digest(path)
        with pytest.raises(StoreCorruptError) as info:
            Store.open(path, create=create).close()
        message = str(info.value)
        assert "not a" in message and "bioregion database" in message, name
        assert "--db" in message and "restore" in message, name
        assert _digest(path) == before, name


@pytest.mark.parametrize("page", [2, 3, 5])
def test_init_on_a_store_with_damaged_pages_is_refused_and_untouched(
    tmp_path: Path, stored: Path, page: int
):
    """Whole size, sound header, one table page overwritten: init must not say "ready"."""
    data = bytearray(stored.read_bytes())
    size = 4096
    assert len(data) > (page + 1) * size
    data[page * size : (page + 1) * size] = b"\xff" * size
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    before = _digest(damaged)
    with (
        pytest.raises(StoreCorruptError, match=r"damaged|malformed") as info,
        Store.open(damaged, create=True) as store,
    ):
        store.init()
    assert "--db" in str(info.value) and "restore" in str(info.value)
    assert _digest(damaged) == before


def test_another_programs_sqlite_database_is_not_initialised_over(tmp_path: Path):
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT)")
        conn.execute("INSERT INTO photos (file) VALUES ('a.png')")
    conn.close()
    before = _digest(path)
    for create in (False, True):
        with pytest.raises(StoreCorruptError, match=r"another program.*photos"):
            Store.open(path, create=create)
    assert _digest(path) == before


def test_cli_on_a_file_that_is_not_a_store_exits_1(tmp_path: Path, stored: Path):
    from typer.testing import CliRunner

    from bioregion.cli import app

    runner = CliRunner()
    bad = _bad_files(tmp_path, stored)
    for command in (["init"], ["import", *EXAMPLE_FILES], ["actors"]):
        for name in ("text", "half"):
            before = _digest(bad[name])
            result = runner.invoke(app, [*command, "--db", str(bad[name])])
            assert result.exit_code == 1, (command, name, result.output)
            assert "not a" in result.output and "bioregion database" in result.output
            assert "please report" not in result.output
            assert _digest(bad[name]) == before
    # the real entry point: a message, no traceback
    result = _cli("init", "--db", str(bad["text"]), cwd=tmp_path)
    assert result.returncode == 1 and "not a bioregion database" in result.stderr
    assert "Traceback" not in result.stderr
