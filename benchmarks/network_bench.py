"""Network measures: bioregion (igraph + numpy/scipy) against its tightest NetworkX peer.

For each size (ties of the seeded synthetic alliance generator) the cumulative network is
written once as an edge list with a group (region) per actor. Every measure then runs
in a fresh process per side (so peak memory is each side's own): the graph is built
there before any timing (igraph for bioregion, a NetworkX ``Graph``/``DiGraph`` for the
peer), one warm-up call runs on a 200-actor subgraph, then the call alone is timed
``--repeats`` times (median, min, max). A peer call that runs past ``--cap`` seconds is
stopped: its time is the cap (a lower bound) and it is marked ``capped``. Where NetworkX
offers several implementations, each is timed and the fastest is the peer.

The headline suite ratio counts only measures where both sides compute the same thing
(``same_algorithm``), with and without capped peers. The last row times all yearly
snapshots 1987-2025 of a ``--big``-tie network with degree, PageRank, k-core and E-I
(bioregion only). See ``benchmarks/README.md``.

Usage: python benchmarks/network_bench.py [--sizes 10000 100000] [--big 1000000]
       [--cap 120] [--repeats 5] [--smoke] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness as h


@dataclass(frozen=True)
class Peer:
    name: str
    call: str
    how: str


@dataclass(frozen=True)
class Measure:
    """A bioregion call and its peer candidates; both see ``g`` (undirected), ``d``
    (directed) and ``groups`` (actor id -> region)."""

    name: str
    call: str
    peers: tuple[Peer, ...]
    same_algorithm: bool
    note: str = ""


NX = "NetworkX call on a graph built before the timer"
MEASURES: tuple[Measure, ...] = (
    Measure("degree", "bn.degree(g)", (Peer("networkx.degree", "dict(g.degree())", NX),), True),
    Measure("pagerank", "bn.pagerank(g)", (Peer("networkx.pagerank", "nx.pagerank(g)", NX),), True),
    Measure(
        "eigenvector",
        "bn.eigenvector(g)",
        (
            Peer(
                "networkx.eigenvector_centrality",
                "nx.eigenvector_centrality(g, max_iter=1000)",
                NX + " (power iteration)",
            ),
            Peer(
                "networkx.eigenvector_centrality_numpy",
                "nx.eigenvector_centrality_numpy(g)",
                NX + " (scipy ARPACK)",
            ),
        ),
        True,
    ),
    Measure(
        "harmonic_closeness",
        "bn.harmonic_closeness(g)",
        (Peer("networkx.harmonic_centrality", "nx.harmonic_centrality(g)", NX),),
        True,
    ),
    Measure(
        "betweenness_sampled_500",
        "bn.betweenness(g, sample=min(500, g.vcount()), seed=1)",
        (
            Peer(
                "networkx.betweenness_centrality",
                "nx.betweenness_centrality(g, k=min(500, len(g)), seed=1)",
                NX + "; the same Brandes-Pich estimate from 500 random pivots",
            ),
        ),
        True,
        "both sample 500 pivots (different random draws); bioregion also computes the stderr",
    ),
    Measure(
        "k_core",
        "bn.k_core(g)",
        (Peer("networkx.core_number", "nx.core_number(g)", NX + " (no nx.Graph copy)"),),
        True,
    ),
    Measure(
        "clustering",
        "bn.clustering(g)",
        (Peer("networkx.clustering", "nx.clustering(g)", NX),),
        True,
    ),
    Measure(
        "components",
        "bn.components(g)",
        (Peer("networkx.connected_components", "list(nx.connected_components(g))", NX),),
        True,
    ),
    Measure(
        "assortativity_degree",
        "bn.assortativity_degree(g)",
        (
            Peer(
                "networkx.degree_assortativity_coefficient",
                "nx.degree_assortativity_coefficient(g)",
                NX,
            ),
        ),
        True,
    ),
    Measure(
        "communities",
        "bn.leiden(g, seed=1)",
        (
            Peer(
                "networkx.louvain_communities",
                "nx.community.louvain_communities(g, seed=1)",
                NX + "; Louvain to convergence",
            ),
        ),
        False,
        "Leiden with 2 iterations vs Louvain run to convergence: different algorithms",
    ),
    Measure(
        "burt",
        "bn.burt(g)",
        (
            Peer(
                "networkx.constraint+effective_size",
                "(nx.constraint(g), nx.effective_size(g))",
                NX + "; bioregion also computes efficiency and hierarchy",
            ),
        ),
        True,
    ),
    Measure(
        "brokerage_directed",
        "bn.gould_fernandez(d, groups)",
        (
            Peer(
                "python loop over two-paths",
                "peer_brokerage(d, groups)",
                "pure-Python two-path loop over NetworkX's own adjacency dicts (G._succ, "
                "G._pred, as NetworkX's algorithms read them), set/dict look-ups, group of "
                "the broker hoisted; raw role counts only (bioregion also computes expected "
                "values and z-scores)",
            ),
        ),
        True,
    ),
    Measure(
        "ei_index",
        "bn.ei_index(g, groups)",
        (
            Peer(
                "python loop over adjacency",
                "peer_ei(g, groups)",
                "pure-Python loop over NetworkX's adjacency dict (G._adj): network, group "
                "and actor E-I in one pass with dict look-ups",
            ),
        ),
        True,
    ),
)

PEER_HELPERS = '''
def peer_brokerage(g, groups):
    """Gould-Fernandez raw role counts: loop over two-paths a -> b -> c, a -/-> c."""
    succ, pred = g._succ, g._pred
    roles = {}
    for b, b_out in succ.items():
        gb = groups[b]
        counts = [0, 0, 0, 0, 0]
        outs = [(c, groups[c]) for c in b_out if c != b]
        for a in pred[b]:
            if a == b:
                continue
            ga = groups[a]
            a_out = succ[a]
            for c, gc in outs:
                if c == a or c in a_out:
                    continue
                if ga == gb:
                    counts[0 if gb == gc else 2] += 1
                elif ga == gc:
                    counts[1] += 1
                else:
                    counts[3 if gb == gc else 4] += 1
        roles[b] = counts
    return roles


def peer_ei(g, groups):
    """Krackhardt-Stern E-I index of the network, each group and each actor."""
    actor = {}
    group_ext, group_int = {}, {}
    ext = internal = 0
    for u, nbrs in g._adj.items():
        gu = groups[u]
        e = 0
        for v in nbrs:
            if groups[v] != gu:
                e += 1
        i = len(nbrs) - e
        actor[u] = (e - i) / (e + i) if nbrs else float("nan")
        group_ext[gu] = group_ext.get(gu, 0) + e
        group_int[gu] = group_int.get(gu, 0) + i
        ext += e
        internal += i
    group = {k: (group_ext[k] - group_int[k]) / ((group_ext[k] + group_int[k]) or 1)
             for k in group_ext}
    return (ext - internal) / (ext + internal), group, actor
'''

LOAD_OURS = """
import json, igraph as ig
import bioregion.network as bn
data = json.load(open({path!r}))
groups = data["groups"]
names = sorted(groups)
index = {{n: i for i, n in enumerate(names)}}
d = ig.Graph(n=len(names), edges=[(index[s], index[t]) for s, t in data["edges"]], directed=True)
d.vs["name"] = names
g = d.as_undirected(mode="collapse")
warm_g = g.induced_subgraph(range(min(200, g.vcount())))
warm_d = d.induced_subgraph(range(min(200, d.vcount())))
_harness.emit(info={{"nodes": g.vcount(), "edges": g.ecount(), "arcs": d.ecount()}})
"""
LOAD_PEER = """
import json, networkx as nx
data = json.load(open({path!r}))
groups = data["groups"]
d = nx.DiGraph(); d.add_nodes_from(groups); d.add_edges_from(map(tuple, data["edges"]))
g = nx.Graph(d)
first = list(d)[:200]
warm_g, warm_d = g.subgraph(first).copy(), d.subgraph(first).copy()
{helpers}
"""
TIMED = """
def measured(g=g, d=d):
    return {call}

