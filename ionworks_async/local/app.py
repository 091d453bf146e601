"""The local server's aiohttp application: routes, auth, errors, faults.

Handlers read and check the request, call the store (in its thread) and
answer JSON with ``Content-Type: application/json`` exactly. Every error is
the standard body; every response carries ``x-correlation-id``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs
from aiohttp import web
from multidict import MultiMapping

from .blobs import BlobStore
from .errors import ApiError
from .faults import Faults, Stats
from .kinds import (
    INSTANCE,
    MEASUREMENT,
    SPECIFICATION,
    Kind,
    check_fields,
    normalise_time,
)
from .openapi import openapi_document
from .processing import ProcessingFailed, derive_steps_and_cycles, table_columns
from .signing import Signer
from .store import ListQuery, Store

__all__ = ["State", "build_app"]

logger = logging.getLogger("ionworks.local")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_BODY = 1024**3
UPLOAD_FILES = ("time_series.parquet", "steps.parquet")
MAX_OFFSET = 2**62
"""The largest ``offset`` (SQLite integers are 64-bit)."""


@attrs.define
class State:
    """Everything the handlers share."""

    store: Store
    blobs: BlobStore
    signer: Signer
    api_keys: frozenset[str]
    faults: Faults
    stats: Stats = attrs.field(factory=Stats)
    tasks: set[asyncio.Task[None]] = attrs.field(factory=set)


STATE: web.AppKey[State] = web.AppKey("state", State)


def json_response(data: Any, status: int = 200) -> web.Response:
    """Answer JSON with ``Content-Type: application/json`` and no charset."""
    body = json.dumps(data, separators=(",", ":"), allow_nan=False).encode()
    return web.Response(
        body=body, status=status, headers={"Content-Type": "application/json"}
    )


def error_response(error: ApiError) -> web.Response:
    """Answer an error in the standard body."""
    response = json_response(error.body(), error.status)
    response.headers.update(error.headers)
    return response


async def read_json(request: web.Request) -> Any:
    """Read a JSON body (gzip is decoded by aiohttp); 400 when it is not JSON."""
    raw = await request.read()
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ApiError(400, f"The request body is not valid JSON: {error}") from None


def _state(request: web.Request) -> State:
    return request.app[STATE]


def _route_name(request: web.Request) -> str:
    resource = request.match_info.route.resource
    path = resource.canonical if resource is not None else "<unmatched>"
    return f"{request.method} {path}"


# -- middleware ---------------------------------------------------------------


@web.middleware
async def errors_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Give every answer a correlation id and every error the standard body."""
    correlation_id = request.headers.get("x-correlation-id") or uuid.uuid4().hex
    try:
        response = await handler(request)
    except ApiError as error:
        response = error_response(error)
    except web.HTTPException as error:
        if error.status < 400:
            error.headers["x-correlation-id"] = correlation_id
            raise
        message = error.reason
        if error.status == 404:
            message = f"No route {request.method} {request.path}"
        elif error.status == 405:
            message = f"Method {request.method} is not allowed on {request.path}"
        response = error_response(ApiError(error.status, message))
        if error.status == 405 and "Allow" in error.headers:
            response.headers["Allow"] = error.headers["Allow"]
    except asyncio.CancelledError:
        raise
    except Exception:
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        response = error_response(ApiError(500, "Internal server error"))
    response.headers["x-correlation-id"] = correlation_id
    state = _state(request)
    state.stats.statuses[str(response.status)] += 1
    return response


