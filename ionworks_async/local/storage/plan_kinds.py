"""What a lab plans with: planned measurements (per project) and protocols.

A planned measurement's name is unique in its project; its ``status`` is
``requested`` when made. A protocol (an experiment template) belongs to a
project; its name is not unique (the hosted API's rule), and its
``protocol_config`` must be a mapping with a list of ``steps``.
"""

from __future__ import annotations

from typing import Any

from ..errors import ApiError
from .record_types import (
    INTEGER,
    LOCAL_ORGANIZATION,
    OBJECT,
    RECORD_COLUMNS,
    TEXT,
    TIME,
    Kind,
    normalise_time,
)

__all__ = ["PLANNED", "PLANNED_STATUSES", "PLAN_TABLES", "PROTOCOL"]

PLANNED_STATUSES = ("requested", "scheduled", "in_progress", "completed", "cancelled")


def _planned(record: dict[str, Any]) -> None:
    """Default a planned measurement's status; check its window's order."""
    record.setdefault("status", "requested")
    if record["status"] not in PLANNED_STATUSES:
        raise ApiError(
            422,
            f"status must be one of {', '.join(PLANNED_STATUSES)}",
            {"field": "status"},
        )
    start, end = record.get("planned_start_time"), record.get("planned_end_time")
    if (
        start is not None
        and end is not None
        and normalise_time(start, field="planned_start_time")
        >= normalise_time(end, field="planned_end_time")
    ):
        raise ApiError(
            422,
            "planned_end_time must be after planned_start_time",
            {"field": "planned_end_time"},
        )


def _protocol(record: dict[str, Any]) -> None:
    """Check a protocol's shape: a mapping with a list of steps."""
    config = record.get("protocol_config")
    if not isinstance(config, dict) or not isinstance(config.get("steps"), list):
        raise ApiError(
            422,
            "protocol_config must be a mapping with a list of 'steps'",
            {"field": "protocol_config"},
        )
    record.setdefault("parameters_schema", {})
    record["organization_id"] = LOCAL_ORGANIZATION["id"]


PLANNED = Kind(
    table="planned_measurements",
    label="Planned measurement",
    parent_column="project_id",
    fields={
        "status": TEXT,
        "protocol_id": TEXT,
        "cell_specification_id": TEXT,
        "cell_instance_id": TEXT,
        "channel_id": TEXT,
        "planned_start_time": TIME,
        "planned_end_time": TIME,
        "estimated_duration_seconds": INTEGER,
        "notes": TEXT,
    },
    columns=("status", "channel_id"),
    scope="project_id",
    read_only=("requested_by_email", "scheduled_by_email"),
    derive=_planned,
)
PROTOCOL = Kind(
    table="experiment_templates",
    label="Protocol",
    parent_column=None,
    fields={
        "project_id": TEXT,
        "description": TEXT,
        "protocol_config": OBJECT,
        "parameters_schema": OBJECT,
        "source_protocol": TEXT,
    },
    columns=("project_id",),
    in_project=True,
    read_only=("organization_id",),
    unique_names=False,
    derive=_protocol,
)

_COMMON = RECORD_COLUMNS
PLAN_TABLES = f"""
CREATE TABLE IF NOT EXISTS planned_measurements (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,{_COMMON},
    status TEXT,
    channel_id TEXT,
    UNIQUE (project_id, name)
);
CREATE TABLE IF NOT EXISTS experiment_templates (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,{_COMMON}
);
CREATE INDEX IF NOT EXISTS planned_by_channel ON planned_measurements(channel_id);
CREATE INDEX IF NOT EXISTS templates_by_project ON experiment_templates(project_id)
"""
"""The planning tables (schema version 4; made as a store opens)."""
