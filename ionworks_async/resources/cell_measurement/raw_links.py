"""A measurement's raw data: the original files it was made from.

Part of :class:`~.client.AsyncCellMeasurementClient`; the records themselves
are ``client.raw_data``'s.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..._arguments.query import segment
from ...models import RawData
from ...models.pages import PaginatedList
from .._base import ResourceClient
from .._paths import measurement_path

__all__ = ["MeasurementRawData"]


class MeasurementRawData(ResourceClient):
    """Links between measurements and raw data (a part of the measurement client)."""

    async def attach_raw_data(
        self, cell_measurement_id: str, raw_data_ids: Iterable[str]
    ) -> None:
        """Link raw-data records to a measurement (those linked stay linked).

        Parameters
        ----------
        cell_measurement_id : str
            The measurement.
        raw_data_ids : iterable of str
            The raw-data records it was made from.
        """
        if isinstance(raw_data_ids, str):
            raise TypeError("raw_data_ids must be a list of ids, not one string")
        ids = [segment(raw_id, "raw_data_ids") for raw_id in raw_data_ids]
        path = measurement_path(cell_measurement_id, "/raw_data")
        # Linking is idempotent: a re-sent request links nothing twice.
        await self._api.transport.request_json(
            "POST", path, body={"raw_data_ids": ids}, retry_safe=True
        )

    async def detach_raw_data(self, cell_measurement_id: str, raw_data_id: str) -> None:
        """Unlink one raw-data record from a measurement.

        Parameters
        ----------
        cell_measurement_id : str
            The measurement.
        raw_data_id : str
            The raw-data record.
        """
        raw = segment(raw_data_id, "raw_data_id")
        await self._api.delete(
            measurement_path(cell_measurement_id, f"/raw_data/{raw}")
        )

    async def list_raw_data(
        self,
        cell_measurement_id: str,
        limit: int | None = 100,
        offset: int | None = 0,
    ) -> PaginatedList[RawData]:
        """List the raw-data records a measurement was made from.

        Parameters
        ----------
        cell_measurement_id : str
            The measurement.
        limit : int, optional
            Page size, 1 to 100 (default 100).
        offset : int, optional
            Records to skip (default 0). ``limit=None, offset=None`` fetches
            every page.

        Returns
        -------
        PaginatedList[RawData]
            The records, with ``total``.
        """
        path = measurement_path(cell_measurement_id, "/raw_data")
        return await self._api.list(path, RawData, limit, offset, {})
