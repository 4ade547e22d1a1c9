"""Resolution wired to the real connectors: the Belgian set, ROR and CORDIS in one store.

The ROR and CORDIS samples of tests/data are ingested as ``bioregion`` ingests them
(:func:`bioregion.sources.ingest.ingest`); the aliases, domains and ROR relationships the
connectors return beside their records are handed to :func:`bioregion.resolve.resolve`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("splink", reason="the resolve extra is not installed")

from bioregion.datasets import load
from bioregion.resolve import resolve
from bioregion.sources.ingest import ingest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def region(store):
    load("belgium", store)
    reports = [
        ingest(store, "ror", [DATA / "ror" / "ror_records_BE.jsonl"]),
        ingest(
            store,
            "cordis",
            [
                DATA / "cordis" / "semicond_ev_organization.json",
                DATA / "resolve" / "cordis_semicond_ev_project.json",
            ],
        ),
    ]
    extras: dict = {"aliases": {}, "domains": {}, "relations": []}
    for report in reports:
        for name in ("aliases", "domains"):
            for actor_id, values in getattr(report.dataset, name, {}).items():
                extras[name].setdefault(actor_id, []).extend(values)
        extras["relations"] += getattr(report.dataset, "relations", [])
    return store, extras


def test_each_belgian_anchor_is_one_actor(region):
    store, extras = region
    report = resolve(store, **extras)
    redirects = store.actor_redirects()
    for curated, others in {
        "kuleuven": ["ror-05f950310", "cordis-pic-999991334"],
        "imec": ["ror-02kcbn207", "cordis-pic-999981149"],
        "uclouvain": ["ror-02495e989"],
        "vib": ["ror-03xrhmk39"],
        "ucb": ["ror-01n029866"],
    }.items():
        for other in others:
            assert redirects.get(other) == curated, (other, curated)
    ids = {a.id for a in store.actors()}
    assert "uz-leuven" in ids and redirects.get("uz-leuven") is None  # not merged into KU Leuven
    assert "janssen-pharmaceutica" in ids and "johnson-johnson" in ids
    assert len(report.merged) == len(store.merges(status="applied"))
    # ROR's parent/child/related pairs are never proposed
    related = {frozenset((r.source, r.target)) for r in extras["relations"]}
    assert not [
        p
        for p in report.proposals
        if p.decision != "skipped" and frozenset((p.kept, p.merged)) in related
    ]