measured(warm_g, warm_d)
_harness.repeat(measured, {repeats})
"""


def make_graph_file(work: Path, n_ties: int, seed: int = 7) -> Path:
    """Generate the synthetic network; keep its cumulative edge list (collapsed) and groups."""
    from bioregion.datasets.synthetic import generate

    actors, ties = generate(n_ties, seed=seed)
    groups = dict(zip(actors["id"], actors["region"].fillna("abroad"), strict=True))
    edges = sorted({(s, t) for s, t in zip(ties["source"], ties["target"], strict=True) if s != t})
    path = work / f"graph-{n_ties}.json"
    path.write_text(json.dumps({"edges": edges, "groups": groups}))
    return path


def time_peer(path: Path, measure: Measure, repeats: int, cap: float) -> dict:
    """Time every peer candidate; the fastest (by median, uncapped first) is the peer."""
    timed = []
    for peer in measure.peers:
        code = LOAD_PEER.format(path=str(path), helpers=PEER_HELPERS)
        timing = h.time_child(code + TIMED.format(call=peer.call, repeats=repeats), cap)
        timed.append((peer, timing))
    ok = [(p, t) for p, t in timed if "median" in t]
    if not ok:
        peer, timing = timed[0]
        return h.peer_side(peer.name, peer.how, timing)
    peer, timing = min(ok, key=lambda pt: (pt[1]["capped"], pt[1]["median"]))
    how = peer.how
    if len(timed) > 1:
        tried = ", ".join(
            f"{p.name} {t['median']:.4f} s" if "median" in t else f"{p.name} failed"
            for p, t in timed
        )
        how += f"; fastest of: {tried}"
    return h.peer_side(peer.name, how, timing)


def run_measure(path: Path, n: int, measure: Measure, repeats: int, cap: float) -> dict:
    ours = h.time_child(
        LOAD_OURS.format(path=str(path)) + TIMED.format(call=measure.call, repeats=repeats)
    )
    peer = time_peer(path, measure, repeats, cap)
    extra = {"note": measure.note} if measure.note else {}
    return h.result(measure.name, n, ours, peer, same_algorithm=measure.same_algorithm, **extra)


SNAPSHOTS = """
import bioregion.network as bn
from bioregion.datasets.synthetic import generate


