"""The OpenAlex connector on real records (tests/data/openalex/SOURCE.md).

Expected values are read here from the raw JSON (the institutions of a work's
authorships, the identifiers of an institution), not computed by the connector's code.
Live fetches are served from pages built out of the real records (``Replay`` of
``tests/sources/conftest.py``).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from bioregion.errors import ImportRejectedError, SourceError
from bioregion.model.dates import PartialDate
from bioregion.sources import SourceClient, SourceConfig, connector, ingest
from bioregion.sources.openalex import (
    CONNECTOR,
    OpenAlexMapper,
    actor_kind,
    co_publication_counts,
    next_cursor,
    short_id,
)

from .conftest import Replay, answer

DATA = Path(__file__).resolve().parents[1] / "data" / "openalex"
WORK = DATA / "W2741809807.json"
WORK2 = DATA / "W2755950973.json"
INSTITUTION = DATA / "I27837315.json"
WHEN = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def institutions_of(work: dict) -> set[str]:
    """The OpenAlex ids of the institutions of a work's authorships (from the raw JSON)."""
    return {
        inst["id"].rsplit("/", 1)[-1]
        for authorship in work["authorships"]
        for inst in authorship["institutions"]
    }


def mapped(*records: dict, today: dt.date | None = None):
    mapper = OpenAlexMapper(today=today)
    for row, record in enumerate(records, start=1):
        mapper.add(record, file="test", row=row, retrieved=WHEN)
    return mapper.dataset()


# -- files into the store --------------------------------------------------------------


def test_the_samples_load_into_the_store(store):
    report = ingest(store, "openalex", [WORK, INSTITUTION])
    work = raw(WORK)
    insts = institutions_of(work)
    assert len(insts) == 8
    actors = {a.id for a in store.actors()}
    assert actors == {f"openalex-{i}" for i in insts | {"I27837315"}}
    assert [e.id for e in store.events()] == ["openalex-W2741809807"]
    parts = store.participations()
    assert {p.actor for p in parts} == {f"openalex-{i}" for i in insts}
    assert {p.role for p in parts} == {"author"}
    assert report.counts["actor"]["created"] == 9
    assert {s.id for s in store.sources()} == {"openalex-W2741809807", "openalex-I27837315"}


def test_reingesting_changes_nothing(store):
    ingest(store, "openalex", [WORK, INSTITUTION])
    before = store.dataset()
    again = ingest(store, "openalex", [INSTITUTION, WORK])
    for kind, counts in again.counts.items():
        assert counts["created"] == counts["updated"] == 0, kind
    assert store.dataset() == before


def test_the_connector_is_registered():
    assert connector("openalex") is CONNECTOR
    assert CONNECTOR.licence.startswith("CC0")


def test_an_institution_keeps_its_identifiers_place_and_names():
    record = raw(INSTITUTION)
    data = mapped(record)
    (actor,) = data.actors
    assert actor.id == "openalex-I27837315" and actor.name == record["display_name"]
    assert actor.identifiers == {
        "openalex": "I27837315",
        "ror": record["ror"].rsplit("/", 1)[-1],
        "wikidata": record["ids"]["wikidata"].rsplit("/", 1)[-1],
        "grid": record["ids"]["grid"],
    }
    assert (actor.country, actor.city) == ("US", record["geo"]["city"])
    assert (actor.lat, actor.lon) == (record["geo"]["latitude"], record["geo"]["longitude"])
    # the sample's type is "funder": the name decides the kind
    assert record["type"] == "funder" and actor.kind == "university"
    assert "openalex:funder" in actor.tags
    assert set(record["display_name_alternatives"]) <= set(data.aliases[actor.id])
    assert data.domains[actor.id] == ["umich.edu"]
    children = {r.target for r in data.relations if r.kind == "child"}
    listed = {
        f"openalex-{a['id'].rsplit('/', 1)[-1]}"
        for a in record["associated_institutions"]
        if a["relationship"] == "child"
    }
    assert children == listed and children
    assert data.sources[0].url == "https://openalex.org/I27837315"
    assert data.sources[0].licence.startswith("CC0")


