"""Cell instances: individual physical cells, each under a cell specification."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Unpack

import attrs

from .._arguments.filters import InstanceFilters, check_filters, document_filters
from .._arguments.query import check_data, segment
from .._runtime.tasks import gather_pair
from ..ingest._runner import BatchResult, ItemSource, Progress
from ..models import CellInstance, CellInstanceDetail
from ..models.pages import PaginatedList
from ..types import IfExists
from ._base import ResourceClient
from ._paths import instance_path, specification_instances_path
from .cell_batch import AsyncCellBatchClient, LotNames
from .cell_measurement.detail import DataKinds, MeasurementDetails

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
        path = instance_path(cell_instance_id)
        return await self._api.record("GET", path, CellInstance)

    @document_filters(InstanceFilters)
    async def list(
        self,
        cell_spec_id: str,
        limit: int | None = None,
        offset: int | None = None,
        **filters: Unpack[InstanceFilters],
    ) -> PaginatedList[CellInstance]:
        """List all cell instances for a specification (or one page of them).

        Parameters
        ----------
        cell_spec_id : str
            The ID of the cell specification.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        **filters

        Returns
        -------
        PaginatedList[CellInstance]
            A list of the cell instances, with ``total``.
        """
        check_filters(filters, InstanceFilters, "list")
        return await self._api.list(
            specification_instances_path(cell_spec_id),
            CellInstance,
            limit,
            offset,
            filters,
        )

    @document_filters(InstanceFilters)
    async def iter_all(
        self, cell_spec_id: str, **filters: Unpack[InstanceFilters]
    ) -> AsyncIterator[CellInstance]:
        """Iterate over every instance of a specification, page by page.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the cell specification.
        **filters

        Yields
        ------
        CellInstance
            Each matching instance.
        """
        check_filters(filters, InstanceFilters, "iter_all")
        async for instance in self._api.iterate(
            specification_instances_path(cell_spec_id), CellInstance, filters
        ):
            yield instance

    def _lots(self) -> LotNames:
        return LotNames(AsyncCellBatchClient(self._context))

    async def update(self, cell_instance_id: str, data: dict[str, Any]) -> CellInstance:
        """Update an existing cell instance.

        Parameters
        ----------
        cell_instance_id : str
            The ID of the cell instance to update.
        data : dict[str, Any]
            Dictionary containing the fields to update. ``"batch": "<name>"``
            moves the cell to its specification's lot of that name (created if
            needed; one more request to learn the specification, one for the
            lot); ``"batch": None`` takes it out of its lot.

        Returns
        -------
        CellInstance
            The updated cell instance.
        """
        path = instance_path(cell_instance_id)
        body = check_data(data)
        spec_id = None
        if LotNames.name_in(body) is not None:  # a lot of the cell's specification
            spec_id = (await self.get(cell_instance_id)).cell_specification_id
        body = await self._lots().translate(spec_id, body)
        return await self._api.record("PATCH", path, CellInstance, body)

    async def delete(self, cell_instance_id: str) -> None:
        """Delete a cell instance by ID (its measurements are deleted too).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        """
        await self._api.delete(instance_path(cell_instance_id))

    async def detail(
        self,
        cell_instance_id: str,
        include_steps: bool = True,
        include_cycles: bool = True,
        include_time_series: bool = True,
        *,
        include_files: bool | None = None,
        cache: bool = True,
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
        cache : bool, optional
            Whether to use the client's on-disk cache (``cache_dir``): read
            the data of processed, unchanged measurements from it, and keep
            what is fetched. ``False`` neither reads nor writes it. Defaults
            to True.

        Returns
        -------
        CellInstanceDetail
            Instance metadata, specification foreign key, and a list of
            measurement details (in the API's list order).

        Examples
        --------
        >>> detail = await client.cell_instance.detail(cell.id)
        >>> [(md.name, md.processing_status) for md in detail.measurements]
        [('C/1 discharge', 'ready')]
        >>> md = detail.measurements[0]
        >>> md.time_series.height, md.steps["Step type"].to_list()  # polars frames
        (90, ['Constant current discharge', 'Rest'])
        """
        kinds = DataKinds.chosen(
            include_steps, include_cycles, include_time_series, include_files, cache
        )
        segment(cell_instance_id, "cell_instance_id")
        # The data trip's connections open while the first trip is in flight.
        self._context.transport.preconnect("detail")
        instance, measurements = await gather_pair(
            self.get(cell_instance_id),
            MeasurementDetails.of_context(self._context).of_instance(
                cell_instance_id, kinds
            ),
        )
        spec_id = instance.cell_specification_id
        return CellInstanceDetail(
            instance=instance,
            specification_id=spec_id,
            measurements=[
                attrs.evolve(
                    detail,
                    instance_id=detail.instance_id or instance.id,
                    specification_id=spec_id,
                )
                for detail in measurements
            ],
        )

    async def create(self, cell_spec_id: str, data: dict[str, Any]) -> CellInstance:
        """Create a new cell instance under a specification.

        Parameters
        ----------
        cell_spec_id : str
            The ID of the parent cell specification.
        data : dict[str, Any]
            Dictionary containing the cell instance data (``name`` is
            required). A lot is named by ``batch_id``, or by name as
            ``"batch": "<name>"``: the specification's lot of that name is
            found or created first (one more request).

        Returns
        -------
        CellInstance
            The newly created cell instance.
        """
        segment(cell_spec_id, "cell_spec_id")
        body = await self._lots().translate(cell_spec_id, check_data(data))
        return await self._post(cell_spec_id, body, retry_safe=False)

    async def _post(
        self, cell_spec_id: str, body: dict[str, Any], *, retry_safe: bool
    ) -> CellInstance:
        return await self._api.record(
            "POST",
            specification_instances_path(cell_spec_id),
            CellInstance,
            body,
            retry_safe=retry_safe,
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
            Dictionary containing the cell instance data, as :meth:`create`
            takes it (``batch`` included).

        Returns
        -------
        CellInstance
            The cell instance (newly created or existing).

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing record is not found.

        Examples
        --------
        >>> first = await client.cell_instance.create_or_get(spec.id, {"name": "A1"})
        >>> again = await client.cell_instance.create_or_get(spec.id, {"name": "A1"})
        >>> again.id == first.id
        True
        """
        segment(cell_spec_id, "cell_spec_id")
        body = await self._lots().translate(cell_spec_id, check_data(data))
        record, _ = await self._create_or_get_reporting(cell_spec_id, body)
        return record

    async def _create_or_get_reporting(
        self, cell_spec_id: str, body: dict[str, Any]
    ) -> tuple[CellInstance, bool]:
        return await self._api.create_or_get(
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
            lazily, so a generator of any length keeps memory flat. Lots
            named by ``batch`` are looked up once per distinct name.
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

        Examples
        --------
        >>> cells = [{"name": f"B{n}"} for n in range(3)] + [{"name": ""}]
        >>> result = await client.cell_instance.create_many(spec.id, cells)
        >>> result.created, len(result.failed), result.failed[0].error.status_code
        (3, 1, 422)
        """
        segment(cell_spec_id, "cell_spec_id")
        lots = self._lots()  # one lookup per distinct lot name in the batch

        async def create(body: dict[str, Any]) -> CellInstance:
            body = await lots.translate(cell_spec_id, body)
            return await self._post(cell_spec_id, body, retry_safe=False)

        async def create_or_get(body: dict[str, Any]) -> tuple[CellInstance, bool]:
            body = await lots.translate(cell_spec_id, body)
            return await self._create_or_get_reporting(cell_spec_id, body)

        return await self._api.bulk(
            items,
            create=create,
            create_or_get=create_or_get,
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
        )
