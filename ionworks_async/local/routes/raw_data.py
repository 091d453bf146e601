"""Raw data: an original file uploaded (initiate, signed PUT, confirm); its links."""

from __future__ import annotations

from aiohttp import web

from ..errors import ApiError
from ..shared import (
    json_response,
    read_json,
    state_of,
    storage_origin,
    upload_targets,
)
from ..storage.blobs import blob_call
from ..storage.raw import RAW_BLOB, RawData, check_raw_fields
from .queries import page_window

__all__ = [
    "attach_raw_data",
    "confirm_raw_upload",
    "delete_raw_data",
    "detach_raw_data",
    "get_raw_data",
    "initiate_raw_upload",
    "list_measurement_raw_data",
    "list_raw_data",
    "raw_data_download_url",
    "raw_data_measurements",
    "update_raw_data",
]


def _raw(request: web.Request) -> RawData:
    return RawData(state_of(request).store)


def _page(items: list[object], total: int) -> web.Response:
    return json_response({"items": items, "count": len(items), "total": total})


async def initiate_raw_upload(request: web.Request) -> web.Response:
    """POST /raw_data/initiate-upload: reserve an id and a signed PUT URL."""
    fields = check_raw_fields(await read_json(request), initiate=True)
    raw_id = _raw(request).initiate(fields)
    targets = upload_targets(request, raw_id, [(fields["filename"], RAW_BLOB)])
    return json_response({"raw_data_id": raw_id, "uploads": targets})


async def confirm_raw_upload(request: web.Request) -> web.Response:
    """POST /raw_data/{id}/confirm-upload: the record, once the file is stored."""
    state = state_of(request)
    raw_id = request.match_info["id"]
    fields = check_raw_fields(await read_json(request), initiate=False)
    raw = _raw(request)
    async with state.uploads.hold(raw_id):  # no PUT lands meanwhile
        if raw.pending(raw_id):
            data = await blob_call(state.blobs, state.blobs.get, raw_id, RAW_BLOB)
            if data is None:
                raise ApiError(
                    409, "The file was not uploaded for this raw-data record"
                )
            if len(data) != fields["size_bytes"]:
                raise ApiError(
                    422,
                    f"size_bytes is {fields['size_bytes']}, but {len(data)} bytes "
                    "were uploaded",
                    {"field": "size_bytes"},
                )
        return json_response(raw.confirm(raw_id, fields), 201)


async def list_raw_data(request: web.Request) -> web.Response:
    """GET /raw_data?project_id=: a page of a project's raw-data records."""
    limit, offset = page_window(request.query)
    project = request.query.get("project_id")
    if project is not None and project.startswith("eq."):
        project = project[3:]
    items, total = _raw(request).page(project or None, limit, offset)
    return _page(list(items), total)


async def get_raw_data(request: web.Request) -> web.Response:
    """GET /raw_data/{id}."""
    return json_response(_raw(request).get(request.match_info["id"]))


async def update_raw_data(request: web.Request) -> web.Response:
    """PATCH /raw_data/{id}: name, source (``""`` clears) and metadata."""
    body = await read_json(request)
    return json_response(_raw(request).update(request.match_info["id"], body))


async def delete_raw_data(request: web.Request) -> web.Response:
    """DELETE /raw_data/{id}: the record, its links and its stored file."""
    state = state_of(request)
    raw_id = request.match_info["id"]
    _raw(request).delete(raw_id)
    await blob_call(state.blobs, state.blobs.delete, raw_id)
    return web.Response(status=204)


async def raw_data_download_url(request: web.Request) -> web.Response:
    """GET /raw_data/{id}/download-url: a short-lived signed URL of the file."""
    state = state_of(request)
    raw_id = request.match_info["id"]
    _raw(request).get(raw_id)
    signed = state.signer.sign("GET", f"/storage/{raw_id}/{RAW_BLOB}")
    return json_response({"url": storage_origin(request) + signed})


async def raw_data_measurements(request: web.Request) -> web.Response:
    """GET /raw_data/{id}/cell_measurements: the ids of its measurements."""
    limit, offset = page_window(request.query)
    ids, total = _raw(request).measurement_ids(request.match_info["id"], limit, offset)
    return _page(list(ids), total)


async def attach_raw_data(request: web.Request) -> web.Response:
    """POST /cell_measurements/{id}/raw_data: link records (idempotent)."""
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, 'The body must be {"raw_data_ids": [...]}')
    linked = _raw(request).attach(request.match_info["id"], body.get("raw_data_ids"))
    return json_response({"raw_data_ids": linked})


async def detach_raw_data(request: web.Request) -> web.Response:
    """DELETE /cell_measurements/{id}/raw_data/{raw_data_id}: unlink one."""
    _raw(request).detach(request.match_info["id"], request.match_info["raw_data_id"])
    return web.Response(status=204)


async def list_measurement_raw_data(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/raw_data: a page of its raw-data records."""
    limit, offset = page_window(request.query)
    items, total = _raw(request).of_measurement(request.match_info["id"], limit, offset)
    return _page(list(items), total)
