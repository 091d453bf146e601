"""A measurement's data tables: steps, cycles and time series.

A part of :class:`~.client.AsyncCellMeasurementClient`. Each kind of
data is fetched as the bytes the API answers (a parquet file behind a signed
URL, or columnar JSON) and decoded in a second step, so that ``detail()``
can keep the bytes in the on-disk cache and decode a kept copy exactly as it
decodes a fresh one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from ..._arguments.query import check_flag
from ..._runtime.threads import cpu_limiter, run_in_thread
from ..._transport import decode_json
from ..._transport.redirects import REDIRECT_STATUSES
from ...errors import ResponseValidationError
from ...models import CellMeasurement, StepsAndCycles
from ...tables import backends
from ...tables.backends import DataFrameBackend, Frame, in_backend
from ...tables.table import Table
from .._base import ResourceClient
from .._paths import measurement_path
from .._records_api import columnar_table
from .row_window import RangeFile, check_row_range, rows_of_groups

if TYPE_CHECKING:
    from ..._cache import DataCache

__all__ = ["DataKind", "DataKinds", "MeasurementData"]

DataKind: TypeAlias = Literal["steps", "cycles", "steps_and_cycles", "time_series"]
"""The kinds of data a measurement's routes answer."""

_ROUTES: dict[DataKind, str] = {
    "steps": "/steps/download",
    "cycles": "/cycles",
    "steps_and_cycles": "/steps_and_cycles",
    "time_series": "/time_series/download",
}


