"""Properties measurements: measured values (a mass, a resistance), no time series.

A part of :class:`~.client.AsyncCellMeasurementClient`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..._arguments.query import DateLike, segment
from ...errors import ConflictError
from ...models import CellMeasurement
from ...types import IfExists
from .._base import HasContext, ResourceClient, ResourceContext
from .._paths import instance_measurements_path
from .._records_api import RecordsApi
from .arguments import properties_body
from .records import MeasurementRecords

__all__ = ["MeasurementProperties", "post_properties"]


async def post_properties(
    api: RecordsApi,
    cell_instance_id: str,
    data: dict[str, Any],
    *,
    retry_safe: bool,
) -> CellMeasurement:
    """Create a properties measurement from its checked fields (one POST)."""
    body = {**data, "measurement_type": "properties"}
    path = instance_measurements_path(cell_instance_id, "/create")
    return await api.record("POST", path, CellMeasurement, body, retry_safe=retry_safe)


class MeasurementProperties(ResourceClient):
    """Properties measurements (a part of the cell measurement client).

    Parameters
    ----------
    client : AsyncIonworks or ResourceContext
        Where the requests go.
    records : MeasurementRecords
        The records part, which finds a measurement of the same name.
    """

    def __init__(
        self, client: HasContext | ResourceContext, records: MeasurementRecords
    ) -> None:
        super().__init__(client)
        self._records = records

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
        if_exists: IfExists = "error",
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
            Labels to find the measurement by (at most 50, of at most 50
            characters each).
        if_exists : {"error", "get"}, optional
            With ``"get"``, a properties measurement of this name that holds
            the same values is returned (a re-run cell of a notebook); one
            with other values is still a :class:`ConflictError`. Defaults to
            ``"error"``, as the public client has it.

        Returns
        -------
        CellMeasurement
            The new measurement (``ready`` at once), or the same one.

        Raises
        ------
        ConflictError
            When the name is taken (and, with ``if_exists="get"``, by other
            values or another kind of measurement).

        Examples
        --------
        >>> mass = await client.cell_measurement.create_properties(
        ...     cell.id, "mass", {"mass_g": 46.2}, if_exists="get"
        ... )
        >>> mass.measurement_type.value, mass.properties
        ('properties', {'mass_g': 46.2})
        """
        if if_exists not in ("error", "get"):
            raise ValueError(f"if_exists must be 'error' or 'get', got {if_exists!r}")
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
        try:
            return await post_properties(
                self._api, cell_instance_id, body, retry_safe=False
            )
        except ConflictError as error:
            if if_exists != "get":
                raise
            found = await self._records.list(cell_instance_id, name_exact=body["name"])
            same = [
                record
                for record in found
                if record.measurement_type == "properties"
                and record.properties == body["properties"]
            ]
            if not same:
                raise ConflictError(
                    f"A measurement named {body['name']!r} exists with other "
                    "values (or is not a properties measurement)",
                    409,
                    method=error.method,
                    path=error.path,
                ) from error
            return same[0]
