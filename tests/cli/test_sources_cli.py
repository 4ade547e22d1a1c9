"""``bioregion sources``, ``ingest`` and ``fetch``: thin shells over bioregion.sources."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from bioregion.cli import app
from bioregion.cli._app import state
from bioregion.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
ROR_SAMPLE = DATA / "ror" / "ror_records_BE.jsonl"
runner = CliRunner()


def invoke(*args: str):
    state.debug = False
    return runner.invoke(app, list(args), catch_exceptions=True)


def test_sources_lists_the_connectors():
    result = invoke("sources", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {row["name"]: row for row in json.loads(result.stdout)}
    assert listed["ror"]["licence"] == "CC0 1.0" and listed["ror"]["live"] == "yes"


def test_ingest_reads_files_into_one_batch(tmp_path):
    db = tmp_path / "s.db"
    result = invoke("--db", str(db), "ingest", "ror", str(ROR_SAMPLE))
    assert result.exit_code == 0, result.output
    assert "ingested batch 1 from ror" in result.stdout
    assert "actors: 306 new" in result.stdout
    assert "withdrawn by ROR" in result.stdout  # the notes
    again = invoke("--db", str(db), "ingest", "ror", str(ROR_SAMPLE))
    assert "actors: 0 new, 0 updated, 306 unchanged" in again.stdout


def test_ingest_of_an_unknown_source_lists_the_known_ones(tmp_path):
    result = invoke("--db", str(tmp_path / "s.db"), "ingest", "rorr", str(ROR_SAMPLE))
    assert result.exit_code == 1
    assert "unknown source 'rorr'" in result.output and "ror" in result.output


def test_ingest_of_a_truncated_file_is_an_error_and_writes_nothing(tmp_path):
    db = tmp_path / "s.db"
    broken = tmp_path / "ror.jsonl"
    broken.write_text(ROR_SAMPLE.read_text(encoding="utf-8")[:-300], encoding="utf-8")
    assert invoke("--db", str(db), "init").exit_code == 0
    result = invoke("--db", str(db), "ingest", "ror", str(broken))
    assert result.exit_code == 1
    assert "row 316" in result.output and "truncated" in result.output
    with Store.open(db) as store:
        assert store.batches() == []


def ror_page(request: httpx.Request) -> httpx.Response:
    records = [json.loads(line) for line in ROR_SAMPLE.read_text(encoding="utf-8").splitlines()]
    v2 = [r for r in records if "names" in r and r["status"] == "active"][:30]
    page = int(request.url.params.get("page", "1"))
    body = {"number_of_results": len(v2), "time_taken": 5, "items": v2[(page - 1) * 20 : page * 20]}
    return httpx.Response(200, json=body)


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr("bioregion.sources.ror.RorConnector.config", _fast_config())


def _fast_config():
    from bioregion.sources.http import SourceConfig

    return SourceConfig(name="ror", min_interval=0.0, max_pages=500, backoff=0.0)


def test_fetch_pages_through_the_api_into_the_store(tmp_path, monkeypatch, no_wait):
    monkeypatch.setenv("BIOREGION_CONTACT_EMAIL", "me@example.org")
    db, cache = tmp_path / "s.db", tmp_path / "cache"
    with respx.mock(assert_all_called=True) as mock:
        route = mock.get("https://api.ror.org/v2/organizations").mock(side_effect=ror_page)
        result = invoke(
            "--db", str(db), "fetch", "ror", "--query", "query=leuven", "--cache-dir", str(cache)
        )
        assert result.exit_code == 0, result.output
        assert "actors: 30 new" in result.stdout
        assert route.call_count == 2
        sent = route.calls[0].request
        assert sent.url.params["query"] == "leuven"
        assert "me@example.org" in sent.headers["user-agent"]
        again = invoke(
            "--db", str(db), "fetch", "ror", "--query", "query=leuven", "--cache-dir", str(cache)
        )
        assert "30 unchanged" in again.stdout
        assert route.call_count == 2  # the second run came from the cache


def test_fetch_that_fails_says_what_to_do(tmp_path, no_wait):
    with respx.mock() as mock:
        mock.get("https://api.ror.org/v2/organizations").mock(return_value=httpx.Response(500))
        result = invoke(
            "--db", str(tmp_path / "s.db"), "fetch", "ror", "--cache-dir", str(tmp_path)
        )
    assert result.exit_code == 1
    assert "HTTP 500" in result.output and "run the same command again" in result.output


def test_fetch_refuses_a_query_without_a_value(tmp_path):
    result = invoke("--db", str(tmp_path / "s.db"), "fetch", "ror", "--query", "leuven")
    assert result.exit_code == 1 and "KEY=VALUE" in result.output
