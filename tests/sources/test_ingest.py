"""ingest(): files or live fetch into the store, one batch or nothing; provenance; registry."""

from __future__ import annotations

import datetime as dt

import pytest

from bioregion.errors import ImportRejectedError, SourceError
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation, Source, Tie
from bioregion.sources import (
    SourceConfig,
    SourceDataset,
    connector,
    connectors,
    follow_merges,
    ingest,
    record_source,
    source_id,
)
from bioregion.sources.base import Relation, json_records
from bioregion.sources.ingest import merge_notes
from tests.sources.conftest import DATA, Replay, answer

ROR_SAMPLE = DATA / "ror" / "ror_records_BE.jsonl"
WHEN = dt.datetime(2026, 12, 7, 12, 30, 5, tzinfo=dt.UTC)


def snapshot(store) -> tuple:
    return store.counts(), len(store.batches())


# -- registry ---------------------------------------------------------------------------
def test_the_built_in_connectors_are_registered_as_entry_points():
    assert connector("ror").name == "ror"
    assert "ror" in connectors()


def test_an_unknown_source_lists_the_known_ones():
    with pytest.raises(SourceError, match=r"unknown source 'cordiss'.*cordis.*ror"):
        connector("cordiss")


# -- provenance --------------------------------------------------------------------------
def test_record_source_is_deterministic_and_keeps_the_retrieval_time():
    first = record_source(
        "ror", "00cv9y106", "https://ror.org/00cv9y106", retrieved=WHEN, title="Ghent University"
    )
    again = record_source(
        "ror", "00cv9y106", "https://ror.org/00cv9y106", retrieved=WHEN, title="Ghent University"
    )
    assert first == again
    assert first.id == "ror-00cv9y106"
    assert first.accessed == PartialDate(2026, 12, 7)
    assert "00cv9y106" in first.notes and "2026-12-07T12:30:05Z" in first.notes


def test_record_source_ids_are_slugs_even_for_odd_record_ids():
    assert source_id("edgar", "0000950170-24/ex10 1.htm") == "edgar-0000950170-24-ex10-1.htm"
    long = source_id("x", "a" * 300)
    assert len(long) == 128 and long != source_id("x", "a" * 299)
    local = dt.datetime(2026, 12, 7, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert (
        "retrieved 2026-12-07T12:30:00Z"
        in record_source("x", "1", "https://x.org", retrieved=local).notes
    )


# -- reading files -------------------------------------------------------------------------
def test_ror_sample_into_the_store(store):
    report = ingest(store, "ror", [ROR_SAMPLE])
    assert report.counts["actor"]["created"] == 306
    assert report.counts["source"]["created"] == 306
    [described] = report.files
    assert described["path"] == str(ROR_SAMPLE) and len(described["sha256"]) == 64
    assert described["rows"]["actor"] == 306
    assert any("withdrawn" in note for note in report.notes)
    ugent = store.actor("ror-00cv9y106")
    assert ugent.name == "Ghent University" and ugent.sources == ("ror-00cv9y106",)
    assert store.batches()[-1].label == "ror: ror_records_BE.jsonl"


def test_ingesting_the_same_file_again_changes_nothing(store):
    ingest(store, "ror", [ROR_SAMPLE])
    before = store.counts()
    again = ingest(store, "ror", [ROR_SAMPLE])
    assert again.total("created") == 0 and again.total("updated") == 0
    assert again.total("unchanged") == 612
    assert store.counts() == before


@pytest.mark.parametrize(
    "cut, where",
    [
        ("jsonl", "row 316"),  # the last line is cut off in the middle
        ("array", "row 1"),  # a JSON array that ends too soon (one line)
    ],
)
def test_a_truncated_file_is_a_located_error_and_changes_nothing(store, tmp_path, cut, where):
    text = ROR_SAMPLE.read_text(encoding="utf-8")
    if cut == "jsonl":
        broken = tmp_path / "ror.jsonl"
        broken.write_text(text[: len(text) - 500], encoding="utf-8")
    else:
        broken = tmp_path / "ror.json"
        broken.write_text("[" + ",".join(text.splitlines())[:-300], encoding="utf-8")
    before = snapshot(store)
    with pytest.raises(ImportRejectedError) as caught:
        ingest(store, "ror", [broken])
    message = str(caught.value)
    assert str(broken) in message and where in message
    assert "truncated" in message and "download the file again" in message
    assert snapshot(store) == before


def test_a_bad_line_in_the_middle_is_located(tmp_path):
    lines = ROR_SAMPLE.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9][:50]
    broken = tmp_path / "ror.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRejectedError, match=r"row 10.*is not a JSON record"):
        list(json_records(broken))