def test_a_work_becomes_a_publication_event_with_one_author_part_per_institution():
    work = raw(WORK)
    data = mapped(work)
    (event,) = data.events
    assert event.kind == "publication" and event.start == PartialDate(2018, 2, 13)
    assert event.identifiers == {"openalex": "W2741809807", "doi": "10.7717/peerj.4375"}
    assert event.name == work["display_name"]
    authors_per_institution = sum(len(a["institutions"]) for a in work["authorships"])
    assert authors_per_institution > len(institutions_of(work))  # some shared
    assert len(data.participations) == len(institutions_of(work))
    assert all(p.event == event.id and p.role == "author" for p in data.participations)
    assert data.problems() == []


def test_a_full_institution_record_wins_over_the_authorship_whatever_the_order():
    work = copy.deepcopy(raw(WORK))
    full = raw(INSTITUTION)
    short = {k: full[k] for k in ("id", "display_name", "ror", "country_code", "type")}
    work["authorships"][0]["institutions"].append(short)
    for records in ((work, full), (full, work)):
        data = mapped(*records)
        actor = next(a for a in data.actors if a.id == "openalex-I27837315")
        assert actor.identifiers["wikidata"] == "Q230492" and actor.city == "Ann Arbor"
        assert actor.sources == ("openalex-I27837315",)
        assert len([a for a in data.actors if a.id == actor.id]) == 1
    short_only = mapped(work)
    actor = next(a for a in short_only.actors if a.id == "openalex-I27837315")
    assert actor.sources == ("openalex-W2741809807",) and "wikidata" not in actor.identifiers


def test_the_same_work_twice_is_one_event():
    data = mapped(raw(WORK), raw(WORK))
    assert len(data.events) == 1 and len(data.participations) == 8
    assert data.duplicate_problems() == []


def test_a_date_not_yet_reached_keeps_the_year_and_a_future_year_skips_the_work():
    work = raw(WORK)
    data = mapped(work, today=dt.date(2018, 1, 5))
    assert data.events[0].start == PartialDate(2018)
    assert any("not yet reached" in n for n in data.notes)
    skipped = mapped(work, today=dt.date(2017, 6, 1))
    assert skipped.events == [] and skipped.participations == []
    assert any("skipped" in n for n in skipped.notes)


def test_co_publication_counts_per_pair_and_year():
    work = raw(WORK)
    other = copy.deepcopy(work)
    other["id"] = "https://openalex.org/W1"
    other["authorships"] = work["authorships"][:2]  # Impactstory twice
    other["authorships"][1] = copy.deepcopy(work["authorships"][2])  # + two Montreal ones
    counts = co_publication_counts(mapped(work, other))
    n = len(institutions_of(work))
    assert len(counts) == n * (n - 1) // 2
    assert set(counts["year"]) == {2018}
    twice = counts[counts["works"] == 2]
    pair_insts = institutions_of(other)
    assert len(pair_insts) == 3
    assert len(twice) == 3  # the three pairs among the second work's institutions
    assert (counts["source"] < counts["target"]).all()


# -- bad input -------------------------------------------------------------------------


def test_a_truncated_file_is_rejected_and_changes_nothing(store, tmp_path):
    ingest(store, "openalex", [INSTITUTION])
    before = store.dataset()
    cut = tmp_path / "W.json"
    text = WORK.read_text(encoding="utf-8")
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ImportRejectedError, match="truncated") as caught:
        ingest(store, "openalex", [WORK2, cut])
    assert caught.value.problems[0].file == str(cut) and caught.value.problems[0].row
    assert store.dataset() == before


