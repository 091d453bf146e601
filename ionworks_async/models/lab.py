"""The lab's records: sites, cyclers, channels, their services and outages.

A site owns cyclers, a cycler owns channels; a cycler's service events and
a channel's incidents are their histories. The lab view
(:class:`LabStatus`) is the project's tree of them with each channel's
occupancy; :class:`FlatChannel` and :class:`Utilization` are what the lab
client derives from it. Times are kept as the API's ISO 8601 text.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._base import Record, moment, register_record

__all__ = [
    "Channel",
    "ChannelIncident",
    "ChannelState",
    "Cycler",
    "CyclerDetail",
    "CyclerServiceEvent",
    "FlatChannel",
    "LabChannel",
    "LabCycler",
    "LabMeasurementSummary",
    "LabSite",
    "LabStatus",
    "Site",
    "SiteDetail",
    "Utilization",
]


@register_record
@attrs.define(kw_only=True, repr=False)
class Site(Record):
    """A site: a physical location of the organisation that owns cyclers."""

    SUMMARY = ("id", "name", "location")

    id: str
    name: str


@register_record
@attrs.define(kw_only=True, repr=False)
class Cycler(Record):
    """A cycler: test equipment at a site, owned by a project, with channels."""

    SUMMARY = ("id", "name", "manufacturer", "model", "site_id")

    id: str
    name: str
    site_id: str
    project_id: str
    manufacturer: str | None = None
    model: str | None = None
    version: str | None = None
    serial_number: str | None = None
    firmware_version: str | None = None
    hostname: str | None = None
    ip_address: str | None = None
    port: int | None = None
    last_calibrated_at: str | None = None
    calibration_interval_days: int | None = None
    calibration_due_at: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class CyclerServiceEvent(Record):
    """One service of a cycler (calibration, maintenance): all its channels at once.

    A cycler has at most one open event (``performed_at`` is ``None``).
    """

    SUMMARY = ("id", "cycler_id", "event_type", "scheduled_for", "performed_at")

    id: str
    cycler_id: str
    project_id: str
    event_type: str
    scheduled_for: str | None = None
    scheduled_until: str | None = None
    performed_at: str | None = None
    notes: str | None = None
    created_by: str | None = None
    performed_by: str | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class Channel(Record):
    """A test channel of a cycler; it belongs to its cycler's project."""

    SUMMARY = ("id", "name", "cycler_id", "out_of_commission")

    id: str
    name: str
    cycler_id: str
    project_id: str
    notes: str | None = None
    out_of_commission: bool = False
    max_amps: float | None = None
    min_volts: float | None = None
    max_volts: float | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class ChannelIncident(Record):
    """One span during which a channel was out of service.

    ``service_event_id`` is set when a cycler's service took it down, and
    ``None`` for a fault of the channel alone; ``resolved_at`` is ``None``
    while the outage lasts.
    """

    SUMMARY = ("id", "channel_id", "category", "started_at", "resolved_at")

    id: str
    channel_id: str
    project_id: str
    started_at: str
    service_event_id: str | None = None
    category: str = "other"
    notes: str | None = None
    service_scheduled_at: str | None = None
    service_scheduled_until: str | None = None
    resolved_at: str | None = None
    resolution_notes: str | None = None
    started_by: str | None = None
    resolved_by: str | None = None
    is_estimated: bool = False

    @property
    def is_overdue_to_return(self) -> bool:
        """Whether an open outage has run past the end its service was booked to."""
        if self.resolved_at is not None or self.service_scheduled_until is None:
            return False
        until = moment(self.service_scheduled_until)
        return until is not None and until < dt.datetime.now(dt.UTC)


class ChannelState(enum.StrEnum):
    """A channel's occupancy in the lab view (a ``str``: equal to its value)."""

    free = "free"
    occupied = "occupied"
    stale = "stale"
    out_of_commission = "out_of_commission"


@register_record
@attrs.define(kw_only=True, repr=False)
class LabMeasurementSummary(Record):
    """The measurement occupying a channel, as the lab view shows it."""

    SUMMARY = ("id", "name", "cell_instance_name", "updated_at")

    id: str
    name: str
    updated_at: str
    cell_instance_id: str
    start_time: str | None = None
    estimated_end_time: str | None = None
    cell_instance_name: str | None = None
    cell_specification_name: str | None = None
    protocol_name: str | None = None
    watched: bool = False


@register_record
@attrs.define(kw_only=True, repr=False)
class LabChannel(Record):
    """A channel with its occupancy, and the measurement that drives it."""

    SUMMARY = ("id", "name", "state")

    id: str
    name: str
    state: ChannelState
    measurement: LabMeasurementSummary | None = None
    notes: str | None = None
    out_of_commission: bool = False
    max_amps: float | None = None
    min_volts: float | None = None
    max_volts: float | None = None


@register_record
@attrs.define(kw_only=True, repr=False)
class LabCycler(Record):
    """A cycler of the lab view: its channels and how many are in each state."""

    SUMMARY = ("id", "name", "channel_count", "occupied", "free")

    id: str
    name: str
    channel_count: int
    occupied: int
    stale: int
    free: int
    manufacturer: str | None = None
    model: str | None = None
    out_of_commission: int = 0
    channels: list[LabChannel] = attrs.field(factory=list)


@register_record
@attrs.define(kw_only=True, repr=False)
class LabSite(Record):
    """A site of the lab view, with its cyclers."""

    SUMMARY = ("id", "name")

    id: str
    name: str
    cyclers: list[LabCycler] = attrs.field(factory=list)


@register_record
@attrs.define(kw_only=True, repr=False)
class LabStatus(Record):
    """A project's lab view: its sites' tree and the project's counts."""

    SUMMARY = ("occupied", "stale", "free", "out_of_commission")

    sites: list[LabSite] = attrs.field(factory=list)
    occupied: int = 0
    stale: int = 0
    free: int = 0
    out_of_commission: int = 0


@attrs.frozen(kw_only=True)
class FlatChannel:
    """A lab channel with its cycler's and site's names ("CH3 on Maccor-1 at Boston").

    Attributes
    ----------
    channel : LabChannel
        The channel and its state.
    cycler_id, cycler_name, site_id, site_name : str
        Where it is.
    """

    channel: LabChannel
    cycler_id: str
    cycler_name: str
    site_id: str
    site_name: str


@attrs.frozen(kw_only=True)
class Utilization:
    """A project's lab utilisation: the busy share in percent, and the counts.

    ``percent`` is occupied plus stale over every channel (out of commission
    included), rounded to a whole number; 0 when there are no channels.
    """

    percent: int
    occupied: int
    stale: int
    free: int
    out_of_commission: int
    total: int


@attrs.frozen(kw_only=True)
class CyclerDetail:
    """A cycler with all its channels (the site by id: ``client.site.get``)."""

    cycler: Cycler
    site_id: str
    channels: list[Channel]


@attrs.frozen(kw_only=True)
class SiteDetail:
    """A site with each of its cyclers' details."""

    site: Site
    cyclers: list[CyclerDetail]
