"""The migration chain read from the files agrees with Alembic's own reading."""

from __future__ import annotations

import sys

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from bioregion.store import migrate


def test_chain_read_from_files_is_alembics():
    script = ScriptDirectory.from_config(migrate.config())
    alembic_chain = {rev.revision: rev.down_revision for rev in script.walk_revisions()}
    assert migrate.revisions() == alembic_chain
    assert migrate.head() == script.get_heads()[0]
    assert all(migrate.known(rev) for rev in alembic_chain)
    assert not migrate.known("no-such-revision")


def test_current_reads_the_version_table(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert migrate.current(engine) is None
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    assert migrate.current(engine) is None
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
    assert migrate.current(engine) == "0001"
    engine.dispose()


def test_opening_a_store_does_not_import_alembic(tmp_path):
    import subprocess

    probe = (
        "import sys\n"
        "from bioregion.store import Store\n"
        f"Store.open({str(tmp_path / 'y.db')!r}, create=True).close()\n"
        "with Store.open(" + repr(str(tmp_path / "y.db")) + ") as s:\n"
        "    s.counts()\n"
        "print('alembic' in sys.modules)\n"
    )
    # The first open creates the schema (Alembic runs); the check is on a fresh process.
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
    again = (
        "import sys\n"
        "from bioregion.store import Store\n"
        "with Store.open(" + repr(str(tmp_path / "y.db")) + ") as s:\n"
        "    s.counts()\n"
        "print('alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", again], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"
