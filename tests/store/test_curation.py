"""Curation of the store: merges (with undo and re-import), edits, deletes, candidates,
on every backend of the ``store`` fixture; data: the storage tests' small Belgian
dataset plus a second record of Ablynx as a CORDIS connector would write it."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from bioregion import Actor, Dataset, Participation, Source, Tie
from bioregion.errors import ArgumentError, ImportRejectedError, NotFoundError, ValidationError
from bioregion.io import export_tables
from bioregion.io._columnar import import_columnar
from bioregion.io.importer import import_files, import_record_by_record
from bioregion.store import Store, curation, migrate
from bioregion.store.engine import for_writing
from bioregion.store.schema import metadata
from tests.store._factory import d, dataset

DUP = "cordis-pic-999"
#: Tables of the data (records, source links, aliases); not the logs of what was done.
LOGS = {"import_batches", "changes", "merges", "candidates"}


def with_duplicate() -> Dataset:
    """The small dataset plus ``cordis-pic-999``, Ablynx as CORDIS lists it: a tie to
    Ablynx itself, a tie to UGent, a participation in the FP7 project that Ablynx also
    has (same role) and one in another role."""
    data = dataset()
    data.actors.append(
        Actor(
            id=DUP,
            name="ABLYNX NV",
            kind="biotech_firm",
            country="BE",
            identifiers={"pic": "999999999"},
            sources=("cordis-223077",),
        )
    )
    data.ties += [
        Tie(
            id="t-dup-ablynx",
            kind="rd_collaboration",
            source=DUP,
            target="ablynx",
            start=d("2010"),
            sources=("cordis-223077",),
        ),
        Tie(
            id="t-dup-ugent",
            kind="rd_collaboration",
            source="ugent",
            target=DUP,
            start=d("2011-03"),
            sources=("cordis-223077", "registry-kbo"),
        ),
    ]
    data.participations += [
        Participation(
            event="fp7-223077", actor=DUP, role="participant", sources=("press-ablynx-2009",)
        ),
        Participation(
            event="fp7-223077",
            actor=DUP,
            role="partner",
            contribution=5000.0,
            currency="EUR",
            sources=("cordis-223077",),
        ),
    ]
    return data


def rows(store: Store, skip: set[str] = LOGS) -> dict[str, list[tuple]]:
    """Every row of every data table (batch columns included), in key order."""
    out = {}
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            keys = ", ".join(c.name for c in table.primary_key.columns)
            query = f"SELECT * FROM {table.name} ORDER BY {keys}"
            out[table.name] = [tuple(r) for r in conn.execute(text(query))]
    return out


def everything(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, logs included (batch times left out)."""
    found = rows(store, skip=set())
    found["import_batches"] = [r[:1] + r[3:] for r in found["import_batches"]]
    return found


@pytest.fixture
def loaded(store: Store) -> Store:
    store.write(with_duplicate())
    return store


# -- merge -------------------------------------------------------------------------
def test_merge_moves_ties_participations_sources_and_identifiers(loaded: Store) -> None:
    merge = loaded.merge_actors(
        "ablynx", DUP, probability=0.97, evidence={"name": 0.99, "pic": "no"}, decision="auto"
    )
    assert (merge.status, merge.decision, merge.probability) == ("applied", "auto", 0.97)
    assert merge.evidence == {"name": 0.99, "pic": "no"}
    assert [a.id for a in loaded.actors(ids=[DUP])] == []
    ablynx = loaded.actor("ablynx")
    assert ablynx.identifiers == {"cik": "1700000", "kbo": "0475.295.446", "pic": "999999999"}
    assert ablynx.sources == ("registry-kbo", "press-ablynx-2009", "cordis-223077")
    ties = {t.id: t for t in loaded.ties()}
    assert "t-dup-ablynx" not in ties  # it would join Ablynx to itself
    assert (ties["t-dup-ugent"].source, ties["t-dup-ugent"].target) == ("ugent", "ablynx")
    parts = {p.role: p for p in loaded.participations(actor="ablynx")}
    assert parts["participant"].contribution == 750_000.0  # Ablynx's own, kept
    assert parts["participant"].sources == ("cordis-223077", "press-ablynx-2009")
    assert (parts["partner"].contribution, parts["partner"].sources) == (5000.0, ("cordis-223077",))
    assert loaded.participations(actor=DUP) == []
    assert loaded.aliases() == {"ablynx": ["ABLYNX NV"]}
    assert loaded.actor_redirects() == {DUP: "ablynx"}
    assert loaded.merges() == [merge]


