"""The building blocks of the local server's OpenAPI document."""

from __future__ import annotations

from typing import Any

from .schemas import ref

__all__ = [
    "COMMON_ERRORS",
    "FILE",
    "ID",
    "JSON",
    "LIST_PARAMETERS",
    "SIGNED",
    "answer",
    "error",
    "operation",
    "order_by",
    "query",
    "record_item",
]

JSON = "application/json"


def error(description: str) -> dict[str, Any]:
    """Return a response of the standard error body."""
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


def answer(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    """Return a JSON response of ``schema``."""
    return {"description": description, "content": {JSON: {"schema": schema}}}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
FILE = {"name": "file", "in": "path", "required": True, "schema": {"type": "string"}}
SIGNED = [
    {"name": "expires", "in": "query", "required": True, "schema": {"type": "string"}},
    {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}},
]


def query(name: str, description: str, *, time: bool = False) -> dict[str, Any]:
    """Return an optional query parameter (a string, or a date-time)."""
    schema = {"type": "string", "format": "date-time"} if time else {"type": "string"}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


LIST_PARAMETERS = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "default": 100},
        "description": "Rows a page; more than 100 is served 100 (clamped).",
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**62, "default": 0},
    },
    query(
        "name", "eq.<name> (exact) or ilike.<pattern> (case-insensitive, % wildcards)"
    ),
    query("created_by_email", "eq.<email> or ilike.<pattern>"),
    query(
        time=True, name="created_at_gt", description="ISO 8601; created strictly after"
    ),
    query(
        time=True, name="created_at_lt", description="ISO 8601; created strictly before"
    ),
    query(
        time=True, name="updated_at_gt", description="ISO 8601; updated strictly after"
    ),
    query(
        time=True, name="updated_at_lt", description="ISO 8601; updated strictly before"
    ),
    {
        "name": "order",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": ["asc", "desc"], "default": "asc"},
    },
]


def order_by(*extra: str) -> dict[str, Any]:
    """Return the ``order_by`` parameter, with ``extra`` orderings."""
    return {
        "name": "order_by",
        "in": "query",
        "required": False,
        "schema": {
            "type": "string",
            "enum": ["name", "created_at", "updated_at", *extra],
        },
    }


COMMON_ERRORS = {
    "400": error("Malformed request (bad JSON, bad query parameter)"),
    "401": error("Missing or wrong API key"),
    "422": error("A field has the wrong type, or a required one is missing"),
    "429": error("Rate limited; see Retry-After"),
    "503": error("Unavailable; see Retry-After"),
}


def operation(
    summary: str,
    responses: dict[str, Any],
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
    security: bool | None = True,
) -> dict[str, Any]:
    """Return an operation; ``security`` False: open, None: key beyond loopback."""
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {**responses, **(COMMON_ERRORS if security is not False else {})},
    }
    if parameters:
        operation["parameters"] = parameters
    # every route refuses a query parameter it does not list (400, naming it)
    operation["responses"].setdefault(
        "400", error("A query parameter the route does not take, or a bad value")
    )
    if body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": body}},
        }
    if security is False:
        operation["security"] = []
    elif security is None:
        operation["security"] = [{}, {"ApiKey": []}, {"Bearer": []}]
        operation["responses"]["403"] = error(
            "Cross-origin, or a Host that is not loopback"
        )
        if body is not None:
            operation["responses"]["415"] = error("The body is not application/json")
    return operation


def record_item(
    name: str, label: str, deletes: str = "and everything under it"
) -> dict[str, Any]:
    """Return the GET, PATCH and DELETE of one record."""
    missing = {"404": error(f"No such {label}")}
    return {
        "parameters": [ID],
        "get": operation(f"Get a {label}", {"200": answer(ref(name)), **missing}),
        "patch": operation(
            f"Update fields of a {label} (unknown fields are stored too)",
            {
                "200": answer(ref(name)),
                **missing,
                "409": error("Another record under the same parent has this name"),
            },
            body=ref(f"{name}Patch"),
        ),
        "delete": operation(
            f"Delete a {label} {deletes}",
            {"204": {"description": "Deleted"}, **missing},
        ),
    }
