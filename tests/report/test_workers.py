"""Figures drawn and indicators computed by forked workers are those the report's own
process draws and computes."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import re

import pandas as pd
import pytest

from bioregion import system
from bioregion.datasets.synthetic import generate
from bioregion.errors import ArgumentError
from bioregion.network import TemporalNetwork
from bioregion.report import build_report, figures
from bioregion.report.workers import ENV_WORKERS, Workers, default_workers

FRAME = pd.DataFrame({"a": [1.0, 3.0], "b": [2.0, 0.5]}, index=["x", "y"])
PARENT = os.getpid()
needs_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="processes cannot be forked"
)


def dies_in_a_worker(frame: pd.DataFrame) -> str:
    """A figure whose worker process dies (it is drawn in the report's process then)."""
    if os.getpid() != PARENT:
        os._exit(3)
    return figures.grouped_hbar(frame, title="t", xlabel="x")


def _same(a: tuple, b: tuple) -> bool:
    return all(x == y or (x != x and y != y) for x, y in zip(a, b, strict=True))  # NaN


def dies_with_the_network(net, **kwargs):
    """An indicator whose worker process dies (it is computed here then)."""
    if os.getpid() != PARENT:
        os._exit(3)
    return system.triple_helix_interval(net, **kwargs)


def test_without_workers_a_figure_is_drawn_at_once():
    with Workers(workers=0) as drawer:
        uri = drawer.draw(figures.grouped_hbar, FRAME, title="t", xlabel="x")
    assert uri.startswith("data:image/png;base64,") and "@" not in uri


@needs_fork
def test_a_worker_draws_the_same_bytes():
    inline = figures.grouped_hbar(FRAME, title="t", xlabel="x")
    with Workers(workers=2) as drawer:
        first = drawer.draw(figures.grouped_hbar, FRAME, title="t", xlabel="x")
        second = drawer.draw(figures.lines, FRAME, title="t", ylabel="y")
        assert first.startswith("data:image/png;base64,@") and first != second
        page = drawer.finish(f"<img src='{first}'><img src='{second}'>")
    assert page == f"<img src='{inline}'><img src='{figures.lines(FRAME, title='t', ylabel='y')}'>"


@needs_fork
def test_a_figure_whose_worker_died_is_drawn_here():
    with Workers(workers=1) as drawer:
        key = drawer.draw(dies_in_a_worker, FRAME)
        assert drawer.finish(key) == figures.grouped_hbar(FRAME, title="t", xlabel="x")


@needs_fork
def test_a_worker_computes_the_same_interval_on_the_shared_network():
    actors, ties = generate(600, seed=3, end_year=2017, tags=True)
    net = TemporalNetwork(ties, actors)
    kwargs = dict(region="flanders", period=(1990, 2017), n_resamples=300, seed=5)
    direct = dataclasses.astuple(system.triple_helix_interval(net, **kwargs))
    with Workers(workers=2) as pool:
        assert pool.compute(system.triple_helix_interval, **kwargs) is None  # not shared
        pool.share(net)
        pending = pool.compute(system.triple_helix_interval, **kwargs)
        with pytest.raises(ArgumentError, match="share"):
            pool.share(net)  # the workers have started
        assert _same(dataclasses.astuple(pending.result()), direct)
        dying = pool.compute(dies_with_the_network, **kwargs)
        assert _same(dataclasses.astuple(dying.result()), direct)
    with Workers(workers=0) as pool:
        pool.share(net)
        assert pool.compute(system.triple_helix_interval, **kwargs) is None


def test_workers_from_the_environment(monkeypatch):
    monkeypatch.setenv(ENV_WORKERS, "0")
    assert default_workers() == 0 and Workers().workers == 0
    monkeypatch.setenv(ENV_WORKERS, "two")
    with pytest.raises(ArgumentError, match=ENV_WORKERS):
        default_workers()
    with pytest.raises(ArgumentError, match="workers"):
        Workers(workers=-1)


def test_a_report_is_the_same_with_and_without_workers(small_store, tmp_path):
    store = small_store()
    pages = []
    for workers in (0, 2):
        path = build_report(
            store,
            region="BE2",
            compare=("BE2", "BE3"),
            period=(2000, 2012),
            out_dir=tmp_path / str(workers),
            workers=workers,
        )
        text = path.read_text(encoding="utf-8")
        assert "@figure-" not in text
        pages.append(re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", text))
    assert pages[0] == pages[1]