def _is_open_route(path: str) -> bool:
    return path.startswith(("/storage/", "/_local/")) or path == "/openapi.json"


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Require a configured API key or bearer token on every API route."""
    state = _state(request)
    if request.path.startswith("/storage/"):
        state.stats.storage_requests += 1
        if "X-API-Key" in request.headers or "Authorization" in request.headers:
            state.stats.storage_requests_with_credentials += 1
    if _is_open_route(request.path):
        return await handler(request)
    key = request.headers.get("X-API-Key")
    bearer = request.headers.get("Authorization", "")
    token = bearer[7:] if bearer.lower().startswith("bearer ") else None
    if key in state.api_keys or token in state.api_keys:
        return await handler(request)
    missing = key is None and token is None
    raise ApiError(
        401,
        "Missing API key: send the X-API-Key header"
        if missing
        else "Invalid API key or token",
    )


@web.middleware
async def faults_middleware(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Inject the configured faults and count requests per route."""
    state = _state(request)
    state.stats.requests[_route_name(request)] += 1
    if request.path.startswith("/_local/") or request.path == "/openapi.json":
        return await handler(request)
    faults, settings, counted = state.faults, state.faults.settings, state.stats.faults
    delay = faults.latency()
    if delay:
        await asyncio.sleep(delay)
    wait = faults.rate_limited()
    if wait is not None:
        counted["rate_limited"] += 1
        seconds = max(1, round(wait + 0.5))
        raise ApiError(
            429, "Rate limit exceeded", headers={"Retry-After": str(seconds)}
        )
    if faults.chance(settings.error_rate):
        counted["error"] += 1
        raise ApiError(503, "Injected fault: unavailable", headers={"Retry-After": "1"})
    if faults.chance(settings.drop_rate):
        counted["drop"] += 1
        return _drop(request)
    if faults.chance(settings.slow_rate):
        counted["slow"] += 1
        await asyncio.sleep(settings.slow_seconds)
        raise ApiError(503, "Injected fault: too slow", headers={"Retry-After": "1"})
    drop_after = faults.chance(settings.drop_after_commit_rate)
    response = await handler(request)
    if drop_after:
        counted["drop_after_commit"] += 1
        return _drop(request)
    return response


