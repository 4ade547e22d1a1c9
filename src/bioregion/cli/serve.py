"""``bioregion serve``: the REST API and the dashboard over a store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, DefaultYearsOption, app, open_store
from bioregion.cli._render import out
from bioregion.errors import ArgumentError

TOKEN_ENV = "BIOREGION_API_TOKEN"


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(metavar="HOST", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=1, max=65535, metavar="PORT", help="Port to listen on.")
    ] = 8000,
    cors: Annotated[
        list[str] | None,
        typer.Option(metavar="ORIGIN", help="An origin browsers may call the API from (repeat)."),
    ] = None,
    default_years: DefaultYearsOption = 5.0,
    scenarios: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="A simulation's effects.csv (bioregion simulate --out DIR), shown too.",
        ),
    ] = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Serve the REST API (/api, schema at /api/docs) and the dashboard (/) over a store.

    Read-only unless the environment variable BIOREGION_API_TOKEN holds a token (16
    characters or more): then writes (merge decisions) are allowed to requests that
    carry it as "Authorization: Bearer <token>". Needs the api extra (FastAPI, uvicorn).
    """
    from bioregion.api import serve as run

    token = os.environ.get(TOKEN_ENV) or None
    if host not in ("127.0.0.1", "localhost", "::1") and token is None:
        out.print(f"serving read-only on {host}: anyone who reaches it can read the store")
    if token is not None and len(token) < 16:
        raise ArgumentError(f"{TOKEN_ENV} must hold at least 16 characters")
    if scenarios is not None:
        from bioregion.report.scenarios import read_effects

        effects = read_effects(scenarios)  # a bad file fails before the server starts
    else:
        effects = None
    store = open_store(db)
    out.print(f"bioregion API and dashboard: http://{host}:{port}/ (API docs: /api/docs)")
    run(
        store,
        host=host,
        port=port,
        token=token,
        cors_origins=cors or (),
        default_years=default_years,
        scenarios=effects,
    )
