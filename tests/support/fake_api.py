"""An instrumented fake of the Ionworks API on loopback, for composition tests.

It serves just the routes ``detail()`` and uploads use, counts every request,
records the headers storage requests carried, and tracks how many requests
were in flight at once, so tests can assert request counts and concurrency.
"""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections import Counter
from typing import Any
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq
from aiohttp import web

API_KEY = "sk-test-secret-key"


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


class FakeApi:
    """State and routes of the fake; ``app`` is the aiohttp application."""

    def __init__(self, *, latency: float = 0.01) -> None:
        self.latency = latency
        self.storage_latency: float | None = None
        """Latency of storage requests (None: the same as the API's)."""
        self.legacy_lists = False
        self.on_list: Any = None
        """Called with each measurement list request's offset (to change data)."""
        self.total_override: int | None = None
        """A ``total`` the list answers say instead of the true one."""
        self.no_steps: set[str] = set()
        self.fail_time_series: dict[str, int] = {}
        self.hang_time_series: set[str] = set()
        self.instances: dict[str, dict[str, Any]] = {}
        self.measurements: dict[str, list[dict[str, Any]]] = {}
        self.counts: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.in_flight_by = Counter[str]()
        """Requests in flight now, by ``"api"`` and ``"storage"``."""
        self.max_in_flight_by = Counter[str]()
        self.storage_headers: list[dict[str, str]] = []
        self.cancelled = 0
        self.events: list[tuple[str, float]] = []
        self.uploads: dict[str, bytes] = {}
        self.bodies: list[Any] = []
        """The JSON bodies of POST and PATCH requests, in order."""
        self.arrivals: list[str] = []
        """Every request's route and query, in the order they arrived."""
        self.processing: dict[str, list[str]] = {}
        self._time_series = parquet_bytes(TIME_SERIES)
        self._steps = parquet_bytes(STEPS)
        self.app = web.Application(middlewares=[self._track])
        self.app.add_routes(
            [
                web.get("/cell_instances/{id}", self.get_instance),
                web.get(
                    "/cell_instances/{id}/cell_measurements", self.list_measurements
                ),
                web.get("/cell_measurements/{id}", self.get_measurement),
                web.get("/cell_measurements/{id}/cycles", self.cycles),
                web.get(
                    "/cell_measurements/{id}/steps_and_cycles", self.steps_and_cycles
                ),
                web.get("/cell_measurements/{id}/files", self.list_files),
                web.get("/cell_measurements/{id}/files/{name}", self.get_file),
                web.get("/cell_measurements/{id}/{kind}/download", self.download),
                web.get("/storage/{id}/{file}", self.storage_get),
                web.put("/storage/{id}/{file}", self.storage_put),
                web.post(
                    "/cell_instances/{id}/cell_measurements/initiate-upload",
                    self.initiate,
                ),
                web.post("/cell_measurements/{id}/confirm-upload", self.confirm),
                web.post(
                    "/cell_measurements/{id}/initiate-extend", self.initiate_extend
                ),
                web.post("/cell_measurements/{id}/confirm-extend", self.confirm_extend),
            ]
        )

    def add_instance(self, instance_id: str, n_measurements: int) -> None:
        self.instances[instance_id] = {
            "id": instance_id,
            "name": f"cell {instance_id}",
            "cell_specification_id": "spec-1",
        }
        self.measurements[instance_id] = [
            {
                "id": f"{instance_id}-m{index}",
                "name": f"measurement {index}",
                "cell_instance_id": instance_id,
                "measurement_type": "time_series",
                "processing_status": "ready",
            }
            for index in range(n_measurements)
        ]

    @web.middleware
    async def _track(self, request: web.Request, handler: Any) -> web.StreamResponse:
        kind = (
            request.match_info.route.resource.canonical
            if request.match_info.route.resource
            else "?"
        )  # type: ignore[union-attr]
        self.counts[kind] += 1
        self.arrivals.append(f"{kind}?{request.query_string}")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        is_api = not request.path.startswith("/storage/")
        origin = "api" if is_api else "storage"
        self.in_flight_by[origin] += 1
        self.max_in_flight_by[origin] = max(
            self.max_in_flight_by[origin], self.in_flight_by[origin]
        )
        try:
            if is_api and request.headers.get("X-API-Key") != API_KEY:
                return web.json_response(
                    {"error_code": "UNAUTHORIZED", "message": "bad key"}, status=401
                )
            slow = self.storage_latency
            await asyncio.sleep(self.latency if is_api or slow is None else slow)
            return await handler(request)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1
            self.in_flight_by[origin] -= 1

    def api_requests(self) -> int:
        return sum(
            n for kind, n in self.counts.items() if not kind.startswith("/storage")
        )

    def storage_requests(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind.startswith("/storage"))

    def _measurement(self, measurement_id: str) -> dict[str, Any] | None:
        for items in self.measurements.values():
            for item in items:
                if item["id"] == measurement_id:
                    return item
        return None

    async def get_instance(self, request: web.Request) -> web.Response:
        self.events.append(("get_instance", time.monotonic()))
        instance = self.instances.get(request.match_info["id"])
        if instance is None:
            return web.json_response({"detail": "Cell instance not found"}, status=404)
        return web.json_response(instance)

    async def list_measurements(self, request: web.Request) -> web.Response:
        limit = int(request.query.get("limit", 100))
        offset = int(request.query.get("offset", 0))
        if self.on_list is not None:
            self.on_list(offset)
        items = self.measurements.get(request.match_info["id"], [])
        page = items[offset : offset + limit]
        if self.legacy_lists:
            return web.json_response(page)
        total = len(items) if self.total_override is None else self.total_override
        return web.json_response({"items": page, "count": len(page), "total": total})

    async def get_measurement(self, request: web.Request) -> web.Response:
        measurement = self._measurement(request.match_info["id"])
        if measurement is None:
            return web.json_response({"detail": "not found"}, status=404)
        states = self.processing.get(measurement["id"])
        if states:
            measurement["processing_status"] = states.pop(0)
            if measurement["processing_status"] == "failed":
                measurement["processing_error"] = "missing 'Step count' column"
        return web.json_response(measurement)

    async def list_files(self, request: web.Request) -> web.Response:
        measurement = self._measurement(request.match_info["id"]) or {}
        return web.json_response({"filenames": measurement.get("filenames", [])})

    async def get_file(self, request: web.Request) -> web.Response:
        measurement_id, name = request.match_info["id"], request.match_info["name"]
        raise web.HTTPTemporaryRedirect(
            f"/storage/{measurement_id}/{quote(name)}?token=t"
        )

    async def cycles(self, request: web.Request) -> web.Response:
        if request.match_info["id"] in self.no_steps:
            return web.json_response({"detail": "no steps"}, status=404)
        return web.json_response({"cycles": CYCLES})

    async def steps_and_cycles(self, request: web.Request) -> web.Response:
        if request.match_info["id"] in self.no_steps:
            return web.json_response({"detail": "no steps"}, status=404)
        return web.json_response({"steps": STEPS, "cycles": CYCLES})

    async def download(self, request: web.Request) -> web.Response:
        measurement_id, kind = request.match_info["id"], request.match_info["kind"]
        if kind == "steps" and measurement_id in self.no_steps:
            return web.json_response({"detail": "no steps file"}, status=404)
        if kind == "time_series" and measurement_id in self.hang_time_series:
            await self._hang_until_disconnect(request)
        if kind == "time_series" and self.fail_time_series.get(measurement_id):
            return web.json_response(
                {"error_code": "BAD_REQUEST", "message": "broken"}, status=400
            )
        raise web.HTTPTemporaryRedirect(
            f"/storage/{measurement_id}/{kind}.parquet?token=t"
        )

    async def _hang_until_disconnect(self, request: web.Request) -> None:
        """Answer nothing, and record when the client goes away."""
        for _ in range(36_000):
            if request.transport is None or request.transport.is_closing():
                self.events.append(("disconnect", time.monotonic()))
                raise asyncio.CancelledError
            await asyncio.sleep(0.05)

    async def storage_get(self, request: web.Request) -> web.Response:
        self.storage_headers.append(dict(request.headers))
        if request.query.get("token") != "t":
            return web.json_response({"detail": "bad token"}, status=403)
        key = f"{request.match_info['id']}/{request.match_info['file']}"
        if key in self.uploads:
            return web.Response(body=self.uploads[key])
        body = (
            self._steps
            if request.match_info["file"] == "steps.parquet"
            else self._time_series
        )
        return web.Response(body=body, content_type="application/octet-stream")

    async def storage_put(self, request: web.Request) -> web.Response:
        self.storage_headers.append(dict(request.headers))
        key = f"{request.match_info['id']}/{request.match_info['file']}"
        self.uploads[key] = await request.read()
        return web.Response(status=200)

    async def initiate(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.bodies.append(body)
        instance_id = request.match_info["id"]
        name = body["measurement"]["name"]
        for item in self.measurements.setdefault(instance_id, []):
            if item["name"] == name:
                return web.json_response(
                    {
                        "error_code": "CONFLICT",
                        "message": "exists",
                        "detail": {"existing_id": item["id"]},
                    },
                    status=409,
                )
        measurement_id = f"{instance_id}-new{len(self.uploads)}"
        files = body.get("filenames") or ["time_series.parquet", "steps.parquet"]
        return self._targets(measurement_id, files)

    def _targets(self, measurement_id: str, files: list[str]) -> web.Response:
        # File names as storage paths (the client reads the leaf).
        return web.json_response(
            {
                "measurement_id": measurement_id,
                "uploads": [
                    {
                        "filename": f"{measurement_id}/{file}",
                        "signed_url": f"/storage/{measurement_id}/{quote(file)}"
                        "?token=t",
                        "token": "t",
                        "path": f"{measurement_id}/{file}",
                    }
                    for file in files
                ],
            }
        )

    async def initiate_extend(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.json())
        return self._targets(request.match_info["id"], ["time_series_extend.parquet"])

    async def confirm_extend(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.json())
        measurement = self._measurement(request.match_info["id"])
        assert measurement is not None
        measurement["processing_status"] = "pending"
        return web.json_response({**measurement, "steps_created": 0})

    async def confirm(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.bodies.append(body)
        measurement_id = request.match_info["id"]
        record = {
            **body["measurement"],
            "id": measurement_id,
            "cell_instance_id": body["cell_instance_id"],
            "measurement_type": "time_series",
            "processing_status": "pending",
        }
        self.measurements.setdefault(body["cell_instance_id"], []).append(record)
        return web.json_response({**record, "steps_created": 0}, status=201)


class ThreadedServer:
    """Serve an aiohttp app on loopback from a thread with its own event loop.

    Blocking clients block their caller's thread, so the server they talk to
    must not run on that thread's loop.
    """

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)

    def __enter__(self) -> ThreadedServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    def __exit__(self, *exc_info: object) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
