"""Import speed: synthetic sources, actors and ties CSVs into SQLite and PostgreSQL.

bioregion's ``import_files`` parses and validates every cell and reference, records
provenance, the batch and the change log, and upserts idempotently. It is compared, side by
side in the same run, with:

* raw ``sqlite3``: ``executemany`` of the very rows bioregion's store ends up with (read
  from its file before the timer) into the same tables, then the same indexes and
  triggers, one transaction: the floor of writing those rows (the issue's target);
* pandas ``read_csv`` + ``DataFrame.to_sql`` with pandas' DEFAULT method and chunksize
  (what users do by hand: no validation, no provenance), on SQLite and PostgreSQL.

Each side runs in its own process (peak memory is its own). Every repeat writes into a
fresh empty store / file / database made before the timer; imports and a warm-up import of
a tiny file set are done first. The unchanged re-import is timed on a store that already
holds the rows. A large import (``--big-ties``, one million by default) into SQLite is
timed on its own, with the peak memory of its process. See ``benchmarks/README.md``.

Usage: python benchmarks/import_speed.py [--ties 100000] [--actors 5000] [--postgres URL]
       [--big-ties 1000000] [--big-actors 20000] [--repeats 5] [--smoke] [--out PATH]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import uuid
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h

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
TIE_COLUMNS = [
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
#: Targets of issue 10, as multiples of the peer's time (bioregion / peer).
TARGETS = {
    "import_sqlite/raw_sqlite3": 1.5,
    "import_postgresql/pandas_to_sql": 1.0,
}
#: Targets of issue 10 in seconds and megabytes (at the full sizes: 100k and 1M ties).
LIMITS = {
    "reimport_unchanged_sqlite": {"seconds": 1.0},
    "import_big_sqlite": {"seconds": 60.0, "peak_rss_mb": 2048.0},
}


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def make_files(folder: Path, n_ties: int, n_actors: int, seed: int = 7) -> list[Path]:
    """Seeded synthetic sources, actors and ties files in the import templates."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{k}.csv" for k in ("sources", "actors", "ties")]
    n_sources = min(1000, n_actors)
    _write(
        paths[0],
        ["id", "url", "title"],
        (
            [f"s{i}", f"https://example.org/press/{i}", f"Press release {i}"]
            for i in range(n_sources)
        ),
    )
    founded = rng.integers(1960, 1990, n_actors)
    _write(
        paths[1],
        ["id", "name", "kind", "founded", "country", "nuts", "sources"],
        (
            [
                f"a{i}",
                f"Actor {i} NV",
                ACTOR_KINDS[i % 5],
                int(founded[i]),
                "BE",
                BE_NUTS3[i % 9],
                f"s{i % n_sources}",
            ]
            for i in range(n_actors)
        ),
    )
    src = rng.integers(0, n_actors, n_ties)
    dst = (src + rng.integers(1, n_actors, n_ties)) % n_actors
    years, months = rng.integers(1990, 2025, n_ties), rng.integers(1, 13, n_ties)
    amounts = np.round(rng.lognormal(15, 2, n_ties), 2)
    _write(
        paths[2],
        TIE_COLUMNS,
        (
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
                f"s{i % n_sources}",
            ]
            for i in range(n_ties)
        ),
    )
    return paths


# -- child programs: setup untimed, then _harness.repeat(call) ---------------------------
#: Defines ``fresh(prefix) -> (store target, SQLAlchemy URL, drop)``: a new empty database.
SQLITE_BACKEND = """
import itertools
from pathlib import Path
_count = itertools.count()

def fresh(prefix):
    path = Path({folder!r}) / f"{{prefix}}-{{next(_count)}}.db"
    path.unlink(missing_ok=True)
    return str(path), f"sqlite:///{{path}}", lambda: path.unlink(missing_ok=True)
"""
POSTGRES_BACKEND = """
import uuid
from sqlalchemy import create_engine, text
from bioregion.store import database_url
_admin_url = database_url({admin!r})
_admin = create_engine(_admin_url, isolation_level="AUTOCOMMIT")

def fresh(prefix):
    name = "bioregion_bench_" + uuid.uuid4().hex[:8]
    with _admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{{name}}"'))

    def drop():
        with _admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{{name}}" WITH (FORCE)'))

    url = _admin_url.rsplit("/", 1)[0] + "/" + name
    return url, url, drop
"""

BIOREGION = """
from bioregion.io import import_files
from bioregion.store import Store
files, warm = {files!r}, {warm!r}
target, _, drop = fresh("warm-up")
with Store.open(target, create=True) as store:
    import_files(store, warm)
drop()
state = {{"n": 0}}

def before():
    state["target"], _, state["drop"] = fresh("bioregion")
    state["store"] = Store.open(state["target"], create=True)

def after(report):
    state["store"].close()
    assert report.counts["tie"]["created"] == {ties}, report.counts
    state["n"] += 1
    if {keep_last} and state["n"] == {repeats}:
        _harness.emit(info={{"kept_store": state["target"]}})
    else:
        state["drop"]()

_harness.repeat(lambda: import_files(state["store"], files), {repeats}, before=before, after=after)
"""

