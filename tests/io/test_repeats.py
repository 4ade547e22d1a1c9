"""Unchanged re-imports recorded without reading the files (bioregion.store.repeats).

Each test compares the short way with the full one: the same files imported again into a
twin store with the short way switched off must give the same report (counts, files,
notes, warnings) and leave the same records.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from bioregion import Store
from bioregion.datasets import dataset_files
from bioregion.datasets.synthetic import to_dataset
from bioregion.io import export_tables, import_files
from bioregion.io import importer as importer_module
from bioregion.store.schema import import_fingerprints
from tests.store import _factory as factory


def _full_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Store, "repeat_import", lambda self, print_: None)


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any import that reads its files fail: the short way must not read them."""

    def refuse(*args, **kwargs):
        raise AssertionError("the files were read again")

    monkeypatch.setattr(importer_module, "import_columnar", refuse)
    monkeypatch.setattr(importer_module, "import_record_by_record", refuse)


def _report(report) -> tuple:
    return report.counts, report.files, report.notes, report.warnings, report.summary()


def _compare(target: str, tmp_path: Path, paths: list[Path], monkeypatch) -> tuple:
    """(short report, full report, records after each) of importing ``paths`` twice."""
    with Store.open(target, create=True) as store:
        import_files(store, paths)
        with monkeypatch.context() as m:
            _no_reading(m)
            short = import_files(store, paths)
        held_short = factory.held(store)
        with store.engine.connect() as conn:
            fingerprints = conn.execute(select(import_fingerprints)).all()
    assert {row.batch_id for row in fingerprints} == {1, 2}
    with Store.open(tmp_path / "twin.db", create=True) as store:  # the full way, on SQLite
        import_files(store, paths)
        with monkeypatch.context() as m:
            _full_path_only(m)
            full = import_files(store, paths)
        held_full = factory.held(store)
    return short, full, held_short, held_full


