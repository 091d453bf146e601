"""``detail()`` fan-out: ours against a naive SDK, the existing client, the limit.

For instances with N time-series measurements (a few thousand rows each), on
ionworks-local with L ms of latency, times ``cell_instance.detail`` through:

- ``async``: ``AsyncIonworks.cell_instance.detail`` (ours, default settings,
  the on-disk cache off), and the same with ``max_concurrency=128``, to show
  what the bound on requests in flight costs for large N;
- ``async, cache on (first call)``: the same with the data cache on and
  emptied before each call (what keeping the data costs), and ``async,
  cached repeat``: a repeat call whose data is all in the cache;
- ``one round trip``: ``detail()`` of metadata only (instance ‖ list), the
  floor of a cached repeat;
- ``blocking``: ``Ionworks.cell_instance.detail`` (ours, the generated facade);
- ``sequential``: the same flat calls awaited one after another, as a naive
  SDK would;
- ``ionworks-api 0.38`` (with ``--peer``): the existing public client's own
  ``detail()``, its cache off, in its own interpreter;
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
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async.local.demo import constant_current_protocol

from ._local import API_KEY
from ._peer import run_script

T = TypeVar("T")
FLAG_SETS: dict[str, dict[str, bool]] = {
    "all data": {},
    "no time series": {"include_time_series": False},
}
STRATEGIES = (
    "async",
    "blocking",
    "async, max_concurrency=128",
    "async, cache on (first call)",
    "async, cached repeat",
    "one round trip",
    "sequential",
    "thread pool",
)
PEER = "ionworks-api 0.38"
WIDE = 128
"""The concurrency of the extra row that shows what the default bound costs."""
SWEEP = (16, 32, 48, 64, 96, 128)
"""The ``max_concurrency`` values the sweep times, to choose the default."""
METADATA_ONLY = {
    "include_steps": False,
    "include_cycles": False,
    "include_time_series": False,
}


class AsyncSide:
    """An event loop in a thread where the async clients live."""

    def __init__(self, url: str, cache_dir: Path) -> None:
        self.url = url
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = self.make()
        self.wide = self.make(max_concurrency=WIDE)
        self.cached = self.make(cache_dir=cache_dir)

    def make(self, **settings: Any) -> AsyncIonworks:
        """Build a client on the loop: the cache off unless ``cache_dir`` is given."""

        async def build() -> AsyncIonworks:
            options = {"timeout": 120, "cache_dir": False, **settings}
            return AsyncIonworks(API_KEY, self.url, **options)

        client = self.run(build())
        self._made = [*getattr(self, "_made", []), client]
        return client

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def close(self) -> None:
        for client in self._made:
            self.run(client.aclose())
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
    steps = flags.get("include_steps", True)
    cycles = flags.get("include_cycles", True)
    # parquet (a link, then its storage fetch) for the time series, and for
    # steps without cycles; steps with cycles are one steps_and_cycles answer
    parquet = flags.get("include_time_series", True) or (steps and not cycles)
    return list_trips + (2 if parquet else 1) if size else 1


def figures(values: list[float]) -> dict[str, Any]:
    """Median, p10 and p90 of samples (seconds), with the samples."""
    ordered = sorted(values)
    return {
        "samples": values,
        "median": statistics.median(values),
        "p10": ordered[int(0.1 * (len(ordered) - 1))],
        "p90": ordered[math.ceil(0.9 * (len(ordered) - 1))],
    }


def runners_for(
    side: AsyncSide, blocking: Ionworks, instance_id: str, flags: dict[str, bool]
) -> dict[str, Callable[[], float]]:
    """One timed call of each strategy, in seconds."""

    def timed_async(client: AsyncIonworks, **extra: bool) -> Callable[[], float]:
        async def once() -> float:
            started = time.perf_counter()
            await client.cell_instance.detail(instance_id, **{**flags, **extra})
            return time.perf_counter() - started

        return lambda: side.run(once())

    def first_call() -> float:
        side.run(side.cached.clear_cache())
        seconds = timed_async(side.cached)()
        # The entries are written just after the call returns: let that end
        # before the next measurement starts (it is not the caller's wait).
        cache = side.cached.context.data_cache
        assert cache is not None
        side.run(cache.flush())
        return seconds

    async def sequential() -> float:
        started = time.perf_counter()
        await sequential_detail(side.client, instance_id, **flags)
        return time.perf_counter() - started

    def timed_blocking(action: Callable[[], object]) -> Callable[[], float]:
        def once() -> float:
            started = time.perf_counter()
            action()
            return time.perf_counter() - started

        return once

    return {
        "async": timed_async(side.client),
        "blocking": timed_blocking(
            lambda: blocking.cell_instance.detail(instance_id, **flags)
        ),
        "async, max_concurrency=128": timed_async(side.wide),
        "async, cache on (first call)": first_call,
        "async, cached repeat": timed_async(side.cached),
        "one round trip": timed_async(side.client, **METADATA_ONLY),
        "sequential": lambda: side.run(sequential()),
        "thread pool": timed_blocking(
            lambda: thread_pool_detail(blocking, instance_id, **flags)
        ),
    }


def sweep(
    side: AsyncSide, instances: dict[int, str], sizes: list[int], rounds: int
) -> dict[int, dict[int, float]]:
    """Median ``detail()`` (all data) at each ``max_concurrency`` of :data:`SWEEP`."""
    medians: dict[int, dict[int, float]] = {}
    for size in sizes:
        medians[size] = {}
        for concurrency in SWEEP:
            client = side.make(max_concurrency=concurrency)

            async def once(
                client: AsyncIonworks = client, instance_id: str = instances[size]
            ) -> float:
                started = time.perf_counter()
                await client.cell_instance.detail(instance_id)
                return time.perf_counter() - started

            side.run(once())  # warm-up: connections
            medians[size][concurrency] = statistics.median(
                side.run(once()) for _ in range(rounds)
            )
    return medians


PEER_DETAIL = """
import json, sys, time
import ionworks
url, key, ids, rounds = sys.argv[1:3] + [json.loads(sys.argv[3]), int(sys.argv[4])]
ionworks.set_cache_enabled(False)
client = ionworks.Ionworks(api_key=key, api_url=url)
out = {}
for size, instance_id in ids.items():
    client.cell_instance.detail(instance_id)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        detail = client.cell_instance.detail(instance_id)
        samples.append(time.perf_counter() - started)
    out[size] = {"samples": samples, "measurements": len(detail.measurements)}