def test_merge_is_a_batch_with_field_level_changes(loaded: Store) -> None:
    merge = loaded.merge_actors("ablynx", DUP)
    batch = loaded.batches()[-1]
    assert batch.id == merge.batch_id and batch.label == f"merge {DUP} into ablynx"
    assert batch.counts["tie"] == {"created": 0, "updated": 1, "unchanged": 0, "deleted": 1}
    logged = {
        (c["record_type"], c["record_key"], c["action"]): c["changed"]
        for c in loaded.changes(merge.batch_id)
    }
    assert logged[("tie", "t-dup-ugent", "update")] == {"target": [DUP, "ablynx"]}
    assert logged[("tie", "t-dup-ablynx", "delete")]["source"] == [DUP, None]
    assert logged[("actor", DUP, "delete")]["name"] == ["ABLYNX NV", None]
    assert logged[("actor", "ablynx", "update")]["identifiers"][1]["pic"] == "999999999"
    assert ("participation", f"fp7-223077|{DUP}|partner", "delete") in logged
    assert logged[("participation", "fp7-223077|ablynx|partner", "create")]["contribution"] == [
        None,
        5000.0,
    ]
    assert ("alias", "ablynx|ABLYNX NV", "create") in logged


def test_undo_restores_every_table_exactly(loaded: Store) -> None:
    before = rows(loaded)
    merge = loaded.merge_actors("ablynx", DUP)
    assert rows(loaded) != before
    undone = loaded.undo_merge(merge.id)
    assert rows(loaded) == before
    assert (undone.status, undone.undo_batch_id) == ("undone", loaded.batches()[-1].id)
    assert loaded.actor_redirects() == {}
    assert loaded.rejected_pairs() == {frozenset({"ablynx", DUP})}
    logged = loaded.changes(undone.undo_batch_id)
    assert {(c["record_type"], c["record_key"], c["action"]) for c in logged} >= {
        ("actor", DUP, "create"),
        ("tie", "t-dup-ablynx", "create"),
        ("tie", "t-dup-ugent", "update"),
    }
    with pytest.raises(ArgumentError, match="only an applied merge"):
        loaded.undo_merge(merge.id)


