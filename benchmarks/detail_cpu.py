"""The client's own CPU in ``detail()``, as N measurements grow.

ionworks-local runs in its own process (no added latency), so the client's
process CPU (``time.process_time()``: the event loop's thread and the worker
threads that decode) is the client's alone. For each N, an instance holds N
processed measurements of a small time series; ``cell_instance.detail`` is
timed with the async client and with the blocking one (polars frames, the
default; no cache), and the table gives the CPU per measurement: flat in N
when nothing grows with the work.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async.local.demo import constant_current_protocol

from ._local import API_KEY, local_server
from ._stats import table

__all__ = ["run"]


async def _instances(url: str, sizes: list[int], rows: int) -> dict[int, str]:
    series = constant_current_protocol(cycles=1, sample_seconds=8400 / rows)
    async with AsyncIonworks(API_KEY, url) as client:
        spec = await client.cell_spec.create_or_get({"name": "cpu"})
        made = {}
        for size in sizes:
            cell = await client.cell_instance.create(spec.id, {"name": f"N={size}"})
            result = await client.cell_measurement.create_many(
                cell.id,
                (
                    {"measurement": {"name": f"run {n:03d}"}, "time_series": series}
                    for n in range(size)
                ),
            )
            result.raise_for_failures()
            made[size] = cell.id
        return made


def _cpu(call: Any) -> tuple[float, float]:
    """Run ``call()``; return its wall seconds and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def run(sizes: list[int], rounds: int, rows: int) -> tuple[dict[str, Any], str]:
    """Run the benchmark; return its figures and a markdown table."""
    figures: dict[str, Any] = {
        "sizes": sizes,
        "rows": rows,
        "async": {},
        "blocking": {},
    }
    with local_server() as url:
        instances = asyncio.run(_instances(url, sizes, rows))
        loop = asyncio.new_event_loop()
        client = AsyncIonworks(API_KEY, url, cache_dir=False)
        try:
            with Ionworks(API_KEY, url, cache_dir=False) as blocking:
                for size, instance in instances.items():
                    ours = figures["async"].setdefault(size, [])
                    theirs = figures["blocking"].setdefault(size, [])

                    def detail_async(instance: str = instance) -> None:
                        loop.run_until_complete(client.cell_instance.detail(instance))

                    def detail_blocking(instance: str = instance) -> None:
                        blocking.cell_instance.detail(instance)

                    detail_async()  # warm: connections, imports
                    detail_blocking()
                    for _ in range(rounds):
                        ours.append(_cpu(detail_async))
                        theirs.append(_cpu(detail_blocking))
        finally:
            loop.run_until_complete(client.aclose())
            loop.close()
    lines = []
    for size in sizes:
        row = [f"{size}"]
        for side in ("async", "blocking"):
            wall = statistics.median(w for w, _ in figures[side][size])
            cpu = statistics.median(c for _, c in figures[side][size])
            row += [f"{wall * 1000:.0f}", f"{cpu * 1000 / size:.2f}"]
        lines.append(row)
    text = table(
        [
            "N",
            "async ms",
            "async CPU ms / measurement",
            "blocking ms",
            "blocking CPU ms / measurement",
        ],
        lines,
    )
    return figures, text


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.detail_cpu")
    parser.add_argument("--sizes", default="10,100,500")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=600)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    _, text = run(sizes, args.rounds, args.rows)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
