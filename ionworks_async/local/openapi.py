"""The OpenAPI 3.1 document of the local server, served at ``/openapi.json``.

Where the public contract is silent, the choices made are written here:
``ilike.`` patterns use ``%`` (or ``*``) wildcards; list order defaults to
creation order; ``created_by_email`` comes from the server; a slow fault waits
and then answers 503 without applying anything; the ``/_local/*`` control
routes need no key while the server listens on loopback only, and the
server's key when it listens beyond it.

Projects and lots: the server has one organisation, and its first project
(created with the store, listed first by ``GET /projects``) is the default
project of every key: a specification created without ``project_id`` is filed
there. A ``project_id`` that names no project is 404; null in a PATCH is 400
(a specification always belongs to a project). Specification names are unique
within a project. Lot (cell batch) names are unique within a specification,
compared case-insensitively (Unicode case folding); a lot's ``project_id`` is
its specification's. An instance names its lot by ``batch_id`` (a missing lot
is 404, a lot of another specification 400) and reads back the lot's current
name as
``batch_name``; a body carrying the older free-text ``batch`` is 422 naming
``batch_id``. Deleting a lot keeps its cells, with ``batch_id`` null. A store
written before projects and lots is migrated when opened: each
specification joins the project its ``project_id`` named (created if needed)
or the default one, and each specification's distinct ``batch`` values
become lots.
"""

from __future__ import annotations

import functools
from typing import Any

from .._version import __version__
from .openapi_schemas import COLUMNAR, component_schemas, ref

__all__ = ["openapi_document"]

_JSON = "application/json"


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": ref("Error")}}}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": schema}}}


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_FILE = {"name": "file", "in": "path", "required": True, "schema": {"type": "string"}}
_SIGNED = [
    {"name": "expires", "in": "query", "required": True, "schema": {"type": "string"}},
    {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}},
]


def _query(name: str, description: str, *, time: bool = False) -> dict[str, Any]:
    schema = {"type": "string", "format": "date-time"} if time else {"type": "string"}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


_LIST_PARAMETERS = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**62, "default": 0},
    },
    _query(
        "name", "eq.<name> (exact) or ilike.<pattern> (case-insensitive, % wildcards)"
    ),
    _query("created_by_email", "eq.<email> or ilike.<pattern>"),
    _query(
        time=True, name="created_at_gt", description="ISO 8601; created strictly after"
    ),
    _query(
        time=True, name="created_at_lt", description="ISO 8601; created strictly before"
    ),
    _query(
        time=True, name="updated_at_gt", description="ISO 8601; updated strictly after"
    ),
    _query(
        time=True, name="updated_at_lt", description="ISO 8601; updated strictly before"
    ),
    {
        "name": "order",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"},
    },
]


def _order_by(*extra: str) -> dict[str, Any]:
    return {
        "name": "order_by",
        "in": "query",
        "required": False,
        "schema": {
            "type": "string",
            "enum": ["name", "created_at", "updated_at", *extra],
        },
    }


_RATE = {"type": "number", "minimum": 0, "maximum": 1}
_FAULTS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "latency_ms": {"type": "number", "minimum": 0},
        "jitter_ms": {"type": "number", "minimum": 0},
        "error_rate": _RATE,
        "rate_limit": {"type": "number", "minimum": 0},
        "drop_rate": _RATE,
        "slow_rate": _RATE,
        "slow_seconds": {"type": "number", "minimum": 0},
        "drop_after_commit_rate": _RATE,
        "seed": {"type": ["integer", "null"]},
    },
}
_COMMON_ERRORS = {
    "400": _error("Malformed request (bad JSON, bad query parameter)"),
    "401": _error("Missing or wrong API key"),
    "422": _error("A field has the wrong type, or a required one is missing"),
    "429": _error("Rate limited; see Retry-After"),
    "503": _error("Unavailable; see Retry-After"),
}


def _operation(
    summary: str,
    responses: dict[str, Any],
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    security: bool | None = True,
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {**responses, **(_COMMON_ERRORS if security is not False else {})},
    }
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {_JSON: {"schema": body}},
        }
    if security is False:
        operation["security"] = []
    elif security is None:
        operation["security"] = [{}, {"ApiKey": []}, {"Bearer": []}]
    return operation


