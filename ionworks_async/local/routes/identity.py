"""Health, identity, a project's measurements and watching them."""

from __future__ import annotations

import attrs
from aiohttp import web

from ..._runtime.version import __version__
from ..errors import ApiError
from ..shared import json_response, state_of
from ..storage.members import user_id_of
from ..storage.record_types import LOCAL_ORGANIZATION, MEASUREMENT, PROJECT
from .queries import parse_list_query

__all__ = ["healthz", "list_project_measurements", "unwatch", "users_me", "watch"]


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: the server answers (open: no key needed)."""
    return json_response({"status": "ok", "version": __version__})


async def users_me(request: web.Request) -> web.Response:
    """GET /users/me: the key's user and the organisation it acts for."""
    email = state_of(request).store.user_email
    return json_response(
        {
            "id": user_id_of(email),
            "email": email,
            "authorized_organization": dict(LOCAL_ORGANIZATION),
            "organizations": [dict(LOCAL_ORGANIZATION)],
        }
    )


async def list_project_measurements(request: web.Request) -> web.Response:
    """GET /cell_measurements?project_id=: every measurement of a project."""
    state = state_of(request)
    project_id = request.query.get("project_id", "").removeprefix("eq.")
    if not project_id:
        raise ApiError(400, "project_id is required: the project to list")
    state.store.get(PROJECT, project_id)
    query = attrs.evolve(
        parse_list_query(request.query, MEASUREMENT), project_id=project_id
    )
    items, total = state.store.project_measurements(query)
    return json_response({"items": items, "count": len(items), "total": total})


async def watch(request: web.Request) -> web.Response:
    """POST /cell_measurements/{id}/watch: start watching (idempotent)."""
    state_of(request).store.watch(request.match_info["id"], on=True)
    return json_response({"watching": True})


async def unwatch(request: web.Request) -> web.Response:
    """DELETE /cell_measurements/{id}/watch: stop watching (idempotent)."""
    state_of(request).store.watch(request.match_info["id"], on=False)
    return web.Response(status=204)
