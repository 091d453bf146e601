"""Cell measurements: time series (with derived steps and cycles), files, properties."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Unpack

from .._filters import MeasurementFilters, check_filters, document_filters
from .._query import DateLike, check_data, check_flag, segment
from .._threads import run_in_thread
from ..errors import ResponseValidationError
from ..ingest import BatchResult, ItemSource, Progress
from ..models import CellMeasurement, CellMeasurementDetail, StepsAndCycles
from ..pages import PaginatedList
from ..tables import Table, TableSource
from ._base import IfExists, ResourceClient, columnar_table, parse_record
from ._measurement_data import DataKinds, measurement_detail
from ._processing import (
    POLLING,
    refuse_failed,
    wait_for_all,
    wait_until_processed,
)
from ._processing import (
    measurement_ids as measurement_ids_checked,
)
from ._properties import properties_body
from ._uploads import TimeSeriesUpload

if TYPE_CHECKING:
    from .._client import AsyncIonworks

__all__ = ["AsyncCellMeasurementClient"]


class AsyncCellMeasurementClient(ResourceClient):
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
            self._path(cell_instance_id),
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
            self._path(cell_instance_id),
            CellMeasurement,
            {**filters, "measurement_type": measurement_type},
        ):
            yield measurement

    @staticmethod
    def _path(cell_instance_id: str) -> str:
        instance = segment(cell_instance_id, "cell_instance_id")
        return f"/cell_instances/{instance}/cell_measurements"

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
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        return await self._request_record("GET", path, CellMeasurement)

    async def update(
        self, measurement_id: str, data: dict[str, Any]
    ) -> CellMeasurement:
        """Update fields of a measurement.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        data : dict[str, Any]
            The fields to change.

        Returns
        -------
        CellMeasurement
            The updated measurement.
        """
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        return await self._request_record(
            "PATCH", path, CellMeasurement, check_data(data)
        )

    async def delete(self, measurement_id: str) -> None:
        """Delete a measurement and its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        await self._delete(
            f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        )

    async def detail(
        self,
        measurement_id: str,
        include_steps: bool = True,
        include_cycles: bool = True,
        include_time_series: bool = True,
        *,
        include_files: bool | None = None,
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

        Returns
        -------
        CellMeasurementDetail
            The metadata and the requested tables (fetched concurrently).
        """
        kinds = DataKinds.chosen(
            include_steps, include_cycles, include_time_series, include_files
        )
        measurement = await self.get(measurement_id)
        return await measurement_detail(self, measurement, kinds)

    async def steps(self, measurement_id: str) -> Table:
        """Get a measurement's steps table (one row a step).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        Table
            The steps, decoded when first touched.
        """
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        return await self._parquet_table(f"{path}/steps/download")

    async def cycles(self, measurement_id: str) -> Table:
        """Get a measurement's cycles table (one row a cycle).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        Table
            The cycles, with ``Coulombic efficiency``.
        """
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}/cycles"
        payload = await self._http.request_json("GET", path)
        return columnar_table(payload, "cycles", path)

    async def time_series(self, measurement_id: str) -> Table:
        """Get a measurement's time series (one row a sample).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        Table
            The time series, decoded when first touched.
        """
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        return await self._parquet_table(f"{path}/time_series/download")

    async def steps_and_cycles(self, measurement_id: str) -> StepsAndCycles:
        """Get a measurement's steps and cycles in one request.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        StepsAndCycles
            ``.steps`` (one row a step) and ``.cycles`` (one row a cycle).
        """
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        path += "/steps_and_cycles"
        payload = await self._http.request_json("GET", path)
        return StepsAndCycles(
            steps=columnar_table(payload, "steps", path),
            cycles=columnar_table(payload, "cycles", path),
        )

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

    async def _poll(self, measurement_id: str) -> CellMeasurement:
        path = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        payload = await self._http.request_json("GET", path, params=list(POLLING))
        return parse_record(payload, CellMeasurement, "GET", path)

    async def _parquet_table(self, path: str) -> Table:
        """Download a parquet file as a lazily decoded Table.

        Decoding waits until the data is touched, but a body that is not a
        parquet file at all (no ``PAR1`` magic at both ends) is refused now.
        """
        data = await self._http.download(path)
        if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
            raise ResponseValidationError(
                f"GET {path} did not return a parquet file ({len(data)} bytes).",
                method="GET",
                path=path,
            )
        return Table.from_parquet(data)

    async def create(
        self,
        cell_instance_id: str,
        data: dict[str, Any],
        time_series: TableSource,
        steps: TableSource | None = None,
        *,
        wait_for_processing: bool = True,
        processing_timeout: float = 600.0,
    ) -> CellMeasurement:
        """Upload a time-series measurement: initiate, upload parquet, confirm.

        The data is read and encoded before any request, so a missing file or
        unreadable data fails without touching the server.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        data : dict[str, Any]
            The measurement's metadata; ``name`` is required.
        time_series : TableSource
            The samples: a Table, pyarrow table, pandas or polars DataFrame,
            dict of columns, or a path to a ``.parquet`` or ``.csv`` file.
        steps : TableSource, optional
            A steps table, when the caller has one; else the server derives it.
        wait_for_processing : bool, optional
            Wait until the server has derived steps and cycles. Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for processing. Defaults to 600.

        Returns
        -------
        CellMeasurement
            The measurement (``processing_status == "ready"`` when waited for).

        Raises
        ------
        MeasurementProcessingError
            When processing fails or does not finish within the timeout.
        """
        segment(cell_instance_id, "cell_instance_id")
        check_flag(wait_for_processing, "wait_for_processing")
        upload = TimeSeriesUpload(
            cell_instance_id, check_data(data), time_series, steps
        )
        measurement = await upload.send(
            self, encoded=await upload.encode(), retry_safe=False
        )
        if wait_for_processing:
            measurement = await wait_until_processed(
                self, measurement, processing_timeout
            )
        return measurement

    async def create_properties(
        self,
        cell_instance_id: str,
        name: str,
        properties: dict[str, Any],
        *,
        notes: str | None = None,
        protocol: dict[str, Any] | None = None,
        start_time: DateLike | None = None,
        end_time: DateLike | None = None,
        test_setup: dict[str, Any] | None = None,
        tags: Sequence[str] | None = None,
    ) -> CellMeasurement:
        """Create a properties measurement: measured values, no time series.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        name : str
            The measurement's name, unique within the instance.
        properties : dict
            The values, e.g. ``{"mass": {"value": 3.1, "unit": "g"}}``.
        notes : str, optional
            Free text.
        protocol : dict, optional
            ``{"name": ..., "ambient_temperature_degc": ...}``.
        start_time, end_time : datetime, date or str, optional
            When the measurement was taken.
        test_setup : dict, optional
            ``{"cycler": ..., "operator": ..., "lab": ..., "channel_number": ...}``.
        tags : list of str, optional
            Labels to find the measurement by.

        Returns
        -------
        CellMeasurement
            The new measurement (``ready`` at once).
        """
        segment(cell_instance_id, "cell_instance_id")
        body = properties_body(
            name,
            properties,
            notes=notes,
            protocol=protocol,
            start_time=start_time,
            end_time=end_time,
            test_setup=test_setup,
            tags=tags,
        )
        return await self._post_properties(cell_instance_id, body, retry_safe=False)

    async def _post_properties(
        self, cell_instance_id: str, data: dict[str, Any], *, retry_safe: bool
    ) -> CellMeasurement:
        instance = segment(cell_instance_id, "cell_instance_id")
        body = {**data, "measurement_type": "properties"}
        path = f"/cell_instances/{instance}/cell_measurements/create"
        return await self._request_record(
            "POST", path, CellMeasurement, body, retry_safe=retry_safe
        )

    async def create_or_get(
        self,
        cell_instance_id: str,
        data: dict[str, Any],
        time_series: TableSource | None = None,
        steps: TableSource | None = None,
        *,
        wait_for_processing: bool = True,
        processing_timeout: float = 600.0,
        replace_failed: bool = False,
    ) -> CellMeasurement:
        """Create a measurement, or get the existing one of that name.

        With ``time_series`` this is :meth:`create`, without it
        :meth:`create_properties`. Whether the name exists is learned before
        the data is read (initiate-upload answers 409), so a re-run job reads
        and uploads nothing twice. An existing measurement still processing
        is waited for (when waiting); one whose processing failed is an error,
        unless ``replace_failed``.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        data : dict[str, Any]
            The measurement's metadata; ``name`` is required.
        time_series : TableSource, optional
            The samples, as for :meth:`create`.
        steps : TableSource, optional
            A steps table, as for :meth:`create`.
        wait_for_processing : bool, optional
            Wait until processing is done. Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for processing. Defaults to 600.
        replace_failed : bool, optional
            Delete an existing measurement of this name whose processing failed,
            and upload this one instead. Defaults to False.

        Returns
        -------
        CellMeasurement
            The new or existing measurement.

        Raises
        ------
        MeasurementProcessingError
            When the existing measurement's processing failed (and not
            ``replace_failed``), or this one's fails or times out.
        ValueError
            When the API reports a conflict but the existing record is not found.
        """
        segment(cell_instance_id, "cell_instance_id")
        check_flag(wait_for_processing, "wait_for_processing")
        check_flag(replace_failed, "replace_failed")
        record, _ = await self._create_or_get_reporting(
            cell_instance_id,
            check_data(data),
            time_series,
            steps,
            wait_for_processing,
            processing_timeout,
            replace_failed,
        )
        return record

    async def _create_or_get_reporting(
        self,
        cell_instance_id: str,
        body: dict[str, Any],
        time_series: TableSource | None,
        steps: TableSource | None,
        wait_for_processing: bool,
        processing_timeout: float,
        replace_failed: bool,
    ) -> tuple[CellMeasurement, bool]:
        for _ in range(2):  # a second round only after replacing a failed one
            if time_series is None:
                creating = self._post_properties(
                    cell_instance_id, body, retry_safe=True
                )
            else:
                upload = TimeSeriesUpload(cell_instance_id, body, time_series, steps)
                creating = upload.send(self, encoded=None, retry_safe=True)
            measurement, created = await self._create_or_get(
                creating,
                name=body.get("name"),
                legacy_key="existing_cell_measurement_id",
                get=self.get,
                find_by_name=lambda name: self.iter_all(
                    cell_instance_id, name_exact=name
                ),
            )
            if created or measurement.processing_status != "failed":
                break
            if not replace_failed:
                refuse_failed(measurement)
            await self.delete(measurement.id)
            replace_failed = False
        if wait_for_processing and measurement.processing_status in (
            "pending",
            "running",
        ):
            measurement = await wait_until_processed(
                self, measurement, processing_timeout
            )
        return measurement, created

    async def create_many(
        self,
        cell_instance_id: str,
        items: ItemSource[dict[str, Any]],
        *,
        if_exists: IfExists = "get",
        concurrency: int | None = None,
        progress: Progress = False,
        stop_on_error: bool = False,
        wait_for_processing: bool = True,
        processing_timeout: float = 600.0,
        replace_failed: bool = False,
    ) -> BatchResult[CellMeasurement]:
        """Create many measurements of one cell instance, concurrently.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        items : iterable or async iterable of dict
            Each the measurement's metadata (``name`` required) plus
            ``"time_series"`` (anything :meth:`create` takes: a table, a
            DataFrame, a dict of columns, a parquet or CSV path) and optionally
            ``"steps"``; an item without ``"time_series"`` is a properties
            measurement. Consumed lazily: only the items in flight are held.
        if_exists : {"get", "error"}, optional
            ``"get"`` (the default) returns a measurement that already has the
            name, reading and uploading nothing; ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``, in a worker thread.
        stop_on_error : bool, optional
            At the first failure, take no more items and cancel those in flight.
        wait_for_processing : bool, optional
            Wait until each upload is processed (a processing failure then
            fails its item). Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for each measurement's processing. Defaults to 600.
        replace_failed : bool, optional
            Replace existing measurements whose processing failed, instead of
            failing their items. Defaults to False.

        Returns
        -------
        BatchResult[CellMeasurement]
            Records in input order, failures with their errors, counts and rate.

        Raises
        ------
        BatchError
            When the item source raises or the server is unreachable; it
            carries the partial result.
        """
        segment(cell_instance_id, "cell_instance_id")

        def split(item: dict[str, Any]) -> tuple[dict[str, Any], Any, Any]:
            """Return (metadata, time series, steps) of a bulk item."""
            data = {k: v for k, v in item.items() if k not in ("time_series", "steps")}
            return data, item.get("time_series"), item.get("steps")

        async def create(item: dict[str, Any]) -> CellMeasurement:
            metadata, time_series, steps = split(item)
            if time_series is None:
                return await self._post_properties(
                    cell_instance_id, metadata, retry_safe=False
                )
            return await self.create(
                cell_instance_id,
                metadata,
                time_series,
                steps,
                wait_for_processing=wait_for_processing,
                processing_timeout=processing_timeout,
            )

        async def create_or_get(item: dict[str, Any]) -> tuple[CellMeasurement, bool]:
            return await self._create_or_get_reporting(
                cell_instance_id,
                *split(item),
                wait_for_processing,
                processing_timeout,
                replace_failed,
            )

        return await self._bulk(
            items,
            create=create,
            create_or_get=create_or_get,
            if_exists=if_exists,
            concurrency=concurrency,
            progress=progress,
            stop_on_error=stop_on_error,
        )
