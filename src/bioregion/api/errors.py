"""One JSON shape for every error the API returns.

``{"error": {"status": 404, "type": "not_found", "message": "...", "field": null}}``:
the library's errors keep their message (which says what is wrong and what to do),
request validation names the parameter, and anything unexpected is a 500 whose message
says so without a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from bioregion.api.pages import CursorError
from bioregion.errors import (
    ArgumentError,
    BioregionError,
    ExportError,
    MissingExtraError,
    NoDataError,
    NotFoundError,
    StoreError,
    UnknownRegionError,
    ValidationError,
)

log = logging.getLogger("bioregion.api")

#: Library errors by HTTP status (the first class that matches wins).
STATUS: tuple[tuple[type[BioregionError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (UnknownRegionError, 400, "unknown_region"),
    (ValidationError, 422, "invalid_data"),
    (ArgumentError, 400, "bad_request"),
    (NoDataError, 404, "no_data"),
    (ExportError, 400, "bad_request"),
    (MissingExtraError, 501, "missing_extra"),
    (StoreError, 503, "store_unavailable"),
)
_HTTP_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    410: "gone",
    422: "invalid_request",
}


def error_body(status: int, kind: str, message: str, field: str | None = None) -> dict:
    return {"error": {"status": status, "type": kind, "message": message, "field": field}}


def _respond(status: int, kind: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, kind, message, field), status_code=status)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape."""

    @app.exception_handler(BioregionError)
    async def library_error(request: Request, exc: BioregionError) -> JSONResponse:
        if isinstance(exc, CursorError) and exc.stale:
            return _respond(410, "stale_cursor", str(exc), "cursor")
        if isinstance(exc, CursorError):
            return _respond(400, "bad_cursor", str(exc), "cursor")
        for cls, status, kind in STATUS:
            if isinstance(exc, cls):
                message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                return _respond(status, kind, str(message))
        return _respond(400, "bad_request", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        kind = _HTTP_TYPES.get(exc.status_code, "error")
        response = _respond(exc.status_code, kind, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        first: dict[str, Any] = (exc.errors() or [{}])[0]
        where = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        field = ".".join(where) or None
        message = f"{field}: {first.get('msg', 'invalid value')}" if field else "invalid request"
        return _respond(422, "invalid_request", message, field)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _respond(
            500, "internal_error", "the server failed on this request; the log says why"
        )