print(json.dumps(out))
"""


def peer_detail(
    python: str, url: str, instances: dict[int, str], rounds: int
) -> dict[int, dict[str, Any]]:
    """Time the public client's own ``detail()`` (its cache off), per N <= 100.

    It reads the first list page only, so larger instances are left out.
    """
    ids = {size: instance for size, instance in instances.items() if size <= 100}
    _local(url, "/_local/stats", "DELETE")
    measured = run_script(
        python, PEER_DETAIL, url, API_KEY, json.dumps(ids), str(rounds)
    )
    routes = _local(url, "/_local/stats")["requests"]
    total = sum(n for route, n in routes.items() if "/_local/" not in route)
    calls = len(ids) * (rounds + 1)
    return {
        int(size): {
            **figures(entry["samples"]),
            "requests": None,
            "measurements": entry["measurements"],
            "requests_all_sizes_per_call": total / calls,
        }
        for size, entry in measured.items()
    }


def run(
    url: str,
    latency_ms: float,
    sizes: list[int],
    rounds: int,
    rows: int,
    progress: Callable[[str], None] = print,
    peer: str | None = None,
    sweep_sizes: list[int] | None = None,
) -> dict[str, Any]:
    """Seed, then time every strategy for every N and flag set.

    Returns
    -------
    dict
        ``{"sizes", "latency_ms", "results": {flags: {N: {strategy: {...}}}},
        "sweep": {N: {max_concurrency: median}}}`` with each strategy's
        samples (seconds), median, p10, p90 and request count.
    """
    with tempfile.TemporaryDirectory() as cache_dir:
        side = AsyncSide(url, Path(cache_dir))
        blocking = Ionworks(API_KEY, url, timeout=120, cache_dir=False)
        try:
            return _run(
                side,
                blocking,
                url,
                latency_ms,
                sizes,
                rounds,
                rows,
                progress,
                peer,
                sweep_sizes or [],
            )
        finally:
            blocking.close()
            side.close()


def _run(
    side: AsyncSide,
    blocking: Ionworks,
    url: str,
    latency_ms: float,
    sizes: list[int],
    rounds: int,
    rows: int,
    progress: Callable[[str], None],
    peer: str | None,
    sweep_sizes: list[int],
) -> dict[str, Any]:
    set_latency(url, 0)
    instances = side.run(seed(side.client, sizes, rows))
    first = side.run(side.client.cell_measurement.list(instances[sizes[0]]))[0].id
    transfer = transfer_seconds(side, url, first, 15)
    set_latency(url, latency_ms)
    results: dict[str, Any] = {}
    for flag_name, flags in FLAG_SETS.items():
        results[flag_name] = {}
        for size in sizes:
            runners = runners_for(side, blocking, instances[size], flags)
            samples: dict[str, list[float]] = {name: [] for name in runners}
            for runner in runners.values():
                runner()  # warm-up (and fills the cache of the cached repeat)
            slow_rounds = max(2, rounds // 3) if size >= 24 else rounds
            for round_number in range(rounds):
                for name, runner in runners.items():
                    if name == "sequential" and round_number >= slow_rounds:
                        continue
                    samples[name].append(runner())
            entry: dict[str, Any] = {}
            for name, runner in runners.items():
                entry[name] = {
                    **figures(samples[name]),
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
    report: dict[str, Any] = {
        "sizes": sizes,
        "latency_ms": latency_ms,
        "rows": rows,
        "transfer_seconds": transfer,
        "results": results,
        "sweep": sweep(side, instances, sweep_sizes, rounds),
    }
    if peer:
        try:
            for size, entry in peer_detail(peer, url, instances, rounds).items():
                results["all data"][size][PEER] = entry
        except (OSError, subprocess.SubprocessError, ValueError) as error:
            report["peer_error"] = str(error)[-300:]
    return report
