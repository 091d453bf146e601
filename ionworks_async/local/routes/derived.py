"""Materials, material property datasets and analyses: records with a table.

A dataset's or an analysis' table comes as the ``file`` part of a form
(parquet), its other fields as text (``columns``, ``plots``, ``metadata``:
JSON); it is kept as uploaded and served through a signed URL.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

import attrs
from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, state_of, storage_origin
from ..storage.blobs import blob_call
from ..storage.derived_kinds import ANALYSIS, DATASET, MATERIAL, TABLE_BLOB
from ..storage.record_types import MEASUREMENT, check_fields
from ..storage.rows import select_page
from .queries import parse_list_query
from .records import create_record, list_records, record_routes

__all__ = ["derived_routes"]

_JSON_FIELDS = ("columns", "plots", "metadata")


def _columns_of(data: bytes) -> dict[str, list[Any]]:
    """Return a parquet table's columns (NaN and infinities as null), or 422."""
    from ...tables.table import pyarrow_module

    pa = pyarrow_module()
    try:
        table = pa.parquet.read_table(io.BytesIO(data))
    except Exception as error:  # any unreadable file is the caller's
        raise ApiError(
            422, f"file must be a parquet table: {error}", {"field": "file"}
        ) from None
    columns: dict[str, list[Any]] = table.to_pydict()
    return {
        name: [
            None if isinstance(v, float) and not math.isfinite(v) else v for v in values
        ]
        for name, values in columns.items()
    }


def _nan_counts(data: bytes) -> dict[str, int]:
    return {
        name: sum(value is None for value in values)
        for name, values in _columns_of(data).items()
    }


async def _form(
    request: web.Request, *, file_required: bool
) -> tuple[dict[str, Any], bytes | None]:
    """Return a form's fields (JSON fields decoded) and its ``file``."""
    if not request.content_type.startswith("multipart/form-data"):
        raise ApiError(415, "The body must be multipart/form-data (fields and a file)")
    try:
        posted = await request.post()
    except web.HTTPException:
        raise  # a body too large: aiohttp's own answer
    except Exception as error:  # a broken form, however it breaks
        raise ApiError(400, f"A malformed multipart form: {error}") from None
    fields: dict[str, Any] = {}
    content: bytes | None = None
    for name, value in posted.items():
        if isinstance(value, web.FileField):
            if name == "file":
                content = value.file.read()
            continue
        if name in _JSON_FIELDS:
            try:
                fields[name] = json.loads(value)
            except ValueError:
                raise ApiError(422, f"{name} must be JSON", {"field": name}) from None
        else:
            fields[name] = value
    if file_required and content is None:
        raise ApiError(
            422, "file is required: the table, as parquet", {"field": "file"}
        )
    if content is not None:
        _columns_of(content)  # a parquet table, or 422
    return fields, content


def _signed(request: web.Request, record_id: str) -> web.Response:
    signed = state_of(request).signer.sign("GET", f"/storage/{record_id}/{TABLE_BLOB}")
    return json_response({"url": storage_origin(request) + signed})


async def list_materials(request: web.Request) -> web.Response:
    """GET /materials (a project's)."""
    return await list_records(request, MATERIAL, None)


async def create_material(request: web.Request) -> web.Response:
    """POST /materials (ionworks-local's own: the hosted app makes them)."""
    return await create_record(request, MATERIAL, None)


async def list_datasets(request: web.Request) -> web.Response:
    """GET /material_property_datasets?material_id=..."""
    material = request.query.get("material_id")
    if not material:
        raise ApiError(400, "material_id is required: the material whose datasets")
    return await list_records(request, DATASET, material)


async def create_dataset(request: web.Request) -> web.Response:
    """POST /material_property_datasets: a form with the table as ``file``."""
    state = state_of(request)
    fields, content = await _form(request, file_required=True)
    assert content is not None
    material = fields.pop("material_id", None)
    if not isinstance(material, str) or not material:
        raise ApiError(422, "material_id is required", {"field": "material_id"})
    body = check_fields(DATASET, fields, partial=False)
    body.update(data_version=1, nan_counts=_nan_counts(content))
    record = state.store.create(DATASET, material, body)
    await blob_call(state.blobs, state.blobs.put, record["id"], TABLE_BLOB, content)
    return json_response(record, 201)


async def dataset_data(request: web.Request) -> web.Response:
    """GET /material_property_datasets/{id}/data: the table as JSON columns."""
    state = state_of(request)
    record = state.store.get(DATASET, request.match_info["id"])
    content = await blob_call(state.blobs, state.blobs.get, record["id"], TABLE_BLOB)
    if content is None:
        raise ApiError(404, "The dataset's table is missing")
    return json_response(_columns_of(content))


