"""Shared benchmark harness: repeated timings in child processes, one results shape.

The parent side (:func:`time_child`) starts a fresh interpreter for one side of one
measure, so that its peak memory is its own, and collects the timings it streams back.
The child side (:func:`repeat`) runs a prepared call ``repeats`` times and times nothing
but the call: data loading, graph conversion, store creation and imports happen in the
child's setup code or in the ``before``/``after`` hooks, outside the timer. A call that
runs past the cap is stopped; its time is recorded as the cap (a lower bound) and the
side is marked ``capped``. Next to the wall-clock times each side records the CPU seconds
of its process per call (``cpu_median``, ``cpu_times``; all its threads): on a machine
other jobs keep busy, wall time stretches while single-threaded CPU time barely moves.

The results file of every benchmark has one shape (see ``benchmarks/README.md``)::

    {"benchmark", "machine", "versions", "threads", "settings", "results": [...], "headline"}

This module imports only the standard library, so children can import it cheaply.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import json
import math
import os
import platform
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SMOKE_DIR = Path(tempfile.gettempdir()) / "bioregion-bench-smoke"
MIN_REPEATS = 5
#: A repeat of a quicker call loops it (timeit-style) to last about this long.
MIN_REPEAT_SECONDS = 0.05
MAX_LOOPS = 10_000
#: Seconds a child may spend outside timed calls (loading, generating, creating stores).
SETUP_LIMIT = 3600.0
_TAG = "BENCH "
RATIO = "peer median / bioregion median: > 1 means bioregion is faster, < 1 slower"
VERSIONED = (
    "numpy",
    "scipy",
    "pandas",
    "igraph",
    "leidenalg",
    "networkx",
    "SQLAlchemy",
    "psycopg",
    "bioregion",
)
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OMP_WAIT_POLICY",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BIOREGION_THREADS",
)


# -- child side ------------------------------------------------------------------------
def emit(**record: Any) -> None:
    """Send one record to the parent (a tagged JSON line on stdout)."""
    print(_TAG + json.dumps(record), flush=True)


def repeat(
    call: Callable[[], Any],
    repeats: int,
    *,
    before: Callable[[], Any] | None = None,
    after: Callable[[Any], Any] | None = None,
    min_seconds: float = MIN_REPEAT_SECONDS,
) -> None:
    """Time ``call()`` ``repeats`` times; ``before``/``after(result)`` run untimed.

    Without hooks, a call quicker than ``min_seconds`` is looped (as :mod:`timeit` does)
    so that one repeat lasts about ``min_seconds``; the time reported is per call. The
    first call decides: when it is slower it counts as the first repeat, when quicker it
    was a full-size warm-up and is dropped.
    """
    number, done = 1, 0
    if before is None:
        emit(start=-1)
        t0, c0 = time.perf_counter(), time.process_time()
        result = call()
        first, first_cpu = time.perf_counter() - t0, time.process_time() - c0
        if after is not None:
            after(result)
        if first >= min_seconds:
            emit(seconds=first, cpu_seconds=first_cpu)
            done = 1
        else:
            number = min(MAX_LOOPS, max(1, math.ceil(min_seconds / max(first, 1e-7))))
            emit(probe=first)
        del result
    emit(calls_per_repeat=number)
    for _ in range(done, repeats):
        if before is not None:
            before()
        emit(start=number)
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(number):
            result = call()
        seconds = (time.perf_counter() - t0) / number
        emit(seconds=seconds, cpu_seconds=(time.process_time() - c0) / number)
        if after is not None:
            after(result)
        del result
    import resource

    emit(peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


CHILD_PRELUDE = f"import sys\nsys.path.insert(0, {str(HERE)!r})\nimport _harness\n"


# -- parent side -----------------------------------------------------------------------
def summary(times: list[float], capped: bool = False) -> dict[str, Any]:
    """Median, min and max of repeated timings (seconds)."""
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "repeats": len(times),
        "times": times,
        "capped": capped,
    }


def _stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _records(proc: subprocess.Popen, cap: float | None) -> Iterable[dict | None]:
    """The child's records; ``None`` once a timed call passes ``cap`` (child stopped)."""
    deadline = time.monotonic() + SETUP_LIMIT
    buffer = b""
    fd = proc.stdout.fileno()
    while True:
        wait = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(wait, 0.0))
        if not ready:
            yield None
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            text = line.decode(errors="replace")
            if not text.startswith(_TAG):
                continue
            record = json.loads(text[len(_TAG) :])
            if "start" in record and cap is not None:  # the cap is per call
                deadline = time.monotonic() + cap * max(1, record["start"])
            elif "seconds" in record or "probe" in record:
                deadline = time.monotonic() + SETUP_LIMIT
            yield record


