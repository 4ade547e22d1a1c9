"""Figures of the report, drawn with matplotlib (Agg) and embedded as base64 PNG.

Every function returns a ``data:image/png;base64,...`` URI. Nothing touches pyplot's
global state: figures are :class:`matplotlib.figure.Figure` objects drawn on an Agg canvas.
"""

from __future__ import annotations

import base64
import io
import random
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

DPI = 96
#: Qualitative palette (colour-blind safe, Okabe-Ito + greys) used in order.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#8C564B",
    "#7F7FFF",
    "#17BECF",
)
KIND_COLOURS = {
    "biotech_firm": "#0072B2",
    "pharma": "#D55E00",
    "university": "#009E73",
    "research_institute": "#56B4E9",
    "investor": "#E69F00",
    "government": "#CC79A7",
    "service_provider": "#999999",
    "cluster_organisation": "#F0E442",
    "hospital": "#8C564B",
    "other": "#c7c7c7",
}
REGION_COLOURS = {"flanders": "#f2c94c", "wallonia": "#eb5757", "brussels": "#6fcf97"}


def new_figure(width: float = 9.0, height: float = 4.0) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def to_uri(fig: Figure) -> str:
    """Render a figure to a PNG ``data:`` URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def colour_of(label: str, order: Sequence[str]) -> str:
    if label in KIND_COLOURS:
        return KIND_COLOURS[label]
    return PALETTE[list(order).index(label) % len(PALETTE)] if label in order else "#777777"


def stacked_bars(
    counts: pd.DataFrame, *, title: str, ylabel: str, width: float = 9.0, height: float = 3.8
) -> str:
    """Stacked bars: index = x (years), columns = categories."""
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    bottom = np.zeros(len(counts))
    x = np.asarray(counts.index)
    for column in counts.columns:
        values = counts[column].to_numpy(float)
        ax.bar(
            x,
            values,
            bottom=bottom,
            label=str(column),
            width=0.85,
            color=colour_of(str(column), [str(c) for c in counts.columns]),
        )
        bottom += values
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    if len(counts.columns):
        ax.legend(fontsize=7.5, ncol=2, frameon=False, loc="upper left")
    return to_uri(fig)


def hbar(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    colours: Sequence[str] | None = None,
    width: float = 8.0,
) -> str:
    """Horizontal bars, first label on top."""
    n = max(len(labels), 1)
    fig = new_figure(width, 0.8 + 0.28 * n)
    ax = fig.add_subplot()
    y = np.arange(len(labels))[::-1]
    ax.barh(y, list(values), color=list(colours) if colours else PALETTE[0])
    ax.set_yticks(y, [str(lbl) for lbl in labels], fontsize=8)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    return to_uri(fig)


def grouped_hbar(frame: pd.DataFrame, *, title: str, xlabel: str, stacked: bool = True) -> str:
    """Horizontal bars of each row (index = labels) split by the columns."""
    n = max(len(frame), 1)
    fig = new_figure(8.5, 1.0 + 0.3 * n)
    ax = fig.add_subplot()
    y = np.arange(len(frame))[::-1]
    left = np.zeros(len(frame))
    columns = [str(c) for c in frame.columns]
    h = 0.8 / (1 if stacked else max(len(columns), 1))
    for i, column in enumerate(frame.columns):
        values = frame[column].to_numpy(float)
        offset = 0 if stacked else ((len(columns) - 1) / 2 - i) * h
        ax.barh(
            y + offset,
            values,
            left=left if stacked else None,
            height=h,
            label=str(column),
            color=colour_of(str(column), columns),
        )
        if stacked:
            left += np.nan_to_num(values)
    ax.set_yticks(y, [str(i) for i in frame.index], fontsize=8)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    ax.spines[["top", "right"]].set_visible(False)
    if len(columns) > 1:
        fig.legend(fontsize=7.5, frameon=False, loc="outside right upper")
    return to_uri(fig)


def lines(frame: pd.DataFrame, *, title: str, ylabel: str) -> str:
    """One line per column over the index (years)."""
    fig = new_figure(9.0, 3.6)
    ax = fig.add_subplot()
    columns = [str(c) for c in frame.columns]
    for column in frame.columns:
        ax.plot(
            frame.index,
            frame[column],
            marker="o",
            ms=3,
            label=str(column),
            color=colour_of(str(column), columns),
        )
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7.5, frameon=False)
    return to_uri(fig)


def convex_hull(points: np.ndarray) -> np.ndarray:
    """The vertices of the convex hull of 2-D points, counter-clockwise (shapely/GEOS).

    Fewer than three distinct points, or points on one line, have no area: the result
    is then the distinct point or the two ends of the segment (fewer than 3 rows), and
    an empty ``(0, 2)`` array for no points.

    >>> convex_hull(np.array([[0, 0], [2, 0], [1, 1], [0, 2], [2, 2]])).tolist()
    [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]]
    >>> convex_hull(np.array([[0, 0], [1, 1], [2, 2]])).tolist()
    [[0.0, 0.0], [2.0, 2.0]]
    """
    from shapely.geometry import MultiPoint  # imported when a picture needs it
    from shapely.geometry import Polygon as ShapelyPolygon
    from shapely.geometry.polygon import orient

    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    if not len(pts):
        return np.empty((0, 2))
    hull = MultiPoint(pts).convex_hull
    if isinstance(hull, ShapelyPolygon):
        ring = np.asarray(orient(hull, sign=1.0).exterior.coords)[:-1]
        return np.roll(ring, -int(np.lexsort((ring[:, 1], ring[:, 0]))[0]), axis=0)
    return np.asarray(hull.coords, dtype=float)


#: Iterations of the Fruchterman-Reingold layout of a network picture ...
LAYOUT_ITERATIONS = 800
#: ... at most, and fewer for a large network: iterations x (actors + ties) stays under
#: this budget (with at least :data:`MIN_LAYOUT_ITERATIONS`), so that a picture of tens of
#: thousands of ties takes seconds, not minutes. Networks of up to 12,500 actors and
#: ties get all :data:`LAYOUT_ITERATIONS`. A large network also starts from positions
#: spread over a square of side sqrt(n), as igraph's own random start does: over 1,000
#: vertices igraph computes repulsion on a grid, which pays only when the vertices start
#: spread over the plane (the others start in [-1, 1]^2, region anchors at radius 3).
LAYOUT_WORK = 10_000_000
MIN_LAYOUT_ITERATIONS = 50


def layout_iterations(vertices: int, edges: int) -> int:
    """The Fruchterman-Reingold iterations of the picture of a network of that size.

    >>> layout_iterations(300, 700), layout_iterations(7_000, 37_000)
    (800, 227)
    """
    work = max(vertices + edges, 1)
    return int(min(LAYOUT_ITERATIONS, max(MIN_LAYOUT_ITERATIONS, LAYOUT_WORK // work)))


def _layout(g, region: np.ndarray, regions: Sequence[str], seed: int) -> np.ndarray:
    """Seeded Fruchterman-Reingold positions of ``g``'s vertices, scaled to [-1, 1].

    One anchor vertex per region, tied to its actors, pulls each region together; ties
    inside a region weigh twice. The anchors are dropped after the layout. The number
    of iterations is :func:`layout_iterations` of ``g``; a large network starts from
    positions spread as igraph's own (see :data:`LAYOUT_WORK`).
    """
    import igraph as ig

    anchors = [r for r in regions if (region == r).any()]
    h = g.copy()
    h.add_vertices(len(anchors))
    extra = [
        (g.vcount() + i, v) for i, r in enumerate(anchors) for v in np.flatnonzero(region == r)
    ]
    h.add_edges(extra)
    weights = [
        2.0 if region[e.source] and region[e.source] == region[e.target] else 1.0 for e in g.es
    ] + [1.5] * len(extra)
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1, 1, size=(h.vcount(), 2))
    for i, _ in enumerate(anchors):  # anchors start on a circle
        angle = 2 * np.pi * i / max(len(anchors), 1)
        start[g.vcount() + i] = [3 * np.cos(angle), 3 * np.sin(angle)]
    niter = layout_iterations(g.vcount(), g.ecount())
    if niter < LAYOUT_ITERATIONS:  # a large network: spread as igraph's own start
        start *= np.sqrt(h.vcount())
    previous = ig.set_random_number_generator(random.Random(seed))
    try:
        layout = h.layout_fruchterman_reingold(weights=weights, seed=start.tolist(), niter=niter)
    finally:
        ig.set_random_number_generator(previous or random)
    xy = np.asarray(layout.coords, float)[: g.vcount()]
    lo, hi = xy.min(0), xy.max(0)
    return 2 * (xy - lo) / np.where(hi > lo, hi - lo, 1.0) - 1  # each axis to [-1, 1]


def _draw_regions(
    ax, xy: np.ndarray, region: np.ndarray, regions: Sequence[str], labels: Mapping[str, str]
) -> None:
    """Shade the convex hull of each region's actors (when it has an area) and name it."""
    for i, key in enumerate(regions):
        members = xy[region == key]
        colour = REGION_COLOURS.get(key, PALETTE[(i + 6) % len(PALETTE)])
        hull = convex_hull(members)
        if len(hull) >= 3:
            centre = hull.mean(0)
            grown = centre + (hull - centre) * 1.08
            ax.add_patch(
                Polygon(
                    grown,
                    closed=True,
                    facecolor=colour,
                    alpha=0.18,
                    edgecolor=colour,
                    lw=1.2,
                    zorder=0,
                )
            )
        if len(members):
            ax.text(
                members[:, 0].mean(),
                members[:, 1].max() + 0.07,
                labels.get(key, key.capitalize()),
                ha="center",
                fontsize=8.5,
                weight="bold",
                color="#444",
                zorder=5,
            )


