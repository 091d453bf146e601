"""A measurement's data tables: steps, cycles and time series.

A part of :class:`~.client.AsyncCellMeasurementClient`. Each kind of
data is fetched as the bytes the API answers (a parquet file behind a signed
URL, or columnar JSON) and decoded in a second step, so that ``detail()``
can keep the bytes in the on-disk cache and decode a kept copy exactly as it
decodes a fresh one.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

from ..._transport import decode_json
from ...errors import ResponseValidationError
from ...models import StepsAndCycles
from ...tables._backends import Frame, all_in_backend, in_backend
from ...tables.table import Table
from .._base import ResourceClient
from .._paths import measurement_path
from .._requests import columnar_table

__all__ = ["DataKind", "MeasurementData"]

DataKind: TypeAlias = Literal["steps", "cycles", "steps_and_cycles", "time_series"]
"""The kinds of data a measurement's routes answer."""

_ROUTES: dict[DataKind, str] = {
    "steps": "/steps/download",
    "cycles": "/cycles",
    "steps_and_cycles": "/steps_and_cycles",
    "time_series": "/time_series/download",
}


class MeasurementData(ResourceClient):
    """Steps, cycles and time series (a part of the measurement client)."""

    async def steps(self, measurement_id: str) -> Frame:
        """Get a measurement's steps table (one row a step).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        Frame
            The steps: a :class:`Table` (decoded when first touched), or the
            client's ``dataframe_backend`` type.
        """
        return await self._fetched(measurement_id, "steps")

    async def cycles(self, measurement_id: str) -> Frame:
        """Get a measurement's cycles table (one row a cycle).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        Frame
            The cycles, with ``Coulombic efficiency`` (a :class:`Table`, or
            the client's ``dataframe_backend`` type).
        """
        return await self._fetched(measurement_id, "cycles")

    async def time_series(self, measurement_id: str) -> Frame:
        """Get a measurement's time series (one row a sample).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.

        Returns
        -------
        Frame
            The time series, a polars DataFrame by default (the client's
            ``dataframe_backend``): ``Time [s]``, ``Voltage [V]``,
            ``Current [A]`` (positive on discharge), ``Step count`` and the
            columns it was uploaded with or the server derived.

        Examples
        --------
        >>> data = await client.cell_measurement.time_series(bundle.id)
        >>> data.height, data["Time [s]"][-1]  # a polars frame, by default
        (90, 5340.0)
        >>> float(data["Current [A]"].max())  # positive: discharge
        1.0
        """
        return await self._fetched(measurement_id, "time_series")

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
        decoded: StepsAndCycles = await self._fetched(
            measurement_id, "steps_and_cycles"
        )
        return decoded

    async def _fetched(self, measurement_id: str, kind: DataKind) -> Any:
        """Fetch one kind of data and decode it (:meth:`fetch_body`, :meth:`decode`)."""
        return await self.decode(
            measurement_id, kind, await self.fetch_body(measurement_id, kind)
        )

    # -- bytes, then tables ------------------------------------------------

    async def fetch_body(self, measurement_id: str, kind: DataKind) -> bytes:
        """Fetch one kind of data as the API answers it.

        Parquet routes redirect to a signed URL; the bytes are checked to be a
        parquet file (``PAR1`` at both ends) here, before anyone keeps them.
        """
        path = measurement_path(measurement_id, _ROUTES[kind])
        if kind in ("cycles", "steps_and_cycles"):
            return await self._api.transport.get_bytes(path)
        data = await self._api.transport.download(path)
        if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
            raise ResponseValidationError(
                f"GET {path} did not return a parquet file ({len(data)} bytes).",
                method="GET",
                path=path,
            )
        return data

    async def decode(self, measurement_id: str, kind: DataKind, body: bytes) -> Any:
        """Decode what :meth:`fetch_body` fetched (or the cache kept) for a kind.

        Returns a :data:`Frame`, or :class:`StepsAndCycles` for that kind.
        """
        if kind in ("steps", "time_series"):
            return await self._frame(Table.from_parquet(body))
        path = measurement_path(measurement_id, _ROUTES[kind])
        payload = _json(body, path)
        if kind == "cycles":
            return await self._frame(columnar_table(payload, "cycles", path))
        steps, cycles = await all_in_backend(  # one trip to a worker thread
            [
                columnar_table(payload, "steps", path),
                columnar_table(payload, "cycles", path),
            ],
            self._context.frame_backend(),
        )
        return StepsAndCycles(steps=steps, cycles=cycles)

    async def _frame(self, table: Table) -> Frame:
        return await in_backend(table, self._context.frame_backend())


def _json(body: bytes, path: str) -> Any:
    try:
        return decode_json(body)
    except ValueError as error:
        raise ResponseValidationError(
            f"The Ionworks API answered GET {path} but {error}.",
            method="GET",
            path=path,
        ) from None
