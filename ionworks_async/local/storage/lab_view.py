"""The lab view of a project: its cyclers' channels, and who is on each.

A channel's state: ``out_of_commission`` when it is marked so; else
``occupied`` when a measurement naming it (its ``channel_id``) has not ended
(no ``end_time``) and was updated within :data:`STALE_AFTER`, ``stale`` when
that measurement has not been updated for longer; else ``free``. When several
running measurements name a channel, the one updated last is on it. Sites
are listed when they hold a cycler of the project.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

__all__ = ["STALE_AFTER", "lab_status", "watched_ids"]

STALE_AFTER = dt.timedelta(hours=24)
"""How long a running measurement may go without an update before it is stale."""

_RUNNING = """
SELECT m.id, m.name, m.start_time, m.updated_at, m.cell_instance_id,
       json_extract(m.doc, '$.channel_id') AS channel_id,
       json_extract(m.doc, '$.estimated_end_time') AS estimated_end_time,
       json_extract(m.doc, '$.protocol.name') AS protocol_name,
       i.name AS cell_instance_name, s.name AS cell_specification_name,
       EXISTS (SELECT 1 FROM watches w WHERE w.cell_measurement_id = m.id
               AND w.user_email = ?) AS watched
FROM cell_measurements m
JOIN cell_instances i ON i.id = m.cell_instance_id
JOIN cell_specifications s ON s.id = i.cell_specification_id
WHERE json_extract(m.doc, '$.channel_id') IN (
    SELECT c.id FROM channels c JOIN cyclers y ON y.id = c.cycler_id
    WHERE y.project_id = ?)
  AND json_extract(m.doc, '$.end_time') IS NULL
ORDER BY m.updated_at
"""


_CHANNEL_FIELDS = ("id", "name", "notes", "max_amps", "min_volts", "max_volts")


def _state(channel: dict[str, Any], running: dict[str, Any] | None, now: str) -> str:
    if channel.get("out_of_commission"):
        return "out_of_commission"
    if running is None:
        return "free"
    return "occupied" if running["updated_at"] >= now else "stale"


def lab_status(db: sqlite3.Connection, project_id: str, email: str) -> dict[str, Any]:
    """Return the lab view of a project (see the module)."""
    running: dict[str, dict[str, Any]] = {}
    for row in db.execute(_RUNNING, (email, project_id)):
        names = row.keys()  # a Row iterates its values
        summary = {key: row[key] for key in names if key != "channel_id"}
        summary["watched"] = bool(summary["watched"])
        running[row["channel_id"]] = summary  # the one updated last wins
    fresh_since = (dt.datetime.now(dt.UTC) - STALE_AFTER).isoformat(
        timespec="microseconds"
    )
    counts = dict.fromkeys(("occupied", "stale", "free", "out_of_commission"), 0)
    sites: dict[str, dict[str, Any]] = {}
    cyclers = db.execute(
        "SELECT y.doc AS cycler, s.id AS site_id, s.name AS site_name FROM cyclers y "
        "JOIN sites s ON s.id = y.site_id WHERE y.project_id = ? "
        "ORDER BY s.rowid, y.rowid",
        (project_id,),
    ).fetchall()
    for row in cyclers:
        cycler = json.loads(row["cycler"])
        channels = []
        own = dict.fromkeys(counts, 0)
        for (doc,) in db.execute(
            "SELECT doc FROM channels WHERE cycler_id = ? ORDER BY rowid",
            (cycler["id"],),
        ):
            channel = json.loads(doc)
            measurement = running.get(channel["id"])
            state = _state(channel, measurement, fresh_since)
            own[state] += 1
            channels.append(
                {
                    **{key: channel.get(key) for key in _CHANNEL_FIELDS},
                    "out_of_commission": bool(channel.get("out_of_commission")),
                    "state": state,
                    "measurement": measurement
                    if state in ("occupied", "stale")
                    else None,
                }
            )
        for state, number in own.items():
            counts[state] += number
        site = sites.setdefault(
            row["site_id"],
            {"id": row["site_id"], "name": row["site_name"], "cyclers": []},
        )
        site["cyclers"].append(
            {
                "id": cycler["id"],
                "name": cycler["name"],
                "manufacturer": cycler.get("manufacturer"),
                "model": cycler.get("model"),
                "channel_count": len(channels),
                **own,
                "channels": channels,
            }
        )
    return {"sites": list(sites.values()), **counts}


def watched_ids(db: sqlite3.Connection, project_id: str, email: str) -> list[str]:
    """Return the ids of the project's measurements the user watches."""
    rows = db.execute(
        "SELECT w.cell_measurement_id FROM watches w "
        "JOIN cell_measurements m ON m.id = w.cell_measurement_id "
        "JOIN cell_instances i ON i.id = m.cell_instance_id "
        "JOIN cell_specifications s ON s.id = i.cell_specification_id "
        "WHERE w.user_email = ? AND s.project_id = ? ORDER BY w.created_at",
        (email, project_id),
    )
    return [row[0] for row in rows]
