"""Records of modelling: studies and the jobs the hosted service runs."""

from __future__ import annotations

from typing import Any

import attrs

from ._base import Record, register_record

__all__ = ["JobCreationPayload", "JobResponse", "Study"]


@register_record
@attrs.define(kw_only=True, repr=False)
class Study(Record):
    """A study of a project: simulations and measurements gathered to compare."""

    SUMMARY = ("id", "name")

    id: str
    name: str


@register_record
@attrs.define(kw_only=True, repr=False)
class JobCreationPayload(Record):
    """What a job was submitted with (the API no longer takes direct submissions)."""

    SUMMARY = ("job_type", "priority")

    job_type: str
    params: dict[str, Any]
    priority: int = 5
    callback_url: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class JobResponse(Record):
    """A job of the hosted service (a fit, a simulation, a pipeline): its state."""

    SUMMARY = ("job_id", "job_type", "status")

    job_id: str
    status: str
    job_type: str
    priority: int
    created_at: str
    updated_at: str
    is_terminal: bool
    is_failed: bool
    error: str | None = None
    result: dict[str, Any] | None = None
