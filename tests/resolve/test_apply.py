"""Merging and queueing through the store's curation API (bioregion.resolve.apply).

Runs on every backend of the ``store`` fixture (SQLite; PostgreSQL when
``BIOREGION_TEST_POSTGRES`` is set). The actors are the Belgian organisations of the
real samples (tests/data/resolve/records.csv), written as a connector would.
"""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("splink", reason="the resolve extra is not installed")

from bioregion import Actor, Dataset, Source, Tie
from bioregion.errors import ArgumentError
from bioregion.model.dates import PartialDate
from bioregion.resolve.apply import plan_merges, resolve
from bioregion.resolve.rules import SAME_NAME_RULE

KU = ("kuleuven", "cordis-pic-999991334", "ror-05f950310")
HOSPITALS = ("uz-leuven", "ror-0424bsv16")


@pytest.fixture(scope="module")
def belgian(sample_actors) -> pd.DataFrame:
    return sample_actors[
        (sample_actors["country"] == "BE") & (sample_actors["source"] != "ctgov")
    ].reset_index(drop=True)


def as_dataset(frame: pd.DataFrame) -> Dataset:
    source = Source(id="samples", url="https://example.org/bioregion/resolve-samples")
    actors = [
        Actor(
            id=row["id"],
            name=row["name"],
            kind=row["kind"] or "other",
            country=row["country"],
            city=row["city"],
            identifiers={k: v for k, v in row["identifiers"].items() if k != "isni"},
            tags=(f"postcode:{row['postcode']}",) if row["postcode"] else (),
            sources=("samples",),
        )
        for row in frame.to_dict("records")
    ]
    return Dataset(sources=[source], actors=actors)


def names_of(frame: pd.DataFrame) -> dict[str, list[str]]:
    return {
        row["id"]: [*row["aliases"], *row["acronyms"]]
        for row in frame.to_dict("records")
        if row["aliases"] or row["acronyms"]
    }


@pytest.fixture
def loaded(store, belgian):
    store.write(as_dataset(belgian))
    return store


def run(store, belgian, **options):
    return resolve(store, aliases=names_of(belgian), **options)


def test_resolve_merges_ku_leuven_once_and_keeps_the_hospital_apart(loaded, belgian):
    report = run(loaded, belgian)
    ids = {a.id for a in loaded.actors()}
    assert "kuleuven" in ids
    assert not {"cordis-pic-999991334", "ror-05f950310"} & ids  # merged into kuleuven
    assert {"uz-leuven", "ror-0424bsv16"} & ids  # the hospital is still an actor
    redirects = loaded.actor_redirects()
    assert redirects["cordis-pic-999991334"] == "kuleuven"
    assert all(redirects.get(h) not in KU for h in HOSPITALS)
    applied = loaded.merges(status="applied")
    assert applied and all(m.decision == "auto" and m.probability >= 0.95 for m in applied)
    assert all(m.evidence["comparisons"]["name"]["level"] for m in applied)
    assert len(report.merged) == len(applied)
    assert all(0.7 <= p.probability < 1 for p in report.queued)
    assert "KATHOLIEKE UNIVERSITEIT LEUVEN" in loaded.aliases("kuleuven")["kuleuven"]


def test_a_second_run_changes_nothing(loaded, belgian):
    run(loaded, belgian)
    before = [(m.id, m.status) for m in loaded.merges()]
    counts = loaded.counts()
    again = run(loaded, belgian)
    assert [(m.id, m.status) for m in loaded.merges()] == before
    assert loaded.counts() == counts
    assert not again.merged and not again.queued


def test_a_rejected_pair_is_never_proposed_again(loaded, belgian):
    first = run(loaded, belgian)
    assert first.queued, "the samples give pairs to review"
    pending = loaded.merges(status="pending")
    rejected = pending[0]
    loaded.decide_merge(rejected.id, accept=False)
    again = run(loaded, belgian)
    pair = {rejected.kept, rejected.merged}
    assert not [
        p for p in again.proposals if {p.kept, p.merged} == pair and p.decision != "skipped"
    ]
    assert frozenset(pair) in loaded.rejected_pairs()
    assert [m.status for m in loaded.merges() if m.id == rejected.id] == ["rejected"]


