"""Cell specifications: the type of a cell (chemistry, format, ratings)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .._query import DateLike, check_data, query_params, segment
from ..ingest import BatchResult, ItemSource, Progress
from ..models import CellSpecification, PaginatedList
from ._base import PAGE_SIZE, IfExists, ResourceClient

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
        path = f"/cell_specifications/{segment(cell_spec_id, 'cell_spec_id')}"
        return await self._request_record("GET", path, CellSpecification)

    async def list(
        self,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        form_factor: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[CellSpecification]:
        """List cell specifications, one page at a time.

        Parameters
        ----------
        limit : int, optional
            Page size, 1 to 100 (the API's default is 100).
        offset : int, optional
            Records to skip.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
        form_factor : str, optional
            Exact form factor, e.g. ``"R2032"`` or ``"pouch"``.
        created_by_email : str, optional
            Case-insensitive substring of the creator's email.
        created_after, created_before : datetime, date or str, optional
            Bounds on the creation time (exclusive).
        updated_after, updated_before : datetime, date or str, optional
            Bounds on the update time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"`` or ``"updated_at"``.
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[CellSpecification]
            The page, with ``count`` and ``total``.
        """
        params = query_params(
            limit=limit,
            offset=offset,
            name=name,
            name_exact=name_exact,
            created_by_email=created_by_email,
            created_after=created_after,
            created_before=created_before,
            updated_after=updated_after,
            updated_before=updated_before,
            order_by=order_by,
            order=order,
            equals={"form_factor": form_factor},
        )
        return await self._request_page(
            "/cell_specifications", params, CellSpecification
        )

    async def iter_all(
        self,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        form_factor: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> AsyncIterator[CellSpecification]:
        """Iterate over every matching specification, fetching page by page.

        Parameters
        ----------
        **filters
            The filters of :meth:`list` (all its arguments but ``limit`` and
            ``offset``), with the same meaning.

        Yields
        ------
        CellSpecification
            Each matching specification.
        """

        async def fetch_page(offset: int) -> PaginatedList[CellSpecification]:
            return await self.list(
                PAGE_SIZE,
                offset,
                name=name,
                name_exact=name_exact,
                form_factor=form_factor,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                order_by=order_by,
                order=order,
            )

        async for spec in self._iterate_pages(fetch_page):
            yield spec

    async def create(self, data: dict[str, Any]) -> CellSpecification:
        """Create a cell specification.

        Parameters
        ----------
        data : dict
            The specification's fields; ``name`` is required.

        Returns
        -------
        CellSpecification
            The new specification.
        """
        return await self._post(check_data(data), retry_safe=False)

    async def _post(
        self, body: dict[str, Any], *, retry_safe: bool
    ) -> CellSpecification:
        return await self._request_record(
            "POST",
            "/cell_specifications",
            CellSpecification,
            body,
            retry_safe=retry_safe,
        )

    async def create_or_get(self, data: dict[str, Any]) -> CellSpecification:
        """Create a cell specification, or get the existing one of that name.

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
        """
        record, _ = await self._create_or_get_reporting(check_data(data))
        return record

    async def _create_or_get_reporting(
        self, body: dict[str, Any]
    ) -> tuple[CellSpecification, bool]:
        return await self._create_or_get(
            self._post(body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_specification_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(name_exact=name),
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
        return await self._bulk(
            items,
            create=self.create,
            create_or_get=self._create_or_get_reporting,
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
        path = f"/cell_specifications/{segment(cell_spec_id, 'cell_spec_id')}"
        return await self._request_record(
            "PATCH", path, CellSpecification, check_data(data)
        )

    async def delete(self, cell_spec_id: str) -> None:
        """Delete a cell specification, with its instances and their measurements.

        Parameters
        ----------
        cell_spec_id : str
            The specification's id.
        """
        await self._delete(
            f"/cell_specifications/{segment(cell_spec_id, 'cell_spec_id')}"
        )
