"""``bioregion simulate`` and ``bioregion calibrate``: the agent-based model of a region,
calibrated on its history, and replicates of its baseline and of policy scenarios."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from bioregion.cli._app import (
    BusyTimeoutOption,
    DbOption,
    FormatOption,
    app,
    open_store,
    state,
)
from bioregion.cli._render import emit, out, staged_progress
from bioregion.errors import ArgumentError

#: Where the runs go: a local Dask cluster of N workers (0: here) or a scheduler.
WorkersOption = Annotated[
    int, typer.Option(min=0, metavar="N", help="Workers of a local Dask cluster; 0: run here.")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(metavar="ADDRESS", help="A Dask scheduler to run on (tcp://host:8786)."),
]


@app.command()
def simulate(
    region: Annotated[
        str, typer.Option(metavar="REGION", help="Named region or NUTS code the model is of.")
    ] = "flanders",
    scenario: Annotated[
        list[Path] | None,
        typer.Option(metavar="FILE", help="A scenario file (TOML or JSON); repeat for more."),
    ] = None,
    replicates: Annotated[int, typer.Option(min=1, metavar="N", help="Runs per arm.")] = 20,
    start: Annotated[int, typer.Option("--from", metavar="YEAR", help="First year.")] = 1987,
    end: Annotated[int, typer.Option("--to", metavar="YEAR", help="Last year.")] = 2026,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed of the replicates.")] = 0,
    workers: WorkersOption = 2,
    scheduler: SchedulerOption = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Write runs.csv and effects.csv there."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="A baseline written by bioregion calibrate."),
    ] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Run the agent-based model of a region: a baseline and each scenario, REPLICATES
    times with the same seeds, and print each statistic's mean, its 95% band and each
    scenario's effect against the baseline (the band of the paired differences).

    The region's starting population (universities, institutes, investors, agencies,
    cluster organisations, pharma at home and abroad) is counted in the store (--db) at
    the first year; without a store, a generic population is used."""
    from bioregion.simulate import load_scenario
    from bioregion.simulate.replicates import Arm, Experiment, effects, run_experiment
    from bioregion.simulate.setup import region_population

    if end < start:
        raise ArgumentError(f"--to {end} comes before --from {start}")
    arms = [Arm("baseline")] + [Arm(s.name, s) for s in map(load_scenario, scenario or [])]
    if len({a.name for a in arms}) < len(arms):
        raise ArgumentError("two scenarios have the same name: give each its own name")
    given = db or state.db or os.environ.get("BIOREGION_DB")
    population = region_population(region, open_store(given) if given else None, start)
    options = {}
    if baseline is not None:
        from bioregion.simulate.calibrate import load_baseline

        options["params"], options["levers"] = load_baseline(baseline)
    experiment = Experiment(population, start, end, arms=tuple(arms), **options)
    with _client(workers, scheduler) as client, staged_progress() as progress:
        runs = run_experiment(experiment, replicates, seed=seed, client=client, progress=progress)
    table = effects(runs)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        scalar = runs[[c for c in runs.columns if runs[c].dtype != object or c == "arm"]]
        scalar.to_csv(out_dir / "runs.csv", index=False)
        table.to_csv(out_dir / "effects.csv", index=False)
        out.print(f"wrote {out_dir / 'runs.csv'} and {out_dir / 'effects.csv'}")
    records = table.round(4).to_dict("records")
    emit(records, list(table.columns), f"simulated {region}, {start}-{end}", fmt)


@app.command()
def calibrate(
    region: Annotated[
        str, typer.Option(metavar="REGION", help="Named region or NUTS code to calibrate on.")
    ] = "flanders",
    start: Annotated[int, typer.Option("--from", metavar="YEAR", help="First year fitted.")] = 1987,
    end: Annotated[int, typer.Option("--to", metavar="YEAR", help="Last year fitted.")] = 2012,
    until: Annotated[
        int | None,
        typer.Option(metavar="YEAR", help="Validate on the years after --to up to this one."),
    ] = 2025,
    draws: Annotated[int, typer.Option(min=10, metavar="N", help="Parameter sets drawn.")] = 2000,
    accept: Annotated[
        float, typer.Option(min=0.001, max=1.0, metavar="SHARE", help="Share of draws kept.")
    ] = 0.03,
    seed: Annotated[int, typer.Option(metavar="SEED", help="Seed of the draws.")] = 0,
    workers: WorkersOption = 2,
    scheduler: SchedulerOption = None,
    baseline_file: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="Write the baseline (JSON) there."),
    ] = None,
    fmt: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Calibrate the model on a region's history in the store (approximate Bayesian
    computation on eight moments: new firms, alliances, venture investments and grants
    per year, share acquired, share of global pharma partners, concentration of pharma
    deals, degree Gini), print the estimates with their ranges and identifiability, the
    fit, and the prediction of the later years against what happened."""
    from bioregion.network import TemporalNetwork
    from bioregion.simulate.calibrate import calibrate as run_calibration
    from bioregion.simulate.calibrate import observed_moments, save_baseline, validate
    from bioregion.simulate.setup import region_population

    if end < start or (until is not None and until < end):
        raise ArgumentError("give --from <= --to <= --until")
    store = open_store(db)
    network = TemporalNetwork.from_store(store)
    observed = observed_moments(network, region, start, end)
    population = region_population(region, store, start)
    later = until if until and until > end else None
    with _client(workers, scheduler) as client, staged_progress() as progress:
        result = run_calibration(
            observed,
            population,
            start,
            end,
            region=region,
            draws=draws,
            accept=accept,
            seed=seed,
            until=later,
            client=client,
            progress=progress,
        )
    tables = [("parameters", result.parameters()), ("fit", result.fit())]
    validation = None
    if later:
        validation = validate(result, observed_moments(network, region, end + 1, later))
        tables.append((f"prediction of {end + 1}-{later}", validation))
    for title, table in tables:
        records = table.round(4).to_dict("records")
        emit(records, list(table.columns), f"{region} {start}-{end}: {title}", fmt)
    if baseline_file is not None:
        save_baseline(result, baseline_file, validation)
        out.print(f"wrote {baseline_file}: bioregion simulate --baseline {baseline_file}")


@contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client on the scheduler given, or on a local cluster of ``workers``
    processes (closed afterwards), or None (``workers`` 0: run here)."""
    if scheduler is None and workers == 0:
        yield None
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ArgumentError(
            "Dask is not installed: pip install 'bioregion[simulate]', or give --workers 0"
        ) from None
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client
