"""Network measures: bioregion (igraph + numpy/scipy) against a NetworkX peer, same graphs.

For each size (ties of the seeded synthetic alliance generator) the cumulative network is
written once as an edge list with a group (region) per actor. Then every measure runs
in a fresh process per tool, so that times and peak memory (max RSS) are each tool's
own: bioregion's implementation, and the peer — NetworkX where it has the measure,
straightforward Python over NetworkX for Gould–Fernandez brokerage and the E-I index.
A peer measure that runs past ``--timeout`` seconds is stopped and reported as a lower
bound. The 1M-tie run then times all yearly snapshots 1987–2025 with degree, PageRank,
k-core and E-I. Results: ``benchmarks/results/network.json``.

Usage: python benchmarks/network_bench.py [--sizes 10000 100000] [--big 1000000] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS = HERE / "results"

#: measure name -> (bioregion call, NetworkX peer call); both see `g` (their graph) and
#: `groups` (actor -> region). The undirected view is used except where noted.
MEASURES: dict[str, tuple[str, str]] = {
    "degree": ("centrality.degree(g)", "dict(g.degree())"),
    "pagerank": ("centrality.pagerank(g)", "nx.pagerank(g)"),
    "eigenvector": ("centrality.eigenvector(g)", "nx.eigenvector_centrality(g, max_iter=1000)"),
    "harmonic_closeness": ("centrality.harmonic_closeness(g)", "nx.harmonic_centrality(g)"),
    "betweenness_sampled_500": (
        "centrality.betweenness(g, sample=min(500, g.vcount()), seed=1)",
        "nx.betweenness_centrality(g, k=min(500, len(g)), seed=1)",
    ),
    "k_core": ("centrality.k_core(g)", "nx.core_number(nx.Graph(g))"),
    "clustering": ("centrality.clustering(g)", "nx.clustering(g)"),
    "components": ("structure.components(g)", "list(nx.connected_components(g))"),
    "assortativity_degree": (
        "structure.assortativity_degree(g)",
        "nx.degree_assortativity_coefficient(g)",
    ),
    "communities": ("structure.leiden(g, seed=1)", "nx.community.louvain_communities(g, seed=1)"),
    "burt": ("structural_holes.burt(g)", "(nx.constraint(g), nx.effective_size(g))"),
    "brokerage_directed": ("brokerage.gould_fernandez(d, groups)", "peer_brokerage(d, groups)"),
    "ei_index": ("external_internal.ei_index(g, groups)", "peer_ei(g, groups)"),
}
#: When the peer times out, an estimate of its full time: the same call on a sample of
#: sources, scaled up (reported separately, and marked as estimated).
ESTIMATES: dict[str, tuple[str, str]] = {
    "harmonic_closeness": ("nx.harmonic_centrality(g, sources=list(g)[:500])", "len(g) / 500"),
    "betweenness_sampled_500": ("nx.betweenness_centrality(g, k=50, seed=1)", "10"),
}

PEER_HELPERS = '''
def peer_brokerage(g, groups):
    """Gould-Fernandez raw role counts by looping over two-paths (NetworkX digraph)."""
    roles = {}
    for b in g:
        counts = [0, 0, 0, 0, 0]
        gb = groups[b]
        for a in g.predecessors(b):
            if a == b:
                continue
            ga = groups[a]
            for c in g.successors(b):
                if c == a or c == b or g.has_edge(a, c):
                    continue
                gc = groups[c]
                if ga == gb == gc:
                    counts[0] += 1
                elif ga == gc:
                    counts[1] += 1
                elif ga == gb:
                    counts[2] += 1
                elif gb == gc:
                    counts[3] += 1
                else:
                    counts[4] += 1
        roles[b] = counts
    return roles


def peer_ei(g, groups):
    """Krackhardt-Stern E-I index (network, per group, per node) over NetworkX edges."""
    ext = internal = 0
    node = {}
    for u, v in g.edges():
        same = groups[u] == groups[v]
        internal += same
        ext += not same
        for x in (u, v):
            e, i = node.get(x, (0, 0))
            node[x] = (e + (not same), i + same)
    return (ext - internal) / (ext + internal), {
        x: (e - i) / (e + i) for x, (e, i) in node.items()
    }
'''


def _child(code: str, timeout: float | None) -> dict:
    """Run code in a fresh interpreter; it sets `result`; returns it with peak RSS."""
    wrapped = (
        code
        + "\nimport json, resource\n"
        + "result['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        + "print(json.dumps(result))\n"
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-c", wrapped], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"timeout": True, "seconds": timeout}
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def make_graph_files(n_ties: int, seed: int = 7) -> Path:
    """Generate the synthetic network and keep its cumulative edge list (collapsed)."""
    path = WORK / f"graph-{n_ties}.json"
    if path.exists():
        return path
    from bioregion.datasets.synthetic import generate

    actors, ties = generate(n_ties, seed=seed)
    groups = dict(zip(actors["id"], actors["region"].fillna("abroad"), strict=True))
    edges = sorted({(s, t) for s, t in zip(ties["source"], ties["target"], strict=True) if s != t})
    WORK.mkdir(exist_ok=True)
    path.write_text(json.dumps({"edges": edges, "groups": groups}))
    return path


LOAD_OURS = """
import json, time, igraph as ig
from bioregion.network import centrality, structure, structural_holes, brokerage, external_internal
data = json.load(open({path!r}))
groups = data["groups"]
names = sorted(groups)
index = {{n: i for i, n in enumerate(names)}}
pairs = [(index[s], index[t]) for s, t in data["edges"]]
d = ig.Graph(n=len(names), edges=pairs, directed=True); d.vs["name"] = names
g = d.as_undirected(mode="collapse")
warm = {{"g": g.induced_subgraph(range(min(200, g.vcount()))),
         "d": d.induced_subgraph(range(min(200, d.vcount())))}}