def test_a_failing_merge_changes_nothing(loaded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    before = everything(loaded)

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(curation, "_move_participations", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        loaded.merge_actors("ablynx", DUP)
    assert everything(loaded) == before


def test_conflicting_identifiers_refuse_unless_forced(loaded: Store) -> None:
    loaded.edit("actor", DUP, {"identifiers": {"pic": "999999999", "cik": "1234567"}})
    before = everything(loaded)
    with pytest.raises(ArgumentError, match=r"cik: '1700000' vs '1234567'.*--force"):
        loaded.merge_actors("ablynx", DUP)
    assert everything(loaded) == before
    merge = loaded.merge_actors("ablynx", DUP, force=True)
    assert loaded.actor("ablynx").identifiers["cik"] == "1700000"
    loaded.undo_merge(merge.id)
    assert loaded.actor(DUP).identifiers["cik"] == "1234567"


def test_a_merge_that_would_break_a_rule_is_refused(loaded: Store) -> None:
    """VIB's tie of 1996 would start before Bone Therapeutics was founded (2006)."""
    before = everything(loaded)
    with pytest.raises(ValidationError, match="is before bone-therapeutics was founded"):
        loaded.merge_actors("bone-therapeutics", "vib")
    assert everything(loaded) == before


@pytest.mark.parametrize(
    ("kept", "merged", "options", "error", "match"),
    [
        ("ablynx", "ablynx", {}, ArgumentError, "into itself"),
        ("ablynx", "nobody", {}, NotFoundError, "no actor with id 'nobody'"),
        ("nobody", DUP, {}, NotFoundError, "no actor with id 'nobody'"),
        ("ablynx", DUP, {"decision": "maybe"}, ArgumentError, "decision 'maybe'"),
        ("ablynx", DUP, {"probability": 1.5}, ArgumentError, "between 0 and 1"),
    ],
)
def test_merge_arguments(
    loaded: Store, kept: str, merged: str, options: dict, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        loaded.merge_actors(kept, merged, **options)
    assert loaded.merges() == []


def test_a_merged_actor_is_not_found_and_says_where_it_went(loaded: Store) -> None:
    loaded.merge_actors("ablynx", DUP)
    with pytest.raises(NotFoundError, match="merged into 'ablynx'"):
        loaded.merge_actors("sanofi", DUP)


# -- review: pending, accept, reject --------------------------------------------------
def test_pending_merge_changes_nothing_until_accepted(loaded: Store) -> None:
    before = rows(loaded)
    pending = loaded.merge_actors("ablynx", DUP, probability=0.8, decision="pending")
    assert (pending.status, pending.batch_id) == ("pending", None)
    assert rows(loaded) == before
    assert loaded.merge_actors("ablynx", DUP, decision="pending") == pending  # not queued twice
    assert loaded.merges("pending") == [pending]
    accepted = loaded.decide_merge(pending.id, True)
    assert (accepted.id, accepted.status, accepted.decision) == (pending.id, "applied", "accepted")
    assert accepted.decided_at is not None and accepted.batch_id is not None
    assert loaded.actor_redirects() == {DUP: "ablynx"}


def test_a_rejected_pair_stays_rejected(loaded: Store) -> None:
    before = rows(loaded)
    pending = loaded.merge_actors("ablynx", DUP, decision="pending")
    rejected = loaded.decide_merge(pending.id, False)
    assert (rejected.status, rejected.decision) == ("rejected", "rejected")
    assert loaded.rejected_pairs() == {frozenset({"ablynx", DUP})}
    # the matcher proposing it again, either way round, changes nothing
    assert loaded.merge_actors(DUP, "ablynx", decision="auto") == rejected
    assert loaded.merge_actors("ablynx", DUP, decision="pending") == rejected
    assert rows(loaded) == before and len(loaded.merges()) == 1
    # a person may still merge them
    assert loaded.merge_actors("ablynx", DUP, decision="manual").status == "applied"


def test_an_applied_merge_is_undone_not_rejected(loaded: Store) -> None:
    merge = loaded.merge_actors("ablynx", DUP)
    with pytest.raises(ArgumentError, match=f"bioregion merges undo {merge.id}"):
        loaded.decide_merge(merge.id, False)
    with pytest.raises(NotFoundError, match="no merge #99"):
        loaded.decide_merge(99, True)


# -- undo after later changes ---------------------------------------------------------
def test_undo_is_refused_while_a_later_merge_holds_the_rows(loaded: Store) -> None:
    before = rows(loaded)
    first = loaded.merge_actors("ablynx", DUP)
    second = loaded.merge_actors("sanofi", "ablynx", force=True)
    assert loaded.actor_redirects() == {DUP: "sanofi", "ablynx": "sanofi"}
    with pytest.raises(ArgumentError, match=rf"undo the later merge\(s\) #{second.id} first"):
        loaded.undo_merge(first.id)
    loaded.undo_merge(second.id)
    loaded.undo_merge(first.id)
    assert rows(loaded) == before


def test_undo_keeps_later_edits_of_other_fields_and_refuses_edits_of_its_own(
    loaded: Store,
) -> None:
    merge = loaded.merge_actors("ablynx", DUP)
    loaded.edit("actor", "ablynx", {"city": "Gent"})  # a field the merge did not write
    loaded.edit("tie", "t-dup-ugent", {"status": "active"})
    held = loaded.merge_actors("ugent", "gimv")  # touches other rows only
    loaded.undo_merge(held.id)
    loaded.edit("actor", "ablynx", {"identifiers": {"kbo": "0475.295.446"}})  # one it wrote
    with pytest.raises(ArgumentError, match="actors ablynx") as info:
        loaded.undo_merge(merge.id)
    assert "Nothing was changed" in str(info.value)
    loaded.edit(
        "actor",
        "ablynx",
        {"identifiers": {"cik": "1700000", "kbo": "0475.295.446", "pic": "999999999"}},
    )
    loaded.undo_merge(merge.id)
    assert loaded.actor("ablynx").city == "Gent"
    assert loaded.actor(DUP).name == "ABLYNX NV"
    tie = next(t for t in loaded.ties() if t.id == "t-dup-ugent")
    assert (tie.target, tie.status) == (DUP, "active")


# -- surviving re-ingest ----------------------------------------------------------------
def test_redirects_follow_chains(loaded: Store) -> None:
    loaded.merge_actors("vib", "uliege")
    loaded.merge_actors("ugent", "vib", force=True)  # both hold a ROR id now
    assert loaded.actor_redirects() == {"uliege": "ugent", "vib": "ugent"}


def test_writing_the_same_data_again_keeps_the_merge(loaded: Store) -> None:
    loaded.merge_actors("ablynx", DUP)
    after = rows(loaded)
    for data in (with_duplicate(), dataset()):  # with or without the merged actor
        report = loaded.write(data)
        assert report.total("created") == 0 and report.total("updated") == 0
        assert rows(loaded) == after
    assert loaded.actor("ablynx").identifiers["pic"] == "999999999"


def test_reimporting_the_files_keeps_the_merge_on_both_import_paths(
    loaded: Store, tmp_path: Path
) -> None:
    files = export_tables(with_duplicate(), tmp_path / "csv")
    loaded.merge_actors("ablynx", DUP)
    after = rows(loaded)
    fast = import_columnar(loaded, files)  # the column-wise path takes it on
    assert fast is not None
    assert fast.batch.total("created") == 0 and fast.batch.total("updated") == 0
    assert rows(loaded) == after
    exact = import_record_by_record(loaded, files)
    assert exact.counts == fast.batch.counts
    assert rows(loaded) == after
    assert DUP not in {a.id for a in loaded.actors()}


def test_reimport_of_changed_records_lands_on_the_kept_actor(loaded: Store, tmp_path: Path) -> None:
    loaded.merge_actors("ablynx", DUP)
    data = with_duplicate()
    data.ties = [t.evolve(status="completed") if t.id == "t-dup-ugent" else t for t in data.ties]
    data.participations.append(
        Participation(event="fp7-223077", actor=DUP, role="coordinator", sources=("cordis-223077",))
    )
    import_files(loaded, export_tables(data, tmp_path / "csv"))
    tie = next(t for t in loaded.ties() if t.id == "t-dup-ugent")
    assert (tie.target, tie.status) == ("ablynx", "completed")
    roles = {p.role for p in loaded.participations(actor="ablynx")}
    assert roles == {"participant", "partner", "coordinator"}


# -- edit -------------------------------------------------------------------------------
def test_edit_records_a_batch_with_before_and_after(loaded: Store) -> None:
    report = loaded.edit("actor", "vib", {"city": "Zwijnaarde", "founded": "1996"}, label="fix")
    assert report.counts["actor"]["updated"] == 1
    assert loaded.actor("vib").city == "Zwijnaarde"
    assert loaded.batches()[-1].label == "fix"
    (change,) = loaded.changes(report.batch_id)
    assert change["changed"] == {"city": ["Gent", "Zwijnaarde"], "founded": ["1995-12", "1996"]}
    part = loaded.edit("participations", "fp7-223077|ugent|coordinator", {"contribution": 2.5})
    assert part.counts["participation"]["updated"] == 1
    assert loaded.participations(actor="ugent")[0].contribution == 2.5


@pytest.mark.parametrize(
    ("record_type", "key", "changes", "error", "match"),
    [
        ("actor", "vib", {"founded": "2030"}, ValidationError, "lies in the future"),
        ("actor", "vib", {"founded": "2005"}, ValidationError, "tie t-rd-ugent-vib.*before vib"),
        ("actor", "vib", {"founded": "199x"}, ValidationError, "not a date"),
        ("tie", "t-spin-ablynx", {"target": "nobody"}, ValidationError, "unknown actor"),
        ("tie", "t-spin-ablynx", {"kind": "hug"}, ValidationError, "unknown kind"),
        ("actor", "vib", {"id": "vib2"}, ArgumentError, "part of the actor's key.*merge"),
        ("actor", "vib", {"colour": "red"}, ArgumentError, "no field 'colour'"),
        ("actor", "vib", {}, ArgumentError, "at least one"),
        ("actor", "nobody", {"city": "x"}, NotFoundError, "no actor 'nobody'"),
        ("widget", "vib", {"city": "x"}, ArgumentError, "unknown record type"),
        ("participation", "fp7-223077|ugent", {"role": "x"}, ArgumentError, "3 part"),
    ],
)
def test_a_bad_edit_changes_nothing(
    loaded: Store, record_type: str, key: str, changes: dict, error: type, match: str
) -> None:
    before = everything(loaded)
    with pytest.raises(error, match=match):
        loaded.edit(record_type, key, changes)
    assert everything(loaded) == before


def test_edit_may_cite_a_new_source_by_url(loaded: Store) -> None:
    url = "https://www.example.org/vib-history"
    loaded.edit("actor", "vib", {"sources": ["registry-kbo", url]})
    cited = loaded.actor("vib").sources
    assert cited[0] == "registry-kbo" and loaded.sources(ids=[cited[1]])[0].url == url


# -- delete -----------------------------------------------------------------------------
def test_delete_refuses_what_is_still_cited_and_says_what(loaded: Store) -> None:
    before = everything(loaded)
    with pytest.raises(ArgumentError, match=r"still cited by 2 ties .*1 participations"):
        loaded.delete("actor", "ugent")
    with pytest.raises(ArgumentError, match=r"registry-kbo is still cited by 6 actors"):
        loaded.delete("source", "registry-kbo")
    with pytest.raises(ArgumentError, match=r"fp7-223077 is still cited by 5 participations"):
        loaded.delete("event", "fp7-223077")
    assert everything(loaded) == before


def test_delete_records_a_batch(loaded: Store) -> None:
    report = loaded.delete("tie", "t-grant-gimv-bone")
    assert report.counts["tie"]["deleted"] == 1
    assert "t-grant-gimv-bone" not in {t.id for t in loaded.ties()}
    (change,) = loaded.changes(report.batch_id)
    assert change["action"] == "delete" and change["changed"]["total"] == [5e6, None]
    loaded.delete("tie", "t-eq-gimv-ablynx")
    loaded.delete("actor", "gimv")  # nothing cites it any more
    assert loaded.actors(ids=["gimv"]) == []


def test_the_kept_actor_of_an_applied_merge_is_not_deleted(loaded: Store) -> None:
    merge = loaded.merge_actors("gimv", "vib")
    for tie in loaded.ties(actor="gimv"):
        loaded.delete("tie", tie.id)
    with pytest.raises(ArgumentError, match=rf"applied merges \(kept actor\) \({merge.id}\)"):
        loaded.delete("actor", "gimv")


# -- candidates -----------------------------------------------------------------------------
def edgar() -> Dataset:
    """Two candidate ties from SEC EDGAR exhibits, with the filer and the filing."""
    filing = Source(
        id="edgar-0001-10-000123",
        url="https://www.sec.gov/Archives/edgar/data/1700000/000123.txt",
        title="EX-10.1 collaboration agreement",
        publisher="SEC EDGAR",
    )
    filer = Actor(id="edgar-cik-1111111", name="Example Therapeutics Inc", kind="biotech_firm")
    ties = [
        Tie(
            id=f"edgar-licence-{n}",
            kind="licence",
            source=filer.id,
            target=target,
            start=d("2019-05"),
            sources=(filing.id,),
        )
        for n, target in enumerate(["ablynx", "sanofi"])
    ]
    return Dataset(sources=[filing], actors=[filer], ties=ties)


def test_candidates_wait_for_review_and_a_rejected_one_stays_rejected(loaded: Store) -> None:
    before = rows(loaded)
    evidence = [{"exhibit": "EX-10.1", "page": 3}, {"exhibit": "EX-10.1", "page": 9}]
    ids = loaded.queue_candidates(edgar(), evidence=evidence, label="edgar run")
    assert len(ids) == 2 and rows(loaded) == before
    pending = loaded.candidates()
    assert [c.key for c in pending] == ["edgar-licence-0", "edgar-licence-1"]
    assert pending[0].evidence == {"exhibit": "EX-10.1", "page": 3}
    assert {a.id for a in pending[0].dataset.actors} == {"edgar-cik-1111111"}
    assert loaded.queue_candidates(edgar(), evidence=evidence) == []  # a re-run queues nothing
    rejected = loaded.decide_candidate(ids[0], False)
    assert rejected.status == "rejected" and rows(loaded) == before
    accepted = loaded.decide_candidate(ids[1], True)
    assert accepted.status == "accepted" and accepted.batch_id == loaded.batches()[-1].id
    assert {t.id for t in loaded.ties(actor="edgar-cik-1111111")} == {"edgar-licence-1"}
    assert loaded.queue_candidates(edgar(), evidence=evidence) == []
    assert [c.status for c in loaded.candidates(None)] == ["rejected", "accepted"]
    with pytest.raises(
        ArgumentError, match=r"already accepted.*bioregion delete tie edgar-licence-1"
    ):
        loaded.decide_candidate(ids[1], False)


def test_candidates_need_one_evidence_each_and_valid_records(loaded: Store) -> None:
    with pytest.raises(ArgumentError, match="2 record"):
        loaded.queue_candidates(edgar(), evidence=[{}])
    bad = edgar()
    bad.ties[0] = bad.ties[0].evolve(kind="handshake")
    with pytest.raises(ValidationError, match="nothing was queued"):
        loaded.queue_candidates(bad, evidence=[{}, {}])
    assert loaded.candidates(None) == []


def test_accepting_a_candidate_of_a_merged_actor_lands_on_the_kept_one(loaded: Store) -> None:
    loaded.merge_actors("ablynx", DUP)
    data = edgar()
    data.ties = [data.ties[0].evolve(target=DUP)]
    (cid,) = loaded.queue_candidates(data, evidence=[{}])
    loaded.decide_candidate(cid, True)
    tie = next(t for t in loaded.ties() if t.id == "edgar-licence-0")
    assert tie.target == "ablynx"


# -- migration 0003 -------------------------------------------------------------------
def test_0003_downgrades_and_upgrades_keeping_the_data(loaded: Store, store_target: str) -> None:
    loaded.merge_actors("ablynx", DUP)
    before = loaded.counts()
    cfg = migrate.config()
    with for_writing(loaded.engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert loaded.revision() == "0002"
    assert not {"merges", "actor_aliases", "candidates"} & set(loaded.table_names())
    assert loaded.counts() == before
    loaded.close()
    with Store.open(store_target, create=True) as again:
        assert again.revision() == migrate.head() == "0005"
        assert again.counts() == before and again.merges() == []
        again.merge_actors("ugent", "vib", force=True)
        assert again.actor_redirects() == {"vib": "ugent"}


def test_a_pending_merge_is_applied_the_way_round_the_matcher_gives(loaded: Store) -> None:
    pending = loaded.merge_actors(DUP, "ablynx", probability=0.7, decision="pending")
    assert loaded.merge_actors("ablynx", DUP, decision="pending") == pending
    applied = loaded.merge_actors("ablynx", DUP, probability=0.99, decision="auto")
    assert (applied.id, applied.kept, applied.merged) == (pending.id, "ablynx", DUP)
    assert (applied.probability, applied.status, applied.decision) == (0.99, "applied", "auto")
    assert len(loaded.merges()) == 1 and loaded.actor_redirects() == {DUP: "ablynx"}


def test_edit_a_source_and_an_event(loaded: Store) -> None:
    loaded.edit("source", "registry-kbo", {"title": "KBO", "accessed": "2024-05"})
    assert loaded.sources(ids=["registry-kbo"])[0].title == "KBO"
    loaded.edit("event", "fp7-223077", {"amount": "", "currency": ""})  # cleared together
    assert loaded.events()[0].amount is None
    with pytest.raises(ValidationError, match="currency"):
        loaded.edit("event", "fp7-223077", {"amount": 5.0})


def test_a_candidate_that_fails_the_rules_stays_pending(loaded: Store) -> None:
    data = edgar()
    data.actors = []  # the filer is neither in the candidate nor in the store
    (first, second) = loaded.queue_candidates(data, evidence=[{}, {}])
    before = everything(loaded)
    with pytest.raises(ImportRejectedError, match="unknown actor"):
        loaded.decide_candidate(first, True)
    assert everything(loaded) == before
    loaded.decide_candidate(second, False)
    loaded.write(Dataset(actors=edgar().actors))
    assert loaded.decide_candidate(second, True).status == "accepted"  # a change of mind
    assert [c.status for c in loaded.candidates(None)] == ["pending", "accepted"]


def test_undo_refuses_when_a_source_it_needs_was_deleted(loaded: Store) -> None:
    """Both cite a source; the merge drops the merged actor's citation (the kept one has
    it); later the kept actor cites another instead and the source is deleted: the
    merged actor's citation cannot come back."""
    loaded.write(Dataset(sources=[Source(id="s-both", url="https://example.org/both")]))
    loaded.write(Dataset(sources=[Source(id="s-other", url="https://example.org/other")]))
    loaded.edit("actor", DUP, {"sources": ["cordis-223077", "s-both"]})
    loaded.edit("actor", "vib", {"sources": ["registry-kbo", "s-both"]})
    merge = loaded.merge_actors("vib", DUP)
    assert loaded.actor("vib").sources == ("registry-kbo", "s-both", "cordis-223077")
    loaded.edit("actor", "vib", {"sources": ["registry-kbo", "s-other", "cordis-223077"]})
    loaded.delete("source", "s-both")
    before = everything(loaded)
    with pytest.raises(ArgumentError, match=f"merge #{merge.id} cannot be undone: a record"):
        loaded.undo_merge(merge.id)
    assert everything(loaded) == before


def test_a_reimported_tie_that_breaks_a_rule_once_redirected_is_refused(
    loaded: Store, tmp_path: Path
) -> None:
    """A new tie of the merged actor from 2001 lands on Bone Therapeutics (founded 2006)."""
    loaded.merge_actors("bone-therapeutics", DUP)
    data = with_duplicate()
    data.ties.append(Tie(id="t-new", kind="licence", source=DUP, target="sanofi", start=d("2001")))
    files = export_tables(data, tmp_path / "csv")
    before = everything(loaded)
    for path in (import_columnar, import_record_by_record):
        with pytest.raises(ImportRejectedError, match="is before bone-therapeutics was founded"):
            path(loaded, files)
        assert everything(loaded) == before


def test_both_import_paths_redirect_alike(tmp_path: Path) -> None:
    """Changed and new records of a merged actor, and of the kept one, imported by the
    column-wise path into one store and record by record into another: the same rows."""
    data = with_duplicate()
    data.actors = [a.evolve(city="Ghent") if a.id == "ablynx" else a for a in data.actors]
    data.ties = [t.evolve(status="completed") if t.id == "t-dup-ugent" else t for t in data.ties]
    data.ties.append(Tie(id="t-new", kind="licence", source=DUP, target="sanofi", start=d("2012")))
    data.participations += [
        Participation(event="fp7-223077", actor=DUP, role="coordinator", sources=("registry-kbo",)),
        Participation(event="fp7-223077", actor="ugent", role="participant"),
    ]
    files = export_tables(data, tmp_path / "csv")
    found = []
    for name, path in (("fast", import_columnar), ("exact", import_record_by_record)):
        with Store.open(tmp_path / f"{name}.db", create=True) as store:
            store.write(with_duplicate())
            store.merge_actors("ablynx", DUP)
            report = path(store, files)
            assert report is not None
            logged = [
                (c["record_type"], c["record_key"], c["action"], c["changed"])
                for c in store.changes()
            ]
            found.append(
                (rows(store), report.counts if name == "exact" else report.batch.counts, logged)
            )
    assert found[0] == found[1]
    assert found[0][1]["tie"] == {"created": 1, "updated": 1, "unchanged": 7}
