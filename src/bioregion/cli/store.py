"""``bioregion init``, ``load`` and ``describe``: the store as a whole."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, app, open_store
from bioregion.cli._render import out, table
from bioregion.store import Store

#: The regions ``describe`` breaks actors down by unless --region is given (the command
#: line's Belgian default; the library has none).
DESCRIBE_REGIONS = ("flanders", "wallonia", "brussels")


@app.command()
def init(db: DbOption = None, busy_timeout: BusyTimeoutOption = None) -> None:
    """Create the store (or upgrade it to this version's schema)."""
    with open_store(db, create=True) as store:
        out.print(f"store ready at {store.display} (schema {store.revision()})")


@app.command("load")
def load_command(
    name: Annotated[str, typer.Argument(metavar="NAME", help="A shipped dataset: belgium.")],
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Load a shipped reference dataset into the store (through the ordinary importer)."""
    from bioregion.datasets import load

    with open_store(db, create=True) as store:
        load(name, store)
        batch = store.batches()[-1]
    counts = "; ".join(
        f"{kind}s: {c['created']} new, {c['updated']} updated, {c['unchanged']} unchanged"
        for kind, c in batch.counts.items()
        if any(c.values())
    )
    out.print(f"loaded dataset {name} into {store.display} as batch {batch.id}: {counts}")


@app.command("describe")
def describe_command(
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            metavar="REGION",
            help="Break actors down by this named region or NUTS code (repeat for more) "
            "[default: flanders, wallonia, brussels].",
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="Also show ties per firm and period, which firms were reviewed end to end "
            "(the shipped datasets' reviews) and the gaps their reviews left.",
        ),
    ] = False,
    tag: Annotated[
        str, typer.Option("--tag", metavar="TAG", help="With --coverage: the firms' tag.")
    ] = "nbf",
    step: Annotated[
        int, typer.Option("--step", min=1, metavar="YEARS", help="With --coverage: period width.")
    ] = 5,
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Count what the store holds: actors by kind and region, ties by kind and decade."""
    from bioregion.datasets import describe

    with open_store(db) as store:
        found = describe(store, regions=tuple(region or DESCRIBE_REGIONS))
        covered = _coverage(store, tag, step) if coverage and not found.empty else None
    if found.empty:
        out.print(
            f"the store at {store.display} is empty: import files with `bioregion import "
            "FILES`, or load the shipped data with `bioregion load belgium`"
        )
        return
    out.print(found.summary())
    for title, columns, rows in found.tables():
        out.print(table(title, columns, rows))
    if covered is not None:
        _print_coverage(*covered, tag=tag, step=step)


def _coverage(store: Store, tag: str, step: int) -> tuple[Any, Any]:
    """The coverage table of the store's ``tag`` actors and the shipped reviews."""
    from bioregion.datasets.reviews import coverage_with_reviews, reviews

    reviewed = reviews()
    return coverage_with_reviews(store, reviewed, tag=tag, step=step), reviewed


def _print_coverage(found: Any, reviewed: Any, *, tag: str, step: int) -> None:
    """Ties per firm and period, review dates, then each reviewed firm's searches and gaps."""
    if found.empty:
        out.print(f"no actor carries the tag {tag!r}: nothing to cover (see --tag)")
        return
    periods = [c for c in found.columns if c not in ("firm", "total", "reviewed", "gaps")]
    starts = [p.split("-")[0] for p in periods]
    rows = [
        [str(i), *(str(r[p]) for p in periods), str(r["total"]), r["reviewed"] or "-"]
        for i, r in found.iterrows()
    ]
    title = (
        f"Coverage: ties of each {tag!r} actor per {step}-year period, by the period's "
        f"first year ({len(rows)} actors; reviewed = date its history was gone through)"
    )
    columns = ["id", *starts, "total", "reviewed"]
    out.print(table(title, columns, rows, right=[*starts, "total"]))
    mine = reviewed[reviewed.index.isin(found.index)]
    out.print(f"{len(mine)} of {len(found)} reviewed end to end; not yet: {len(found) - len(mine)}")
    if len(mine):
        rows = [[str(i), r["searched"], r["gaps"] or "-"] for i, r in mine.iterrows()]
        out.print(
            table("Reviews: what was searched, the gaps left", ["id", "searched", "gaps"], rows)
        )
