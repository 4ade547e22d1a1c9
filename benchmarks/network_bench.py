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
(``same_algorithm``), with and without capped peers. Three more groups of rows follow:

* ``igraph_floor``: bioregion's call against the direct python-igraph call it wraps
  (sampled betweenness: the same pivots, without the standard error); not in the suite;
* ``snapshots``: all yearly snapshots 1987-2025 with degree, PageRank, k-core and E-I of
  a ``--big``-tie network (the synthetic generator) and of a ``--huge``-tie one (drawn
  with numpy, :func:`numpy_frames`), bioregion only;
* ``pipeline_concurrent``: the snapshot pipeline of ``--concurrent`` ties alone and as
  two copies running at the same time, under three thread settings (the libraries'
  defaults, bioregion's default of one thread, all cores with a passive OpenMP wait).

See ``benchmarks/README.md``.

Usage: python benchmarks/network_bench.py [--sizes 10000 100000] [--big 1000000]
       [--huge 10000000] [--concurrent 100000] [--cap 120] [--repeats 5] [--smoke]
       [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


FLOOR = (
    (
        "betweenness_sampled_500",
        "bn.betweenness(g, sample=min(500, g.vcount()), seed=1)",
        "igraph.Graph.betweenness(sources=pivots)",
        "g.betweenness(sources=np.random.default_rng(1).choice("
        "g.vcount(), size=min(500, g.vcount()), replace=False).tolist())",
        "the direct python-igraph call with the same 500 pivots (drawn in both calls); "
        "bioregion adds the batch-means standard error (10 batches) and the frame",
    ),
)


# Both calls of a floor row run in one process, alternating (which goes first swaps each
# round): two igraph calls on the same graph, so paired timings cancel out the load that
# other jobs put on a shared machine; the peer's times come back as info.
PAIRED = """
import time


def ours(g=g, d=d):
    return {ours}


def peer(g=g, d=d):
    return {peer}


ours(warm_g, warm_d), peer(warm_g, warm_d)
peer_times, peer_cpu = [], []
for round_ in range({repeats}):
    for side in (ours, peer) if round_ % 2 == 0 else (peer, ours):
        t0, c0 = time.perf_counter(), time.process_time()
        side()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        if side is ours:
            _harness.emit(seconds=seconds, cpu_seconds=cpu)
        else:
            peer_times.append(seconds)
            peer_cpu.append(cpu)
_harness.emit(info={{"peer_times": peer_times, "peer_cpu": peer_cpu}})
import resource
_harness.emit(peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def floor_rows(path: Path, n: int, repeats: int) -> list[dict]:
    """bioregion's call against the python-igraph call it wraps (same graph, same input),
    timed in one process, alternating."""
    rows = []
    for name, ours_call, peer_name, peer_call, how in FLOOR:
        load = "import numpy as np\n" + LOAD_OURS.format(path=str(path))
        both = h.time_child(load + PAIRED.format(ours=ours_call, peer=peer_call, repeats=repeats))
        info = both.get("info", {})
        peer: dict[str, Any] = {"error": both.get("error", "no peer timings")}
        if info.get("peer_times"):
            peer = h.summary(info.pop("peer_times"))
            cpu = info.pop("peer_cpu")
            peer |= {"cpu_median": statistics.median(cpu), "cpu_times": cpu}
            peer["peak_rss_mb"] = both.get("peak_rss_mb")
        rows.append(
            h.result(
                name,
                n,
                both,
                h.peer_side(peer_name, how, peer),
                same_algorithm=True,
                group="igraph_floor",
                note="bioregion against the igraph call it wraps, both timed in one process "
                "alternating (paired under the same load; peak memory is the process's); "
                "not in the suite ratio",
            )
        )
    return rows


# -- synthetic networks drawn with numpy (the 10-million-tie case) ----------------------
def numpy_frames(n_ties: int, seed: int = 7) -> tuple[Any, Any]:
    """Actors and ties frames of an ``n_ties`` alliance network drawn with numpy alone.

    The synthetic generator of :mod:`bioregion.datasets` draws ties year by year with
    preferential attachment among the actors that exist; at ten million ties that takes
    minutes and gigabytes. This draws the same shape in one pass of array operations:
    ``n_ties // 8`` actors of the generator's kinds and areas, each with a heavy-tailed
    (Pareto 1.2) attractiveness; both ends of a tie drawn in proportion to it, the second
    in the first one's area with probability 0.35; tie kinds with the generator's
    template weights (spin-offs 9 %); yearly counts growing 8 % a year over 1987-2025,
    start days uniform in the year; 40 % of ties end one to eight years later; a third
    carry a value. Ids are text (``a00000001``, ``t000000001``), as in a store.
    """
    import numpy as np
    import pandas as pd

    from bioregion.datasets.synthetic import ACTOR_KINDS, AREAS, TIE_TEMPLATES
    from bioregion.model.vocab import SYMMETRIC_TIE_KINDS

    rng = np.random.default_rng(seed)
    n = max(30, n_ties // 8)
    areas = np.array(
        [(key, country, (codes or ("",))[0]) for key, (country, _, codes) in AREAS.items()],
        dtype=object,
    )
    shares = np.array([share for _, share, _ in AREAS.values()])
    shares = np.r_[shares[:3] * 0.45, shares[3:] * 0.55]
    area = np.sort(rng.choice(len(areas), n, p=shares / shares.sum()))
    kinds = np.array(list(ACTOR_KINDS), dtype=object)
    kind_p = np.array([v[0] for v in ACTOR_KINDS.values()])
    ids = np.char.add("a", np.char.zfill(np.arange(n).astype(str), 8)).astype(object)
    founded = np.where(
        rng.random(n) < 0.3,
        np.datetime64("NaT", "s"),
        (rng.integers(1957, 2026, n) - 1970).astype("M8[Y]").astype("M8[s]"),
    )
    nuts1 = [(codes[0][:3].lower() if codes else "") for _, _, codes in AREAS.values()]
    region = np.array(list(AREAS)[:3] + nuts1[3:], dtype=object)  # flanders, ..., de2, fr1
    actors = pd.DataFrame(
        {
            "id": ids,
            "name": ids,
            "kind": kinds[rng.choice(len(kinds), n, p=kind_p / kind_p.sum())],
            "country": areas[area, 1],
            "nuts": areas[area, 2],
            "region": region[area],
            "systems": [()] * n,
            "founded": founded,
            "ended": np.full(n, np.datetime64("NaT", "s")),
            "end_reason": "",
            "tags": [()] * n,
        }
    )
    src, tgt = _numpy_ends(rng, n, area, n_ties)
    return actors, _numpy_ties(rng, ids, src, tgt, TIE_TEMPLATES, SYMMETRIC_TIE_KINDS)


def _numpy_ends(rng: Any, n: int, area: Any, m: int) -> tuple[Any, Any]:
    """Both ends of ``m`` ties: attractiveness-weighted, 35 % in the first end's area."""
    import numpy as np

    cum = np.cumsum(rng.pareto(1.2, n) + 1.0)
    src = np.minimum(np.searchsorted(cum, rng.random(m) * cum[-1], side="right"), n - 1)
    lo = np.searchsorted(area, area[src], side="left")
    hi = np.searchsorted(area, area[src], side="right")
    local = rng.random(m) < 0.35
    before = np.where(lo > 0, cum[lo - 1], 0.0)
    base = np.where(local, before, 0.0)
    span = np.where(local, cum[hi - 1] - before, cum[-1])
    tgt = np.minimum(np.searchsorted(cum, base + rng.random(m) * span, side="right"), n - 1)
    return src, np.where(tgt == src, (tgt + 1) % n, tgt)


def _numpy_ties(rng: Any, ids: Any, src: Any, tgt: Any, templates: Any, symmetric: Any) -> Any:
    """The ties frame of :func:`numpy_frames` (ids made in chunks to bound memory)."""
    import numpy as np
    import pandas as pd

    m = len(src)
    names = np.array(sorted({t[2] for t in templates} | {"spin_off"}), dtype=object)
    weight = {name: 0.0 for name in names}
    for template in templates:
        weight[template[2]] += template[3]
    weight["spin_off"] = 0.09 * sum(weight.values()) / 0.91
    p = np.array([weight[name] for name in names])
    kind = names[rng.choice(len(names), m, p=p / p.sum())]
    years = np.arange(1987, 2026)
    grow = 1.08 ** (years - 1987)
    year = np.sort(rng.choice(years, m, p=grow / grow.sum()))
    start = (year - 1970).astype("M8[Y]").astype("M8[D]") + rng.integers(0, 365, m)
    end = np.where(rng.random(m) < 0.4, start + rng.integers(365, 8 * 365, m), np.datetime64("NaT"))
    tie_ids = np.empty(m, dtype=object)
    for at in range(0, m, 1_000_000):
        part = np.arange(at, min(m, at + 1_000_000)).astype(str)
        tie_ids[at : at + len(part)] = np.char.add("t", np.char.zfill(part, 9))
    text = np.full(m, "", dtype=object)
    return pd.DataFrame(
        {
            "id": tie_ids,
            "kind": kind,
            "source": ids[src],
            "target": ids[tgt],
            "start": start.astype("M8[s]"),
            "end": end.astype("M8[s]"),
            "symmetric": np.isin(kind, [str(k) for k in symmetric]),
            "value": np.where(rng.random(m) < 1 / 3, rng.lognormal(2.0, 1.5, m), np.nan),
            **dict.fromkeys(
                ("currency", "stage", "status", "therapeutic_area", "technology"), text
            ),
            "tags": [()] * m,
        }
    )


# -- snapshot pipelines -----------------------------------------------------------------
PIPELINE = """
import bioregion.network as bn


def frames(n):
    if {numpy!r}:
        from network_bench import numpy_frames
        actors, ties = numpy_frames(n, seed=7)
    else:
        from bioregion.datasets.synthetic import generate
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
"""
SNAPSHOTS = (
    PIPELINE
    + """
_harness.repeat(
    lambda: measured(*data), {repeats},
    after=lambda edges: _harness.emit(info={{"snapshots": 39, "max_snapshot_edges": edges}}),
)
"""
)
# Each copy waits for the others before its first timed call, and keeps the pipeline
# running (untimed) after its last until every copy has finished: they overlap throughout.
CONCURRENT = (
    PIPELINE
    + """
import os, time


def all_at(stage, me={me}, copies={copies}, folder={folder!r}):
    open(os.path.join(folder, f"{{stage}}-{{me}}"), "w").close()
    return all(os.path.exists(os.path.join(folder, f"{{stage}}-{{i}}")) for i in range(copies))


deadline = time.monotonic() + 1800
while not all_at("ready") and time.monotonic() < deadline:
    time.sleep(0.01)
_harness.repeat(lambda: measured(*data), {repeats})
while not all_at("done") and time.monotonic() < deadline:
    measured(*data)
"""
)


def snapshot_row(n: int, repeats: int, *, numpy: bool = False) -> dict:
    """All yearly snapshots 1987-2025 of an n-tie network with four measures each."""
    ours = h.time_child(SNAPSHOTS.format(n=n, repeats=repeats, numpy=numpy))
    made = (
        "ties drawn with numpy (benchmarks/network_bench.py numpy_frames)"
        if numpy
        else "ties of the synthetic generator (bioregion.datasets.synthetic.generate)"
    )
    return h.result(
        "snapshots_39_yearly_4_measures",
        n,
        ours,
        None,
        same_algorithm=None,
        group="snapshots",
        note="TemporalNetwork built and 39 yearly snapshots with degree, PageRank, k-core and "
        f"E-I, timed together (data generated before the timer); {made}; no peer",
    )


def thread_conditions() -> list[tuple[str, dict[str, str | None], str]]:
    """The thread settings the concurrent pipeline runs under: name, environment, what."""
    clear = dict.fromkeys(("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS"))
    cores = os.cpu_count() or 1
    conditions = [
        (
            "libraries_default",
            {**clear, "BIOREGION_THREADS": "0"},
            "BIOREGION_THREADS=0: no limit, as before; OpenMP (igraph's PageRank) and OpenBLAS "
            "start one thread per core, libgomp's default wait (spin, then sleep)",
        ),
        (
            "bioregion_default",
            {**clear, "BIOREGION_THREADS": None},
            "bioregion's default: one thread for its compiled calls",
        ),
    ]
    if cores > 1:
        conditions.append(
            (
                f"threads_{cores}_passive",
                {**clear, "BIOREGION_THREADS": str(cores)},
                f"BIOREGION_THREADS={cores}: one thread per core; bioregion sets "
                "OMP_WAIT_POLICY=PASSIVE (waiting threads sleep)",
            )
        )
    return conditions


def concurrent_rows(n: int, repeats: int, copies: int = 2) -> list[dict]:
    """The n-tie snapshot pipeline alone and as ``copies`` copies at once, per setting."""
    rows = []
    for condition, env, what in thread_conditions():
        for running in (1, copies):
            folder = tempfile.mkdtemp(prefix="bioregion-concurrent-")
            codes = [
                CONCURRENT.format(
                    n=n, repeats=repeats, numpy=False, me=i, copies=running, folder=folder
                )
                for i in range(running)
            ]
            timings = h.time_children(codes, env=env)
            others = [
                {k: t.get(k) for k in ("median", "min", "max", "error") if k in t}
                for t in timings[1:]
            ]
            rows.append(
                h.result(
                    "pipeline_concurrent",
                    n,
                    timings[0],
                    None,
                    same_algorithm=None,
                    group="pipeline_concurrent",
                    condition=condition,
                    copies=running,
                    env={k: v for k, v in env.items() if v is not None},
                    other_copies=others,
                    note=f"{what}; the {n:,}-tie snapshot pipeline (39 yearly snapshots, "
                    f"degree, PageRank, k-core, E-I), {running} cop"
                    f"{'y' if running == 1 else 'ies'} running at once (each waits for the "
                    "others before timing and keeps running until all are done); "
                    "bioregion block: the first copy",
                )
            )
            print(h.show(rows[-1]) + f"  [{condition}, {running} running]", flush=True)
    return rows


def concurrent_headline(rows: list[dict]) -> dict:
    """Median seconds of each copy, per thread setting and number of copies running."""
    out: dict[str, dict[str, list[float | None]]] = {}
    for row in rows:
        medians = [row["bioregion"].get("median")]
        medians += [other.get("median") for other in row["other_copies"]]
        key = "alone" if row["copies"] == 1 else f"{row['copies']}_copies"
        out.setdefault(row["condition"], {})[key] = medians
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--big", type=int, default=None, help="snapshot run size (0: skip)")
    parser.add_argument(
        "--huge", type=int, default=None, help="numpy-drawn snapshot run size (0: skip)"
    )
    parser.add_argument(
        "--huge-repeats",
        type=int,
        default=None,
        help="repeats of the huge run (default: --repeats)",
    )
    parser.add_argument(
        "--concurrent", type=int, default=None, help="concurrent pipeline size (0: skip)"
    )
    parser.add_argument("--cap", "--timeout", type=float, default=None, dest="cap")
    parser.add_argument("--measures", nargs="+", default=None, help="only these measures")
    h.add_common_arguments(parser)
    args = parser.parse_args()
    repeats = h.repeats_of(args)
    sizes = args.sizes or ([2_000] if args.smoke else [10_000, 100_000])
    big = args.big if args.big is not None else (5_000 if args.smoke else 1_000_000)
    huge = args.huge if args.huge is not None else (20_000 if args.smoke else 10_000_000)
    huge_repeats = args.huge_repeats or repeats
    concurrent = (
        args.concurrent if args.concurrent is not None else (5_000 if args.smoke else 100_000)
    )
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
    if sizes and (args.measures is None or "betweenness_sampled_500" in args.measures):
        path = make_graph_file(work, max(sizes))
        floor = floor_rows(path, max(sizes), repeats)
        for row in floor:
            print(h.show(row), flush=True)
        rows += floor
        headline["igraph_floor"] = {r["name"]: r["ratio"] for r in floor}
    snapshots: dict[str, float | None] = {}
    for n, numpy, times in ((big, False, repeats), (huge, True, huge_repeats)):
        if n:
            rows.append(snapshot_row(n, times, numpy=numpy))
            print(h.show(rows[-1]), flush=True)
            snapshots[str(n)] = rows[-1]["bioregion"].get("median")
    if big:
        headline["snapshots_seconds"] = snapshots.get(str(big))
    headline["snapshots_seconds_by_size"] = snapshots
    if concurrent:
        together = concurrent_rows(concurrent, repeats)
        rows += together
        headline["pipeline_concurrent_seconds"] = concurrent_headline(together)
    settings = {
        "smoke": args.smoke,
        "repeats": repeats,
        "peer_cap_seconds": cap,
        "sizes": sizes,
        "big": big,
        "huge": huge,
        "huge_repeats": huge_repeats,
        "concurrent": concurrent,
        "seed": 7,
        "measures": [m.name for m in chosen],
    }
    h.write(h.output_path(args, "network"), "network", settings, rows, headline, started)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


if __name__ == "__main__":
    main()