def _draw_actors(
    ax, g, xy: np.ndarray, region: np.ndarray, regions: Sequence[str], labels: list[str]
) -> None:
    """Ties as grey lines; actors as dots coloured by kind, sized by degree, outlined by
    region; the ``len(labels)`` most connected actors named."""
    ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    weights = np.minimum(np.asarray(g.es["weight"], dtype=float), 4)
    # one collection of lines, drawn as separate lines with Line2D's cap style would be
    ax.add_collection(
        LineCollection(
            xy[ends],
            colors="#9aa4b1",
            linewidths=0.35 + 0.25 * weights,
            alpha=0.6,
            zorder=1,
            capstyle=mpl.rcParams["lines.solid_capstyle"],
        ),
        autolim=False,
    )
    degree = np.asarray(g.degree(), float)
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=10 + 60 * np.sqrt(degree / max(degree.max(), 1)),
        c=[KIND_COLOURS.get(k, KIND_COLOURS["other"]) for k in g.vs["kind"]],
        edgecolors=[
            REGION_COLOURS.get(r, "#ffffff") if r in regions else "#ffffff" for r in region
        ],
        linewidths=0.9,
        zorder=3,
    )
    for v, label in zip(np.argsort(-degree, kind="stable"), labels, strict=False):
        ax.text(
            xy[v, 0],
            xy[v, 1] + 0.035,
            label,
            fontsize=7,
            ha="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )


def _kind_legend(fig: Figure, kinds_seen: set[str]) -> None:
    """A legend of the actor kinds drawn (none when no actor was drawn)."""
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            color=KIND_COLOURS.get(k, KIND_COLOURS["other"]),
            label=k.replace("_", " ") or "unknown",
        )
        for k in sorted(kinds_seen, key=lambda k: (k not in KIND_COLOURS, k))
    ]
    if handles:
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncol=min(len(handles), 6),
            fontsize=8,
            frameon=False,
        )


