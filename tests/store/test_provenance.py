"""Provenance: import batches, the change log, cited sources and URL-only sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import text

import bioregion
from bioregion import Dataset, Participation, Source, Store
from bioregion.model import url_source_id
from tests.store._factory import (
    CORDIS_URL,
    PRESS_URL,
    URL_ONLY,
    actors_only,
    changed,
    d,
    dataset,
    sources,
)


def _batches_of(store: Store, table: str, key: str) -> tuple[int, int]:
    with store.engine.connect() as conn:
        row = conn.execute(
            text(f"SELECT created_batch, updated_batch FROM {table} WHERE id = :id"), {"id": key}
        ).one()
    return tuple(row)  # type: ignore[return-value]


def _links(store: Store, table: str, where: str, **params: str) -> list[tuple[str, int]]:
    with store.engine.connect() as conn:
        query = text(f"SELECT source_id, position FROM {table} WHERE {where} ORDER BY position")
        return [tuple(r) for r in conn.execute(query, params)]  # type: ignore[misc]


# -- the change log ------------------------------------------------------------
def test_a_changed_field_is_updated_and_logged(store: Store) -> None:
    first = store.write(dataset())
    data = changed(
        dataset(),
        "t-eq-gimv-ablynx",
        equity=2e8,
        status="completed",
        start=d("2002-03-14"),
        tags=("series-a", "santé"),
    )
    second = store.write(data)
    assert second.counts["tie"] == {"created": 0, "updated": 1, "unchanged": 6}
    tie = next(t for t in store.ties() if t.id == "t-eq-gimv-ablynx")
    assert (tie.equity, tie.status, tie.start, tie.tags) == (
        2e8,
        "completed",
        d("2002-03-14"),
        ("series-a", "santé"),
    )
    [entry] = store.changes()
    assert entry["batch_id"] == second.batch_id != first.batch_id
    assert (entry["record_type"], entry["record_key"], entry["action"]) == (
        "tie",
        "t-eq-gimv-ablynx",
        "update",
    )
    assert entry["changed"] == {
        "equity": [123456789.123, 2e8],
        "status": ["", "completed"],
        "start": ["2002-03", "2002-03-14"],
        "tags": [[], ["series-a", "santé"]],
    }
    assert store.changes(batch=second.batch_id) == [entry]
    assert store.changes(batch=first.batch_id) == []


def test_changes_of_other_record_types_are_logged(store: Store) -> None:
    store.write(dataset())
    data = dataset()
    data.actors = [
        replace(a, name="Université de Liège – ULiège 🎓", identifiers={})
        if a.id == "uliege"
        else a
        for a in data.actors
    ]
    data.participations = [
        replace(p, contribution=10.25, currency="EUR") if p.actor == "uliege" else p
        for p in data.participations
    ]
    data.sources = [
        replace(s, title="CORDIS") if s.id == "cordis-223077" else s for s in data.sources
    ]
    report = store.write(data)
    log = {(c["record_type"], c["record_key"]): c for c in store.changes()}
    assert set(log) == {
        ("source", "cordis-223077"),
        ("actor", "uliege"),
        ("participation", "fp7-223077|uliege|partner"),
    }
    assert {c["batch_id"] for c in log.values()} == {report.batch_id}
    assert log["actor", "uliege"]["changed"] == {
        "name": ["Université de Liège", "Université de Liège – ULiège 🎓"],
        "identifiers": [{"ror": "00afp2z80"}, {}],
    }
    assert log["participation", "fp7-223077|uliege|partner"]["changed"] == {
        "contribution": [None, 10.25],
        "currency": ["", "EUR"],
    }
    assert log["source", "cordis-223077"]["changed"] == {
        "title": ["CORDIS project record", "CORDIS"]
    }


def test_updated_batch_moves_created_batch_stays(store: Store) -> None:
    first = store.write(dataset())
    assert _batches_of(store, "ties", "t-lic-ablynx-sanofi") == (first.batch_id,) * 2
    second = store.write(changed(dataset(), "t-lic-ablynx-sanofi", status="terminated"))
    assert _batches_of(store, "ties", "t-lic-ablynx-sanofi") == (first.batch_id, second.batch_id)
    # untouched records keep both
    assert _batches_of(store, "ties", "t-spin-bone") == (first.batch_id, first.batch_id)
    assert _batches_of(store, "actors", "ablynx") == (first.batch_id, first.batch_id)
    third = store.write(dataset())  # back to the original: another update
    assert _batches_of(store, "ties", "t-lic-ablynx-sanofi") == (first.batch_id, third.batch_id)
    fourth = store.write(dataset())  # unchanged: nothing moves
    assert fourth.counts["tie"]["unchanged"] == 7
    assert _batches_of(store, "ties", "t-lic-ablynx-sanofi") == (first.batch_id, third.batch_id)
    assert [c["batch_id"] for c in store.changes()] == [second.batch_id, third.batch_id]


# -- cited sources -------------------------------------------------------------
def test_changing_sources_replaces_the_link_rows_in_order(store: Store) -> None:
    store.write(dataset())
    where = "record_id = :id"
    assert _links(store, "tie_sources", where, id="t-lic-ablynx-sanofi") == [
        ("press-ablynx-2009", 0),
        ("registry-kbo", 1),
    ]
    new_order = ("registry-kbo", "cordis-223077", "press-ablynx-2009")
    report = store.write(changed(dataset(), "t-lic-ablynx-sanofi", sources=new_order))
    assert report.counts["tie"]["updated"] == 1
    assert _links(store, "tie_sources", where, id="t-lic-ablynx-sanofi") == [
        ("registry-kbo", 0),
        ("cordis-223077", 1),
        ("press-ablynx-2009", 2),
    ]
    assert store.ties(kind="licence")[0].sources == new_order
    assert store.changes()[0]["changed"] == {
        "sources": [["press-ablynx-2009", "registry-kbo"], list(new_order)]
    }
    store.write(changed(dataset(), "t-lic-ablynx-sanofi", sources=()))
    assert _links(store, "tie_sources", where, id="t-lic-ablynx-sanofi") == []
    assert store.ties(kind="licence")[0].sources == ()
    # other ties' links are untouched
    assert _links(store, "tie_sources", where, id="t-spin-bone") == [("registry-kbo", 0)]


def test_participation_links_use_the_whole_key(store: Store) -> None:
    store.write(dataset())
    data = dataset()
    data.participations.append(
        Participation(event="fp7-223077", actor="ugent", role="partner", sources=("registry-kbo",))
    )
    data.participations = [
        replace(p, sources=("press-ablynx-2009", "cordis-223077")) if p.role == "coordinator" else p
        for p in data.participations
    ]
    store.write(data)
    where = "record_event_id = :e AND record_actor_id = :a AND record_role = :r"
    assert _links(
        store, "participation_sources", where, e="fp7-223077", a="ugent", r="coordinator"
    ) == [("press-ablynx-2009", 0), ("cordis-223077", 1)]
    assert _links(
        store, "participation_sources", where, e="fp7-223077", a="ugent", r="partner"
    ) == [("registry-kbo", 0)]
    assert [(p.role, p.sources) for p in store.participations(actor="ugent")] == [
        ("coordinator", ("press-ablynx-2009", "cordis-223077")),
        ("partner", ("registry-kbo",)),
    ]


def test_url_cited_source_gets_a_url_id(store: Store) -> None:
    store.write(dataset())
    sid = url_source_id(URL_ONLY)
    assert sid.startswith("url-") and len(sid) == len("url-") + 12
    assert store.sources(ids=[sid]) == [Source(id=sid, url=URL_ONLY)]
    tie = next(t for t in store.ties() if t.id == "t-codev-bone-sanofi")
    assert tie.sources == (sid,)
    # a URL that a given source already has is cited by that source's id
    part = store.participations(actor="uliege")[0]
    assert part.sources == ("cordis-223077",)
    assert {s.url for s in store.sources()} == {
        PRESS_URL,
        CORDIS_URL,
        URL_ONLY,
        "https://kbopub.economie.fgov.be/",
    }


def test_a_later_url_citation_keeps_the_stored_title(store: Store) -> None:
    store.write(dataset())
    sid = url_source_id(URL_ONLY)
    detailed = Source(
        id=sid,
        url=URL_ONLY,
        title="Bone Therapeutics and Sanofi",
        publisher="Bone Therapeutics SA",
        published=d("2012-05-03"),
    )
    report = store.write(Dataset(sources=[detailed]))
    assert report.counts["source"] == {"created": 0, "updated": 1, "unchanged": 0}
    # the original dataset cites the same URL only: the details stay
    again = store.write(dataset())
    assert store.sources(ids=[sid]) == [detailed]
    assert again.total("updated") == 0
    assert [c["record_key"] for c in store.changes()] == [sid]
    # citing the URL from a new record, with no sources given at all, also keeps them
    tie = replace(dataset().ties[0], id="t-new", sources=(URL_ONLY,))
    store.write(Dataset(ties=[tie]))
    assert store.sources(ids=[sid]) == [detailed]
    assert [t.sources for t in store.ties(kind="rd_collaboration")] == [(sid,), ("registry-kbo",)]
    assert store.counts()["source"] == 4


def test_every_cited_source_exists(store: Store) -> None:
    store.write(dataset())
    known = {s.id for s in store.sources()}
    data = store.dataset()
    cited = {
        sid
        for r in [*data.actors, *data.events, *data.ties, *data.participations]
        for sid in r.sources
    }
    assert cited <= known
    assert cited == known  # every source of the small dataset is cited somewhere


# -- batches -------------------------------------------------------------------
def test_batches_record_files_counts_and_version(store: Store) -> None:
    files = [
        {"path": "data/actors.csv", "sha256": "ab" * 32, "format": "csv", "rows": 7},
        {"path": "data/Liège ties.xlsx", "sha256": "cd" * 32, "format": "xlsx", "rows": 7},
    ]
    first = store.write(actors_only(), files=files[:1], label="actors of Flanders & Wallonia")
    second = store.write(dataset(), files=files, label="full – 2024")
    batches = store.batches()
    assert [b.id for b in batches] == [first.batch_id, second.batch_id]
    assert first.batch_id < second.batch_id
    one, two = batches
    assert (one.label, one.files, one.counts) == (
        "actors of Flanders & Wallonia",
        files[:1],
        first.counts,
    )
    assert (two.label, two.files, two.counts) == ("full – 2024", files, second.counts)
    assert two.counts["tie"] == {"created": 7, "updated": 0, "unchanged": 0}
    assert two.counts["actor"] == {"created": 0, "updated": 0, "unchanged": 7}
    assert second.files == files
    for batch in batches:
        assert batch.tool_version == bioregion.__version__
        assert isinstance(batch.started_at, dt.datetime)
        assert batch.started_at <= batch.finished_at
    assert one.finished_at <= two.started_at


def test_a_rejected_import_records_no_batch(store: Store) -> None:
    store.write(actors_only())
    bad = dataset()
    bad.sources = [*sources(), Source(id="bad", url="ftp://example.org/x")]
    try:
        store.write(bad, label="rejected")
    except bioregion.ImportRejectedError as exc:
        assert [(p.column, p.value) for p in exc.problems] == [("url", "ftp://example.org/x")]
    else:  # pragma: no cover
        raise AssertionError("the import was not rejected")
    assert [b.label for b in store.batches()] == [""]


def test_a_url_the_store_holds_is_cited_by_its_stored_id(store: Store) -> None:
    store.write(actors_only())
    tie = replace(dataset().ties[3], sources=(PRESS_URL,))
    store.write(Dataset(ties=[tie]))
    assert store.ties()[0].sources == ("press-ablynx-2009",)
    assert [s.id for s in store.sources() if s.url == PRESS_URL] == ["press-ablynx-2009"]


def test_batch_times_are_aware_utc(store: Store) -> None:
    before = dt.datetime.now(dt.UTC)
    store.write(dataset())
    [batch] = store.batches()
    assert batch.started_at.tzinfo is not None
    assert before <= batch.started_at <= batch.finished_at <= dt.datetime.now(dt.UTC)
