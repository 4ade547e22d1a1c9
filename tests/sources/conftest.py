"""Shared fixtures of the connector tests: recorded answers, fake time, a client.

- :class:`Replay` answers requests from recorded responses (an ``httpx.MockTransport``
  handler): a list of answers per URL path, given out in order, the last one
  repeated; every request it receives is kept in ``requests``.
- ``fake_time``: a clock that only moves when the client sleeps, and the list of
  sleeps, so retry and rate-limit tests run instantly and can check every wait.
- ``make_client(replay, **config)``: a :class:`SourceClient` over a replay with fake
  time and no cache unless ``cache_dir`` is given.
- ``store``/``sqlite_store`` come from ``tests/conftest.py`` (SQLite, and PostgreSQL
  when ``BIOREGION_TEST_POSTGRES`` is set).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bioregion.sources import SourceClient, SourceConfig

DATA = Path(__file__).resolve().parents[1] / "data"

#: One recorded answer: a status, a JSON body (or bytes/text) and headers.
Answer = tuple[int, Any, dict[str, str]]


def answer(status: int = 200, body: Any = None, **headers: str) -> Answer:
    """A recorded answer; header names use ``_`` for ``-`` (``retry_after="3"``)."""
    return status, body, {k.replace("_", "-"): v for k, v in headers.items()}


class Replay:
    """An ``httpx.MockTransport`` handler replaying recorded answers by URL path.

    ``answers`` maps a URL path (``/v2/organizations``) to the answers given in
    order (the last is repeated), or to a function of the request returning one.
    """

    def __init__(self, answers: dict[str, list[Answer] | Callable[[httpx.Request], Answer]]):
        self.answers = answers
        self.requests: list[httpx.Request] = []
        self.given: dict[str, int] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        found = self.answers.get(request.url.path)
        if found is None:
            return httpx.Response(404, text=f"no recorded answer for {request.url.path}")
        if callable(found):
            status, body, headers = found(request)
        else:
            n = self.given.get(request.url.path, 0)
            self.given[request.url.path] = n + 1
            status, body, headers = found[min(n, len(found) - 1)]
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers=headers)
        if isinstance(body, str):
            return httpx.Response(status, text=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


class FakeTime:
    """A monotonic clock that moves only when ``sleep`` is called."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_time: FakeTime):
    """``make_client(replay, **config) -> SourceClient`` over the replay, fake time."""
    made: list[SourceClient] = []

    def make(replay: Replay, **config: Any) -> SourceClient:
        config.setdefault("name", "test")
        client = SourceClient(
            SourceConfig(**config),
            transport=replay.transport(),
            sleep=fake_time.sleep,
            clock=fake_time.clock,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "live: talks to a real public API; runs only with BIOREGION_TEST_LIVE=1"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    import os

    if os.environ.get("BIOREGION_TEST_LIVE") == "1":
        return
    skip = pytest.mark.skip(reason="live API test: set BIOREGION_TEST_LIVE=1 to run it")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)
