"""The planning part of the OpenAPI document: planned measurements, protocols.

Where the hosted API's contract is silent: a planned measurement's name is
unique in its project; one that is ``scheduled`` or ``in_progress`` reserves
its channel (one of the project's cyclers', in service) over its window, and
two reservations never overlap (409). The automatic proposal is earliest-gap
first-fit: see :mod:`ionworks_async.local.storage.scheduling`. A protocol's
name is not unique; without ``force_create`` a protocol identical to one of
the project's (name and steps) is answered with that one (200).
"""

from __future__ import annotations

from typing import Any

from ..routes.planning import HEAVY
from ..storage.derived_kinds import ANALYSIS, DATASET, MATERIAL
from ..storage.plan_kinds import PLANNED, PLANNED_STATUSES, PROTOCOL
from .parts import ID, LIST_PARAMETERS, answer, error, operation, order_by, query
from .parts import record_item as item
from .schemas import field_schemas, record_schemas, ref

__all__ = ["derived_schemas", "planning_paths", "planning_schemas"]

_TEXT = {"type": "string"}
_HEAVY = f"({'|'.join(HEAVY)})"
_WHEN = {"type": ["string", "null"], "format": "date-time"}
_PLANNED = {"name": "planned_id", "in": "path", "required": True, "schema": _TEXT}


def planning_schemas() -> dict[str, Any]:
    """Return the component schemas of planned measurements and protocols."""
    planned_fields = {
        "project_id": _TEXT,
        **field_schemas(PLANNED),
        "status": {"type": "string", "enum": list(PLANNED_STATUSES)},
    }
    protocol_fields = {
        "organization_id": _TEXT,
        **field_schemas(PROTOCOL),
        "protocol_config": {
            "type": "object",
            "required": ["steps"],
            "properties": {"steps": {"type": "array"}},
        },
    }
    schemas = {
        **record_schemas("PlannedMeasurement", PLANNED, ["project_id"], planned_fields),
        **record_schemas("Protocol", PROTOCOL, ["organization_id"], protocol_fields),
    }
    schemas["ProtocolCreate"]["required"] = ["name", "protocol_config"]
    schemas["ProtocolCreate"]["properties"]["force_create"] = {"type": "boolean"}
    schemas["PlannedMeasurementCreate"]["properties"]["status"] = {
        "type": "string",
        "enum": list(PLANNED_STATUSES),
    }
    schemas["PlannedMeasurementPatch"]["properties"]["status"] = {
        "type": "string",
        "enum": list(PLANNED_STATUSES),
    }
    assignment = {
        "type": "object",
        "required": [
            "planned_measurement_id",
            "planned_measurement_name",
            "planned_measurement_updated_at",
        ],
    }
    schemas["AutoScheduleProposal"] = {
        "type": "object",
        "required": ["generated_at", "assignments"],
        "properties": {
            "generated_at": _TEXT,
            "assignments": {"type": "array", "items": assignment},
        },
    }
    return schemas