def test_undone_merge_stays_undone(loaded, belgian):
    run(loaded, belgian)
    merge = loaded.merges(status="applied")[0]
    loaded.undo_merge(merge.id)
    run(loaded, belgian)
    assert [m.status for m in loaded.merges() if m.id == merge.id] == ["undone"]
    assert merge.merged in {a.id for a in loaded.actors()}


def test_dry_run_changes_nothing(loaded, belgian):
    counts = loaded.counts()
    report = run(loaded, belgian, dry_run=True)
    assert report.merged and report.dry_run
    assert loaded.merges() == []
    assert loaded.counts() == counts


def test_actors_tied_as_parent_and_subsidiary_are_not_merged(store):
    source = Source(id="s", url="https://example.org/s")
    data = Dataset(
        sources=[source],
        actors=[
            Actor(
                id="jnj",
                name="Johnson & Johnson",
                kind="pharma",
                country="US",
                city="New Brunswick",
                sources=("s",),
            ),
            Actor(
                id="jnj-be",
                name="Johnson & Johnson NV",
                kind="pharma",
                country="US",
                city="New Brunswick",
                sources=("s",),
            ),
            Actor(
                id="ctgov-johnson-johnson",
                name="Johnson & Johnson",
                kind="pharma",
                country="US",
                city="New Brunswick",
                sources=("s",),
            ),
        ],
        ties=[
            Tie(
                id="t",
                kind="subsidiary",
                source="jnj",
                target="jnj-be",
                start=PartialDate.parse("1990"),
                sources=("s",),
            )
        ],
    )
    store.write(data)
    report = resolve(store, review_from=0.0)
    pairs = {frozenset((p.kept, p.merged)): p.decision for p in report.proposals}
    assert pairs.get(frozenset(("jnj", "jnj-be")), "skipped") == "skipped"
    assert "jnj-be" in {a.id for a in store.actors()}


SAME_NAME = {"name": {"level": "same normalised name"}}


def scored(*rows):
    return pd.DataFrame(
        [{"left": a, "right": b, "probability": p, "evidence": SAME_NAME} for a, b, p in rows]
    )


def test_plan_chains_merges_into_the_most_curated_actor():
    plan = plan_merges(
        scored(
            ("ctgov-k-u-leuven", "ror-05f950310", 0.99),
            ("cordis-pic-999991334", "ctgov-k-u-leuven", 0.98),
            ("kuleuven", "ror-05f950310", 0.97),
        )
    )
    assert [(p.kept, p.merged, p.decision) for p in plan] == [
        ("ror-05f950310", "ctgov-k-u-leuven", "auto"),
        ("ror-05f950310", "cordis-pic-999991334", "auto"),
        ("kuleuven", "ror-05f950310", "auto"),
    ]


def test_plan_bands_registries_and_rejections():
    plan = plan_merges(
        scored(
            ("a", "ctgov-a", 0.96),  # curated + ctgov: automatic
            ("b", "ctgov-b", 0.80),  # the review band
            ("c", "ctgov-c", 0.50),  # below the band: dropped
            ("ror-0aaaaaa00", "ror-0bbbbbb00", 0.99),  # one registry: only queued
            ("d", "ctgov-d", 0.99),  # rejected before
            ("e", "ctgov-e", 0.99),  # merged or queued before
        ),
        distinct=[frozenset(("d", "ctgov-d"))],
        known=[frozenset(("e", "ctgov-e"))],
    )
    decided = {(p.kept, p.merged): (p.decision, p.reason) for p in plan}
    assert decided[("a", "ctgov-a")][0] == "auto"
    assert decided[("b", "ctgov-b")][0] == "pending"
    assert ("c", "ctgov-c") not in decided
    assert decided[("ror-0aaaaaa00", "ror-0bbbbbb00")] == (
        "pending",
        "two records of one registry (ror)",
    )
    assert decided[("d", "ctgov-d")][0] == "skipped"
    assert ("e", "ctgov-e") not in decided