def _drop(request: web.Request) -> web.Response:
    """Close the connection without answering."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=204)


# -- list queries -------------------------------------------------------------


def _like(value: str, parameter: str) -> tuple[str | None, str | None]:
    """Read ``eq.x`` (exact) or ``ilike.pattern`` (case-insensitive LIKE)."""
    operator, dot, operand = value.partition(".")
    if dot and operator == "eq":
        return operand, None
    if dot and operator == "ilike":
        return None, operand.replace("*", "%")
    if dot and operator in ("like", "neq", "gt", "lt", "in", "is"):
        raise ApiError(400, f"Unsupported operator {operator!r} for {parameter}")
    return value, None


def _integer(
    query: MultiMapping[str], name: str, default: int, low: int, high: int
) -> int:
    text = query.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer, got {text!r}") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}, got {value}")
    return value


def parse_list_query(query: MultiMapping[str], kind: Kind) -> ListQuery:
    """Check a list route's query string.

    Raises
    ------
    ApiError
        400 for a bad ``limit`` (1..100), ``offset``, operator, time, order.
    """
    limit = _integer(query, "limit", 100, 1, 100)
    offset = _integer(query, "offset", 0, 0, MAX_OFFSET)
    name_eq = name_like = email_like = None
    if "name" in query:
        name_eq, name_like = _like(query["name"], "name")
    if "created_by_email" in query:
        exact, email_like = _like(query["created_by_email"], "created_by_email")
        if exact is not None:
            email_like = exact
    time_columns = [("created_at", "created_at"), ("updated_at", "updated_at")]
    if kind is MEASUREMENT:
        time_columns.append(("start_time", "start_time"))
    bounds = []
    for parameter, column in time_columns:
        for suffix, operator in (("_gt", ">"), ("_lt", "<")):
            text = query.get(parameter + suffix)
            if text is not None:
                try:
                    moment = normalise_time(text, field=parameter + suffix)
                except ApiError as error:
                    raise ApiError(400, error.message) from None
                bounds.append((column, operator, moment))
    equals = []
    for parameter in kind.columns:
        if parameter in ("form_factor", "measurement_type") and parameter in query:
            exact, pattern = _like(query[parameter], parameter)
            equals.append((parameter, exact if exact is not None else pattern or ""))
    order_by = query.get("order_by")
    allowed = {"name", "created_at", "updated_at"} | (
        {"start_time"} if kind is MEASUREMENT else set()
    )
    if order_by is not None and order_by not in allowed:
        raise ApiError(400, f"order_by must be one of {sorted(allowed)}")
    order = query.get("order", "asc")
    if order not in ("asc", "desc"):
        raise ApiError(400, "order must be 'asc' or 'desc'")
    return ListQuery(
        limit=limit,
        offset=offset,
        name_eq=name_eq,
        name_like=name_like,
        email_like=email_like,
        bounds=tuple(bounds),
        equals=tuple(equals),
        order_by=order_by,
        descending=order == "desc",
    )


# -- records ------------------------------------------------------------------


async def _list(
    request: web.Request, kind: Kind, parent_id: str | None
) -> web.Response:
    state = _state(request)
    query = parse_list_query(request.query, kind)
    items, total = state.store.list_page(kind, parent_id, query)
    return json_response({"items": items, "count": len(items), "total": total})


async def _create(
    request: web.Request,
    kind: Kind,
    parent_id: str | None,
    extra: Mapping[str, Any] | None = None,
) -> web.Response:
    state = _state(request)
    fields = check_fields(kind, await read_json(request), partial=False)
    fields.update(extra or {})
    record = state.store.create(kind, parent_id, fields)
    return json_response(record, 201)


def _record_routes(kind: Kind, path: str) -> list[web.RouteDef]:
    async def get(request: web.Request) -> web.Response:
        state = _state(request)
        return json_response(state.store.get(kind, request.match_info["id"]))

    async def patch(request: web.Request) -> web.Response:
        state = _state(request)
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
        state = _state(request)
        removed = state.store.delete(kind, request.match_info["id"])
        for measurement_id in removed:
            await asyncio.to_thread(state.blobs.delete, measurement_id)
        return web.Response(status=204)

    return [web.get(path, get), web.patch(path, patch), web.delete(path, delete)]


async def list_specifications(request: web.Request) -> web.Response:
    """GET /cell_specifications."""
    return await _list(request, SPECIFICATION, None)


async def create_specification(request: web.Request) -> web.Response:
    """POST /cell_specifications."""
    return await _create(request, SPECIFICATION, None)


async def list_instances(request: web.Request) -> web.Response:
    """GET /cell_specifications/{id}/cell_instances."""
    return await _list(request, INSTANCE, request.match_info["id"])


async def create_instance(request: web.Request) -> web.Response:
    """POST /cell_specifications/{id}/cell_instances."""
    return await _create(request, INSTANCE, request.match_info["id"])


async def list_measurements(request: web.Request) -> web.Response:
    """GET /cell_instances/{id}/cell_measurements."""
    return await _list(request, MEASUREMENT, request.match_info["id"])


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
    state = _state(request)
    fields = check_fields(MEASUREMENT, body, partial=False)
    fields["measurement_type"] = kind_value
    record = state.store.create(MEASUREMENT, request.match_info["id"], fields)
    return json_response(record, 201)


# -- uploads, processing, downloads -------------------------------------------


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


async def initiate_upload(request: web.Request) -> web.Response:
    """POST /cell_instances/{id}/cell_measurements/initiate-upload."""
    state = _state(request)
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
    state = _state(request)
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
    return json_response(record, 201)


def schedule_processing(state: State, measurement_id: str) -> None:
    """Derive a measurement's steps and cycles in the background."""
    task = asyncio.get_running_loop().create_task(process(state, measurement_id))
    state.tasks.add(task)
    task.add_done_callback(state.tasks.discard)


async def process(state: State, measurement_id: str) -> None:
    """Run processing: pending -> running -> ready (or failed, with the reason)."""
    store = state.store
    store.set_processing(measurement_id, "running")
    data = await asyncio.to_thread(
        state.blobs.get, measurement_id, "time_series.parquet"
    )
    try:
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
    store.set_processing(measurement_id, "ready")


