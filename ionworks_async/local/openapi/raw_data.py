"""The raw-data routes of the local server's OpenAPI document, and their schemas."""

from __future__ import annotations

from typing import Any

from ..storage.record_types import NAME_PATTERN
from .parts import ID, LIST_PARAMETERS, answer, error, operation
from .schemas import ref

__all__ = ["raw_data_paths", "raw_data_schemas"]

_WORDS = {"type": "string", "minLength": 1, "pattern": NAME_PATTERN}
"""A string with at least one character that is not white space."""
_PAGE = LIST_PARAMETERS[:2]
"""``limit`` and ``offset``."""
RAW_ID = {
    "name": "raw_data_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}


def raw_data_schemas() -> dict[str, Any]:
    """Return the component schemas of raw data."""
    properties: dict[str, Any] = {
        "project_id": {"type": "string", "minLength": 1},
        "name": {**_WORDS, "description": "Default: the file name"},
        "filename": _WORDS,
        "content_type": {
            **_WORDS,
            "description": "Default: application/octet-stream",
        },
        "metadata": {"type": ["object", "null"]},
        "source": {"type": ["string", "null"]},
    }
    upload = {
        "type": "object",
        "required": ["project_id", "filename"],
        "properties": properties,
        "additionalProperties": True,
    }
    return {
        "RawData": {
            "type": "object",
            "required": ["id", "project_id", "name", "filename"],
            "properties": {
                "id": {"type": "string"},
                "project_id": {"type": "string"},
                "name": {"type": "string"},
                "filename": {"type": "string"},
                "content_type": {"type": "string"},
                "size_bytes": {"type": "integer"},
                "metadata": {"type": "object"},
                "source": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"},
                "updated_at": {"type": "string", "format": "date-time"},
                "created_by_email": {"type": "string"},
            },
            "additionalProperties": True,
        },
        "RawDataPage": _page(ref("RawData")),
        "RawDataUpload": upload,
        "RawDataConfirm": {
            **upload,
            "required": ["project_id", "filename", "size_bytes"],
            "properties": {
                **properties,
                "size_bytes": {"type": "integer", "minimum": 0},
            },
        },
        "RawDataPatch": {
            "type": "object",
            "properties": {
                "name": {"anyOf": [_WORDS, {"type": "null"}]},
                "source": {"type": ["string", "null"], "description": '"" clears it'},
                "metadata": {"type": ["object", "null"], "description": "Replaces"},
            },
            "additionalProperties": True,
        },
        "RawDataIds": {
            "type": "object",
            "required": ["raw_data_ids"],
            "properties": {
                "raw_data_ids": {"type": "array", "items": {"type": "string"}}
            },
            "additionalProperties": True,
        },
    }


def _page(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "count", "total"],
        "properties": {
            "items": {"type": "array", "items": item},
            "count": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


def raw_data_paths() -> dict[str, Any]:
    """Return the raw-data routes and the measurement <-> raw-data links."""
    missing = error("No such raw-data record")
    no_measurement = error("No such measurement (or raw-data record)")
    targets = {
        "type": "object",
        "required": ["raw_data_id", "uploads"],
        "properties": {
            "raw_data_id": {"type": "string"},
            "uploads": {"type": "array", "items": {"type": "object"}},
        },
    }
    return {
        "/raw_data/initiate-upload": {
            "post": operation(
                "Reserve a raw-data id and a signed PUT URL for a project's file",
                {"200": answer(targets), "404": error("No such project")},
                body=ref("RawDataUpload"),
            )
        },
        "/raw_data": {
            "get": operation(
                "List raw-data records (of a project)",
                {"200": answer(ref("RawDataPage"))},
                parameters=[
                    *_PAGE,
                    {
                        "name": "project_id",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                    },
                ],
            )
        },
        "/raw_data/{id}": {
            "parameters": [ID],
            "get": operation(
                "Get a raw-data record", {"200": answer(ref("RawData")), "404": missing}
            ),
            "patch": operation(
                "Change a record's name, source or metadata",
                {"200": answer(ref("RawData")), "404": missing},
                body=ref("RawDataPatch"),
            ),
            "delete": operation(
                "Delete a record, its links and its stored file",
                {"204": {"description": "Deleted"}, "404": missing},
            ),
        },
        "/raw_data/{id}/confirm-upload": {
            "parameters": [ID],
            "post": operation(
                "Make the record of an uploaded file",
                {
                    "201": answer(ref("RawData")),
                    "404": error("No such upload was initiated"),
                    "409": error("The file was not uploaded, or it was confirmed"),
                },
                body=ref("RawDataConfirm"),
            ),
        },
        "/raw_data/{id}/download-url": {
            "parameters": [ID],
            "get": operation(
                "A short-lived signed URL of the stored file",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["url"],
                            "properties": {"url": {"type": "string"}},
                        }
                    ),
                    "404": missing,
                },
            ),
        },
        "/raw_data/{id}/cell_measurements": {
            "parameters": [ID],
            "get": operation(
                "The ids of the measurements made from a record",
                {"200": answer(_page({"type": "string"})), "404": missing},
                parameters=_PAGE,
            ),
        },
        "/cell_measurements/{id}/raw_data": {
            "parameters": [ID],
            "get": operation(
                "The raw-data records a measurement was made from",
                {"200": answer(ref("RawDataPage")), "404": no_measurement},
                parameters=_PAGE,
            ),
            "post": operation(
                "Link raw-data records to a measurement (idempotent)",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "properties": {
                                "raw_data_ids": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                }
                            },
                        }
                    ),
                    "404": no_measurement,
                },
                body=ref("RawDataIds"),
            ),
        },
        "/cell_measurements/{id}/raw_data/{raw_data_id}": {
            "parameters": [ID, RAW_ID],
            "delete": operation(
                "Unlink a raw-data record from a measurement",
                {"204": {"description": "Unlinked"}, "404": error("Not linked")},
            ),
        },
    }
