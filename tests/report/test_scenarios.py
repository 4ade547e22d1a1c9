"""The report's section on a simulation's policy scenarios (from bioregion simulate's
effects table): present only when given, with the effects, their intervals and a figure."""

from __future__ import annotations

import re

import pytest

from bioregion.errors import ArgumentError
from bioregion.report import build_report
from bioregion.simulate import Population, Scenario, ScenarioEvent
from bioregion.simulate.replicates import Arm, Experiment, effects, run_experiment


@pytest.fixture(scope="module")
def effects_csv(tmp_path_factory):
    more = Scenario("more-spin-offs", events=(ScenarioEvent(1995, scale={"spinoff_support": 3.0}),))
    experiment = Experiment(
        Population(nuts=("BE2",), firms=3, pharma_global=10),
        1990,
        2010,
        arms=(Arm("baseline"), Arm("more-spin-offs", more)),
    )
    table = effects(run_experiment(experiment, 30, seed=2))
    path = tmp_path_factory.mktemp("sim") / "effects.csv"
    table.to_csv(path, index=False)
    return path, table


def test_the_scenario_section_shows_the_effects_with_intervals(small_store, tmp_path, effects_csv):
    path, table = effects_csv
    store = small_store()
    page = build_report(
        store, region="BE2", period=(1995, 2010), out_dir=tmp_path, scenario_effects=path, workers=0
    ).read_text(encoding="utf-8")
    section = page[page.index('id="scenarios"') :]
    section = section[: section.index("</section>")]
    assert "Policy scenarios (simulation)" in section
    assert "more-spin-offs" in section and "<img" in section
    row = table[(table["arm"] == "more-spin-offs") & (table["statistic"] == "firms_total")].iloc[0]
    assert f"{row['effect']:+.3g}" in section  # the effect as the table gives it
    assert row["ci_low"] > 0  # tripled spin-off support: more firms, clearly
    assert re.search(r"Scenario more-spin-offs raises the firms founded by", page)


def test_no_scenario_section_without_results(small_store, tmp_path):
    page = build_report(
        small_store(), region="BE2", period=(1995, 2010), out_dir=tmp_path, workers=0
    ).read_text(encoding="utf-8")
    assert 'id="scenarios"' not in page


def test_a_file_that_is_not_an_effects_table_is_refused(small_store, tmp_path):
    bad = tmp_path / "runs.csv"
    bad.write_text("arm,replicate,firms_total\nbaseline,0,3\n", encoding="utf-8")
    with pytest.raises(ArgumentError, match=r"runs\.csv: not an effects table"):
        build_report(
            small_store(),
            region="BE2",
            period=(1995, 2010),
            out_dir=tmp_path / "r",
            scenario_effects=bad,
            workers=0,
        )
    assert not (tmp_path / "r" / "report.html").exists()
