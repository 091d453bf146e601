"""The OpenAPI document's organisation (members, usage, search) and materials.

Where the contract is silent: the key's own user is an Admin and cannot be
deactivated or removed (409); an invited user is a Member unless invited as
an Admin, and no email is sent (``invite_sent`` false). Usage is nought: no
compute runs here. Search: see :mod:`ionworks_async.local.storage.search`.
Materials, datasets, analyses: see
:mod:`ionworks_async.local.storage.derived_kinds`; a table is a parquet file
(anything else is 422); ``POST /materials`` is ionworks-local's own (the
hosted app makes materials).
"""

from __future__ import annotations

from typing import Any

from ..storage.organisation import ORG_ROLES
from ..storage.search import ENTITY_TYPES
from .parts import answer, error, operation, query

__all__ = ["derived_paths", "organisation_paths"]

_TEXT = {"type": "string"}
_ORG = {"name": "org", "in": "path", "required": True, "schema": _TEXT}
_USER = {"name": "user_id", "in": "path", "required": True, "schema": _TEXT}
_ROLE = {"type": "string", "enum": list(ORG_ROLES)}
_DONE = {"200": answer({"type": "object"}), "404": error("No such member")}


def _number(name: str, low: int, high: int) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": low, "maximum": high},
    }


def organisation_paths() -> dict[str, Any]:
    """Return the organisation's and search's paths."""
    users = "/organizations/{org}/users"
    return {
        "/organizations/current/usage": {
            "get": operation(
                "This month's usage (nought here) and limits (none)",
                {
                    "200": answer(
                        {"type": "object", "required": ["period_start", "period_end"]}
                    )
                },
            )
        },
        users: {
            "parameters": [_ORG],
            "get": operation(
                "Every member, with their role and projects",
                {
                    "200": answer({"type": "array", "items": {"type": "object"}}),
                    "404": error("No such organization"),
                },
            ),
        },
        users + "/by-email": {
            "parameters": [_ORG],
            "post": operation(
                "Add someone by email (no email is sent)",
                {
                    "200": answer({"type": "object", "required": ["user_id"]}),
                    "404": error("No such organization"),
                },
                body={
                    "type": "object",
                    "required": ["email", "role_name"],
                    "properties": {
                        "email": {"type": "string", "pattern": r"^[^@]+@[^@]+$"},
                        "role_name": _ROLE,
                    },
                },
            ),
        },
        users + "/{user_id}": {
            "parameters": [_ORG, _USER],
            "patch": operation(
                "Deactivate or reactivate a member",
                {**_DONE, "409": error("The key's own user")},
                body={
                    "type": "object",
                    "required": ["is_active"],
                    "properties": {"is_active": {"type": "boolean"}},
                },
            ),
            "delete": operation(
                "Remove a member from the organisation and its projects",
                {
                    "204": {"description": "Removed"},
                    "404": error("No such member"),
                    "409": error("The key's own user"),
                },
            ),
        },
        users + "/{user_id}/role": {
            "parameters": [_ORG, _USER],
            "patch": operation(
                "Change a member's role",
                _DONE,
                body={
                    "type": "object",
                    "required": ["role_name"],
                    "properties": {"role_name": _ROLE},
                },
            ),
        },
        users + "/{user_id}/resend-invite": {
            "parameters": [_ORG, _USER],
            "post": operation("Send an invitation again (nothing is sent)", _DONE),
        },
        "/search": {
            "get": operation(
                "Records of every type whose name holds the text",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": [
                                "results",
                                "query",
                                "total",
                                "limit",
                                "offset",
                            ],
                        }
                    )
                },
                parameters=[
                    {
                        **query("q", "The text to find (any case, literally)"),
                        "required": True,
                        "schema": {"type": "string", "pattern": r"\S"},
                    },
                    _number("limit", 1, 100),
                    _number("offset", 0, 2**62),
                    _number("per_type", 1, 100),
                    {
                        "name": "entity_types",
                        "in": "query",
                        "required": False,
                        "schema": {
                            "type": "array",
                            "items": {"type": "string", "enum": list(ENTITY_TYPES)},
                        },
                        "style": "form",
                        "explode": True,
                    },
                    query("project_id", "Only this project's records"),
                ],
            )
        },
    }


