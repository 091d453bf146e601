"""The OpenAPI 3.1 document of the local server, served at ``/openapi.json``.

Where the public contract is silent, the choices made are written here:
``ilike.`` patterns use ``%`` (or ``*``) wildcards; list order defaults to
creation order; ``created_by_email`` comes from the server; a slow fault waits
and then answers 503 without applying anything; the ``/_local/*`` control
routes need no key while the server listens on loopback only, and the
server's key when it listens beyond it.
"""

from __future__ import annotations

import functools
from typing import Any

from .._version import __version__
from .kinds import (
    DATE,
    INSTANCE,
    MEASUREMENT,
    MEASUREMENT_TYPES,
    NAME_PATTERN,
    OBJECT,
    SPECIFICATION,
    TEXT,
    TIME,
    Kind,
)

__all__ = ["openapi_document"]

_JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {_JSON: {"schema": _ref("Error")}}}


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


def _record_item(name: str, label: str) -> dict[str, Any]:
    missing = {"404": _error(f"No such {label}")}
    return {
        "parameters": [_ID],
        "get": _operation(f"Get a {label}", {"200": _json(_ref(name)), **missing}),
        "patch": _operation(
            f"Update fields of a {label} (unknown fields are stored too)",
            {
                "200": _json(_ref(name)),
                **missing,
                "409": _error("Another record under the same parent has this name"),
            },
            body=_ref(f"{name}Patch"),
        ),
        "delete": _operation(
            f"Delete a {label} and everything under it",
            {"204": {"description": "Deleted"}, **missing},
        ),
    }


def _collection(
    name: str, label: str, *, parent: bool, extra: list[dict[str, Any]]
) -> dict[str, Any]:
    parameters = [_ID] if parent else []
    conflict = {
        "409": _error("A record of this name exists; detail.existing_id names it")
    }
    missing = {"404": _error("No such parent")} if parent else {}
    return {
        **({"parameters": parameters} if parameters else {}),
        "get": _operation(
            f"List {label}s, one page at a time",
            {"200": _json(_ref(f"{name}Page")), **missing},
            parameters=[*_LIST_PARAMETERS, _order_by(), *extra],
        ),
        "post": _operation(
            f"Create a {label}",
            {"201": _json(_ref(name), "Created"), **conflict, **missing},
            body=_ref(f"{name}Create"),
        ),
    }


def _record_schema(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [
            "id",
            "name",
            *required,
            "created_at",
            "updated_at",
            "created_by_email",
        ],
        "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            **properties,
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "created_by_email": {"type": "string"},
        },
        "additionalProperties": True,
    }


_TEXT = {"type": ["string", "null"]}
_OBJECT = {"type": ["object", "null"]}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_DATE = {"type": ["string", "null"], "format": "date"}
_NAME = {"type": "string", "pattern": NAME_PATTERN}
_SCHEMAS = {TEXT: _TEXT, OBJECT: _OBJECT, TIME: _TIME, DATE: _DATE}
# What the server keeps and ignores in a request body.
_SERVER_KEPT = (
    "cell_specification_id",
    "cell_instance_id",
    "processing_status",
    "processing_error",
)


def _field_schemas(kind: Kind) -> dict[str, Any]:
    """Return the JSON schema of each field the server checks for a kind."""
    return {name: _SCHEMAS[expected] for name, expected in kind.fields.items()}


@functools.cache
def openapi_document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of every route."""
    # The documented fields are the ones the server checks (kinds.py), so
    # that the document and the server cannot drift apart.
    specification = _field_schemas(SPECIFICATION)
    instance = {
        "cell_specification_id": {"type": "string"},
        **_field_schemas(INSTANCE),
    }
    measurement = {
        "cell_instance_id": {"type": "string"},
        "measurement_type": {"type": "string", "enum": list(MEASUREMENT_TYPES)},
        "processing_status": {
            "type": ["string", "null"],
            "enum": ["pending", "running", "ready", "failed", None],
        },
        "processing_error": _TEXT,
        **_field_schemas(MEASUREMENT),
    }
    record_fields: dict[str, dict[str, Any]] = {
        "CellSpecification": specification,
        "CellInstance": instance,
        "CellMeasurement": measurement,
    }
    columnar = {"type": "object", "additionalProperties": {"type": "array"}}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error_code", "message"],
            "properties": {
                "error_code": {"type": "string"},
                "message": {"type": "string"},
                "detail": {},
            },
        },
        "CellSpecification": _record_schema([], specification),
        "CellInstance": _record_schema(["cell_specification_id"], instance),
        "CellMeasurement": _record_schema(
            ["cell_instance_id", "measurement_type"], measurement
        ),
        "Upload": {
            "type": "object",
            "required": ["measurement_id", "uploads"],
            "properties": {
                "measurement_id": {"type": "string"},
                "uploads": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["filename", "signed_url", "token", "path"],
                        "properties": {
                            k: {"type": "string"}
                            for k in ("filename", "signed_url", "token", "path")
                        },
                    },
                },
            },
        },
    }
    for name in ("CellSpecification", "CellInstance", "CellMeasurement"):
        schemas[f"{name}Page"] = {
            "type": "object",
            "required": ["items", "count", "total"],
            "properties": {
                "items": {"type": "array", "items": _ref(name)},
                "count": {"type": "integer"},
                "total": {"type": "integer"},
            },
        }
        fields = {
            key: value
            for key, value in record_fields[name].items()
            if key not in _SERVER_KEPT
        }
        schemas[f"{name}Create"] = {
            "type": "object",
            "required": ["name"],
            "properties": {"name": _NAME, **fields},
            "additionalProperties": True,
        }
        schemas[f"{name}Patch"] = {
            "type": "object",
            "properties": {"name": _NAME, **fields},
            "additionalProperties": True,
        }
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
        "/cell_specifications": _collection(
            "CellSpecification",
            "cell specification",
            parent=False,
            extra=[_query("form_factor", "eq.<form factor>")],
        ),
        "/cell_specifications/{id}": _record_item(
            "CellSpecification", "cell specification"
        ),
        "/cell_specifications/{id}/cell_instances": _collection(
            "CellInstance", "cell instance", parent=True, extra=[]
        ),
        "/cell_instances/{id}": _record_item("CellInstance", "cell instance"),
        "/cell_instances/{id}/cell_measurements": {
            "parameters": [_ID],
            "get": _operation(
                "List the measurements of an instance",
                {
                    "200": _json(_ref("CellMeasurementPage")),
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
                    "201": _json(_ref("CellMeasurement"), "Created"),
                    "404": _error("No such instance"),
                    "409": _error("Name taken"),
                },
                body={
                    "allOf": [_ref("CellMeasurementCreate")],
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
                    "200": _json(_ref("Upload")),
                    "404": _error("No such instance"),
                    "409": _error("Name taken; detail.existing_id names it"),
                },
                body={
                    "type": "object",
                    "required": ["measurement"],
                    "properties": {"measurement": _ref("CellMeasurementCreate")},
                },
            ),
        },
        "/cell_measurements/{id}": _record_item("CellMeasurement", "cell measurement"),
        "/cell_measurements/{id}/confirm-upload": {
            "parameters": [_ID],
            "post": _operation(
                "Create the uploaded measurement; processing starts (pending)",
                {
                    "201": _json(_ref("CellMeasurement"), "Created"),
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
                        "measurement": _ref("CellMeasurementCreate"),
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
                            "properties": {"steps": columnar, "cycles": columnar},
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
                        {"type": "object", "properties": {"cycles": columnar}}
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
