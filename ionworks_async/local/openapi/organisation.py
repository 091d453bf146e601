"""The organisation's part of the OpenAPI document: members, usage, search.

Where the contract is silent: the key's own user is an Admin and cannot be
deactivated or removed (409); an invited user is a Member unless invited as
an Admin, and no email is sent (``invite_sent`` false). Usage is nought: no
compute runs here. Search: see :mod:`ionworks_async.local.storage.search`.
"""

from __future__ import annotations

from typing import Any

from ..storage.organisation import ORG_ROLES
from ..storage.search import ENTITY_TYPES
from .parts import answer, error, operation, query

__all__ = ["organisation_paths"]

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