def test_a_missing_file_is_rejected(sqlite_store, tmp_path):
    with pytest.raises(ImportRejectedError, match="no such file"):
        ingest(sqlite_store, "ror", [tmp_path / "nothing.jsonl"])


def test_records_that_break_the_rules_change_nothing(sqlite_store, tmp_path):
    bad = tmp_path / "ror.jsonl"
    good = ROR_SAMPLE.read_text(encoding="utf-8").splitlines()[:5]
    bad.write_text("\n".join(good) + '\n{"id": "https://ror.org/0zz", "name": ""}\n')
    with pytest.raises(ImportRejectedError, match="row 6"):
        ingest(sqlite_store, "ror", [bad])
    assert snapshot(sqlite_store) == ({k: 0 for k in sqlite_store.counts()}, 0)


def test_progress_is_reported(sqlite_store):
    seen = []
    ingest(sqlite_store, "ror", [ROR_SAMPLE], progress=lambda *a: seen.append(a))
    assert ("reading ror records: ror_records_BE.jsonl", 316, 316) in seen
    assert any(stage == "checking records" for stage, _, _ in seen)


# -- live fetching --------------------------------------------------------------------------
class TinyConnector:
    """A plugin-style connector: one page of two organisations and a project."""

    name = "tiny"
    title = "Tiny test source"
    licence = "CC0 1.0"

    def read(self, paths, *, progress=None):
        raise AssertionError("not used")

    def fetch(self, client, *, query=None, limit=None, progress=None):
        dataset = SourceDataset()
        for page in client.pages("https://tiny.example.org/orgs", dict(query or {}), nxt):
            for org in page["orgs"]:
                src = record_source(
                    "tiny",
                    org["id"],
                    f"https://tiny.example.org/{org['id']}",
                    retrieved=client.retrieved,
                )
                dataset.add(src)
                dataset.add(
                    Actor(id=f"tiny-{org['id']}", name=org["name"], kind="other", sources=(src.id,))
                )
        dataset.add(Event(id="tiny-p1", kind="eu_project", name="P1", sources=("tiny-a",)))
        for aid in ("tiny-a", "tiny-b"):
            dataset.add(Participation(event="tiny-p1", actor=aid, sources=("tiny-a",)))
        dataset.add(
            Tie(
                id="tiny-t1",
                kind="rd_collaboration",
                source="tiny-a",
                target="tiny-b",
                start=PartialDate(2020),
                sources=("tiny-a",),
            )
        )
        dataset.aliases["tiny-b"] = ["B Org"]
        dataset.relations.append(Relation("tiny-b", "tiny-a", "parent"))
        return dataset


def nxt(page):
    return {"page": page["page"] + 1} if page["page"] < 2 else None


def tiny_pages(fail_second: bool = False):
    def respond(request):
        page = int(request.url.params.get("page", "1"))
        if page == 2 and fail_second:
            return answer(500)
        org = {"id": "ab"[page - 1], "name": f"Org {page}"}
        return answer(200, {"page": page, "orgs": [org]}, date="Mon, 07 Dec 2026 08:00:00 GMT")

    return Replay({"/orgs": respond})


