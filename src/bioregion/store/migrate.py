"""Schema migrations with Alembic, run from Python (no alembic.ini needed).

Opening a store only needs to know the newest revision and the one the database is at.
Those two are read without importing Alembic (about 0.2 s of every command's start-up):
the revision ids from the migration files' ``revision``/``down_revision`` lines and the
database's from its ``alembic_version`` table. Alembic itself runs the upgrades.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r"^revision\b[^=\n]*=\s*[\"']([^\"']+)[\"']", re.M)
_REVISES = re.compile(r"^down_revision\b[^=\n]*=\s*(?:[\"']([^\"']+)[\"']|None)", re.M)


def config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def revisions() -> dict[str, str | None]:
    """Each migration's revision id -> the revision it revises (None for the first).

    Read from the files in ``migrations/versions`` (a test checks that Alembic reads
    the same chain).
    """
    chain: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, revises = _REVISION.search(source), _REVISES.search(source)
        if revision is None or revises is None:
            raise RuntimeError(f"{path}: no revision/down_revision line; is it a migration?")
        chain[revision.group(1)] = revises.group(1)
    return chain


@cache
def head() -> str:
    """The newest migration revision this version of bioregion knows."""
    chain = revisions()
    heads = sorted(set(chain) - set(chain.values()))
    if len(heads) != 1:  # a branched history: let Alembic say what it is
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(config()).get_heads()[0]
    return heads[0]


def known(revision: str) -> bool:
    """Whether this version of bioregion has a migration with this revision id."""
    return revision in revisions()


def current(engine: Engine) -> str | None:
    """The revision the database is at (None when it has no bioregion schema)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # several heads stamped: Alembic's own reading says which
        from alembic.runtime.migration import MigrationContext

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Migrate the database to ``revision`` in one transaction."""
    from alembic import command

    cfg = config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return current(engine) or ""