def child_env(changes: dict[str, str | None] | None) -> dict[str, str] | None:
    """The environment of a child: this one with ``changes`` (None removes a variable)."""
    if not changes:
        return None
    env = dict(os.environ)
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def time_child(
    code: str, cap: float | None = None, *, env: dict[str, str | None] | None = None
) -> dict[str, Any]:
    """Run ``code`` (which calls :func:`repeat`) in a fresh interpreter; its timings.

    ``env`` changes the child's environment (a value None removes the variable).
    Returns :func:`summary` plus ``peak_rss_mb`` and any ``info`` the child emitted, or
    ``{"error": ...}`` when the child failed before timing anything.
    """
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD_PRELUDE + code],
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
            env=child_env(env),
        )
        times: list[float] = []
        cpu: list[float] = []
        extra: dict[str, Any] = {}
        capped = False
        for record in _records(proc, cap):
            if record is None:
                capped = True
                times.append(cap if cap is not None else SETUP_LIMIT)
                break
            if "seconds" in record:
                times.append(record["seconds"])
                if "cpu_seconds" in record:
                    cpu.append(record["cpu_seconds"])
            elif "peak_rss_mb" in record or "calls_per_repeat" in record:
                extra.update(record)
            elif "info" in record:
                extra.setdefault("info", {}).update(record["info"])
        if capped:
            _stop(proc)
        else:
            proc.wait()
        err.seek(0)
        message = err.read().decode(errors="replace")[-3000:]
    if not times or (proc.returncode and not capped):
        return {"error": message or f"child exited with {proc.returncode}", **extra}
    if cpu:  # CPU seconds of the child (all its threads) per call: load-independent-ish
        extra |= {"cpu_median": statistics.median(cpu), "cpu_times": cpu}
    return {**summary(times, capped), **extra}


