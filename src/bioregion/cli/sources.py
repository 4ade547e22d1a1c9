"""``bioregion sources``, ``ingest`` and ``fetch``: public data into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from bioregion.cli._app import (
    BusyTimeoutOption,
    DbOption,
    FormatOption,
    app,
    open_store,
    removed_if_new,
    store_target,
)
from bioregion.cli._render import emit, err, out, staged_progress
from bioregion.errors import ArgumentError

SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE",
        help="The source's name: cordis, clinicaltrials, ror, openalex, edgar, or a "
        "plugin's (bioregion sources lists them).",
    ),
]
LabelOption = Annotated[
    str,
    typer.Option(
        "--label",
        metavar="TEXT",
        help="A label for the batch (default: the source and what was read).",
    ),
]


@app.command("sources")
def sources_command(format: FormatOption = "table") -> None:
    """List the connectors to public data: name, title, licence, live fetching.

    Connectors register under the entry-point group bioregion.sources; a plugin
    package adds its own there. A registered connector that cannot be loaded is
    reported on stderr.
    """
    from bioregion.sources.base import loaded_connectors

    found, broken = loaded_connectors()
    records = [
        {
            "name": name,
            "title": connector.title,
            "licence": connector.licence,
            "live": "yes" if callable(getattr(connector, "fetch", None)) else "no",
        }
        for name, connector in found.items()
    ]
    emit(records, ["name", "title", "licence", "live"], "sources of public data", format)
    for reason in broken.values():
        err.print(f"warning: {reason}")


@app.command("ingest")
def ingest_command(
    source: SourceArgument,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Files downloaded from the source, ingested together as one batch.",
            metavar="FILE",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ],
    label: LabelOption = "",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Read files downloaded from a public source into the store as one batch.

    The records are checked like an import: any problem (with its file and record)
    rejects the batch and nothing is written. Actors merged by curation stay merged;
    ingesting the same files again changes nothing.
    """
    from bioregion.sources.ingest import ingest

    with (
        removed_if_new(store_target(db)),
        open_store(db, create=True) as store,
        staged_progress() as progress,
    ):
        report = ingest(store, source, files, label=label, progress=progress)
    print_report(report, store.display)


@app.command("fetch")
def fetch_command(
    source: SourceArgument,
    query: Annotated[
        list[str] | None,
        typer.Option(
            "--query",
            "-q",
            metavar="KEY=VALUE",
            help="A query parameter of the source's API (repeatable), e.g. "
            "--query filter=locations.geonames_details.country_code:BE for ror.",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, metavar="N", help="Fetch at most N records."),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option(
            "--max-pages",
            min=1,
            metavar="N",
            help="Fetch at most N pages (default: the source's cap).",
        ),
    ] = None,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            metavar="DIR",
            file_okay=False,
            help="Folder of the HTTP cache and checkpoints [default: $BIOREGION_CACHE_DIR, "
            "else ~/.cache/bioregion].",
        ),
    ] = None,
    label: LabelOption = "",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Fetch records live from a public source's API into the store as one batch.

    Responses are cached on disk and requests keep to the source's rate limit;
    failed requests are retried with backoff. Nothing is written unless every page
    arrived: run the same command again after a failure and it continues where it
    stopped. Set BIOREGION_CONTACT_EMAIL (sent with every request; SEC EDGAR
    requires it) and BIOREGION_<SOURCE>_API_KEY where a source has keys.
    """
    from bioregion.sources import connector as find_connector
    from bioregion.sources.http import source_config
    from bioregion.sources.ingest import ingest

    found = find_connector(source)
    config = source_config(found, cache_dir=cache_dir, max_pages=max_pages)
    with (
        removed_if_new(store_target(db)),
        open_store(db, create=True) as store,
        staged_progress() as progress,
    ):
        report = ingest(
            store,
            found,
            config=config,
            query=parse_query(query or []),
            limit=limit,
            label=label,
            progress=progress,
        )
    print_report(report, store.display)


def parse_query(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` texts as a dict; anything else is an :class:`ArgumentError`."""
    found: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ArgumentError(f"--query {item!r}: write KEY=VALUE, e.g. --query query=leuven")
        found[key.strip()] = value.strip()
    return found


def print_report(report: Any, display: str) -> None:
    for note in report.notes:
        out.print(f"note: {note}")
    out.print(
        f"ingested batch {report.batch_id} from {report.source} into {display}: {report.summary()}"
    )
