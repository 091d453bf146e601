"""The organisation's members: their roles (Admin, Member), and who is active.

Every user of the organisation (the key's own, and everyone invited by
email) is a member; the key's own user is an Admin, anyone invited a Member
unless invited as an Admin. Deactivating keeps a member (and their
projects); removing takes them out of the organisation and its projects.
Usage is counted by the hosted service's compute: ionworks-local runs none,
so its usage is nought, this calendar month, without limits.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from typing import Any

from ..errors import ApiError
from .rows import now
from .users import EMAIL_PATTERN, user_id_of

__all__ = [
    "ORG_ROLES",
    "ORG_TABLES",
    "invite",
    "members",
    "remove",
    "set_active",
    "set_role",
    "usage",
]

ORG_ROLES = ("Admin", "Member")
ORG_TABLES = """
CREATE TABLE IF NOT EXISTS organisation_roles (
    user_id TEXT PRIMARY KEY REFERENCES organisation_users(id) ON DELETE CASCADE,
    role_name TEXT NOT NULL,
    is_active INTEGER NOT NULL
)
"""
"""The members' roles (schema version 4; made as a store opens)."""


def _ensure(db: sqlite3.Connection, email: str, *, invited: bool, role: str) -> str:
    """Make (or find) a user and their role; return the user's id."""
    user_id = user_id_of(email)
    db.execute(
        "INSERT OR IGNORE INTO organisation_users (id, email, invited, created_at)"
        " VALUES (?, ?, ?, ?)",
        (user_id, email, int(invited), now()),
    )
    db.execute(
        "INSERT OR IGNORE INTO organisation_roles (user_id, role_name, is_active)"
        " VALUES (?, ?, 1)",
        (user_id, role),
    )
    return user_id


def _seen(db: sqlite3.Connection, own: str) -> None:
    """Give every user a role row: the key's own an Admin, others Members."""
    _ensure(db, own, invited=False, role="Admin")
    db.execute(
        "INSERT OR IGNORE INTO organisation_roles (user_id, role_name, is_active) "
        "SELECT id, 'Member', 1 FROM organisation_users"
    )


def members(db: sqlite3.Connection, own: str) -> list[dict[str, Any]]:
    """Return every member: email, role, whether active, their projects' roles."""
    _seen(db, own)
    rows = db.execute(
        "SELECT u.id, u.email, u.invited, u.created_at, r.role_name, r.is_active "
        "FROM organisation_users u JOIN organisation_roles r ON r.user_id = u.id "
        "ORDER BY u.created_at, u.email"
    ).fetchall()
    found = []
    for row in rows:
        projects = db.execute(
            "SELECT project_id, project_role_id FROM project_members WHERE user_id = ?",
            (row["id"],),
        ).fetchall()
        found.append(
            {
                "id": row["id"],
                "email": row["email"],
                "is_active": bool(row["is_active"]),
                "invited": bool(row["invited"]),
                "created_at": row["created_at"],
                "organization_role": {"name": row["role_name"]},
                "user_project_roles": [
                    {"project_id": p[0], "project_role_id": p[1]} for p in projects
                ],
            }
        )
    return found


def _role(body: Any) -> str:
    role = body.get("role_name") if isinstance(body, dict) else None
    if role not in ORG_ROLES:
        raise ApiError(
            422, "role_name must be 'Admin' or 'Member'", {"field": "role_name"}
        )
    return str(role)


def invite(db: sqlite3.Connection, own: str, body: Any) -> dict[str, Any]:
    """Add someone by email (no email is sent); an existing member is left as is."""
    email = body.get("email") if isinstance(body, dict) else None
    if not isinstance(email, str) or not re.fullmatch(EMAIL_PATTERN, email):
        raise ApiError(422, "email must be an email address", {"field": "email"})
    role = _role(body)
    _seen(db, own)
    known = db.execute(
        "SELECT u.id, r.role_name FROM organisation_users u JOIN organisation_roles r"
        " ON r.user_id = u.id WHERE lower(u.email) = lower(?)",
        (email,),
    ).fetchone()
    if known is not None:
        return {
            "user_id": known[0],
            "invite_sent": False,
            "already_member": True,
            "role_name": known[1],
        }
    user_id = _ensure(db, email, invited=True, role=role)
    return {
        "user_id": user_id,
        "invite_sent": False,  # ionworks-local sends no email
        "already_member": False,
        "role_name": role,
    }


def _member(db: sqlite3.Connection, own: str, user_id: str) -> None:
    _seen(db, own)
    if not db.execute(
        "SELECT 1 FROM organisation_roles WHERE user_id = ?", (user_id,)
    ).fetchone():
        raise ApiError(404, f"No member {user_id!r} in the organisation")


def set_role(db: sqlite3.Connection, own: str, user_id: str, body: Any) -> None:
    """Change a member's role."""
    role = _role(body)
    _member(db, own, user_id)
    db.execute(
        "UPDATE organisation_roles SET role_name = ? WHERE user_id = ?", (role, user_id)
    )


def set_active(db: sqlite3.Connection, own: str, user_id: str, body: Any) -> None:
    """Deactivate or reactivate a member (``is_active``)."""
    active = body.get("is_active") if isinstance(body, dict) else None
    if not isinstance(active, bool):
        raise ApiError(422, "is_active must be true or false", {"field": "is_active"})
    _member(db, own, user_id)
    if user_id == user_id_of(own) and not active:
        raise ApiError(409, "The key's own user cannot be deactivated")
    db.execute(
        "UPDATE organisation_roles SET is_active = ? WHERE user_id = ?",
        (int(active), user_id),
    )


def remove(db: sqlite3.Connection, own: str, user_id: str) -> None:
    """Take a member out of the organisation and its projects."""
    _member(db, own, user_id)
    if user_id == user_id_of(own):
        raise ApiError(409, "The key's own user cannot be removed")
    db.execute("DELETE FROM project_members WHERE user_id = ?", (user_id,))
    db.execute("DELETE FROM organisation_users WHERE id = ?", (user_id,))


def usage() -> dict[str, Any]:
    """Return this month's usage: nought (no compute runs here), no limits."""
    today = dt.datetime.now(dt.UTC)
    start = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "simulation": {"usage": 0.0, "limit": None},
        "compute": {"usage": 0.0, "usage_by_type": {}, "limit": None},
    }
