"""The API's records as attrs classes, read by one cattrs converter.

Each record keeps every field the server sent (see :class:`Record`); reading
is lenient where the API is loose (see :mod:`ionworks_async.models._base`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..tables._backends import Frame
from ._base import (
    Record,
    register_record,
)

__all__ = [
    "CellBatch",
    "CellInstance",
    "CellInstanceDetail",
    "CellMeasurement",
    "CellMeasurementBundle",
    "CellMeasurementDetail",
    "CellSpecification",
    "MeasurementTag",
    "Project",
    "RawData",
    "Record",
    "StepsAndCycles",
]


@register_record
@attrs.frozen(kw_only=True)
class CellSpecification(Record):
    """A cell specification: the type of a cell (chemistry, format, ratings)."""

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
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@register_record
@attrs.frozen(kw_only=True)
class CellInstance(Record):
    """One physical cell, belonging to a cell specification (and maybe a lot)."""

    id: str
    name: str
    cell_specification_id: str
    batch_id: str | None = None
    batch_name: str | None = None
    date_manufactured: str | None = None
    notes: str | None = None
    measured_properties: dict[str, Any] | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
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
@attrs.frozen(kw_only=True)
class CellBatch(Record):
    """A manufacturing lot: cells of one specification made together.

    Instances join a lot by its ``batch_id``; renaming the lot renames it for
    every member. ``instance_count`` is how many cells it holds.
    """

    id: str
    name: str
    cell_specification_id: str | None = None
    project_id: str | None = None
    organization_id: str | None = None
    notes: str | None = None
    date_manufactured: str | None = None
    properties: dict[str, Any] | None = None
    instance_count: int = 0
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@register_record
@attrs.frozen(kw_only=True)
class CellMeasurement(Record):
    """A measurement of a cell instance: a time series, a file or properties."""

    id: str
    name: str
    cell_instance_id: str | None = None
    measurement_type: str = "time_series"
    processing_status: str | None = None
    processing_error: str | None = None
    notes: str | None = None
    protocol: dict[str, Any] | None = None
    test_setup: dict[str, Any] | None = None
    start_time: dt.datetime | None = None
    end_time: dt.datetime | None = None
    channel_id: str | None = None
    protocol_id: str | None = None
    properties: dict[str, Any] | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None
    tags: list[str] | None = None


@register_record
@attrs.frozen(kw_only=True)
class CellMeasurementBundle(CellMeasurement):
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
@attrs.frozen(kw_only=True)
class MeasurementTag(Record):
    """A tag in use, with how many measurements hold it (``list_tags``)."""

    tag: str
    usage_count: int = 0


@register_record
@attrs.frozen(kw_only=True)
class Project(Record):
    """A project: the specifications, cells and raw data of one piece of work."""

    id: str
    name: str
    organization_id: str | None = None
    description: str | None = None
    notes: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@register_record
@attrs.frozen(kw_only=True)
class RawData(Record):
    """An original file, kept as it was uploaded (project-scoped; provenance).

    Linked to the measurements made from it
    (``cell_measurement.attach_raw_data``).
    """

    id: str
    project_id: str
    name: str
    filename: str
    content_type: str | None = None
    size_bytes: int | None = None
    metadata: dict[str, Any] | None = None
    source: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by_email: str | None = None


@attrs.frozen(kw_only=True)
class CellMeasurementDetail:
    """A measurement with the data ``detail()`` fetched for it, read flat.

    Every field of the measurement is readable on the detail itself
    (``md.name``, ``md.processing_status``, ``md.protocol``, fields the client
    does not declare too), as the Ionworks guide reads it; ``md.measurement``
    is the measurement record, for code written against the nested form.

    Attributes
    ----------
    measurement : CellMeasurement
        The measurement's metadata.
    instance_id : str or None
        The id of the measurement's cell instance.
    specification_id : str or None
        The id of the instance's specification (filled by
        ``cell_instance.detail``; ``None`` from ``cell_measurement.detail``).
    steps, cycles, time_series : Frame or None
        The data (a :class:`Table`, or the client's ``dataframe_backend``
        type), or ``None`` when not requested or not available (a legacy
        measurement without a steps file, a properties measurement).
    files : dict of str to bytes or None
        The files of a ``file`` measurement, by file name.
    """

    measurement: CellMeasurement
    instance_id: str | None = None
    specification_id: str | None = None
    steps: Frame | None = None
    cycles: Frame | None = None
    time_series: Frame | None = None
    files: dict[str, bytes] | None = attrs.field(default=None, repr=False)

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: the measurement's fields.
        if name.startswith("_"):
            raise AttributeError(name)
        measurement = object.__getattribute__(self, "measurement")
        try:
            return getattr(measurement, name)
        except AttributeError:
            raise AttributeError(
                f"'CellMeasurementDetail' object has no attribute {name!r}"
            ) from None

    def __dir__(self) -> list[str]:
        # The measurement's fields read flat, so they are listed too.
        return sorted({*super().__dir__(), *dir(self.measurement)})

    @property
    def id(self) -> str:
        """The measurement id."""
        return self.measurement.id

    @property
    def name(self) -> str:
        """The measurement name."""
        return self.measurement.name


@attrs.frozen(kw_only=True)
class StepsAndCycles:
    """A measurement's steps and cycles, fetched in one request.

    Attributes
    ----------
    steps : Frame
        One row a step (a :class:`Table`, or the ``dataframe_backend`` type).
    cycles : Frame
        One row a cycle.
    """

    steps: Frame
    cycles: Frame


@attrs.frozen(kw_only=True)
class CellInstanceDetail:
    """A cell instance with all its measurements and their data.

    Attributes
    ----------
    instance : CellInstance
        The instance's metadata.
    specification_id : str
        The id of its cell specification (fetch it with ``cell_spec.get``).
    measurements : list of CellMeasurementDetail
        Every measurement of the instance, in the API's list order.
    """

    instance: CellInstance
    specification_id: str
    measurements: list[CellMeasurementDetail]

    @property
    def id(self) -> str:
        """The instance id."""
        return self.instance.id

    @property
    def name(self) -> str:
        """The instance name."""
        return self.instance.name