def test_a_repeat_reports_what_the_full_import_reports(
    store_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # records citing a source by URL only: the first import creates its source record,
    # a repeat finds it stored and does not count it again
    paths = export_tables(factory.dataset(), tmp_path / "files")
    short, full, held_short, held_full = _compare(store_target, tmp_path, paths, monkeypatch)
    assert _report(short) == _report(full)
    assert short.batch.total("created") == short.batch.total("updated") == 0
    assert short.counts["tie"]["unchanged"] == len(factory.ties())
    assert short.counts["source"]["unchanged"] == len(factory.sources())
    assert held_short == held_full


@pytest.mark.parametrize("which", ["synthetic", "belgium", "case_variants"])
def test_the_same_on_larger_and_odd_inputs(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if which == "synthetic":
        paths = export_tables(to_dataset(2000, seed=3), tmp_path / "files")
    elif which == "belgium":
        paths = dataset_files("belgium")
    else:  # names that differ only by case (a warning) and a row given twice
        folder = tmp_path / "files"
        folder.mkdir()
        (folder / "actors.csv").write_text(
            "id,name,kind\ntulip,TulipGen,biotech_firm\ntulip2,tulipgen,biotech_firm\n"
            "kul,KU Leuven,university\nkul,KU Leuven,university\n",
            encoding="utf-8",
        )
        paths = [folder / "actors.csv"]
    short, full, *_ = _compare(str(tmp_path / "a.db"), tmp_path, paths, monkeypatch)
    assert _report(short) == _report(full)
    if which == "case_variants":
        assert short.warnings and "differ only by case" in short.warnings[0]


def test_anything_written_since_takes_the_full_path(store: Store, tmp_path: Path):
    paths = export_tables(factory.dataset(), tmp_path / "files")
    import_files(store, paths)
    tie = factory.ties()[0]
    store.edit("tie", tie.id, {"description": "edited by hand"})
    again = import_files(store, paths)
    assert again.counts["tie"]["updated"] == 1  # the edit was undone by the file
    assert {t.id: t for t in store.ties()}[tie.id].description == tie.description
    # and now, nothing between: the short way
    third = import_files(store, paths)
    assert third.batch.total("updated") == 0


def test_other_bytes_options_or_label_take_the_full_path(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    paths = export_tables(factory.dataset(), tmp_path / "files")
    import_files(store, paths)
    calls = []
    original = importer_module.import_columnar

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(importer_module, "import_columnar", counted)
    import_files(store, paths, label="again, named")
    assert len(calls) == 1
    import_files(store, paths, label="again, named")  # the same again: short
    assert len(calls) == 1
    import_files(store, paths, label="again, named", recheck=True)  # asked to compare
    assert len(calls) == 2
    import_files(store, paths, label="again, named")  # recheck recorded a fingerprint too
    assert len(calls) == 2
    import_files(store, paths, allow_extra_columns=True)
    assert len(calls) == 3
    ties = next(p for p in paths if p.name.startswith("ties"))
    ties.write_text(ties.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    import_files(store, paths, allow_extra_columns=True)
    assert len(calls) == 4


def test_rows_written_around_the_library_take_the_full_path(tmp_path: Path):
    from sqlalchemy import delete

    from bioregion.model.records import Tie
    from bioregion.store.schema import SOURCE_LINKS, TABLES

    paths = export_tables(factory.dataset(), tmp_path / "files")
    with Store.open(tmp_path / "s.db", create=True) as store:
        import_files(store, paths)
        gone = factory.ties()[0].id
        with store.engine.begin() as conn:
            links = SOURCE_LINKS[Tie]
            conn.execute(delete(links).where(links.c.record_id == gone))
            conn.execute(delete(TABLES[Tie]).where(TABLES[Tie].c.id == gone))
        again = import_files(store, paths)
        assert again.counts["tie"]["created"] == 1
        assert gone in {t.id for t in store.ties()}


def test_a_store_with_merged_actors_records_no_fingerprint(tmp_path: Path):
    paths = export_tables(factory.dataset(), tmp_path / "files")
    with Store.open(tmp_path / "m.db", create=True) as store:
        import_files(store, paths)
        kept, merged = (a.id for a in factory.actors()[:2])
        store.merge_actors(kept, merged, force=True)
        again = import_files(store, paths)
        with store.engine.connect() as conn:
            recorded = {r.batch_id for r in conn.execute(select(import_fingerprints))}
    assert again.batch_id not in recorded
    assert 1 in recorded


def test_0005_downgrades_and_upgrades_keeping_the_batches(tmp_path: Path):
    from alembic import command

    from bioregion.store import migrate
    from bioregion.store.engine import for_writing

    paths = export_tables(factory.dataset(), tmp_path / "files")
    target = tmp_path / "d.db"
    with Store.open(target, create=True) as store:
        import_files(store, paths)
        cfg = migrate.config()
        with for_writing(store.engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        assert store.revision() == "0004"
        assert "import_fingerprints" not in store.table_names()
    with Store.open(target, create=True) as store:  # what `bioregion init` does
        assert store.revision() == migrate.head() == "0005"
        assert len(store.batches()) == 1
        again = import_files(store, paths)  # no fingerprint kept: the full way, same result
        assert again.batch.total("created") == again.batch.total("updated") == 0
        with store.engine.connect() as conn:
            assert {r.batch_id for r in conn.execute(select(import_fingerprints))} == {2}


def test_the_command_repeats_and_rechecks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from typer.testing import CliRunner

    from bioregion.cli import app

    paths = [str(p) for p in export_tables(factory.dataset(), tmp_path / "files")]
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    first = runner.invoke(app, ["import", *paths, "--db", db])
    assert first.exit_code == 0, first.output
    calls = []
    original = importer_module.import_columnar
    monkeypatch.setattr(
        importer_module, "import_columnar", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    again = runner.invoke(app, ["import", *paths, "--db", db])
    checked = runner.invoke(app, ["import", *paths, "--db", db, "--recheck"])
    assert again.exit_code == checked.exit_code == 0
    assert len(calls) == 1  # only --recheck read the files
    tail = lambda text: text.strip().splitlines()[-1].split(": ", 1)[1]  # noqa: E731
    assert tail(again.output) == tail(checked.output)
    assert "0 new, 0 updated" in tail(again.output)


def test_a_batch_being_written_is_waited_for(store: Store, tmp_path: Path):
    """A repeat that starts while another writer's batch is not yet committed waits for
    it, then sees that batch as the last one and takes the full path."""
    import threading
    import time

    from bioregion._version import __version__
    from bioregion.store import repeats
    from bioregion.store.engine import for_writing
    from bioregion.store.writer import finish_batch, start_batch

    paths = export_tables(factory.dataset(), tmp_path / "files")
    import_files(store, paths)
    files = [(str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in paths]
    print_ = repeats.fingerprint(files, _OPTIONS, __version__)
    with store.engine.connect() as conn:  # the fingerprint the import recorded
        assert conn.execute(select(import_fingerprints.c.fingerprint)).scalar_one() == print_
    found: list = []
    with for_writing(store.engine).connect() as conn, conn.begin():
        batch = start_batch(conn, "another writer", [], "test")
        worker = threading.Thread(target=lambda: found.append(store.repeat_import(print_)))
        worker.start()
        time.sleep(0.5)
        assert not found  # waiting for the writer
        finish_batch(conn, batch, {})
    worker.join(timeout=30)
    assert found == [None]
    assert [b.label for b in store.batches()][-1] == "another writer"


_OPTIONS = {"kind": None, "encoding": None, "allow_extra_columns": False, "label": ""}
