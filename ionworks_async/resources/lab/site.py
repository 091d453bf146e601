"""Sites: the organisation's physical locations, which own cyclers."""

from __future__ import annotations

import asyncio
from typing import Any

from ...models.lab import CyclerDetail, Site, SiteDetail
from ...models.pages import PaginatedList
from .._routes import RouteResource, contains_pairs, filter_pairs, route
from .cycler import AsyncCyclerClient

__all__ = ["AsyncSiteClient"]

SITES = "/sites"
SITE = "/sites/{site_id}"


class AsyncSiteClient(RouteResource):
    """Client for sites (the public client's ``client.site``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, site_id: str) -> Site:
        """Get a site by id.

        Parameters
        ----------
        site_id : str
            The site's id.

        Returns
        -------
        Site
            The site.
        """
        return await self._one("GET", route(SITE, site_id=site_id), Site)

    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        location: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Site]:
        """List the organisation's sites: one page (the API's default size).

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        name : str, optional
            A part of the name (any case, literally).
        name_exact : str, optional
            The whole name; wins over ``name``.
        location : str, optional
            A part of the location (any case).
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the site was created or updated.
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"``.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Site
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
        return await self._page(SITES, Site, params + contains_pairs(location=location))

    async def detail(self, site_id: str) -> SiteDetail:
        """Get a site with every cycler and each cycler's channels.

        The site and its cyclers are fetched at once, then every cycler's
        channels at once.

        Parameters
        ----------
        site_id : str
            The site's id.

        Returns
        -------
        SiteDetail
            The site, and a :class:`CyclerDetail` a cycler.
        """
        cyclers = AsyncCyclerClient(self._context)
        site, found = await asyncio.gather(
            self.get(site_id),
            self._every(
                lambda limit, offset: cyclers.list(site_id, limit=limit, offset=offset)
            ),
        )
        details: list[CyclerDetail] = list(
            await asyncio.gather(*(cyclers.detail_from_cycler(one) for one in found))
        )
        return SiteDetail(site=site, cyclers=details)

    async def update(self, site_id: str, data: dict[str, Any]) -> Site:
        """Update fields of a site.

        Parameters
        ----------
        site_id : str
            The site's id.
        data : dict
            The fields to change.

        Returns
        -------
        Site
            The updated site.
        """
        path = route(SITE, site_id=site_id)
        return await self._one("PATCH", path, Site, body=data)

    async def delete(self, site_id: str) -> None:
        """Delete a site, with its cyclers and their channels.

        Parameters
        ----------
        site_id : str
            The site's id.
        """
        await self._delete(route(SITE, site_id=site_id))

    async def create(self, data: dict[str, Any]) -> Site:
        """Create a site.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``location``, ...

        Returns
        -------
        Site
            The new site.
        """
        return await self._one("POST", SITES, Site, body=data)

    async def create_or_get(self, data: dict[str, Any]) -> Site:
        """Create a site, or get the existing one of that name.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ...

        Returns
        -------
        Site
            The new site, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but no site of the name is found.
        """
        return await self._create_or_get(
            lambda: self.create(data),
            data,
            self.get,
            lambda name: self.list(name_exact=name),
        )
