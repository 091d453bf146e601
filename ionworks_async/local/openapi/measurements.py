"""The measurement routes of the local server's OpenAPI document."""

from __future__ import annotations

from typing import Any

from .parts import ID, answer, error, operation, record_item
from .schemas import COLUMNAR, ref

__all__ = ["measurement_paths"]

FILENAMES = {
    "type": "array",
    "minItems": 1,
    "maxItems": 100,
    "uniqueItems": True,
    "items": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": r"^[^/\\\x00-\x1f\x7f]+$",
        "not": {"enum": [".", ".."]},
    },
    "description": "Plain file names (no slash, backslash or control character)",
}
BUNDLE = {
    "allOf": [ref("CellMeasurement")],
    "properties": {"steps_created": {"type": "integer"}},
    "required": ["steps_created"],
}
FILES_NEED_NAMES = {
    "if": {
        "required": ["measurement_type"],
        "properties": {"measurement_type": {"const": "file"}},
    },
    "then": {"required": ["filenames"]},
}
"""A file measurement names its files."""
_EMPTY = {"type": "object"}
_FILENAME = {
    "name": "filename",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}
_FLAGS = [
    {
        "name": flag,
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["true", "false"]},
        "description": "Accepted (clients polling send false); the answer is "
        "the measurement either way",
    }
    for flag in ("include_steps", "include_time_series")
]


def _with_polling_flags(item: dict[str, Any]) -> dict[str, Any]:
    """Add the ``include_*`` query flags to a record's GET."""
    return {**item, "get": {**item["get"], "parameters": _FLAGS}}


def _tag_paths() -> dict[str, Any]:
    return {
        "/cell_measurements/tags": {
            "get": operation(
                "Tags in use and how many measurements hold each, most used first",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["items", "total"],
                            "properties": {
                                "items": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["tag", "usage_count"],
                                        "properties": {
                                            "tag": {"type": "string"},
                                            "usage_count": {"type": "integer"},
                                        },
                                    },
                                },
                                "total": {"type": "integer"},
                            },
                        }
                    )
                },
                parameters=[
                    {"name": "project_id", "in": "query", "schema": {"type": "string"}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": 1000,
                            "default": 50,
                        },
                    },
                ],
            )
        },
        "/cell_measurements/tags/bulk": {
            "post": operation(
                "Add and remove tags of up to 1,000 measurements",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["updated_count"],
                            "properties": {"updated_count": {"type": "integer"}},
                        }
                    ),
                    "404": error("A measurement does not exist (nothing changed)"),
                },
                body={
                    "type": "object",
                    "required": ["measurement_ids"],
                    "properties": {
                        "measurement_ids": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 1000,
                            "items": {"type": "string", "minLength": 1},
                        },
                        "add": ref("Tags"),
                        "remove": ref("Tags"),
                    },
                },
            )
        },
    }


def _file_and_extend_paths() -> dict[str, Any]:
    busy = error(
        "Still processing, finished (end_time set), failed, or no rows uploaded"
    )
    return {
        "/cell_measurements/{id}/files": {
            "parameters": [ID],
            "get": operation(
                "The file names of a file measurement",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["filenames"],
                            "properties": {
                                "filenames": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                }
                            },
                        }
                    ),
                    "404": error("No such measurement"),
                },
            ),
        },
        "/cell_measurements/{id}/files/{filename}": {
            "parameters": [ID, _FILENAME],
            "get": operation(
                "Download one file",
                {
                    "307": {
                        "description": "Redirect to the file's signed storage URL",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                    },
                    "404": error("No such measurement or file"),
                },
            ),
        },
        "/cell_measurements/{id}/initiate-extend": {
            "parameters": [ID],
            "post": operation(
                "Get a signed URL for rows to append (time_series_extend.parquet)",
                {
                    "200": answer(ref("Upload")),
                    "400": error("Not a time_series measurement"),
                    "404": error("No such measurement"),
                    "409": busy,
                },
                body=_EMPTY,
            ),
        },
        "/cell_measurements/{id}/confirm-extend": {
            "parameters": [ID],
            "post": operation(
                "Append the uploaded rows; steps are derived again (pending)",
                {
                    "200": answer(BUNDLE),
                    "400": error("Not a time_series measurement"),
                    "404": error("No such measurement"),
                    "409": busy,
                },
                body=_EMPTY,
            ),
        },
    }


def measurement_paths() -> dict[str, Any]:
    """Return the paths of measurement creation, data, files, tags, extend."""
    redirect = {
        "307": {
            "description": "Redirect to a signed storage URL (parquet)",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        "404": error("No such measurement or file"),
    }
    measurement_missing = {"404": error("No such measurement, or not processed yet")}
    return {
        **_tag_paths(),
        **_file_and_extend_paths(),
        "/cell_instances/{id}/cell_measurements/create": {
            "parameters": [ID],
            "post": operation(
                "Create a properties (or file) measurement",
                {
                    "201": answer(ref("CellMeasurement"), "Created"),
                    "404": error("No such instance"),
                    "409": error("Name taken"),
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
            "parameters": [ID],
            "post": operation(
                "Reserve a measurement and get signed upload URLs",
                {
                    "200": answer(ref("Upload")),
                    "404": error("No such instance"),
                    "409": error("Name taken; detail.existing_id names it"),
                },
                body={
                    "type": "object",
                    "required": ["measurement"],
                    "properties": {
                        "measurement": ref("CellMeasurementCreate"),
                        "measurement_type": {"enum": ["time_series", "file"]},
                        "filenames": FILENAMES,
                    },
                    **FILES_NEED_NAMES,
                },
            ),
        },
        "/cell_measurements/{id}": _with_polling_flags(
            record_item("CellMeasurement", "cell measurement")
        ),
        "/cell_measurements/{id}/confirm-upload": {
            "parameters": [ID],
            "post": operation(
                "Create the uploaded measurement; processing starts (pending)",
                {
                    "201": answer(BUNDLE, "Created"),
                    "404": error("No upload was initiated for this instance"),
                    "409": error("Name taken, or a file not uploaded yet"),
                },
                body={
                    "type": "object",
                    "required": ["cell_instance_id", "measurement"],
                    "properties": {
                        "cell_instance_id": {"type": "string"},
                        "measurement": ref("CellMeasurementCreate"),
                        "measurement_type": {"enum": ["time_series", "file"]},
                        "filenames": FILENAMES,
                    },
                    **FILES_NEED_NAMES,
                },
            ),
        },
        "/cell_measurements/{id}/steps/download": {
            "parameters": [ID],
            "get": operation("Download the steps table", redirect),
        },
        "/cell_measurements/{id}/time_series/download": {
            "parameters": [ID],
            "get": operation("Download the time series", redirect),
        },
        "/cell_measurements/{id}/steps_and_cycles": {
            "parameters": [ID],
            "get": operation(
                "Steps and cycles as columnar JSON",
                {
                    "200": answer(
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
            "parameters": [ID],
            "get": operation(
                "Cycles as columnar JSON",
                {
                    "200": answer(
                        {"type": "object", "properties": {"cycles": COLUMNAR}}
                    ),
                    **measurement_missing,
                },
            ),
        },
    }
