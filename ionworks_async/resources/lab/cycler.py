"""Cyclers: a site's test equipment, with channels and a service history."""

from __future__ import annotations

import asyncio
import builtins
from typing import Any

from ...models.lab import Channel, Cycler, CyclerDetail, CyclerServiceEvent
from ...models.pages import PaginatedList
from .._routes import (
    RouteResource,
    contains_pairs,
    filter_pairs,
    plain_pairs,
    route,
)
from .channel import AsyncChannelClient

__all__ = ["AsyncCyclerClient"]

SITE_CYCLERS = "/sites/{site_id}/cyclers"
CYCLER = "/cyclers/{cycler_id}"
SERVICE_EVENTS = "/cyclers/{cycler_id}/service_events"


class AsyncCyclerClient(RouteResource):
    """Client for cyclers (the public client's ``client.cycler``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, cycler_id: str) -> Cycler:
        """Get a cycler by id.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.

        Returns
        -------
        Cycler
            The cycler.
        """
        return await self._one("GET", route(CYCLER, cycler_id=cycler_id), Cycler)

    async def list(
        self,
        site_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        project_id: str | None = None,
        manufacturer: str | None = None,
        model: str | None = None,
        version: str | None = None,
        serial_number: str | None = None,
        firmware_version: str | None = None,
        hostname: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        calibration_due_after: str | None = None,
        calibration_due_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Cycler]:
        """List a site's cyclers: one page (the API's default size).

        Parameters
        ----------
        site_id : str
            The site.
        limit, offset : int, optional
            The page.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        project_id : str, optional
            Only the cyclers of this project.
        manufacturer, model, version : str, optional
            A part of each (any case).
        serial_number, firmware_version, hostname : str, optional
            A part of each (any case).
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the cycler was created or updated.
        calibration_due_after, calibration_due_before : str, optional
            ISO 8601 times bounding when its calibration falls due.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Cycler
            The page, with ``total``.
        """
        params = filter_pairs(
            limit,
            offset,
            name=name,
            name_exact=name_exact,
            created_by_email=created_by_email,
            created_after=created_after,
            created_before=created_before,
            updated_after=updated_after,
            updated_before=updated_before,
            order_by=order_by,
            order=order,
        )
        params += plain_pairs(project_id=project_id)
        params += contains_pairs(
            manufacturer=manufacturer,
            model=model,
            version=version,
            serial_number=serial_number,
            firmware_version=firmware_version,
            hostname=hostname,
        )
        params += plain_pairs(
            calibration_due_at_gt=calibration_due_after,
            calibration_due_at_lt=calibration_due_before,
        )
        path = route(SITE_CYCLERS, site_id=site_id)
        return await self._page(path, Cycler, params)

    async def detail(self, cycler_id: str) -> CyclerDetail:
        """Get a cycler with all its channels (fetched at once).

        Parameters
        ----------
        cycler_id : str
            The cycler's id.

        Returns
        -------
        CyclerDetail
            The cycler, its site's id and its channels.
        """
        cycler, channels = await asyncio.gather(
            self.get(cycler_id), self._channels(cycler_id)
        )
        return CyclerDetail(cycler=cycler, site_id=cycler.site_id, channels=channels)

    async def detail_from_cycler(self, cycler: Cycler) -> CyclerDetail:
        """Get the detail of a cycler already fetched: only its channels are.

        Parameters
        ----------
        cycler : Cycler
            The cycler.

        Returns
        -------
        CyclerDetail
            The cycler, its site's id and its channels.
        """
        channels = await self._channels(cycler.id)
        return CyclerDetail(cycler=cycler, site_id=cycler.site_id, channels=channels)

    async def _channels(self, cycler_id: str) -> builtins.list[Channel]:
        channels = AsyncChannelClient(self._context)
        return await self._every(
            lambda limit, offset: channels.list(cycler_id, limit=limit, offset=offset)
        )

    async def update(self, cycler_id: str, data: dict[str, Any]) -> Cycler:
        """Update fields of a cycler.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        data : dict
            The fields to change.

        Returns
        -------
        Cycler
            The updated cycler.
        """
        path = route(CYCLER, cycler_id=cycler_id)
        return await self._one("PATCH", path, Cycler, body=data)

    async def delete(self, cycler_id: str) -> None:
        """Delete a cycler and its channels.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        """
        await self._delete(route(CYCLER, cycler_id=cycler_id))

    async def list_service_events(
        self, cycler_id: str, limit: int | None = None, offset: int | None = None
    ) -> PaginatedList[CyclerServiceEvent]:
        """List a cycler's service events, newest first: one page.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of CyclerServiceEvent
            The page, with ``total``.
        """
        path = route(SERVICE_EVENTS, cycler_id=cycler_id)
        return await self._page(path, CyclerServiceEvent, filter_pairs(limit, offset))

    async def start_service(
        self,
        cycler_id: str,
        event_type: str,
        scheduled_for: str,
        *,
        scheduled_until: str | None = None,
        notes: str | None = None,
    ) -> CyclerServiceEvent:
        """Book a service of a cycler, taking every channel out of service.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        event_type : str
            ``"calibration"``, ``"preventive_maintenance"``, ``"firmware"``,
            ``"repair"`` or ``"other"``.
        scheduled_for : str
            When the visit is booked (ISO 8601).
        scheduled_until : str, optional
            When it is expected to end.
        notes : str, optional
            Free text.

        Returns
        -------
        CyclerServiceEvent
            The open event.
        """
        body: dict[str, Any] = {
            "event_type": event_type,
            "scheduled_for": scheduled_for,
        }
        if scheduled_until is not None:
            body["scheduled_until"] = scheduled_until
        if notes is not None:
            body["notes"] = notes
        path = route(SERVICE_EVENTS, cycler_id=cycler_id)
        return await self._one("POST", path, CyclerServiceEvent, body=body)

    async def complete_service(
        self,
        cycler_id: str,
        performed_at: str | None = None,
        notes: str | None = None,
        calibration_interval_days: int | None = None,
        event_type: str = "calibration",
    ) -> CyclerServiceEvent:
        """Complete a cycler's open service (or record one), returning its channels.

        Parameters
        ----------
        cycler_id : str
            The cycler's id.
        performed_at : str, optional
            When the work was done (ISO 8601); the server's now by default.
        notes : str, optional
            Free text.
        calibration_interval_days : int, optional
            A new calibration interval.
        event_type : str, optional
            The kind of service recorded when none is open. Defaults to
            ``"calibration"``.

        Returns
        -------
        CyclerServiceEvent
            The completed event.
        """
        body: dict[str, Any] = {"event_type": event_type}
        if performed_at is not None:
            body["performed_at"] = performed_at
        if notes is not None:
            body["notes"] = notes
        if calibration_interval_days is not None:
            body["calibration_interval_days"] = calibration_interval_days
        path = route(SERVICE_EVENTS, cycler_id=cycler_id) + "/complete"
        return await self._one("POST", path, CyclerServiceEvent, body=body)

    async def create(self, site_id: str, data: dict[str, Any]) -> Cycler:
        """Create a cycler at a site.

        Parameters
        ----------
        site_id : str
            The site.
        data : dict
            Its fields: ``name`` and ``project_id`` (required), ``manufacturer``, ...

        Returns
        -------
        Cycler
            The new cycler.
        """
        path = route(SITE_CYCLERS, site_id=site_id)
        return await self._one("POST", path, Cycler, body=data)

    async def create_or_get(self, site_id: str, data: dict[str, Any]) -> Cycler:
        """Create a cycler at a site, or get the site's existing one of that name.

        Parameters
        ----------
        site_id : str
            The site.
        data : dict
            Its fields, as :meth:`create` takes them.

        Returns
        -------
        Cycler
            The new cycler, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but no cycler of the name is found.
        """
        return await self._create_or_get(
            lambda: self.create(site_id, data),
            data,
            self.get,
            lambda name: self.list(site_id, name_exact=name),
        )
