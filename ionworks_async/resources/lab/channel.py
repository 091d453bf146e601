"""Channels: a cycler's test channels, with their outage history."""

from __future__ import annotations

from typing import Any

from ...models.lab import Channel, ChannelIncident
from ...models.pages import PaginatedList
from .._routes import RouteResource, filter_pairs, plain_pairs, route

__all__ = ["AsyncChannelClient"]

CHANNELS = "/channels"
CHANNEL = "/channels/{channel_id}"
CYCLER_CHANNELS = "/cyclers/{cycler_id}/channels"


class AsyncChannelClient(RouteResource):
    """Client for channels (the public client's ``client.channel``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, channel_id: str) -> Channel:
        """Get a channel by id.

        Parameters
        ----------
        channel_id : str
            The channel's id.

        Returns
        -------
        Channel
            The channel.
        """
        return await self._one("GET", route(CHANNEL, channel_id=channel_id), Channel)

    async def list(
        self,
        cycler_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Channel]:
        """List a cycler's channels: one page (the API's default size).

        Parameters
        ----------
        cycler_id : str
            The cycler.
        limit, offset : int, optional
            The page.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the channel was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Channel
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
        path = route(CYCLER_CHANNELS, cycler_id=cycler_id)
        return await self._page(path, Channel, params)

    async def list_all(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        cycler_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Channel]:
        """List the organisation's channels across cyclers: one page.

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        cycler_id : str, optional
            Only this cycler's channels.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the channel was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Channel
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
        return await self._page(
            CHANNELS, Channel, params + plain_pairs(cycler_id=cycler_id)
        )

    async def update(self, channel_id: str, data: dict[str, Any]) -> Channel:
        """Update fields of a channel (``out_of_commission`` opens an incident).

        Parameters
        ----------
        channel_id : str
            The channel's id.
        data : dict
            The fields to change.

        Returns
        -------
        Channel
            The updated channel.
        """
        path = route(CHANNEL, channel_id=channel_id)
        return await self._one("PATCH", path, Channel, body=data)

    async def list_incidents(
        self, channel_id: str, limit: int | None = None, offset: int | None = None
    ) -> PaginatedList[ChannelIncident]:
        """List a channel's outages, newest first: one page.

        Parameters
        ----------
        channel_id : str
            The channel's id.
        limit, offset : int, optional
            The page.

        Returns
        -------
        PaginatedList of ChannelIncident
            The page, with ``total``.
        """
        path = route(CHANNEL, channel_id=channel_id) + "/incidents"
        return await self._page(path, ChannelIncident, filter_pairs(limit, offset))

    async def delete(self, channel_id: str) -> None:
        """Delete a channel.

        Parameters
        ----------
        channel_id : str
            The channel's id.
        """
        await self._delete(route(CHANNEL, channel_id=channel_id))

    async def create(self, cycler_id: str, data: dict[str, Any]) -> Channel:
        """Create a channel of a cycler.

        Parameters
        ----------
        cycler_id : str
            The cycler.
        data : dict
            Its fields: ``name`` (required), ``max_amps``, ...

        Returns
        -------
        Channel
            The new channel.
        """
        path = route(CYCLER_CHANNELS, cycler_id=cycler_id)
        return await self._one("POST", path, Channel, body=data)

    async def create_or_get(self, cycler_id: str, data: dict[str, Any]) -> Channel:
        """Create a channel, or get the cycler's existing one of that name.

        Parameters
        ----------
        cycler_id : str
            The cycler.
        data : dict
            Its fields, as :meth:`create` takes them.

        Returns
        -------
        Channel
            The new channel, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but no channel of the name is found.
        """
        return await self._create_or_get(
            lambda: self.create(cycler_id, data),
            data,
            self.get,
            lambda name: self.list(cycler_id, name_exact=name),
        )
