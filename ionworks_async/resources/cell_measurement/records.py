"""A measurement's record: list, iterate, get, update, delete; watching.

A part of :class:`~.client.AsyncCellMeasurementClient`. The plain methods
are declared (:class:`~.._generated.PlainMeasurementRecords`); a measurement's
tags are checked before an update.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..._arguments.query import check_data, segment
from ...models import CellMeasurement
from ...models.pages import PaginatedList
from .._generated import PlainMeasurementRecords
from .._paths import measurement_path
from .arguments import check_tags

__all__ = ["MeasurementRecords"]


class MeasurementRecords(PlainMeasurementRecords):
    """The records of cell measurements (a part of the measurement client)."""

    async def _update_body(self, record_id: str, data: object) -> dict[str, Any]:
        """Check the tags of an update (``"tags"`` replaces the set)."""
        body = check_data(data)
        if body.get("tags") is not None:
            body["tags"] = check_tags(body["tags"])
        return body

    async def list_by_project(
        self,
        project_id: str,
        limit: int | None = None,
        offset: int | None = None,
        measurement_type: str | None = None,
        *,
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
