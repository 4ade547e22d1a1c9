"""Shared fixtures: one store per backend (SQLite always, PostgreSQL when configured).

Set ``BIOREGION_TEST_POSTGRES`` to a server URL (e.g.
``postgresql://postgres@127.0.0.1:5432/test``) to run every storage test against
PostgreSQL as well. Each test session works in a database of its own, created and
dropped here, so the given database is never touched.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bioregion.store import Store, database_url
from bioregion.store.schema import metadata

POSTGRES = os.environ.get("BIOREGION_TEST_POSTGRES", "").strip()
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES else [])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (skips when not configured)."""
    if not POSTGRES:
        pytest.skip("BIOREGION_TEST_POSTGRES is not set")
    admin = create_engine(database_url(POSTGRES), isolation_level="AUTOCOMMIT")
    name = f"bioregion_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = database_url(POSTGRES).rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where an empty store may be created: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "bioregion.db")
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    return url


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    """An empty, migrated store on each backend."""
    with Store.open(store_target, create=True) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite store (for tests that are not about storage)."""
    with Store.open(tmp_path / "bioregion.db", create=True) as opened:
        yield opened
