"""The discovery routes' answers, made from the server's own OpenAPI document.

``GET /discovery/capabilities`` says what the platform holds and where its
schemas are; ``GET /discovery/schemas/data`` is the cell data hierarchy as
one JSON Schema whose records are the document's component schemas (so the
two cannot drift apart); ``GET /discovery/schemas/protocol`` describes a
protocol as ionworks-local keeps one: it stores protocols as given and checks
none of their steps.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

__all__ = ["SCHEMA_NAMES", "capabilities", "discovery_schema"]

SCHEMA_NAMES = ("data", "protocol")

_HIERARCHY = (
    "A cell specification (a cell design) has lots (cell batches) and cell "
    "instances (physical cells, each optionally in a lot); a cell instance has "
    "measurements (time series, properties or files), and a time-series "
    "measurement has its time series, steps and cycles. Specifications belong "
    "to a project of the organisation."
)

_RECORDS = {
    "project": "Project",
    "cell_specification": "CellSpecification",
    "cell_batch": "CellBatch",
    "cell_instance": "CellInstance",
    "cell_measurement": "CellMeasurement",
}


def _series_columns() -> dict[str, Any]:
    from ...read.normalise import API_COLUMNS, KEPT_COLUMNS

    return {
        "type": "object",
        "description": "A measurement's time series: one array a column, "
        "beside any further column of the cycler's.",
        "required": list(API_COLUMNS[:3]),
        "properties": {
            name: {"type": "array", "items": {"type": ["number", "null"]}}
            for name in (*API_COLUMNS, *KEPT_COLUMNS)
        },
        "additionalProperties": {"type": "array"},
    }


@functools.cache
def _data_schema() -> dict[str, Any]:
    from .document import openapi_document

    components = openapi_document()["components"]["schemas"]
    defs = {name: copy.deepcopy(components[name]) for name in _RECORDS.values()}
    defs["TimeSeries"] = _series_columns()
    defs["Steps"] = {
        "type": "object",
        "description": "A measurement's step table, one array a column "
        "(as GET /cell_measurements/{id}/steps_and_cycles answers it).",
        "additionalProperties": {"type": "array"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Ionworks cell data",
        "description": _HIERARCHY,
        "type": "object",
        "properties": {
            **{key: {"$ref": f"#/$defs/{name}"} for key, name in _RECORDS.items()},
            "time_series": {"$ref": "#/$defs/TimeSeries"},
            "steps": {"$ref": "#/$defs/Steps"},
        },
        "$defs": _rewritten(defs),
    }


def _rewritten(value: Any) -> Any:
    """Point the OpenAPI document's ``$ref``s at this schema's ``$defs``."""
    if isinstance(value, dict):
        return {
            key: (
                item.replace("#/components/schemas/", "#/$defs/")
                if key == "$ref" and isinstance(item, str)
                else _rewritten(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rewritten(item) for item in value]
    return value


_PROTOCOL = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Universal Cycler Protocol (as ionworks-local keeps it)",
    "description": "ionworks-local stores a protocol as given and checks none "
    "of its steps; the hosted service's schema is the one a cycler's protocol "
    "is checked against.",
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "steps": {"type": "array", "items": {"type": "object"}},
    },
    "additionalProperties": True,
}


def discovery_schema(name: str) -> dict[str, Any] | None:
    """Return a discovery schema by name (``None``: no such schema)."""
    if name == "data":
        return copy.deepcopy(_data_schema())
    if name == "protocol":
        return copy.deepcopy(_PROTOCOL)
    return None


def capabilities(version: str) -> dict[str, Any]:
    """Return the capabilities document of a server of ``version``."""
    return {
        "service": "ionworks-local",
        "version": version,
        "domain_context": {
            "hierarchy": _HIERARCHY,
            "key_concepts": {
                "cell_specification": "A cell design, unique by name in a project.",
                "cell_batch": "A manufacturing lot of a specification.",
                "cell_instance": "One physical cell of a specification.",
                "cell_measurement": "A test of a cell: a time series (with its "
                "steps and cycles), properties, or files.",
                "raw_data": "An original file as uploaded, linked to measurements.",
            },
        },
        "schemas": {name: f"/discovery/schemas/{name}" for name in SCHEMA_NAMES},
        "openapi_spec": "/openapi.json",
        "authentication": {
            "api_key": {"header": "X-API-Key"},
            "bearer": {"header": "Authorization", "scheme": "Bearer"},
        },
    }
