"""Writes over HTTP: allowed only when the app has a token and the request carries it.

Merges of actors (what ``bioregion resolve`` proposes) can be listed by anyone and
accepted, rejected or undone with the token, as ``bioregion merges`` does.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request

from bioregion.api.records import context_of

router = APIRouter()
ACTIONS = ("accept", "reject", "undo")


def _authorised(request: Request, authorization: str | None) -> None:
    token = context_of(request).token
    if token is None:
        raise HTTPException(403, "this server is read-only: start it with a token to allow writes")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(
            401,
            "a write needs the server's token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _merge(m: Any) -> dict[str, Any]:
    return {
        "id": m.id,
        "kept": m.kept,
        "merged": m.merged,
        "probability": m.probability,
        "status": m.status,
        "decision": m.decision,
        "evidence": m.evidence,
    }


@router.get("/merges", tags=["curation"])
def merges(request: Request, status: str | None = None) -> dict[str, Any]:
    """Merges of actors (applied, pending, rejected, undone) with their evidence."""
    found = context_of(request).store.merges(status)
    return {"items": [_merge(m) for m in found], "total": len(found)}


@router.post("/merges/{merge_id}/{action}", tags=["curation"])
def decide(
    request: Request,
    merge_id: int,
    action: str,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Accept, reject or undo a merge (needs the token)."""
    _authorised(request, authorization)
    if action not in ACTIONS:
        raise HTTPException(404, f"no action {action!r}; actions: {', '.join(ACTIONS)}")
    store = context_of(request).store
    if action == "undo":
        done = store.undo_merge(merge_id)
    else:
        done = store.decide_merge(merge_id, accept=action == "accept")
    return {"merge": _merge(done)}
