"""Planned measurements: a project's future tests, requested then scheduled."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from ...models import Record
from ...models.pages import PaginatedList
from ...models.planning import (
    ASSIGNMENT_FIELDS,
    AutoScheduleAssignment,
    AutoScheduleProposal,
    PlannedMeasurement,
)
from .._routes import RouteResource, filter_pairs, plain_pairs, route

__all__ = ["AsyncPlannedMeasurementClient"]

PLANNED = "/projects/{project_id}/planned_measurements"


def _assignment(item: AutoScheduleAssignment | dict[str, Any]) -> dict[str, Any]:
    """Return an assignment as the body carries it: a record's every field."""
    if not isinstance(item, Record):
        return item
    fields = item.to_dict()
    return {name: fields.get(name) for name in ASSIGNMENT_FIELDS}


class AsyncPlannedMeasurementClient(RouteResource):
    """Client for planned measurements (``client.planned_measurement``).

    Every method takes the project last; without it the client's default
    project is used.

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def _path(self, project_id: str | None, planned_id: str | None = None) -> str:
        path = route(PLANNED, project_id=self._project(project_id))
        if planned_id is None:
            return path
        return route(
            path + "/{planned_measurement_id}", planned_measurement_id=planned_id
        )

    async def get(
        self, planned_measurement_id: str, project_id: str | None = None
    ) -> PlannedMeasurement:
        """Get a planned measurement by id.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The planned measurement.
        """
        path = self._path(project_id, planned_measurement_id)
        return await self._one("GET", path, PlannedMeasurement)

    async def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        status: str | None = None,
        channel_id: str | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[PlannedMeasurement]:
        """List a project's planned measurements: one page.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        status : str, optional
            Only those in this state (``"requested"``, ``"scheduled"``, ...).
        channel_id : str, optional
            Only those on this channel.
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of PlannedMeasurement
            The page, with ``total``.
        """
        path = self._path(project_id)
        page = filter_pairs(limit, offset)
        params = page + plain_pairs(status=status, channel_id=channel_id)
        params += filter_pairs(
            name=name, name_exact=name_exact, order_by=order_by, order=order
        )
        return await self._page(path, PlannedMeasurement, params)

    async def create(
        self, data: dict[str, Any], project_id: str | None = None
    ) -> PlannedMeasurement:
        """Request a test: create a planned measurement.

        Parameters
        ----------
        data : dict
            Its fields: ``name`` (required), ``protocol_id``,
            ``cell_instance_id``, ``estimated_duration_seconds``, ...
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The new planned measurement.
        """
        path = self._path(project_id)
        return await self._one("POST", path, PlannedMeasurement, body=data)

    async def create_or_get(
        self, data: dict[str, Any], project_id: str | None = None
    ) -> PlannedMeasurement:
        """Create a planned measurement, or get the project's one of that name.

        Parameters
        ----------
        data : dict
            Its fields, as :meth:`create` takes them.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The new one, or the one that already had the name.

        Raises
        ------
        ValueError
            When the API reports a conflict but none of the name is found.
        """
        project = self._project(project_id)
        return await self._create_or_get(
            lambda: self.create(data, project),
            data,
            lambda found: self.get(found, project),
            lambda name: self.list(project, name_exact=name),
        )

    async def update(
        self,
        planned_measurement_id: str,
        data: dict[str, Any],
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Update fields of a planned measurement.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        data : dict
            The fields to change.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The updated planned measurement.
        """
        path = self._path(project_id, planned_measurement_id)
        return await self._one("PATCH", path, PlannedMeasurement, body=data)

    async def schedule(
        self,
        planned_measurement_id: str,
        channel_id: str,
        planned_start_time: str,
        planned_end_time: str,
        project_id: str | None = None,
    ) -> PlannedMeasurement:
        """Schedule a planned measurement on a channel for a window.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        channel_id : str
            The channel to reserve.
        planned_start_time, planned_end_time : str
            The window (ISO 8601); the API refuses one that overlaps another.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The scheduled planned measurement.
        """
        body = {
            "status": "scheduled",
            "channel_id": channel_id,
            "planned_start_time": planned_start_time,
            "planned_end_time": planned_end_time,
        }
        return await self.update(planned_measurement_id, body, project_id)

    async def auto_schedule_proposal(
        self,
        planned_measurement_ids: Sequence[str],
        start_after: str | None = None,
        project_id: str | None = None,
    ) -> AutoScheduleProposal:
        """Ask for an earliest-gap schedule of requested tests (nothing is saved).

        Parameters
        ----------
        planned_measurement_ids : sequence of str
            The requested tests to place.
        start_after : str, optional
            The earliest start (ISO 8601); now by default.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        AutoScheduleProposal
            An assignment a test; apply those that are scheduled with
            :meth:`apply_auto_schedule_proposal`.
        """
        body: dict[str, Any] = {
            "planned_measurement_ids": list(planned_measurement_ids)
        }
        if start_after is not None:
            body["start_after"] = start_after
        path = self._path(project_id) + "/auto_schedule_proposal"
        return await self._one("POST", path, AutoScheduleProposal, body=body)

    async def apply_auto_schedule_proposal(
        self,
        assignments: Sequence[AutoScheduleAssignment | dict[str, Any]],
        project_id: str | None = None,
    ) -> builtins.list[PlannedMeasurement]:
        """Apply assignments of a proposal: schedule each test as proposed.

        Parameters
        ----------
        assignments : sequence of AutoScheduleAssignment or dict
            The assignments to apply (those whose ``is_scheduled`` holds).
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        list of PlannedMeasurement
            The scheduled planned measurements.
        """
        body = {"assignments": [_assignment(item) for item in assignments]}
        path = self._path(project_id) + "/apply_auto_schedule_proposal"
        return await self._records("POST", path, PlannedMeasurement, body=body)

    async def cancel(
        self, planned_measurement_id: str, project_id: str | None = None
    ) -> PlannedMeasurement:
        """Cancel a planned measurement (its reservation is released).

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        PlannedMeasurement
            The cancelled planned measurement.
        """
        body = {"status": "cancelled"}
        return await self.update(planned_measurement_id, body, project_id)

    async def delete(
        self, planned_measurement_id: str, project_id: str | None = None
    ) -> None:
        """Delete a planned measurement.

        Parameters
        ----------
        planned_measurement_id : str
            Its id.
        project_id : str, optional
            The project (default: the client's).
        """
        await self._delete(self._path(project_id, planned_measurement_id))
