"""The FastAPI application and the server (:func:`create_app`, :func:`serve`)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from bioregion._version import __version__
from bioregion.api import errors, networks, records, writes
from bioregion.api.context import Context
from bioregion.errors import ArgumentError
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
) -> FastAPI:
    """The API over ``store`` (a :class:`~bioregion.Store` or a path or URL to open).

    ``token``: writes are allowed only with it (``Authorization: Bearer <token>``);
    without one the API is read-only. ``cors_origins``: origins a browser may call the
    API from (none by default). ``default_years``: how long a tie without an end stays
    active in networks. ``static``: a folder of built dashboard assets served at ``/``
    when it holds an ``index.html``.
    """
    if token is not None and len(token) < 16:
        raise ArgumentError("the write token must be at least 16 characters long")
    opened = Store.open(store) if isinstance(store, str) else store
    context = Context(opened, token=token, default_years=default_years)
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
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "If-None-Match"],
        )
    _etags(app, context)
    app.include_router(records.router, prefix="/api")
    app.include_router(networks.router, prefix="/api")
    app.include_router(writes.router, prefix="/api")
    if static is not None and (static / "index.html").is_file():
        app.mount("/", StaticFiles(directory=static, html=True), name="web")
    return app


def _etags(app: FastAPI, context: Context) -> None:
    """Every successful GET under /api carries an ETag of the store version and the
    request; a matching ``If-None-Match`` answers 304 without computing the body."""

    @app.middleware("http")
    async def etag(request: Request, call_next):  # type: ignore[no-untyped-def]
        if request.method != "GET" or not request.url.path.startswith("/api/"):
            return await call_next(request)
        if request.url.path in ("/api/openapi.json", "/api/docs"):
            return await call_next(request)
        version = context.version()
        text = f"{version}|{request.url.path}|{request.url.query}"
        tag = f'W/"{hashlib.sha1(text.encode()).hexdigest()[:20]}"'
        if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers={"ETag": tag})
        response = await call_next(request)
        if response.status_code == 200:
            response.headers["ETag"] = tag
            response.headers.setdefault("Cache-Control", "no-cache")
        return response


def serve(
    store: Store | str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    cors_origins: Sequence[str] = (),
    default_years: float = 5.0,
) -> None:
    """Run the API with uvicorn until interrupted."""
    import uvicorn

    app = create_app(store, token=token, cors_origins=cors_origins, default_years=default_years)
    uvicorn.run(app, host=host, port=port, log_level="warning")
