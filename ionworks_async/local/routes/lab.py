"""The lab's routes: sites, cyclers, channels, and a project's lab view."""

from __future__ import annotations

from typing import Any

import attrs
from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, read_json, state_of
from ..storage.lab_kinds import CHANNEL, CYCLER, SITE
from ..storage.lab_view import lab_status, watched_ids
from ..storage.record_types import PROJECT, check_fields
from ..storage.rows import select_page
from ..storage.service import (
    channel_outage,
    complete_service,
    page_of,
    start_service,
)
from .queries import page_window, parse_list_query
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
    items, total = select_page(
        state.store.connection, CHANNEL, None, query, state.store.ordered
    )
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


async def list_service_events(request: web.Request) -> web.Response:
    """GET /cyclers/{id}/service_events: newest first."""
    store = state_of(request).store
    cycler = store.get(CYCLER, request.match_info["id"])
    limit, offset = page_window(request.query)
    page = page_of(
        store.connection, "service_events", "cycler_id", cycler["id"], limit, offset
    )
    return json_response(page)


async def open_service(request: web.Request) -> web.Response:
    """POST /cyclers/{id}/service_events: its channels go out of service."""
    store = state_of(request).store
    cycler = store.get(CYCLER, request.match_info["id"])
    body = await _object(request)
    event = store.write(lambda db: start_service(db, cycler, body, store.user_email))
    return json_response(event, 201)


async def close_service(request: web.Request) -> web.Response:
    """POST /cyclers/{id}/service_events/complete: its channels come back."""
    store = state_of(request).store
    cycler = store.get(CYCLER, request.match_info["id"])
    body = await _object(request)
    interval = body.get("calibration_interval_days")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int)
    ):
        raise ApiError(
            422,
            "calibration_interval_days must be an integer",
            {"field": "calibration_interval_days"},
        )
    event = store.write(lambda db: complete_service(db, cycler, body, store.user_email))
    if event["event_type"] == "calibration":
        fields: dict[str, object] = {"last_calibrated_at": event["performed_at"]}
        if interval is not None:
            fields["calibration_interval_days"] = interval
        store.update(CYCLER, cycler["id"], fields)
    return json_response(event)


async def list_incidents(request: web.Request) -> web.Response:
    """GET /channels/{id}/incidents: newest first."""
    store = state_of(request).store
    channel = store.get(CHANNEL, request.match_info["id"])
    limit, offset = page_window(request.query)
    page = page_of(
        store.connection,
        "channel_incidents",
        "channel_id",
        channel["id"],
        limit,
        offset,
    )
    return json_response(page)


async def patch_channel(request: web.Request) -> web.Response:
    """PATCH /channels/{id}: marked out of commission (or back), an outage opens."""
    store = state_of(request).store
    before = store.get(CHANNEL, request.match_info["id"])
    fields = check_fields(CHANNEL, await read_json(request), partial=True)
    after = store.update(CHANNEL, before["id"], fields)
    out = bool(after.get("out_of_commission"))
    if out != bool(before.get("out_of_commission")):
        store.write(lambda db: channel_outage(db, after, out, store.user_email))
    return json_response(after)


async def _object(request: web.Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, "The request body must be a JSON object")
    return body


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
        web.get("/cyclers/{id}/service_events", list_service_events),
        web.post("/cyclers/{id}/service_events", open_service),
        web.post("/cyclers/{id}/service_events/complete", close_service),
        web.get("/channels", list_every_channel),
        *[r for r in record_routes(CHANNEL, "/channels/{id}") if r.method != "PATCH"],
        web.patch("/channels/{id}", patch_channel),
        web.get("/channels/{id}/incidents", list_incidents),
        web.get("/projects/{id}/lab/status", get_lab_status),
        web.get("/projects/{id}/lab/watched", get_watched),
    ]
