"""The OpenAPI paths of project roles and members (``storage/members.py``)."""

from __future__ import annotations

from typing import Any

from ..storage.members import EMAIL_PATTERN, ROLES
from .parts import ID, answer, error, operation

__all__ = ["member_paths"]

_ROLE_ID = {
    "type": "string",
    "enum": [role["id"] for role in ROLES],
    "description": "A role's id, from GET /roles/project",
}
_USER_ID = {
    "name": "user_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}
_DONE = answer({"type": "object", "required": ["ok"]})


def _body(field: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [field, "project_role_id"],
        "properties": {field: schema, "project_role_id": _ROLE_ID},
    }


def member_paths() -> dict[str, Any]:
    """Return the roles, members and invites paths."""
    missing = error("No such project, user or member")
    refused = error("A field is missing, or names no project role")
    return {
        "/roles/project": {
            "get": operation(
                "The project roles that can be granted",
                {
                    "200": answer(
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "name", "description"],
                            },
                        }
                    )
                },
            )
        },
        "/projects/{id}/members": {
            "post": operation(
                "Make an organisation user a member, or change its role",
                {"200": _DONE, "404": missing, "422": refused},
                parameters=[ID],
                body=_body("user_id", {"type": "string", "minLength": 1}),
            )
        },
        "/projects/{id}/members/{user_id}": {
            "patch": operation(
                "Change a member's role",
                {"200": _DONE, "404": missing, "422": refused},
                parameters=[ID, _USER_ID],
                body={
                    "type": "object",
                    "required": ["project_role_id"],
                    "properties": {"project_role_id": _ROLE_ID},
                },
            ),
            "delete": operation(
                "Remove a member (the user stays in the organisation)",
                {"204": {"description": "Removed"}, "404": missing},
                parameters=[ID, _USER_ID],
            ),
        },
        "/projects/{id}/invites": {
            "post": operation(
                "Invite by email: the user is made if new, and made a member "
                "(ionworks-local sends no email)",
                {
                    "200": answer(
                        {
                            "type": "object",
                            "required": ["user_id", "invite_sent", "already_member"],
                        }
                    ),
                    "404": missing,
                    "422": refused,
                },
                parameters=[ID],
                body=_body("email", {"type": "string", "pattern": EMAIL_PATTERN}),
            )
        },
    }
