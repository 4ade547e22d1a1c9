"""ingest() keeps what a connector says beside its records (aliases, web domains,
undated relations) in the store, and unites a re-ingested actor with its stored
version instead of replacing it."""

from __future__ import annotations

import datetime as dt

from bioregion import Store
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor
from bioregion.sources import SourceDataset, ingest, record_source
from bioregion.sources.base import Relation
from bioregion.sources.ingest import is_empty, united
from tests.sources.conftest import DATA

ROR_SAMPLE = DATA / "ror" / "ror_records_BE.jsonl"
UGENT = "ror-00cv9y106"
WHEN = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


class Given:
    """A connector that returns the dataset it was given (``name`` sets the source)."""

    title, licence = "Given records", "CC0 1.0"

    def __init__(self, name: str, dataset: SourceDataset) -> None:
        self.name, self.dataset = name, dataset

    def read(self, paths, *, progress=None):
        return self.dataset


def one_actor(source: str, record: str, **fields) -> SourceDataset:
    """A dataset of one actor ``org`` citing the source of record ``record``."""
    src = record_source(source, record, f"https://{source}.example.org/{record}", retrieved=WHEN)
    data = SourceDataset()
    data.add(src)
    values = {"name": "Org", "kind": "other"} | fields
    data.add(Actor(id="org", sources=(src.id,), **values))
    return data


def feed(store: Store, source: str, data: SourceDataset, tmp_path) -> object:
    path = tmp_path / f"{source}.txt"
    path.write_text("x", encoding="utf-8")
    return ingest(store, Given(source, data), [path])


# -- extras kept in the store ----------------------------------------------------------
def test_ror_aliases_domains_and_relations_outlive_the_run(store, store_target):
    report = ingest(store, "ror", [ROR_SAMPLE])
    batch = report.batch_id
    assert report.extras["aliases"] > 300 and report.extras["domains"] > 250
    assert report.extras["relations"] > 100
    assert any("undated relation(s) for the resolver" in n for n in report.notes)
    store.close()
    with Store.open(store_target) as later:  # what a later `bioregion resolve` sees
        assert sorted(later.aliases(UGENT)[UGENT]) == [
            "UGent",
            "Universiteit Gent",
            "Université de Gand",
        ]
        assert {(n.origin, n.batch_id) for n in later.actor_names(UGENT)} == {("ror", batch)}
        assert later.domains(UGENT) == {UGENT: ["ugent.be"]}
        child = next(r for r in later.relations(UGENT) if r.target == "ror-041bygf77")
        assert (child.source, child.kind, child.label) == (
            UGENT,
            "child",
            "Ghent University Global Campus",
        )
        assert (child.origin, child.batch_id) == ("ror", batch)
        before = later.counts(), len(later.actor_names()), len(later.relations())
        again = ingest(later, "ror", [ROR_SAMPLE])
        assert again.extras == {"aliases": 0, "domains": 0, "relations": 0}
        assert not any("for the resolver" in n for n in again.notes)
        assert again.total("created") == again.total("updated") == 0
        assert (later.counts(), len(later.actor_names()), len(later.relations())) == before


def test_extras_of_a_merged_actor_go_to_the_kept_one(sqlite_store, tmp_path):
    data = one_actor("tiny", "1")
    other = one_actor("tiny", "2")
    data.add(other.sources[0])
    data.add(other.actors[0].evolve(id="dup", name="Org Duplicate"))
    feed(sqlite_store, "tiny", data, tmp_path)
    sqlite_store.merge_actors("org", "dup")
    later = one_actor("tiny", "2", name="Org Duplicate")
    later.actors[0] = later.actors[0].evolve(id="dup")
    later.aliases["dup"] = ["The Dup"]
    later.domains["dup"] = ["dup.example.org"]
    later.relations.append(Relation("dup", "far", "parent", "Far"))
    report = feed(sqlite_store, "tiny", later, tmp_path)
    assert report.extras == {"aliases": 1, "domains": 1, "relations": 1}
    assert "The Dup" in sqlite_store.aliases("org")["org"]
    assert sqlite_store.domains() == {"org": ["dup.example.org"]}
    assert [(r.source, r.target) for r in sqlite_store.relations()] == [("org", "far")]
    assert {a.id for a in sqlite_store.actors()} == {"org"}


# -- re-ingest unites an actor with its stored version -------------------------------
def test_a_later_short_record_fills_but_never_blanks(store, tmp_path):
    full = one_actor(
        "ror",
        "abc",
        name="KU Leuven",
        kind="university",
        city="Leuven",
        country="BE",
        founded=PartialDate(1425),
        tags=("education",),
        identifiers={"ror": "00cv9y106"},
    )
    feed(store, "ror", full, tmp_path)
    short = one_actor(
        "openalex",
        "I1",
        name="KU Leuven",
        description="A university in Leuven",
        tags=("funder",),
        identifiers={"openalex": "I1"},
    )
    report = feed(store, "openalex", short, tmp_path)
    actor = store.actor("org")
    assert actor.sources == ("ror-abc", "openalex-I1")
    assert (actor.kind, actor.city, actor.country) == ("university", "Leuven", "BE")
    assert actor.founded == PartialDate(1425)
    assert actor.description == "A university in Leuven"  # an empty field is filled
    assert actor.tags == ("education", "funder")
    assert actor.identifiers == {"openalex": "I1", "ror": "00cv9y106"}
    assert report.counts["actor"]["updated"] == 1
    assert not any("kept values" in n for n in report.notes)


def test_another_source_does_not_overwrite_a_stored_value(store, tmp_path):
    feed(store, "ror", one_actor("ror", "abc", name="KU Leuven", city="Leuven"), tmp_path)
    other = one_actor("openalex", "I1", name="Katholieke Universiteit Leuven", city="Heverlee")
    report = feed(store, "openalex", other, tmp_path)
    actor = store.actor("org")
    assert (actor.name, actor.city) == ("KU Leuven", "Leuven")
    assert actor.sources == ("ror-abc", "openalex-I1")
    [note] = [n for n in report.notes if "kept values" in n]
    assert "org: name, city" in note


def test_the_same_record_read_again_updates_its_values(store, tmp_path):
    feed(store, "ror", one_actor("ror", "abc", name="KU Leuven", city="Leuven"), tmp_path)
    newer = one_actor("ror", "abc", name="KU Leuven (new name)", city="")
    report = feed(store, "ror", newer, tmp_path)
    actor = store.actor("org")
    assert (actor.name, actor.city) == ("KU Leuven (new name)", "Leuven")
    assert report.counts["actor"]["updated"] == 1
    assert not any("kept values" in n for n in report.notes)


def test_united_rules():
    stored = Actor(
        id="x",
        name="X",
        kind="pharma",
        identifiers={"lei": "L1", "cik": "1"},
        sources=("a",),
    )
    new = Actor(
        id="x", name="X", kind="other", identifiers={"cik": "2", "vat": "V"}, sources=("b",)
    )
    out, passed = united(stored, new)
    assert out.kind == "pharma" and out.sources == ("a", "b")
    assert out.identifiers == {"cik": "1", "lei": "L1", "vat": "V"}
    assert passed == ["identifiers.cik"]
    same, passed = united(stored, new.evolve(sources=("a",)))
    assert same.identifiers["cik"] == "2" and passed == []
    assert is_empty("kind", "other") and not is_empty("name", "other")
    assert is_empty("lat", None) and not is_empty("lat", 0.0)
