"""The REST API under load on loopback, side by side with a raw-SQL peer.

Two seeded synthetic stores (:func:`bioregion.datasets.synthetic.to_dataset`): one of
``--ties`` ties (default 100,000; about 12,500 actors) for the record endpoints, one of
``--network-ties`` ties among ``--network-actors`` actors (default 200,000 and 50,000)
for the network endpoint. Each server runs in its own process (uvicorn, one worker);
``wrk`` (Debian's package; two threads, ``--clients`` keep-alive connections, cycling
through the request list) sends requests for ``--seconds`` seconds and reports
throughput and latency percentiles; without wrk, ``--clients`` Python threads (httpx) do,
and take much of the CPU the server needs. Server and load generator share the
machine's two cores, as a loopback test does.

* record endpoints: the same requests on both sides (200 actors at even steps of the
  id order, seeded years): the first page of actors by name, one actor, one actor's ties,
  the ties of a five-year window, interleaved. The peer is a minimal FastAPI app over
  ``sqlite3`` answering each with one ``SELECT ... LIMIT 100`` (no filters in memory, no
  cursor, no ETag, no cited sources: it does less). The mixed load runs ``--rounds`` times
  per side, sides alternating, each on a fresh server; the figures are the medians, with
  every run kept; each kind alone runs once per side (``by_kind``);
* the network endpoint of the 50k-actor store: the first request (layout included,
  then cached per store version) and 20 requests for other years (layout reused), no peer;
* the dashboard in headless Chromium (Debian's, through Playwright): time until the whole
  network of that store is drawn, and synthetic graphs of 5k and 50k actors drawn in
  the page (software WebGL on this machine: no GPU).

Targets of issue 13: record endpoints >= 500 requests/s with p99 <= 50 ms; the network
of 50k actors p99 <= 500 ms. Results: ``benchmarks/results/web.json``.

Usage: python benchmarks/web_bench.py [--ties 100000] [--seconds 30] [--clients 8] [--smoke]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _harness

PEER = """
import sqlite3, sys, threading
from fastapi import FastAPI
import uvicorn
path, port = sys.argv[1], int(sys.argv[2])
local = threading.local()
def con():
    if not hasattr(local, "c"):
        local.c = sqlite3.connect("file:" + path + "?mode=ro", uri=True, check_same_thread=False)
        local.c.row_factory = sqlite3.Row
    return local.c
app = FastAPI()
@app.get("/actors")
def actors(offset: int = 0):
    rows = con().execute("SELECT * FROM actors ORDER BY name, id LIMIT 100 OFFSET ?", (offset,))
    return {"items": [dict(r) for r in rows]}
@app.get("/actors/{aid}")
def actor(aid: str):
    a = con().execute("SELECT * FROM actors WHERE id = ?", (aid,)).fetchone()
    t = con().execute("SELECT * FROM ties WHERE source_id = ? OR target_id = ?", (aid, aid))
    return {"actor": dict(a) if a else None, "ties": [dict(r) for r in t]}