def time_children(
    codes: list[str], cap: float | None = None, *, env: dict[str, str | None] | None = None
) -> list[dict[str, Any]]:
    """Run several children at the same time (:func:`time_child` each); their timings.

    The children start together; code that must overlap for its whole timed part should
    wait for the others itself (see ``network_bench.py``'s concurrent pipeline).
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, len(codes))) as pool:
        return list(pool.map(lambda code: time_child(code, cap, env=env), codes))


def ratio(ours: dict | None, peer: dict | None) -> float | None:
    """Peer median over bioregion median, or None when either side is missing."""
    if not ours or not peer or "median" not in ours or "median" not in peer:
        return None
    return peer["median"] / ours["median"] if ours["median"] > 0 else None


def result(
    name: str,
    size: int,
    ours: dict,
    peer: dict | None,
    *,
    same_algorithm: bool | None,
    **extra: Any,
) -> dict[str, Any]:
    """One row of ``results``: both sides, the ratio and whether it is like for like."""
    ours = {k: v for k, v in ours.items() if k != "capped" and v != {}}
    return {
        "name": name,
        "size": size,
        "bioregion": ours,
        "peer": peer,
        "ratio": ratio(ours, peer),
        "same_algorithm": same_algorithm,
        **extra,
    }


def peer_side(name: str, how: str, timing: dict) -> dict[str, Any]:
    """The peer block of a row: its name, how it was made tight, its timings."""
    return {"name": name, "how": how, **timing}


def suite(rows: list[dict]) -> dict[str, Any]:
    """Suite ratio (sum of peer medians / sum of bioregion medians), with and without capped.

    Only rows with both sides timed and ``same_algorithm`` true count; the others are listed.
    """
    timed = [r for r in rows if r["ratio"] is not None]
    fair = [r for r in timed if r["same_algorithm"]]
    uncapped = [r for r in fair if not r["peer"].get("capped")]

    def total(chosen: list[dict]) -> dict[str, Any]:
        ours = sum(r["bioregion"]["median"] for r in chosen)
        peer = sum(r["peer"]["median"] for r in chosen)
        return {
            "ratio": peer / ours if ours > 0 else None,
            "bioregion_seconds": ours,
            "peer_seconds": peer,
            "measures": [r["name"] for r in chosen],
        }

    return {
        "with_capped": {**total(fair), "peer_is_lower_bound": len(uncapped) < len(fair)},
        "without_capped": total(uncapped),
        "capped": [r["name"] for r in fair if r["peer"].get("capped")],
        "excluded_not_same_algorithm": [r["name"] for r in timed if not r["same_algorithm"]],
        "excluded_not_timed": [r["name"] for r in rows if r["ratio"] is None],
    }


# -- context: machine, versions, threads -------------------------------------------------
def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 2)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, OS and the load when the run started."""
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = None
    return {
        "cpu_model": _cpu_model(),
        "cores_logical": os.cpu_count(),
        "cores_available": affinity,
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "python_implementation": platform.python_implementation(),
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def _git_commit() -> str | None:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None


def versions() -> dict[str, str | None]:
    """Python and the installed versions of the libraries that are timed."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name.lower()] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name.lower()] = None
    found["bioregion_git_commit"] = _git_commit()
    return found


def threads() -> dict[str, Any]:
    """Thread settings: environment variables and, when installed, threadpoolctl's view."""
    info: dict[str, Any] = {"env": {name: os.environ.get(name) for name in THREAD_VARS}}
    probe = (
        "import json, numpy, scipy.sparse.linalg, igraph\n"
        "from threadpoolctl import threadpool_info\n"
        "print(json.dumps(threadpool_info()))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    if proc.returncode == 0:
        info["threadpoolctl"] = json.loads(proc.stdout)
    else:
        info["threadpoolctl"] = "not installed (pip install threadpoolctl to record pools)"
    probe = "import bioregion.network as bn\nprint(bn.get_threads())\n"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    if proc.returncode == 0:
        info["bioregion_threads"] = json.loads(proc.stdout.strip().replace("None", "null"))
        info["bioregion_threads_note"] = (
            "threads bioregion's compiled calls (igraph's OpenMP PageRank, OpenBLAS) use: "
            "BIOREGION_THREADS, else 1; null = the libraries' own settings"
        )
    return info


# -- command line and output ------------------------------------------------------------
def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repeats", type=int, default=None, help=f"timed calls per side (>= {MIN_REPEATS})"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, 2 repeats, output under /tmp"
    )
    parser.add_argument("--out", type=Path, default=None, help="results file to write")


def repeats_of(args: argparse.Namespace) -> int:
    """The number of repeats: >= 5 for a real run, 2 by default for a smoke run."""
    if args.repeats is None:
        return 2 if args.smoke else MIN_REPEATS
    if args.repeats < MIN_REPEATS and not args.smoke:
        raise SystemExit(
            f"--repeats must be at least {MIN_REPEATS} (got {args.repeats}); "
            "use --smoke for a quick check of the harness"
        )
    if args.repeats < 1:
        raise SystemExit("--repeats must be at least 1")
    return args.repeats


def output_path(args: argparse.Namespace, stem: str) -> Path:
    """Where to write: ``--out``, else results/ (real run) or /tmp (smoke run)."""
    if args.out is not None:
        return args.out
    return (SMOKE_DIR if args.smoke else RESULTS) / f"{stem}.json"


def work_dir(args: argparse.Namespace) -> Path:
    """Scratch folder for generated inputs and stores (under /tmp for a smoke run)."""
    path = SMOKE_DIR / "work" if args.smoke else HERE / ".work"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(
    path: Path,
    benchmark: str,
    settings: dict,
    results: list[dict],
    headline: dict,
    started: dict,
) -> None:
    """Write the results file in the shared shape."""
    out = {
        "benchmark": benchmark,
        "machine": started["machine"],
        "versions": started["versions"],
        "threads": started["threads"],
        "settings": {
            **settings,
            "started": started["started"],
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "command": [Path(sys.argv[0]).name, *sys.argv[1:]],
        },
        "results": results,
        "headline": {"ratio_definition": RATIO, **headline},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}", flush=True)


def context() -> dict[str, Any]:
    """Machine, versions and threads, taken when the run starts."""
    return {
        "machine": machine(),
        "versions": versions(),
        "threads": threads(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def show(row: dict) -> str:
    """One printed line for a row."""
    ours, peer = row["bioregion"], row["peer"] or {}

    def side(s: dict) -> str:
        if "median" not in s:
            return "error" if "error" in s else "-"
        cap = ">= " if s.get("capped") else ""
        ms = [f"{s[k] * 1000:.3g}" for k in ("median", "min", "max")]
        cpu = f" (cpu {s['cpu_median'] * 1000:.3g})" if "cpu_median" in s else ""
        return f"{cap}{ms[0]} ms [{ms[1]}-{ms[2]}]{cpu} x{s['repeats']}"

    shown = f"{row['ratio']:.2f}x" if row["ratio"] is not None else "n/a"
    flag = "" if row["same_algorithm"] in (True, None) else " (different algorithm)"
    return (
        f"{row['size']:>9,} {row['name']:28s} bioregion {side(ours)} | "
        f"{peer.get('name', 'no peer')} {side(peer)} | {shown}{flag}"
    )
