"""How ``detail()`` fetches measurements' data: pages and data, all at once.

The instance's measurement pages and every measurement's data requests are
composed here for :meth:`AsyncCellInstanceClient.detail` and
:meth:`AsyncCellMeasurementClient.detail`; see the first for the order of the
round trips.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .._query import check_flag
from .._tasks import gather_or_cancel
from ..errors import NotFoundError
from ..models import (
    CellMeasurement,
    CellMeasurementDetail,
    PaginatedList,
    StepsAndCycles,
)
from ._base import PAGE_SIZE

if TYPE_CHECKING:
    from .cell_measurement import AsyncCellMeasurementClient

__all__ = ["DataKinds", "details_of_instance", "measurement_detail"]

T = TypeVar("T")


@attrs.frozen
class DataKinds:
    """Which kinds of data a ``detail()`` call fetches for each measurement."""

    steps: bool
    cycles: bool
    time_series: bool
    files: bool

    @classmethod
    def chosen(
        cls,
        include_steps: object,
        include_cycles: object,
        include_time_series: object,
        include_files: object,
    ) -> DataKinds:
        """Check the ``include_*`` flags; files follow the others unless given."""
        steps = check_flag(include_steps, "include_steps")
        cycles = check_flag(include_cycles, "include_cycles")
        time_series = check_flag(include_time_series, "include_time_series")
        files = (
            steps or cycles or time_series
            if include_files is None
            else check_flag(include_files, "include_files")
        )
        return cls(steps=steps, cycles=cycles, time_series=time_series, files=files)


async def details_of_instance(
    measurements: AsyncCellMeasurementClient, cell_instance_id: str, kinds: DataKinds
) -> list[CellMeasurementDetail]:
    """Every measurement of an instance with its data, in list order.

    The first page says how many there are; the later pages are then
    fetched all at once, and each page's data fetches start as soon as
    that page arrives. A legacy route without ``total`` is walked page by
    page, still overlapping each page's data with the next page.
    """
    first = await measurements.list(cell_instance_id, PAGE_SIZE, 0)

    async def page_details(
        page: PaginatedList[CellMeasurement],
    ) -> list[CellMeasurementDetail]:
        return await gather_or_cancel(
            measurement_detail(measurements, measurement, kinds) for measurement in page
        )

    async def fetched_page_details(
        offset: int,
    ) -> list[CellMeasurementDetail]:
        return await page_details(
            await measurements.list(cell_instance_id, PAGE_SIZE, offset)
        )

    async def chained_details(
        page: PaginatedList[CellMeasurement], offset: int
    ) -> list[CellMeasurementDetail]:
        branches = [page_details(page)]
        if page and len(page) >= len(first):
            next_page = measurements.list(
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
    later = range(stride, first.total, stride) if stride else range(0)
    groups = await gather_or_cancel(
        [page_details(first), *(fetched_page_details(offset) for offset in later)]
    )
    return [detail for group in groups for detail in group]


async def measurement_detail(
    measurements: AsyncCellMeasurementClient,
    measurement: CellMeasurement,
    kinds: DataKinds,
) -> CellMeasurementDetail:
    """Fetch one measurement's data concurrently, reusing its metadata."""
    instance_id = measurement.cell_instance_id
    if measurement.measurement_type == "properties":
        return CellMeasurementDetail(measurement=measurement, instance_id=instance_id)
    if measurement.measurement_type == "file":
        if not kinds.files:
            return CellMeasurementDetail(
                measurement=measurement, instance_id=instance_id
            )
        return CellMeasurementDetail(
            measurement=measurement,
            instance_id=instance_id,
            files=await measurements.download_files(measurement.id),
        )
    fetches: dict[str, Awaitable[Any]] = {}
    if kinds.steps and kinds.cycles:
        # One request and one round trip, where the parquet path takes three
        # requests and two round trips (README, "How detail() works").
        fetches["both"] = _missing_as_none(
            measurements.steps_and_cycles(measurement.id)
        )
    elif kinds.steps:
        fetches["steps"] = _missing_as_none(measurements.steps(measurement.id))
    elif kinds.cycles:
        fetches["cycles"] = _missing_as_none(measurements.cycles(measurement.id))
    if kinds.time_series:
        fetches["time_series"] = measurements.time_series(measurement.id)
    tables = dict(zip(fetches, await gather_or_cancel(fetches.values()), strict=True))
    both: StepsAndCycles | None = tables.get("both")
    return CellMeasurementDetail(
        measurement=measurement,
        instance_id=instance_id,
        steps=both.steps if both is not None else tables.get("steps"),
        cycles=both.cycles if both is not None else tables.get("cycles"),
        time_series=tables.get("time_series"),
    )


async def _missing_as_none(fetch: Awaitable[T]) -> T | None:
    # Legacy measurements have no steps file (and so no cycles): None.
    try:
        return await fetch
    except NotFoundError:
        return None
