"""How long a bulk job takes to give up on a server that is not there.

``python -m benchmarks.unreachable``: ``create_many`` of 10,000 instances
against a closed port on this machine, with the client's default settings
(5 retries, a 60 s deadline a call, the breaker at 10 items in a row). Before
the one retry loop and the breaker, each item cost about 49 s and the batch
about four hours.
"""

from __future__ import annotations

import asyncio
import socket
import time
from typing import Any

from ionworks_async import AsyncIonworks, BatchError


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def measure(items: int) -> dict[str, Any]:
    """Run the batch; return its elapsed time and how it ended."""
    url = f"http://127.0.0.1:{closed_port()}"
    started = time.perf_counter()
    async with AsyncIonworks("key", url) as client:
        try:
            await client.cell_instance.create_many(
                "spec", ({"name": f"cell-{i}"} for i in range(items))
            )
        except BatchError as error:
            result = error.result
        else:
            raise AssertionError("the batch should have stopped")
    return {
        "items": items,
        "seconds": time.perf_counter() - started,
        "failed": len(result.failed),
        "not_attempted": items - result.taken,
    }


def run(items: int = 10_000) -> tuple[dict[str, Any], str]:
    """Measure once; return the figures and a one-line report."""
    figures = asyncio.run(measure(items))
    line = (
        f"create_many of {figures['items']:,} items against a closed port: ended "
        f"after {figures['seconds']:.1f} s ({figures['failed']} failed to connect, "
        f"{figures['not_attempted']:,} not attempted)"
    )
    return figures, line


if __name__ == "__main__":
    print(run()[1])