def planning_paths() -> dict[str, Any]:
    """Return the planning paths."""
    base = "/projects/{id}/planned_measurements"
    reserved = {"409": error("The channel is reserved then, or out of service")}
    return {
        base: {
            "parameters": [ID],
            "get": operation(
                "List a project's planned measurements",
                {
                    "200": answer(ref("PlannedMeasurementPage")),
                    "404": error("No such project"),
                },
                parameters=[
                    *LIST_PARAMETERS,
                    order_by(),
                    query("status", "<status> or eq.<status>"),
                    query("channel_id", "<id> or eq.<id>"),
                ],
            ),
            "post": operation(
                "Request a test (or schedule it at once)",
                {
                    "201": answer(ref("PlannedMeasurement"), "Created"),
                    "404": error("No such project, or channel"),
                    **reserved,
                },
                body=ref("PlannedMeasurementCreate"),
            ),
        },
        base + "/{planned_id}": {
            "parameters": [ID, _PLANNED],
            "get": operation(
                "Get a planned measurement",
                {"200": answer(ref("PlannedMeasurement")), "404": error("Not found")},
            ),
            "patch": operation(
                "Update, schedule or cancel a planned measurement",
                {
                    "200": answer(ref("PlannedMeasurement")),
                    "404": error("Not found"),
                    **reserved,
                },
                body=ref("PlannedMeasurementPatch"),
            ),
            "delete": operation(
                "Delete a planned measurement",
                {"204": {"description": "Deleted"}, "404": error("Not found")},
            ),
        },
        base + "/auto_schedule_proposal": {
            "parameters": [ID],
            "post": operation(
                "Propose earliest-gap reservations (nothing saved)",
                {
                    "200": answer(ref("AutoScheduleProposal")),
                    "404": error("No such project or planned measurement"),
                },
                body={
                    "type": "object",
                    "required": ["planned_measurement_ids"],
                    "properties": {
                        "planned_measurement_ids": {
                            "type": "array",
                            "items": _TEXT,
                        },
                        "start_after": {
                            "type": ["string", "null"],
                            "format": "date-time",
                        },
                    },
                },
            ),
        },
        base + "/apply_auto_schedule_proposal": {
            "parameters": [ID],
            "post": operation(
                "Schedule a proposal's assignments (all, or none)",
                {
                    "200": answer(
                        {"type": "array", "items": ref("PlannedMeasurement")}
                    ),
                    "404": error("No such project, planned measurement or channel"),
                    "409": error("One changed since, or its channel is taken"),
                },
                body={
                    "type": "object",
                    "required": ["assignments"],
                    "properties": {
                        "assignments": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["planned_measurement_id"],
                                "properties": {
                                    "planned_measurement_id": _TEXT,
                                    "planned_measurement_updated_at": _TEXT,
                                    "channel_id": {"type": ["string", "null"]},
                                    "planned_start_time": _WHEN,
                                    "planned_end_time": _WHEN,
                                },
                            },
                        }
                    },
                },
            ),
        },
        "/experiment_templates": {
            "get": operation(
                "List a project's protocols (heavy fields only if included)",
                {"200": answer(ref("ProtocolPage"))},
                parameters=[
                    *LIST_PARAMETERS,
                    order_by(),
                    query("project_id", "<id> or eq.<id>"),
                    {
                        **query("include", "Comma-separated heavy fields to return"),
                        "schema": {
                            "type": "string",
                            "pattern": f"^{_HEAVY}(,{_HEAVY})*$",
                        },
                    },
                ],
            ),
            "post": operation(
                "Save a protocol (an identical one is answered, unless forced)",
                {
                    "200": answer(ref("Protocol"), "An identical one"),
                    "201": answer(ref("Protocol"), "Created"),
                    "404": error("No such project"),
                },
                body=ref("ProtocolCreate"),
            ),
        },
        "/experiment_templates/{id}": item("Protocol", "protocol"),
        "/experiment_templates/{id}/human_readable": {
            "parameters": [ID],
            "get": operation(
                "A protocol's steps in words",
                {
                    "200": {
                        "description": "Text",
                        "content": {"text/plain": {"schema": _TEXT}},
                    },
                    "404": error("No such protocol"),
                },
            ),
        },
        "/experiment_templates/{id}/source_protocol": {
            "parameters": [ID],
            "get": operation(
                "The text a protocol was made from",
                {
                    "200": {
                        "description": "Text",
                        "content": {"text/plain": {"schema": _TEXT}},
                    },
                    "404": error("No such protocol, or none made from text"),
                },
            ),
        },
    }


def derived_schemas() -> dict[str, Any]:
    """Return the schemas of materials, datasets and analyses."""
    text = {"type": "string"}
    return {
        **record_schemas(
            "Material",
            MATERIAL,
            ["project_id"],
            {"project_id": text, **field_schemas(MATERIAL)},
        ),
        **record_schemas(
            "MaterialPropertyDataset",
            DATASET,
            ["material_id"],
            {
                "material_id": text,
                **field_schemas(DATASET),
                "data_version": {"type": "integer"},
            },
        ),
        **record_schemas(
            "Analysis",
            ANALYSIS,
            ["measurement_id"],
            {"measurement_id": text, **field_schemas(ANALYSIS)},
        ),
    }
