"""Materials: a project's active materials, separators and the like."""

from __future__ import annotations

from ...models.organization import Material
from ...models.pages import PaginatedList
from .._routes import RouteResource, plain_pairs, route

__all__ = ["AsyncMaterialClient"]

MATERIALS = "/materials"


class AsyncMaterialClient(RouteResource):
    """Client for materials (the public client's ``client.material``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, material_id: str) -> Material:
        """Get a material by id.

        Parameters
        ----------
        material_id : str
            The material's id.

        Returns
        -------
        Material
            The material.
        """
        path = route(MATERIALS + "/{material_id}", material_id=material_id)
        return await self._one("GET", path, Material)

    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        project_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        manufacturer: str | None = None,
        product_id: str | None = None,
        created_at: str | None = None,
        created_at_gt: str | None = None,
        created_at_lt: str | None = None,
        updated_at: str | None = None,
        updated_at_gt: str | None = None,
        updated_at_lt: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Material]:
        """List a project's materials: one page.

        The filters are sent as given, in the API's own words (``name`` may
        be ``"ilike.%graphite%"``); ``name_exact`` is sent as ``eq.``.

        Parameters
        ----------
        limit, offset : int, optional
            The page.
        project_id : str, optional
            The project (default: the client's).
        name : str, optional
            The name filter, as the API reads it.
        name_exact : str, optional
            The whole name (not with ``name``).
        manufacturer, product_id : str, optional
            Filters, as the API reads them.
        created_at, created_at_gt, created_at_lt : str, optional
            Creation time filters (ISO 8601).
        updated_at, updated_at_gt, updated_at_lt : str, optional
            Update time filters (ISO 8601).
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Material
            The page, with ``total``.

        Raises
        ------
        ValueError
            When both ``name`` and ``name_exact`` are given, or no project is.
        """
        project = self._project(project_id)
        if name is not None and name_exact is not None:
            raise ValueError("pass either name or name_exact, not both")
        if name_exact is not None:
            name = f"eq.{name_exact}"
        params = plain_pairs(project_id=project, limit=limit, offset=offset)
        params += plain_pairs(
            name=name,
            manufacturer=manufacturer,
            product_id=product_id,
            created_at=created_at,
            created_at_gt=created_at_gt,
            created_at_lt=created_at_lt,
            updated_at=updated_at,
            updated_at_gt=updated_at_gt,
            updated_at_lt=updated_at_lt,
            order_by=order_by,
            order=order,
        )
        return await self._page(MATERIALS, Material, params)
