"""``detail()`` fan-out: ours against a naive SDK, the existing client, the limit.

For instances with N time-series measurements (a few thousand rows each), on
ionworks-local with L ms of latency, times ``cell_instance.detail`` through:

- ``async``: ``AsyncIonworks.cell_instance.detail`` (ours, default
  ``max_concurrency=32``), and the same with ``max_concurrency=128``, to show
  what the bound on requests in flight costs for large N;
- ``blocking``: ``Ionworks.cell_instance.detail`` (ours, the generated facade);
- ``sequential``: the same flat calls awaited one after another, as a naive
  SDK would;
- ``thread pool``: the existing public client's strategy, rebuilt on our
  blocking calls — instance and first list page on 2 threads, then 6 workers
  each re-fetching a measurement's metadata and then its three data requests
  on 3 threads (it reads the first page only, as that client does);
- ``limit``: the critical path of dependent round trips times L — instance ‖
  list (one more trip for each further page when N > 100), the data request,
  the storage redirect — plus the measured transfer time of one
  measurement's data.
"""

from __future__ import annotations

import asyncio
import json
import math
import statistics
import threading
import time
import urllib.request
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async.local.demo import constant_current_protocol

from ._local import API_KEY

T = TypeVar("T")
FLAG_SETS: dict[str, dict[str, bool]] = {
    "all data": {},
    "no time series": {"include_time_series": False},
}
STRATEGIES = (
    "async",
    "blocking",
    "async, max_concurrency=128",
    "sequential",
    "thread pool",
)
WIDE = 128
"""The concurrency of the extra row that shows what the default bound costs."""


class AsyncSide:
    """An event loop in a thread where the async client lives."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = self.run(self._make(url, 32))
        self.wide = self.run(self._make(url, WIDE))

    @staticmethod
    async def _make(url: str, concurrency: int) -> AsyncIonworks:
        return AsyncIonworks(API_KEY, url, timeout=120, max_concurrency=concurrency)

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        self.run(self.client.aclose())
        self.run(self.wide.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def _local(url: str, path: str, method: str = "GET", body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def set_latency(url: str, latency_ms: float) -> None:
    """Change the server's injected latency."""
    _local(url, "/_local/faults", "POST", {"latency_ms": latency_ms})


def count_requests(url: str, action: Callable[[], object]) -> int:
    """Run ``action`` once and return the API and storage requests it made."""
    _local(url, "/_local/stats", "DELETE")
    action()
    routes = _local(url, "/_local/stats")["requests"]
    return sum(count for route, count in routes.items() if "/_local/" not in route)


async def seed(client: AsyncIonworks, sizes: list[int], rows: int) -> dict[int, str]:
    """Create an instance with N processed measurements for each N."""
    series = constant_current_protocol(cycles=1, sample_seconds=8400 / rows)
    spec = await client.cell_spec.create_or_get({"name": "benchmark cells"})
    instances = {}
    for size in sizes:
        cell = await client.cell_instance.create_or_get(spec.id, {"name": f"N={size}"})
        result = await client.cell_measurement.create_many(
            cell.id,
            (
                {"measurement": {"name": f"run {n:03d}"}, "time_series": series}
                for n in range(size)
            ),
        )
        result.raise_for_failures()
        instances[size] = cell.id
    return instances


async def sequential_detail(
    client: AsyncIonworks, instance_id: str, **flags: bool
) -> int:
    """A naive composition: every request awaited in turn."""
    await client.cell_instance.get(instance_id)
    count = 0
    async for measurement in client.cell_measurement.iter_all(instance_id):
        if flags.get("include_steps", True):
            await client.cell_measurement.steps(measurement.id)
        if flags.get("include_cycles", True):
            await client.cell_measurement.cycles(measurement.id)
        if flags.get("include_time_series", True):
            await client.cell_measurement.time_series(measurement.id)
        count += 1
    return count


def thread_pool_detail(client: Ionworks, instance_id: str, **flags: bool) -> int:
    """The existing public client's strategy, on our blocking calls."""
    with ThreadPoolExecutor(2) as pool:
        instance = pool.submit(client.cell_instance.get, instance_id)
        first_page = pool.submit(client.cell_measurement.list, instance_id)
        instance.result()
        measurements = first_page.result()

    def one(measurement_id: str) -> None:
        client.cell_measurement.get(measurement_id)  # metadata fetched again
        with ThreadPoolExecutor(3) as inner:
            fetches = []
            if flags.get("include_steps", True):
                fetches.append(
                    inner.submit(client.cell_measurement.steps, measurement_id)
                )
            if flags.get("include_cycles", True):
                fetches.append(
                    inner.submit(client.cell_measurement.cycles, measurement_id)
                )
            if flags.get("include_time_series", True):
                fetches.append(
                    inner.submit(client.cell_measurement.time_series, measurement_id)
                )
            for fetch in fetches:
                fetch.result()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(one, [measurement.id for measurement in measurements]))
    return len(measurements)


