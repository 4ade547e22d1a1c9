"""The REST API: a store's records, networks, measures and tables over HTTP.

``create_app(store)`` returns a FastAPI application (``pip install 'bioregion[api]'``);
``bioregion serve`` runs it with uvicorn. The API is a shell over the library: every
answer comes from :class:`bioregion.Store`, :class:`bioregion.network.TemporalNetwork`,
the measures of :mod:`bioregion.network` and the exports of :mod:`bioregion.io`.

- Read-only by default. Writes (merge decisions) need the app to be started with a token
  and the request to carry it (``Authorization: Bearer <token>``).
- Lists are paged with an opaque cursor (``next_cursor``), filtered and sorted by query
  parameters; every answer carries an ETag made of the store's version
  (:meth:`bioregion.Store.version`) and the request, and ``If-None-Match`` gets 304.
- Errors have one JSON shape: ``{"error": {"status", "type", "message", "field"}}``.
- Networks come column-wise (``nodes.id``, ``nodes.x``, ... ``edges.source`` as node
  positions), laid out server-side by igraph (seeded) and cached per store version.
- Built dashboard assets, when present in ``bioregion/api/static``, are served at ``/``.

The endpoints and their parameters: ``docs/api.md`` and the OpenAPI schema at
``/api/openapi.json``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bioregion.api.app import create_app, serve

__all__ = ["create_app", "serve"]


def __getattr__(name: str) -> Any:
    """Import FastAPI only when the API is used (it is an optional extra)."""
    if name in __all__:
        try:
            from bioregion.api import app
        except ImportError as exc:  # pragma: no cover - depends on the installation
            from bioregion.errors import MissingExtraError

            raise MissingExtraError(exc.name or "fastapi", "api") from None
        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