REIMPORT = """
from bioregion.io import import_files
from bioregion.store import Store
files, warm = {files!r}, {warm!r}
target, _, drop = fresh("reimport")
store = Store.open(target, create=True)
import_files(store, warm)
import_files(store, files)

def check(report):
    assert report.counts["tie"]["unchanged"] == {ties}, report.counts

_harness.repeat(lambda: import_files(store, files{options}), {repeats}, after=check)
store.close()
drop()
"""

BIG = """
from bioregion.io import import_files
from bioregion.store import Store
files = {files!r}
state = {{}}

def before():
    state["target"], _, state["drop"] = fresh("big")
    state["store"] = Store.open(state["target"], create=True)

def after(report):
    state["store"].close()
    state["drop"]()
    assert report.counts["tie"]["created"] == {ties}, report.counts

_harness.repeat(lambda: import_files(state["store"], files), {repeats}, before=before, after=after)
"""

RAW_SQLITE = """
import sqlite3
source = sqlite3.connect(f"file:{{{store!r}}}?mode=ro", uri=True)
schema = source.execute(
    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
    "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
).fetchall()
tables = [(name, sql) for kind, name, sql in schema if kind == "table"]
later = [sql for kind, _, sql in schema if kind != "table"]  # indexes, triggers, views
rows = {{name: source.execute(f'SELECT * FROM "{{name}}"').fetchall() for name, _ in tables}}
source.close()
Path({store!r}).unlink()
inserts = [
    (f'INSERT INTO "{{name}}" VALUES ({{", ".join("?" * len(rows[name][0]))}})', rows[name])
    for name, _ in tables
    if rows[name]
]
_harness.emit(info={{"rows": sum(map(len, rows.values())), "tables": len(tables),
                    "indexes_triggers_views": len(later)}})
state = {{}}

def before():
    path, _, state["drop"] = fresh("raw-sqlite3")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")
    for _, sql in tables:
        con.execute(sql)
    state["con"] = con

def call():
    con = state["con"]
    con.execute("BEGIN")
    for sql, values in inserts:
        con.executemany(sql, values)
    for sql in later:
        con.execute(sql)
    con.execute("COMMIT")

def after(_):
    state["con"].close()
    state["drop"]()

_harness.repeat(call, {repeats}, before=before, after=after)
"""

PANDAS = """
import pandas as pd
from pathlib import Path
from sqlalchemy import create_engine
files, warm = {files!r}, {warm!r}

def load(paths, engine):
    for path in paths:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame.to_sql("peer_" + Path(path).stem, engine, index=False)

_, url, drop = fresh("pandas-warm-up")
engine = create_engine(url)
load(warm, engine)
engine.dispose()
drop()
state = {{}}

def before():
    _, url, state["drop"] = fresh("pandas")
    state["engine"] = create_engine(url)
    state["engine"].connect().close()  # the pool holds a connection before the timer

def after(_):
    state["engine"].dispose()
    state["drop"]()

_harness.repeat(lambda: load(files, state["engine"]), {repeats}, before=before, after=after)
"""

PEERS = {
    "raw_sqlite3": (
        "sqlite3.executemany",
        "raw sqlite3 executemany of the same final rows (every table of bioregion's store "
        "after the import, read before the timer) into the same empty tables in one "
        "transaction, then the same indexes and triggers; synchronous=NORMAL as the store; "
        "no CSV parsing",
        True,
    ),
    "pandas_to_sql": (
        "pandas.to_sql",
        "pandas read_csv(dtype=str) + DataFrame.to_sql with the DEFAULT method and "
        "chunksize into a fresh database, engine connected before the timer; raw CSV columns "
        "as text, no validation, provenance or change log",
        False,
    ),
}


def run_backend(backend: str, prelude: str, ctx: dict) -> list[dict]:
    """bioregion's import and unchanged re-import on one backend, with its peers."""
    files = {k: ctx[k] for k in ("files", "warm", "repeats", "ties")}
    keep = backend == "sqlite"
    ours = h.time_child(prelude + BIOREGION.format(keep_last=keep, **files))
    peers = []
    if keep and "kept_store" in ours.get("info", {}):
        store = ours["info"].pop("kept_store")
        raw = RAW_SQLITE.format(store=store, repeats=ctx["repeats"])
        peers.append(("raw_sqlite3", h.time_child(prelude + raw)))
    peers.append(("pandas_to_sql", h.time_child(prelude + PANDAS.format(**files))))
    rows = []
    for key, timing in peers:
        name, how, same = PEERS[key]
        peer = h.peer_side(name, how, timing)
        row = h.result(f"import_{backend}/{key}", ctx["rows"], ours, peer, same_algorithm=same)
        rows.append(row)
    for name, options, note in (
        (
            "reimport_unchanged",
            "",
            "the same files again right after their import: every record unchanged, "
            "recorded from the last batch's fingerprint without reading the files; no peer",
        ),
        (
            "reimport_recheck",
            ", recheck=True",
            "the same with recheck=True: every file read, every record checked and "
            "compared with the store; no peer",
        ),
    ):
        again = h.time_child(prelude + REIMPORT.format(**files, options=options))
        rows.append(
            h.result(f"{name}_{backend}", ctx["rows"], again, None, same_algorithm=None)
            | {"note": note}
        )
    return rows


