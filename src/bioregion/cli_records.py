"""``bioregion actors``, ``ties``, ``show``, ``regions`` and ``batches``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel

from bioregion.cli import FormatOption, _emit, _table, app, open_store, out
from bioregion.model.dates import PartialDate


@app.command()
def actors(
    kind: Annotated[str | None, typer.Option(help="Only actors of this kind.")] = None,
    region: Annotated[
        str | None,
        typer.Option(
            help="Only actors in this named region or NUTS "
            "code (flanders, wallonia, brussels, BE24, ...)."
        ),
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Only actors whose id or name contains this text.")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """List the actors in the store."""
    with open_store() as store:
        found = store.actors(kind=kind, region=region, search=search)
    columns = ["id", "name", "kind", "founded", "ended", "country", "nuts", "city"]
    _emit([a.to_dict() for a in found], columns, f"{len(found)} actors", format)


@app.command()
def ties(
    actor: Annotated[str | None, typer.Option(help="Only ties of this actor (either end).")] = None,
    kind: Annotated[
        list[str] | None, typer.Option(help="Only ties of this kind (repeat for more).")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="Only ties starting on or after this date (YYYY, YYYY-MM, YYYY-MM-DD)."
        ),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Only ties starting on or before this date.")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """List the ties in the store, oldest first."""
    with open_store() as store:
        found = store.ties(
            actor=actor,
            kind=kind or None,
            start_from=_date(start, "--from"),
            start_to=_date(end, "--to"),
        )
    columns = ["id", "kind", "source", "target", "start", "end", "stage", "total", "currency"]
    _emit([t.to_dict() for t in found], columns, f"{len(found)} ties", format)


def _date(text: str | None, option: str) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


@app.command()
def show(actor: Annotated[str, typer.Argument(help="The actor's id.")]) -> None:
    """Show one actor: its details, identifiers, ties and the sources that say so."""
    with open_store() as store:
        found = store.actor(actor)
        actor_ties = store.ties(actor=actor)
        cited = {s for t in actor_ties for s in t.sources} | set(found.sources)
        sources = {s.id: s for s in store.sources(ids=cited)}
        names = {
            a.id: a.name
            for a in store.actors(
                ids={t.source for t in actor_ties} | {t.target for t in actor_ties}
            )
        }
    facts = [f"[bold]{found.name}[/] ({found.id}) — {found.kind}"]
    place = ", ".join(x for x in (found.city, found.nuts, found.country) if x)
    life = f"founded {found.founded or '?'}" + (
        f", ended {found.ended} ({found.end_reason or '?'})" if found.ended else ""
    )
    facts += [life, f"location: {place or 'unknown'}"]
    if found.identifiers:
        facts.append("identifiers: " + ", ".join(f"{k}:{v}" for k, v in found.identifiers.items()))
    if found.tags:
        facts.append("tags: " + ", ".join(found.tags))
    facts += [f"source: {sources[s].url}" for s in found.sources if s in sources]
    out.print(Panel("\n".join(facts), expand=False))
    numbers: dict[str, int] = {}
    for t in actor_ties:
        for sid in t.sources:
            numbers.setdefault(sid, len(numbers) + 1)
    rows = [
        [
            str(t.start),
            t.kind,
            names.get(t.source, t.source),
            names.get(t.target, t.target),
            " ".join(f"[{numbers[s]}]" for s in t.sources),
        ]
        for t in actor_ties
    ]
    out.print(
        _table(f"{len(actor_ties)} ties", ["start", "kind", "source", "target", "sources"], rows)
    )
    for sid, number in numbers.items():
        out.print(f"[{number}] {sources[sid].url if sid in sources else sid}", highlight=False)


@app.command()
def regions(
    code: Annotated[
        str | None,
        typer.Argument(help="A NUTS code or region name to show with its parents and children."),
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Only regions of this country (BE, EL, GR, ...).")
    ] = None,
    level: Annotated[
        int | None, typer.Option(help="Only regions of this NUTS level (0-3).")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="Find the NUTS-3 region of a point: LAT,LON.")
    ] = None,
    named: Annotated[
        bool, typer.Option("--named", help="List the named regions (Flanders, Wallonia, ...).")
    ] = False,
    format: FormatOption = "table",
) -> None:
    """Look up NUTS 2021 regions, named regions, and the region of a point."""
    from bioregion import regions as nuts

    if at:
        lat, lon = _point(at)
        found = nuts.locate_nuts3(lat, lon)
        if found is None:
            out.print(f"{lat}, {lon} lies in no NUTS 2021 region")
            raise typer.Exit(1)
        region = nuts.region_of(found)
        out.print(
            f"{found} {nuts.nuts_region(found).name}" + (f" ({region.name})" if region else "")
        )
        return
    if named:
        rows = [
            {"key": r.key, "name": r.name, "codes": list(r.codes)} for r in nuts.named_regions()
        ]
        _emit(rows, ["key", "name", "codes"], "named regions", format)
        return
    if code:
        area = nuts.named_region(code)
        listed = [nuts.nuts_region(c) for c in area.codes]
        listed += [d for c in area.codes for d in nuts.nuts_descendants(c)]
        if level is not None:
            listed = [r for r in listed if r.level == level]
        title = f"{area.name}: {', '.join(area.codes)}"
    else:
        listed = nuts.nuts_regions(level=level, country=country)
        title = f"{len(listed)} NUTS 2021 regions"
    rows = [{"code": r.code, "name": r.name, "level": r.level, "parent": r.parent} for r in listed]
    _emit(rows, ["code", "name", "level", "parent"], title, format)


def _point(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(x) for x in text.split(","))
    except ValueError:
        raise typer.BadParameter(
            "give the point as LAT,LON, e.g. 50.88,4.70", param_hint="--at"
        ) from None
    return lat, lon


@app.command()
def batches(
    changes: Annotated[int | None, typer.Option(help="Show the changes one batch made.")] = None,
    format: FormatOption = "table",
) -> None:
    """List the imports recorded in the store (files, hashes, counts) or one batch's changes."""
    with open_store() as store:
        if changes is not None:
            rows = store.changes(batch=changes)
            _emit(
                rows,
                ["record_type", "record_key", "action", "changed"],
                f"changes of batch {changes}",
                format,
            )
            return
        found = store.batches()
    rows = [
        {
            "id": b.id,
            "finished": str(b.finished_at)[:19],
            "label": b.label,
            "files": [f"{f['path']} ({f['sha256'][:12]})" for f in b.files],
            "counts": {
                k: "/".join(str(v) for v in c.values())
                for k, c in b.counts.items()
                if any(c.values())
            },
        }
        for b in found
    ]
    _emit(
        rows,
        ["id", "finished", "label", "files", "counts"],
        f"{len(found)} batches (counts: new/updated/unchanged)",
        format,
    )
