"""The component schemas of the local server's OpenAPI document.

The documented fields are the ones the server checks (:mod:`.kinds`), so that
the document and the server cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from ..storage.record_types import (
    BATCH,
    BOOLEAN,
    DATE,
    INSTANCE,
    INTEGER,
    LIST,
    MEASUREMENT,
    MEASUREMENT_TYPES,
    NAME_PATTERN,
    NUMBER,
    OBJECT,
    PROJECT,
    SPECIFICATION,
    TAGS,
    TEXT,
    TIME,
    Kind,
)

__all__ = [
    "COLUMNAR",
    "component_schemas",
    "field_schemas",
    "record_schemas",
    "ref",
]

COLUMNAR = {"type": "object", "additionalProperties": {"type": "array"}}
"""A table as JSON: column name to its values."""

_TEXT = {"type": ["string", "null"]}
_OBJECT = {
    "type": ["object", "null"],
    "description": "Free-form JSON. Its numbers must be finite and within a "
    "double's range (integers included): others are refused with 422.",
}
_TIME = {"type": ["string", "null"], "format": "date-time"}
_DATE = {"type": ["string", "null"], "format": "date"}
_NAME = {"type": "string", "pattern": NAME_PATTERN}
_TAGS = {
    "type": ["array", "null"],
    "maxItems": 50,
    "items": {
        "type": "string",
        "minLength": 1,
        "maxLength": 50,
        "pattern": NAME_PATTERN,
    },
}
_SCHEMAS = {
    TEXT: _TEXT,
    OBJECT: _OBJECT,
    TIME: _TIME,
    DATE: _DATE,
    TAGS: _TAGS,
    INTEGER: {"type": ["integer", "null"], "minimum": -(2**53), "maximum": 2**53},
    NUMBER: {"type": ["number", "null"], "minimum": -1e300, "maximum": 1e300},
    BOOLEAN: {"type": ["boolean", "null"]},
    LIST: {"type": ["array", "null"]},
}
_ROUTE_KEPT = ("cell_specification_id", "cell_instance_id", "site_id", "cycler_id")
"""Parents come from the route: a body's values for them are ignored."""


def ref(name: str) -> dict[str, str]:
    """Return a reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


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


def field_schemas(kind: Kind) -> dict[str, Any]:
    """Return the JSON schema of each field the server checks for a kind."""
    return {name: _SCHEMAS[expected] for name, expected in kind.fields.items()}


def _records() -> dict[str, tuple[Kind, list[str], dict[str, Any]]]:
    """Each record: its kind, required fields and field schemas (as read)."""
    return {
        "Project": (
            PROJECT,
            ["organization_id"],
            {**field_schemas(PROJECT), "organization_id": {"type": "string"}},
        ),
        "CellSpecification": (
            SPECIFICATION,
            ["project_id"],
            {**field_schemas(SPECIFICATION), "project_id": {"type": "string"}},
        ),
        "CellBatch": (
            BATCH,
            ["cell_specification_id", "instance_count"],
            {
                "cell_specification_id": {"type": "string"},
                "project_id": {"type": "string"},
                "instance_count": {"type": "integer", "minimum": 0},
                **field_schemas(BATCH),
            },
        ),
        "CellInstance": (
            INSTANCE,
            ["cell_specification_id"],
            {
                "cell_specification_id": {"type": "string"},
                **field_schemas(INSTANCE),
                "batch_name": _TEXT,
            },
        ),
        "CellMeasurement": (
            MEASUREMENT,
            ["cell_instance_id", "measurement_type"],
            {
                "cell_instance_id": {"type": "string"},
                "measurement_type": {"type": "string", "enum": list(MEASUREMENT_TYPES)},
                "processing_status": {
                    "type": ["string", "null"],
                    "enum": ["pending", "running", "ready", "failed", None],
                },
                "processing_error": _TEXT,
                **field_schemas(MEASUREMENT),
            },
        ),
    }


def _writable(kind: Kind, fields: dict[str, Any]) -> dict[str, Any]:
    """Return the fields a create or patch body may set (``batch``: never)."""
    ignored = {*_ROUTE_KEPT, *kind.read_only}
    if kind is MEASUREMENT:
        ignored |= {"processing_status", "processing_error"}
    writable = {key: value for key, value in fields.items() if key not in ignored}
    if kind is INSTANCE:
        writable["batch"] = False  # a free-text lot: 422, send batch_id
    return writable


def component_schemas() -> dict[str, Any]:
    """Return every component schema: records, pages, bodies, errors, uploads."""
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
        "Tags": {**_TAGS, "type": "array"},
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
                            **{
                                k: {"type": "string"}
                                for k in ("filename", "signed_url", "token", "path")
                            },
                            "multipart": {"type": ["object", "null"]},
                        },
                    },
                },
            },
        },
    }
    for name, (kind, required, fields) in _records().items():
        schemas.update(record_schemas(name, kind, required, fields))
    return schemas


def record_schemas(
    name: str, kind: Kind, required: list[str], fields: dict[str, Any]
) -> dict[str, Any]:
    """Return a record's schemas: itself, its page, its create and patch bodies."""
    schemas: dict[str, Any] = {}
    schemas[name] = _record_schema(required, fields)
    schemas[f"{name}Page"] = {
        "type": "object",
        "required": ["items", "count", "total"],
        "properties": {
            "items": {"type": "array", "items": ref(name)},
            "count": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }
    writable = _writable(kind, fields)
    patchable = writable
    if kind.in_project:  # created in the default project, or moved
        writable = {**writable, "project_id": _TEXT}
        patchable = {**writable, "project_id": {"type": "string"}}
    schemas[f"{name}Create"] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": _NAME, **writable},
        "additionalProperties": True,
    }
    schemas[f"{name}Patch"] = {
        "type": "object",
        "properties": {"name": _NAME, **patchable},
        "additionalProperties": True,
    }
    return schemas
