"""Schemathesis against the API's own OpenAPI schema: generated requests (valid and
invalid query parameters, path values, headers) never get a 5xx, on the Belgian
dataset. Reads only (the app has no token, so writes answer 403, never 5xx)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")
pytest.importorskip("schemathesis", reason="schemathesis is not installed")

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from bioregion import Store
from bioregion.api import create_app
from bioregion.datasets import load


def _app():
    # Module-level: schemathesis reads the schema when the test module is imported.
    folder = Path(tempfile.mkdtemp(prefix="bioregion-fuzz-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    store = Store.open(folder / "belgium.db", create=True)
    load("belgium", store)
    return create_app(store, static=None)


schema = schemathesis.openapi.from_asgi("/api/openapi.json", _app())


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_gets_a_server_error(case):
    case.call_and_validate(checks=[not_a_server_error])
