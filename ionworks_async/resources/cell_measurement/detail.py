"""How ``detail()`` fetches measurements' data: pages and data, all at once.

The instance's measurement pages and every measurement's data requests are
composed here for :meth:`AsyncCellInstanceClient.detail` and
:meth:`AsyncCellMeasurementClient.detail`; see the first for the order of the
round trips.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Iterator
from typing import TYPE_CHECKING, Any

from ..._cache.switches import get_cache_enabled
from ..._runtime.tasks import gather_or_cancel
from ...errors import NotFoundError
from ...models import (
    CellMeasurement,
    CellMeasurementDetail,
    PaginatedList,
    StepsAndCycles,
)
from .._base import ResourceContext
from .._records_api import PAGE_SIZE, WALK_ATTEMPTS, has_shifted, shifted_error
from .data_tables import DataKind, DataKinds, MeasurementData
from .files import MeasurementFiles
from .records import MeasurementRecords

if TYPE_CHECKING:
    from ..._cache import DataCache
    from ..._transport import Transport

__all__ = ["PAGES_IN_FLIGHT", "MeasurementDetails"]

PAGES_IN_FLIGHT = 16
"""How many list pages ``detail()`` asks for at once after the first."""


Kept = dict[tuple[str, DataKind], bytes]
"""Bytes read from the cache, by measurement id and route."""
_CHAINED: frozenset[DataKind] = frozenset({"steps", "time_series"})
"""Routes answered by a link to storage: a second, dependent round trip.

