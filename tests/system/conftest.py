"""Small networks shared by the system tests."""

from __future__ import annotations

import pandas as pd
import pytest

from bioregion.network import TemporalNetwork


@pytest.fixture
def hand_net() -> TemporalNetwork:
    """Two tagged NBFs in Flanders, a pharma, a university; four ties of 2001-2004."""
    actors = pd.DataFrame(
        {
            "id": ["a", "b", "p", "u"],
            "name": ["A", "B", "P", "U"],
            "kind": ["biotech_firm", "biotech_firm", "pharma", "university"],
            "country": ["BE", "BE", "US", "BE"],
            "nuts": ["BE211", "BE242", "", "BE242"],
            "tags": ["nbf", "nbf", "big_pharma", ""],
        }
    )
    ties = pd.DataFrame(
        {
            "id": ["t1", "t2", "t3", "t4"],
            "kind": ["licence", "rd_collaboration", "spin_off", "acquisition"],
            "source": ["a", "b", "u", "p"],
            "target": ["p", "p", "a", "b"],
            "start": ["2001", "2002", "2003", "2004"],
        }
    )
    return TemporalNetwork(ties, actors)
