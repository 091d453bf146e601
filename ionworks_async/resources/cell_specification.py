"""Cell specifications: the type of a cell (chemistry, format, ratings)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Unpack

from .._arguments.filters import SpecificationFilters, check_filters, document_filters
from .._arguments.query import check_data
from ..ingest._runner import BatchResult, ItemSource, Progress
from ..models import CellSpecification
from ..models.pages import PaginatedList
from ..types import IfExists
from ._base import ResourceClient
from ._paths import SPECIFICATIONS_PATH, specification_path

__all__ = ["AsyncCellSpecificationClient"]


class AsyncCellSpecificationClient(ResourceClient):
    """Client for cell specifications.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, cell_spec_id: str) -> CellSpecification:
        """Get a cell specification by id.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.

        Returns
        -------
        CellSpecification
            The specification.
        """
        path = specification_path(cell_spec_id)
        return await self._api.record("GET", path, CellSpecification)

    @document_filters(SpecificationFilters)
    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[SpecificationFilters],
    ) -> PaginatedList[CellSpecification]:
        """List cell specifications: every match, or one page.

        Parameters
        ----------
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        **filters

        Returns
        -------
        PaginatedList[CellSpecification]
            A list of the specifications, with ``total``.
        """
        scoped = self._scoped(filters, "list")
        return await self._api.list(
            SPECIFICATIONS_PATH, CellSpecification, limit, offset, scoped
        )

    @document_filters(SpecificationFilters)
    async def iter_all(
        self, **filters: Unpack[SpecificationFilters]
    ) -> AsyncIterator[CellSpecification]:
        """Iterate over every matching specification, fetching page by page.

        Parameters
        ----------
        **filters

        Yields
        ------
        CellSpecification
            Each matching specification.
        """
        scoped = self._scoped(filters, "iter_all")
        async for spec in self._api.iterate(
            SPECIFICATIONS_PATH, CellSpecification, scoped
        ):
            yield spec

    def _scoped(self, filters: Mapping[str, Any], method: str) -> dict[str, Any]:
        """Check the filters; scope an exact-name lookup to the default project."""
        check_filters(filters, SpecificationFilters, method)
        scoped = dict(filters)
        if scoped.get("name_exact") is not None and scoped.get("project_id") is None:
            scoped["project_id"] = self._context.project_id
        return scoped

    def _in_project(self, data: object) -> dict[str, Any]:
        """Check a create body; file it in the default project if it names none."""
        body = check_data(data)
        if body.get("project_id") is None and self._context.project_id is not None:
            body["project_id"] = self._context.project_id
        return body

    async def create(self, data: dict[str, Any]) -> CellSpecification:
        """Create a cell specification.

        Parameters
        ----------
        data : dict
            The specification's fields; ``name`` is required. Without a
            ``project_id`` it is filed in the client's default project, when
            one is set (else the server's default).

        Returns
        -------
        CellSpecification
            The new specification.
        """
        return await self._post(self._in_project(data), retry_safe=False)

    async def _post(
        self, body: dict[str, Any], *, retry_safe: bool
    ) -> CellSpecification:
        return await self._api.record(
            "POST",
            SPECIFICATIONS_PATH,
            CellSpecification,
            body,
            retry_safe=retry_safe,
        )

    async def create_or_get(self, data: dict[str, Any]) -> CellSpecification:
        """Create a cell specification, or get the existing one of that name.

        Names are unique within a project: the existing specification is
        looked for in the body's ``project_id``, else the client's default
        project, else (no project configured) across the organisation.

        Parameters
        ----------
        data : dict
            The specification's fields; ``name`` is required.

        Returns
        -------
        CellSpecification
            The new specification, or the one that already had this name.

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing record is not found.

        Examples
        --------
        >>> made = await client.cell_spec.create_or_get(
        ...     {"name": "LFP 18650", "form_factor": "cylindrical"}
        ... )
        >>> made.form_factor
        'cylindrical'
        >>> (await client.cell_spec.create_or_get({"name": "LFP 18650"})).id == made.id
        True
        """
        record, _ = await self._create_or_get_reporting(self._in_project(data))
        return record

    async def _create_or_get_reporting(
        self, body: dict[str, Any]
    ) -> tuple[CellSpecification, bool]:
        return await self._api.create_or_get(
            self._post(body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_specification_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(
                name_exact=name, project_id=body.get("project_id")
            ),
        )

    async def create_many(
        self,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
    ) -> BatchResult[CellSpecification]:
        """Create many cell specifications concurrently.

        Parameters
        ----------
        items : iterable or async iterable of dict
            The specifications' fields, as :meth:`create` takes them; consumed
            lazily, so a generator of any length keeps memory flat.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a record that already has the name,
            so re-running a job creates nothing twice; ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.

        Returns
        -------
        BatchResult[CellSpecification]
            Records in input order, failures with their errors, counts and rate.
        """
        return await self._api.bulk(
            items,
            create=self.create,
            create_or_get=lambda body: self._create_or_get_reporting(
                self._in_project(body)
            ),
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
        )

    async def update(
        self, cell_spec_id: str, data: dict[str, Any]
    ) -> CellSpecification:
        """Update fields of a cell specification.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        data : dict
            The fields to change.

        Returns
        -------
        CellSpecification
            The updated specification.
        """
        path = specification_path(cell_spec_id)
        return await self._api.record(
            "PATCH", path, CellSpecification, check_data(data)
        )

    async def delete(self, cell_spec_id: str) -> None:
        """Delete a cell specification, with its instances and their measurements.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        """
        await self._api.delete(specification_path(cell_spec_id))
