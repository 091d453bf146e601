"""Uploads, processing, downloads and the signed storage routes."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from .errors import ApiError
from .kinds import MEASUREMENT, check_fields
from .processing import ProcessingFailed, derive_steps_and_cycles, table_columns
from .shared import State, json_response, read_json, state_of

__all__ = ["UPLOAD_FILES", "schedule_processing"]

UPLOAD_FILES = ("time_series.parquet", "steps.parquet")
logger = logging.getLogger("ionworks.local")


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


async def initiate_upload(request: web.Request) -> web.Response:
    """POST /cell_instances/{id}/cell_measurements/initiate-upload."""
    state = state_of(request)
    body = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("measurement"), dict):
        raise ApiError(422, 'The body must be {"measurement": {...}}')
    fields = check_fields(MEASUREMENT, body["measurement"], partial=False)
    measurement_id = state.store.initiate_upload(
        request.match_info["id"], fields["name"]
    )
    uploads = []
    for filename in UPLOAD_FILES:
        path = f"/storage/{measurement_id}/{filename}"
        signed = state.signer.sign("PUT", path)
        uploads.append(
            {
                "filename": filename,
                "signed_url": _origin(request) + signed,
                "token": signed.rsplit("token=", 1)[1],
                "path": f"{measurement_id}/{filename}",
            }
        )
    return json_response({"measurement_id": measurement_id, "uploads": uploads})


async def confirm_upload(request: web.Request) -> web.Response:
    """POST /cell_measurements/{id}/confirm-upload: create, then process."""
    state = state_of(request)
    measurement_id = request.match_info["id"]
    body = await read_json(request)
    if not isinstance(body, dict) or not isinstance(body.get("cell_instance_id"), str):
        raise ApiError(422, "The body needs cell_instance_id and measurement")
    fields = check_fields(MEASUREMENT, body.get("measurement"), partial=False)
    state.store.require_upload(measurement_id, body["cell_instance_id"])
    blob = await asyncio.to_thread(
        state.blobs.get, measurement_id, "time_series.parquet"
    )
    if blob is None:  # initiated, but the file never arrived: a state conflict
        raise ApiError(409, "time_series.parquet was not uploaded for this measurement")
    fields.update(measurement_type="time_series", processing_status="pending")
    fields.pop("processing_error", None)
    record = state.store.create(
        MEASUREMENT,
        body["cell_instance_id"],
        fields,
        record_id=measurement_id,
        pending_upload=True,
    )
    schedule_processing(state, measurement_id)
    # Flat, as the API answers today; steps are derived after the confirm.
    return json_response({**record, "steps_created": 0}, 201)


def schedule_processing(state: State, measurement_id: str) -> None:
    """Derive a measurement's steps and cycles in the background."""
    task = asyncio.get_running_loop().create_task(process(state, measurement_id))
    state.tasks.add(task)
    task.add_done_callback(state.tasks.discard)


async def process(state: State, measurement_id: str) -> None:
    """Run processing: pending -> running -> ready (or failed, with the reason).

    Any failure ends in ``failed`` with the error in ``processing_error``:
    a measurement is never left ``running`` by a crash of the processing.
    """
    store = state.store
    store.set_processing(measurement_id, "running")
    try:
        data = await asyncio.to_thread(
            state.blobs.get, measurement_id, "time_series.parquet"
        )
        if data is None:
            raise ProcessingFailed("time_series.parquet is missing")
        steps, cycles = await asyncio.to_thread(derive_steps_and_cycles, data)
        if (
            await asyncio.to_thread(state.blobs.get, measurement_id, "steps.parquet")
            is None
        ):
            await asyncio.to_thread(
                state.blobs.put, measurement_id, "steps.parquet", steps
            )
        await asyncio.to_thread(
            state.blobs.put, measurement_id, "cycles.parquet", cycles
        )
    except ProcessingFailed as failure:
        store.set_processing(measurement_id, "failed", str(failure))
        return
    except Exception as error:  # a crash is a failure too, never "running"
        logger.exception("Processing of measurement %s crashed", measurement_id)
        store.set_processing(
            measurement_id,
            "failed",
            f"processing crashed: {type(error).__name__}: {error}",
        )
        return
    store.set_processing(measurement_id, "ready")


async def _download(request: web.Request, filename: str) -> web.Response:
    state = state_of(request)
    measurement_id = request.match_info["id"]
    state.store.get(MEASUREMENT, measurement_id)
    if await asyncio.to_thread(state.blobs.get, measurement_id, filename) is None:
        raise ApiError(404, f"This measurement has no {filename}")
    location = _origin(request) + state.signer.sign(
        "GET", f"/storage/{measurement_id}/{filename}"
    )
    raise web.HTTPTemporaryRedirect(location)


async def steps_download(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/steps/download: 307 to a signed URL."""
    return await _download(request, "steps.parquet")


async def time_series_download(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/time_series/download: 307 to a signed URL."""
    return await _download(request, "time_series.parquet")


async def _columns(request: web.Request, filename: str) -> dict[str, list[Any]]:
    state = state_of(request)
    measurement_id = request.match_info["id"]
    state.store.get(MEASUREMENT, measurement_id)
    data = await asyncio.to_thread(state.blobs.get, measurement_id, filename)
    if data is None:
        raise ApiError(404, f"This measurement has no {filename} (not processed yet?)")
    return await asyncio.to_thread(table_columns, data)


async def steps_and_cycles(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/steps_and_cycles: columnar JSON."""
    steps = await _columns(request, "steps.parquet")
    cycles = await _columns(request, "cycles.parquet")
    return json_response({"steps": steps, "cycles": cycles})


async def cycles(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/cycles: columnar JSON."""
    return json_response({"cycles": await _columns(request, "cycles.parquet")})


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
    """PUT /storage/{id}/{file}: store an uploaded file (signed URL)."""
    state = state_of(request)
    measurement_id, filename = _check_signature(request)
    if filename not in UPLOAD_FILES:
        raise ApiError(400, f"Uploads accept {', '.join(UPLOAD_FILES)}")
    data = await request.read()
    await asyncio.to_thread(state.blobs.put, measurement_id, filename, data)
    return json_response({"path": f"{measurement_id}/{filename}", "size": len(data)})


async def storage_get(request: web.Request) -> web.Response:
    """GET /storage/{id}/{file}: serve a stored file (signed URL)."""
    state = state_of(request)
    measurement_id, filename = _check_signature(request)
    data = await asyncio.to_thread(state.blobs.get, measurement_id, filename)
    if data is None:
        raise ApiError(404, "No such file")
    return web.Response(body=data, headers={"Content-Type": "application/octet-stream"})
