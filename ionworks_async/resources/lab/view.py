"""The lab view: a project's channels and who is on them, and what follows.

One request (``/projects/{id}/lab/status``) gives the tree of sites,
cyclers and channels with each channel's state; utilisation, the free,
stale and watched channels and the measurement on a channel are read from
it. Each of those takes the ``status`` already fetched, to ask once and
read it many ways.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import ResponseValidationError
from ...models.lab import (
    ChannelState,
    FlatChannel,
    LabMeasurementSummary,
    LabStatus,
    Utilization,
)
from .._routes import RouteResource, route

__all__ = ["AsyncLabClient"]

LAB = "/projects/{project_id}/lab"


class AsyncLabClient(RouteResource):
    """Client for the lab view (the public client's ``client.lab``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def status(self, project_id: str) -> LabStatus:
        """Get the lab view of a project: sites, cyclers, channels and states.

        Parameters
        ----------
        project_id : str
            The project.

        Returns
        -------
        LabStatus
            The tree, and the project's counts of each state.
        """
        path = route(LAB, project_id=self._project(project_id)) + "/status"
        return await self._one("GET", path, LabStatus)

    async def _resolve(self, project_id: str, status: LabStatus | None) -> LabStatus:
        return status if status is not None else await self.status(project_id)

    async def utilization(
        self, project_id: str, *, status: LabStatus | None = None
    ) -> Utilization:
        """Return a project's lab utilisation: the busy share and the counts.

        Parameters
        ----------
        project_id : str
            The project.
        status : LabStatus, optional
            A lab view already fetched (no request is sent).

        Returns
        -------
        Utilization
            ``percent`` is occupied plus stale over every channel, rounded.
        """
        s = await self._resolve(project_id, status)
        total = s.occupied + s.stale + s.free + s.out_of_commission
        percent = round((s.occupied + s.stale) / total * 100) if total else 0
        return Utilization(
            percent=percent,
            occupied=s.occupied,
            stale=s.stale,
            free=s.free,
            out_of_commission=s.out_of_commission,
            total=total,
        )

    async def _flat(
        self, project_id: str, status: LabStatus | None
    ) -> Iterator[FlatChannel]:
        tree = await self._resolve(project_id, status)
        return (
            FlatChannel(
                channel=channel,
                cycler_id=cycler.id,
                cycler_name=cycler.name,
                site_id=site.id,
                site_name=site.name,
            )
            for site in tree.sites
            for cycler in site.cyclers
            for channel in cycler.channels
        )

    async def free_channels(
        self,
        project_id: str,
        *,
        min_amps: float | None = None,
        min_volts: float | None = None,
        max_volts: float | None = None,
        status: LabStatus | None = None,
    ) -> list[FlatChannel]:
        """List the free channels able to run a test's current and voltages.

        A channel without a rating is left out when a bound is asked for.

        Parameters
        ----------
        project_id : str
            The project.
        min_amps : float, optional
            The current the channel must reach (its ``max_amps`` at least this).
        min_volts, max_volts : float, optional
            The voltage window it must cover.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        list of FlatChannel
            Each free channel, with its cycler's and site's names.
        """
        found = []
        for flat in await self._flat(project_id, status):
            channel = flat.channel
            if channel.state != ChannelState.free:
                continue
            if min_amps is not None and (
                channel.max_amps is None or channel.max_amps < min_amps
            ):
                continue
            if min_volts is not None and (
                channel.min_volts is None or channel.min_volts > min_volts
            ):
                continue
            if max_volts is not None and (
                channel.max_volts is None or channel.max_volts < max_volts
            ):
                continue
            found.append(flat)
        return found

    async def stale_channels(
        self, project_id: str, *, status: LabStatus | None = None
    ) -> list[FlatChannel]:
        """List the channels whose measurement has gone quiet (stale).

        Parameters
        ----------
        project_id : str
            The project.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        list of FlatChannel
            Each stale channel, with its cycler's and site's names.
        """
        flats = await self._flat(project_id, status)
        return [flat for flat in flats if flat.channel.state == ChannelState.stale]

    async def on_channel(
        self, project_id: str, channel_id: str, *, status: LabStatus | None = None
    ) -> LabMeasurementSummary | None:
        """Return the measurement on a channel, or ``None`` (free, unknown).

        Parameters
        ----------
        project_id : str
            The project.
        channel_id : str
            The channel's id.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        LabMeasurementSummary or None
            The measurement occupying it.
        """
        for flat in await self._flat(project_id, status):
            if flat.channel.id == channel_id:
                return flat.channel.measurement
        return None

    async def list_watched(self, project_id: str) -> list[str]:
        """List the ids of the measurements you watch in a project.

        Parameters
        ----------
        project_id : str
            The project.

        Returns
        -------
        list of str
            The measurements' ids.
        """
        path = route(LAB, project_id=self._project(project_id)) + "/watched"
        answer = await self._object("GET", path)
        ids = answer.get("measurement_ids", [])
        if not isinstance(ids, list) or not all(isinstance(one, str) for one in ids):
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} without a list of "
                "measurement ids.",
                method="GET",
                path=path,
            )
        return list(ids)

    async def watched_channels(
        self, project_id: str, *, status: LabStatus | None = None
    ) -> list[FlatChannel]:
        """List the channels whose measurement you watch.

        Parameters
        ----------
        project_id : str
            The project.
        status : LabStatus, optional
            A lab view already fetched.

        Returns
        -------
        list of FlatChannel
            Each watched channel, with its cycler's and site's names.
        """
        return [
            flat
            for flat in await self._flat(project_id, status)
            if flat.channel.measurement is not None and flat.channel.measurement.watched
        ]
