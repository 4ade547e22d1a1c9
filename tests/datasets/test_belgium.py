"""The shipped Belgian reference dataset: coverage, provenance and integrity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from bioregion import Store
from bioregion.datasets import available, coverage, dataset_files, describe, load
from bioregion.model.rules import URL_PATTERN
from bioregion.regions import named_region, region_of

REGIONS = {"flanders", "wallonia", "brussels"}


@pytest.fixture(scope="module")
def belgium() -> Iterator[Store]:
    store = load("belgium")
    yield store
    store.close()


def red_biotech_nbfs(store: Store) -> list:
    return [a for a in store.actors() if "nbf" in a.tags and "red_biotech" in a.tags]


def test_the_dataset_is_shipped_as_reviewable_csv():
    assert "belgium" in available()
    files = dataset_files("belgium")
    assert {f.suffix for f in files} == {".csv"}
    kinds = {f.stem.split("-")[0] for f in files}
    assert {"actors", "ties", "sources"} <= kinds


def test_at_least_30_red_biotech_nbfs_in_the_three_regions(belgium: Store):
    firms = red_biotech_nbfs(belgium)
    located = [
        a for a in firms if a.nuts and region_of(a.nuts) and region_of(a.nuts).key in REGIONS
    ]
    assert len(located) == len(firms), [a.id for a in firms if a not in located]
    for firm in firms:
        assert firm.country == "BE", firm.id
        assert firm.founded is None or firm.founded.year >= 1985, firm.id
    # counted: located, and founded (as sourced) in 1985 or later
    assert sum(a.founded is not None for a in firms) >= 30
    assert {region_of(a.nuts).key for a in firms} == REGIONS


def test_at_least_200_dated_ties_from_1987_to_2025(belgium: Store):
    ties = belgium.ties()
    assert sum(1987 <= t.start.year <= 2025 for t in ties) >= 200
    today = dt.date.today()
    for tie in ties:
        assert tie.start.year >= 1900 and tie.start.first_day <= today, tie.id
        if tie.end is not None:
            assert tie.end.last_day >= tie.start.first_day, tie.id


def test_every_actor_and_tie_cites_a_public_url(belgium: Store):
    urls = {s.id: s.url for s in belgium.sources()}
    for record in [*belgium.actors(), *belgium.ties()]:
        assert record.sources, f"{record.id} cites no source"
        for sid in record.sources:
            assert URL_PATTERN.match(urls[sid]), f"{record.id}: {sid} has no http(s) URL"


def test_references_resolve(belgium: Store):
    actors = {a.id for a in belgium.actors()}
    for tie in belgium.ties():
        assert tie.source in actors and tie.target in actors, tie.id
    events = {e.id for e in belgium.events()}
    for part in belgium.participations():
        assert part.event in events and part.actor in actors


def test_regions_follow_the_nuts_codes(belgium: Store):
    flanders = named_region("flanders")
    for actor in belgium.actors():
        if actor.nuts.startswith("BE2"):
            assert flanders.contains(actor.nuts) and region_of(actor.nuts).key == "flanders"
        elif actor.nuts.startswith("BE3"):
            assert region_of(actor.nuts).key == "wallonia"
        elif actor.nuts.startswith("BE1"):
            assert region_of(actor.nuts).key == "brussels"
    counted = describe(belgium).actors_by_region
    firms = red_biotech_nbfs(belgium)
    for key in REGIONS:
        expected = sum(
            1
            for a in belgium.actors()
            if a.nuts and region_of(a.nuts) and region_of(a.nuts).key == key
        )
        assert counted.loc[counted.region == key, "actors"].sum() == expected
    assert len(firms) >= 30


def test_partners_have_a_headquarters_country(belgium: Store):
    pharma = belgium.actors(kind="pharma")
    for actor in pharma:
        if "big_pharma" in actor.tags:
            assert actor.country, f"{actor.id} has no country"
    # a few small partners' headquarters were not stated in any source read (docs gaps)
    assert sum(bool(a.country) for a in pharma) >= 0.95 * len(pharma)


def test_policy_and_network_actors_are_present(belgium: Store):
    ids = {a.id for a in belgium.actors()}
    expected = {
        "vib",
        "welbio",
        "iwt",
        "vlaio",
        "fwo",
        "fnrs",
        "walloon-region",
        "pmv",
        "gimv",
        "biotech-fonds-vlaanderen",
        "sriw",
        "flandersbio",
        "biowin",
    }
    assert expected <= ids, expected - ids
    policy_kinds = {"grant", "funding", "equity_investment", "membership"}
    policy_ties = [
        t for t in belgium.ties() if t.kind in policy_kinds and {t.source, t.target} & expected
    ]
    assert len(policy_ties) >= 20


def test_describe_counts_add_up(belgium: Store):
    found = describe(belgium)
    assert found.ties_by_decade.loc["total", "total"] == len(belgium.ties())
    assert found.actors_by_kind["actors"].sum() == len(belgium.actors())
    assert set(found.ties_by_kind["kind"]) == {t.kind for t in belgium.ties()}


def test_coverage_table_rows_are_the_nbfs(belgium: Store):
    table = coverage(belgium)
    assert set(table.index) == {a.id for a in belgium.actors() if "nbf" in a.tags}
    assert (table["total"] > 0).sum() >= 30


def test_loading_twice_changes_nothing(belgium: Store):
    load("belgium", belgium)
    last = belgium.batches()[-1]
    assert all(c["created"] == 0 and c["updated"] == 0 for c in last.counts.values())


def test_cli_load_and_describe(tmp_path):
    from bioregion.cli import app

    runner = CliRunner()
    db = str(tmp_path / "b.db")
    loaded = runner.invoke(app, ["--db", db, "load", "belgium"])
    assert loaded.exit_code == 0, loaded.output
    described = runner.invoke(app, ["--db", db, "describe"])
    assert described.exit_code == 0, described.output
    assert "ties by kind and decade" in described.output and "2010s" in described.output
