"""Cell measurements: time series (with derived steps and cycles), files, properties."""

from __future__ import annotations

import asyncio
import builtins
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._query import DateLike, check_data, check_flag, query_params, segment
from .._tasks import gather_or_cancel
from ..errors import MeasurementProcessingError, NotFoundError, ResponseValidationError
from ..ingest import BatchResult, ItemSource, Progress
from ..models import CellMeasurement, CellMeasurementDetail, PaginatedList
from ..tables import Table, TableSource, as_table
from ._base import PAGE_SIZE, IfExists, ResourceClient

if TYPE_CHECKING:
    from .._client import AsyncIonworks

__all__ = ["AsyncCellMeasurementClient", "DataKinds"]

POLL_FIRST = 0.1
"""Seconds before the first processing poll; it grows 1.5x up to POLL_MAX."""
POLL_MAX = 2.0


@attrs.frozen
class DataKinds:
    """Which kinds of data a ``detail()`` call fetches for each measurement."""

    steps: bool
    cycles: bool
    time_series: bool


def _run_in_thread() -> Callable[..., Awaitable[Any]]:
    """Return ``anyio.to_thread.run_sync``, imported on first need (it is slow)."""
    import anyio.to_thread

    return anyio.to_thread.run_sync


def _parquet_bytes(source: TableSource) -> bytes:
    return as_table(source).to_parquet()


