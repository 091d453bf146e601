"""The local server's record routes: list, create, get, update, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, read_json, state_of
from ..storage.blobs import blob_call
from ..storage.record_types import (
    BATCH,
    INSTANCE,
    MEASUREMENT,
    PROJECT,
    SPECIFICATION,
    Kind,
    check_fields,
)
from ..storage.rows import SLOTS
from .queries import parse_list_query

__all__ = [
    "create_batch",
    "create_instance",
    "create_measurement",
    "create_project",
    "create_record",
    "create_specification",
    "list_batches",
    "list_instances",
    "list_measurements",
    "list_projects",
    "list_records",
    "list_specifications",
    "record_routes",
]


async def list_records(
    request: web.Request, kind: Kind, parent_id: str | None
) -> web.Response:
    """Answer a page of a kind's records (of one parent)."""
    state = state_of(request)
    query = parse_list_query(request.query, kind)
    items, total = state.store.list_page(kind, parent_id, query)
    if kind is SPECIFICATION and not _full(request):
        # components only on GET /{id} or with full=true, as the API has it
        items = [{k: v for k, v in item.items() if k not in SLOTS} for item in items]
    return json_response({"items": items, "count": len(items), "total": total})


def _full(request: web.Request) -> bool:
    """Read ``full`` (``true`` or ``false``; 400 for anything else)."""
    text = request.query.get("full", "false")
    if text not in ("true", "false"):
        raise ApiError(400, f"full must be 'true' or 'false', got {text!r}")
    return text == "true"


async def create_record(
    request: web.Request,
    kind: Kind,
    parent_id: str | None,
    extra: Mapping[str, Any] | None = None,
    body: Any = None,
) -> web.Response:
    """Create a record of a kind (under one parent) from the request's body.

    ``body``: the body already read (and changed) by the caller.
    """
    state = state_of(request)
    if body is None:
        body = await read_json(request)
    fields = check_fields(kind, body, partial=False)
    fields.update(extra or {})
    record = state.store.create(kind, parent_id, fields)
    return json_response(record, 201)


def record_routes(kind: Kind, path: str) -> list[web.RouteDef]:
    """Return the GET, PATCH and DELETE routes of one record kind at ``path``."""

    async def get(request: web.Request) -> web.Response:
        state = state_of(request)
        return json_response(state.store.get(kind, request.match_info["id"]))

    async def patch(request: web.Request) -> web.Response:
        state = state_of(request)
        fields = check_fields(kind, await read_json(request), partial=True)
        if kind is MEASUREMENT:
            for server_field in (
                "processing_status",
                "processing_error",
                "measurement_type",
            ):
                fields.pop(server_field, None)
        record = state.store.update(kind, request.match_info["id"], fields)
        return json_response(record)

    async def delete(request: web.Request) -> web.Response:
        state = state_of(request)
        removed = state.store.delete(kind, request.match_info["id"])
        for measurement_id in removed:
            await blob_call(state.blobs, state.blobs.delete, measurement_id)
        return web.Response(status=204)

    return [web.get(path, get), web.patch(path, patch), web.delete(path, delete)]


async def list_projects(request: web.Request) -> web.Response:
    """GET /projects (the first is the default project)."""
    return await list_records(request, PROJECT, None)


async def create_project(request: web.Request) -> web.Response:
    """POST /projects."""
    return await create_record(request, PROJECT, None)


async def list_batches(request: web.Request) -> web.Response:
    """GET /cell_specifications/{id}/cell_batches."""
    return await list_records(request, BATCH, request.match_info["id"])


async def create_batch(request: web.Request) -> web.Response:
    """POST /cell_specifications/{id}/cell_batches."""
    return await create_record(request, BATCH, request.match_info["id"])


async def list_specifications(request: web.Request) -> web.Response:
    """GET /cell_specifications."""
    return await list_records(request, SPECIFICATION, None)


async def create_specification(request: web.Request) -> web.Response:
    """POST /cell_specifications."""
    return await create_record(request, SPECIFICATION, None)


async def list_instances(request: web.Request) -> web.Response:
    """GET /cell_specifications/{id}/cell_instances."""
    return await list_records(request, INSTANCE, request.match_info["id"])


async def create_instance(request: web.Request) -> web.Response:
    """POST /cell_specifications/{id}/cell_instances."""
    return await create_record(request, INSTANCE, request.match_info["id"])


async def list_measurements(request: web.Request) -> web.Response:
    """GET /cell_instances/{id}/cell_measurements."""
    return await list_records(request, MEASUREMENT, request.match_info["id"])


async def create_measurement(request: web.Request) -> web.Response:
    """POST /cell_instances/{id}/cell_measurements/create (properties or file)."""
    body = await read_json(request)
    kind_value = (
        body.get("measurement_type", "properties") if isinstance(body, dict) else None
    )
    if kind_value == "time_series":
        raise ApiError(
            422, "Time-series measurements are created through initiate-upload"
        )
    state = state_of(request)
    fields = check_fields(MEASUREMENT, body, partial=False)
    fields["measurement_type"] = kind_value
    fields["processing_status"] = "ready"  # nothing to process: ready at once
    fields.pop("processing_error", None)
    record = state.store.create(MEASUREMENT, request.match_info["id"], fields)
    return json_response(record, 201)