def transfer_seconds(
    side: AsyncSide, url: str, measurement_id: str, rounds: int
) -> float:
    """Median time to fetch one measurement's data with no added latency."""
    set_latency(url, 0)
    try:

        async def once() -> float:
            started = time.perf_counter()
            await side.client.cell_measurement.detail(measurement_id)
            return time.perf_counter() - started

        samples = [side.run(once()) for _ in range(rounds)]
    finally:
        pass
    return statistics.median(samples)


def critical_trips(size: int, flags: dict[str, bool]) -> int:
    """Dependent round trips on the critical path of a detail()."""
    pages = max(1, math.ceil(size / 100))
    list_trips = 1 if pages == 1 else 2  # page 1, then every other page at once
    parquet = flags.get("include_steps", True) or flags.get("include_time_series", True)
    return list_trips + (2 if parquet else 1) if size else 1


def run(
    url: str,
    latency_ms: float,
    sizes: list[int],
    rounds: int,
    rows: int,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Seed, then time every strategy for every N and flag set.

    Returns
    -------
    dict
        ``{"sizes", "latency_ms", "results": {flags: {N: {strategy: {...}}}}}``
        with each strategy's samples (seconds), median, p10, p90 and request count.
    """
    side = AsyncSide(url)
    blocking = Ionworks(API_KEY, url, timeout=120)
    try:
        set_latency(url, 0)
        instances = side.run(seed(side.client, sizes, rows))
        first = side.run(side.client.cell_measurement.list(instances[sizes[0]]))[0].id
        transfer = transfer_seconds(side, url, first, 15)
        set_latency(url, latency_ms)
        results: dict[str, Any] = {}
        for flag_name, flags in FLAG_SETS.items():
            results[flag_name] = {}
            for size in sizes:
                instance_id = instances[size]

                async def timed_async(
                    instance_id: str = instance_id, flags: dict[str, bool] = flags
                ) -> float:
                    started = time.perf_counter()
                    await side.client.cell_instance.detail(instance_id, **flags)
                    return time.perf_counter() - started

                async def timed_wide(
                    instance_id: str = instance_id, flags: dict[str, bool] = flags
                ) -> float:
                    started = time.perf_counter()
                    await side.wide.cell_instance.detail(instance_id, **flags)
                    return time.perf_counter() - started

                async def timed_sequential(
                    instance_id: str = instance_id, flags: dict[str, bool] = flags
                ) -> float:
                    started = time.perf_counter()
                    await sequential_detail(side.client, instance_id, **flags)
                    return time.perf_counter() - started

                def timed_blocking(
                    instance_id: str = instance_id, flags: dict[str, bool] = flags
                ) -> float:
                    started = time.perf_counter()
                    blocking.cell_instance.detail(instance_id, **flags)
                    return time.perf_counter() - started

                def timed_pool(
                    instance_id: str = instance_id, flags: dict[str, bool] = flags
                ) -> float:
                    started = time.perf_counter()
                    thread_pool_detail(blocking, instance_id, **flags)
                    return time.perf_counter() - started

                runners: dict[str, Callable[[], float]] = {
                    "async": lambda: side.run(timed_async()),
                    "blocking": timed_blocking,
                    "async, max_concurrency=128": lambda: side.run(timed_wide()),
                    "sequential": lambda: side.run(timed_sequential()),
                    "thread pool": timed_pool,
                }
                samples: dict[str, list[float]] = {name: [] for name in runners}
                for runner in runners.values():
                    runner()  # warm-up
                slow_rounds = max(2, rounds // 3) if size >= 24 else rounds
                for round_number in range(rounds):
                    for name, runner in runners.items():
                        if name == "sequential" and round_number >= slow_rounds:
                            continue
                        samples[name].append(runner())
                entry: dict[str, Any] = {}
                for name, runner in runners.items():
                    values = samples[name]
                    ordered = sorted(values)
                    entry[name] = {
                        "samples": values,
                        "median": statistics.median(values),
                        "p10": ordered[int(0.1 * (len(ordered) - 1))],
                        "p90": ordered[math.ceil(0.9 * (len(ordered) - 1))],
                        "requests": count_requests(url, runner),
                    }
                trips = critical_trips(size, flags)
                limit = trips * latency_ms / 1000 + (transfer if size else 0.0)
                entry["limit"] = {"median": limit, "trips": trips, "transfer": transfer}
                results[flag_name][size] = entry
                progress(
                    f"  detail, {flag_name}, N={size}: "
                    f"async {entry['async']['median'] * 1e3:.0f} ms, "
                    f"limit {limit * 1e3:.0f} ms"
                )
        return {
            "sizes": sizes,
            "latency_ms": latency_ms,
            "rows": rows,
            "transfer_seconds": transfer,
            "results": results,
        }
    finally:
        blocking.close()
        side.close()
