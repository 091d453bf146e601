"""Which cycler and channel produced a file: recorded, and linked when registered.

A file's sidecar may name them (``{"cycler": "Maccor-1", "channel": 41}``);
else the file's header may (its ``instrument`` or ``cycler``, and its
``channel_number``). The names are recorded in the measurement's
``test_setup`` (``cycler_name``, ``channel_name``; a header's stay where
the reader put them); when they name a registered cycler (at any site of the
organisation, by name, any case) and one of its channels (by name, or by
number: ``41`` is ``CH41``, ``Ch 41``, ``channel 41``), the measurement's
``channel_id`` links it there (what the lab view reads). A sidecar naming a
cycler or channel that is not registered fails the file, saying which; a
header's names that are not registered are only recorded. A ``channel_id``
given in the sidecar is kept as given.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from .._arguments.query import nfc
from ..errors import IonworksError
from ..resources._routes import every_page

if TYPE_CHECKING:
    from .._client import AsyncIonworks
    from ..models.lab import Channel, Cycler
    from ..models.pages import PaginatedList

__all__ = ["LabIndex", "LabLinkError", "channel_matches"]

_NUMBER = re.compile(r"(?i)^\s*(?:ch(?:annel)?[\s_#-]*)?0*(\d+)\s*$")


class LabLinkError(ValueError):
    """A sidecar names a cycler or channel that is not registered."""


def _key(name: object) -> str:
    return nfc(str(name)).strip().casefold()


def channel_matches(channel_name: str, wanted: object) -> bool:
    """Whether a channel's name is the one wanted (by name, or by its number)."""
    if _key(channel_name) == _key(wanted):
        return True
    ours, theirs = _NUMBER.match(channel_name), _NUMBER.match(str(wanted))
    return bool(ours and theirs and int(ours[1]) == int(theirs[1]))


class LabIndex:
    """The organisation's cyclers by name, and their channels, read once a run."""

    def __init__(self, client: AsyncIonworks) -> None:
        self.client = client
        self._cyclers: dict[str, list[Cycler]] | None = None
        self._channels: dict[str, list[Channel]] = {}
        self._lock = asyncio.Lock()  # read once, however many files ask at once

    async def _all_cyclers(self) -> dict[str, list[Cycler]]:
        async with self._lock:
            return await self._read_cyclers()

    async def _read_cyclers(self) -> dict[str, list[Cycler]]:
        if self._cyclers is None:
            found: dict[str, list[Cycler]] = {}
            cyclers = self.client.cycler
            for site in await every_page(self.client.site.list):
                site_id = site.id

                async def page(limit: int, offset: int) -> PaginatedList[Cycler]:
                    return await cyclers.list(site_id, limit, offset)  # noqa: B023

                for cycler in await every_page(page):
                    found.setdefault(_key(cycler.name), []).append(cycler)
            self._cyclers = found
        return self._cyclers

    async def _channels_of(self, cycler_id: str) -> list[Channel]:
        async with self._lock:
            return await self._read_channels(cycler_id)

    async def _read_channels(self, cycler_id: str) -> list[Channel]:
        if cycler_id not in self._channels:
            channels = self.client.channel
            self._channels[cycler_id] = await every_page(
                lambda limit, offset: channels.list(cycler_id, limit, offset)
            )
        return self._channels[cycler_id]

    async def channel_id(self, cycler: object, channel: object) -> str | None:
        """Return the id of a cycler's channel, or ``None`` when not registered.

        Raises
        ------
        LabLinkError
            When the name is ambiguous (two cyclers of it at different sites).
        """
        matching = (await self._all_cyclers()).get(_key(cycler), [])
        if len(matching) > 1:
            sites = ", ".join(sorted(c.site_id for c in matching))
            raise LabLinkError(
                f"{len(matching)} cyclers are named {cycler!r} (at sites {sites}): "
                "give the measurement's channel_id in the sidecar instead"
            )
        if not matching:
            return None
        for one in await self._channels_of(matching[0].id):
            if channel_matches(one.name, channel):
                return one.id
        return None

    async def cycler_known(self, cycler: object) -> bool:
        """Whether a cycler of this name is registered."""
        return _key(cycler) in await self._all_cyclers()

    async def link(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Return a measurement's fields with its cycler recorded and linked.

        Raises
        ------
        LabLinkError
            When the sidecar names a cycler or channel that is not registered.
        """
        fields = dict(fields)
        setup = dict(fields.get("test_setup") or {})
        cycler = fields.pop("cycler", None)
        channel = fields.pop("channel", None)
        if cycler is not None:
            setup["cycler_name"] = cycler
        if channel is not None:
            setup["channel_name"] = channel
        if setup:
            fields["test_setup"] = setup
        if fields.get("channel_id"):
            return fields  # given: kept as given
        if cycler is not None or channel is not None:
            fields["channel_id"] = await self._named(cycler, channel)
            return fields
        number = setup.get("channel_number")
        for name in (setup.get("instrument"), setup.get("cycler")):
            if name is None or number is None:
                continue
            try:  # the header's names: linked when they name a registered channel
                found = await self.channel_id(name, number)
            except (IonworksError, LabLinkError):
                return fields  # the lab cannot be read, or the name is ambiguous
            if found is not None:
                fields["channel_id"] = found
                return fields
        return fields

    async def _named(self, cycler: object, channel: object) -> str:
        """Return the channel a sidecar names, or fail saying what is missing."""
        if cycler is None or channel is None:
            missing = "cycler" if cycler is None else "channel"
            raise LabLinkError(
                f"the sidecar names a {'channel' if cycler is None else 'cycler'} "
                f'but no {missing}: give both ("cycler" and "channel")'
            )
        found = await self.channel_id(cycler, channel)
        if found is not None:
            return found
        where = (
            f"cycler {cycler!r} has no channel {channel!r}"
            if await self.cycler_known(cycler)
            else f"no cycler is named {cycler!r} at any site"
        )
        raise LabLinkError(
            f"the sidecar names cycler {cycler!r}, channel {channel!r}, but {where}: "
            "register it (client.cycler.create, client.channel.create) or fix the "
            "sidecar"
        )
