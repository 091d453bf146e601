"""The organisation's routes: its members and roles, its usage, and search."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, read_json, state_of
from ..storage.organisation import (
    invite,
    members,
    remove,
    set_active,
    set_role,
    usage,
)
from ..storage.record_types import LOCAL_ORGANIZATION
from ..storage.search import ENTITY_TYPES, search

__all__ = ["organisation_routes"]

USERS = "/organizations/{org}/users"


def _organisation(request: web.Request) -> str:
    """Return the key's own email, once the route names its organisation."""
    if request.match_info["org"] != LOCAL_ORGANIZATION["id"]:
        raise ApiError(404, f"Organization {request.match_info['org']!r} not found")
    return state_of(request).store.user_email


async def list_users(request: web.Request) -> web.Response:
    """GET /organizations/{org}/users: every member."""
    own = _organisation(request)
    store = state_of(request).store
    return json_response(store.write(lambda db: members(db, own)))


async def invite_user(request: web.Request) -> web.Response:
    """POST /organizations/{org}/users/by-email: add someone (no email sent)."""
    own = _organisation(request)
    body = await read_json(request)
    store = state_of(request).store
    return json_response(store.write(lambda db: invite(db, own, body)))


async def _change(request: web.Request, change: Any) -> web.Response:
    own = _organisation(request)
    body = await read_json(request) if request.can_read_body else {}
    user = request.match_info["user_id"]
    store = state_of(request).store
    store.write(lambda db: change(db, own, user, body))
    return json_response({"user_id": user})


async def patch_role(request: web.Request) -> web.Response:
    """PATCH .../users/{user_id}/role: ``{"role_name": "Admin" | "Member"}``."""
    return await _change(request, set_role)


async def patch_user(request: web.Request) -> web.Response:
    """PATCH .../users/{user_id}: ``{"is_active": bool}``."""
    return await _change(request, set_active)


async def resend(request: web.Request) -> web.Response:
    """POST .../users/{user_id}/resend-invite: nothing to send here (200)."""
    return await _change(request, lambda db, own, user, body: _exists(db, own, user))


def _exists(db: Any, own: str, user: str) -> None:
    found = db.execute(
        "SELECT 1 FROM organisation_users WHERE id = ?", (user,)
    ).fetchone()
    if found is None:
        raise ApiError(404, f"No member {user!r} in the organisation")


async def delete_user(request: web.Request) -> web.Response:
    """DELETE .../users/{user_id}: out of the organisation and its projects."""
    own = _organisation(request)
    user = request.match_info["user_id"]
    state_of(request).store.write(lambda db: remove(db, own, user))
    return web.Response(status=204)


async def get_usage(request: web.Request) -> web.Response:
    """GET /organizations/current/usage: nought, this month."""
    return json_response(usage())


def organisation_routes() -> list[web.RouteDef]:
    """Return the organisation's routes."""
    user = USERS + "/{user_id:(?!by-email$)[^{}/]+}"
    return [
        web.get("/organizations/current/usage", get_usage),
        web.get("/search", get_search),
        web.get(USERS, list_users),
        web.post(USERS + "/by-email", invite_user),
        web.patch(user + "/role", patch_role),
        web.patch(user, patch_user),
        web.post(user + "/resend-invite", resend),
        web.delete(user, delete_user),
    ]


async def get_search(request: web.Request) -> web.Response:
    """GET /search: records of every type whose name holds the query."""
    query = request.query
    text = query.get("q")
    if text is None or not text.strip():
        raise ApiError(400, "q is required: the text to find")
    numbers = {}
    for name, default, low, high in (
        ("limit", 25, 1, 100),
        ("offset", 0, 0, 2**62),
        ("per_type", 5, 1, 100),
    ):
        raw = query.get(name)
        try:
            value = default if raw is None else int(raw)
        except ValueError:
            raise ApiError(400, f"{name} must be an integer, got {raw!r}") from None
        if not low <= value <= high:
            raise ApiError(400, f"{name} must be between {low} and {high}")
        numbers[name] = value
    types = query.getall("entity_types", None)
    unknown = sorted(set(types or ()) - set(ENTITY_TYPES))
    if unknown:
        raise ApiError(
            400, f"entity_types: unknown {unknown}; known: {list(ENTITY_TYPES)}"
        )
    store = state_of(request).store
    found = search(
        store.connection,
        text,
        limit=numbers["limit"],
        offset=numbers["offset"],
        per_type=numbers["per_type"],
        entity_types=list(types) if types else None,
        project_id=query.get("project_id"),
    )
    return json_response(found)
