"""End-to-end reviews of a dataset's firms: reading, located errors, the coverage join."""

from __future__ import annotations

from pathlib import Path

import pytest

from bioregion.datasets import dataset_files, load
from bioregion.datasets.reviews import coverage_with_reviews, read_reviews, review_files, reviews
from bioregion.errors import ValidationError

HEADER = "actor,reviewed,searched,gaps,sources\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_located(tmp_path: Path):
    good = write(tmp_path / "a.csv", HEADER + "firm-a,2026-12-07,press,,s1\n")
    bad = write(tmp_path / "b.csv", HEADER + ",2026-12-07,press,,\nfirm-b,7 Dec 2026,press,,\n")
    with pytest.raises(ValidationError) as caught:
        read_reviews([good, bad])
    shown = [str(p) for p in caught.value.problems]
    assert any("b.csv, row 2, column 'actor'" in s for s in shown), shown
    assert any("b.csv, row 3, column 'reviewed'" in s and "YYYY-MM-DD" in s for s in shown)
    assert len(shown) == 2


def test_a_missing_column_is_named(tmp_path: Path):
    path = write(tmp_path / "c.csv", "actor,reviewed\nfirm-a,2026-12-07\n")
    with pytest.raises(ValidationError, match="searched, gaps, sources"):
        read_reviews([path])


def test_rows_of_one_firm_are_merged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "demo" / "reviews"
    folder.mkdir(parents=True)
    write(folder / "p1.csv", HEADER + "firm-a,2026-11-01,press;filings,deal X undated,s1;s2\n")
    write(folder / "p2.csv", HEADER + "firm-a,2026-12-07,filings;prospectus,,s2;s3\n")
    monkeypatch.setattr("bioregion.datasets.reviews.HERE", tmp_path)
    found = reviews("demo")
    assert list(found.index) == ["firm-a"]
    row = found.loc["firm-a"]
    assert row["reviewed"] == "2026-12-07"
    assert row["searched"] == "press; filings; prospectus"
    assert row["sources"] == "s1; s2; s3"
    assert row["gaps"] == "deal X undated"


def test_shipped_reviews_name_firms_of_the_dataset_and_cite_its_sources():
    """Every reviewed actor is an actor of the Belgian set (mostly NBFs; pharma groups
    such as UCB are reviewed for their biotech deals), every source id exists, and the
    coverage table shows each reviewed NBF's review date."""
    found = reviews("belgium")
    if not review_files("belgium"):
        pytest.skip("the Belgian dataset ships no review files")
    store = load("belgium")
    actors = {a.id for a in store.actors()}
    firms = {a.id for a in store.actors() if "nbf" in a.tags}
    sources = {s.id for s in store.sources()}
    assert set(found.index) <= actors, sorted(set(found.index) - actors)
    assert len(set(found.index) & firms) >= 0.9 * len(found)
    cited = {s.strip() for v in found["sources"] for s in v.split(";") if s.strip()}
    assert cited <= sources, sorted(cited - sources)
    table = coverage_with_reviews(store, found)
    reviewed_firms = sorted(set(found.index) & firms)
    assert (table.loc[reviewed_firms, "reviewed"] != "").all()
    assert dataset_files("belgium") and not any(
        "reviews" in p.parts for p in dataset_files("belgium")
    )
