"""Cell measurements: time series (with derived steps and cycles), files, properties."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import TYPE_CHECKING, Any, Unpack

from .._inputs.filters import MeasurementFilters, check_filters, document_filters
from .._inputs.query import check_data
from .._threads import run_in_thread
from ..models import CellMeasurement, CellMeasurementDetail
from ..models.pages import PaginatedList
from ._extend import MeasurementExtend
from ._measurement_data import DataKinds, keeping, measurement_detail
from ._measurement_files import MeasurementFiles
from ._measurement_input import check_tags
from ._measurement_paths import instance_measurements_path, measurement_path
from ._measurement_tables import MeasurementTables
from ._measurement_tags import MeasurementTags
from ._measurement_uploads import MeasurementUploads
from ._processing import measurement_ids as measurement_ids_checked
from ._processing import wait_for_all

if TYPE_CHECKING:
    from .._client import AsyncIonworks

__all__ = ["AsyncCellMeasurementClient"]


class AsyncCellMeasurementClient(
    MeasurementTables,
    MeasurementUploads,
    MeasurementExtend,
    MeasurementFiles,
    MeasurementTags,
):
    """Client for cell measurements and their data.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: AsyncIonworks) -> None:
        super().__init__(client)
        # Load anyio's thread support now, in the caller's thread, rather
        # than on the event loop at the first upload.
        run_in_thread()

    @document_filters(MeasurementFilters)
    async def list(
        self,
        cell_instance_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        **filters: Unpack[MeasurementFilters],
    ) -> PaginatedList[CellMeasurement]:
        """List the measurements of a cell instance: every match, or one page.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
        **filters

        Returns
        -------
        PaginatedList[CellMeasurement]
            A list of the measurements, with ``total``.
        """
        check_filters(filters, MeasurementFilters, "list")
        return await self._list(
            instance_measurements_path(cell_instance_id),
            CellMeasurement,
            limit,
            offset,
            {**filters, "measurement_type": measurement_type},
        )

    @document_filters(MeasurementFilters)
    async def iter_all(
        self,
        cell_instance_id: str,
        measurement_type: str | None = None,
        **filters: Unpack[MeasurementFilters],
    ) -> AsyncIterator[CellMeasurement]:
        """Iterate over every measurement of an instance, page by page.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
        **filters

        Yields
        ------
        CellMeasurement
            Each matching measurement.
        """
        check_filters(filters, MeasurementFilters, "iter_all")
        async for measurement in self._iterate(
            instance_measurements_path(cell_instance_id),
            CellMeasurement,
            {**filters, "measurement_type": measurement_type},
        ):
            yield measurement

    async def get(self, measurement_id: str) -> CellMeasurement:
        """Get a measurement's metadata by ID.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        CellMeasurement
            The measurement.
        """
        return await self._get_measurement(measurement_id)

    async def update(
        self, measurement_id: str, data: dict[str, Any]
    ) -> CellMeasurement:
        """Update fields of a measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        data : dict[str, Any]
            The fields to change (``"tags"`` replaces the set).

        Returns
        -------
        CellMeasurement
            The updated measurement.
        """
        path = measurement_path(measurement_id)
        body = check_data(data)
        if body.get("tags") is not None:
            body["tags"] = check_tags(body["tags"])
        return await self._request_record("PATCH", path, CellMeasurement, body)

    async def delete(self, measurement_id: str) -> None:
        """Delete a measurement and its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        await self._delete(measurement_path(measurement_id))

    async def detail(
        self,
        measurement_id: str,
        include_steps: bool = True,
        include_cycles: bool = True,
        include_time_series: bool = True,
        *,
        include_files: bool | None = None,
        cache: bool = True,
    ) -> CellMeasurementDetail:
        """Get a measurement with its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        include_steps : bool, optional
            Whether to fetch the steps table. Defaults to True.
        include_cycles : bool, optional
            Whether to fetch the cycles table. Defaults to True.
        include_time_series : bool, optional
            Whether to fetch the time series. Defaults to True.
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
        CellMeasurementDetail
            The metadata and the requested tables (fetched concurrently).
        """
        kinds = DataKinds.chosen(
            include_steps, include_cycles, include_time_series, include_files, cache
        )
        measurement = await self.get(measurement_id)
        with keeping(self, kinds) as fresh:
            return await measurement_detail(self, measurement, kinds, fresh)

    async def wait_for_processing(
        self, measurement_ids: str | Iterable[str], timeout: float = 600.0
    ) -> dict[str, CellMeasurement]:
        """Wait until the server has processed one upload, or many.

        The measurements are polled concurrently under one deadline, so a batch
        takes about as long as its slowest member. Every failure is collected
        before the one error is raised.

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurement, or measurements, to wait for.
        timeout : float, optional
            Seconds to wait for all of them. Defaults to 600. A timeout stops
            the waiting, not the processing.

        Returns
        -------
        dict of str to CellMeasurement
            Each measurement as last read (``processing_status == "ready"``),
            by id, in the order given.

        Raises
        ------
        MeasurementProcessingError
            When any failed or did not finish in time; ``failures`` maps each
            such id to its reason.
        """
        ids = measurement_ids_checked(measurement_ids)
        return await wait_for_all(self, ids, timeout)
