"""Replicates and scenario effects, in this process and on a real Dask scheduler with two
workers on loopback (the same seeds give the same runs wherever they run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bioregion.simulate import Population, Scenario, ScenarioEvent
from bioregion.simulate.replicates import Arm, Experiment, effects, run_experiment

REGION = Population(nuts=("BE21", "BE22"), firms=3, pharma_global=15)
SEED_MONEY = Scenario("seed", events=(ScenarioEvent(1995, levers={"seed_funding": 4.0}),))
EXPERIMENT = Experiment(REGION, 1990, 2010, arms=(Arm("baseline"), Arm("seed", SEED_MONEY)))


def test_replicates_are_reproducible_and_arms_share_their_seeds():
    first = run_experiment(EXPERIMENT, 6, seed=3, batch=4)
    again = run_experiment(EXPERIMENT, 6, seed=3, batch=5)
    assert len(first) == 12 and list(first["arm"].unique()) == ["baseline", "seed"]
    pd.testing.assert_frame_equal(first[["arm", "firms_total"]], again[["arm", "firms_total"]])
    base = first[first["arm"] == "baseline"]
    scen = first[first["arm"] == "seed"]
    # until 1995 both arms of a replicate are the same run
    for (_, b), (_, s) in zip(base.iterrows(), scen.iterrows(), strict=True):
        np.testing.assert_array_equal(b["alliances"][:5], s["alliances"][:5])


def test_effects_are_paired_differences_with_bands():
    runs = run_experiment(EXPERIMENT, 20, seed=1)
    table = effects(runs).set_index(["arm", "statistic"])
    row = table.loc[("seed", "survival_5y")]
    base = runs[runs["arm"] == "baseline"]["survival_5y"].to_numpy()
    scen = runs[runs["arm"] == "seed"]["survival_5y"].to_numpy()
    assert row["effect"] == pytest.approx(np.nanmean(scen - base))
    assert row["effect_low"] <= row["effect"] <= row["effect_high"]
    diff = scen - base
    diff = diff[~np.isnan(diff)]
    half = 1.959964 * diff.std(ddof=1) / np.sqrt(len(diff))
    assert row["ci_low"] == pytest.approx(diff.mean() - half)
    assert row["effect_low"] <= row["ci_low"] <= row["ci_high"] <= row["effect_high"]
    assert row["effect"] > 0  # more seed money: more firms survive five years
    assert table.loc[("baseline", "firms_total"), "effect"] == 0


@pytest.fixture(scope="module")
def dask_scheduler(tmp_path_factory):
    pytest.importorskip("distributed", reason="the simulate extra (Dask) is not installed")
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen(
        [
            bin_dir / "dask",
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(file),
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = []
    try:
        for _ in range(300):
            if file.exists() and json.loads(file.read_text() or "{}").get("address"):
                break
            time.sleep(0.1)
        for _ in range(2):
            workers.append(
                subprocess.Popen(
                    [
                        bin_dir / "dask",
                        "worker",
                        "--scheduler-file",
                        str(file),
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    cwd=folder,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield file
    finally:
        for proc in [*workers, scheduler]:
            proc.terminate()
        for proc in [*workers, scheduler]:
            proc.wait(timeout=30)


def test_runs_on_a_dask_scheduler_give_the_same_results(dask_scheduler):
    from distributed import Client

    with Client(scheduler_file=str(dask_scheduler), timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
        assert len(client.scheduler_info()["workers"]) == 2
        distributed = run_experiment(EXPERIMENT, 8, seed=5, client=client, batch=2)
    here = run_experiment(EXPERIMENT, 8, seed=5)
    columns = ["arm", "replicate", "firms_total", "alliances_total", "survival_5y"]
    pd.testing.assert_frame_equal(distributed[columns], here[columns])
