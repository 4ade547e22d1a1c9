"""``bioregion resolve``: a thin shell over bioregion.resolve.resolve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("splink", reason="the resolve extra is not installed")

from bioregion import Actor, Dataset, Source
from bioregion.cli import app
from bioregion.cli._app import state
from bioregion.store import Store

runner = CliRunner()


def run(db: Path, *args: str):
    state.debug = False
    return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=True)


@pytest.fixture
def db(tmp_path: Path, sample_actors) -> Path:
    belgian = sample_actors[
        (sample_actors["country"] == "BE") & sample_actors["source"].isin(["cordis", "curated"])
    ]
    source = Source(id="samples", url="https://example.org/bioregion/resolve-samples")
    actors = [
        Actor(
            id=r["id"],
            name=r["name"],
            kind=r["kind"] or "other",
            country=r["country"],
            city=r["city"],
            identifiers=r["identifiers"],
            sources=("samples",),
        )
        for r in belgian.to_dict("records")
    ]
    path = tmp_path / "resolve.db"
    with Store.open(path, create=True) as store:
        store.write(Dataset(sources=[source], actors=actors))
    return path


def test_dry_run_lists_merges_and_changes_nothing(db: Path) -> None:
    shown = run(db, "resolve", "--dry-run", "--format", "json")
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.output)
    pair = [r for r in rows if {r["kept"], r["merged"]} == {"kuleuven", "cordis-pic-999991334"}]
    assert pair and pair[0]["decision"] == "would merge"
    assert float(pair[0]["probability"]) >= 0.95
    with Store.open(db) as store:
        assert store.merges() == []
        assert "cordis-pic-999991334" in {a.id for a in store.actors()}


def test_resolve_merges_then_has_nothing_left_to_do(db: Path) -> None:
    first = run(db, "resolve", "--threshold", "0.95", "--review-from", "0.7")
    assert first.exit_code == 0, first.output
    assert "merged" in first.output and "queued for review" in first.output
    with Store.open(db) as store:
        assert store.actor_redirects()["cordis-pic-999991334"] == "kuleuven"
    second = run(db, "resolve")
    assert second.exit_code == 0, second.output
    assert "0 merged, 0 queued for review" in second.output


def test_bad_thresholds_are_refused(db: Path) -> None:
    wrong = run(db, "resolve", "--threshold", "0.5", "--review-from", "0.9")
    assert wrong.exit_code == 1
    assert "review_from" in wrong.output