def _upload_urls(payload: Any, path: str) -> tuple[str, dict[str, str]]:
    """Read ``{"measurement_id", "uploads": [{"filename", "signed_url"}]}``."""
    uploads = payload.get("uploads") if isinstance(payload, Mapping) else None
    measurement_id = (
        payload.get("measurement_id") if isinstance(payload, Mapping) else None
    )
    urls: dict[str, str] = {}
    for upload in uploads if isinstance(uploads, list) else []:
        if isinstance(upload, Mapping):
            filename, url = upload.get("filename"), upload.get("signed_url")
            if isinstance(filename, str) and isinstance(url, str):
                urls[filename] = url
    if not isinstance(measurement_id, str) or "time_series.parquet" not in urls:
        raise ResponseValidationError(
            f"The Ionworks API answered POST {path} without a measurement_id and "
            "a signed URL for time_series.parquet.",
            method="POST",
            path=path,
        )
    return measurement_id, urls


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
        _run_in_thread()

    async def list(
        self,
        cell_instance_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        started_after: DateLike | None = None,
        started_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[CellMeasurement]:
        """List the measurements of a cell instance, one page at a time.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        limit : int, optional
            Page size, 1 to 100 (the API's default is 100).
        offset : int, optional
            Records to skip.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
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
        started_after, started_before : datetime, date or str, optional
            Bounds on the measurement's start time (exclusive).
        order_by : str, optional
            ``"name"``, ``"created_at"``, ``"updated_at"`` or ``"start_time"``.
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[CellMeasurement]
            The page, with ``count`` and ``total``.
        """
        instance = segment(cell_instance_id, "cell_instance_id")
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
            started_after=started_after,
            started_before=started_before,
            order_by=order_by,
            order=order,
            equals={"measurement_type": measurement_type},
        )
        path = f"/cell_instances/{instance}/cell_measurements"
        return await self._request_page(path, params, CellMeasurement)

    async def iter_all(
        self,
        cell_instance_id: str,
        measurement_type: str | None = None,
        *,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: DateLike | None = None,
        created_before: DateLike | None = None,
        updated_after: DateLike | None = None,
        updated_before: DateLike | None = None,
        started_after: DateLike | None = None,
        started_before: DateLike | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> AsyncIterator[CellMeasurement]:
        """Iterate over every measurement of an instance, page by page.

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        **filters
            The filters of :meth:`list` (all its arguments but ``limit`` and
            ``offset``), with the same meaning.

        Yields
        ------
        CellMeasurement
            Each matching measurement.
        """

        async def fetch_page(offset: int) -> PaginatedList[CellMeasurement]:
            return await self.list(
                cell_instance_id,
                PAGE_SIZE,
                offset,
                measurement_type,
                name=name,
                name_exact=name_exact,
                created_by_email=created_by_email,
                created_after=created_after,
                created_before=created_before,
                updated_after=updated_after,
                updated_before=updated_before,
                started_after=started_after,
                started_before=started_before,
                order_by=order_by,
                order=order,
            )

        async for measurement in self._iterate_pages(fetch_page):
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

        Returns
        -------
        CellMeasurementDetail
            The metadata and the requested tables (fetched concurrently).
        """
        kinds = DataKinds(
            steps=check_flag(include_steps, "include_steps"),
            cycles=check_flag(include_cycles, "include_cycles"),
            time_series=check_flag(include_time_series, "include_time_series"),
        )
        measurement = await self.get(measurement_id)
        return await self._measurement_detail(measurement, kinds)

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
        columns = payload.get("cycles") if isinstance(payload, Mapping) else None
        try:
            return Table.from_columns(columns)  # type: ignore[arg-type]
        except ValueError as error:
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} without a columnar "
                f"'cycles' object: {error}.",
                method="GET",
                path=path,
            ) from None

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
        instance = segment(cell_instance_id, "cell_instance_id")
        body = check_data(data)
        check_flag(wait_for_processing, "wait_for_processing")
        # Encoding parquet is CPU work: keep it off the event loop.
        time_series_bytes = await _run_in_thread()(_parquet_bytes, time_series)
        steps_bytes = (
            None if steps is None else await _run_in_thread()(_parquet_bytes, steps)
        )
        initiate = f"/cell_instances/{instance}/cell_measurements/initiate-upload"
        payload = await self._http.request_json(
            "POST", initiate, body={"measurement": body}
        )
        measurement_id, urls = _upload_urls(payload, initiate)
        uploads = [
            self._http.put_signed(urls["time_series.parquet"], time_series_bytes)
        ]
        if steps_bytes is not None and "steps.parquet" in urls:
            uploads.append(self._http.put_signed(urls["steps.parquet"], steps_bytes))
        await gather_or_cancel(uploads)
        confirm = f"/cell_measurements/{segment(measurement_id, 'measurement_id')}"
        measurement = await self._request_record(
            "POST",
            f"{confirm}/confirm-upload",
            CellMeasurement,
            {
                "cell_instance_id": cell_instance_id,
                "measurement": body,
                "measurement_type": "time_series",
            },
        )
        if wait_for_processing:
            measurement = await self._wait_until_processed(
                measurement, processing_timeout
            )
        return measurement

    async def create_properties(
        self, cell_instance_id: str, data: dict[str, Any]
    ) -> CellMeasurement:
        """Create a properties measurement (values, no time series).

        Parameters
        ----------
        cell_instance_id : str
            The cell instance ID.
        data : dict[str, Any]
            ``name`` and ``properties`` (and any other metadata).

        Returns
        -------
        CellMeasurement
            The new measurement.
        """
        instance = segment(cell_instance_id, "cell_instance_id")
        body = {**check_data(data), "measurement_type": "properties"}
        path = f"/cell_instances/{instance}/cell_measurements/create"
        return await self._request_record("POST", path, CellMeasurement, body)

    async def create_or_get(
        self,
        cell_instance_id: str,
        data: dict[str, Any],
        time_series: TableSource | None = None,
        steps: TableSource | None = None,
        *,
        wait_for_processing: bool = True,
        processing_timeout: float = 600.0,
    ) -> CellMeasurement:
        """Create a measurement, or get the existing one of that name.

        With ``time_series`` this is :meth:`create`, without it
        :meth:`create_properties`. A name conflict resolves to the existing
        measurement (and, when waiting, waits for its processing too), so a
        re-run job uploads nothing twice.

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

        Returns
        -------
        CellMeasurement
            The new or existing measurement.

        Raises
        ------
        ValueError
            When the API reports a conflict but the existing record is not found.
        """
        segment(cell_instance_id, "cell_instance_id")
        record, _ = await self._create_or_get_reporting(
            cell_instance_id,
            check_data(data),
            time_series,
            steps,
            wait_for_processing,
            processing_timeout,
        )
        return record

    def _creating(
        self,
        cell_instance_id: str,
        body: dict[str, Any],
        time_series: TableSource | None,
        steps: TableSource | None,
        wait_for_processing: bool,
        processing_timeout: float,
    ) -> Awaitable[CellMeasurement]:
        """Return the create to run: an upload, or a properties measurement."""
        if time_series is None:
            return self.create_properties(cell_instance_id, body)
        return self.create(
            cell_instance_id,
            body,
            time_series,
            steps,
            wait_for_processing=wait_for_processing,
            processing_timeout=processing_timeout,
        )

    async def _create_or_get_reporting(
        self,
        cell_instance_id: str,
        body: dict[str, Any],
        time_series: TableSource | None,
        steps: TableSource | None,
        wait_for_processing: bool,
        processing_timeout: float,
    ) -> tuple[CellMeasurement, bool]:
        creating = self._creating(
            cell_instance_id,
            body,
            time_series,
            steps,
            wait_for_processing,
            processing_timeout,
        )
        measurement, created = await self._create_or_get(
            creating,
            name=body.get("name"),
            legacy_key="existing_cell_measurement_id",
            get=self.get,
            find_by_name=lambda name: self.iter_all(cell_instance_id, name_exact=name),
        )
        if wait_for_processing and measurement.processing_status in (
            "pending",
            "running",
        ):
            measurement = await self._wait_until_processed(
                measurement, processing_timeout
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
            name, uploading nothing; ``"error"`` fails the item.
        concurrency : int, optional
            Items in flight at once (default: the client's ``max_concurrency``).
        progress : bool or callable, optional
            ``True`` for a progress bar; a callable gets
            ``(done, total_or_None, failed)``.
        stop_on_error : bool, optional
            Cancel the remaining items at the first failure.
        wait_for_processing : bool, optional
            Wait until each upload is processed (a processing failure then
            fails its item). Defaults to True.
        processing_timeout : float, optional
            Seconds to wait for each measurement's processing. Defaults to 600.

        Returns
        -------
        BatchResult[CellMeasurement]
            Records in input order, failures with their errors, counts and rate.
        """
        segment(cell_instance_id, "cell_instance_id")

        def split(item: dict[str, Any]) -> tuple[dict[str, Any], Any, Any]:
            """Return (metadata, time series, steps) of a bulk item."""
            data = {k: v for k, v in item.items() if k not in ("time_series", "steps")}
            return data, item.get("time_series"), item.get("steps")

        async def create(item: dict[str, Any]) -> CellMeasurement:
            return await self._creating(
                cell_instance_id, *split(item), wait_for_processing, processing_timeout
            )

        async def create_or_get(item: dict[str, Any]) -> tuple[CellMeasurement, bool]:
            return await self._create_or_get_reporting(
                cell_instance_id, *split(item), wait_for_processing, processing_timeout
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

    # -- composition -------------------------------------------------------

    async def _details_of_instance(
        self, cell_instance_id: str, kinds: DataKinds
    ) -> builtins.list[CellMeasurementDetail]:
        """Every measurement of an instance with its data, in list order.

        The first page says how many there are; the later pages are then
        fetched all at once, and each page's data fetches start as soon as
        that page arrives. A legacy route without ``total`` is walked page by
        page, still overlapping each page's data with the next page.
        """
        first = await self.list(cell_instance_id, PAGE_SIZE, 0)

        async def page_details(
            page: PaginatedList[CellMeasurement],
        ) -> builtins.list[CellMeasurementDetail]:
            return await gather_or_cancel(
                self._measurement_detail(measurement, kinds) for measurement in page
            )

        async def fetched_page_details(
            offset: int,
        ) -> builtins.list[CellMeasurementDetail]:
            return await page_details(
                await self.list(cell_instance_id, PAGE_SIZE, offset)
            )

        async def chained_details(
            page: PaginatedList[CellMeasurement], offset: int
        ) -> builtins.list[CellMeasurementDetail]:
            branches = [page_details(page)]
            if page and len(page) >= len(first):
                next_page = self.list(cell_instance_id, PAGE_SIZE, offset + len(page))
                branches.append(chained_from(next_page, offset + len(page)))
            return [
                detail for group in await gather_or_cancel(branches) for detail in group
            ]

        async def chained_from(
            page: Awaitable[PaginatedList[CellMeasurement]], offset: int
        ) -> builtins.list[CellMeasurementDetail]:
            return await chained_details(await page, offset)

        stride = len(first)
        if first.total is None:
            return await chained_details(first, 0) if stride else []
        later = range(stride, first.total, stride) if stride else range(0)
        groups = await gather_or_cancel(
            [page_details(first), *(fetched_page_details(offset) for offset in later)]
        )
        return [detail for group in groups for detail in group]

    async def _measurement_detail(
        self, measurement: CellMeasurement, kinds: DataKinds
    ) -> CellMeasurementDetail:
        """Fetch one measurement's data concurrently, reusing its metadata."""
        if measurement.measurement_type == "properties":
            return CellMeasurementDetail(measurement=measurement)
        if measurement.measurement_type == "file":
            return CellMeasurementDetail(
                measurement=measurement, files=await self._files(measurement)
            )
        fetches: dict[str, Awaitable[Table | None]] = {}
        if kinds.steps:
            fetches["steps"] = self._missing_as_none(self.steps(measurement.id))
        if kinds.cycles:
            fetches["cycles"] = self._missing_as_none(self.cycles(measurement.id))
        if kinds.time_series:
            fetches["time_series"] = self.time_series(measurement.id)
        tables = dict(
            zip(fetches, await gather_or_cancel(fetches.values()), strict=True)
        )
        return CellMeasurementDetail(
            measurement=measurement,
            steps=tables.get("steps"),
            cycles=tables.get("cycles"),
            time_series=tables.get("time_series"),
        )

    @staticmethod
    async def _missing_as_none(fetch: Awaitable[Table]) -> Table | None:
        # Legacy measurements have no steps file (and so no cycles): None.
        try:
            return await fetch
        except NotFoundError:
            return None

    async def _files(self, measurement: CellMeasurement) -> dict[str, bytes]:
        """Fetch the files a ``file`` measurement lists as ``files``."""
        listed = measurement.extra.get("files")
        entries = [
            (entry["filename"], entry["signed_url"])
            for entry in (listed if isinstance(listed, list) else [])
            if isinstance(entry, Mapping)
            and isinstance(entry.get("filename"), str)
            and isinstance(entry.get("signed_url"), str)
        ]
        contents = await gather_or_cancel(
            self._http.get_signed(url) for _, url in entries
        )
        return {
            name: content for (name, _), content in zip(entries, contents, strict=True)
        }

    async def _wait_until_processed(
        self, measurement: CellMeasurement, timeout: float
    ) -> CellMeasurement:
        """Poll until processing is ``ready``; raise on ``failed`` or timeout."""
        deadline = time.monotonic() + timeout
        delay = POLL_FIRST
        while True:
            status = measurement.processing_status
            if status == "failed":
                reason = measurement.processing_error or "no reason given"
                raise MeasurementProcessingError(
                    f"Processing of measurement {measurement.name!r} "
                    f"({measurement.id}) failed: {reason}",
                    {measurement.id: reason},
                )
            if status not in ("pending", "running"):
                return measurement
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise MeasurementProcessingError(
                    f"Processing of measurement {measurement.name!r} "
                    f"({measurement.id}) did not finish within {timeout:g} s "
                    f"(last status: {status}).",
                    {measurement.id: f"timed out after {timeout:g} s ({status})"},
                )
            await asyncio.sleep(min(delay, remaining))
            delay = min(delay * 1.5, POLL_MAX)
            measurement = await self.get(measurement.id)