@app.get("/ties")
def ties(actor: str = "", start: str = "", end: str = ""):
    if actor:
        q = "SELECT * FROM ties WHERE source_id = ? OR target_id = ? ORDER BY start_date LIMIT 100"
        rows = con().execute(q, (actor, actor))
    else:
        q = "SELECT * FROM ties WHERE start_date BETWEEN ? AND ? ORDER BY start_date LIMIT 100"
        rows = con().execute(q, (start, end))
    return {"items": [dict(r) for r in rows]}
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
"""

OURS = """
import sys
from bioregion.api import serve
serve(sys.argv[1], port=int(sys.argv[2]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(path: Path, ties: int, actors: int | None) -> dict:
    """The store (made once per size and kept in the work folder)."""
    if path.exists():
        from bioregion.store import Store

        with Store.open(path) as store:
            return store.counts()
    from bioregion.datasets.synthetic import to_dataset
    from bioregion.store import Store

    options = {"n_actors": actors} if actors else {}
    dataset = to_dataset(ties, seed=11, max_ties=ties, **options)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path, create=True) as store:
        store.write(dataset, label="synthetic")
        return store.counts()


def start(code: str, store: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", code, str(store), str(port)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/docs", timeout=1.0)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def load(base: str, urls: list[str], seconds: float, clients: int) -> dict:
    """Requests per second and latency percentiles of ``clients`` threads for ``seconds``."""
    import httpx

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        mine: list[float] = []
        with httpx.Client(base_url=base, timeout=30.0) as client:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                response = client.get(rng.choice(urls))
                mine.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(1000 * latencies[-1], 2),
    }


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load_wrk(base: str, urls: list[str], seconds: float, clients: int, work: Path) -> dict:
    """The same load with wrk (C, two threads, ``clients`` keep-alive connections): a
    load generator that does not take the CPU the server needs."""
    (work / "paths.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    (work / "paths.lua").write_text(WRK_SCRIPT, encoding="utf-8")
    command = ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["-s", str(work / "paths.lua"), base]
    env = {"WRK_PATHS": str(work / "paths.txt"), "PATH": "/usr/bin:/bin"}
    text = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", text, re.MULTILINE))
    return {
        "loader": "wrk",
        "requests": total,
        "errors": int(bad.group(1)) if bad else 0,
        "seconds": seconds,
        "requests_per_s": rps,
        "p50_ms": round(_ms(pct["50"]), 2),
        "p99_ms": round(_ms(pct["99"]), 2),
    }


#: The four kinds of record requests, as bioregion and the peer spell the same request.
KINDS = ("actor_page", "actor", "actor_ties", "tie_window")


def record_urls(store: Path, n: int = 200) -> dict[str, dict[str, list[str]]]:
    """The same requests for both sides, by kind: ``n`` actors taken at even steps of
    the id order and seeded years (so every run and both sides ask for the same rows)."""
    import sqlite3

    con = sqlite3.connect(store)
    ids = [r[0] for r in con.execute("SELECT id FROM actors ORDER BY id")]
    chosen = ids[:: max(1, len(ids) // n)][:n]
    rng = random.Random(5)
    years = [rng.randrange(1990, 2021) for _ in chosen]
    ours = {
        "actor_page": ["/api/actors?limit=100&sort=name"] * len(chosen),
        "actor": [f"/api/actors/{a}" for a in chosen],
        "actor_ties": [f"/api/ties?actor={a}&limit=100" for a in chosen],
        "tie_window": [f"/api/ties?from={y}&to={y + 4}&limit=100" for y in years],
    }
    peer = {
        "actor_page": ["/actors?offset=0"] * len(chosen),
        "actor": [f"/actors/{a}" for a in chosen],
        "actor_ties": [f"/ties?actor={a}" for a in chosen],
        "tie_window": [f"/ties?start={y}-01-01&end={y + 4}-12-31" for y in years],
    }
    return {"bioregion": ours, "peer": peer}


def mixed(urls: dict[str, list[str]]) -> list[str]:
    """The four kinds interleaved: one of each per actor."""
    return [u for group in zip(*(urls[k] for k in KINDS), strict=True) for u in group]


def run_load(base: str, urls: list[str], seconds: float, clients: int, work: Path) -> dict:
    if shutil.which("wrk"):
        return load_wrk(base, urls, seconds, clients, work)
    return {"loader": "python threads (httpx)", **load(base, urls, seconds, clients)}


def warm(base: str, urls: dict[str, list[str]]) -> None:
    """One request of each kind, waited for (what a server reads once per store version),
    then two seconds of the mixed load (connections, the rest of the caches)."""
    import httpx

    for kind in KINDS:
        httpx.get(base + urls[kind][0], timeout=120.0).raise_for_status()
    load(base, mixed(urls)[:50], 2.0, 2)


def record_rows(records: Path, rounds: int, seconds: float, clients: int) -> list[dict]:
    """The mixed load ``rounds`` times per side, the sides alternating (each round starts
    a fresh server), then each kind alone once per side; medians over the rounds."""
    urls = record_urls(records)
    runs: dict[str, list[dict]] = {"bioregion": [], "peer": []}
    kinds: dict[str, dict[str, dict]] = {"bioregion": {}, "peer": {}}
    for round_ in range(rounds):
        for side, code in (("bioregion", OURS), ("peer", PEER)):
            proc, base = start(code, records)
            try:
                warm(base, urls[side])
                runs[side].append(
                    run_load(base, mixed(urls[side]), seconds, clients, records.parent)
                )
                if round_ == 0:
                    for kind in KINDS:
                        kinds[side][kind] = run_load(
                            base, urls[side][kind], seconds / 3, clients, records.parent
                        )
            finally:
                proc.terminate()
                proc.wait()
            print(side, "round", round_ + 1, runs[side][-1], flush=True)
    out = []
    for side, timings in runs.items():
        medians = {
            key: statistics.median(t[key] for t in timings)
            for key in ("requests_per_s", "p50_ms", "p99_ms")
        }
        out.append(
            {
                "side": side,
                "load": "mixed",
                "rounds": len(timings),
                **medians,
                "runs": timings,
                "by_kind": kinds[side],
            }
        )
    return out


def network_rows(store: Path, requests: int) -> dict:
    import httpx

    proc, base = start(OURS, store)
    try:
        with httpx.Client(base_url=base, timeout=600.0) as client:
            t0 = time.perf_counter()
            first = client.get("/api/network")
            cold = time.perf_counter() - t0
            body = first.json()
            times = []
            for year in range(2000, 2000 + requests):
                t0 = time.perf_counter()
                assert client.get(f"/api/network?at={year % 38 + 1988}").status_code == 200
                times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            client.get("/api/network")
            warm_all = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait()
    times.sort()
    return {
        "nodes": len(body["nodes"]["id"]),
        "edges": len(body["edges"]["source"]),
        "first_request_s": round(cold, 2),
        "all_time_again_s": round(warm_all, 3),
        "yearly_requests": requests,
        "yearly_p50_ms": round(1000 * times[len(times) // 2], 1),
        "yearly_p99_ms": round(1000 * times[-1], 1),
    }


#: Times each synthetic graph is drawn (software WebGL varies by a second from run to run).
SYNTHETIC_RUNS = 5


def browser_rows(store: Path) -> dict:
    """Time to the first rendered network in headless Chromium (Debian's, driven by
    Playwright): the dashboard opening on the whole network of ``store`` (fetch, build,
    WebGL render; the layout already cached by a first request), and synthetic graphs of
    5,000 and 50,000 actors built and drawn in the page (no network fetch), each
    :data:`SYNTHETIC_RUNS` times: the median and every run."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return {"skipped": "needs Debian's chromium at /usr/bin/chromium"}
    import httpx
    from playwright.sync_api import sync_playwright

    proc, base = start(OURS, store)
    out: dict = {}
    try:
        if httpx.get(base + "/", timeout=10).status_code != 200:
            return {"skipped": "the dashboard is not built (make web)"}
        httpx.get(base + "/api/network", timeout=600)  # layout computed and cached
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t0 = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_function(
                "() => window.__bioregion && window.__bioregion.ready", timeout=600_000
            )
            out["store_network_ready_s"] = round(time.perf_counter() - t0, 2)
            out["store_network_nodes"] = page.evaluate("() => window.__bioregion.nodes")
            out["store_network_edges"] = page.evaluate("() => window.__bioregion.edges")
            for n in (5000, 50000):
                runs = [
                    page.evaluate(f"() => window.__bioregionSynthetic({n}, {2 * n})")
                    for _ in range(SYNTHETIC_RUNS)
                ]
                out[f"synthetic_{n}"] = {
                    "first_frame_ms_median": statistics.median(r["firstFrameMs"] for r in runs),
                    "runs": runs,
                }
            browser.close()
    finally:
        proc.terminate()
        proc.wait()
    out["renderer"] = "headless Chromium, software WebGL (no GPU)"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=100_000)
    parser.add_argument("--network-ties", type=int, default=200_000)
    parser.add_argument("--network-actors", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="mixed-load runs per side")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--out", type=Path, default=_harness.RESULTS / "web.json")
    args = parser.parse_args()
    if args.smoke:
        args.ties, args.network_ties, args.network_actors, args.seconds = 2000, 4000, 1000, 2
        args.rounds = 1
        args.out = _harness.SMOKE_DIR / "web.json"
    started = _harness.context()
    work = Path(__file__).resolve().parent / ".work" / "web"
    records = work / f"records-{args.ties}.db"
    big = work / f"network-{args.network_ties}-{args.network_actors}.db"
    counts = build(records, args.ties, None)
    network_counts = build(big, args.network_ties, args.network_actors)
    results = record_rows(records, args.rounds, args.seconds, args.clients)
    network = network_rows(big, 20)
    print("network", network, flush=True)
    rendering = browser_rows(big)
    print("browser", rendering, flush=True)
    ours, peer = results
    headline = {
        "record_endpoints_requests_per_s": ours["requests_per_s"],
        "record_endpoints_p50_ms": ours["p50_ms"],
        "record_endpoints_p99_ms": ours["p99_ms"],
        "peer_requests_per_s": peer["requests_per_s"],
        "throughput_ratio_ours_to_peer": round(ours["requests_per_s"] / peer["requests_per_s"], 3),
        "figures": f"medians of {args.rounds} alternating runs of {args.seconds:g} s per side",
        "target_records": ">= 500 requests/s, p99 <= 50 ms",
        "network_nodes": network["nodes"],
        "network_yearly_p99_ms": network["yearly_p99_ms"],
        "network_first_request_s": network["first_request_s"],
        "target_network": "p99 <= 500 ms for 50k nodes",
        "browser_first_render": rendering,
        "target_browser": "first network render of 50k nodes <= 3 s",
    }
    settings = {
        "ties": args.ties,
        "store_counts": counts,
        "network_store_counts": network_counts,
        "seconds": args.seconds,
        "clients": args.clients,
        "rounds": args.rounds,
    }
    _harness.write(
        args.out,
        "web",
        settings,
        [*results, {"side": "network", **network}, {"side": "browser", **rendering}],
        headline,
        started,
    )


if __name__ == "__main__":
    main()
