"""The derived tie id rule lives in the model (issue 8), shared by importer and measures."""

from __future__ import annotations

import re

import pandas as pd

import bioregion.model
from bioregion.io import importer
from bioregion.model.ids import derived_tie_id
from bioregion.network import ties_frame


def test_the_id_is_stable_and_depends_on_kind_actors_and_start_as_written():
    tie_id = derived_tie_id("licence", "galapagos", "gilead", "2015-12-17")
    # the value the importer gave before the rule moved: stored ids must not change
    assert tie_id == "tie-88ff5339b533"
    assert re.fullmatch(r"tie-[0-9a-f]{12}", tie_id)
    others = {
        derived_tie_id("option", "galapagos", "gilead", "2015-12-17"),
        derived_tie_id("licence", "gilead", "galapagos", "2015-12-17"),
        derived_tie_id("licence", "galapagos", "gilead", "2015-12"),
        derived_tie_id("licence", "galapagos", "abbvie", "2015-12-17"),
    }
    assert tie_id not in others and len(others) == 4


def test_one_rule_for_the_importer_the_frames_and_the_model_namespace():
    assert bioregion.model.derived_tie_id is derived_tie_id
    assert importer.derived_tie_id is derived_tie_id
    template = pd.DataFrame(
        {"kind": ["licence"], "source": ["galapagos"], "target": ["gilead"], "start": ["2015-12"]}
    )
    assert ties_frame(template).loc[0, "id"] == derived_tie_id(
        "licence", "galapagos", "gilead", "2015-12"
    )
