"""One call for a region: public data in, one actor per organisation, the report out.

:func:`build_region` chains what a user would otherwise run by hand: load shipped
reference datasets, ingest downloaded files of public sources (or fetch them live), resolve
the actors that are one organisation (automatic merges above a threshold, a review queue
below it), and write the bioRegion report of the region. Each step is the library's own
function (:func:`bioregion.datasets.load`, :func:`bioregion.sources.ingest`,
:func:`bioregion.resolve.resolve`, :func:`bioregion.report.build_report`) on the same
store, each recorded as its own batch, so the store keeps what was done and a failed step
leaves the earlier ones in place (each is a transaction of its own).

This module sits above ``sources``, ``resolve`` and ``report``; ``bioregion build`` is its
shell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bioregion.errors import ArgumentError, NoDataError
from bioregion.store import Store

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SourceInput:
    """One source to ingest: files of ``source`` (a connector name), or, without files,
    a live fetch with ``query`` and at most ``limit`` records."""

    source: str
    paths: tuple[Path, ...] = ()
    query: Mapping[str, str] = field(default_factory=dict)
    limit: int | None = None

    @property
    def live(self) -> bool:
        return not self.paths


@dataclass
class BuildResult:
    """What :func:`build_region` did: the batches it wrote, the resolution, the report."""

    datasets: list[str]
    ingests: list[Any]  # bioregion.sources.IngestReport
    resolution: Any | None  # bioregion.resolve.ResolutionReport, None when not resolved
    report: Path | None
    period: tuple[int, int] | None
    counts: dict[str, int]


def parse_source_input(text: str) -> tuple[str, Path]:
    """``"cordis=FILE"`` -> ``("cordis", Path("FILE"))``; a clear error otherwise."""
    name, sep, path = text.partition("=")
    if not sep or not name.strip() or not path.strip():
        raise ArgumentError(
            f"--from {text!r}: give SOURCE=FILE, e.g. --from cordis=project.csv "
            "(see `bioregion sources` for the source names)"
        )
    return name.strip().lower(), Path(path.strip())


def group_inputs(pairs: Sequence[tuple[str, Path]]) -> list[SourceInput]:
    """Files of one source together, sources in the order first given (one batch each)."""
    grouped: dict[str, list[Path]] = {}
    for name, path in pairs:
        grouped.setdefault(name, []).append(path)
    return [SourceInput(name, tuple(paths)) for name, paths in grouped.items()]


def build_region(
    store: Store,
    region: str,
    inputs: Sequence[SourceInput] = (),
    *,
    datasets: Sequence[str] = (),
    period: tuple[int, int] | None = None,
    compare: Sequence[str] = (),
    out_dir: str | Path | None = None,
    resolve: bool = True,
    threshold: float = 0.95,
    review_from: float = 0.7,
    include_events: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Load ``datasets``, ingest ``inputs``, resolve the actors, report on ``region``.

    Parameters
    ----------
    store : the store to build into (it keeps every batch).
    region : the focal region of the report: a named region or NUTS code.
    inputs : the public-data files (or live fetches) to ingest, one batch per source.
    datasets : shipped reference datasets to load first (e.g. ``["belgium"]``).
    period : first and last year of the report; default: the years of the store's ties.
    compare : regions compared in the report.
    out_dir : where ``report.html`` goes; ``None`` writes no report.
    resolve : whether to resolve actors (needs the ``resolve`` extra).
    threshold, review_from : merge automatically at or above ``threshold``; queue for
        review from ``review_from`` (see :func:`bioregion.resolve.resolve`).
    include_events : whether the report counts shared events (EU projects, clinical
        trials) as ties between their participants (what most public sources record).

    Raises
    ------
    ArgumentError
        An unknown region (before anything is written).
    SourceError, ImportRejectedError
        A source that cannot be read or fetched; the batches written before stay.
    NoDataError
        A report was asked for but the store has no ties.
    MissingExtraError
        ``resolve=True`` without the ``resolve`` extra installed.
    """
    from bioregion.regions import named_region

    named_region(region)  # an unknown region fails before any work
    for name in compare:
        named_region(name)
    loaded = _load_datasets(store, datasets, progress)
    ingests, extras = _ingest_all(store, inputs, progress)
    resolution = None
    if resolve:
        from bioregion.resolve import resolve as resolve_actors

        resolution = resolve_actors(
            store, threshold=threshold, review_from=review_from, progress=progress, **extras
        )
    report, used = None, period
    if out_dir is not None:
        used = period or _tie_years(store)
        from bioregion.report import build_report

        report = build_report(
            store,
            region=region,
            period=used,
            compare=tuple(compare),
            out_dir=out_dir,
            progress=_prefixed(progress, "building the report: "),
            include_events=include_events,
        )
    return BuildResult(loaded, ingests, resolution, report, used, store.counts())


def _load_datasets(store: Store, names: Sequence[str], progress: Progress | None) -> list[str]:
    from bioregion.datasets import load

    for name in names:
        load(name, store, progress=_prefixed(progress, f"loading dataset {name}: "))
    return list(names)


def _ingest_all(
    store: Store, inputs: Sequence[SourceInput], progress: Progress | None
) -> tuple[list[Any], dict[str, Any]]:
    """Ingest each source; return the reports and what the sources say beyond the
    records (aliases, web domains, undated relations) for the resolver."""
    from bioregion.sources import ingest

    reports = []
    aliases: dict[str, list[str]] = {}
    domains: dict[str, list[str]] = {}
    relations: list[Any] = []
    for given in inputs:
        report = ingest(
            store,
            given.source,
            None if given.live else list(given.paths),
            query=dict(given.query) if given.live else None,
            limit=given.limit,
            progress=_prefixed(progress, f"{given.source}: "),
        )
        reports.append(report)
        found = report.dataset
        for aid, names in getattr(found, "aliases", {}).items():
            aliases.setdefault(aid, []).extend(names)
        for aid, names in getattr(found, "domains", {}).items():
            domains.setdefault(aid, []).extend(names)
        relations += getattr(found, "relations", [])
    return reports, {"aliases": aliases, "domains": domains, "relations": relations}


def _tie_years(store: Store) -> tuple[int, int]:
    """The first and last year of the store's ties and events."""
    import pandas as pd

    starts = [store.frame("ties", ["start"])["start"], store.frame("events", ["start"])["start"]]
    ties = pd.DataFrame({"start": pd.concat(starts, ignore_index=True).dropna()})
    if ties.empty:
        raise NoDataError(
            f"the store at {store.display} has no ties, so there is nothing to report on; "
            "give sources with ties (e.g. --from cordis=FILE) or a dataset (--dataset belgium)"
        )
    years = ties["start"].dt.year
    return int(years.min()), int(years.max())


def _prefixed(progress: Progress | None, prefix: str) -> Progress | None:
    if progress is None:
        return None

    def step(stage: str, done: int, total: int) -> None:
        progress(prefix + stage, done, total)

    return step


__all__ = [
    "BuildResult",
    "SourceInput",
    "build_region",
    "group_inputs",
    "parse_source_input",
]
