"""The lab's routes: sites, cyclers, channels, and a project's lab view."""

from __future__ import annotations

import attrs
from aiohttp import web

from ..shared import json_response, state_of
from ..storage.lab_kinds import CHANNEL, CYCLER, SITE
from ..storage.lab_view import lab_status, watched_ids
from ..storage.record_types import PROJECT
from ..storage.rows import select_page
from .queries import parse_list_query
from .records import create_record, list_records, record_routes

__all__ = ["lab_routes"]


async def list_sites(request: web.Request) -> web.Response:
    """GET /sites."""
    return await list_records(request, SITE, None)


async def create_site(request: web.Request) -> web.Response:
    """POST /sites."""
    return await create_record(request, SITE, None)


async def list_cyclers(request: web.Request) -> web.Response:
    """GET /sites/{id}/cyclers."""
    return await list_records(request, CYCLER, request.match_info["id"])


async def create_cycler(request: web.Request) -> web.Response:
    """POST /sites/{id}/cyclers."""
    return await create_record(request, CYCLER, request.match_info["id"])


async def list_channels(request: web.Request) -> web.Response:
    """GET /cyclers/{id}/channels."""
    return await list_records(request, CHANNEL, request.match_info["id"])


async def create_channel(request: web.Request) -> web.Response:
    """POST /cyclers/{id}/channels."""
    return await create_record(request, CHANNEL, request.match_info["id"])


async def list_every_channel(request: web.Request) -> web.Response:
    """GET /channels: the organisation's channels (``cycler_id``: one cycler's)."""
    state = state_of(request)
    query = parse_list_query(request.query, CHANNEL)
    cycler = request.query.get("cycler_id")
    if cycler is not None:
        query = attrs.evolve(
            query, equals=(*query.equals, ("cycler_id", cycler.removeprefix("eq.")))
        )
    items, total = select_page(state.store.connection, CHANNEL, None, query)
    return json_response({"items": items, "count": len(items), "total": total})


def _project(request: web.Request) -> str:
    project_id = request.match_info["id"]
    state_of(request).store.get(PROJECT, project_id)  # 404 if missing
    return project_id


async def get_lab_status(request: web.Request) -> web.Response:
    """GET /projects/{id}/lab/status."""
    store = state_of(request).store
    project_id = _project(request)
    return json_response(lab_status(store.connection, project_id, store.user_email))


async def get_watched(request: web.Request) -> web.Response:
    """GET /projects/{id}/lab/watched."""
    store = state_of(request).store
    project_id = _project(request)
    ids = watched_ids(store.connection, project_id, store.user_email)
    return json_response({"measurement_ids": ids})


def lab_routes() -> list[web.RouteDef]:
    """Return the lab's routes."""
    return [
        web.get("/sites", list_sites),
        web.post("/sites", create_site),
        *record_routes(SITE, "/sites/{id}"),
        web.get("/sites/{id}/cyclers", list_cyclers),
        web.post("/sites/{id}/cyclers", create_cycler),
        *record_routes(CYCLER, "/cyclers/{id}"),
        web.get("/cyclers/{id}/channels", list_channels),
        web.post("/cyclers/{id}/channels", create_channel),
        web.get("/channels", list_every_channel),
        *record_routes(CHANNEL, "/channels/{id}"),
        web.get("/projects/{id}/lab/status", get_lab_status),
        web.get("/projects/{id}/lab/watched", get_watched),
    ]
