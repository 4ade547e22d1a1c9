"""``bioregion edit``, ``delete``, ``merge``, ``merges`` and ``candidates``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bioregion.cli import app
from bioregion.cli._app import state
from bioregion.store import Store
from tests.store._factory import dataset
from tests.store.test_curation import DUP, edgar, with_duplicate

runner = CliRunner()


def run(db: Path, *args: str) -> object:
    state.debug = False
    return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=True)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "curate.db"
    with Store.open(path, create=True) as store:
        store.write(with_duplicate())
    return path


def test_merge_list_and_undo(db: Path) -> None:
    merged = run(db, "merge", "ablynx", DUP, "--evidence", "same PIC on the CORDIS page")
    assert merged.exit_code == 0, merged.output
    assert f"{DUP} merged into ablynx" in merged.output
    assert "bioregion merges undo 1" in merged.output
    listed = run(db, "merges", "--format", "json")
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.output)
    assert (row["kept"], row["merged"], row["status"], row["decision"]) == (
        "ablynx",
        DUP,
        "applied",
        "manual",
    )
    assert json.loads(row["evidence"]) == {"note": "same PIC on the CORDIS page"}
    undone = run(db, "merges", "undo", "1")
    assert undone.exit_code == 0, undone.output
    assert "undone" in undone.output
    with Store.open(db) as store:
        assert store.actor(DUP).name == "ABLYNX NV"
        assert [m.status for m in store.merges()] == ["undone"]


def test_pending_merges_are_accepted_or_rejected(db: Path) -> None:
    with Store.open(db) as store:
        first = store.merge_actors("ablynx", DUP, probability=0.9, decision="pending")
        second = store.merge_actors("ugent", "vib", probability=0.6, decision="pending")
    pending = run(db, "merges", "--status", "pending", "--format", "csv")
    assert pending.exit_code == 0, pending.output
    assert pending.output.splitlines()[1].startswith(f"{first.id},ablynx,{DUP},0.900,pending")
    assert run(db, "merges", "accept", str(first.id)).exit_code == 0
    rejected = run(db, "merges", "reject", str(second.id))
    assert rejected.exit_code == 0 and "rejected" in rejected.output
    with Store.open(db) as store:
        assert store.actor_redirects() == {DUP: "ablynx"}
        assert store.rejected_pairs() == {frozenset({"ugent", "vib"})}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["merges", "undo"], "give the merge's id"),
        (["merges", "list", "3"], "none after list"),
        (["merges", "redo", "1"], "unknown action 'redo'"),
        (["merges", "undo", "7"], "no merge #7"),
        (["merges", "--status", "maybe"], "unknown merge status"),
        (["merge", "ablynx", "ablynx"], "into itself"),
        (["merge", "ablynx", "nobody"], "no actor with id 'nobody'"),
    ],
)
def test_merge_errors_are_messages(db: Path, args: list[str], message: str) -> None:
    result = run(db, *args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_edit_reads_values_as_the_templates_do(db: Path) -> None:
    result = run(db, "edit", "actor", "vib", "city=Zwijnaarde", "tags=flanders; institute")
    assert result.exit_code == 0, result.output
    assert "1 actor(s) updated" in result.output
    result = run(db, "edit", "actor", "vib", "identifiers=ror:03xrhmk39; pic:999984059")
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        vib = store.actor("vib")
        assert (vib.city, vib.tags) == ("Zwijnaarde", ("flanders", "institute"))
        assert vib.identifiers == {"ror": "03xrhmk39", "pic": "999984059"}
        assert store.changes(store.batches()[-2].id)[0]["changed"]["city"] == ["Gent", "Zwijnaarde"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["edit", "actor", "vib", "founded=2030"], "lies in the future"),
        (["edit", "actor", "vib", "founded=soon"], "founded='soon'"),
        (["edit", "actor", "vib", "city"], "write FIELD=VALUE"),
        (["edit", "actor", "vib", "colour=red"], "no field 'colour'"),
        (["edit", "gadget", "vib", "city=x"], "unknown record type"),
        (["edit", "tie", "t-spin-ablynx", "target=nobody"], "unknown actor"),
        (["delete", "actor", "ugent"], "still cited by 2 ties"),
        (["delete", "source", "nowhere"], "no source 'nowhere'"),
    ],
)
def test_bad_edits_and_deletes_change_nothing(db: Path, args: list[str], message: str) -> None:
    with Store.open(db) as store:
        before = (store.dataset(), store.batches())
    result = run(db, *args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    with Store.open(db) as store:
        assert (store.dataset(), store.batches()) == before


def test_delete_a_tie(db: Path) -> None:
    result = run(db, "delete", "tie", "t-grant-gimv-bone", "--label", "duplicate entry")
    assert result.exit_code == 0, result.output
    assert "1 tie(s) deleted" in result.output
    with Store.open(db) as store:
        assert "t-grant-gimv-bone" not in {t.id for t in store.ties()}
        assert store.batches()[-1].label == "duplicate entry"


def test_candidates_list_accept_reject(db: Path) -> None:
    with Store.open(db) as store:
        ids = store.queue_candidates(edgar(), evidence=[{"page": 3}, {"page": 9}])
    listed = run(db, "candidates", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [r["key"] for r in json.loads(listed.output)] == ["edgar-licence-0", "edgar-licence-1"]
    accepted = run(db, "candidates", "accept", str(ids[0]))
    assert accepted.exit_code == 0 and "accepted (batch" in accepted.output
    assert run(db, "candidates", "reject", str(ids[1])).exit_code == 0
    everything = json.loads(run(db, "candidates", "--status", "all", "-f", "json").output)
    assert [r["status"] for r in everything] == ["accepted", "rejected"]
    missing = run(db, "candidates", "accept", "99")
    assert missing.exit_code == 1 and "no candidate #99" in missing.output


def test_the_plain_dataset_is_still_importable_after_a_merge(db: Path) -> None:
    assert run(db, "merge", "ablynx", DUP).exit_code == 0
    with Store.open(db) as store:
        report = store.write(dataset())
        assert report.total("updated") == 0