def test_plan_refuses_a_chain_through_a_rejected_pair():
    plan = plan_merges(
        scored(("x", "ctgov-x", 0.99), ("ctgov-x", "ctgov-y", 0.98)),
        distinct=[frozenset(("x", "ctgov-y"))],
    )
    assert [p.decision for p in plan] == ["auto", "skipped"]


def test_plan_checks_its_thresholds():
    with pytest.raises(ArgumentError):
        plan_merges(scored(), threshold=0.5, review_from=0.9)


def test_plan_queues_pairs_with_conflicting_registry_ids_or_similar_names_only():
    rows = scored(("f", "cordis-pic-999999999", 0.99), ("g", "ctgov-g", 0.99))
    rows["evidence"] = [
        {"identifiers": {"level": "different registry ids"}, **SAME_NAME},
        {"name": {"level": "Jaro-Winkler >= 0.95"}},
    ]
    decided = {p.kept: (p.decision, p.reason) for p in plan_merges(rows)}
    assert decided["f"] == ("pending", "different ids of one registry scheme")
    assert decided["g"] == ("pending", "names only similar (Jaro-Winkler >= 0.95)")


def test_an_empty_store_has_nothing_to_resolve(store):
    report = resolve(store)
    assert (report.proposals, report.actors) == ([], 0)
    with pytest.raises(ArgumentError, match="review_from"):
        resolve(store, threshold=0.5, review_from=0.9)


def test_plan_merges_pairs_the_same_name_rule_picks_below_the_threshold():
    named = {"name": {"level": "same normalised name", "weight": 14.05}}
    rows = scored(
        ("h", "ctgov-h", 0.82), ("i", "ctgov-i", 0.82), ("ror-0ccccccc0", "ror-0dddddd00", 0.82)
    ).assign(evidence=[named] * 3)
    # The rules lift pairs on their evidence, whatever the prior makes of it: 0.34 here.
    weak = scored(("j", "ctgov-j", 0.34), ("k", "ctgov-k", 0.9)).assign(
        evidence=[named, {"name": {"level": "same normalised name", "weight": 9.0}}]
    )
    plan = plan_merges(
        pd.concat([rows, weak], ignore_index=True),
        sure={
            frozenset(("h", "ctgov-h")): "same name",
            frozenset(("j", "ctgov-j")): "group",
            frozenset(("k", "ctgov-k")): "same name",  # 9 bits: too little evidence
            frozenset(("ror-0ccccccc0", "ror-0dddddd00")): "same name",  # one registry
        },
    )
    decided = {p.kept: (p.decision, p.reason) for p in plan}
    assert decided["h"] == ("auto", "rule: same name")
    assert decided["j"] == ("auto", "rule: group")
    assert decided["k"] == ("pending", "below the automatic threshold")
    assert decided["i"] == ("pending", "below the automatic threshold")
    assert decided["ror-0ccccccc0"] == ("pending", "two records of one registry (ror)")
    # Given as a plain set, the pairs carry the same-name rule's reason.
    plain = plan_merges(rows, sure=[frozenset(("h", "ctgov-h"))])
    assert plain[0].reason == f"rule: {SAME_NAME_RULE}"


def test_relations_kept_from_an_earlier_ingest_keep_two_actors_apart(store):
    from bioregion.sources.base import Relation
    from bioregion.store.extras import SourceExtras

    source = Source(id="s", url="https://example.org/s")
    twins = [
        Actor(id=aid, name="Johnson & Johnson NV", kind="pharma", country="BE", sources=("s",))
        for aid in ("jnj-a", "jnj-b")
    ]
    data = Dataset(sources=[source], actors=twins)
    pair = frozenset(("jnj-a", "jnj-b"))

    def decision() -> str:
        report = resolve(store, review_from=0.0, dry_run=True)
        found = {frozenset((p.kept, p.merged)): p.decision for p in report.proposals}
        return found.get(pair, "skipped")

    store.write(data)
    assert decision() != "skipped"  # alone, the two records look like one organisation
    extras = SourceExtras(source="ror", relations=[Relation("jnj-a", "jnj-b", "related")])
    store.write_with_extras(data, extras)
    assert decision() == "skipped"  # the relation kept from the ingest keeps them apart
