"""``bioregion describe --coverage``: ties per firm and period, reviews and their gaps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bioregion.cli import app
from bioregion.datasets import coverage, load
from bioregion.datasets.reviews import reviews
from bioregion.store import Store


@pytest.fixture(scope="module")
def belgian_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("coverage") / "be.db"
    with Store.open(db, create=True) as store:
        load("belgium", store)
    return db


def _rows(output: str) -> dict[str, list[str]]:
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)[1:-1]]
        if cells and cells[0]:
            rows.setdefault(cells[0], cells)
    return rows


def test_coverage_rows_are_the_librarys_counts(belgian_db: Path, monkeypatch):
    monkeypatch.setattr("bioregion.cli._render.out.width", 300)
    result = CliRunner().invoke(app, ["describe", "--coverage", "--db", str(belgian_db)])
    assert result.exit_code == 0, result.output
    with Store.open(belgian_db) as store:
        expected = coverage(store, tag="nbf", step=5)
    reviewed = reviews()
    rows = _rows(result.output)
    for actor in ("galapagos", "ablynx", expected.index[-1]):
        cells = rows[actor]
        periods = [c for c in expected.columns if c not in ("firm", "total")]
        assert cells[1:-1] == [str(expected.loc[actor, p]) for p in [*periods, "total"]]
        assert cells[-1] == (reviewed["reviewed"].get(actor) or "-")
    done = int(reviewed.index.isin(expected.index).sum())
    assert f"{done} of {len(expected)} reviewed end to end" in result.output
    # the reviews table names what was searched for a reviewed firm
    assert reviewed.loc["galapagos", "searched"].split(";")[0].strip()[:15] in result.output


def test_coverage_of_a_tag_no_actor_has(belgian_db: Path):
    result = CliRunner().invoke(
        app, ["describe", "--coverage", "--tag", "no-such-tag", "--db", str(belgian_db)]
    )
    assert result.exit_code == 0, result.output
    assert "no actor carries the tag 'no-such-tag'" in result.output


def test_without_coverage_no_coverage_table(belgian_db: Path):
    result = CliRunner().invoke(app, ["describe", "--db", str(belgian_db)])
    assert result.exit_code == 0, result.output
    assert "Coverage" not in result.output
