"""SourceClient: retries, Retry-After, giving up, cache, rate limit, page cap, checkpoints."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest

from bioregion.errors import SourceError
from bioregion.sources import SourceClient, SourceConfig, retry_after_seconds, source_config
from bioregion.sources.http import Checkpoint
from tests.sources.conftest import Replay, answer

URL = "https://api.example.org/items"


def numbered_pages(last: int, fail_at: int | None = None, status: int = 500):
    """Answers for ``/items?page=N`` (N = 1..last); page ``fail_at`` answers ``status``."""

    def respond(request: httpx.Request):
        page = int(request.url.params.get("page", "1"))
        if page == fail_at:
            return answer(status, {"error": "boom"})
        return answer(200, {"page": page, "items": [f"r{page}"], "last": page >= last})

    return respond


def next_page(body):
    return None if body["last"] else {"page": body["page"] + 1}


# -- retries -------------------------------------------------------------------------
def test_a_500_then_200_is_retried_after_a_backoff(make_client, fake_time):
    replay = Replay({"/items": [answer(500), answer(200, {"ok": True})]})
    client = make_client(replay, backoff=1.5)
    assert client.get_json(URL) == {"ok": True}
    assert len(replay.requests) == 2
    assert fake_time.sleeps == [1.5]


def test_backoff_doubles_up_to_its_ceiling(make_client, fake_time):
    replay = Replay({"/items": [answer(502)] * 4 + [answer(200, {"ok": 1})]})
    client = make_client(replay, backoff=1.0, max_backoff=3.0, retries=4)
    assert client.get_json(URL) == {"ok": 1}
    assert fake_time.sleeps == [1.0, 2.0, 3.0, 3.0]


def test_a_429_waits_the_seconds_retry_after_asks(make_client, fake_time):
    replay = Replay({"/items": [answer(429, retry_after="7"), answer(200, [1, 2])]})
    assert make_client(replay).get_json(URL) == [1, 2]
    assert fake_time.sleeps == [7.0]


def test_a_429_waits_until_the_http_date_retry_after_gives(fake_time):
    now = dt.datetime(2026, 12, 7, 12, 0, 0, tzinfo=dt.UTC)
    replay = Replay(
        {"/items": [answer(429, retry_after="Mon, 07 Dec 2026 12:00:42 GMT"), answer(200, {})]}
    )
    client = SourceClient(
        SourceConfig(name="t"),
        transport=replay.transport(),
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        now=lambda: now,
    )
    assert client.get_json(URL) == {}
    assert fake_time.sleeps == [42.0]


def test_retry_after_forms():
    now = dt.datetime(2015, 10, 21, 7, 28, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("120", now) == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now) == 30.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:00:00 GMT", now) == 0.0  # past
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_a_transport_error_is_retried(make_client, fake_time):
    calls = []

    def flaky(request):
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectTimeout("timed out", request=request)
        return answer(200, {"ok": True})

    client = make_client(Replay({"/items": flaky}))
    assert client.get_json(URL) == {"ok": True}
    assert len(calls) == 2 and fake_time.sleeps == [1.0]


def test_giving_up_says_url_status_and_what_to_do(make_client, fake_time):
    replay = Replay({"/items": [answer(503)]})
    client = make_client(replay, retries=2)
    with pytest.raises(SourceError) as caught:
        client.get_json(URL, {"q": "leuven"})
    message = str(caught.value)
    assert "https://api.example.org/items?q=leuven" in message
    assert "HTTP 503" in message and "3 times" in message
    assert "again later" in message and "nothing was written" in message
    assert len(replay.requests) == 3
    assert fake_time.sleeps == [1.0, 2.0]


def test_a_404_is_not_retried(make_client):
    replay = Replay({"/items": [answer(404, "no such record")]})
    with pytest.raises(SourceError, match=r"HTTP 404 \(the source says: no such record\)"):
        make_client(replay).get_json(URL)
    assert len(replay.requests) == 1


def test_a_403_names_the_api_key_variable(make_client):
    replay = Replay({"/items": [answer(403)]})
    with pytest.raises(SourceError, match="BIOREGION_OPENALEX_API_KEY"):
        make_client(replay, name="openalex").get_json(URL)


def test_a_retry_after_beyond_the_limit_gives_up_at_once(make_client, fake_time):
    replay = Replay({"/items": [answer(429, retry_after="3600")]})
    with pytest.raises(SourceError, match="asks to wait 3600 s"):
        make_client(replay, max_retry_after=600).get_json(URL)
    assert fake_time.sleeps == [] and len(replay.requests) == 1


def test_a_body_that_is_not_json_twice_is_a_source_error(make_client):
    replay = Replay({"/items": [answer(200, b'{"items": [1, 2')]})
    with pytest.raises(SourceError, match=r"not JSON.*twice"):
        make_client(replay).get_json(URL)
    assert len(replay.requests) == 2


def test_a_cut_off_body_is_not_served_from_the_cache(make_client, tmp_path):
    replay = Replay({"/items": [answer(200, b'{"items": [1, 2'), answer(200, {"items": [1, 2]})]})
    client = make_client(replay, cache_dir=tmp_path)
    assert client.get_json(URL) == {"items": [1, 2]}  # asked again, past the cache
    assert client.get_json(URL) == {"items": [1, 2]}  # the good one is cached
    assert len(replay.requests) == 2 and client.from_cache == 1


# -- who asks -------------------------------------------------------------------------
def test_user_agent_contact_and_api_key(make_client):
    replay = Replay({"/items": [answer(200, {})]})
    client = make_client(
        replay,
        contact_email="me@example.org",
        api_key="s3cret",
        api_key_param="api_key",
        mailto_param="mailto",
    )
    client.get_json(URL, {"q": "x"})
    sent = replay.requests[0]
    assert "bioregion/" in sent.headers["user-agent"]
    assert "mailto:me@example.org" in sent.headers["user-agent"]
    assert sent.url.params["api_key"] == "s3cret"
    assert sent.url.params["mailto"] == "me@example.org"
    assert "s3cret" not in client.shown_url(URL, client.full_params({"q": "x"}))


def test_the_query_of_the_url_is_kept(make_client):
    replay = Replay({"/items": [answer(200, {})]})
    client = make_client(replay, api_key="k", api_key_param="key")
    client.get_json(URL + "?type=10-K&count=40", {"start": 0})
    assert dict(replay.requests[0].url.params) == {
        "type": "10-K",
        "count": "40",
        "start": "0",
        "key": "k",
    }
    client.get_json(URL + "?type=10-K")
    assert dict(replay.requests[1].url.params) == {"type": "10-K", "key": "k"}
    assert client.shown_url(URL + "?type=10-K", {"key": "k"}) == URL + "?type=10-K"


def test_an_api_key_header(make_client):
    replay = Replay({"/items": [answer(200, {})]})
    make_client(replay, api_key="abc", api_key_header="Client-Id").get_json(URL)
    assert replay.requests[0].headers["client-id"] == "abc"


def test_a_source_that_requires_a_contact_refuses_without_one(make_client):
    replay = Replay({"/items": [answer(200, {})]})
    with pytest.raises(SourceError, match="BIOREGION_CONTACT_EMAIL"):
        make_client(replay, requires_contact=True).get_json(URL)
    assert replay.requests == []


def test_source_config_reads_the_environment(tmp_path):
    class Plugin:
        name = "edgar"
        config = SourceConfig(name="edgar", min_interval=0.11, requires_contact=True)

    env = {
        "BIOREGION_CONTACT_EMAIL": "me@example.org",
        "BIOREGION_EDGAR_API_KEY": "k",
        "BIOREGION_CACHE_DIR": str(tmp_path),
    }
    config = source_config(Plugin(), env, max_pages=3)
    assert (config.contact_email, config.api_key, config.cache_dir) == (
        "me@example.org",
        "k",
        tmp_path,
    )
    assert config.min_interval == 0.11 and config.max_pages == 3 and config.requires_contact
    assert source_config(Plugin(), {"XDG_CACHE_HOME": str(tmp_path)}).cache_dir == (
        tmp_path / "bioregion"
    )


# -- cache and rate limit -------------------------------------------------------------
def test_a_cached_response_does_not_reach_the_transport(make_client, tmp_path):
    replay = Replay({"/items": [answer(200, {"n": 1}), answer(200, {"n": 2})]})
    client = make_client(replay, cache_dir=tmp_path)
    assert client.get_json(URL, {"q": "a"}) == {"n": 1}
    assert client.get_json(URL, {"q": "a"}) == {"n": 1}  # from the cache
    assert len(replay.requests) == 1
    assert (client.sent, client.from_cache) == (1, 1)
    assert client.get_json(URL, {"q": "b"}) == {"n": 2}  # another URL: not cached
    assert len(replay.requests) == 2


def test_the_cache_survives_the_client(make_client, tmp_path):
    replay = Replay({"/items": [answer(200, {"n": 1})]})
    make_client(replay, cache_dir=tmp_path).get_json(URL)
    other = Replay({"/items": [answer(500)]})
    assert make_client(other, cache_dir=tmp_path).get_json(URL) == {"n": 1}
    assert other.requests == []


def test_failed_responses_are_not_cached(make_client, tmp_path):
    replay = Replay({"/items": [answer(500), answer(200, {"n": 1}), answer(200, {"n": 2})]})
    client = make_client(replay, cache_dir=tmp_path)
    assert client.get_json(URL) == {"n": 1}
    assert client.get_json(URL) == {"n": 1}
    assert len(replay.requests) == 2


def test_requests_keep_the_minimum_interval(make_client, fake_time):
    replay = Replay({"/items": [answer(200, {})]})
    client = make_client(replay, min_interval=2.0)
    client.get_json(URL)
    client.get_json(URL)
    fake_time.advance(0.5)
    client.get_json(URL)
    fake_time.advance(5.0)
    client.get_json(URL)
    assert fake_time.sleeps == [2.0, 1.5]


def test_cache_hits_do_not_count_for_the_rate_limit(make_client, fake_time, tmp_path):
    replay = Replay({"/items": [answer(200, {})]})
    client = make_client(replay, min_interval=2.0, cache_dir=tmp_path)
    client.get_json(URL)
    fake_time.advance(2.0)
    for _ in range(3):
        client.get_json(URL)  # cached: no wait, and the clock of the last request stays
    client.get_json(URL, {"q": "new"})
    assert fake_time.sleeps == []
    assert (client.sent, client.from_cache) == (2, 3)


# -- paging -----------------------------------------------------------------------------
def test_pages_follow_next_params_to_the_end(make_client):
    replay = Replay({"/items": numbered_pages(4)})
    client = make_client(replay)
    pages = list(client.pages(URL, {"q": "x"}, next_page))
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert [r.url.params.get("page") for r in replay.requests] == [None, "2", "3", "4"]
    assert all(r.url.params["q"] == "x" for r in replay.requests)
    assert client.notes == []


def test_the_page_cap_stops_and_says_so(make_client):
    replay = Replay({"/items": numbered_pages(10)})
    client = make_client(replay, max_pages=5)
    assert len(list(client.pages(URL, None, next_page, max_pages=3))) == 3
    assert len(replay.requests) == 3
    assert "stopped after 3 page(s)" in client.notes[0] and "--max-pages" in client.notes[0]
    assert len(list(client.pages(URL, {"other": 1}, next_page))) == 5  # the config's cap


def test_a_failed_page_raises_and_a_rerun_resumes_from_the_checkpoint(
    make_client, tmp_path, fake_time
):
    cache = tmp_path / "cache"
    failing = Replay({"/items": numbered_pages(5, fail_at=3)})
    first = make_client(failing, cache_dir=cache, retries=1)
    got = []
    with pytest.raises(SourceError, match="page=3"):
        got.extend(first.pages(URL, {"q": "x"}, next_page))
    assert [p["page"] for p in got] == [1, 2]
    [saved] = (cache / "runs").glob("test-*.jsonl")
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["params"] == {"q": "x"} and len(lines) == 3

    # the pages already fetched are read back from the checkpoint, not requested again
    (cache / "http.sqlite").unlink()  # not even the HTTP cache is needed
    working = Replay({"/items": numbered_pages(5)})
    second = make_client(working, cache_dir=cache)
    pages = list(second.pages(URL, {"q": "x"}, next_page))
    assert [p["page"] for p in pages] == [1, 2, 3, 4, 5]
    assert [r.url.params.get("page") for r in working.requests] == ["3", "4", "5"]
    assert "resumed an interrupted fetch" in second.notes[0]
    assert not saved.exists()  # done: the checkpoint is gone


def test_a_checkpoint_line_cut_off_by_a_crash_is_fetched_again(make_client, tmp_path):
    failing = Replay({"/items": numbered_pages(4, fail_at=3)})
    with pytest.raises(SourceError):
        list(make_client(failing, cache_dir=tmp_path, retries=0).pages(URL, None, next_page))
    [saved] = (tmp_path / "runs").glob("*.jsonl")
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text[: len(text) - 20], encoding="utf-8")  # page 2 cut off
    (tmp_path / "http.sqlite").unlink()
    working = Replay({"/items": numbered_pages(4)})
    pages = list(make_client(working, cache_dir=tmp_path).pages(URL, None, next_page))
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert [r.url.params.get("page") for r in working.requests] == ["2", "3", "4"]


def test_an_old_checkpoint_is_not_used(make_client, tmp_path):
    failing = Replay({"/items": numbered_pages(4, fail_at=2)})
    with pytest.raises(SourceError):
        list(make_client(failing, cache_dir=tmp_path, retries=0).pages(URL, None, next_page))
    [saved] = (tmp_path / "runs").glob("*.jsonl")
    lines = saved.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["started"] = "2000-01-01T00:00:00+00:00"
    saved.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    assert Checkpoint.read(saved, {"source": "test"}, ttl=3600) == []


def test_stopping_early_removes_the_checkpoint(make_client, tmp_path):
    client = make_client(Replay({"/items": numbered_pages(9)}), cache_dir=tmp_path)
    pages = client.pages(URL, None, next_page)
    assert next(pages)["page"] == 1
    pages.close()
    assert list((tmp_path / "runs").glob("*.jsonl")) == []


def test_without_a_cache_dir_there_is_no_checkpoint(make_client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = make_client(Replay({"/items": numbered_pages(2)}))
    assert len(list(client.pages(URL, None, next_page))) == 2
    assert list(tmp_path.iterdir()) == []


def test_retrieved_is_the_date_of_the_response(make_client):
    replay = Replay({"/items": [answer(200, {}, date="Mon, 07 Dec 2026 10:11:12 GMT")]})
    client = make_client(replay)
    client.get_json(URL)
    assert client.retrieved == dt.datetime(2026, 12, 7, 10, 11, 12, tzinfo=dt.UTC)
