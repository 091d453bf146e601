"""Project roles and members: the roles, a project's members, invites by email."""

from __future__ import annotations

from aiohttp import web

from ..shared import json_response, read_json, state_of
from ..storage.members import ROLES, Members

__all__ = [
    "add_member",
    "invite_member",
    "list_roles",
    "remove_member",
    "update_member",
]


def _members(request: web.Request) -> Members:
    return Members(state_of(request).store)


async def list_roles(request: web.Request) -> web.Response:
    """GET /roles/project: the project roles that can be granted."""
    return json_response([dict(role) for role in ROLES])


async def add_member(request: web.Request) -> web.Response:
    """POST /projects/{id}/members: a user joins (or changes role), by id."""
    body = await read_json(request)
    _members(request).add(request.match_info["id"], body)
    return json_response({"ok": True})


async def invite_member(request: web.Request) -> web.Response:
    """POST /projects/{id}/invites: a user joins by email (made if new)."""
    body = await read_json(request)
    return json_response(_members(request).invite(request.match_info["id"], body))


async def update_member(request: web.Request) -> web.Response:
    """PATCH /projects/{id}/members/{user_id}: a member's new role."""
    body = await read_json(request)
    info = request.match_info
    _members(request).update(info["id"], info["user_id"], body)
    return json_response({"ok": True})


async def remove_member(request: web.Request) -> web.Response:
    """DELETE /projects/{id}/members/{user_id}: the user leaves the project."""
    info = request.match_info
    _members(request).remove(info["id"], info["user_id"])
    return web.Response(status=204)