def test_a_live_fetch_is_one_batch(store, make_client):
    client = make_client(tiny_pages())
    report = ingest(store, TinyConnector(), client=client, query={"q": "x"})
    assert report.counts["actor"]["created"] == 2 and report.source == "tiny"
    [described] = report.files
    assert described["query"] == {"q": "x"} and described["requests"] == 2
    assert store.sources(["tiny-a"])[0].accessed == PartialDate(2026, 12, 7)
    assert store.batches()[-1].label == "tiny fetch q=x"


def test_a_failed_page_writes_nothing(store, make_client):
    client = make_client(tiny_pages(fail_second=True), retries=2)
    before = snapshot(store)
    with pytest.raises(SourceError, match="HTTP 500"):
        ingest(store, TinyConnector(), client=client)
    assert snapshot(store) == before


def test_a_source_without_an_api_says_to_read_files(sqlite_store):
    class FilesOnly:
        name, title, licence = "files", "Files only", "CC0 1.0"

        def read(self, paths, *, progress=None):
            return SourceDataset()

    with pytest.raises(SourceError, match=r"no live API.*bioregion ingest files FILE"):
        ingest(sqlite_store, FilesOnly(), config=SourceConfig(name="files"))


# -- merges survive re-ingest ---------------------------------------------------------------
def test_merged_actors_do_not_come_back(store, make_client):
    store.write(
        _dataset(
            Source(id="s", url="https://example.org/s"),
            Actor(id="kept", name="Kept", kind="other", sources=("s",)),
        )
    )
    ingest(store, TinyConnector(), client=make_client(tiny_pages()))
    store.merge_actors("kept", "tiny-b")
    again = ingest(store, TinyConnector(), client=make_client(tiny_pages()))
    assert {a.id for a in store.actors()} == {"kept", "tiny-a"}
    assert {p.actor for p in store.participations()} == {"kept", "tiny-a"}
    [tie] = store.ties()
    assert {tie.source, tie.target} == {"tiny-a", "kept"}
    assert any("merged them into other actors" in n for n in again.notes)
    assert again.dataset.aliases == {"kept": ["B Org"]}
    assert again.dataset.relations == [Relation("kept", "tiny-a", "parent")]
    assert again.total("created") == 0


def test_without_merges_nothing_is_noted(sqlite_store, make_client):
    report = ingest(sqlite_store, TinyConnector(), client=make_client(tiny_pages()))
    assert not any("merged" in n for n in report.notes)
    assert report.dataset.aliases == {"tiny-b": ["B Org"]}


def test_merge_notes_and_extras_follow_chains():
    data = _dataset(
        Actor(id="a", name="A", kind="other"),
        Participation(event="e", actor="a"),
        Tie(id="t", kind="rd_collaboration", source="a", target="x", start=PartialDate(2020)),
    )
    data.aliases["a"] = ["Alpha"]
    data.relations.append(Relation("a", "x", "parent"))
    notes = merge_notes(data, {"a": "b", "b": "c"})
    assert notes[0].startswith("1 actor(s) not written again")
    assert notes[1].startswith("2 tie(s) and participation(s) moved")
    follow_merges(data, {"a": "b", "b": "c"})
    assert data.aliases == {"c": ["Alpha"]}
    assert data.relations == [Relation("c", "x", "parent")]
    assert merge_notes(data, {}) == []


def _dataset(*records) -> SourceDataset:
    data = SourceDataset()
    for record in records:
        data.add(record)
    return data


def test_each_file_of_a_batch_says_what_came_from_it(sqlite_store, tmp_path):
    lines = ROR_SAMPLE.read_text(encoding="utf-8").splitlines()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[3:10]) + "\n", encoding="utf-8")
    report = ingest(sqlite_store, "ror", [first, second])
    rows = [f["rows"]["actor"] for f in report.files]
    assert sum(rows) == report.counts["actor"]["created"] and rows[0] <= 3 < sum(rows)
    assert [f["path"] for f in sqlite_store.batches()[-1].files] == [str(first), str(second)]
