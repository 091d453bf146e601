"""The planning routes: planned measurements (and their schedules) and protocols."""

from __future__ import annotations

import itertools
import json
from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, read_json, state_of
from ..storage.plan_kinds import PLANNED, PROTOCOL
from ..storage.record_types import PROJECT, check_fields, normalise_time
from ..storage.rows import select_page
from ..storage.scheduling import WINDOW, check_reservation, overlaps, propose
from .queries import parse_list_query
from .records import create_record, list_records, record_routes

__all__ = ["planning_routes"]

PLANNED_PATH = "/projects/{id}/planned_measurements"
HEAVY = (
    "protocol_config",
    "parameters_schema",
    "source_protocol",
    "time_series_spec",
    "metrics_spec",
    "plot_options",
)
"""A protocol's fields a list leaves out unless ``include`` names them."""


def _planned(request: web.Request, planned_id: str | None = None) -> dict[str, Any]:
    """Return a planned measurement of the route's project (404 if not one)."""
    store = state_of(request).store
    project_id = request.match_info["id"]
    store.get(PROJECT, project_id)
    record = store.get(PLANNED, planned_id or request.match_info["planned_id"])
    if record.get("project_id") != project_id:
        raise ApiError(404, f"Planned measurement {record['id']!r} not found")
    return record


def _schedule(request: web.Request, planned_id: str, fields: dict[str, Any]) -> Any:
    """Update a planned measurement, checking the reservation it makes."""
    store = state_of(request).store
    record = {**_planned(request, planned_id), **fields}
    check_reservation(store.connection, request.match_info["id"], record)
    if record.get("status") == "scheduled":
        fields = {**fields, "scheduled_by_email": store.user_email}
    return store.update(PLANNED, planned_id, fields)


async def list_planned(request: web.Request) -> web.Response:
    """GET /projects/{id}/planned_measurements."""
    return await list_records(request, PLANNED, request.match_info["id"])


async def create_planned(request: web.Request) -> web.Response:
    """POST /projects/{id}/planned_measurements (requested, or scheduled)."""
    state = state_of(request)
    body = await read_json(request)
    fields = check_fields(PLANNED, body, partial=False)
    project_id = request.match_info["id"]
    probe = {"id": "", **fields, "status": fields.get("status", "requested")}
    state.store.get(PROJECT, project_id)
    check_reservation(state.store.connection, project_id, probe)
    extra = {"requested_by_email": state.store.user_email}
    if probe["status"] == "scheduled":
        extra["scheduled_by_email"] = state.store.user_email
    return await create_record(request, PLANNED, project_id, extra)


async def get_planned(request: web.Request) -> web.Response:
    """GET /projects/{id}/planned_measurements/{planned_id}."""
    return json_response(_planned(request))


async def patch_planned(request: web.Request) -> web.Response:
    """PATCH .../{planned_id}: fields, a schedule (checked), or a cancellation."""
    fields = check_fields(PLANNED, await read_json(request), partial=True)
    return json_response(_schedule(request, request.match_info["planned_id"], fields))


async def delete_planned(request: web.Request) -> web.Response:
    """DELETE .../{planned_id}."""
    record = _planned(request)
    state_of(request).store.delete(PLANNED, record["id"])
    return web.Response(status=204)


async def auto_schedule_proposal(request: web.Request) -> web.Response:
    """POST .../auto_schedule_proposal: earliest gaps, nothing saved."""
    state_of(request).store.get(PROJECT, request.match_info["id"])
    body = await read_json(request)
    ids = body.get("planned_measurement_ids") if isinstance(body, dict) else None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ApiError(
            422, "planned_measurement_ids must be a list of ids", {"field": "ids"}
        )
    start_after = body.get("start_after")
    if start_after is not None and not isinstance(start_after, str):
        raise ApiError(
            422, "start_after must be an ISO 8601 time", {"field": "start_after"}
        )
    planned = [_planned(request, one) for one in ids]
    store = state_of(request).store
    proposal = propose(store.connection, request.match_info["id"], planned, start_after)
    return json_response(proposal)


def _same_time(stored: str, given: object) -> bool:
    """Whether a time sent back is the stored one (``Z`` or ``+00:00`` alike)."""
    if not isinstance(given, str):
        return False
    try:
        return normalise_time(given, field="updated_at") == normalise_time(
            stored, field="updated_at"
        )
    except ApiError:
        return False


