"""Opening a store and its schema migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from bioregion import Dataset, PartialDate, Source, Store, StoreError
from bioregion.store import migrate
from bioregion.store.engine import for_writing, make_engine
from bioregion.store.schema import TABLES, metadata
from bioregion.store.store import database_url
from tests.store._factory import dataset

EXPECTED_TABLES = [
    "actor_aliases",
    "actor_domains",
    "actor_relations",
    "actor_sources",
    "actors",
    "alembic_version",
    "candidates",
    "changes",
    "event_sources",
    "events",
    "import_batches",
    "import_fingerprints",
    "merges",
    "participation_sources",
    "participations",
    "sources",
    "tie_sources",
    "ties",
]


def _set_revision(store: Store, revision: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


def _with_password(url: str, password: str) -> str:
    """The PostgreSQL URL with a password (the test server trusts, so it is ignored)."""
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:{password}@{host}"


# -- opening -------------------------------------------------------------------
def test_open_missing_file_without_create_says_how_to_create(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "missing.db"
    with pytest.raises(StoreError, match=r"bioregion init --db") as info:
        Store.open(path)
    assert str(path) in str(info.value)
    assert not path.exists()
    assert not path.parent.exists()


def test_open_create_makes_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "new.db"
    with Store.open(path, create=True) as store:
        assert store.revision() == migrate.head()
    assert path.is_file()


def test_create_migrates_to_head(store: Store) -> None:
    assert migrate.head() == "0005"
    assert store.revision() == migrate.head()
    assert store.counts() == {"source": 0, "actor": 0, "event": 0, "tie": 0, "participation": 0}


def test_reopen_keeps_the_data(store: Store, store_target: str) -> None:
    store.write(dataset())
    before = store.counts()
    store.close()
    with Store.open(store_target) as again:
        assert again.revision() == migrate.head()
        assert again.counts() == before
        assert again.counts()["tie"] == 7
    with Store.open(store_target, create=True) as again:  # create on an existing store
        assert again.counts() == before
        assert len(again.batches()) == 1


def test_database_without_schema_says_to_init(store_target: str, tmp_path: Path) -> None:
    if "://" not in store_target:
        sqlite3.connect(store_target).close()  # an empty SQLite file
        assert Path(store_target).exists()
    with pytest.raises(StoreError, match=r"holds no bioregion store; run: bioregion init"):
        Store.open(store_target)


def test_older_revision_says_how_to_upgrade(
    store: Store, store_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = migrate.head()
    monkeypatch.setattr(migrate, "head", lambda: "0002future")
    with pytest.raises(StoreError) as info:
        Store.open(store_target)
    message = str(info.value)
    assert head in message and "0002future" in message
    assert "upgrade it with: bioregion init --db" in message


def test_unknown_revision_says_to_upgrade_bioregion(store: Store, store_target: str) -> None:
    _set_revision(store, "0000fake")
    with pytest.raises(StoreError) as info:
        Store.open(store_target)
    message = str(info.value)
    assert "0000fake" in message and "newer bioregion" in message


def test_init_on_unknown_revision_raises_store_error(
    store: Store, store_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set_revision(store, "9999future")
    opened: list[Store] = []  # Store.open leaves its engine open on this path; close it here
    real_init = Store.__init__

    def recording(self: Store, *args: object) -> None:
        real_init(self, *args)  # type: ignore[arg-type]
        opened.append(self)

    monkeypatch.setattr(Store, "__init__", recording)
    try:
        with pytest.raises(StoreError, match="9999future"):
            Store.open(store_target, create=True)
    finally:
        for each in opened:
            each.close()


def test_unreachable_postgres_raises_store_error() -> None:
    url = "postgresql://postgres:s3cret@127.0.0.1:1/test"
    for create in (False, True):
        with pytest.raises(StoreError, match="cannot open the store") as info:
            Store.open(url, create=create)
        assert not isinstance(info.value, SQLAlchemyError)
        assert "127.0.0.1" in str(info.value)
        assert "s3cret" not in str(info.value)


def test_errors_do_not_show_the_password(store_target: str) -> None:
    if "://" not in store_target:
        pytest.skip("only a server URL holds a password")
    with pytest.raises(StoreError, match="holds no bioregion store") as info:
        Store.open(_with_password(store_target, "s3cret"))
    assert "s3cret" not in str(info.value)


# -- migrations ----------------------------------------------------------------
def test_live_schema_matches_the_metadata(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_schema_check_would_see_a_difference(store: Store) -> None:
    """The comparison above is not vacuous: a missing index shows up."""
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_ties_kind"))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d[0] for d in diff] == ["add_index"]
    assert diff[0][1].name == "ix_ties_kind"


def test_table_list(store: Store) -> None:
    assert store.table_names() == EXPECTED_TABLES
    assert sorted([*metadata.tables, "alembic_version"]) == EXPECTED_TABLES


def test_init_twice_is_a_no_op(store: Store) -> None:
    store.write(dataset())
    before = (store.counts(), store.batches(), store.revision())
    columns = {
        t: [c["name"] for c in inspect(store.engine).get_columns(t)] for t in store.table_names()
    }
    assert store.init() == migrate.head()
    assert store.init() == migrate.head()
    assert (store.counts(), store.batches(), store.revision()) == before
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    assert {
        t: [c["name"] for c in inspect(store.engine).get_columns(t)] for t in store.table_names()
    } == columns


def test_foreign_keys_are_enforced(store: Store) -> None:
    """Provenance cannot point nowhere: a link row to an unknown source is refused."""
    store.write(dataset())
    with pytest.raises(SQLAlchemyError), store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO tie_sources (record_id, source_id, position) "
                "VALUES ('t-spin-bone', 'no-such-source', 5)"
            )
        )
    assert store.sources(ids=["no-such-source"]) == []
    assert store.ties(kind="spin_off")[1].sources == ("registry-kbo",)


# -- 0002: actors.systems, ties.signed and ties.closed ---------------------------
def _fill_at_0001(store_target: str) -> None:
    """A store made by migration 0001 alone (as bioregion 0001 made it), with rows in it.

    The rows are written in SQL against the 0001 columns: a source, two actors citing
    it, a tie between them citing it.
    """
    engine = make_engine(database_url(store_target), display="test")
    try:
        assert migrate.upgrade(for_writing(engine), "0001") == "0001"
        empty = {"title": "", "publisher": "", "licence": "", "notes": ""}
        actor = {
            "kind": "government",
            "tags": "[]",
            "end_reason": "",
            "country": "BE",
            "city": "",
            "identifiers": "{}",
            "description": "",
        }
        with for_writing(engine).begin() as conn:
            conn.execute(
                insert(TABLES[Source]).values(id="s1", url="https://example.org/a", **empty)
            )
            for actor_id, nuts in (("iwt", "BE100"), ("ugent", "BE234")):
                row = {"id": actor_id, "name": actor_id, "nuts": nuts, **actor}
                conn.execute(text(_insert_sql("actors", row)), row)
                link = {"record_id": actor_id, "source_id": "s1", "position": 0}
                conn.execute(text(_insert_sql("actor_sources", link)), link)
            tie = {
                "id": "t1",
                "kind": "grant",
                "source_id": "iwt",
                "target_id": "ugent",
                "start_date": "2005-01-01",
                "start_precision": "year",
                **dict.fromkeys(
                    ("status", "stage", "therapeutic_area", "technology", "currency"), ""
                ),
                **dict.fromkeys(("royalties", "description"), ""),
                "confidence": "high",
                "tags": "[]",
                "flags": "[]",
            }
            conn.execute(text(_insert_sql("ties", tie)), tie)
            link = {"record_id": "t1", "source_id": "s1", "position": 0}
            conn.execute(text(_insert_sql("tie_sources", link)), link)
    finally:
        engine.dispose()


def _insert_sql(table: str, row: dict[str, object]) -> str:
    names = ", ".join(row)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in row)})"


def test_a_0001_store_upgrades_to_0002_keeping_its_data(store_target: str) -> None:
    _fill_at_0001(store_target)
    with pytest.raises(StoreError, match=r"at schema 0001, this version needs 0005"):
        Store.open(store_target)
    with Store.open(store_target, create=True) as store:  # what `bioregion init` does
        assert store.revision() == "0005"
        assert store.counts()["actor"] == 2 and store.counts()["tie"] == 1
        iwt = store.actor("iwt")
        assert iwt.systems == () and iwt.sources == ("s1",)
        tie = store.ties()[0]
        assert (tie.signed, tie.closed, tie.sources) == (None, None, ("s1",))
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        # the new columns take values after the upgrade
        store.write(
            Dataset(
                actors=[iwt.evolve(systems=("flanders",))],
                ties=[tie.evolve(signed=PartialDate(2004, 12), closed=PartialDate(2005, 2))],
            )
        )
        assert store.actor("iwt").systems == ("flanders",)
        assert store.frame("actors").set_index("id").loc["iwt", "systems"] == ("flanders",)
        assert store.ties()[0].closed == PartialDate(2005, 2)


def test_0002_adds_the_columns(store: Store) -> None:
    columns = {
        t: {c["name"] for c in inspect(store.engine).get_columns(t)} for t in ("actors", "ties")
    }
    assert "systems" in columns["actors"]
    assert {"signed_date", "signed_precision", "closed_date", "closed_precision"} <= columns["ties"]
