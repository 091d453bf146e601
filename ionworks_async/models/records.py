"""The API's records as attrs classes, read by one cattrs converter.

Each record keeps every field the server sent (see :class:`Record`); reading
is lenient where the API is loose (see :mod:`ionworks_async.models._base`).
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from ._base import (
    Record,
    register_record,
)

__all__ = [
    "CellBatch",
    "CellInstance",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementBundleResponse",
    "CellSpecification",
    "InviteResult",
    "MeasurementTag",
    "MeasurementTagUsage",
    "MeasurementType",
    "Project",
    "ProjectRoleInfo",
    "RawData",
    "Record",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class CellSpecification(Record):
    """A cell specification: the type of a cell (chemistry, format, ratings)."""

    SUMMARY = ("id", "name", "form_factor", "manufacturer")

    id: str
    name: str
    form_factor: str | None = None
    manufacturer: str | None = None
    notes: str | None = None
    ratings: dict[str, Any] | None = None
    anode: dict[str, Any] | None = None
    cathode: dict[str, Any] | None = None
    electrolyte: dict[str, Any] | None = None
    separator: dict[str, Any] | None = None
    source: Any = None
    properties: dict[str, Any] | None = None
    project_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    created_by_email: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class CellInstance(Record):
    """One physical cell, belonging to a cell specification (and maybe a lot)."""

    SUMMARY = ("id", "name", "cell_specification_id", "batch")

    id: str
    name: str
    cell_specification_id: str
    batch_id: str | None = None
    batch_name: str | None = None
    date_manufactured: str | None = None
    notes: str | None = None
    measured_properties: dict[str, Any] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    created_by_email: str | None = None

    @property
    def batch(self) -> str | None:
        """The name of the cell's lot (``batch_name``), or ``None``.

        Older documentation sends and reads a free-text ``batch``; the API now
        keeps lots as records (:class:`CellBatch`) that an instance names by
        ``batch_id``. A server that still sends a free-text ``batch`` is read
        as it sent it.
        """
        if self.batch_name is not None:
            return self.batch_name
        legacy = self._extra.get("batch")
        return legacy if isinstance(legacy, str) else None


@register_record
@attrs.define(kw_only=True, repr=False)
class CellBatch(Record):
    """A manufacturing lot: cells of one specification made together.

    Instances join a lot by its ``batch_id``; renaming the lot renames it for
    every member. ``instance_count`` is how many cells it holds.
    """

    SUMMARY = ("id", "name", "cell_specification_id", "instance_count")

    id: str
    name: str
    cell_specification_id: str | None = None
    project_id: str | None = None
    organization_id: str | None = None
    notes: str | None = None
    date_manufactured: str | None = None
    properties: dict[str, Any] | None = None
    instance_count: int = 0
    created_at: str | None = None
    updated_at: str | None = None
    created_by_email: str | None = None


class MeasurementType(enum.StrEnum):
    """What a cell measurement holds (a ``str``: compares equal to its value)."""

    time_series = "time_series"
    file = "file"
    properties = "properties"


_MEASUREMENT_TYPES = frozenset(member.value for member in MeasurementType)


@register_record
@attrs.define(kw_only=True, repr=False)
class CellMeasurement(Record):
    """A measurement of a cell instance: a time series, a file or properties."""

    SUMMARY = ("id", "name", "measurement_type", "processing_status")

    id: str
    name: str
    cell_instance_id: str | None = None
    measurement_type: MeasurementType = MeasurementType.time_series
    processing_status: str | None = None
    processing_error: str | None = None
    notes: str | None = None
    protocol: dict[str, Any] | None = None
    test_setup: dict[str, Any] | None = None
    start_time: str | None = None
    end_time: str | None = None
    channel_id: str | None = None
    protocol_id: str | None = None
    properties: dict[str, Any] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    created_by_email: str | None = None
    estimated_end_time: str | None = None
    estimated_end_time_note: str | None = None
    estimated_end_time_calculated_at: str | None = None
    tags: list[str] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        # Made with a plain string, the type reads as the enum (as pydantic
        # makes it); a value the enum does not know is kept as given.
        kind = self.measurement_type
        if not isinstance(kind, MeasurementType) and kind in _MEASUREMENT_TYPES:
            object.__setattr__(self, "measurement_type", MeasurementType(kind))
        super().__attrs_post_init__()


@register_record
@attrs.define(kw_only=True, repr=False)
class CellMeasurementBundleResponse(CellMeasurement):
    """A measurement just created by an upload, as ``confirm-upload`` answers.

    Its fields are readable flat (``bundle.name``, ``bundle.processing_status``)
    as current Ionworks code reads them, and through ``bundle.measurement``
    as older guide code does.

    Attributes
    ----------
    steps_created : int
        Steps the server created with the upload: always 0 from the current
        API, which derives steps after the upload is confirmed.
    """

    steps_created: int = 0

    @property
    def measurement(self) -> CellMeasurement:
        """The measurement itself (the bundle is one), for the nested form."""
        return self


@register_record
@attrs.define(kw_only=True, repr=False)
class MeasurementTagUsage(Record):
    """A tag in use, with how many measurements hold it (``list_tags``)."""

    SUMMARY = ("tag", "usage_count")

    tag: str
    usage_count: int = 0


@register_record
@attrs.define(kw_only=True, repr=False)
class Project(Record):
    """A project: the specifications, cells and raw data of one piece of work."""

    SUMMARY = ("id", "name", "organization_id")

    id: str
    name: str
    organization_id: str | None = None
    description: str | None = None
    notes: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    created_by_email: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class ProjectRoleInfo(Record):
    """A project role that can be granted (``project.roles()``)."""

    SUMMARY = ("id", "name")

    id: str
    name: str
    description: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class InviteResult(Record):
    """What inviting someone by email did (``project.invite_member``)."""

    SUMMARY = ("user_id", "invite_sent", "already_member")

    user_id: str
    invite_sent: bool
    already_member: bool = False
    role_name: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class RawData(Record):
    """An original file, kept as it was uploaded (project-scoped; provenance).

    Linked to the measurements made from it
    (``cell_measurement.attach_raw_data``).
    """

    SUMMARY = ("id", "name", "filename", "size_bytes")

    id: str
    project_id: str
    name: str
    filename: str
    content_type: str | None = None
    size_bytes: int | None = None
    metadata: dict[str, Any] | None = None
    source: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    created_by_email: str | None = None


CellMeasurementBundle = CellMeasurementBundleResponse
"""The earlier name of :class:`CellMeasurementBundleResponse`, kept."""

MeasurementTag = MeasurementTagUsage
"""The earlier name of :class:`MeasurementTagUsage`, kept."""