async def replace_dataset_file(request: web.Request) -> web.Response:
    """PATCH /material_property_datasets/{id}/file: a new table (a new version)."""
    state = state_of(request)
    record = state.store.get(DATASET, request.match_info["id"])
    fields, content = await _form(request, file_required=True)
    assert content is not None
    changes = check_fields(DATASET, fields, partial=True)
    changes.update(
        data_version=int(record.get("data_version") or 1) + 1,
        nan_counts=_nan_counts(content),
    )
    await blob_call(state.blobs, state.blobs.put, record["id"], TABLE_BLOB, content)
    return json_response(state.store.update(DATASET, record["id"], changes))


async def dataset_url(request: web.Request) -> web.Response:
    """GET /material_property_datasets/{id}/download-url: the table's (kept as sent)."""
    kind = request.query.get("kind", "parquet")
    if kind not in ("parquet", "original"):
        raise ApiError(400, "kind must be 'parquet' or 'original'")
    record = state_of(request).store.get(DATASET, request.match_info["id"])
    return _signed(request, record["id"])


async def list_analyses(request: web.Request) -> web.Response:
    """GET /analyses: a measurement's (``measurement_id``), a project's, or all."""
    measurement = request.query.get("measurement_id")
    if measurement is not None:
        return await list_records(request, ANALYSIS, measurement)
    state = state_of(request)
    query = parse_list_query(request.query, ANALYSIS)
    project = request.query.get("project_id")
    if project is not None:
        query = attrs.evolve(query, equals=(("project_id", project),))
    items, total = select_page(
        state.store.connection, ANALYSIS, None, query, state.store.ordered
    )
    return json_response({"items": items, "count": len(items), "total": total})


async def create_analysis(request: web.Request) -> web.Response:
    """POST /analyses: a form with the table as ``file``."""
    state = state_of(request)
    fields, content = await _form(request, file_required=True)
    assert content is not None
    measurement = fields.pop("measurement_id", None)
    if not isinstance(measurement, str) or not measurement:
        raise ApiError(422, "measurement_id is required", {"field": "measurement_id"})
    state.store.get(MEASUREMENT, measurement)  # 404 if missing
    body = check_fields(ANALYSIS, fields, partial=False)
    row = state.store.connection.execute(
        "SELECT s.project_id FROM cell_measurements m JOIN cell_instances i "
        "ON i.id = m.cell_instance_id JOIN cell_specifications s "
        "ON s.id = i.cell_specification_id WHERE m.id = ?",
        (measurement,),
    ).fetchone()
    body.update(
        project_id=row[0] if row else None,
        columns=body.get("columns") or [],
        plots=body.get("plots") or [],
        metadata=body.get("metadata") or {},
    )
    record = state.store.create(ANALYSIS, measurement, body)
    await blob_call(state.blobs, state.blobs.put, record["id"], TABLE_BLOB, content)
    return json_response(record, 201)


async def analysis_url(request: web.Request) -> web.Response:
    """GET /analyses/{id}/download-url: the table's."""
    record = state_of(request).store.get(ANALYSIS, request.match_info["id"])
    return _signed(request, record["id"])


def _with_blob_deleted(kind: Any, path: str) -> list[web.RouteDef]:
    """Return a kind's record routes; its DELETE deletes its table too."""

    async def delete(request: web.Request) -> web.Response:
        state = state_of(request)
        record_id = request.match_info["id"]
        state.store.delete(kind, record_id)
        await blob_call(state.blobs, state.blobs.delete, record_id)
        return web.Response(status=204)

    kept = [r for r in record_routes(kind, path) if r.method != "DELETE"]
    return [*kept, web.delete(path, delete)]


def derived_routes() -> list[web.RouteDef]:
    """Return the routes of materials, datasets and analyses."""
    datasets = "/material_property_datasets"
    return [
        web.get("/materials", list_materials),
        web.post("/materials", create_material),
        *record_routes(MATERIAL, "/materials/{id}"),
        web.get(datasets, list_datasets),
        web.post(datasets, create_dataset),
        *_with_blob_deleted(DATASET, datasets + "/{id}"),
        web.get(datasets + "/{id}/data", dataset_data),
        web.patch(datasets + "/{id}/file", replace_dataset_file),
        web.get(datasets + "/{id}/download-url", dataset_url),
        web.get("/analyses", list_analyses),
        web.post("/analyses", create_analysis),
        *_with_blob_deleted(ANALYSIS, "/analyses/{id}"),
        web.get("/analyses/{id}/download-url", analysis_url),
    ]