async def _download(request: web.Request, filename: str) -> web.Response:
    state = _state(request)
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
    state = _state(request)
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
    state = _state(request)
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
    state = _state(request)
    measurement_id, filename = _check_signature(request)
    if filename not in UPLOAD_FILES:
        raise ApiError(400, f"Uploads accept {', '.join(UPLOAD_FILES)}")
    data = await request.read()
    await asyncio.to_thread(state.blobs.put, measurement_id, filename, data)
    return json_response({"path": f"{measurement_id}/{filename}", "size": len(data)})


async def storage_get(request: web.Request) -> web.Response:
    """GET /storage/{id}/{file}: serve a stored file (signed URL)."""
    state = _state(request)
    measurement_id, filename = _check_signature(request)
    data = await asyncio.to_thread(state.blobs.get, measurement_id, filename)
    if data is None:
        raise ApiError(404, "No such file")
    return web.Response(body=data, headers={"Content-Type": "application/octet-stream"})


# -- the server's own routes --------------------------------------------------


async def get_openapi(request: web.Request) -> web.Response:
    """GET /openapi.json."""
    return json_response(openapi_document())


async def get_stats(request: web.Request) -> web.Response:
    """GET /_local/stats: request counts, faults, credentials seen by storage."""
    return json_response(_state(request).stats.as_json())


async def reset_stats(request: web.Request) -> web.Response:
    """DELETE /_local/stats: start counting afresh."""
    _state(request).stats.reset()
    return web.Response(status=204)


async def get_faults(request: web.Request) -> web.Response:
    """GET /_local/faults: the fault settings in force."""
    return json_response(attrs.asdict(_state(request).faults.settings))


async def set_faults(request: web.Request) -> web.Response:
    """POST /_local/faults: change fault settings at run time."""
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, "The body must be an object of fault settings")
    faults = _state(request).faults
    try:
        faults.settings.update(body)
    except ValueError as error:
        raise ApiError(422, str(error)) from None
    if "seed" in body or "rate_limit" in body:
        faults.reseed()
    return json_response(attrs.asdict(faults.settings))


def build_app(state: State) -> web.Application:
    """Build the application around shared state."""
    app = web.Application(
        middlewares=[errors_middleware, faults_middleware, auth_middleware],
        client_max_size=MAX_BODY,
    )
    app[STATE] = state
    app.add_routes(
        [
            web.get("/cell_specifications", list_specifications),
            web.post("/cell_specifications", create_specification),
            *_record_routes(SPECIFICATION, "/cell_specifications/{id}"),
            web.get("/cell_specifications/{id}/cell_instances", list_instances),
            web.post("/cell_specifications/{id}/cell_instances", create_instance),
            *_record_routes(INSTANCE, "/cell_instances/{id}"),
            web.get("/cell_instances/{id}/cell_measurements", list_measurements),
            web.post(
                "/cell_instances/{id}/cell_measurements/create", create_measurement
            ),
            web.post(
                "/cell_instances/{id}/cell_measurements/initiate-upload",
                initiate_upload,
            ),
            *_record_routes(MEASUREMENT, "/cell_measurements/{id}"),
            web.post("/cell_measurements/{id}/confirm-upload", confirm_upload),
            web.get("/cell_measurements/{id}/steps/download", steps_download),
            web.get(
                "/cell_measurements/{id}/time_series/download", time_series_download
            ),
            web.get("/cell_measurements/{id}/steps_and_cycles", steps_and_cycles),
            web.get("/cell_measurements/{id}/cycles", cycles),
            web.put("/storage/{id}/{file}", storage_put),
            web.get("/storage/{id}/{file}", storage_get),
            web.get("/openapi.json", get_openapi),
            web.get("/_local/stats", get_stats),
            web.delete("/_local/stats", reset_stats),
            web.get("/_local/faults", get_faults),
            web.post("/_local/faults", set_faults),
        ]
    )
    return app