def test_a_gzipped_snapshot_part_reads_and_a_cut_one_is_rejected(store, tmp_path):
    import gzip

    part = tmp_path / "part_000.gz"
    lines = [json.dumps(raw(INSTITUTION)), json.dumps(raw(WORK))]
    part.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    ingest(store, "openalex", [part])
    assert len(store.actors()) == 9 and len(store.events()) == 1
    before = store.dataset()
    cut = tmp_path / "part_001.gz"
    cut.write_bytes(part.read_bytes()[: len(part.read_bytes()) // 2])
    with pytest.raises(ImportRejectedError, match="download it again") as caught:
        ingest(store, "openalex", [cut])
    assert caught.value.problems[0].file == str(cut) and caught.value.problems[0].row
    assert store.dataset() == before


def test_an_entity_of_another_kind_is_located(tmp_path):
    authors = tmp_path / "authors.json"
    authors.write_text(json.dumps([raw(WORK), {"id": "https://openalex.org/A5023888391"}]))
    with pytest.raises(ImportRejectedError) as caught:
        CONNECTOR.read([authors])
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (str(authors), 2, "id")
    assert "A5023888391" in problem.value


@pytest.mark.parametrize(
    "kind, name, expected",
    [
        ("education", "Ghent University", "university"),
        ("healthcare", "UZ Leuven", "hospital"),
        ("facility", "VIB", "research_institute"),
        ("government", "FWO", "government"),
        ("company", "UCB (Belgium)", "other"),
        ("nonprofit", "Institut Pasteur", "research_institute"),
        ("funder", "University of Michigan", "university"),
        ("other", "Somewhere", "other"),
        ("", "Universitair Ziekenhuis Gent", "hospital"),
    ],
)
def test_actor_kinds(kind, name, expected):
    assert actor_kind(kind, name) == expected


def test_short_ids():
    assert short_id("https://openalex.org/W2741809807") == "W2741809807"
    assert short_id("i27837315") == "I27837315"
    assert short_id("https://openalex.org/A5023888391") == ""
    assert short_id(None) == "" and short_id("W0") == ""


# -- live fetch (offline: pages built from the real records) ---------------------------


def works_pages() -> list[dict]:
    first, second = raw(WORK), raw(WORK2)
    return [
        {"meta": {"count": 2, "per_page": 1, "next_cursor": "IlsxNTM0XSI="}, "results": [first]},
        {"meta": {"count": 2, "per_page": 1, "next_cursor": "IlsxNTk5XSI="}, "results": [second]},
        {"meta": {"count": 2, "per_page": 1, "next_cursor": None}, "results": []},
    ]


def by_cursor(pages: list[dict]):
    cursors = ["*", "IlsxNTM0XSI=", "IlsxNTk5XSI="]

    def serve(request):
        return answer(200, pages[cursors.index(request.url.params["cursor"])])

    return serve


def institutions_answer(request):
    return answer(200, {"meta": {"count": 1, "next_cursor": None}, "results": [raw(INSTITUTION)]})


def client_of(replay: Replay, sleeps: list[float] | None = None, **config) -> SourceClient:
    config = {
        "name": "openalex",
        "mailto_param": "mailto",
        "contact_email": "t@example.org",
    } | config
    return SourceClient(
        SourceConfig(**config),
        transport=replay.transport(),
        sleep=sleeps.append if sleeps is not None else (lambda _s: None),
        now=lambda: WHEN,
    )


def test_fetch_follows_the_cursor_and_fetches_the_institutions():
    replay = Replay({"/works": by_cursor(works_pages()), "/institutions": institutions_answer})
    query = {"filter": "institutions.id:I27837315,publication_year:2015-2020"}
    with client_of(replay) as client:
        data = CONNECTOR.fetch(client, query=query)
    assert [e.id for e in data.events] == ["openalex-W2741809807", "openalex-W2755950973"]
    works = [r for r in replay.requests if r.url.path == "/works"]
    assert [r.url.params["cursor"] for r in works] == ["*", "IlsxNTM0XSI=", "IlsxNTk5XSI="]
    first = works[0].url.params
    assert first["filter"] == query["filter"] and first["per-page"] == "200"
    assert first["mailto"] == "t@example.org" and "authorships" in first["select"]
    (inst,) = [r for r in replay.requests if r.url.path == "/institutions"]
    asked = set(inst.url.params["filter"].removeprefix("openalex:").split("|"))
    assert asked == institutions_of(raw(WORK)) | institutions_of(raw(WORK2))
    assert data.sources[0].accessed == PartialDate(2026, 12, 7)
    assert data.problems() == []


def test_the_api_key_goes_where_openalex_wants_it():
    replay = Replay({"/works": by_cursor(works_pages()), "/institutions": institutions_answer})
    with client_of(replay, api_key="k3y", api_key_param="api_key") as client:
        CONNECTOR.fetch(client, limit=1)
    assert all(r.url.params["api_key"] == "k3y" for r in replay.requests)
    assert CONNECTOR.config.api_key_param == "api_key" and CONNECTOR.config.mailto_param == "mailto"


def test_fetch_stops_at_the_limit():
    replay = Replay({"/works": by_cursor(works_pages()), "/institutions": institutions_answer})
    with client_of(replay) as client:
        data = CONNECTOR.fetch(client, limit=1)
    assert len(data.events) == 1
    works = [r for r in replay.requests if r.url.path == "/works"]
    assert len(works) == 1 and works[0].url.params["per-page"] == "1"


def test_fetch_of_institutions_by_filter():
    replay = Replay({"/institutions": institutions_answer})
    with client_of(replay) as client:
        data = CONNECTOR.fetch(client, query={"entity": "institutions", "filter": "ror:00jmfr291"})
    assert [a.id for a in data.actors] == ["openalex-I27837315"] and data.events == []
    with client_of(replay) as client, pytest.raises(SourceError, match="entity"):
        CONNECTOR.fetch(client, query={"entity": "authors"})


def test_fetch_retries_a_server_error_then_honours_retry_after():
    pages = works_pages()
    sleeps: list[float] = []
    replay = Replay(
        {
            "/works": [
                answer(500, "oops"),
                answer(429, "", retry_after="7"),
                answer(200, {"meta": {"next_cursor": None}, "results": [pages[0]["results"][0]]}),
            ],
            "/institutions": institutions_answer,
        }
    )
    with client_of(replay, sleeps, retries=3, backoff=0.5) as client:
        data = CONNECTOR.fetch(client)
    assert len(data.events) == 1
    assert sleeps[:2] == [0.5, 7.0]


def test_a_truncated_page_raises_and_leaves_the_store_unchanged(store):
    ingest(store, "openalex", [INSTITUTION])
    before = store.dataset()
    body = json.dumps(works_pages()[1]).encode()
    pages = works_pages()

    def serve(request):
        if request.url.params["cursor"] == "*":
            return answer(200, pages[0])
        return answer(200, body[: len(body) // 2])

    replay = Replay({"/works": serve, "/institutions": institutions_answer})
    with client_of(replay, retries=0) as client, pytest.raises(SourceError, match="not JSON"):
        ingest(store, "openalex", client=client, query={"filter": "x"})
    assert store.dataset() == before


def test_a_page_without_results_is_an_error():
    replay = Replay({"/works": [answer(200, {"error": "Invalid query parameters"})]})
    with client_of(replay) as client, pytest.raises(SourceError, match="results"):
        CONNECTOR.fetch(client)


def test_next_cursor():
    assert next_cursor({"meta": {"next_cursor": "abc"}, "results": [{}]}) == {"cursor": "abc"}
    assert next_cursor({"meta": {"next_cursor": "abc"}, "results": []}) is None
    assert next_cursor({"meta": {}, "results": [{}]}) is None


@pytest.mark.live
def test_live_fetch_of_a_few_works_of_ku_leuven():  # pragma: no cover - network
    config = CONNECTOR.config.from_env()
    with SourceClient(config) as client:
        data = CONNECTOR.fetch(
            client, query={"filter": "institutions.id:I99464096,publication_year:2020"}, limit=5
        )
    assert len(data.events) == 5 and data.problems() == []
