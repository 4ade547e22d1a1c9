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


def test_calibrate_writes_a_baseline_that_simulate_uses(tmp_path):
    db = tmp_path / "be.db"
    with Store.open(db, create=True) as store:
        load("belgium", store)
    baseline = tmp_path / "flanders.json"
    result = runner.invoke(
        app,
        [
            "--db",
            str(db),
            "calibrate",
            "--region",
            "flanders",
            "--from",
            "1995",
            "--to",
            "2005",
            "--until",
            "2010",
            "--draws",
            "30",
            "--accept",
            "0.2",
            "--workers",
            "0",
            "--out",
            str(baseline),
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(baseline.read_text())
    assert body["region"] == "flanders" and body["accepted"] == 6
    assert {r["moment"] for r in body["fit"]} >= {"alliances_per_year", "global_share"}
    assert len(body["validation"]) == 8
    assert body["parameters"]["spinoff_rate"] == body["estimate"]["spinoff_rate"]
    simulated = runner.invoke(
        app,
        [
            "simulate",
            "--baseline",
            str(baseline),
            "--from",
            "1995",
            "--to",
            "2000",
            "--replicates",
            "2",
            "--workers",
            "0",
            "-f",
            "json",
        ],
    )
    assert simulated.exit_code == 0, simulated.output
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")
    failed = runner.invoke(app, ["simulate", "--baseline", str(broken), "--workers", "0"])
    assert failed.exit_code == 1 and "not a baseline" in failed.output
