"""Uploads, processing, downloads and the signed storage routes."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..processing import EXTEND_FILE, schedule_processing, table_columns
from ..shared import (
    State,
    encode_json,
    json_bytes_response,
    json_response,
    read_json,
    state_of,
    storage_origin,
    upload_targets,
)
from ..storage.blobs import blob_call
from ..storage.raw import RAW_BLOB, RawData
from ..storage.record_types import MEASUREMENT, check_fields
from .byte_ranges import ranged_response
from .extend import extendable
from .files import check_filenames, file_blob, is_file_blob

__all__ = ["UPLOAD_FILES", "accepts_upload"]

UPLOAD_FILES = ("time_series.parquet", "steps.parquet")


async def initiate_upload(request: web.Request) -> web.Response:
    """POST /cell_instances/{id}/cell_measurements/initiate-upload."""
    state = state_of(request)
    body = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("measurement"), dict):
        raise ApiError(422, 'The body must be {"measurement": {...}}')
    fields = check_fields(MEASUREMENT, body["measurement"], partial=False)
    kind = body.get("measurement_type", "time_series")
    if kind not in ("time_series", "file"):
        raise ApiError(
            422,
            "initiate-upload makes time_series or file measurements",
            {"field": "measurement_type"},
        )
    if kind == "file":
        files = [
            (name, file_blob(name)) for name in check_filenames(body.get("filenames"))
        ]
    else:
        files = [(name, name) for name in UPLOAD_FILES]
    measurement_id = state.store.initiate_upload(
        request.match_info["id"], fields["name"]
    )
    uploads = upload_targets(request, measurement_id, files)
    return json_response({"measurement_id": measurement_id, "uploads": uploads})


async def _uploaded(state: State, measurement_id: str, blob: str) -> bytes | None:
    return await blob_call(state.blobs, state.blobs.get, measurement_id, blob)


async def confirm_upload(request: web.Request) -> web.Response:
    """POST /cell_measurements/{id}/confirm-upload: create (then process)."""
    state = state_of(request)
    measurement_id = request.match_info["id"]
    body = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("cell_instance_id"), str):
        raise ApiError(422, "The body needs cell_instance_id and measurement")
    fields = check_fields(MEASUREMENT, body.get("measurement"), partial=False)
    kind = body.get("measurement_type", "time_series")
    async with state.uploads.hold(measurement_id):  # no PUT lands meanwhile
        record = await _confirmed(state, measurement_id, body, fields, kind)
    if kind == "time_series":
        schedule_processing(state, measurement_id)
    # Flat, as the API answers today; steps are derived after the confirm.
    return json_response({**record, "steps_created": 0}, 201)


async def _confirmed(
    state: State,
    measurement_id: str,
    body: dict[str, Any],
    fields: dict[str, Any],
    kind: Any,
) -> dict[str, Any]:
    """Check an upload's files and create its record (under its lock)."""
    state.store.require_upload(measurement_id, body["cell_instance_id"])
    fields.pop("processing_error", None)
    if kind == "file":
        files = []
        for name in check_filenames(body.get("filenames")):
            data = await _uploaded(state, measurement_id, file_blob(name))
            if data is None:
                raise ApiError(409, f"{name} was not uploaded for this measurement")
            files.append({"filename": name, "size": len(data)})
        fields.update(
            measurement_type="file",
            processing_status="ready",
            file_metadata={"files": files},
        )
    elif kind == "time_series":
        if not await blob_call(
            state.blobs, state.blobs.has, measurement_id, "time_series.parquet"
        ):
            raise ApiError(
                409, "time_series.parquet was not uploaded for this measurement"
            )
        fields.update(measurement_type="time_series", processing_status="pending")
    else:
        raise ApiError(
            422,
            "measurement_type must be time_series or file",
            {"field": "measurement_type"},
        )
    return state.store.create(
        MEASUREMENT,
        body["cell_instance_id"],
        fields,
        record_id=measurement_id,
        pending_upload=True,
    )


async def _download(request: web.Request, filename: str) -> web.Response:
    state = state_of(request)
    measurement_id = request.match_info["id"]
    state.store.get(MEASUREMENT, measurement_id)
    if not await blob_call(state.blobs, state.blobs.has, measurement_id, filename):
        raise ApiError(404, f"This measurement has no {filename}")
    location = storage_origin(request) + state.signer.sign(
        "GET", f"/storage/{measurement_id}/{filename}"
    )
    raise web.HTTPTemporaryRedirect(location)


