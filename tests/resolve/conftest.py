"""Shared data of the resolution tests: the organisation records of the real samples.

``tests/data/resolve/records.csv`` holds one row per organisation read from the
CORDIS, ROR, ClinicalTrials.gov, OpenAlex and EDGAR samples and the hand-curated
Belgian actors (see ``tests/data/resolve/SOURCE.md``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "resolve"


def load_actors(path: Path = DATA / "records.csv") -> pd.DataFrame:
    """The records file as an actors frame (identifiers as dicts, names as tuples)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["identifiers"] = [
        dict(kv.split(":", 1) for kv in text.split(";") if ":" in kv)
        for text in frame["identifiers"]
    ]
    for column in ("aliases", "acronyms"):
        frame[column] = [tuple(v for v in text.split("|") if v) for text in frame[column]]
    return frame


@pytest.fixture(scope="session")
def sample_actors() -> pd.DataFrame:
    """Belgian and curated records plus the sponsors and filers (a third of the file)."""
    actors = load_actors()
    keep = (actors["country"] == "BE") | actors["source"].isin(["curated", "ror", "ctgov", "edgar"])
    return actors[keep].reset_index(drop=True)
