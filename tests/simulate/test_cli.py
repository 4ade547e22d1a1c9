"""``bioregion simulate``: a baseline and scenarios from files, replicated, with effects."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from bioregion import Store
from bioregion.cli import app
from bioregion.datasets import load
from bioregion.simulate.setup import region_population

runner = CliRunner()


def test_simulate_prints_each_arms_statistics_and_effects(tmp_path):
    scenario = tmp_path / "seed.toml"
    scenario.write_text(
        'name = "double-seed"\n[[events]]\nyear = 1992\nlevers = { seed_funding = 4.0 }\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "simulate",
            "--region",
            "wallonia",
            "--from",
            "1990",
            "--to",
            "2005",
            "--replicates",
            "8",
            "--workers",
            "0",
            "--scenario",
            str(scenario),
            "--out",
            str(out),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output[result.output.index("[") :])
    arms = {r["arm"] for r in rows}
    assert arms == {"baseline", "double-seed"}
    survival = next(
        r for r in rows if r["arm"] == "double-seed" and r["statistic"] == "survival_5y"
    )
    assert survival["replicates"] == 8 and survival["effect_low"] <= survival["effect_high"]
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 16 and {"firms_total", "alliances_total"} <= set(runs.columns)
    assert (out / "effects.csv").exists()


def test_simulate_says_what_is_wrong_with_a_scenario(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[events]]\nyear = 2000\nlevers = { cash = 1 }\n", encoding="utf-8")
    result = runner.invoke(app, ["simulate", "--workers", "0", "--scenario", str(bad)])
    assert result.exit_code == 1
    assert "no lever cash" in result.output and "bad.toml" in result.output


def test_the_population_is_counted_in_the_store(tmp_path):
    with Store.open(tmp_path / "be.db", create=True) as store:
        load("belgium", store)
        early = region_population("flanders", store, 1987)
        late = region_population("flanders", store, 2020)
    assert early.nuts == ("BE2",)
    assert early.universities >= 4 and early.pharma_local >= 1  # KU Leuven, UGent...; Janssen
    assert late.firms > 3 * early.firms and late.clusters >= 1  # FlandersBio
    assert "US" in early.abroad and early.pharma_global > 20