def _record_item(
    name: str, label: str, deletes: str = "and everything under it"
) -> dict[str, Any]:
    missing = {"404": _error(f"No such {label}")}
    return {
        "parameters": [_ID],
        "get": _operation(f"Get a {label}", {"200": _json(ref(name)), **missing}),
        "patch": _operation(
            f"Update fields of a {label} (unknown fields are stored too)",
            {
                "200": _json(ref(name)),
                **missing,
                "409": _error("Another record under the same parent has this name"),
            },
            body=ref(f"{name}Patch"),
        ),
        "delete": _operation(
            f"Delete a {label} {deletes}",
            {"204": {"description": "Deleted"}, **missing},
        ),
    }


def _collection(
    name: str,
    label: str,
    *,
    parent: bool,
    extra: list[dict[str, Any]],
    named: str | None = None,
) -> dict[str, Any]:
    parameters = [_ID] if parent else []
    conflict = {
        "409": _error("A record of this name exists; detail.existing_id names it")
    }
    missing = {"404": _error("No such parent")} if parent else {}
    created_missing = {"404": _error(named)} if named else missing
    return {
        **({"parameters": parameters} if parameters else {}),
        "get": _operation(
            f"List {label}s, one page at a time",
            {"200": _json(ref(f"{name}Page")), **missing},
            parameters=[*_LIST_PARAMETERS, _order_by(), *extra],
        ),
        "post": _operation(
            f"Create a {label}",
            {"201": _json(ref(name), "Created"), **conflict, **created_missing},
            body=ref(f"{name}Create"),
        ),
    }


