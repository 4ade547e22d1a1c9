"""Schema migrations with Alembic, run from Python (no alembic.ini needed)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def head() -> str:
    """The newest migration revision this version of bioregion knows."""
    heads = ScriptDirectory.from_config(config()).get_heads()
    return heads[0]


def known(revision: str) -> bool:
    """Whether this version of bioregion has a migration with this revision id."""
    script = ScriptDirectory.from_config(config())
    return any(rev.revision == revision for rev in script.walk_revisions())


def current(engine: Engine) -> str | None:
    """The revision the database is at (None when it has no bioregion schema)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Migrate the database to ``revision`` in one transaction."""
    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return current(engine) or ""
