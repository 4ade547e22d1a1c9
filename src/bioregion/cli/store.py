"""``bioregion init``, ``load`` and ``describe``: the store as a whole."""

from __future__ import annotations

from typing import Annotated

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, app, open_store
from bioregion.cli._render import out, table

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
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Count what the store holds: actors by kind and region, ties by kind and decade."""
    from bioregion.datasets import describe

    with open_store(db) as store:
        found = describe(store, regions=tuple(region or DESCRIBE_REGIONS))
    if found.empty:
        out.print(
            f"the store at {store.display} is empty: import files with `bioregion import "
            "FILES`, or load the shipped data with `bioregion load belgium`"
        )
        return
    out.print(found.summary())
    for title, columns, rows in found.tables():
        out.print(table(title, columns, rows))
