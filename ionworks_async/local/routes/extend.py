"""Extending a running test: initiate-extend, the delta's PUT, confirm-extend.

The delta is kept as ``time_series_extend.parquet`` until processing appends
it: its columns must be the stored ones, its first ``Time [s]`` must come
after the last stored sample (so a re-sent delta is refused, never stored
twice), and the measurement must have no ``end_time``. Steps and cycles are
then derived again from the whole series. A failed extend leaves the stored
data as it was and the measurement ``ready``, with ``processing_error`` set.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..processing import EXTEND_FILE, schedule_processing
from ..shared import json_response, read_json, state_of, upload_targets
from ..storage.blobs import blob_call
from ..storage.record_types import MEASUREMENT

__all__ = ["confirm_extend", "extendable", "initiate_extend"]


def extendable(record: dict[str, Any]) -> None:
    """Raise unless a measurement can take more rows now."""
    if record.get("measurement_type", "time_series") != "time_series":
        raise ApiError(400, "Only a time_series measurement can be extended")
    if record.get("end_time"):
        raise ApiError(409, "The measurement has an end_time: its test is finished")
    if record.get("processing_status") == "failed":
        raise ApiError(
            409, "The measurement's processing failed: it cannot be extended"
        )
    if record.get("processing_status") in ("pending", "running"):
        raise ApiError(
            409, "The measurement is still processing; extend it when it is ready"
        )


async def _body(request: web.Request) -> None:
    """Read the body: ``{}`` or nothing (malformed JSON is still a 400)."""
    if (await request.read()).strip():
        await read_json(request)


async def initiate_extend(request: web.Request) -> web.Response:
    """POST /cell_measurements/{id}/initiate-extend: a signed URL for the delta."""
    state = state_of(request)
    measurement_id = request.match_info["id"]
    await _body(request)
    extendable(state.store.get(MEASUREMENT, measurement_id))
    uploads = upload_targets(request, measurement_id, [(EXTEND_FILE, EXTEND_FILE)])
    return json_response({"measurement_id": measurement_id, "uploads": uploads})


async def confirm_extend(request: web.Request) -> web.Response:
    """POST /cell_measurements/{id}/confirm-extend: append, then re-derive steps."""
    state = state_of(request)
    measurement_id = request.match_info["id"]
    await _body(request)
    async with state.uploads.hold(measurement_id):  # no PUT lands meanwhile
        extendable(state.store.get(MEASUREMENT, measurement_id))
        stored = await blob_call(
            state.blobs, state.blobs.has, measurement_id, EXTEND_FILE
        )
        if not stored:
            raise ApiError(409, f"{EXTEND_FILE} was not uploaded for this measurement")
        record = state.store.update(
            MEASUREMENT,
            measurement_id,
            {"processing_status": "pending", "processing_error": None},
        )
    schedule_processing(state, measurement_id)
    return json_response({**record, "steps_created": 0})  # the upload's bundle
