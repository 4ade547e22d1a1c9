"""``bioregion init``, ``load`` and ``describe``: the store as a whole."""

from __future__ import annotations

from typing import Annotated

import typer

from bioregion.cli._app import DbOption, app, open_store
from bioregion.cli._render import frame_table, out


@app.command()
def init(db: DbOption = None) -> None:
    """Create the store (or upgrade it to this version's schema)."""
    with open_store(db, create=True) as store:
        out.print(f"store ready at {store.display} (schema {store.revision()})")


@app.command("load")
def load_command(
    name: Annotated[str, typer.Argument(help="A shipped dataset: belgium.")],
    db: DbOption = None,
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
def describe_command(db: DbOption = None) -> None:
    """Count what the store holds: actors by kind and region, ties by kind and decade."""
    from bioregion.datasets import describe

    with open_store(db) as store:
        found = describe(store)
    out.print(found.summary())
    out.print(frame_table("actors by kind", found.actors_by_kind))
    regions = found.actors_by_region.pivot_table(
        index="kind", columns="region", values="actors", fill_value=0, aggfunc="sum"
    )
    out.print(frame_table("actors by region", regions.reset_index()))
    out.print(frame_table("ties by kind and decade of start", found.ties_by_decade.reset_index()))