@attrs.frozen
class DataKinds:
    """What a ``detail()`` call fetches for each measurement, and from where.

    ``cache`` says whether kept data may be read from (and fresh data
    written to) the client's on-disk cache.
    """

    steps: bool
    cycles: bool
    time_series: bool
    files: bool
    cache: bool = True

    @classmethod
    def chosen(
        cls,
        include_steps: object,
        include_cycles: object,
        include_time_series: object,
        include_files: object,
        cache: object = True,
        *,
        cache_name: str = "cache",
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
        return cls(
            steps=steps,
            cycles=cycles,
            time_series=time_series,
            files=files,
            cache=check_flag(cache, cache_name),
        )

    def tables(self) -> list[DataKind]:
        """Return the routes a time-series measurement's tables are fetched by.

        Steps and cycles together come from one ``steps_and_cycles`` request
        (one round trip where the parquet path takes two; measured in
        ``benchmarks/detail.py``).
        """
        routes: list[DataKind] = []
        if self.steps and self.cycles:
            routes.append("steps_and_cycles")
        elif self.steps or self.cycles:
            routes.append("steps" if self.steps else "cycles")
        if self.time_series:
            routes.append("time_series")
        return routes

    def table_routes(
        self, page: list[CellMeasurement]
    ) -> Iterator[tuple[CellMeasurement, DataKind]]:
        """Yield each table a page's measurements are fetched by (not files)."""
        routes = self.tables()
        for measurement in page:
            if measurement.measurement_type not in ("properties", "file"):
                for route in routes:
                    yield measurement, route


class MeasurementData(ResourceClient):
    """Steps, cycles and time series (a part of the measurement client)."""

    async def steps(self, measurement_id: str, use_cache: bool = True) -> Frame:
        """Get a measurement's steps table (one row a step).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.

        Returns
        -------
        Frame
            The steps: a :class:`Table` (decoded when first touched), or the
            client's ``dataframe_backend`` type.
        """
        return await self._cached(measurement_id, "steps", use_cache)

    async def cycles(self, measurement_id: str, use_cache: bool = True) -> Frame:
        """Get a measurement's cycles table (one row a cycle).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.

        Returns
        -------
        Frame
            The cycles, with ``Coulombic efficiency`` (a :class:`Table`, or
            the client's ``dataframe_backend`` type).
        """
        return await self._cached(measurement_id, "cycles", use_cache)

    async def time_series(
        self,
        measurement_id: str,
        use_cache: bool = True,
        row_range: tuple[int, int] | None = None,
    ) -> Frame:
        """Get a measurement's time series (one row a sample).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.
        row_range : (int, int), optional
            A half-open window of row numbers, from 0: only those rows, read
            with byte ranges from storage (the file's footer, then the row
            groups that hold them), or sliced from the cache's copy.

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
        if row_range is not None:
            window = check_row_range(row_range)
            return await self._frame(
                await self._window(measurement_id, window, use_cache)
            )
        return await self._cached(measurement_id, "time_series", use_cache)

    async def steps_and_cycles(
        self, measurement_id: str, use_cache: bool = True
    ) -> StepsAndCycles:
        """Get a measurement's steps and cycles in one request.

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        use_cache : bool, optional
            Read it from the client's on-disk cache when it is kept there and
            the measurement is unchanged (its record is fetched beside the
            data to tell), and keep what is fetched. ``False`` neither reads
            nor writes the cache. Defaults to True.

        Returns
        -------
        StepsAndCycles
            ``.steps`` (one row a step) and ``.cycles`` (one row a cycle).
        """
        decoded: StepsAndCycles = await self._cached(
            measurement_id, "steps_and_cycles", use_cache
        )
        return decoded

    async def _cached(
        self, measurement_id: str, kind: DataKind, use_cache: object
    ) -> Any:
        """Fetch one kind of data, or read it from the cache while it is current.

        The measurement's record (whose ``updated_at`` and status tell whether
        a kept copy is current) is fetched beside the data route's own answer:
        for a parquet route, only its redirect to storage, followed once the
        cache has missed. A miss costs no round trip more than no cache; a
        hit, no storage traffic.
        """
        cache = self._context.cache_for(use_cache)
        if cache is None:
            return await self._fetched(measurement_id, kind)
        first = asyncio.ensure_future(self._first_hop(measurement_id, kind))
        try:
            key, kept = await self._kept(cache, measurement_id, kind)
            if kept is not None:
                _drop(first)
                return await self.decode(measurement_id, kind, kept)
            body = await self._rest(measurement_id, kind, await first)
        except BaseException:
            _drop(first)
            raise
        decoded = await self.decode(measurement_id, kind, body)
        if key is not None:  # kept once it decodes, as detail() keeps it
            cache.write_many([(key, body)])
        return decoded

    async def _window(
        self, measurement_id: str, window: tuple[int, int], use_cache: object
    ) -> Table:
        """Read rows ``start:stop`` of a time series: the cache's, else by ranges."""
        start, stop = window
        cache = self._context.cache_for(use_cache)
        first = asyncio.ensure_future(self._first_hop(measurement_id, "time_series"))
        try:
            if cache is not None:
                _, kept = await self._kept(cache, measurement_id, "time_series")
                if kept is not None:
                    _drop(first)
                    cached: Table = await run_in_thread()(_sliced, kept, start, stop)
                    return cached
            request, response = await first
        except BaseException:
            _drop(first)
            raise
        transport = self._api.transport
        if response.status not in REDIRECT_STATUSES:  # the file itself came
            path = measurement_path(measurement_id, _ROUTES["time_series"])
            body = _parquet(path, response.body)
            whole: Table = await run_in_thread()(_sliced, body, start, stop)
            return whole
        url = transport.next_hop(response, request).url
        loop = asyncio.get_running_loop()

        def on_loop(fetch: Any, sent: Any) -> Any:
            # from any thread: pyarrow reads ahead in its own I/O threads
            return asyncio.run_coroutine_threadsafe(fetch(sent), loop).result()

        def read() -> Any:
            file = RangeFile(url, transport.fetch, on_loop)
            return Table.from_arrow(rows_of_groups(file, start, stop))

        window_table: Table = await run_in_thread()(read)
        return window_table

    async def _kept(
        self, cache: DataCache, measurement_id: str, kind: DataKind
    ) -> tuple[str | None, bytes | None]:
        """Return a kind's cache key and its kept copy, if the measurement is unchanged.

        The measurement's record (its ``updated_at`` and status) says which copy
        is current; ``None`` for a key: its data may not be kept yet.
        """
        measurement = await self._api.record(
            "GET", measurement_path(measurement_id), CellMeasurement
        )
        key = cache.key(measurement, kind)
        kept = (await cache.read_many([key])).get(key) if key else None
        return key, kept

    async def _first_hop(self, measurement_id: str, kind: DataKind) -> Any:
        """Send a kind's API request: its whole answer, or (parquet) its redirect."""
        path = measurement_path(measurement_id, _ROUTES[kind])
        transport = self._api.transport
        if kind in ("cycles", "steps_and_cycles"):
            return await transport.get_bytes(path)
        request = transport.data_request(transport.api_url(path))
        return request, await transport.hop(request)

    async def _rest(self, measurement_id: str, kind: DataKind, first: Any) -> bytes:
        """Finish what :meth:`_first_hop` began: follow a redirect to storage."""
        if isinstance(first, bytes):
            return first
        request, response = first
        transport = self._api.transport
        if response.status in REDIRECT_STATUSES:
            response = await transport.fetch(transport.next_hop(response, request))
        return _parquet(measurement_path(measurement_id, _ROUTES[kind]), response.body)

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
        return _parquet(path, await self._api.transport.download(path))

    async def decode(self, measurement_id: str, kind: DataKind, body: bytes) -> Any:
        """Decode what :meth:`fetch_body` fetched (or the cache kept) for a kind.

        Returns a :data:`Frame`, or :class:`StepsAndCycles` for that kind.
        """
        (found,) = await self.decode_all(measurement_id, [(kind, body)])
        return found

    async def decode_all(
        self, measurement_id: str, bodies: list[tuple[DataKind, bytes | None]]
    ) -> list[Any]:
        """Decode a measurement's bodies in one worker-thread call (``None``: none).

        The light :class:`Table` decodes lazily, on the event loop; a frame
        backend's decoding (parquet, JSON, the conversion) is CPU work, done
        in one hand-off to a worker thread however many bodies there are.
        """
        backend = self._context.frame_backend()

        def decode() -> list[Any]:
            return [
                None if body is None else decoded(measurement_id, kind, body, backend)
                for kind, body in bodies
            ]

        if backend == "table":
            return decode()
        found: list[Any] = await run_in_thread()(decode, limiter=cpu_limiter())
        return found

    async def _frame(self, table: Table) -> Frame:
        return await in_backend(table, self._context.frame_backend())