def run_big(prelude: str, ctx: dict) -> dict:
    """The large import into SQLite, with its peak memory (no peer)."""
    code = prelude + BIG.format(
        files=ctx["big_files"], ties=ctx["big_ties"], repeats=ctx["repeats"]
    )
    timing = h.time_child(code)
    note = f"{ctx['big_ties']} ties, {ctx['big_actors']} actors; peak memory of the process"
    row = h.result("import_big_sqlite", ctx["big_rows"], timing, None, same_algorithm=None)
    return row | {"note": note}


def headline(rows: list[dict], full_size: bool) -> dict:
    """Each target of the issue: bioregion's time as a multiple of the peer's, or in
    seconds and megabytes (judged only at the full sizes)."""
    out: dict[str, dict] = {}
    for row in rows:
        ours = row["bioregion"]
        if row["name"] in TARGETS and row["ratio"]:
            multiple = 1 / row["ratio"]
            limit = TARGETS[row["name"]]
            out[row["name"]] = {
                "time_multiple": multiple,
                "target_time_multiple_at_most": limit,
                "met": multiple <= limit,
            }
        elif row["name"].startswith(("reimport", "import_big")) and "median" in ours:
            found = {"seconds": ours["median"], "peak_rss_mb": ours.get("peak_rss_mb")}
            limits = LIMITS.get(row["name"])
            if limits and full_size:
                found["target_at_most"] = limits
                found["met"] = all(
                    found[k] is not None and found[k] <= v for k, v in limits.items()
                )
            out[row["name"]] = found
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=None)
    parser.add_argument("--actors", type=int, default=None)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BIOREGION_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
        ),
        help="admin URL of a PostgreSQL server ('' to skip)",
    )
    parser.add_argument("--big-ties", type=int, default=None, help="ties of the large import")
    parser.add_argument("--big-actors", type=int, default=None)
    h.add_common_arguments(parser)
    args = parser.parse_args()
    repeats = h.repeats_of(args)
    ties = args.ties or (2_000 if args.smoke else 100_000)
    actors = args.actors or (200 if args.smoke else 5_000)
    big_ties = args.big_ties or (20_000 if args.smoke else 1_000_000)
    big_actors = args.big_actors or (500 if args.smoke else 20_000)
    started = h.context()
    work = h.work_dir(args) / f"import-{uuid.uuid4().hex[:6]}"
    files = make_files(work / "data", ties, actors)
    warm = make_files(work / "warm", 100, 50)
    big = make_files(work / "big", big_ties, big_actors) if big_ties else []
    ctx = {
        "files": [str(p) for p in files],
        "warm": [str(p) for p in warm],
        "repeats": repeats,
        "ties": ties,
        "rows": ties + actors + min(1000, actors),
        "big_files": [str(p) for p in big],
        "big_ties": big_ties,
        "big_actors": big_actors,
        "big_rows": big_ties + big_actors + min(1000, big_actors),
    }
    rows: list[dict] = []
    skipped = {}
    for backend in ("sqlite", "postgresql"):
        if backend == "sqlite":
            prelude = SQLITE_BACKEND.format(folder=str(work))
        elif not args.postgres:
            skipped[backend] = "no --postgres URL"
            continue
        else:
            prelude = POSTGRES_BACKEND.format(admin=args.postgres)
        found = run_backend(backend, prelude, ctx)
        if all("error" in r["bioregion"] for r in found) and backend != "sqlite":
            skipped[backend] = found[0]["bioregion"]["error"][-500:]
            print(f"skipped {backend}: {skipped[backend]}", flush=True)
            continue
        if backend == "sqlite" and big:
            found.append(run_big(prelude, ctx))
        for row in found:
            print(h.show(row), flush=True)
        rows += found
    settings = {
        "smoke": args.smoke,
        "repeats": repeats,
        "ties": ties,
        "actors": actors,
        "rows_in_files": ctx["rows"],
        "seed": 7,
        "postgres": bool(args.postgres),
        "big_ties": big_ties,
        "big_actors": big_actors,
    }
    full_size = ties >= 100_000 and big_ties >= 1_000_000
    head = headline(rows, full_size) | ({"skipped": skipped} if skipped else {})
    h.write(h.output_path(args, "import"), "import_speed", settings, rows, head, started)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
