"""A measurement's record: list, iterate, get, update, delete.

A part of :class:`~.client.AsyncCellMeasurementClient`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any, Unpack

from ..._arguments.filters import MeasurementFilters, check_filters, document_filters
from ..._arguments.query import check_data, segment
from ...models import CellMeasurement
from ...models.pages import PaginatedList
from .._base import ResourceClient
from .._paths import instance_measurements_path, measurement_path
from .inputs import check_tags

__all__ = ["MeasurementRecords"]


class MeasurementRecords(ResourceClient):
    """The records of cell measurements (a part of the measurement client)."""

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
        return await self._api.list(
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
        async for measurement in self._api.iterate(
            instance_measurements_path(cell_instance_id),
            CellMeasurement,
            {**filters, "measurement_type": measurement_type},
        ):
            yield measurement

    async def list_by_project(
        self,
        project_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        q: str | None = None,
        tags_all: str | Sequence[str] | None = None,
        tags_any: str | Sequence[str] | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[CellMeasurement]:
        """List every measurement of a project, across all its cells.

        Parameters
        ----------
        project_id : str
            The project.
        limit : int, optional
            Page size, 1 to 100. With ``limit`` or ``offset``, one page.
        offset : int, optional
            Records to skip. With neither, every page is fetched.
        measurement_type : str, optional
            ``"time_series"``, ``"file"`` or ``"properties"``.
        q : str, optional
            Text the name holds (case-insensitive).
        tags_all, tags_any : str or list of str, optional
            Tags every match holds all of, or one of.
        order_by : str, optional
            ``"name"``, ``"created_at"``, ``"updated_at"`` or ``"start_time"``.
        order : str, optional
            ``"asc"`` or ``"desc"``.

        Returns
        -------
        PaginatedList[CellMeasurement]
            The measurements, with ``total``.
        """
        filters = {
            "project_id": segment(project_id, "project_id"),
            "measurement_type": measurement_type,
            "q": q,
            "tags_all": tags_all,
            "tags_any": tags_any,
            "order_by": order_by,
            "order": order,
        }
        return await self._api.list(
            "/cell_measurements", CellMeasurement, limit, offset, filters
        )

    async def watch(self, measurement_id: str) -> None:
        """Start watching a measurement (per user; watching twice is once).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        path = measurement_path(measurement_id, "/watch")
        await self._api.transport.request_json("POST", path, body={}, retry_safe=True)

    async def unwatch(self, measurement_id: str) -> None:
        """Stop watching a measurement (not watching already is no error).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        await self._api.delete(measurement_path(measurement_id, "/watch"))

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
        path = measurement_path(measurement_id)
        return await self._api.record("GET", path, CellMeasurement)

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
        return await self._api.record("PATCH", path, CellMeasurement, body)

    async def delete(self, measurement_id: str) -> None:
        """Delete a measurement and its data.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        """
        await self._api.delete(measurement_path(measurement_id))
