"""The report: the Belgian report and a report on a 100k-tie synthetic region.

Three rows, each in its own fresh process (see ``benchmarks/README.md``):

* ``belgian_report``: the shipped Belgian dataset is loaded into an in-memory store
  before the timer; the timed call is what ``bioregion report`` and ``bioregion demo``
  run on a loaded store: :func:`bioregion.report.main_job.report_with_partners` (the
  Flanders report compared with Wallonia and Brussels, 1987-2017, red-biotech NBFs,
  written to ``report.html``, and the two headline tables). One untimed warm-up report
  is built first (fonts, templates), so the repeats are alike;
* ``belgian_demo_end_to_end``: ``bioregion demo --out TMP`` as a subprocess, timed from
  start to exit: interpreter start, imports, loading the dataset, the report, the printed
  tables; what a user waits for (one untimed warm-up run first, for the ``.pyc`` files);
* ``synthetic_report``: the same call on a ``--ties`` synthetic network
  (:func:`bioregion.datasets.synthetic.generate` with ``tags=True``, 1987-2017, seed 7),
  imported from CSV template files into an in-memory store before the timer; the report of
  Flanders compared with Wallonia and Brussels over the whole period, red-biotech NBFs.
  The warm-up is a report on a 2,000-tie network of the same generator.

No peer exists (no other library writes this report): ``peer`` is null. Before and after a
change, run the script on each version (``--baseline`` puts the medians of an earlier
results file next to the new ones). The synthetic CSV files are written once into the work
folder and reused, so that two versions of the code report on the same files (their
SHA-256 are recorded). The report draws its figures and its interval draws in forked
worker processes where the machine has more than one CPU (``bioregion.report.workers``);
each row's ``info`` says how many (``report_workers``) and the CPU seconds of each timed
call, workers included (``cpu_seconds``); ``--workers N`` sets
``BIOREGION_REPORT_WORKERS`` for the children (0: everything in the report's process).

Usage: python benchmarks/report_bench.py [--ties 100000] [--cap 1800] [--repeats 5]
       [--only NAME ...] [--workers N] [--baseline FILE] [--smoke] [--out PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h

SEED = 7
PERIOD = (1987, 2017)
WARM_TIES = 2_000
#: Targets of issue 10 (seconds): the Belgian report as users wait for it, the synthetic one.
TARGETS = {"belgian_demo_end_to_end": 4.0, "synthetic_report": 60.0}

WORKERS = """
import resource

CPU = []  # CPU seconds of each timed call: the process, its figure workers, its children


def cpu_now():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_before():
    CPU.append(-cpu_now())


def cpu_after(_result):
    CPU[-1] += cpu_now()
    _harness.emit(info={{"cpu_seconds": CPU}})


try:
    from bioregion.report.workers import default_workers
except ImportError:  # a version that does everything in the report's process
    def default_workers():
        return 0
_harness.emit(info={{"report_workers": default_workers()}})
"""

BELGIAN = """
import tempfile
from bioregion.datasets import load
from bioregion.report import main_job

store = load("belgium")
out = tempfile.mkdtemp(prefix="report-bench-")


def measured():
    return main_job.report_with_partners(
        store, out, region=main_job.REGION, compare=main_job.COMPARE,
        period=main_job.PERIOD, sector=main_job.SECTOR,
    )


path = measured()[0]  # warm-up: fonts, templates, caches of the libraries
counts = store.counts()
_harness.emit(info={{"ties": counts.get("tie"), "actors": counts.get("actor"),
                    "report_bytes": path.stat().st_size}})
_harness.repeat(measured, {repeats}, before=cpu_before, after=cpu_after)
"""

DEMO = """
import re, resource, subprocess, sys, tempfile
from pathlib import Path

exe = Path(sys.executable).with_name("bioregion")
command = [str(exe)] if exe.exists() else [sys.executable, "-m", "bioregion.cli"]
out = tempfile.mkdtemp(prefix="report-bench-demo-")


def measured():
    proc = subprocess.run([*command, "demo", "--out", out], capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stdout[-1500:] + proc.stderr[-1500:])
    return proc.stdout


def after(stdout):
    said = re.findall(r"done in [^\\n]*", stdout)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    _harness.emit(info={{"demo_says": said[-1] if said else "", "demo_peak_rss_mb": children}})
    cpu_after(stdout)


measured()  # warm-up: .pyc files, disk cache
_harness.repeat(measured, {repeats}, before=cpu_before, after=after)
"""

SYNTHETIC = """
import tempfile
from bioregion.io import import_files
from bioregion.report import main_job
from bioregion.store import Store


def stored(files):
    store = Store.open(":memory:", create=True)
    import_files(store, files, label="synthetic")
    return store


warm, store = stored({warm!r}), stored({files!r})
out = tempfile.mkdtemp(prefix="report-bench-synthetic-")


def measured(data=store):
    return main_job.report_with_partners(
        data, out, region="flanders", compare=("flanders", "wallonia", "brussels"),
        period={period!r}, sector="red_biotech",
    )


