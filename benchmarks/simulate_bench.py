"""The agent-based model's speed: against Mesa, on Dask, and for 1,000 replicates.

* **per agent-step at 10k agents**: the vectorised engine (:mod:`bioregion.simulate`)
  and the straightforward Mesa implementation of the same rules (``mesa_peer.py``,
  shown equal in distribution by ``tests/simulate/test_mesa_peer.py``) run the same
  population (about 10,000 agents: 9,000 firms, 400 pharma companies abroad, academia,
  investors, agencies) for 10 years; each run's wall time is divided by its agent-steps
  (agents alive, summed over the years). Runs alternate between the sides, each with its
  own seed; the figures are medians of the process's CPU time per agent-step (both sides
  run in one thread; wall time, also kept, stretches when other jobs share the machine).
  Target of issue 14: >= 50x.
* **Dask sweep efficiency on 2 workers**: ``--replicates`` runs of the Flanders baseline
  (population counted in the Belgian dataset, 1987-2026, 40 years) in this process, then
  on a local Dask cluster of two single-threaded worker processes (started before the
  clock); efficiency = serial time / (2 x cluster time). The scheduler, the client and
  both workers share the machine's two cores. Target: >= 80%.
* **1,000 replicates** of that 40-year Flanders run on the same cluster, with summary
  statistics. Target: <= 10 minutes.

Results: ``benchmarks/results/simulate.json``.

Usage: python benchmarks/simulate_bench.py [--replicates 200] [--smoke]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness
from mesa_peer import agent_steps, run_mesa

from bioregion.simulate import Population, simulate
from bioregion.simulate.replicates import Experiment, run_experiment

TEN_K = Population(
    nuts=("BE2",),
    firms=9000,
    pharma_global=400,
    pharma_local=20,
    universities=60,
    institutes=30,
    investors_local=100,
    investors_global=300,
    agencies=10,
)


def per_agent_step(population: Population, years: int, runs: int) -> list[dict]:
    """Microseconds per agent-step of each side, alternating runs."""
    times: dict[str, list[float]] = {"bioregion": [], "peer": []}
    walls: dict[str, list[float]] = {"bioregion": [], "peer": []}
    steps: dict[str, list[int]] = {"bioregion": [], "peer": []}
    simulate(population, start=2000, end=2001, seed=99)  # imports, caches
    for i in range(runs):
        for side in ("bioregion", "peer"):
            started, cpu = time.perf_counter(), time.process_time()
            if side == "bioregion":
                run = simulate(population, start=2000, end=2000 + years - 1, seed=i)
            else:
                run = run_mesa(population, 2000, 2000 + years - 1, seed=i)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            n = agent_steps(run)
            times[side].append(cpu / n * 1e6)
            walls[side].append(seconds / n * 1e6)
            steps[side].append(n)
            print(side, f"run {i}: {seconds:.3f} s, {n} agent-steps", flush=True)
    rows = []
    for side in times:
        rows.append(
            {
                "side": side,
                "measure": "per_agent_step",
                "implementation": "vectorised numpy engine"
                if side == "bioregion"
                else "Mesa, one object per agent",
                "us_per_agent_step_median": round(statistics.median(times[side]), 3),
                "us_per_agent_step": [round(t, 3) for t in times[side]],
                "wall_us_per_agent_step_median": round(statistics.median(walls[side]), 3),
                "wall_us_per_agent_step": [round(t, 3) for t in walls[side]],
                "agent_steps": steps[side],
                "mean_agents_per_step": round(statistics.mean(steps[side]) / years),
                "years": years,
            }
        )
    return rows


def flanders() -> Population:
    """The Flanders population of 1987, counted in the Belgian dataset."""
    from bioregion import Store
    from bioregion.datasets import load
    from bioregion.simulate.setup import region_population

    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "be.db", create=True) as store,
    ):
        load("belgium", store)
        return region_population("flanders", store, 1987)


def sweeps(population: Population, replicates: int, thousand: int) -> dict:
    from distributed import Client, LocalCluster

    experiment = Experiment(population, 1987, 2026)
    run_experiment(experiment, 4, seed=1)  # warm this process
    started = time.perf_counter()
    serial = run_experiment(experiment, replicates, seed=2, batch=25)
    t_serial = time.perf_counter() - started
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        run_experiment(experiment, 8, seed=1, client=client, batch=4)  # warm the workers
        started = time.perf_counter()
        spread = run_experiment(experiment, replicates, seed=2, client=client, batch=25)
        t_cluster = time.perf_counter() - started
        started = time.perf_counter()
        big = run_experiment(experiment, thousand, seed=3, client=client, batch=25)
        t_thousand = time.perf_counter() - started
    same = bool((serial["firms_total"].to_numpy() == spread["firms_total"].to_numpy()).all())
    return {
        "side": "bioregion",
        "measure": "dask",
        "replicates": replicates,
        "serial_s": round(t_serial, 2),
        "cluster_2_workers_s": round(t_cluster, 2),
        "efficiency": round(t_serial / (2 * t_cluster), 3),
        "same_results_as_serial": same,
        "thousand_replicates": thousand,
        "thousand_s": round(t_thousand, 2),
        "thousand_firms_total_mean": round(float(big["firms_total"].mean()), 2),
        "years": "1987-2026",
        "population": str(population),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5, help="runs per side at 10k agents")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", type=Path, default=_harness.RESULTS / "simulate.json")
    args = parser.parse_args()
    population, years, thousand = TEN_K, 10, 1000
    if args.smoke:
        population = Population(nuts=("BE2",), firms=300, pharma_global=40, investors_global=30)
        years, args.runs, args.replicates, thousand = 5, 2, 8, 16
        args.out = _harness.SMOKE_DIR / "simulate.json"
    started = _harness.context()
    rows = per_agent_step(population, years, args.runs)
    dask = sweeps(flanders(), args.replicates, thousand)
    print("dask", dask, flush=True)
    ours, peer = rows
    headline = {
        "us_per_agent_step": ours["us_per_agent_step_median"],
        "mesa_us_per_agent_step": peer["us_per_agent_step_median"],
        "speedup_vs_mesa": round(
            peer["us_per_agent_step_median"] / ours["us_per_agent_step_median"], 1
        ),
        "target_speedup": ">= 50x per agent-step at 10k agents",
        "dask_efficiency_2_workers": dask["efficiency"],
        "target_efficiency": ">= 0.8",
        "thousand_replicates_s": dask["thousand_s"],
        "target_thousand": "<= 600 s for 1,000 replicates of a 40-year Flanders run",
    }
    settings = {
        "runs": args.runs,
        "years": years,
        "replicates": args.replicates,
        "population": str(population),
    }
    _harness.write(args.out, "simulate", settings, [*rows, dask], headline, started)


if __name__ == "__main__":
    main()
