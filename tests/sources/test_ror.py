"""The ROR connector: dump files (JSON, JSON Lines, zip; schema v1 and v2) and the API v2.

The records are the real Belgian sample of ``tests/data/ror`` (see its SOURCE.md); the
API answers replayed here wrap its schema v2 records the way the ROR API v2 does.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from bioregion.errors import ImportRejectedError, SourceError
from bioregion.model.dates import PartialDate
from bioregion.sources import connector, ingest
from bioregion.sources.base import Relation
from bioregion.sources.ror import CONNECTOR, kind_of, organisation
from tests.sources.conftest import DATA, Replay, answer

SAMPLE = DATA / "ror" / "ror_records_BE.jsonl"
RECORDS = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
V2 = [r for r in RECORDS if "names" in r]
API_PATH = "/v2/organizations"


@pytest.fixture(scope="module")
def sample():
    return CONNECTOR.read([SAMPLE])


def actor(dataset, ror):
    return next(a for a in dataset.actors if a.id == f"ror-{ror}")


def test_the_connector_is_registered():
    assert connector("ror") is CONNECTOR
    assert CONNECTOR.licence == "CC0 1.0"


def test_the_sample_gives_an_actor_and_a_source_per_live_record(sample):
    assert len(RECORDS) == 316
    assert sample.counts()["actor"] == 306  # 10 withdrawn records are left out
    assert sample.counts()["source"] == 306
    assert sum("withdrawn" in n for n in sample.notes) == 10
    assert sample.problems() == []


def test_a_v2_record(sample):
    kul = actor(sample, "05f950310")
    assert (kul.name, kul.kind, kul.founded) == ("KU Leuven", "university", PartialDate(1425))
    assert (kul.country, kul.city, kul.nuts) == ("BE", "Leuven", "BE242")
    assert kul.identifiers == {
        "ror": "05f950310",
        "grid": "grid.5596.f",
        "isni": "0000000106687884",
        "wikidata": "Q833670",
        "fundref": "501100004040",
    }
    assert kul.tags == ("education", "funder")
    assert "Katholieke Universiteit Leuven" in sample.aliases[kul.id]
    assert "KUL" in sample.aliases[kul.id]
    assert sample.domains[kul.id] == ["kuleuven.be"]
    assert (
        Relation(
            kul.id, "ror-045c7t348", "child", "VIB-KU Leuven Center for Brain & Disease Research"
        )
        in sample.relations
    )
    assert "Also known as:" in kul.description and "ROR child:" in kul.description
    [source] = [s for s in sample.sources if s.id == "ror-05f950310"]
    assert source.url == "https://ror.org/05f950310" and source.licence == "CC0 1.0"
    assert "schema v2" in source.notes and "status active" in source.notes


def test_a_v1_record(sample):
    raw = next(r for r in RECORDS if r["id"].endswith("001j5ag10"))
    assert "names" not in raw  # schema v1
    awex = actor(sample, "001j5ag10")
    assert awex.name == raw["name"]
    assert awex.kind == "government" and awex.city == "Brussels" and awex.nuts == "BE100"
    assert awex.identifiers == {
        "ror": "001j5ag10",
        "grid": "grid.494697.1",
        "isni": "0000000085812147",
    }
    assert sample.aliases[awex.id] == ["AWEX"]
    assert sample.domains[awex.id] == ["awex.be"]
    assert "schema v1" in next(s for s in sample.sources if s.id == awex.id).notes


def test_acronyms_are_stripped_of_spaces(sample):
    assert "RMCA" in sample.aliases["ror-001805t51"]  # the record has "RMCA "


@pytest.mark.parametrize(
    "types, kind",
    [
        (["education", "funder"], "university"),
        (["funder", "healthcare"], "hospital"),
        (["archive", "facility", "funder"], "research_institute"),
        (["funder", "government"], "government"),
        (["company"], "other"),
        (["company", "funder"], "other"),
        (["nonprofit"], "other"),
        ([], "other"),
    ],
)
def test_kinds_from_ror_types(types, kind):
    assert kind_of(types) == kind


def test_v1_types_are_read_in_any_case():
    raw = next(r for r in RECORDS if "Company" in r["types"])
    assert organisation(raw).types == ["company"]


def test_every_relationship_is_kept_undated(sample):
    wanted = sum(len(r["relationships"]) for r in RECORDS if r["status"] != "withdrawn")
    assert len(sample.relations) == wanted
    assert {r.kind for r in sample.relations} <= {
        "parent",
        "child",
        "related",
        "successor",
        "predecessor",
    }


def test_a_json_array_and_a_zip_read_like_json_lines(sample, tmp_path):
    array = tmp_path / "v1.56-ror-data.json"
    array.write_text(json.dumps(RECORDS), encoding="utf-8")
    as_array = CONNECTOR.read([array])
    archive = tmp_path / "v1.56-ror-data.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("v1.56-ror-data.json", json.dumps(RECORDS[:3]))
        z.writestr("v1.56-ror-data_schema_v2.json", json.dumps(RECORDS))
    as_zip = CONNECTOR.read([archive])

    def key(d):
        return [a.to_dict() for a in d.actors]

    assert key(as_array) == key(sample) == key(as_zip)


def test_a_record_that_is_not_ror_is_located(tmp_path):
    bad = tmp_path / "ror.jsonl"
    bad.write_text(json.dumps(RECORDS[0]) + "\n" + json.dumps({"hello": "world"}) + "\n")
    with pytest.raises(ImportRejectedError, match=r"ror.jsonl, row 2: is not a ROR organisation"):
        CONNECTOR.read([bad])


def test_a_broken_zip_is_located(tmp_path):
    bad = tmp_path / "ror.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ImportRejectedError, match="not a readable zip"):
        CONNECTOR.read([bad])


# -- the API ------------------------------------------------------------------------------
def api_pages(records, size=20):
    """The ROR API v2 answers for ``records``: pages of ``size`` in its envelope."""

    def respond(request):
        page = int(request.url.params.get("page", "1"))
        items = records[(page - 1) * size : page * size]
        body = {
            "number_of_results": len(records),
            "time_taken": 12,
            "items": items,
            "meta": {"types": [], "countries": [], "statuses": []},
        }
        return answer(200, body, date="Mon, 07 Dec 2026 09:00:00 GMT")

    return Replay({API_PATH: respond})


def test_fetch_pages_through_the_api(make_client):
    replay = api_pages(V2)
    data = CONNECTOR.fetch(
        make_client(replay, name="ror"),
        query={"filter": "locations.geonames_details.country_code:BE"},
    )
    live = [r for r in V2 if r["status"] != "withdrawn"]
    assert len(data.actors) == len(live)
    pages = -(-len(V2) // 20)
    assert [r.url.params.get("page") for r in replay.requests] == [None] + [
        str(n) for n in range(2, pages + 1)
    ]
    assert all(
        r.url.params["filter"] == "locations.geonames_details.country_code:BE"
        for r in replay.requests
    )
    kul = actor(data, "05f950310")
    assert kul.nuts == "BE242"
    source = next(s for s in data.sources if s.id == kul.id)
    assert source.accessed == PartialDate(2026, 12, 7) and "09:00:00Z" in source.notes


def test_fetch_stops_at_the_limit(make_client):
    replay = api_pages(V2)
    data = CONNECTOR.fetch(make_client(replay, name="ror"), limit=25)
    assert len(data.actors) <= 25
    assert len(replay.requests) == 2


def test_fetch_one_record_by_id(make_client):
    kul = next(r for r in V2 if r["id"].endswith("05f950310"))
    replay = Replay({f"{API_PATH}/05f950310": [answer(200, kul)]})
    data = CONNECTOR.fetch(
        make_client(replay, name="ror"), query={"id": "https://ror.org/05f950310"}
    )
    assert [a.id for a in data.actors] == ["ror-05f950310"]


def test_a_page_without_items_is_a_source_error(make_client):
    replay = Replay({API_PATH: [answer(200, {"errors": ["query is malformed"]})]})
    with pytest.raises(SourceError, match="no 'items' list"):
        CONNECTOR.fetch(make_client(replay, name="ror"))


def test_a_live_fetch_that_fails_writes_nothing_and_resumes(store, make_client, tmp_path):
    calls = {"n": 0}
    good = api_pages(V2)

    def flaky(request):
        calls["n"] += 1
        if request.url.params.get("page") == "3" and calls["n"] < 10:
            return answer(503)
        return good.answers[API_PATH](request)

    replay = Replay({API_PATH: flaky})
    client = make_client(replay, name="ror", cache_dir=tmp_path, retries=1)
    before = store.counts()
    with pytest.raises(SourceError, match="page=3"):
        ingest(store, "ror", client=client)
    assert store.counts() == before and store.batches() == []
    calls["n"] = 100  # the source is back
    again = make_client(replay, name="ror", cache_dir=tmp_path)
    report = ingest(store, "ror", client=again)
    assert report.counts["actor"]["created"] == sum(r["status"] != "withdrawn" for r in V2)
    assert any("resumed" in n for n in report.notes)


def test_sample_into_the_store_and_again(store):
    first = ingest(store, "ror", [SAMPLE])
    assert first.counts["actor"]["created"] == 306
    kul = store.actor("ror-05f950310")
    assert kul.nuts == "BE242" and kul.identifiers["wikidata"] == "Q833670"
    again = ingest(store, "ror", [SAMPLE])
    assert again.total("created") == again.total("updated") == 0


@pytest.mark.live
def test_the_live_api_answers_the_way_the_replays_do(tmp_path):
    """Opt-in (BIOREGION_TEST_LIVE=1): one real page of the ROR API v2."""
    from bioregion.sources import SourceClient, source_config

    with SourceClient(source_config(CONNECTOR, cache_dir=tmp_path)) as client:
        data = CONNECTOR.fetch(client, query={"query": "KU Leuven"}, limit=5)
    assert 0 < len(data.actors) <= 5
    assert any(a.identifiers.get("ror") == "05f950310" for a in data.actors)
