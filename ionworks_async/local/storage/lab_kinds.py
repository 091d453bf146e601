"""The lab's record kinds: sites, their cyclers, and the cyclers' channels.

A site's name is unique in the organisation, a cycler's at its site, a
channel's on its cycler. A cycler belongs to a project (the default one when
none is given); a channel to its cycler's. A cycler's ``calibration_due_at``
is derived: ``last_calibrated_at`` plus ``calibration_interval_days``, null
when either is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .record_types import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    RECORD_COLUMNS,
    TEXT,
    TIME,
    Kind,
    normalise_time,
)

__all__ = ["CHANNEL", "CYCLER", "LAB_KINDS", "LAB_TABLES", "SITE"]


def _calibration_due(record: dict[str, Any]) -> None:
    last = record.get("last_calibrated_at")
    days = record.get("calibration_interval_days")
    if last is None or days is None:
        record["calibration_due_at"] = None
        return
    moment = dt.datetime.fromisoformat(normalise_time(last, field="last_calibrated_at"))
    try:
        due = moment + dt.timedelta(days=days)
    except OverflowError:  # beyond the calendar: no date it falls due
        record["calibration_due_at"] = None
        return
    record["calibration_due_at"] = due.isoformat(timespec="microseconds")


SITE = Kind(
    table="sites",
    label="Site",
    parent_column=None,
    fields={"location": TEXT, "description": TEXT, "notes": TEXT},
    columns=("location",),
    contains=("location",),
)
CYCLER = Kind(
    table="cyclers",
    label="Cycler",
    parent_column="site_id",
    fields={
        "project_id": TEXT,
        "manufacturer": TEXT,
        "model": TEXT,
        "version": TEXT,
        "serial_number": TEXT,
        "firmware_version": TEXT,
        "hostname": TEXT,
        "ip_address": TEXT,
        "port": INTEGER,
        "last_calibrated_at": TIME,
        "calibration_interval_days": INTEGER,
        "notes": TEXT,
    },
    columns=(
        "project_id",
        "manufacturer",
        "model",
        "version",
        "serial_number",
        "firmware_version",
        "hostname",
        "calibration_due_at",
    ),
    scope="site_id",
    read_only=("calibration_due_at",),
    in_project=True,
    contains=(
        "manufacturer",
        "model",
        "version",
        "serial_number",
        "firmware_version",
        "hostname",
    ),
    times=("calibration_due_at",),
    derive=_calibration_due,
)
CHANNEL = Kind(
    table="channels",
    label="Channel",
    parent_column="cycler_id",
    fields={
        "notes": TEXT,
        "out_of_commission": BOOLEAN,
        "max_amps": NUMBER,
        "min_volts": NUMBER,
        "max_volts": NUMBER,
    },
    columns=("project_id",),
    scope="cycler_id",
    read_only=("project_id",),
    inherits="project_id",
    lists_across=True,
)
LAB_KINDS = (SITE, CYCLER, CHANNEL)

_COMMON = RECORD_COLUMNS
LAB_TABLES = f"""
CREATE TABLE IF NOT EXISTS sites (
    id TEXT PRIMARY KEY,{_COMMON},
    location TEXT,
    UNIQUE (name)
);
CREATE TABLE IF NOT EXISTS cyclers (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES projects(id),{_COMMON},
    manufacturer TEXT,
    model TEXT,
    version TEXT,
    serial_number TEXT,
    firmware_version TEXT,
    hostname TEXT,
    calibration_due_at TEXT,
    UNIQUE (site_id, name)
);
CREATE TABLE IF NOT EXISTS channels (
    id TEXT PRIMARY KEY,
    cycler_id TEXT NOT NULL REFERENCES cyclers(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL,{_COMMON},
    UNIQUE (cycler_id, name)
);
CREATE INDEX IF NOT EXISTS cyclers_by_site ON cyclers(site_id);
CREATE INDEX IF NOT EXISTS cyclers_by_project ON cyclers(project_id);
CREATE INDEX IF NOT EXISTS channels_by_cycler ON channels(cycler_id)
"""
"""The lab's tables (new in schema version 4; made as a store opens)."""
