"""What a blocking call costs over awaiting the same coroutine directly.

Run: ``python -m benchmarks.facade_overhead [--calls 200] [--rounds 40]``

A minimal aiohttp server on loopback (in its own process) answers
``GET /cell_instances/{id}``. Each round times ``--calls`` sequential calls of
``cell_instance.get`` through a raw aiohttp session, the async client and the
blocking client, the strategies' rounds interleaved. The table gives the
median, p10 and p90 over rounds of the time a call, in microseconds, and the
paired per-round difference to the async client. Target: the blocking call
adds at most 100 µs to the async one.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import aiohttp

import ionworks._loop
from ionworks import Ionworks
from ionworks_async import AsyncIonworks

from ._stats import summary, table

API_KEY = "bench-key"
INSTANCE = {"id": "i1", "name": "cell", "cell_specification_id": "s1", "batch": "B1"}
SERVER = """
import asyncio, sys
from aiohttp import web

async def get_instance(request):
    return web.json_response(INSTANCE)

async def main():
    app = web.Application()
    app.router.add_get("/cell_instances/{id}", get_instance)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

asyncio.run(main())
"""


@contextmanager
def loopback_server() -> Iterator[str]:
    """Serve one instance route from a separate process; yield the base URL.

    A real API is never in the client's process: a server there would share
    the client's GIL and tilt the comparison between one-thread (async) and
    two-thread (blocking) clients.
    """
    code = f"INSTANCE = {INSTANCE!r}\n{SERVER}"
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        assert server.stdout is not None and server.stdin is not None
        port = int(server.stdout.readline())
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.stdin.close()  # the server exits when its stdin closes
            server.wait(10)


async def _time_async(call: Callable[[], Awaitable[object]], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        await call()
    return (time.perf_counter() - started) / calls * 1e6


def _time_blocking(call: Callable[[], object], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls * 1e6


def measure(
    url: str, calls: int, rounds: int, instance_id: str = "i1", api_key: str = API_KEY
) -> dict[str, list[float]]:
    """Time a call of each strategy, the strategies' rounds interleaved."""
    results: dict[str, list[float]] = {
        "raw aiohttp": [],
        "AsyncIonworks": [],
        "Ionworks": [],
    }
    blocking = Ionworks(api_key, url)

    async def async_rounds() -> None:
        async with (
            aiohttp.ClientSession() as session,
            AsyncIonworks(api_key, url) as client,
        ):

            async def raw_get() -> object:
                async with session.get(
                    f"{url}/cell_instances/{instance_id}",
                    headers={"X-API-Key": api_key},
                ) as response:
                    return await response.json()

            async def sdk_get() -> object:
                return await client.cell_instance.get(instance_id)

            await _time_async(raw_get, calls // 2)  # warm-up
            await _time_async(sdk_get, calls // 2)
            for _ in range(rounds):
                results["raw aiohttp"].append(await _time_async(raw_get, calls))
                results["AsyncIonworks"].append(await _time_async(sdk_get, calls))
                # The blocking round runs in a worker thread, timed there; this
                # loop only waits for it.
                results["Ionworks"].append(
                    await asyncio.to_thread(
                        _time_blocking,
                        lambda: blocking.cell_instance.get(instance_id),
                        calls,
                    )
                )

    _time_blocking(
        lambda: blocking.cell_instance.get(instance_id), calls // 2
    )  # warm-up
    asyncio.run(async_rounds())
    blocking.close()
    return results


def measure_bridge(calls: int, rounds: int) -> list[float]:
    """Return µs a call that the blocking bridge alone adds, over rounds.

    A coroutine that does nothing, run through the private loop, minus the
    same coroutine awaited directly: the thread hand-off with no I/O to hide
    it, which is the facade's whole cost.
    """

    async def nothing() -> None:
        return None

    async def awaited() -> float:
        return await _time_async(nothing, calls)

    _time_blocking(lambda: ionworks._loop.run(nothing()), calls)  # warm-up
    return [
        _time_blocking(lambda: ionworks._loop.run(nothing()), calls)
        - asyncio.run(awaited())
        for _ in range(rounds)
    ]


def report(results: dict[str, list[float]]) -> str:
    """Render the table, with ratios and the paired difference to the async client.

    The difference is the median over rounds of (strategy - AsyncIonworks) in
    the same round: rounds are interleaved, so drift of this shared machine
    hits both sides of each difference alike.
    """
    raw = summary(results["raw aiohttp"])[0]
    base = results["AsyncIonworks"]
    rows = []
    for strategy, values in results.items():
        median, p10, p90 = summary(values)
        added = summary([value - b for value, b in zip(values, base, strict=True)])
        rows.append(
            [
                strategy,
                f"{median:.0f}",
                f"{p10:.0f}",
                f"{p90:.0f}",
                f"{median / raw:.2f}x",
                f"{added[0]:+.0f} ({added[1]:+.0f} to {added[2]:+.0f})",
            ]
        )
    return table(
        [
            "strategy",
            "median µs/call",
            "p10",
            "p90",
            "vs raw aiohttp",
            "µs over AsyncIonworks (paired median, p10 to p90)",
        ],
        rows,
    )


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=200, help="calls a round")
    parser.add_argument("--rounds", type=int, default=40, help="rounds a strategy")
    args = parser.parse_args()
    with loopback_server() as url:
        results = measure(url, args.calls, args.rounds)
    bridge = summary(measure_bridge(args.calls * 5, args.rounds))
    print("## Per-call overhead (loopback, no added latency)\n")
    print(report(results))
    print(
        f"\nThe blocking bridge alone (a no-op coroutine): {bridge[0]:.0f} µs a call "
        f"(p10 {bridge[1]:.0f}, p90 {bridge[2]:.0f}); target at most 100 µs."
    )


if __name__ == "__main__":
    main()
