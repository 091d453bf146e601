"""Project roles and members: who may work in which project, and as what.

ionworks-local has one organisation. Its users are the key's own (the
``/users/me`` user) and everyone invited by email; the three project roles
of the hosted service are fixed. Inviting an email makes (or finds) its user
and makes it a member; no email is sent. A member's role changes by a PATCH
or a second add; removing a member keeps its user. A project's members go
with the project.
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from typing import Any

from ..errors import ApiError
from .rows import now
from .store import Store
from .users import EMAIL_PATTERN, user_id_of

__all__ = ["EMAIL_PATTERN", "ROLES", "Members", "user_id_of"]


def _role(name: str, description: str) -> dict[str, str]:
    role_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ionworks-local:role:{name}"))
    return {"id": role_id, "name": name, "description": description}


ROLES = (
    _role("Project Admin", "Manages the project, its members and its data"),
    _role("Project Contributor", "Creates and changes the project's data"),
    _role("Project Viewer", "Reads the project's data"),
)
"""The project roles, as ``GET /roles/project`` lists them."""


def _role_id(body: Any) -> str:
    role = body.get("project_role_id") if isinstance(body, dict) else None
    if not isinstance(role, str) or role not in {r["id"] for r in ROLES}:
        names = ", ".join(f"{r['id']} ({r['name']})" for r in ROLES)
        raise ApiError(
            422,
            f"project_role_id must be one of {names}",
            {"field": "project_role_id"},
        )
    return role


def _join(db: sqlite3.Connection, project_id: str, user_id: str, role: str) -> None:
    """Make a user a member with a role, or give a member that role."""
    db.execute(
        "INSERT INTO project_members (project_id, user_id, project_role_id,"
        " created_at) VALUES (?, ?, ?, ?) ON CONFLICT (project_id, user_id)"
        " DO UPDATE SET project_role_id = excluded.project_role_id",
        (project_id, user_id, role, now()),
    )


class Members:
    """The organisation's users and the projects' members (the store's connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _project(self, db: sqlite3.Connection, project_id: str) -> None:
        if db.execute("SELECT 1 FROM projects WHERE id = ?", (project_id,)).fetchone():
            return
        raise ApiError(404, f"Project {project_id!r} not found")

    def _user(self, db: sqlite3.Connection, email: str, *, invited: bool) -> str:
        """Make (or find) the user of an email; return its id."""
        user_id = user_id_of(email)
        db.execute(
            "INSERT OR IGNORE INTO organisation_users (id, email, invited, created_at)"
            " VALUES (?, ?, ?, ?)",
            (user_id, email, int(invited), now()),
        )
        return user_id

    def add(self, project_id: str, body: Any) -> None:
        """Make an organisation user a member, or change a member's role."""
        user_id = body.get("user_id") if isinstance(body, dict) else None
        if not isinstance(user_id, str) or not user_id:
            raise ApiError(422, "user_id is required", {"field": "user_id"})
        role = _role_id(body)

        def change(db: sqlite3.Connection) -> None:
            self._project(db, project_id)
            self._user(db, self.store.user_email, invited=False)
            known = db.execute(
                "SELECT 1 FROM organisation_users WHERE id = ?", (user_id,)
            ).fetchone()
            if known is None:
                raise ApiError(
                    404,
                    f"No user {user_id!r} in the organisation: invite them by "
                    "email first",
                )
            _join(db, project_id, user_id, role)

        self.store.write(change)

    def invite(self, project_id: str, body: Any) -> dict[str, Any]:
        """Make (or find) the user of an email and make it a member."""
        email = body.get("email") if isinstance(body, dict) else None
        if not isinstance(email, str) or not re.fullmatch(EMAIL_PATTERN, email):
            raise ApiError(422, "email must be an email address", {"field": "email"})
        role = _role_id(body)

        def change(db: sqlite3.Connection) -> dict[str, Any]:
            self._project(db, project_id)
            self._user(db, self.store.user_email, invited=False)
            already = db.execute(
                "SELECT 1 FROM organisation_users WHERE lower(email) = lower(?)",
                (email,),
            ).fetchone()
            user_id = self._user(db, email, invited=True)
            _join(db, project_id, user_id, role)
            return {
                "user_id": user_id,
                "invite_sent": False,  # ionworks-local sends no email
                "already_member": already is not None,
                "role_name": "Member",
            }

        return self.store.write(change)

    def update(self, project_id: str, user_id: str, body: Any) -> None:
        """Change a member's role (404 when the user is no member)."""
        role = _role_id(body)

        def change(db: sqlite3.Connection) -> None:
            self._project(db, project_id)
            done = db.execute(
                "UPDATE project_members SET project_role_id = ? "
                "WHERE project_id = ? AND user_id = ?",
                (role, project_id, user_id),
            )
            if done.rowcount == 0:
                raise ApiError(404, f"User {user_id!r} is no member of this project")

        self.store.write(change)

    def remove(self, project_id: str, user_id: str) -> None:
        """Remove a member from a project; the user stays in the organisation."""

        def change(db: sqlite3.Connection) -> None:
            self._project(db, project_id)
            done = db.execute(
                "DELETE FROM project_members WHERE project_id = ? AND user_id = ?",
                (project_id, user_id),
            )
            if done.rowcount == 0:
                raise ApiError(404, f"User {user_id!r} is no member of this project")

        self.store.write(change)