def decoded(
    measurement_id: str, kind: DataKind, body: bytes, backend: DataFrameBackend
) -> Any:
    """Decode one kind's body into the backend's frames (call it off the loop)."""
    if kind in ("steps", "time_series"):
        return backends.convert(Table.from_parquet(body), backend)
    path = measurement_path(measurement_id, _ROUTES[kind])
    payload = _json(body, path)
    if kind == "cycles":
        return backends.convert(columnar_table(payload, "cycles", path), backend)
    return StepsAndCycles(
        steps=backends.convert(columnar_table(payload, "steps", path), backend),
        cycles=backends.convert(columnar_table(payload, "cycles", path), backend),
    )


def _sliced(body: bytes, start: int, stop: int) -> Table:
    """Rows ``start:stop`` of a whole parquet file's bytes."""
    import pyarrow.parquet as pq

    from ...tables.table import pyarrow_module

    pa = pyarrow_module()
    whole = pq.ParquetFile(pa.BufferReader(body)).read()
    return Table.from_arrow(whole.slice(start, max(stop - start, 0)))


def _parquet(path: str, data: bytes) -> bytes:
    """Return a download's bytes, once they are a parquet file (``PAR1`` twice)."""
    if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
        raise ResponseValidationError(
            f"GET {path} did not return a parquet file ({len(data)} bytes).",
            method="GET",
            path=path,
        )
    return data


def _drop(task: asyncio.Future[Any]) -> None:
    """Cancel a fetch no longer needed; a failure it already met is not reported."""
    if task.done():
        if not task.cancelled():
            task.exception()  # retrieved: no "exception was never retrieved"
        return
    task.cancel()


def _json(body: bytes, path: str) -> Any:
    try:
        return decode_json(body)
    except ValueError as error:
        raise ResponseValidationError(
            f"The Ionworks API answered GET {path} but {error}.",
            method="GET",
            path=path,
        ) from None
