"""The FastAPI application and the server (:func:`create_app`, :func:`serve`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from bioregion._version import __version__
from bioregion.api import errors, indicators, maps, networks, profiles, records, writes
from bioregion.api.context import REQUEST_VERSION, Context
from bioregion.errors import ArgumentError
from bioregion.report.scenarios import read_effects
from bioregion.store import Store

#: Where the dashboard's built assets are looked for (``make web`` writes them here).
STATIC = Path(__file__).resolve().parent / "static"


def create_app(
    store: Store | str,
    *,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    default_years: float = 5.0,
    static: Path | None = STATIC,
    scenarios: Any = None,
) -> FastAPI:
    """The API over ``store`` (a :class:`~bioregion.Store` or a path or URL to open).

    ``token``: writes are allowed only with it (``Authorization: Bearer <token>``);
    without one the API is read-only. ``cors_origins``: origins a browser may call the
    API from (none by default). ``default_years``: how long a tie without an end stays
    active in networks. ``static``: a folder of built dashboard assets served at ``/``
    when it holds an ``index.html``. ``scenarios``: a simulation's effects table (the
    ``effects.csv`` of ``bioregion simulate --out``, or that table as a DataFrame), served
    as the indicator ``scenarios`` and as the report's scenario section.
    """
    if token is not None and len(token) < 16:
        raise ArgumentError("the write token must be at least 16 characters long")
    opened = Store.open(store) if isinstance(store, str) else store
    context = Context(opened, token=token, default_years=default_years)
    if scenarios is not None:
        context.scenarios = (
            scenarios if isinstance(scenarios, pd.DataFrame) else read_effects(scenarios)
        )
    app = FastAPI(
        title="bioregion",
        version=__version__,
        summary="A regional innovation system's actors, ties, networks and measures.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.context = context
    errors.install(app)
    # Level 4: a network of 200,000 edges compresses several times faster than at the
    # default 9, for a body about 10 % larger.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=4)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "If-None-Match"],
        )
    app.add_middleware(ETags, context=context)
    app.include_router(records.router, prefix="/api")
    app.include_router(networks.router, prefix="/api")
    app.include_router(profiles.router, prefix="/api")
    app.include_router(maps.router, prefix="/api")
    app.include_router(indicators.router, prefix="/api")
    app.include_router(writes.router, prefix="/api")
    if static is not None and (static / "index.html").is_file():
        app.mount("/", StaticFiles(directory=static, html=True), name="web")
    return app


class ETags:
    """ASGI middleware: every successful GET under /api carries an ETag of the store
    version and the request; a matching ``If-None-Match`` answers 304 without running
    the endpoint. The version is read once per request and pinned for it
    (:data:`bioregion.api.context.REQUEST_VERSION`)."""

    SKIP = ("/api/openapi.json", "/api/docs")

    def __init__(self, app: Any, context: Context) -> None:
        self.app, self.context = app, context

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "GET" or not path.startswith("/api/"):
            return await self.app(scope, receive, send)
        if path in self.SKIP:
            return await self.app(scope, receive, send)
        version = self.context.refresh()
        text = f"{version}|{path}|{scope.get('query_string', b'').decode()}"
        tag = f'W/"{hashlib.sha1(text.encode()).hexdigest()[:20]}"'.encode()
        given = dict(scope["headers"]).get(b"if-none-match", b"")
        if tag in [t.strip() for t in given.split(b",")]:
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", tag)]})
            return await send({"type": "http.response.body", "body": b""})

        async def tagged(message: dict) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message["headers"] = [
                    *message.get("headers", []),
                    (b"etag", tag),
                    (b"cache-control", b"no-cache"),
                ]
            await send(message)

        pinned = REQUEST_VERSION.set(version)
        try:
            return await self.app(scope, receive, tagged)
        finally:
            REQUEST_VERSION.reset(pinned)


def serve(
    store: Store | str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    default_years: float = 5.0,
    scenarios: Any = None,
) -> None:
    """Run the API with uvicorn until interrupted."""
    import uvicorn

    app = create_app(
        store,
        token=token,
        cors_origins=cors_origins,
        default_years=default_years,
        scenarios=scenarios,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