Their requests are sent before the others of a page (``steps_and_cycles``,
``cycles``), which end in one round trip, so the last storage fetch ends
sooner (``benchmarks/detail.py``).
"""
Fresh = list[tuple[str, bytes]]
"""Bytes fetched by one call, by cache key: to be kept once the call is done."""


class MeasurementDetails:
    """``detail()``'s fan-out: a measurement's data, or an instance's, all at once.

    Parameters
    ----------
    records : MeasurementRecords
        Lists the instance's measurement pages and gets one measurement.
    data : MeasurementData
        Fetches each kind of data as bytes and decodes them.
    files : MeasurementFiles
        Downloads the files of ``file`` measurements.
    cache : DataCache or None
        The on-disk cache of processed measurements' data, if on.
    transport : Transport, optional
        Where connections are opened ahead of the data requests (pre-connect).
    """

    def __init__(
        self,
        records: MeasurementRecords,
        data: MeasurementData,
        files: MeasurementFiles,
        cache: DataCache | None,
        transport: Transport | None = None,
    ) -> None:
        self._records = records
        self._data = data
        self._files = files
        self._cache = cache
        self._transport = transport

    @classmethod
    def of_context(cls, context: ResourceContext) -> MeasurementDetails:
        """Build the fan-out and its parts from a context (for another resource)."""
        return cls(
            MeasurementRecords(context),
            MeasurementData(context),
            MeasurementFiles(context),
            context.data_cache,
            context.transport,
        )

    async def detail(
        self,
        measurement_id: str,
        use_cache: bool = True,
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
        use_cache : bool, optional
            Whether to use the client's on-disk cache (``cache_dir``): read
            the data of processed, unchanged measurements from it, and keep
            what is fetched. ``False`` neither reads nor writes it. Defaults
            to True (the public client's second argument too).
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
            include_steps,
            include_cycles,
            include_time_series,
            include_files,
            use_cache,
            cache_name="use_cache",
        )
        measurement = await self._records.get(measurement_id)
        with self.keeping(kinds) as fresh:
            try:
                return await self.measurement_detail(measurement, kinds, fresh)
            except _Vanished as vanished:
                raise vanished.error from None

    async def of_instance(
        self, cell_instance_id: str, kinds: DataKinds
    ) -> list[CellMeasurementDetail]:
        """Every measurement of an instance with its data, in list order.

        The data fetched goes to the cache once the call is done (:func:`keeping`).
        """
        with self.keeping(kinds) as fresh:
            for _ in range(WALK_ATTEMPTS):
                try:
                    details = await self._details_of_instance(
                        cell_instance_id, kinds, fresh
                    )
                except _Vanished as vanished:
                    # A measurement listed a moment ago is gone: deleted during
                    # the walk, which is walked again. One still there lost
                    # its data: that 404 is the caller's.
                    if await self._exists(vanished.measurement_id):
                        raise vanished.error from None
                    continue
                if details is not None:
                    return details
            raise shifted_error(
                f"/cell_instances/{cell_instance_id}/cell_measurements", WALK_ATTEMPTS
            )

    async def _exists(self, measurement_id: str) -> bool:
        try:
            await self._records.get(measurement_id)
        except NotFoundError:
            return False
        return True

    async def _details_of_instance(
        self,
        cell_instance_id: str,
        kinds: DataKinds,
        fresh: Fresh,
    ) -> list[CellMeasurementDetail] | None:
        """Every measurement of an instance with its data, in list order.

        The first page says how many there are; the later pages are then
        fetched :data:`PAGES_IN_FLIGHT` at a time (a ``total`` is not trusted
        with the event loop), and each page's data fetches start as soon as
        that page arrives; the walk stops at a page shorter than the first.
        None when the list changed during the walk (``total`` moved, an id
        came twice, or fewer records came than ``total`` said): the caller
        walks again. A legacy route without ``total`` is walked page by page,
        still overlapping each page's data with the next page.
        """
        first = await self._records.list(cell_instance_id, PAGE_SIZE, 0)

        async def page_details(
            page: PaginatedList[CellMeasurement],
        ) -> list[CellMeasurementDetail]:
            kept = await self.kept_data(page, kinds)
            self._connections_for(page, kinds, kept, first=page is first)
            details = (
                self.measurement_detail(measurement, kinds, fresh, kept)
                for measurement in page
            )
            if all(_needs_no_request(m, kinds, kept) for m in page):
                # All in the cache: decoded in turn, without a task each.
                return [await detail for detail in details]
            return await gather_or_cancel(details)

        seen: set[str] = set()
        shifted = has_shifted(first, first.total, seen)

        async def fetched_page_details(
            offset: int,
        ) -> tuple[int, list[CellMeasurementDetail]]:
            nonlocal shifted
            page = await self._records.list(cell_instance_id, PAGE_SIZE, offset)
            shifted = has_shifted(page, first.total, seen) or shifted
            return len(page), await page_details(page)

        async def chained_details(
            page: PaginatedList[CellMeasurement], offset: int
        ) -> list[CellMeasurementDetail]:
            branches = [page_details(page)]
            if page and len(page) >= len(first):
                next_page = self._records.list(
                    cell_instance_id, PAGE_SIZE, offset + len(page)
                )
                branches.append(chained_from(next_page, offset + len(page)))
            return [
                detail for group in await gather_or_cancel(branches) for detail in group
            ]

        async def chained_from(
            page: Awaitable[PaginatedList[CellMeasurement]], offset: int
        ) -> list[CellMeasurementDetail]:
            return await chained_details(await page, offset)

        stride = len(first)
        if first.total is None:
            return await chained_details(first, 0) if stride else []
        total = first.total
        later = range(stride, total, stride) if stride else range(0)  # lazy

        async def first_details() -> tuple[int, list[CellMeasurementDetail]]:
            return stride, await page_details(first)

        details: list[CellMeasurementDetail] = []
        window: list[Awaitable[tuple[int, list[CellMeasurementDetail]]]]
        window = [first_details()]  # the first page's data runs with window 1
        for start in range(0, len(later) or 1, PAGES_IN_FLIGHT):
            window += map(fetched_page_details, later[start : start + PAGES_IN_FLIGHT])
            groups = await gather_or_cancel(window)
            details.extend(detail for _, group in groups for detail in group)
            if any(size != stride for size, _ in groups):
                break  # a short page: the rest would be empty
            window = []
        if shifted or len(details) != total:
            return None
        return details

    def _connections_for(
        self,
        page: list[CellMeasurement],
        kinds: DataKinds,
        kept: Kept,
        *,
        first: bool,
    ) -> None:
        """Open the storage connections a page's data will follow links to.

        The first page also tells how wide the next call's data trip is, for
        the API connections it opens while its first trip is in flight.
        """
        if self._transport is None:
            return
        routes = [
            route
            for measurement, route in kinds.table_routes(page)
            if (measurement.id, route) not in kept
        ]
        downloads = sum(route in _CHAINED for route in routes)
        if first:
            self._transport.learn("detail", len(routes), downloads)
        self._transport.preconnect_storage(downloads)

    def _cache_for(self, kinds: DataKinds) -> DataCache | None:
        """Return the client's data cache, unless the call turned it off."""
        return self._cache if kinds.cache and get_cache_enabled() else None

    @contextlib.contextmanager
    def keeping(self, kinds: DataKinds) -> Iterator[Fresh]:
        """Collect the data a ``detail()`` call fetches; keep it when the call ends.

        The entries go to the cache's writer thread once every fetch of the call
        is done (or it failed), and it writes them just after the call returns
        (``WRITE_BEHIND_SECONDS`` in :mod:`ionworks_async._cache.store`): on a
        machine whose cores are busy serving the call, writing files alongside
        slows it (``benchmarks/README.md``). They are readable from memory at once.
        """
        fresh: Fresh = []
        try:
            yield fresh
        finally:
            cache = self._cache_for(kinds)
            if cache is not None and fresh:
                cache.write_many(fresh)  # readable now, written in a moment

    async def kept_data(
        self,
        page: list[CellMeasurement],
        kinds: DataKinds,
    ) -> Kept:
        """Read the cache's current entries for a page's data, all in one go."""
        cache = self._cache_for(kinds)
        if cache is None:
            return {}
        wanted = {
            key: (measurement.id, route)
            for measurement, route in kinds.table_routes(page)
            if (key := cache.key(measurement, route)) is not None
        }
        found = await cache.read_many(list(wanted)) if wanted else {}
        return {wanted[key]: body for key, body in found.items()}

    async def measurement_detail(
        self,
        measurement: CellMeasurement,
        kinds: DataKinds,
        fresh: Fresh,
        kept: Kept | None = None,
    ) -> CellMeasurementDetail:
        """Fetch one measurement's data concurrently, reusing its metadata.

        ``kept`` holds the cache's entries already read for it (by
        :func:`kept_data`); ``None`` reads them here. What is fetched to be kept
        is added to ``fresh`` (see :func:`keeping`).
        """
        instance_id = measurement.cell_instance_id
        if measurement.measurement_type == "properties":
            return CellMeasurementDetail(
                measurement=measurement, instance_id=instance_id
            )
        if measurement.measurement_type == "file":
            if not kinds.files:
                return CellMeasurementDetail(
                    measurement=measurement, instance_id=instance_id
                )
            return CellMeasurementDetail(
                measurement=measurement,
                instance_id=instance_id,
                # not kept: detail() reads them as they are, as it always has
                files=await self._files.download_files(measurement.id, False),
            )
        if kept is None:
            kept = await self.kept_data([measurement], kinds)
        routes = kinds.tables()
        cache = self._cache_for(kinds)
        bodies_of = (self._body(kept, measurement, route) for route in routes)
        if _needs_no_request(measurement, kinds, kept):
            bodies = [await body for body in bodies_of]
        else:
            bodies = await gather_or_cancel(bodies_of)
        # one hand-off to a worker thread decodes all of them
        paired = list(zip(routes, bodies, strict=True))
        fetched = await self._data.decode_all(
            measurement.id, [(route, body) for route, (body, _) in paired]
        )
        for route, (body, new) in paired:  # fresh bytes are kept once they decode
            if cache is None or not new or body is None:
                continue
            key = cache.key(measurement, route)
            if key is not None:
                fresh.append((key, body))
        tables: dict[str, Any] = dict(zip(routes, fetched, strict=True))
        both: StepsAndCycles | None = tables.get("steps_and_cycles")
        return CellMeasurementDetail(
            measurement=measurement,
            instance_id=instance_id,
            steps=both.steps if both is not None else tables.get("steps"),
            cycles=both.cycles if both is not None else tables.get("cycles"),
            time_series=tables.get("time_series"),
        )

    async def _body(
        self, kept: Kept, measurement: CellMeasurement, route: DataKind
    ) -> tuple[bytes | None, bool]:
        """Return one route's bytes (the cache's current copy, else fetched).

        With whether they were fetched now. A measurement without steps (a
        legacy one) has none of its steps or cycles: ``None``.
        """
        body = kept.get((measurement.id, route))
        if body is not None:
            return body, False
        if route not in _CHAINED:
            # Let every time-series link of the page go out first: each is
            # followed by a storage fetch, so it is on the critical path.
            await asyncio.sleep(0)
        try:
            return await self._data.fetch_body(measurement.id, route), True
        except NotFoundError as error:
            if route == "time_series":
                raise _Vanished(measurement.id, error) from None
            return None, False


class _Vanished(Exception):
    """A listed measurement's time series answered 404 (deleted meanwhile?)."""

    def __init__(self, measurement_id: str, error: NotFoundError) -> None:
        super().__init__(measurement_id)
        self.measurement_id = measurement_id
        self.error = error


def _needs_no_request(
    measurement: CellMeasurement, kinds: DataKinds, kept: Kept
) -> bool:
    """Whether a measurement's detail is complete without any request."""
    if measurement.measurement_type == "properties":
        return True
    if measurement.measurement_type == "file":
        return not kinds.files
    return all((measurement.id, route) in kept for route in kinds.tables())
