"""Cell instances: individual physical cells, each under a cell specification."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .._query import DateLike, check_data, query_params, segment
from .._tasks import gather_pair
from ..ingest import BatchResult, ItemSource, Progress
from ..models import CellInstance, CellInstanceDetail, PaginatedList
from ._base import PAGE_SIZE, IfExists, ResourceClient
from ._measurement_data import DataKinds, details_of_instance

__all__ = ["AsyncCellInstanceClient"]


class AsyncCellInstanceClient(ResourceClient):
    """Client for managing cell instances.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def get(self, cell_instance_id: str) -> CellInstance:
        """Get a specific cell instance by ID.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.

        Returns
        -------
        CellInstance
            The cell instance.
        """
        path = f"/cell_instances/{segment(cell_instance_id, 'cell_instance_id')}"
        return await self._request_record("GET", path, CellInstance)

    async def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[CellInstance]:
        """List the cell instances of a specification, one page at a time.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the cell specification.
        limit : int, optional
            Page size, 1 to 100 (the API's default is 100).
        offset : int, optional
            Records to skip.
        name : str, optional
            Case-insensitive substring of the name.
        name_exact : str, optional
            The exact name; wins over ``name``.
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
        PaginatedList[CellInstance]
            The instances of this page, with ``count`` and ``total``; use
            :meth:`iter_all` to walk every page.
        """
        spec = segment(cell_spec_id, "cell_spec_id")
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
        )
        path = f"/cell_specifications/{spec}/cell_instances"
        return await self._request_page(path, params, CellInstance)

    async def iter_all(
        self,
        cell_spec_id: str,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> AsyncIterator[CellInstance]:
        """Iterate over every instance of a specification, page by page.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the cell specification.
        **filters
            The filters of :meth:`list` (all its arguments but ``limit`` and
            ``offset``), with the same meaning.

        Yields
        ------
        CellInstance
            Each matching instance.
        """

        async def fetch_page(offset: int) -> PaginatedList[CellInstance]:
            return await self.list(
                cell_spec_id,
                PAGE_SIZE,
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

        async for instance in self._iterate_pages(fetch_page):
            yield instance

    async def update(self, cell_instance_id: str, data: dict[str, Any]) -> CellInstance:
        """Update an existing cell instance.

        Parameters
        ----------
        cell_instance_id : str
            The ID of the cell instance to update.
        data : dict[str, Any]
            Dictionary containing the fields to update.

        Returns
        -------
        CellInstance
            The updated cell instance.
        """
        path = f"/cell_instances/{segment(cell_instance_id, 'cell_instance_id')}"
        return await self._request_record("PATCH", path, CellInstance, check_data(data))

    async def delete(self, cell_instance_id: str) -> None:
        """Delete a cell instance by ID (its measurements are deleted too).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        """
        await self._delete(
            f"/cell_instances/{segment(cell_instance_id, 'cell_instance_id')}"
        )

    async def detail(
        self,
        cell_instance_id: str,
        include_steps: bool = True,
        include_cycles: bool = True,
        include_time_series: bool = True,
        *,
        include_files: bool | None = None,
    ) -> CellInstanceDetail:
        """Get full details for a cell instance.

        Composes flat API endpoints in parallel to build the complete detail
        view, in the fewest dependent round trips: the instance and every page
        of its measurements at once, then every measurement's data at once
        (each page's data starts as soon as that page arrives). Measurement
        metadata from the list is reused, never fetched again. If any request
        fails, the others are cancelled before the error is raised.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        include_steps : bool, optional
            Whether to fetch step data for each measurement. Defaults to True.
        include_cycles : bool, optional
            Whether to fetch cycle metrics for each measurement. Defaults to True.
        include_time_series : bool, optional
            Whether to fetch time series for each measurement. Defaults to True.
        include_files : bool, optional
            Whether to download the files of ``file`` measurements. By default
            they are downloaded when any other kind of data is included, so
            ``include_steps=False, include_cycles=False,
            include_time_series=False`` fetches metadata only.

        Returns
        -------
        CellInstanceDetail
            Instance metadata, specification foreign key, and a list of
            measurement details (in the API's list order).
        """
        kinds = DataKinds.chosen(
            include_steps, include_cycles, include_time_series, include_files
        )
        segment(cell_instance_id, "cell_instance_id")
        instance, measurements = await gather_pair(
            self.get(cell_instance_id),
            details_of_instance(self._client.cell_measurement, cell_instance_id, kinds),
        )
        return CellInstanceDetail(
            instance=instance,
            specification_id=instance.cell_specification_id,
            measurements=measurements,
        )

    async def create(self, cell_spec_id: str, data: dict[str, Any]) -> CellInstance:
        """Create a new cell instance under a specification.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        data : dict[str, Any]
            Dictionary containing the cell instance data (``name`` is required).

        Returns
        -------
        CellInstance
            The newly created cell instance.
        """
        segment(cell_spec_id, "cell_spec_id")
        return await self._post(cell_spec_id, check_data(data), retry_safe=False)

    async def _post(
        self, cell_spec_id: str, body: dict[str, Any], *, retry_safe: bool
    ) -> CellInstance:
        spec = segment(cell_spec_id, "cell_spec_id")
        path = f"/cell_specifications/{spec}/cell_instances"
        return await self._request_record(
            "POST", path, CellInstance, body, retry_safe=retry_safe
        )

    async def create_or_get(
        self, cell_spec_id: str, data: dict[str, Any]
    ) -> CellInstance:
        """Create a new cell instance or get existing.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        data : dict[str, Any]
            Dictionary containing the cell instance data.

        Returns
        -------
        CellInstance
            The cell instance (newly created or existing).

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing record is not found.
        """
        segment(cell_spec_id, "cell_spec_id")
        record, _ = await self._create_or_get_reporting(cell_spec_id, check_data(data))
        return record

    async def _create_or_get_reporting(
        self, cell_spec_id: str, body: dict[str, Any]
    ) -> tuple[CellInstance, bool]:
        return await self._create_or_get(
            self._post(cell_spec_id, body, retry_safe=True),
            name=body.get("name"),
            legacy_key="existing_cell_instance_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(cell_spec_id, name_exact=name),
        )

    async def create_many(
        self,
        cell_spec_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
    ) -> BatchResult[CellInstance]:
        """Create many cell instances under one specification, concurrently.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        items : iterable or async iterable of dict
            The instances' fields, as :meth:`create` takes them; consumed
            lazily, so a generator of any length keeps memory flat.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns an instance that already has the
            name, so re-running a job creates nothing twice; ``"error"`` fails
            the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.

        Returns
        -------
        BatchResult[CellInstance]
            Records in input order, failures with their errors, counts and rate.
        """
        segment(cell_spec_id, "cell_spec_id")
        return await self._bulk(
            items,
            create=lambda body: self.create(cell_spec_id, body),
            create_or_get=lambda body: self._create_or_get_reporting(
                cell_spec_id, body
            ),
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
        )
