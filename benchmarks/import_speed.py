"""Import speed: 100k ties from CSV into SQLite and PostgreSQL, against a plain peer.

bioregion's import validates every cell and reference, records provenance and the
batch, and upserts idempotently. The peer is what users do by hand today: pandas
``read_csv`` then ``DataFrame.to_sql`` (no validation, no provenance). Each measurement
runs in its own process so that peak memory (max RSS) is its own. Results go to
``benchmarks/results/import.json``.

Usage: python benchmarks/import_speed.py [--ties 100000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS = HERE / "results"
KINDS = [
    "licence",
    "option",
    "rd_collaboration",
    "co_development",
    "equity_investment",
    "acquisition",
    "grant",
    "spin_off",
    "service",
]
ACTOR_KINDS = ["biotech_firm", "pharma", "university", "research_institute", "investor"]
BE_NUTS3 = ["BE211", "BE212", "BE213", "BE241", "BE242", "BE234", "BE310", "BE332", "BE100"]


def make_files(n_ties: int, n_actors: int, seed: int = 7) -> dict[str, Path]:
    """Seeded synthetic actors, sources and ties files in the import templates."""
    rng = np.random.default_rng(seed)
    WORK.mkdir(exist_ok=True)
    paths = {k: WORK / f"{k}.csv" for k in ("sources", "actors", "ties")}
    with paths["sources"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "url", "title"])
        w.writerows(
            [f"s{i}", f"https://example.org/press/{i}", f"Press release {i}"] for i in range(1000)
        )
    founded = rng.integers(1960, 1990, n_actors)
    with paths["actors"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "kind", "founded", "country", "nuts", "sources"])
        for i in range(n_actors):
            w.writerow(
                [
                    f"a{i}",
                    f"Actor {i} NV",
                    ACTOR_KINDS[i % 5],
                    int(founded[i]),
                    "BE",
                    BE_NUTS3[i % 9],
                    f"s{i % 1000}",
                ]
            )
    src = rng.integers(0, n_actors, n_ties)
    dst = (src + rng.integers(1, n_actors, n_ties)) % n_actors
    years = rng.integers(1990, 2025, n_ties)
    months = rng.integers(1, 13, n_ties)
    amounts = np.round(rng.lognormal(15, 2, n_ties), 2)
    with paths["ties"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "id",
                "kind",
                "source",
                "target",
                "start",
                "stage",
                "upfront",
                "currency",
                "description",
                "sources",
            ]
        )
        for i in range(n_ties):
            w.writerow(
                [
                    f"t{i}",
                    KINDS[i % len(KINDS)],
                    f"a{src[i]}",
                    f"a{dst[i]}",
                    f"{years[i]}-{months[i]:02d}",
                    "preclinical" if i % 3 else "",
                    amounts[i] if i % 4 == 0 else "",
                    "EUR" if i % 4 == 0 else "",
                    f"synthetic tie {i}",
                    f"s{i % 1000}",
                ]
            )
    return paths


def _run(code: str) -> dict:
    """Run a measurement in a fresh process; it prints one JSON line."""
    wrapped = (
        code + "\nimport resource, json\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps(dict(result, peak_rss_mb=peak)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapped], capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bioregion_import(target: str, paths: dict[str, Path], label: str) -> dict:
    code = f"""
import time
from bioregion import Store
from bioregion.io import import_files
files = {[str(p) for p in paths.values()]!r}
with Store.open({target!r}, create=True) as store:
    t0 = time.perf_counter(); report = import_files(store, files); first = time.perf_counter() - t0
    t0 = time.perf_counter(); again = import_files(store, files); second = time.perf_counter() - t0
created = report.counts["tie"]["created"]
assert created > 0 and again.counts["tie"]["unchanged"] == created
result = dict(tool="bioregion", target={label!r}, seconds=first, reimport_seconds=second,
              ties=report.counts["tie"]["created"])
"""
    return _run(code)


def pandas_peer(url: str, paths: dict[str, Path], label: str) -> dict:
    code = f"""
import time, pandas as pd
from sqlalchemy import create_engine
engine = create_engine({url!r})
t0 = time.perf_counter()
for name, path in {[(k, str(v)) for k, v in paths.items()]!r}:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.to_sql("peer_" + name, engine, if_exists="replace", index=False, chunksize=5000,
                 method="multi" if engine.dialect.name == "postgresql" else None)
seconds = time.perf_counter() - t0
result = dict(tool="pandas.to_sql", target={label!r}, seconds=seconds, ties=len(frame))
"""
    return _run(code)


def _postgres_db(admin_url: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    from bioregion.store import database_url

    admin = create_engine(database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"bioregion_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return database_url(admin_url).rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=5_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BIOREGION_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    paths = make_files(args.ties, args.actors)
    rows = args.ties + args.actors + 1000
    runs = []
    for target in ("sqlite", "postgresql"):
        if target == "sqlite":
            db = WORK / f"bench-{uuid.uuid4().hex[:6]}.db"
            ours, peer_url, cleanup = str(db), f"sqlite:///{WORK / 'peer.db'}", db.unlink
        else:
            try:
                ours, cleanup = _postgres_db(args.postgres)
            except Exception as exc:  # no server: say so in the results
                runs.append({"target": target, "skipped": f"no PostgreSQL server: {exc}"})
                continue
            peer_url = ours
        mine = bioregion_import(ours, paths, target)
        peer = pandas_peer(peer_url, paths, target)
        cleanup()
        for run in (mine, peer):
            run["rows_per_second"] = rows / run["seconds"]
        runs.append(
            {
                "target": target,
                "bioregion": mine,
                "peer": peer,
                "time_ratio_bioregion_over_peer": mine["seconds"] / peer["seconds"],
            }
        )
        print(
            f"{target:10s} bioregion {mine['seconds']:6.2f} s "
            f"({mine['rows_per_second']:,.0f} rows/s,"
            f" re-import {mine['reimport_seconds']:.2f} s, {mine['peak_rss_mb']:.0f} MB) | "
            f"pandas.to_sql {peer['seconds']:6.2f} s ({peer['rows_per_second']:,.0f} rows/s, "
            f"{peer['peak_rss_mb']:.0f} MB) | ratio {mine['seconds'] / peer['seconds']:.2f}x",
            flush=True,
        )
    RESULTS.mkdir(exist_ok=True)
    out = {
        "benchmark": "import_speed",
        "ties": args.ties,
        "actors": args.actors,
        "rows": rows,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "runs": runs,
    }
    (RESULTS / "import.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'import.json'}")


if __name__ == "__main__":
    main()
