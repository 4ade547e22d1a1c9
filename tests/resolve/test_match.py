"""The linkage model on real sample records (bioregion.resolve.match).

The records are the Belgian and hand-curated organisations of the samples
(tests/resolve/conftest.py); the model is trained as ``bioregion resolve`` trains it
(u by seeded random sampling on these records, m from the labelled pairs).
"""

from __future__ import annotations

import sys

import pandas as pd
import pytest

pytest.importorskip("splink", reason="the resolve extra is not installed")

from bioregion.errors import ArgumentError, MissingExtraError
from bioregion.resolve.match import (
    level_labels,
    prepare_records,
    score_pairs,
)
from bioregion.resolve.normalise import source_of

AUTO = 0.95


@pytest.fixture(scope="module")
def scored(sample_actors) -> pd.DataFrame:
    return score_pairs(prepare_records(sample_actors), threshold=0.01)


def probability(scored: pd.DataFrame, a: str, b: str) -> float:
    left, right = sorted([a, b])
    hit = scored[(scored["left"] == left) & (scored["right"] == right)]
    return float(hit["probability"].iloc[0]) if len(hit) else 0.0


def test_ku_leuven_variants_are_linked(scored):
    # the curated actor, ROR's record and CORDIS's "KATHOLIEKE UNIVERSITEIT LEUVEN"
    assert probability(scored, "kuleuven", "ror-05f950310") >= AUTO
    assert probability(scored, "kuleuven", "cordis-pic-999991334") >= AUTO
    assert probability(scored, "ror-05f950310", "cordis-pic-999991334") >= AUTO


def test_ku_leuven_is_not_uz_leuven(scored):
    for university in ("kuleuven", "ror-05f950310", "cordis-pic-999991334"):
        for hospital in ("uz-leuven", "ror-0424bsv16"):
            assert probability(scored, university, hospital) < 0.7, (university, hospital)


def test_uclouvain_is_not_its_hospital(scored):
    assert probability(scored, "uclouvain", "cordis-pic-999980664") >= AUTO
    for university in ("uclouvain", "ror-02495e989", "cordis-pic-999980664"):
        assert probability(scored, university, "ror-03s4khd80") < 0.7


def test_janssen_is_not_johnson_and_johnson(scored):
    assert probability(scored, "janssen-pharmaceutica", "cordis-pic-998398206") >= AUTO
    for jnj in ("johnson-johnson", "edgar-cik-200406"):
        assert probability(scored, "janssen-pharmaceutica", jnj) < 0.7
    assert probability(scored, "johnson-johnson", "edgar-cik-200406") >= AUTO


def test_evidence_names_every_comparison(scored):
    top = scored.iloc[0]
    assert set(top["evidence"]) == set(level_labels())
    assert top["evidence"]["name"]["level"] in level_labels()["name"].values()
    assert scored["left"].lt(scored["right"]).all()
    assert scored["probability"].is_monotonic_decreasing


def test_seeded_runs_agree(sample_actors, scored):
    again = score_pairs(prepare_records(sample_actors), threshold=0.01)
    pd.testing.assert_series_equal(
        again["probability"].reset_index(drop=True), scored["probability"].reset_index(drop=True)
    )


def test_prepare_records_reads_identifiers_postcodes_and_domains():
    actors = pd.DataFrame(
        {
            "id": ["cordis-pic-999991334"],
            "name": ["KATHOLIEKE UNIVERSITEIT LEUVEN"],
            "kind": ["other"],
            "country": ["be"],
            "city": ["HEVERLEE"],
            "tags": [("cordis:HES", "postcode:3000")],
            "identifiers": [
                {"pic": "0999991334", "vat": "BE 0419.052.173", "ror": "https://ror.org/05f950310"}
            ],
        }
    )
    record = prepare_records(actors, domains={"cordis-pic-999991334": ["www.kuleuven.be"]}).iloc[0]
    assert record["id_pic"] == "999991334"
    assert record["id_vat"] == "BE0419052173"
    assert record["id_ror"] == "05f950310"
    assert record["postcode"] == "3000"
    assert record["domain"] == "kuleuven.be"
    assert record["city"] == "leuven"
    assert record["country"] == "BE"
    assert record["kind"] is None  # "other" says nothing
    assert "ku leuven" in record["name_keys"]
    assert record["source"] == "cordis"


def test_source_namespaces():
    assert [
        source_of(x) for x in ("ror-05f950310", "ctgov-ucb", "edgar-cik-1", "openalex-I1", "vib")
    ] == ["ror", "ctgov", "edgar", "openalex", "curated"]


def test_too_few_actors():
    assert score_pairs(prepare_records(pd.DataFrame({"id": ["a"], "name": ["A"]}))).empty
    with pytest.raises(ArgumentError):
        prepare_records(pd.DataFrame({"name": ["A"]}))


def test_missing_extra_names_the_pip_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "splink", None)
    records = prepare_records(pd.DataFrame({"id": ["a", "b"], "name": ["Alpha", "Alpha NV"]}))
    with pytest.raises(MissingExtraError, match=r"pip install 'bioregion\[resolve\]'"):
        score_pairs(records)


def test_m_by_expectation_maximisation_is_an_option(sample_actors):
    records = prepare_records(sample_actors)
    found = score_pairs(records, threshold=0.95, m_from="em")
    assert probability(found, "kuleuven", "cordis-pic-999991334") >= AUTO
    with pytest.raises(ArgumentError, match="m_from"):
        score_pairs(records, m_from="guess")
