"""ionworks-local, in memory, watched and bent for the client's composition tests.

The server is the real ionworks-local; a middleware of the test's
(``LocalServer(middlewares=...)``) runs first on every request, and

- counts what arrives (by route), in order, and how many were in flight at
  once, for the API and for storage (signed URLs) apart;
- keeps the headers storage requests carried and the JSON bodies of writes;
- waits ``latency`` seconds (``storage_latency`` for storage) before each;
- bends the answers as a broken or older API would: a list as a bare array
  (``legacy_lists``), a ``total`` that lies (``total_override``), a callback
  as each list page is asked for (``on_list``), steps and cycles missing
  (``no_steps``), a time-series download that hangs until the client goes
  away (``hang_time_series``) or fails (``fail_time_series``), a measurement's
  processing status played from a script (``processing``).

Records are seeded straight into the server's store and blobs, with the ids
a test names (:meth:`LocalApi.add_instance`).
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq
from aiohttp import web

from ionworks_async.local import LocalServer
from ionworks_async.local.storage.record_types import (
    INSTANCE,
    MEASUREMENT,
    SPECIFICATION,
)

__all__ = [
    "API_KEY",
    "CYCLES",
    "STEPS",
    "TIME_SERIES",
    "LocalApi",
    "parquet_bytes",
    "threaded_local_api",
]

API_KEY = "sk-test-secret-key"
T = TypeVar("T")


def parquet_bytes(columns: dict[str, list[Any]]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer, compression="zstd")
    return buffer.getvalue()


TIME_SERIES = {
    "Time [s]": [0.0, 1.0, 2.0, 3.0],
    "Voltage [V]": [4.2, 4.1, 4.0, 3.9],
    "Current [A]": [1.0, 1.0, 1.0, 1.0],
    "Step count": [0, 0, 1, 1],
    "Cycle count": [0, 0, 0, 0],
}
STEPS = {"Step count": [0, 1], "Cycle count": [0, 0], "Step type": ["CC", "Rest"]}
CYCLES = {"Cycle count": [0], "Discharge capacity [A.h]": [1.0]}

LIST_ROUTE = "/cell_instances/{id}/cell_measurements"
TIME_SERIES_ROUTE = "/cell_measurements/{id}/time_series/download"
DATA_ROUTES = {
    "/cell_measurements/{id}/steps/download",
    "/cell_measurements/{id}/cycles",
    "/cell_measurements/{id}/steps_and_cycles",
}


class LocalApi:
    """An in-memory ionworks-local, its traffic counted and its answers bent.

    Parameters
    ----------
    latency : float, optional
        Seconds each request waits before it is handled.
    """

    def __init__(self, *, latency: float = 0.01) -> None:
        self.server = LocalServer(
            in_memory=True, api_keys=[API_KEY], middlewares=[self._watch]
        )
        self.loop: asyncio.AbstractEventLoop | None = None
        """The server's loop when it runs on a thread of its own."""
        self.latency = latency
        self.storage_latency: float | None = None
        """Latency of storage requests (None: the same as the API's)."""
        self.legacy_lists = False
        self.total_override: int | None = None
        self.on_list: Callable[[int], None] | None = None
        self.no_steps: set[str] = set()
        self.hang_time_series: set[str] = set()
        self.fail_time_series: set[str] = set()
        self.answer_fields: dict[str, dict[str, Any]] = {}
        """Fields a measurement's record is answered with, over the stored ones
        (an ``updated_at`` no server should send, a status), by id."""
        self.processing: dict[str, list[str]] = {}
        """Processing statuses the next reads of a measurement answer, by id
        (``"*"``: any measurement without a script of its own)."""
        self.uploads: dict[str, bytes] = {}
        """Every file PUT to storage, as it arrived, by ``"<measurement id>/<blob
        name>"`` (a file measurement's blobs are named by ``file_blob(name)``)."""
        self.counts: Counter[str] = Counter()
        self.arrivals: list[str] = []
        """Every request's route and query, in the order they arrived."""
        self.events: list[tuple[str, float]] = []
        self.in_flight_by: Counter[str] = Counter()
        self.max_in_flight_by: Counter[str] = Counter()
        self.max_in_flight = 0
        self.storage_headers: list[dict[str, str]] = []
        self.bodies: list[Any] = []
        """The JSON bodies of POST and PATCH requests, in order."""

    @property
    def url(self) -> str:
        return self.server.url

    # -- what arrived -------------------------------------------------------

    def api_requests(self) -> int:
        return sum(n for route, n in self.counts.items() if not _storage(route))

    def storage_requests(self) -> int:
        return sum(n for route, n in self.counts.items() if _storage(route))

    def sent(self, name: str = "time_series.parquet", index: int = -1) -> bytes:
        """Return the ``index``-th file of that name PUT to storage (last: -1)."""
        return [v for k, v in self.uploads.items() if k.endswith(f"/{name}")][index]

    def reset(self) -> None:
        """Forget what arrived so far (the records stay)."""
        self.counts.clear()
        self.arrivals.clear()
        self.events.clear()
        self.storage_headers.clear()
        self.bodies.clear()
        self.max_in_flight_by.clear()
        self.max_in_flight = 0
        self.uploads.clear()

    # -- seeding, straight into the store -----------------------------------

    def add_instance(self, instance_id: str, n_measurements: int) -> None:
        """Seed an instance of ``n`` ready time-series measurements (``<id>-m<i>``)."""
        self._on_server(lambda: self._seed(instance_id, n_measurements))

    def update_measurement(self, measurement_id: str, **fields: Any) -> None:
        """Change a measurement's stored fields (its ``updated_at`` moves)."""
        store = self._state().store
        self._on_server(lambda: store.update(MEASUREMENT, measurement_id, fields))

    def delete_measurement(self, measurement_id: str) -> None:
        store = self._state().store
        self._on_server(lambda: store.delete(MEASUREMENT, measurement_id))

    def replace_file(self, measurement_id: str, name: str, data: bytes) -> None:
        """Store other bytes as one of a measurement's files."""
        blobs = self._state().blobs
        self._on_server(lambda: blobs.put(measurement_id, name, data))

    def discard_file(self, measurement_id: str, name: str) -> None:
        """Lose one of a measurement's stored files (``time_series.parquet``)."""
        blobs = self._state().blobs
        self._on_server(lambda: blobs.discard(measurement_id, name))

    def measurement_ids(self, instance_id: str) -> list[str]:
        """The instance's measurements, in the API's list order."""
        store = self._state().store

        def ids() -> list[str]:
            rows = store.connection.execute(
                "SELECT id FROM cell_measurements WHERE cell_instance_id = ? "
                "ORDER BY created_at, id",
                (instance_id,),
            ).fetchall()
            return [row[0] for row in rows]

        return self._on_server(ids)

    def _seed(self, instance_id: str, n: int) -> None:
        state = self._state()
        store, blobs = state.store, state.blobs
        if not store.connection.execute(
            "SELECT 1 FROM cell_specifications WHERE id = 'spec-1'"
        ).fetchone():
            store.create(SPECIFICATION, None, {"name": "spec 1"}, record_id="spec-1")
        store.create(
            INSTANCE, "spec-1", {"name": f"cell {instance_id}"}, record_id=instance_id
        )
        series, steps, cycles = (
            parquet_bytes(TIME_SERIES),
            parquet_bytes(STEPS),
            parquet_bytes(CYCLES),
        )
        for index in range(n):
            measurement_id = f"{instance_id}-m{index}"
            store.create(
                MEASUREMENT,
                instance_id,
                {
                    "name": f"measurement {index}",
                    "measurement_type": "time_series",
                    "processing_status": "ready",
                },
                record_id=measurement_id,
            )
            blobs.put(measurement_id, "time_series.parquet", series)
            blobs.put(measurement_id, "steps.parquet", steps)
            blobs.put(measurement_id, "cycles.parquet", cycles)

    def _state(self) -> Any:
        assert self.server.state is not None, "the server has not started"
        return self.server.state

    def _on_server(self, call: Callable[[], T]) -> T:
        """Run ``call`` on the server's thread (its database is that thread's)."""
        if self.loop is None:
            return call()

        async def run() -> T:
            return call()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(30)

    # -- the middleware -----------------------------------------------------

    @web.middleware
    async def _watch(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        resource = request.match_info.route.resource
        route = resource.canonical if resource is not None else "?"
        if route.startswith("/_local/"):
            return await handler(request)
        self.counts[route] += 1
        self.arrivals.append(f"{route}?{request.query_string}")
        origin = "storage" if _storage(route) else "api"
        self.in_flight_by[origin] += 1
        self.max_in_flight_by[origin] = max(
            self.max_in_flight_by[origin], self.in_flight_by[origin]
        )
        self.max_in_flight = max(self.max_in_flight, sum(self.in_flight_by.values()))
        try:
            if origin == "storage":
                self.storage_headers.append(dict(request.headers))
            elif request.method in ("POST", "PATCH") and request.can_read_body:
                self.bodies.append(json.loads(await request.read() or b"null"))
            latency = self.latency
            if origin == "storage" and self.storage_latency is not None:
                latency = self.storage_latency
            await asyncio.sleep(latency)
            return await self._bent(request, route, handler)
        finally:
            self.in_flight_by[origin] -= 1

    async def _bent(
        self,
        request: web.Request,
        route: str,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        measurement_id = request.match_info.get("id", "")
        if route == "/cell_instances/{id}" and request.method == "GET":
            self.events.append(("get_instance", time.monotonic()))
        if route in DATA_ROUTES and measurement_id in self.no_steps:
            return web.json_response({"detail": "no steps"}, status=404)
        if route == TIME_SERIES_ROUTE and measurement_id in self.hang_time_series:
            await self._hang_until_disconnect(request)
        if route == TIME_SERIES_ROUTE and measurement_id in self.fail_time_series:
            return web.json_response(
                {"error_code": "BAD_REQUEST", "message": "broken"}, status=400
            )
        if route == LIST_ROUTE and self.on_list is not None:
            self.on_list(int(request.query.get("offset", 0)))
        response = await handler(request)
        if route == LIST_ROUTE and isinstance(response, web.Response):
            return self._list_answer(response)
        if route == "/storage/{id}/{file}" and request.method == "PUT":
            name = request.match_info["file"]
            data = self._state().blobs.get(measurement_id, name)
            if response.status < 300 and data is not None:
                self.uploads[f"{measurement_id}/{name}"] = data
        if (
            route == "/cell_measurements/{id}"
            and request.method == "GET"
            and measurement_id in self.answer_fields
            and isinstance(response, web.Response)
        ):
            record = json.loads(response.body)  # type: ignore[arg-type]
            record.update(self.answer_fields[measurement_id])
            response = web.json_response(record)
        script = self.processing.get(measurement_id) or self.processing.get("*")
        if (
            route == "/cell_measurements/{id}"
            and request.method == "GET"
            and script
            and isinstance(response, web.Response)
        ):
            return self._scripted(response, script.pop(0))
        return response

    def _list_answer(self, response: web.Response) -> web.Response:
        page = json.loads(response.body)  # type: ignore[arg-type]
        for item in page["items"]:
            item.update(self.answer_fields.get(item["id"], {}))
        if self.legacy_lists:
            return web.json_response(page["items"])
        if self.total_override is not None:
            page["total"] = self.total_override
        return web.json_response(page)

    @staticmethod
    def _scripted(response: web.Response, status: str) -> web.Response:
        record = json.loads(response.body)  # type: ignore[arg-type]
        record["processing_status"] = status
        if status == "failed":
            record["processing_error"] = "missing 'Step count' column"
        return web.json_response(record)

    async def _hang_until_disconnect(self, request: web.Request) -> None:
        """Answer nothing, and record when the client goes away."""
        for _ in range(36_000):
            if request.transport is None or request.transport.is_closing():
                self.events.append(("disconnect", time.monotonic()))
                raise asyncio.CancelledError
            await asyncio.sleep(0.05)


def _storage(route: str) -> bool:
    return route.startswith("/storage/")


@contextmanager
def threaded_local_api(*, latency: float = 0.0) -> Iterator[LocalApi]:
    """A :class:`LocalApi` served from a thread with its own event loop.

    Blocking clients block their caller's thread, so the server they talk to
    must not run on that thread's loop.
    """
    api = LocalApi(latency=latency)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    api.loop = loop
    try:
        asyncio.run_coroutine_threadsafe(api.server.start(), loop).result(30)
        yield api
    finally:
        try:
            asyncio.run_coroutine_threadsafe(api.server.stop(), loop).result(30)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(30)
            loop.close()
