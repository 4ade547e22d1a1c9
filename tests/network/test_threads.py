"""Thread limits of the compiled libraries under the measures (issue 10: no thread stalls).

igraph's PageRank runs on OpenMP; with other busy processes its threads stalled a snapshot
pipeline 8x. bioregion now runs these libraries on one thread unless BIOREGION_THREADS,
set_threads or thread_limit say otherwise, applied around each compiled call only.
"""

from __future__ import annotations

import os
import subprocess
import sys

import igraph as ig
import numpy as np
import pytest
from threadpoolctl import threadpool_info

import bioregion.network as bn
from bioregion.errors import ArgumentError
from bioregion.network import _threads


def openmp_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "openmp"]


@pytest.fixture(autouse=True)
def _fresh_setting(monkeypatch):
    monkeypatch.delenv("BIOREGION_THREADS", raising=False)
    monkeypatch.setitem(_threads._setting, "threads", _threads._UNSET)


def test_one_thread_by_default_and_the_environment_overrides(monkeypatch):
    assert bn.get_threads() == 1
    monkeypatch.setenv("BIOREGION_THREADS", "3")
    assert bn.get_threads() == 3
    monkeypatch.setenv("BIOREGION_THREADS", "0")
    assert bn.get_threads() is None  # the libraries' own settings
    monkeypatch.setenv("BIOREGION_THREADS", "two")
    with pytest.raises(ArgumentError, match="BIOREGION_THREADS='two'"):
        bn.get_threads()


def test_set_threads_returns_the_previous_setting_and_blocks_nest(monkeypatch):
    monkeypatch.setenv("BIOREGION_THREADS", "4")
    assert bn.set_threads(2) == 4
    assert bn.get_threads() == 2
    with bn.thread_limit(3):
        assert bn.get_threads() == 3
        with bn.thread_limit(None):
            assert bn.get_threads() is None
        assert bn.get_threads() == 3
    assert bn.get_threads() == 2
    assert bn.set_threads(None) == 2
    assert bn.get_threads() is None


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_a_bad_number_of_threads_is_refused(bad):
    with pytest.raises(ArgumentError, match="number of threads >= 1"):
        bn.set_threads(bad)
    with pytest.raises(ArgumentError, match="number of threads >= 1"), bn.thread_limit(bad):
        pass


def test_the_limit_holds_inside_compiled_calls_and_is_restored_after():
    if not openmp_threads():
        pytest.skip("no OpenMP runtime loaded")
    before = openmp_threads()
    with bn.thread_limit(1), _threads.compiled_threads():
        assert set(openmp_threads()) == {1}
    with bn.thread_limit(2), _threads.compiled_threads():
        assert set(openmp_threads()) == {2}
    with bn.thread_limit(None), _threads.compiled_threads():
        assert openmp_threads() == before
    assert openmp_threads() == before  # nothing outside bioregion's calls changes


def test_pagerank_is_the_same_on_one_or_several_threads():
    rng = np.random.default_rng(3)  # one 3000-actor component: PRPACK's parallel path
    g = ig.Graph(3000, rng.integers(0, 3000, (12_000, 2)).tolist()).simplify()
    g.vs["name"] = [f"a{i}" for i in range(g.vcount())]
    with bn.thread_limit(1):
        one = bn.pagerank(g)["pagerank"].to_numpy()
    with bn.thread_limit(2):
        two = bn.pagerank(g)["pagerank"].to_numpy()
    np.testing.assert_allclose(one, two, rtol=1e-9, atol=1e-12)
    assert one.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("env", "loaded", "expected"),
    [
        ({"BIOREGION_THREADS": "2"}, False, "PASSIVE"),
        ({}, False, None),
        ({"BIOREGION_THREADS": "1"}, False, None),
        ({"BIOREGION_THREADS": "0"}, False, None),
        ({"BIOREGION_THREADS": "2", "OMP_WAIT_POLICY": "ACTIVE"}, False, "ACTIVE"),
        ({"BIOREGION_THREADS": "2"}, True, None),  # too late: the runtime has started
    ],
)
def test_several_threads_make_waiting_threads_sleep_when_set_in_time(
    monkeypatch, env, loaded, expected
):
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if not loaded:
        monkeypatch.delitem(sys.modules, "igraph")
    assert _threads.prefer_passive_wait() == (expected == "PASSIVE")
    assert os.environ.get("OMP_WAIT_POLICY") == expected


def test_importing_the_network_package_sets_the_policy_before_igraph_loads():
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    code = "import os, bioregion.network\nprint(os.environ.get('OMP_WAIT_POLICY'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "BIOREGION_THREADS": "2"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "PASSIVE"