def network_panels(
    graphs: Sequence[tuple[str, object]],
    *,
    regions: Sequence[str],
    names: dict[str, str],
    membership: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
    label_top: int = 8,
    seed: int = 42,
) -> str:
    """Side-by-side pictures of igraph graphs (vertex attributes ``name``, ``kind``):
    actors coloured by kind, each region's actors outlined and shaded.

    ``membership`` maps an actor id to the one of ``regions`` it lies in (default: the
    vertex attribute ``region``); ``region_names`` are the regions' display names
    (default: the key capitalised). Layout: Fruchterman-Reingold (igraph), seeded, with ties
    inside a region weighted twice and an anchor vertex per region tied to its actors, so
    that regions sit together.
    """
    fig = new_figure(5.2 * len(graphs), 5.6)
    axes = fig.subplots(1, len(graphs), squeeze=False)[0]
    kinds_seen: set[str] = set()
    for ax, (title, g) in zip(axes, graphs, strict=True):
        ax.set_axis_off()
        ax.set_title(title, fontsize=11)
        if g.vcount() == 0:
            ax.text(0.5, 0.5, "no ties", ha="center", va="center", transform=ax.transAxes)
            continue
        if membership is None:
            region = np.array(g.vs["region"], dtype=object)
        else:
            region = np.array([membership.get(v, "") for v in g.vs["name"]], dtype=object)
        xy = _layout(g, region, regions, seed)
        _draw_regions(ax, xy, region, regions, region_names or {})
        degree = np.asarray(g.degree(), float)
        top = np.argsort(-degree, kind="stable")[:label_top]
        labels = [names.get(g.vs[v]["name"], g.vs[v]["name"]) for v in top]
        _draw_actors(ax, g, xy, region, regions, labels)
        kinds_seen.update(g.vs["kind"])
        ax.set_xlim(-1.15, 1.15)
        ax.set_ylim(-1.15, 1.2)
    _kind_legend(fig, kinds_seen)
    return to_uri(fig)


def intervals(
    panels: Mapping[str, Sequence[tuple[str, float, float, float]]],
    *,
    title: str,
    references: Mapping[str, float] | None = None,
) -> str:
    """One panel per finding: each row a ``(label, estimate, low, high)`` drawn as a dot
    with its interval (first label on top); a dashed line at the panel's reference value
    (``references``: panel name -> value) where one is given."""
    shown = {name: rows for name, rows in panels.items() if rows}
    n = max(max((len(rows) for rows in shown.values()), default=1), 1)
    fig = new_figure(9.0, 1.0 + 0.32 * n)
    fig.suptitle(title, fontsize=11, x=0.01, ha="left")
    axes = fig.subplots(1, max(len(shown), 1), sharey=True, squeeze=False)[0]
    for ax, (name, rows) in zip(axes, shown.items(), strict=False):
        y = np.arange(len(rows))[::-1]
        est = np.array([r[1] for r in rows], dtype=float)
        low = np.array([r[2] for r in rows], dtype=float)
        high = np.array([r[3] for r in rows], dtype=float)
        spans = np.nan_to_num(np.vstack([est - low, high - est]), nan=0.0).clip(min=0.0)
        ax.errorbar(est, y, xerr=spans, fmt="o", color=PALETTE[0], capsize=3)
        if name in (references or {}):
            ax.axvline((references or {})[name], color="#999999", linestyle="--", linewidth=0.8)
        ax.set_yticks(y, [r[0] for r in rows], fontsize=8)
        ax.set_title(name, fontsize=9)
        ax.spines[["top", "right"]].set_visible(False)
    return to_uri(fig)
