"""``bioregion build``: one command for a region (public data in, the report out)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, app, open_store
from bioregion.cli._render import out, staged_progress
from bioregion.errors import ArgumentError


def _period(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    first, sep, last = text.partition("-")
    if not sep or not (first.strip().isdigit() and last.strip().isdigit()):
        raise ArgumentError(f"--period {text!r}: give FIRST-LAST years, e.g. 1987-2017")
    years = int(first), int(last)
    if years[0] > years[1]:
        raise ArgumentError(f"--period {text!r}: the first year is after the last")
    return years


def _fetches(sources: list[str], queries: list[str]) -> list:
    """``--fetch SOURCE`` inputs with their ``--query SOURCE:KEY=VALUE`` parameters."""
    from bioregion.build import SourceInput

    params: dict[str, dict[str, str]] = {name.lower(): {} for name in sources}
    for item in queries:
        name, sep, pair = item.partition(":")
        key, eq, value = pair.partition("=")
        if not sep or not eq or not key.strip():
            raise ArgumentError(
                f"--query {item!r}: write SOURCE:KEY=VALUE, e.g. --query ror:query=leuven"
            )
        if name.strip().lower() not in params:
            raise ArgumentError(f"--query {item!r}: {name!r} is not given with --fetch")
        params[name.strip().lower()][key.strip()] = value.strip()
    return [SourceInput(name, query=query) for name, query in params.items()]


@app.command("build")
def build_command(
    region: Annotated[
        str, typer.Argument(metavar="REGION", help="The region: a named region or NUTS code.")
    ],
    inputs: Annotated[
        list[str] | None,
        typer.Option(
            "--from",
            metavar="SOURCE=FILE",
            help="A downloaded file of a public source, e.g. cordis=project.csv "
            "(repeatable; one batch per source).",
        ),
    ] = None,
    fetch: Annotated[
        list[str] | None,
        typer.Option("--fetch", metavar="SOURCE", help="Fetch a source live (repeatable)."),
    ] = None,
    query: Annotated[
        list[str] | None,
        typer.Option(
            "--query", metavar="SOURCE:KEY=VALUE", help="A query parameter of a --fetch source."
        ),
    ] = None,
    dataset: Annotated[
        list[str] | None,
        typer.Option(
            "--dataset", metavar="NAME", help="Load a shipped dataset first, e.g. belgium."
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(metavar="FIRST-LAST", help="Years of the report [default: the ties' years]."),
    ] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option("--compare", metavar="REGION", help="Regions to compare (repeatable)."),
    ] = None,
    out_dir: Annotated[
        Path,
        typer.Option("--out", metavar="FOLDER", help="Directory to write report.html into."),
    ] = Path("out/build"),
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve/--no-resolve",
            help="Merge the actors that are one organisation (needs the resolve extra).",
        ),
    ] = True,
    events: Annotated[
        bool,
        typer.Option(
            "--events/--no-events",
            help="Count shared EU projects and clinical trials as ties in the report.",
        ),
    ] = True,
    threshold: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, metavar="P", help="Merge automatically from this probability."
        ),
    ] = 0.95,
    review_from: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, metavar="P", help="Queue for review from this probability."),
    ] = 0.7,
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Build a region from public data: ingest, resolve, and write its report.

    Loads the shipped datasets given, ingests each --from file (one batch per source)
    and each --fetch source live, merges the actors that are one organisation (a review
    queue below the threshold: see `bioregion merges`), and writes report.html. Every
    step is a batch of its own in the store.
    """
    from bioregion.build import build_region, group_inputs, parse_source_input

    files = group_inputs([parse_source_input(text) for text in inputs or []])
    live = _fetches(fetch or [], query or [])
    with open_store(db, create=True) as store, staged_progress() as progress:
        result = build_region(
            store,
            region,
            [*files, *live],
            datasets=dataset or [],
            period=_period(period),
            compare=compare or [],
            out_dir=out_dir,
            resolve=resolve,
            threshold=threshold,
            review_from=review_from,
            include_events=events,
            progress=progress,
        )
    for report in result.ingests:
        out.print(f"{report.source}: batch {report.batch_id}: {report.summary()}")
    if result.resolution is not None:
        found = result.resolution
        out.print(
            f"resolved {found.actors} actors: {len(found.merged)} merged, "
            f"{len(found.queued)} queued for review (bioregion merges list)"
        )
    counts = ", ".join(f"{n} {kind}s" for kind, n in result.counts.items())
    out.print(f"the store holds {counts}")
    out.print(f"report: {result.report}")
