"""What a lab plans with: protocols, planned measurements and their schedules.

A protocol is a named, project-scoped test procedure (stored by the API as
an experiment template); a planned measurement is a future test, requested
and then scheduled on a channel; an auto-schedule proposal is the API's
earliest-gap plan for some of them. Times are kept as the API's ISO text.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import attrs

from ._base import Record, register_record

__all__ = [
    "ASSIGNMENT_FIELDS",
    "AutoScheduleAssignment",
    "AutoScheduleProposal",
    "ConvertResult",
    "ParsedProtocol",
    "PlannedMeasurement",
    "PlannedMeasurementStatus",
    "Protocol",
]


class PlannedMeasurementStatus(enum.StrEnum):
    """A planned measurement's state (a ``str``: equal to its value)."""

    requested = "requested"
    scheduled = "scheduled"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


@register_record
@attrs.define(kw_only=True, repr=False)
class PlannedMeasurement(Record):
    """A future test of a project: requested, then scheduled on a channel.

    A ``scheduled`` one reserves ``channel_id`` from ``planned_start_time``
    to ``planned_end_time``; a ``requested`` one has an estimated duration
    and no channel yet.
    """

    SUMMARY = ("id", "name", "status", "channel_id", "planned_start_time")

    id: str
    name: str
    project_id: str
    status: PlannedMeasurementStatus
    protocol_id: str | None = None
    cell_specification_id: str | None = None
    cell_instance_id: str | None = None
    channel_id: str | None = None
    planned_start_time: str | None = None
    planned_end_time: str | None = None
    estimated_duration_seconds: int | None = None
    requested_by_email: str | None = None
    scheduled_by_email: str | None = None


ASSIGNMENT_FIELDS = (
    "planned_measurement_id",
    "planned_measurement_name",
    "planned_measurement_updated_at",
    "channel_id",
    "channel_name",
    "cycler_name",
    "planned_start_time",
    "planned_end_time",
    "unscheduled_reason",
)
"""An assignment's fields, in the order it is sent back to apply a proposal."""


@register_record
@attrs.define(kw_only=True, repr=False)
class AutoScheduleAssignment(Record):
    """One proposed reservation; apply only those that :attr:`is_scheduled`."""

    SUMMARY = ("planned_measurement_name", "channel_name", "planned_start_time")

    planned_measurement_id: str
    planned_measurement_name: str
    planned_measurement_updated_at: str
    channel_id: str | None = None
    channel_name: str | None = None
    cycler_name: str | None = None
    planned_start_time: str | None = None
    planned_end_time: str | None = None
    unscheduled_reason: str | None = None

    @property
    def is_scheduled(self) -> bool:
        """Whether the assignment has a channel and a window, and can be applied."""
        return (
            self.channel_id is not None
            and self.planned_start_time is not None
            and self.planned_end_time is not None
            and self.unscheduled_reason is None
        )


@register_record
@attrs.define(kw_only=True, repr=False)
class AutoScheduleProposal(Record):
    """An earliest-gap proposal for some requested tests (nothing is saved)."""

    SUMMARY = ("generated_at",)

    generated_at: str
    assignments: list[AutoScheduleAssignment] = attrs.field(factory=list)


@register_record
@attrs.define(kw_only=True, repr=False)
class Protocol(Record):
    """A saved protocol of a project.

    A list leaves the heavy fields (``protocol_config``,
    ``parameters_schema``, ``source_protocol``) ``None`` unless asked for
    with ``include``; :meth:`~ionworks_async.AsyncIonworks.protocol` ``get``
    returns them all.
    """

    SUMMARY = ("id", "name", "project_id", "description")

    id: str
    name: str
    organization_id: str
    project_id: str | None = None
    description: str | None = None
    protocol_config: dict[str, Any] | None = None
    parameters_schema: dict[str, Any] | None = None
    source_protocol: str | None = None
    created_by_email: str | None = None


@attrs.define(kw_only=True)
class ParsedProtocol:
    """A cycler's protocol file read as a UCP protocol (not saved).

    Attributes
    ----------
    ucp : str
        The protocol, as UCP text (give it to ``protocol.create``).
    human_readable : str
        A reading of it in words.
    raw_protocol : str
        The file's text.
    cycler_type : str or None
        The cycler the file is for.
    nominal_capacity_ah : float or None
        The capacity the file assumes.
    required_drive_cycles, available_drive_cycles : list of str
        Drive cycles it needs, and those the parser recovered.
    required_subroutines, available_subroutines : list of str
        Likewise for subroutines.
    error : str or None
        What the parser could not read.
    extra : dict
        Other fields of the answer.
    """

    ucp: str
    human_readable: str = ""
    raw_protocol: str = ""
    cycler_type: str | None = None
    nominal_capacity_ah: float | None = None
    required_drive_cycles: list[str] = attrs.field(factory=list)
    available_drive_cycles: list[str] = attrs.field(factory=list)
    required_subroutines: list[str] = attrs.field(factory=list)
    available_subroutines: list[str] = attrs.field(factory=list)
    error: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)


@attrs.define(kw_only=True)
class ConvertResult:
    """A protocol converted to a cycler's own format.

    Attributes
    ----------
    target : str
        The cycler format.
    primary_filename : str
        The main file's name.
    primary_bytes : bytes
        Its content.
    media_type : str
        Its media type.
    assets : list of (str, bytes)
        Files it needs beside it (drive cycles), by name.
    """

    target: str
    primary_filename: str
    primary_bytes: bytes
    media_type: str
    assets: list[tuple[str, bytes]] = attrs.field(factory=list)

    def text(self, encoding: str = "utf-8") -> str:
        """Return the main file as text."""
        return self.primary_bytes.decode(encoding)

    def save(self, directory: str | Path) -> list[Path]:
        """Write the main file and its assets into a folder; return their paths."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in [
            (self.primary_filename, self.primary_bytes),
            *self.assets,
        ]:
            target = folder / Path(name).name  # a name, never a path out of it
            target.write_bytes(content)
            written.append(target)
        return written
