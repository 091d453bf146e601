"""Scheduling planned measurements on channels: reservations that never overlap.

A planned measurement ``scheduled`` or ``in_progress`` reserves its channel
from ``planned_start_time`` to ``planned_end_time``; two reservations of one
channel may touch but not overlap (409 naming the other). A channel must be
one of the project's (a cycler of the project's) and in service.

An automatic proposal places the requested tests asked for, in the order
given, each at the earliest gap of ``estimated_duration_seconds`` (an hour
when unset) after ``start_after`` (now by default) on the in-service
channel of the project where it starts first (the first made, on a tie),
around the reservations and the proposal's own earlier placements. Nothing
is saved; applying it schedules each assignment as proposed, refused (409)
if the planned measurement changed since (its ``updated_at``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from ..errors import ApiError
from .record_types import normalise_time

__all__ = ["DEFAULT_DURATION", "WINDOW", "check_reservation", "overlaps", "propose"]

WINDOW = ("channel_id", "planned_start_time", "planned_end_time")
"""The fields of a reservation."""

DEFAULT_DURATION = 3600
"""Seconds a requested test is planned for when it gives no estimate."""
_HOLDING = ("scheduled", "in_progress")


def _channels(db: sqlite3.Connection, project_id: str) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT c.doc, y.name AS cycler FROM channels c JOIN cyclers y "
        "ON y.id = c.cycler_id WHERE y.project_id = ? ORDER BY c.rowid",
        (project_id,),
    ).fetchall()
    return [{**json.loads(row["doc"]), "cycler_name": row["cycler"]} for row in rows]


def _reservations(
    db: sqlite3.Connection, channel_id: str, exclude: str | None
) -> list[tuple[str, str, str]]:
    """Return a channel's reservations: (start, end, planned id), normalised."""
    found = []
    for (doc,) in db.execute(
        "SELECT doc FROM planned_measurements WHERE channel_id = ?", (channel_id,)
    ):
        planned = json.loads(doc)
        if planned.get("status") not in _HOLDING or planned["id"] == exclude:
            continue
        start, end = planned.get("planned_start_time"), planned.get("planned_end_time")
        if start and end:
            found.append(
                (
                    normalise_time(start, field="planned_start_time"),
                    normalise_time(end, field="planned_end_time"),
                    planned["id"],
                )
            )
    return sorted(found)


def check_reservation(
    db: sqlite3.Connection, project_id: str, record: dict[str, Any]
) -> None:
    """Check a planned measurement that holds its channel (else do nothing).

    Raises
    ------
    ApiError
        422 without a channel and a window; 404 for a channel that is not the
        project's; 409 for one out of service, or a window that overlaps
        another reservation.
    """
    if record.get("status") not in _HOLDING:
        return
    channel_id = record.get("channel_id")
    start, end = record.get("planned_start_time"), record.get("planned_end_time")
    if not channel_id or not start or not end:
        raise ApiError(
            422,
            "a scheduled planned measurement needs channel_id, planned_start_time "
            "and planned_end_time",
            {"field": "channel_id"},
        )
    channel = next(
        (c for c in _channels(db, project_id) if c["id"] == channel_id), None
    )
    if channel is None:
        raise ApiError(
            404, f"Channel {channel_id!r} is not a channel of this project's cyclers"
        )
    if channel.get("out_of_commission"):
        raise ApiError(409, f"Channel {channel['name']!r} is out of commission")
    first = normalise_time(start, field="planned_start_time")
    last = normalise_time(end, field="planned_end_time")
    for other_start, other_end, other in _reservations(db, channel_id, record["id"]):
        if first < other_end and other_start < last:
            raise ApiError(
                409,
                f"Channel {channel['name']!r} is reserved from {other_start} to "
                f"{other_end} by planned measurement {other}",
                {"conflicting_id": other},
            )


def overlaps(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether two reservations' windows overlap (touching is not)."""

    def window(record: dict[str, Any]) -> tuple[str, str]:
        return (
            normalise_time(record["planned_start_time"], field="planned_start_time"),
            normalise_time(record["planned_end_time"], field="planned_end_time"),
        )

    (a, b), (c, d) = window(first), window(second)
    return a < d and c < b


def _at(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _earliest(
    busy: list[tuple[str, str]], after: dt.datetime, seconds: int
) -> dt.datetime:
    """Return the earliest start of a gap of ``seconds`` after ``after``."""
    start = after
    for first, last in sorted(busy):
        begin, end = dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(last)
        if start + dt.timedelta(seconds=seconds) <= begin:
            break
        start = max(start, end)
    return start


def propose(
    db: sqlite3.Connection,
    project_id: str,
    planned: list[dict[str, Any]],
    start_after: str | None,
) -> dict[str, Any]:
    """Return an earliest-gap proposal for requested planned measurements."""
    now = dt.datetime.now(dt.UTC)
    after = (
        dt.datetime.fromisoformat(normalise_time(start_after, field="start_after"))
        if start_after
        else now
    )
    channels = [c for c in _channels(db, project_id) if not c.get("out_of_commission")]
    busy = {
        c["id"]: [(s, e) for s, e, _ in _reservations(db, c["id"], None)]
        for c in channels
    }
    assignments = []
    for record in planned:
        base = {
            "planned_measurement_id": record["id"],
            "planned_measurement_name": record["name"],
            "planned_measurement_updated_at": record["updated_at"],
        }
        if record.get("status") != "requested":
            assignments.append(
                {**base, "unscheduled_reason": f"it is {record.get('status')}"}
            )
            continue
        if not channels:
            assignments.append(
                {**base, "unscheduled_reason": "the project has no in-service channel"}
            )
            continue
        seconds = int(record.get("estimated_duration_seconds") or DEFAULT_DURATION)
        starts = [
            (_earliest(busy[c["id"]], after, seconds), i)
            for i, c in enumerate(channels)
        ]
        start, index = min(starts)
        channel = channels[index]
        end = start + dt.timedelta(seconds=seconds)
        busy[channel["id"]].append((_at(start), _at(end)))
        assignments.append(
            {
                **base,
                "channel_id": channel["id"],
                "channel_name": channel["name"],
                "cycler_name": channel["cycler_name"],
                "planned_start_time": _at(start),
                "planned_end_time": _at(end),
                "unscheduled_reason": None,
            }
        )
    return {"generated_at": _at(now), "assignments": assignments}
