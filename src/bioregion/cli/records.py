"""``bioregion actors``, ``ties``, ``show`` and ``regions``: looking things up."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.panel import Panel

from bioregion.cli._app import (
    DATE,
    BusyTimeoutOption,
    DbOption,
    DefaultYearsOption,
    FormatOption,
    When,
    app,
    check_kinds,
    open_store,
    read_dates,
)
from bioregion.cli._render import emit, out, table
from bioregion.model.activity import DEFAULT_DURATION_YEARS
from bioregion.model.records import Actor, Source, Tie
from bioregion.model.vocab import ActorKind, TieKind


@app.command()
def actors(
    kind: Annotated[
        str | None, typer.Option(metavar="KIND", help="Only actors of this kind.")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            metavar="REGION",
            help="Only actors in this named region or NUTS "
            "code (flanders, wallonia, brussels, BE24, ...).",
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Only actors whose id or name contains this text."),
    ] = None,
    format: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """List the actors in the store."""
    check_kinds(kind, ActorKind, "--kind")
    with open_store(db) as store:
        found = store.actors(kind=kind, region=region, search=search)
    columns = ["id", "name", "kind", "founded", "ended", "country", "nuts", "city"]
    emit([a.to_dict() for a in found], columns, f"{len(found)} actors", format)


@app.command()
def ties(
    actor: Annotated[
        str | None, typer.Option(metavar="ACTOR", help="Only ties of this actor (either end).")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(metavar="KIND", help="Only ties of this kind (repeat for more)."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar=DATE,
            help="Only ties active on or after this date (YYYY, YYYY-MM, YYYY-MM-DD): "
            "not ended before it.",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", metavar=DATE, help="Only ties active on or before this date: started by then."
        ),
    ] = None,
    default_years: DefaultYearsOption = DEFAULT_DURATION_YEARS,
    format: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """List the ties in the store, oldest first.

    With --from and --to, the ties active at some time in that window: started by its
    end and not ended before its start. A tie without an end date counts as active for
    --default-years after its start.
    """
    when = read_dates(start=start, end=end)
    check_kinds(kind, TieKind, "--kind")
    with open_store(db) as store:
        if actor:
            store.actor(actor)  # an unknown id fails here, with close matches
        found = store.ties(actor=actor, kind=kind or None, start_to=when.end)
    if when.given:
        found = _active(found, when, default_years)
    columns = ["id", "kind", "source", "target", "start", "end", "stage", "total", "currency"]
    emit([t.to_dict() for t in found], columns, f"{len(found)} ties", format)


def _active(found: list[Tie], when: When, default_years: float) -> list[Tie]:
    """The ties active in the window, by the network's rule (:meth:`TemporalNetwork.active`)."""
    from bioregion.network import TemporalNetwork, ties_frame

    network = TemporalNetwork(ties_frame(found), default_years=default_years)
    window = (when.start or dt.date.min, when.end or dt.date.max)
    return [found[i] for i in network.active(window=window).index]


@app.command()
def show(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="The actor's id.")],
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Show one actor: its details, identifiers, ties (with their ids and dates) and sources."""
    with open_store(db) as store:
        found = store.actor(actor)
        actor_ties = store.ties(actor=actor)
        cited = {s for t in actor_ties for s in t.sources} | set(found.sources)
        sources = {s.id: s for s in store.sources(ids=cited)}
        ends = {t.source for t in actor_ties} | {t.target for t in actor_ties}
        names = {a.id: a.name for a in store.actors(ids=ends)}
    out.print(Panel(_actor_facts(found, sources), expand=False))
    numbers: dict[str, int] = {}
    for t in actor_ties:
        for sid in t.sources:
            numbers.setdefault(sid, len(numbers) + 1)
    out.print(_ties_table(actor_ties, names, numbers))
    for sid, number in numbers.items():
        out.print(f"[{number}] {sources[sid].url if sid in sources else sid}", highlight=False)


def _actor_facts(found: Actor, sources: dict[str, Source]) -> str:
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
    return "\n".join(facts)


def _ties_table(actor_ties: list[Tie], names: dict[str, str], numbers: dict[str, int]):
    columns = ["id", "start", "end", "kind", "source", "target", "sources"]
    rows = [
        [
            t.id,
            str(t.start),
            str(t.end) if t.end else "",
            t.kind,
            names.get(t.source, t.source),
            names.get(t.target, t.target),
            " ".join(f"[{numbers[s]}]" for s in t.sources),
        ]
        for t in actor_ties
    ]
    return table(f"{len(actor_ties)} ties", columns, rows)


@app.command()
def regions(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="REGION",
            help="A NUTS code or region name to show with its parents and children.",
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(metavar="COUNTRY", help="Only regions of this country (BE, EL, GR, ...)."),
    ] = None,
    level: Annotated[
        int | None, typer.Option(metavar="LEVEL", help="Only regions of this NUTS level (0-3).")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(metavar="LAT,LON", help="Find the NUTS-3 region of a point: LAT,LON."),
    ] = None,
    named: Annotated[
        bool, typer.Option("--named", help="List the named regions (Flanders, Wallonia, ...).")
    ] = False,
    format: FormatOption = "table",
) -> None:
    """Look up NUTS 2021 regions, named regions, and the region of a point."""
    from bioregion import regions as nuts

    if at:
        _print_point(at)
        return
    if named:
        rows = [
            {"key": r.key, "name": r.name, "codes": list(r.codes)} for r in nuts.named_regions()
        ]
        emit(rows, ["key", "name", "codes"], "named regions", format)
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
    emit(rows, ["code", "name", "level", "parent"], title, format)


def _print_point(text: str) -> None:
    from bioregion import regions as nuts

    try:
        lat, lon = (float(x) for x in text.split(","))
    except ValueError:
        raise typer.BadParameter(
            "give the point as LAT,LON, e.g. 50.88,4.70", param_hint="--at"
        ) from None
    found = nuts.locate_nuts3(lat, lon)
    if found is None:
        out.print(f"{lat}, {lon} lies in no NUTS 2021 region")
        raise typer.Exit(1)
    region = nuts.region_of(found)
    out.print(f"{found} {nuts.nuts_region(found).name}" + (f" ({region.name})" if region else ""))