def _form(fields: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """Return a multipart body: text fields, and the table as ``file``."""
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [*required, "file"],
                    "properties": {
                        **fields,
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }


def derived_paths() -> dict[str, Any]:
    """Return the paths of materials, their datasets, and analyses."""
    from .parts import ID, LIST_PARAMETERS, order_by
    from .parts import record_item as item
    from .schemas import ref

    text = {"type": "string"}
    json_text = {"type": "string", "description": "JSON"}
    url = answer({"type": "object", "required": ["url"]})
    datasets = "/material_property_datasets"
    record = {"type": "object", "required": ["id", "name"]}
    page = {"type": "object", "required": ["items", "count", "total"]}
    return {
        "/materials": {
            "get": operation(
                "List a project's materials",
                {"200": answer(ref("MaterialPage"))},
                parameters=[
                    *LIST_PARAMETERS,
                    order_by(),
                    query("project_id", "<id> or eq.<id>"),
                    query("manufacturer", "ilike.<pattern> or eq.<value>"),
                    query("product_id", "ilike.<pattern> or eq.<value>"),
                ],
            ),
            "post": operation(
                "Create a material (ionworks-local's own route)",
                {
                    "201": answer(ref("Material"), "Created"),
                    "404": error("No such project"),
                    "409": error("The project has a material of this name"),
                },
                body=ref("MaterialCreate"),
            ),
        },
        "/materials/{id}": item("Material", "material", "with its datasets"),
        datasets: {
            "get": operation(
                "List a material's property datasets",
                {"200": answer(page), "404": error("No such material")},
                parameters=[
                    {
                        **query("material_id", "The material"),
                        "required": True,
                        "schema": {"type": "string", "minLength": 1},
                    },
                    query("project_id", "<id> or eq.<id>"),
                    *LIST_PARAMETERS[:2],
                ],
            ),
            "post": {
                **operation(
                    "Upload a table of a material's properties",
                    {
                        "201": answer(record, "Created"),
                        "404": error("No such material or project"),
                        "415": error("Not a multipart form"),
                    },
                ),
                "requestBody": _form(
                    {
                        "material_id": text,
                        "project_id": text,
                        "name": text,
                        "columns": json_text,
                    },
                    ["material_id", "name"],
                ),
            },
        },
        datasets + "/{id}": item("MaterialPropertyDataset", "dataset"),
        datasets + "/{id}/data": {
            "parameters": [ID],
            "get": operation(
                "The table, as JSON columns",
                {"200": answer({"type": "object"}), "404": error("No such dataset")},
            ),
        },
        datasets + "/{id}/file": {
            "parameters": [ID],
            "patch": {
                **operation(
                    "Replace the table (a new data_version)",
                    {
                        "200": answer(record),
                        "404": error("No such dataset"),
                        "415": error("Not a multipart form"),
                    },
                ),
                "requestBody": _form({"name": text, "columns": json_text}, []),
            },
        },
        datasets + "/{id}/download-url": {
            "parameters": [ID],
            "get": operation(
                "A signed URL of the table (the file kept as uploaded)",
                {"200": url, "404": error("No such dataset")},
                parameters=[
                    {
                        **query("kind", "parquet or original (the same file here)"),
                        "schema": {"type": "string", "enum": ["parquet", "original"]},
                    }
                ],
            ),
        },
        "/analyses": {
            "get": operation(
                "List a measurement's analyses, a project's, or all",
                {"200": answer(page), "404": error("No such measurement")},
                parameters=[
                    query("measurement_id", "The measurement (or project_id)"),
                    query("project_id", "The project (or measurement_id)"),
                    *LIST_PARAMETERS[:2],
                ],
            ),
            "post": {
                **operation(
                    "Attach an analysis (a table and metadata) to a measurement",
                    {
                        "201": answer(record, "Created"),
                        "404": error("No such measurement"),
                        "415": error("Not a multipart form"),
                    },
                ),
                "requestBody": _form(
                    {
                        "measurement_id": text,
                        "name": text,
                        "analysis_type": text,
                        "columns": json_text,
                        "plots": json_text,
                        "metadata": json_text,
                        "notes": text,
                    },
                    ["measurement_id", "name", "analysis_type"],
                ),
            },
        },
        "/analyses/{id}": item("Analysis", "analysis"),
        "/analyses/{id}/download-url": {
            "parameters": [ID],
            "get": operation(
                "A signed URL of the analysis' table",
                {"200": url, "404": error("No such analysis")},
            ),
        },
    }