def frames(n):
    actors, ties = generate(n, seed=7)
    return ties, actors, dict(zip(actors["id"], actors["region"].fillna("abroad")))


def measured(ties, actors, groups):
    net = bn.TemporalNetwork(ties, actors)
    edges = 0
    for _year, g in net.snapshots(1987, 2025):
        bn.degree(g); bn.pagerank(g); bn.k_core(g); bn.ei_index(g, groups)
        edges = max(edges, g.ecount())
    return edges


measured(*frames(2000))
data = frames({n})
_harness.repeat(
    lambda: measured(*data), {repeats},
    after=lambda edges: _harness.emit(info={{"snapshots": 39, "max_snapshot_edges": edges}}),
)
"""


def snapshot_row(n: int, repeats: int) -> dict:
    """All yearly snapshots 1987-2025 of an n-tie network with four measures each."""
    ours = h.time_child(SNAPSHOTS.format(n=n, repeats=repeats))
    return h.result(
        "snapshots_39_yearly_4_measures",
        n,
        ours,
        None,
        same_algorithm=None,
        note="TemporalNetwork built and 39 yearly snapshots with degree, PageRank, k-core and "
        "E-I, timed together (data generated before the timer); no peer",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--big", type=int, default=None, help="snapshot run size (0: skip)")
    parser.add_argument("--cap", "--timeout", type=float, default=None, dest="cap")
    parser.add_argument("--measures", nargs="+", default=None, help="only these measures")
    h.add_common_arguments(parser)
    args = parser.parse_args()
    repeats = h.repeats_of(args)
    sizes = args.sizes or ([2_000] if args.smoke else [10_000, 100_000])
    big = args.big if args.big is not None else (5_000 if args.smoke else 1_000_000)
    cap = args.cap or (20.0 if args.smoke else 120.0)
    chosen = [m for m in MEASURES if args.measures is None or m.name in args.measures]
    started = h.context()
    work = h.work_dir(args)
    rows: list[dict] = []
    headline: dict = {"suite": {}}
    for n in sizes:
        path = make_graph_file(work, n)
        sized = []
        for measure in chosen:
            sized.append(run_measure(path, n, measure, repeats, cap))
            print(h.show(sized[-1]), flush=True)
        rows += sized
        headline["suite"][str(n)] = h.suite(sized)
        both = headline["suite"][str(n)]
        print(
            f"{n:>9,} suite ratio {_fmt(both['with_capped']['ratio'])} with capped peers"
            f"{' (lower bound)' if both['with_capped']['peer_is_lower_bound'] else ''}, "
            f"{_fmt(both['without_capped']['ratio'])} without",
            flush=True,
        )
    if big:
        rows.append(snapshot_row(big, repeats))
        print(h.show(rows[-1]), flush=True)
        headline["snapshots_seconds"] = rows[-1]["bioregion"].get("median")
    settings = {
        "smoke": args.smoke,
        "repeats": repeats,
        "peer_cap_seconds": cap,
        "sizes": sizes,
        "big": big,
        "seed": 7,
        "measures": [m.name for m in chosen],
    }
    h.write(h.output_path(args, "network"), "network", settings, rows, headline, started)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


if __name__ == "__main__":
    main()