measured(warm)  # warm-up on a small network of the same generator
counts = store.counts()
_harness.emit(info={{"ties": counts.get("tie"), "actors": counts.get("actor")}})
_harness.repeat(measured, {repeats}, before=cpu_before, after=cpu_after)
"""


def synthetic_files(work: Path, n_ties: int) -> tuple[list[str], str]:
    """CSV template files of the synthetic network (made once, then reused) and the
    SHA-256 of their contents."""
    folder = work / f"synthetic-{n_ties}-seed{SEED}-{PERIOD[0]}-{PERIOD[1]}"
    done = folder / "DONE"
    if not done.exists():
        from bioregion.datasets.synthetic import to_dataset
        from bioregion.io import export_tables

        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        dataset = to_dataset(
            n_ties,
            seed=SEED,
            max_ties=max(n_ties, 100_000),
            start_year=PERIOD[0],
            end_year=PERIOD[1],
            tags=True,
        )
        export_tables(dataset, folder, format="csv")
        done.write_text("complete\n")
    files = sorted(p for p in folder.glob("*.csv"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return [str(p) for p in files], digest.hexdigest()


def run_row(name: str, size: int, code: str, cap: float, note: str, workers: str | None) -> dict:
    """One row without a peer (``workers``: the children's report workers, None: default)."""
    env = {"BIOREGION_REPORT_WORKERS": workers} if workers is not None else None
    ours = h.time_child(WORKERS.format() + code, cap, env=env)
    row = h.result(name, size, ours, None, same_algorithm=None, note=note)
    if ours.get("capped"):
        row["bioregion"]["capped"] = True
    return row


def with_baseline(rows: list[dict], baseline: Path | None) -> None:
    """Put the medians of an earlier results file (same row names) next to the rows."""
    if baseline is None:
        return
    before = json.loads(baseline.read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in before.get("results", [])}
    for row in rows:
        old = by_name.get(row["name"], {}).get("bioregion", {})
        if "median" not in old or "median" not in row["bioregion"]:
            continue
        row["baseline"] = {
            "file": str(baseline),
            "commit": before.get("versions", {}).get("bioregion_git_commit"),
            **{k: old.get(k) for k in ("median", "min", "max", "repeats", "capped")},
            "speedup": old["median"] / row["bioregion"]["median"],
        }


def headline(rows: list[dict]) -> dict:
    """Each target of issue 10: the median in seconds, the target and whether it is met."""
    out: dict = {}
    for row in rows:
        ours = row["bioregion"]
        entry = {"seconds": ours.get("median"), "capped": bool(ours.get("capped"))}
        if row["name"] in TARGETS:
            limit = TARGETS[row["name"]]
            met = ours.get("median") is not None and not ours.get("capped")
            entry |= {"target_seconds_at_most": limit, "met": met and ours["median"] <= limit}
        if "baseline" in row:
            entry |= {
                "baseline_seconds": row["baseline"]["median"],
                "speedup": row["baseline"]["speedup"],
            }
        out[row["name"]] = entry
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=None, help="ties of the synthetic network")
    parser.add_argument("--cap", type=float, default=None, help="seconds per timed call")
    parser.add_argument(
        "--only", nargs="+", default=None, help="only these rows (belgian_report, ...)"
    )
    parser.add_argument("--baseline", type=Path, default=None, help="earlier results file")
    parser.add_argument(
        "--workers",
        default=None,
        help="BIOREGION_REPORT_WORKERS for the children (default: the library's choice)",
    )
    h.add_common_arguments(parser)
    args = parser.parse_args()
    repeats = h.repeats_of(args)
    n_ties = args.ties or (WARM_TIES if args.smoke else 100_000)
    cap = args.cap or (120.0 if args.smoke else 1800.0)
    started = h.context()
    work = h.work_dir(args)
    chosen = set(args.only or ("belgian_report", "belgian_demo_end_to_end", "synthetic_report"))
    workers = args.workers
    settings: dict = {
        "smoke": args.smoke,
        "repeats": repeats,
        "cap_seconds": cap,
        "ties": n_ties,
        "period": list(PERIOD),
        "seed": SEED,
        "bioregion_source": _source(),
        "report_workers_env": args.workers,
    }
    rows: list[dict] = []
    if "belgian_report" in chosen:
        note = (
            "main_job.report_with_partners on the Belgian dataset loaded before the timer "
            "(report.html and the headline tables); no peer"
        )
        code = BELGIAN.format(repeats=repeats)
        rows.append(run_row("belgian_report", _belgian_ties(), code, cap, note, workers))
        print(h.show(rows[-1]), flush=True)
    if "belgian_demo_end_to_end" in chosen:
        note = "`bioregion demo` as a subprocess, start to exit (what users wait for); no peer"
        code = DEMO.format(repeats=repeats)
        rows.append(run_row("belgian_demo_end_to_end", _belgian_ties(), code, cap, note, workers))
        print(h.show(rows[-1]), flush=True)
    if "synthetic_report" in chosen:
        files, digest = synthetic_files(work, n_ties)
        warm, _ = synthetic_files(work, WARM_TIES)
        settings["synthetic_files_sha256"] = digest
        note = (
            "main_job.report_with_partners on a synthetic network imported before the "
            "timer (Flanders vs Wallonia and Brussels, red-biotech NBFs); no peer"
        )
        code = SYNTHETIC.format(files=files, warm=warm, period=PERIOD, repeats=repeats)
        rows.append(run_row("synthetic_report", n_ties, code, cap, note, workers))
        print(h.show(rows[-1]), flush=True)
    with_baseline(rows, args.baseline)
    h.write(h.output_path(args, "report"), "report", settings, rows, headline(rows), started)


def _belgian_ties() -> int:
    """Rows of the Belgian dataset's tie files."""
    import csv

    from bioregion.datasets import dataset_files

    ties = [p for p in dataset_files("belgium") if p.name.startswith("ties")]
    return sum(sum(1 for _ in csv.DictReader(p.open(encoding="utf-8"))) for p in ties)


def _source() -> str:
    import bioregion

    return str(Path(bioregion.__file__).resolve().parent)


if __name__ == "__main__":
    main()