async def steps_download(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/steps/download: 307 to a signed URL."""
    return await _download(request, "steps.parquet")


async def time_series_download(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/time_series/download: 307 to a signed URL."""
    return await _download(request, "time_series.parquet")


def _encoded_columns(data: bytes) -> bytes:
    return encode_json(table_columns(data))


async def _columns_json(request: web.Request, filename: str) -> bytes:
    """Return a table's columns as JSON, derived once while the file is unchanged."""
    state = state_of(request)
    measurement_id = request.match_info["id"]
    state.store.get(MEASUREMENT, measurement_id)
    encoded = state.blobs.remembered(measurement_id, filename)
    if encoded is None:  # parse in a worker thread: it takes milliseconds
        encoded = await asyncio.to_thread(
            state.blobs.derived, measurement_id, filename, _encoded_columns
        )
    if encoded is None:
        raise ApiError(404, f"This measurement has no {filename} (not processed yet?)")
    return encoded


async def steps_and_cycles(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/steps_and_cycles: columnar JSON."""
    steps = await _columns_json(request, "steps.parquet")
    cycles = await _columns_json(request, "cycles.parquet")
    return json_bytes_response(b'{"steps":' + steps + b',"cycles":' + cycles + b"}")


async def cycles(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/cycles: columnar JSON."""
    cycles = await _columns_json(request, "cycles.parquet")
    return json_bytes_response(b'{"cycles":' + cycles + b"}")


def _check_signature(request: web.Request) -> tuple[str, str]:
    state = state_of(request)
    measurement_id, filename = request.match_info["id"], request.match_info["file"]
    if not state.signer.check(
        request.method,
        request.path,
        request.query.get("expires"),
        request.query.get("token"),
    ):
        raise ApiError(403, "The signed URL is invalid or has expired")
    return measurement_id, filename


async def storage_put(request: web.Request) -> web.Response:
    """PUT /storage/{id}/{file}: store an uploaded file (signed URL).

    A signed PUT URL serves one purpose: an upload's files are accepted only
    until that upload is confirmed, and an extend's delta only while the
    measurement can be extended. Otherwise a still-valid URL would replace a
    ``ready`` measurement's series behind its steps and its ``updated_at``.
    """
    state = state_of(request)
    measurement_id, filename = _check_signature(request)
    accepts_upload(state, measurement_id, filename)  # before a body that is refused
    data = await request.read()
    async with state.uploads.hold(measurement_id):
        accepts_upload(state, measurement_id, filename)  # confirmed while it arrived?
        await blob_call(state.blobs, state.blobs.put, measurement_id, filename, data)
    return json_response({"path": f"{measurement_id}/{filename}", "size": len(data)})


def accepts_upload(state: State, measurement_id: str, filename: str) -> None:
    """Raise unless a signed URL may store ``filename`` now."""
    allowed = (*UPLOAD_FILES, EXTEND_FILE, RAW_BLOB)
    if filename not in allowed and not is_file_blob(filename):
        raise ApiError(400, f"Uploads accept {', '.join(UPLOAD_FILES)}")
    if filename == RAW_BLOB:
        if not RawData(state.store).pending(measurement_id):
            raise ApiError(
                409,
                "This raw-data upload was confirmed (or never initiated): its "
                "storage URL no longer accepts data",
            )
    elif filename == EXTEND_FILE:
        try:
            extendable(state.store.get(MEASUREMENT, measurement_id))
        except ApiError as error:
            raise ApiError(409, f"This URL no longer accepts data: {error}") from None
    elif not state.store.upload_pending(measurement_id):
        raise ApiError(
            409,
            "This upload was confirmed (or never initiated): its storage URLs "
            "no longer accept data",
        )


async def storage_get(request: web.Request) -> web.Response:
    """GET /storage/{id}/{file}: serve a stored file, or a byte range of it."""
    state = state_of(request)
    measurement_id, filename = _check_signature(request)
    data = await blob_call(state.blobs, state.blobs.get, measurement_id, filename)
    if data is None:
        raise ApiError(404, "No such file")
    return ranged_response(request, data)
