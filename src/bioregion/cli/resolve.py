"""``bioregion resolve``: merge the actors that are one organisation, queue the doubtful."""

from __future__ import annotations

from typing import Annotated

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, FormatOption, app, open_store
from bioregion.cli._render import emit, out, staged_progress


@app.command()
def resolve(
    threshold: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            metavar="P",
            help="Match probability from which a pair is merged automatically.",
        ),
    ] = 0.95,
    review_from: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            metavar="P",
            help="Match probability from which a pair is queued for review (bioregion merges).",
        ),
    ] = 0.7,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be merged; change nothing.")
    ] = False,
    format: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Find actors that are one organisation (identifiers, names, places; a Splink
    model) and merge them, or queue them for review. Needs: pip install 'bioregion[resolve]'.

    Merges are recorded with their probability and evidence and can be undone; pairs
    rejected before are never proposed again; running it twice changes nothing.
    """
    from bioregion.resolve import resolve as run  # Splink loads only here

    with open_store(db) as store, staged_progress() as progress:
        names = {a.id: a.name for a in store.actors()}
        report = run(
            store,
            threshold=threshold,
            review_from=review_from,
            dry_run=dry_run,
            progress=progress,
        )
    verb = {
        "auto": "would merge" if dry_run else "merged",
        "pending": "would queue" if dry_run else "queued",
        "skipped": "skipped",
    }
    rows = [
        {
            "decision": verb[p.decision],
            "probability": f"{p.probability:.3f}",
            "kept": p.kept,
            "merged": p.merged,
            "names": f"{names.get(p.kept, '')} | {names.get(p.merged, '')}",
            "reason": p.reason,
            "merge": p.merge_id,
        }
        for p in report.proposals
    ]
    columns = ["decision", "probability", "kept", "merged", "names", "reason", "merge"]
    title = f"resolution of {report.actors} actors" + (" (dry run)" if dry_run else "")
    emit(rows, columns, title, format)
    if format == "table":
        out.print(
            f"{len(report.merged)} merged, {len(report.queued)} queued for review, "
            f"{len(report.skipped)} skipped" + (" (dry run: nothing changed)" if dry_run else "")
        )
