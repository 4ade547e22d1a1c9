"""Other names, web domains and undated relations that sources give, kept in the store
with their provenance (store/extras.py, migration 0004), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from alembic import command
from sqlalchemy import func, select

from bioregion import Dataset, Store
from bioregion.errors import ImportRejectedError
from bioregion.model.records import Actor, Source
from bioregion.store import extras, migrate
from bioregion.store.engine import for_writing
from bioregion.store.extras import (
    ActorDomain,
    ActorName,
    ActorRelation,
    SourceExtras,
    actor_domains,
    actor_relations,
    clean_domain,
    split_origin,
)
from bioregion.store.schema import actor_aliases


@dataclass(frozen=True)
class Rel:
    """A relation as a connector gives it (duck-typed like sources.base.Relation)."""

    source: str
    target: str
    kind: str
    label: str = ""


def orgs(*ids: str) -> Dataset:
    data = Dataset()
    data.add(Source(id="s", url="https://example.org/s"))
    for aid in ids:
        data.add(Actor(id=aid, name=aid.upper(), kind="university", sources=("s",)))
    return data


EXTRAS = SourceExtras(
    source="ror",
    aliases={"ugent": ["UGent", "Universiteit  Gent", "UGENT", "", "UGent"], "ghost": ["Nobody"]},
    domains={"ugent": ["https://www.UGent.be/en", "ugent.be"], "ghost": ["ghost.org"]},
    relations=[
        Rel("ugent", "vib", "related", "VIB"),
        Rel("ugent", "ror-outside", "parent", "Outside Org"),
        Rel("ghost", "ugent", "child"),
        Rel("ugent", "ugent", "related"),
    ],
)


def row_counts(store: Store) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (actor_aliases, actor_domains, actor_relations)
        )


@pytest.fixture
def kept(store: Store) -> tuple[Store, int]:
    batch, added = store.write_with_extras(orgs("ugent", "vib", "kul"), EXTRAS, label="ror dump")
    assert added == {"aliases": 2, "domains": 1, "relations": 2}
    return store, batch.batch_id


def test_extras_are_kept_with_their_source_and_batch(kept: tuple[Store, int]) -> None:
    store, batch = kept
    # the actor's own name (UGENT) and empty names are left out; whitespace collapsed
    assert store.aliases() == {"ugent": ["UGent", "Universiteit Gent"]}
    assert store.actor_names("ugent") == [
        ActorName("ugent", "UGent", "ror", batch),
        ActorName("ugent", "Universiteit Gent", "ror", batch),
    ]
    assert store.domains() == {"ugent": ["ugent.be"]}
    assert store.domain_records() == [ActorDomain("ugent", "ugent.be", "ror", batch)]
    # a relation needs its source in the store; its target may be outside it
    assert store.relations() == [
        ActorRelation("ugent", "ror-outside", "parent", "Outside Org", "ror", batch),
        ActorRelation("ugent", "vib", "related", "VIB", "ror", batch),
    ]
    assert [r.target for r in store.relations("vib")] == ["vib"]
    assert store.relations("kul") == []


def test_saving_again_writes_nothing_and_keeps_the_first_provenance(
    kept: tuple[Store, int],
) -> None:
    store, first = kept
    before = row_counts(store)
    batch, added = store.write_with_extras(orgs("ugent", "vib", "kul"), EXTRAS, label="again")
    assert batch.batch_id != first
    assert added == {"aliases": 0, "domains": 0, "relations": 0}
    assert row_counts(store) == before == (2, 1, 2)
    assert {n.batch_id for n in store.actor_names()} == {first}
    more = SourceExtras(
        "openalex", aliases={"ugent": ["Gent University"]}, domains={"kul": ["kuleuven.be"]}
    )
    _, added = store.write_with_extras(orgs("ugent", "kul"), more)
    assert added == {"aliases": 1, "domains": 1, "relations": 0}
    assert store.domains("kul") == {"kul": ["kuleuven.be"]}
    assert [n.origin for n in store.actor_names("ugent")] == ["openalex", "ror", "ror"]


def test_merges_carry_the_extras_to_the_kept_actor_and_undo_gives_them_back(
    kept: tuple[Store, int],
) -> None:
    store, _ = kept
    merge = store.merge_actors("kul", "ugent", force=True)
    # (sorted here: PostgreSQL's collation may order upper and lower case otherwise)
    assert sorted(store.aliases("kul")["kul"]) == ["UGENT", "UGent", "Universiteit Gent"]
    assert store.aliases("ugent") == {}
    assert store.domains() == {"kul": ["ugent.be"]}
    assert {(r.source, r.target) for r in store.relations()} == {
        ("kul", "ror-outside"),
        ("kul", "vib"),
    }
    # saving the merged actor's extras again lands on the kept actor, once
    before = row_counts(store)
    _, added = store.write_with_extras(orgs("kul"), EXTRAS)
    assert added == {"aliases": 0, "domains": 0, "relations": 0}
    assert row_counts(store) == before
    # a relation between two actors merged into one is not shown
    store.merge_actors("kul", "vib", force=True)
    assert {(r.source, r.target) for r in store.relations()} == {("kul", "ror-outside")}
    store.undo_merge(store.merges()[-1].id)
    store.undo_merge(merge.id)
    assert store.aliases() == {"ugent": ["UGent", "Universiteit Gent"]}
    assert store.domains() == {"ugent": ["ugent.be"]}
    assert {(r.source, r.target) for r in store.relations()} == {
        ("ugent", "ror-outside"),
        ("ugent", "vib"),
    }


def test_a_deleted_actor_shows_no_extras(kept: tuple[Store, int]) -> None:
    store, _ = kept
    store.delete("actor", "ugent")
    assert store.aliases() == {} and store.domains() == {} and store.relations() == []
    assert row_counts(store) == (0, 0, 0)  # removed, not only hidden
    store.write(orgs("ugent"))  # a new actor with the same id inherits nothing
    assert store.domains() == {} and store.relations() == []


def test_a_rejected_write_keeps_no_extras(store: Store) -> None:
    bad = orgs("ugent")
    bad.add(Actor(id="bad id!", name="", kind="nonsense"))
    with pytest.raises(ImportRejectedError):
        store.write_with_extras(bad, EXTRAS)
    assert row_counts(store) == (0, 0, 0) and store.batches() == []


def test_extras_that_fail_leave_no_batch(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(extras, "save_extras", broken)
    with pytest.raises(RuntimeError):
        store.write_with_extras(orgs("ugent"), EXTRAS)
    assert store.counts()["actor"] == 0 and store.batches() == []


def test_0004_downgrades_and_upgrades_keeping_the_aliases(
    kept: tuple[Store, int], store_target: str
) -> None:
    store, _ = kept
    cfg = migrate.config()
    with for_writing(store.engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert store.revision() == "0003"
    assert not {"actor_domains", "actor_relations"} & set(store.table_names())
    assert "actor_aliases" in store.table_names()
    store.close()
    with Store.open(store_target, create=True) as again:
        assert again.revision() == migrate.head() == "0005"
        assert again.aliases("ugent") == {"ugent": ["UGent", "Universiteit Gent"]}
        assert again.domains() == {} and again.relations() == []
        _, added = again.write_with_extras(orgs("ugent", "vib"), EXTRAS)
        assert added == {"aliases": 0, "domains": 1, "relations": 2}


def test_origins_and_domains_are_read_and_cleaned() -> None:
    assert split_origin("ror:batch:12") == ("ror", 12)
    assert split_origin("merge:3") == ("merge:3", None)
    assert split_origin("my:source:batch:x") == ("my:source:batch:x", None)
    assert clean_domain("HTTP://www.kuleuven.be/path?q=1") == "kuleuven.be"
    assert clean_domain("not a domain") == "" and clean_domain(None) == ""
