"""Cyclers' services and channels' outages: histories of spans.

A cycler's service event (calibration, maintenance, ...) takes every channel
of the cycler out of service together, each with an incident naming the
event; completing it returns them together and, for a calibration, sets the
cycler's ``last_calibrated_at`` (and interval). A cycler has at most one open
event (409 for a second). A channel marked out of commission by itself opens
an incident of its own (``service_event_id`` null); marked back, the incident
is resolved. Newest first, one page at a time.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from ..errors import ApiError
from .record_types import normalise_time
from .rows import now

__all__ = [
    "EVENT_TYPES",
    "SERVICE_TABLES",
    "channel_outage",
    "complete_service",
    "page_of",
    "start_service",
]

EVENT_TYPES = ("calibration", "preventive_maintenance", "firmware", "repair", "other")
_CATEGORY = {"calibration": "calibration", "preventive_maintenance": "maintenance"}

_OF_EVENT = "json_extract(doc, '$.service_event_id') = ?"

SERVICE_TABLES = """
CREATE TABLE IF NOT EXISTS service_events (
    id TEXT PRIMARY KEY,
    cycler_id TEXT NOT NULL REFERENCES cyclers(id) ON DELETE CASCADE,
    open INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS channel_incidents (
    id TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    open INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_cycler ON service_events(cycler_id);
CREATE INDEX IF NOT EXISTS incidents_by_channel ON channel_incidents(channel_id)
"""
"""The history tables (schema version 4; made as a store opens)."""


def page_of(
    db: sqlite3.Connection, table: str, column: str, owner: str, limit: int, offset: int
) -> dict[str, Any]:
    """Return a page of an owner's history, newest first, with its total."""
    total = db.execute(
        f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (owner,)
    ).fetchone()[0]
    rows = db.execute(
        f"SELECT doc FROM {table} WHERE {column} = ? ORDER BY rowid DESC "
        "LIMIT ? OFFSET ?",
        (owner, limit, offset),
    ).fetchall()
    items = [json.loads(row[0]) for row in rows]
    return {"items": items, "count": len(items), "total": int(total)}


def _set_channel(db: sqlite3.Connection, channel_id: str, out: bool, at: str) -> None:
    db.execute(
        "UPDATE channels SET updated_at = ?, doc = json_set(doc, "
        "'$.out_of_commission', json(?), '$.updated_at', ?) WHERE id = ?",
        (at, "true" if out else "false", at, channel_id),
    )


def _open_incident(
    db: sqlite3.Connection, channel: dict[str, Any], at: str, email: str, **more: Any
) -> None:
    if db.execute(
        "SELECT 1 FROM channel_incidents WHERE channel_id = ? AND open = 1",
        (channel["id"],),
    ).fetchone():
        return  # already out: one open outage a channel
    incident = {
        "id": str(uuid.uuid4()),
        "channel_id": channel["id"],
        "project_id": channel["project_id"],
        "service_event_id": None,
        "category": "other",
        "notes": None,
        "service_scheduled_at": None,
        "service_scheduled_until": None,
        "started_at": at,
        "resolved_at": None,
        "resolution_notes": None,
        "started_by": email,
        "resolved_by": None,
        "is_estimated": False,
        **more,
    }
    db.execute(
        "INSERT INTO channel_incidents (id, channel_id, open, doc) VALUES (?, ?, 1, ?)",
        (incident["id"], channel["id"], json.dumps(incident)),
    )


def _resolve(
    db: sqlite3.Connection, where: str, value: str, at: str, email: str
) -> list[str]:
    """Resolve the open incidents matching; return their channels' ids."""
    rows = db.execute(
        f"SELECT id, channel_id, doc FROM channel_incidents WHERE open = 1 AND {where}",
        (value,),
    ).fetchall()
    for row in rows:
        incident = {**json.loads(row["doc"]), "resolved_at": at, "resolved_by": email}
        db.execute(
            "UPDATE channel_incidents SET open = 0, doc = ? WHERE id = ?",
            (json.dumps(incident), row["id"]),
        )
    return [row["channel_id"] for row in rows]


def channel_outage(
    db: sqlite3.Connection, channel: dict[str, Any], out: bool, email: str
) -> None:
    """Open (or resolve) a channel's own outage as it is marked out (or back)."""
    at = now()
    if out:
        _open_incident(db, channel, at, email)
    else:
        _resolve(db, "channel_id = ?", channel["id"], at, email)


def _time(body: dict[str, Any], key: str, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise ApiError(422, f"{key} is required", {"field": key})
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"{key} must be an ISO 8601 time", {"field": key})
    return normalise_time(value, field=key)


def _kind(body: dict[str, Any]) -> str:
    kind = body.get("event_type", "calibration")
    if kind not in EVENT_TYPES:
        raise ApiError(
            422,
            f"event_type must be one of {', '.join(EVENT_TYPES)}",
            {"field": "event_type"},
        )
    return str(kind)


def start_service(
    db: sqlite3.Connection, cycler: dict[str, Any], body: dict[str, Any], email: str
) -> dict[str, Any]:
    """Open a cycler's service event; take its channels out of service."""
    kind = _kind(body)
    scheduled_for = _time(body, "scheduled_for", required=True)
    until = _time(body, "scheduled_until")
    notes = body.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise ApiError(422, "notes must be text", {"field": "notes"})
    if db.execute(
        "SELECT 1 FROM service_events WHERE cycler_id = ? AND open = 1", (cycler["id"],)
    ).fetchone():
        raise ApiError(409, f"Cycler {cycler['name']!r} has an open service event")
    event = {
        "id": str(uuid.uuid4()),
        "cycler_id": cycler["id"],
        "project_id": cycler["project_id"],
        "event_type": kind,
        "scheduled_for": scheduled_for,
        "scheduled_until": until,
        "performed_at": None,
        "notes": notes,
        "created_by": email,
        "performed_by": None,
    }
    db.execute(
        "INSERT INTO service_events (id, cycler_id, open, doc) VALUES (?, ?, 1, ?)",
        (event["id"], cycler["id"], json.dumps(event)),
    )
    at = now()
    for (doc,) in db.execute(
        "SELECT doc FROM channels WHERE cycler_id = ?", (cycler["id"],)
    ).fetchall():
        channel = json.loads(doc)
        _open_incident(
            db,
            channel,
            at,
            email,
            service_event_id=event["id"],
            category=_CATEGORY.get(kind, "other"),
            service_scheduled_at=scheduled_for,
            service_scheduled_until=until,
        )
        _set_channel(db, channel["id"], True, at)
    return event


def complete_service(
    db: sqlite3.Connection, cycler: dict[str, Any], body: dict[str, Any], email: str
) -> dict[str, Any]:
    """Complete the open event (or record one done); return its channels."""
    performed = _time(body, "performed_at") or now()
    notes = body.get("notes")
    row = db.execute(
        "SELECT doc FROM service_events WHERE cycler_id = ? AND open = 1",
        (cycler["id"],),
    ).fetchone()
    event: dict[str, Any]
    if row is not None:
        event = json.loads(row[0])
    else:
        event = {
            "id": str(uuid.uuid4()),
            "cycler_id": cycler["id"],
            "project_id": cycler["project_id"],
            "event_type": _kind(body),
            "scheduled_for": None,
            "scheduled_until": None,
            "notes": None,
            "created_by": email,
        }
        db.execute(
            "INSERT INTO service_events (id, cycler_id, open, doc) VALUES (?, ?, 0, ?)",
            (event["id"], cycler["id"], json.dumps(event)),
        )
    event.update(performed_at=performed, performed_by=email)
    if notes is not None:
        event["notes"] = notes
    db.execute(
        "UPDATE service_events SET open = 0, doc = ? WHERE id = ?",
        (json.dumps(event), event["id"]),
    )
    for channel_id in _resolve(db, _OF_EVENT, event["id"], performed, email):
        _set_channel(db, channel_id, False, now())
    return event