@functools.cache
def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of every route."""
    schemas = component_schemas()
    redirect = {
        "307": {
            "description": "Redirect to a signed storage URL (parquet)",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        "404": _error("No such measurement or file"),
    }
    measurement_missing = {"404": _error("No such measurement, or not processed yet")}
    open_route: dict[str, Any] = {"security": False}
    # No key on loopback; the server's key when it listens beyond loopback.
    control_route: dict[str, Any] = {"security": None}
    paths: dict[str, Any] = {
        "/projects": _collection("Project", "project", parent=False, extra=[]),
        "/projects/{id}": {
            "parameters": [_ID],
            "get": _operation(
                "Get a project",
                {"200": _json(ref("Project")), "404": _error("No such project")},
            ),
        },
        "/cell_specifications": _collection(
            "CellSpecification",
            "cell specification",
            parent=False,
            extra=[
                _query("form_factor", "eq.<form factor>"),
                _query(
                    "project_id", "<id> or eq.<id>: the specifications of a project"
                ),
            ],
            named="The project that project_id names does not exist",
        ),
        "/cell_specifications/{id}": _record_item(
            "CellSpecification", "cell specification"
        ),
        "/cell_specifications/{id}/cell_batches": _collection(
            "CellBatch", "cell batch (lot)", parent=True, extra=[]
        ),
        "/cell_batches/{id}": _record_item(
            "CellBatch", "cell batch (lot)", "(its cells are kept, with no lot)"
        ),
        "/cell_specifications/{id}/cell_instances": _collection(
            "CellInstance",
            "cell instance",
            parent=True,
            extra=[_query("batch_id", "<id> or eq.<id>: the cells of a lot")],
            named="No such specification, or no lot batch_id names",
        ),
        "/cell_instances/{id}": _record_item("CellInstance", "cell instance"),
        "/cell_instances/{id}/cell_measurements": {
            "parameters": [_ID],
            "get": _operation(
                "List the measurements of an instance",
                {
                    "200": _json(ref("CellMeasurementPage")),
                    "404": _error("No such instance"),
                },
                parameters=[
                    *_LIST_PARAMETERS,
                    _order_by("start_time"),
                    _query("measurement_type", "time_series, file or properties"),
                    _query("start_time_gt", "ISO 8601", time=True),
                    _query("start_time_lt", "ISO 8601", time=True),
                ],
            ),
        },
        "/cell_instances/{id}/cell_measurements/create": {
            "parameters": [_ID],
            "post": _operation(
                "Create a properties (or file) measurement",
                {
                    "201": _json(ref("CellMeasurement"), "Created"),
                    "404": _error("No such instance"),
                    "409": _error("Name taken"),
                },
                body={
                    "allOf": [ref("CellMeasurementCreate")],
                    # time series are created through initiate-upload
                    "properties": {
                        "measurement_type": {"enum": ["properties", "file"]}
                    },
                },
            ),
        },
        "/cell_instances/{id}/cell_measurements/initiate-upload": {
            "parameters": [_ID],
            "post": _operation(
                "Reserve a measurement and get signed upload URLs",
                {
                    "200": _json(ref("Upload")),
                    "404": _error("No such instance"),
                    "409": _error("Name taken; detail.existing_id names it"),
                },
                body={
                    "type": "object",
                    "required": ["measurement"],
                    "properties": {"measurement": ref("CellMeasurementCreate")},
                },
            ),
        },
        "/cell_measurements/{id}": _record_item("CellMeasurement", "cell measurement"),
        "/cell_measurements/{id}/confirm-upload": {
            "parameters": [_ID],
            "post": _operation(
                "Create the uploaded measurement; processing starts (pending)",
                {
                    "201": _json(ref("CellMeasurement"), "Created"),
                    "404": _error("No upload was initiated for this instance"),
                    "409": _error(
                        "Name taken, or time_series.parquet not uploaded yet"
                    ),
                },
                body={
                    "type": "object",
                    "required": ["cell_instance_id", "measurement"],
                    "properties": {
                        "cell_instance_id": {"type": "string"},
                        "measurement": ref("CellMeasurementCreate"),
                        "measurement_type": {"type": "string"},
                    },
                },
            ),
        },
        "/cell_measurements/{id}/steps/download": {
            "parameters": [_ID],
            "get": _operation("Download the steps table", redirect),
        },
        "/cell_measurements/{id}/time_series/download": {
            "parameters": [_ID],
            "get": _operation("Download the time series", redirect),
        },
        "/cell_measurements/{id}/steps_and_cycles": {
            "parameters": [_ID],
            "get": _operation(
                "Steps and cycles as columnar JSON",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {"steps": COLUMNAR, "cycles": COLUMNAR},
                        }
                    ),
                    **measurement_missing,
                },
            ),
        },
        "/cell_measurements/{id}/cycles": {
            "parameters": [_ID],
            "get": _operation(
                "Cycles as columnar JSON",
                {
                    "200": _json(
                        {"type": "object", "properties": {"cycles": COLUMNAR}}
                    ),
                    **measurement_missing,
                },
            ),
        },
        "/storage/{id}/{file}": {
            "parameters": [_ID, _FILE, *_SIGNED],
            "get": _operation(
                "Fetch a stored file (signed URL; send no credentials)",
                {
                    "200": {
                        "description": "The file",
                        "content": {"application/octet-stream": {"schema": {}}},
                    },
                    "403": _error("Bad or expired signature"),
                    "404": _error("No such file"),
                },
                **open_route,
            ),
            "put": _operation(
                "Upload a file (signed URL; send no credentials)",
                {
                    "200": _json({"type": "object"}),
                    "400": _error("Not an upload file name"),
                    "403": _error("Bad or expired signature"),
                },
                **open_route,
            ),
        },
        "/openapi.json": {
            "get": _operation(
                "This document", {"200": _json({"type": "object"})}, **open_route
            )
        },
        "/_local/stats": {
            "get": _operation(
                "Request counts, injected faults, credentials seen by storage",
                {"200": _json({"type": "object"})},
                **control_route,
            ),
            "delete": _operation(
                "Reset the statistics",
                {"204": {"description": "Reset"}},
                **control_route,
            ),
        },
        "/_local/faults": {
            "get": _operation(
                "The fault settings in force",
                {"200": _json({"type": "object"})},
                **control_route,
            ),
            "post": _operation(
                "Change fault settings",
                {
                    "200": _json({"type": "object"}),
                    "400": _error("The body is not JSON"),
                    "422": _error("Unknown setting or bad value"),
                },
                body=_FAULTS,
                **control_route,
            ),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ionworks-local",
            "version": __version__,
            "description": __doc__,
        },
        "servers": [{"url": "/"}],
        "security": [{"ApiKey": []}, {"Bearer": []}],
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "Bearer": {"type": "http", "scheme": "bearer"},
            },
        },
        "paths": paths,
    }