async def apply_auto_schedule_proposal(request: web.Request) -> web.Response:
    """POST .../apply_auto_schedule_proposal: schedule each assignment, or none."""
    state_of(request).store.get(PROJECT, request.match_info["id"])
    body = await read_json(request)
    assignments = body.get("assignments") if isinstance(body, dict) else None
    if not isinstance(assignments, list) or not all(
        isinstance(a, dict) and isinstance(a.get("planned_measurement_id"), str)
        for a in assignments
    ):
        raise ApiError(
            422,
            "assignments must be a list of a proposal's assignments",
            {"field": "assignments"},
        )
    store = state_of(request).store
    changes = []
    for assignment in assignments:  # every one checked before any is applied
        record = _planned(request, assignment["planned_measurement_id"])
        if not _same_time(
            record["updated_at"], assignment.get("planned_measurement_updated_at")
        ):
            raise ApiError(
                409,
                f"Planned measurement {record['id']!r} changed since the proposal "
                "was made: ask for a new one",
                {"planned_measurement_id": record["id"]},
            )
        fields = {
            "status": "scheduled",
            **{key: assignment.get(key) for key in WINDOW},
        }
        check_reservation(
            store.connection, request.match_info["id"], {**record, **fields}
        )
        changes.append((record["id"], fields))
    for (one, first), (other, second) in itertools.combinations(changes, 2):
        if first["channel_id"] == second["channel_id"] and overlaps(first, second):
            raise ApiError(
                409,
                f"The assignments of {one!r} and {other!r} overlap on one channel",
                {"conflicting_id": other},
            )
    done = [_schedule(request, one, fields) for one, fields in changes]
    return json_response(done)


async def list_protocols(request: web.Request) -> web.Response:
    """GET /experiment_templates: a project's protocols, heavy fields on request."""
    state = state_of(request)
    query = parse_list_query(request.query, PROTOCOL)
    parts = request.query["include"].split(",") if "include" in request.query else []
    include = set(parts)
    unknown = include - set(HEAVY)
    if unknown:
        raise ApiError(400, f"include takes {', '.join(HEAVY)}; not {sorted(unknown)}")
    items, total = select_page(
        state.store.connection, PROTOCOL, None, query, state.store.ordered
    )
    items = [
        {k: v for k, v in item.items() if k not in HEAVY or k in include}
        for item in items
    ]
    return json_response({"items": items, "count": len(items), "total": total})


async def create_protocol(request: web.Request) -> web.Response:
    """POST /experiment_templates: the identical one answered, unless forced."""
    state = state_of(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(422, "The request body must be a JSON object")
    force = body.get("force_create", False)
    if not isinstance(force, bool):
        raise ApiError(
            422, "force_create must be true or false", {"field": "force_create"}
        )
    body = {k: v for k, v in body.items() if k != "force_create"}
    fields = check_fields(PROTOCOL, body, partial=False)
    project_id = fields.get("project_id") or state.store.default_project_id
    if not force:
        for (doc,) in state.store.connection.execute(
            "SELECT doc FROM experiment_templates WHERE project_id = ? AND name = ?",
            (project_id, fields["name"]),
        ):
            existing = json.loads(doc)
            if existing.get("protocol_config") == fields.get("protocol_config"):
                return json_response(existing, 200)
    return await create_record(request, PROTOCOL, None, body=body)


def _step(step: Any) -> str:
    """Return one step in words: its kind, then its settings."""
    if not (isinstance(step, dict) and len(step) == 1):
        return str(step)
    ((kind, settings),) = step.items()
    if isinstance(settings, dict):
        detail = ", ".join(f"{key} {value}" for key, value in settings.items())
    else:
        detail = "" if settings is None else str(settings)
    return f"{kind}: {detail}" if detail else str(kind)


def _render(protocol: dict[str, Any]) -> str:
    """Return a protocol's steps in words, one line a step."""
    steps = (protocol.get("protocol_config") or {}).get("steps") or []
    lines = [f"{protocol['name']}: {len(steps)} step{'s' if len(steps) != 1 else ''}"]
    lines += [f"{number}. {_step(step)}" for number, step in enumerate(steps, 1)]
    return "\n".join(lines)


async def protocol_text(request: web.Request) -> web.Response:
    """GET /experiment_templates/{id}/human_readable: the steps in words."""
    protocol = state_of(request).store.get(PROTOCOL, request.match_info["id"])
    return web.Response(text=_render(protocol), content_type="text/plain")


async def protocol_source(request: web.Request) -> web.Response:
    """GET /experiment_templates/{id}/source_protocol: the text it came from."""
    protocol = state_of(request).store.get(PROTOCOL, request.match_info["id"])
    source = protocol.get("source_protocol")
    if not isinstance(source, str):
        raise ApiError(404, f"Protocol {protocol['id']!r} was not made from text")
    return web.Response(text=source, content_type="text/plain")


def planning_routes() -> list[web.RouteDef]:
    """Return the planning routes."""
    actions = "auto_schedule_proposal$|apply_auto_schedule_proposal$"
    item = PLANNED_PATH + "/{planned_id:(?!" + actions + ")[^{}/]+}"
    return [
        web.get(PLANNED_PATH, list_planned),
        web.post(PLANNED_PATH, create_planned),
        web.post(PLANNED_PATH + "/auto_schedule_proposal", auto_schedule_proposal),
        web.post(
            PLANNED_PATH + "/apply_auto_schedule_proposal", apply_auto_schedule_proposal
        ),
        web.get(item, get_planned),
        web.patch(item, patch_planned),
        web.delete(item, delete_planned),
        web.get("/experiment_templates", list_protocols),
        web.post("/experiment_templates", create_protocol),
        *record_routes(PROTOCOL, "/experiment_templates/{id}"),
        web.get("/experiment_templates/{id}/human_readable", protocol_text),
        web.get("/experiment_templates/{id}/source_protocol", protocol_source),
    ]