"""
LOAD_PEER = """
import json, time, networkx as nx
data = json.load(open({path!r}))
groups = data["groups"]
d = nx.DiGraph(); d.add_nodes_from(groups); d.add_edges_from(map(tuple, data["edges"]))
g = nx.Graph(d)
first = list(d)[:200]
warm = {{"g": g.subgraph(first).copy(), "d": d.subgraph(first).copy()}}
{helpers}
"""


def run_measure(path: Path, name: str, timeout: float) -> dict:
    ours_call, peer_call = MEASURES[name]
    # one warm-up call on a 200-actor subgraph first, so that lazy imports and caches
    # are not timed, then the timed call on the whole graph
    timing = (
        "call = compile({call!r}, 'measure', 'eval')\n"
        "eval(call, {{**globals(), **warm}})\n"
        "t0 = time.perf_counter(); _ = eval(call); seconds = time.perf_counter() - t0\n"
    )
    ours = _child(
        LOAD_OURS.format(path=str(path))
        + timing.format(call=ours_call)
        + "result = {'seconds': seconds, 'nodes': g.vcount(), 'edges': g.ecount()}",
        None,
    )
    peer = _child(
        LOAD_PEER.format(path=str(path), helpers=PEER_HELPERS)
        + timing.format(call=peer_call)
        + "result = {'seconds': seconds}",
        timeout,
    )
    row = {"measure": name, "bioregion": ours, "networkx": peer}
    if "seconds" in ours and "seconds" in peer and ours["seconds"] > 0:
        ratio = peer["seconds"] / ours["seconds"]
        row["speedup"] = ratio
        row["speedup_is_lower_bound"] = bool(peer.get("timeout"))
    if peer.get("timeout") and name in ESTIMATES and "seconds" in ours:
        call, scale = ESTIMATES[name]
        part = _child(
            LOAD_PEER.format(path=str(path), helpers=PEER_HELPERS)
            + timing.format(call=call)
            + f"result = {{'seconds': seconds * ({scale}), "
            + f"'method': {call!r} + ' x ' + {scale!r}}}",
            timeout,
        )
        if "seconds" in part and not part.get("timeout"):
            row["networkx_estimated"] = part
            row["speedup_estimated"] = part["seconds"] / ours["seconds"]
    return row


def suite_summary(rows: list[dict]) -> dict:
    """Whole-suite times; a timed-out peer counts its timeout (so the ratio is a bound)."""
    done = [r for r in rows if "speedup" in r]
    ours = sum(r["bioregion"]["seconds"] for r in done)
    peer = sum(r["networkx"]["seconds"] for r in done)
    return {
        "bioregion_seconds": ours,
        "networkx_seconds": peer,
        "speedup": peer / ours if ours else float("nan"),
        "peer_lower_bound": any(r.get("speedup_is_lower_bound") for r in done),
        "measures_compared": len(done),
    }


def snapshot_run(n_ties: int) -> dict:
    """All yearly snapshots 1987-2025 of an n-tie network with four measures each."""
    code = f"""
import time
from bioregion.datasets.synthetic import generate
from bioregion.network import centrality, external_internal
from bioregion.network.temporal import TemporalNetwork
t0 = time.perf_counter()
actors, ties = generate({n_ties}, seed=7)
generated = time.perf_counter() - t0
t0 = time.perf_counter()
net = TemporalNetwork(ties, actors)
groups = dict(zip(actors["id"], actors["region"].fillna("abroad")))
edges = 0
for year, g in net.snapshots(1987, 2025):
    centrality.degree(g); centrality.pagerank(g); centrality.k_core(g)
    external_internal.ei_index(g, groups)
    edges = max(edges, g.ecount())
seconds = time.perf_counter() - t0
result = {{"ties": {n_ties}, "generate_seconds": generated, "seconds": seconds,
          "snapshots": 39, "max_snapshot_edges": edges}}
"""
    return _child(code, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    out = {
        "benchmark": "network",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "timeout_seconds": args.timeout,
        "sizes": [],
    }
    for n in args.sizes:
        path = make_graph_files(n)
        rows = []
        for name in MEASURES:
            row = run_measure(path, name, args.timeout)
            rows.append(row)
            ours, peer = row["bioregion"], row["networkx"]
            shown = f"{row['speedup']:.1f}x" if "speedup" in row else "n/a"
            bound = " (peer timed out: lower bound)" if row.get("speedup_is_lower_bound") else ""
            if "speedup_estimated" in row:
                bound += f"; estimated {row['speedup_estimated']:.0f}x from a sample of sources"
            print(
                f"{n:>9,} ties {name:26s} bioregion {ours.get('seconds', float('nan')):8.3f} s"
                f" | networkx {peer.get('seconds', float('nan')):8.3f} s | {shown}{bound}",
                flush=True,
            )
        out["sizes"].append({"ties": n, "measures": rows, "suite": suite_summary(rows)})
        summary = out["sizes"][-1]["suite"]
        print(
            f"{n:>9,} ties suite: bioregion {summary['bioregion_seconds']:.2f} s | networkx "
            f"{'>= ' if summary['peer_lower_bound'] else ''}{summary['networkx_seconds']:.1f} s"
            f" | {summary['speedup']:.1f}x",
            flush=True,
        )
    if args.big:
        snap = snapshot_run(args.big)
        out["snapshots"] = snap
        print(
            f"{args.big:,} ties: 39 yearly snapshots with degree, PageRank, k-core, E-I: "
            f"{snap.get('seconds', float('nan')):.1f} s, peak {snap.get('peak_rss_mb', 0):.0f} MB",
            flush=True,
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "network.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'network.json'}")


if __name__ == "__main__":
    main()
