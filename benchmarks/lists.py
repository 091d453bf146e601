"""A list read whole as it grows: K records, ours against the public client's loop.

One ionworks-local (its own process, no added latency) holds a specification
whose instances grow to each K in turn. Ours reads them with one call
(``cell_instance.list(spec)``: the first page, then the rest at once); the
public client pages by hand (``list(spec, limit=100, offset=...)`` until the
total is read), in its own interpreter (``--peer``). Rounds alternate, and
the figures are medians; each K's time per 1,000 records shows whether a
read stays linear in K.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from typing import Any

from ._local import API_KEY, local_server
from ._peer import Peer
from ._stats import table

__all__ = ["run"]

PEER_LOOP = r"""
import json, sys, time
from ionworks import Ionworks

url, key, spec = sys.argv[1:4]
client = Ionworks(api_key=key, api_url=url)
client.cell_instance.list(spec, limit=1)  # connect before the clock
for line in sys.stdin:
    started = time.perf_counter()
    found, offset = [], 0
    while True:
        page = client.cell_instance.list(spec, limit=100, offset=offset)
        found += page.items
        offset += len(page.items)
        if not page.items or offset >= page.total:
            break
    print(json.dumps({"seconds": time.perf_counter() - started, "n": len(found)}))
    sys.stdout.flush()
"""


async def _grow(client: Any, spec_id: str, have: int, want: int) -> None:
    items = [{"name": f"cell-{n:06d}"} for n in range(have, want)]
    result = await client.cell_instance.create_many(spec_id, items, concurrency=16)
    result.raise_for_failures()


async def _ours(client: Any, spec_id: str, expected: int) -> float:
    started = time.perf_counter()
    found = await client.cell_instance.list(spec_id)
    elapsed = time.perf_counter() - started
    assert len(found) == expected, (len(found), expected)
    return elapsed


def run(
    sizes: list[int], rounds: int, peer_python: str | None
) -> tuple[dict[str, Any], str]:
    """Run the benchmark; return its figures and a markdown table."""
    from ionworks_async import AsyncIonworks

    figures: dict[str, Any] = {"sizes": sizes, "ours": {}, "peer": {}}
    with local_server() as url:

        async def setup() -> str:
            async with AsyncIonworks(API_KEY, url) as client:
                return str((await client.cell_spec.create({"name": "lists"})).id)

        spec_id = asyncio.run(setup())
        peer = (
            Peer(peer_python, PEER_LOOP, url, API_KEY, spec_id) if peer_python else None
        )
        have = 0
        try:
            for size in sizes:

                async def measure(size: int = size) -> list[float]:
                    nonlocal have
                    async with AsyncIonworks(API_KEY, url) as client:
                        await _grow(client, spec_id, have, size)
                        have = size
                        await client.cell_instance.list(spec_id, limit=1)
                        times = []
                        for _ in range(rounds):
                            times.append(await _ours(client, spec_id, size))
                            if peer is not None:
                                answer = peer.ask("go")
                                assert answer["n"] == size, answer
                                figures["peer"].setdefault(size, []).append(
                                    answer["seconds"]
                                )
                        return times

                figures["ours"][size] = asyncio.run(measure())
        finally:
            if peer is not None:
                peer.close()
    rows = []
    for size in sizes:
        ours = statistics.median(figures["ours"][size])
        theirs = figures["peer"].get(size)
        peer_median = statistics.median(theirs) if theirs else None
        rows.append(
            [
                f"{size:,}",
                f"{ours * 1000:.0f}",
                f"{ours * 1e6 / size:.0f}",
                "-" if peer_median is None else f"{peer_median * 1000:.0f}",
                "-" if peer_median is None else f"{peer_median / ours:.2f}x",
            ]
        )
    text = table(
        ["K records", "ours ms", "ours ms per 1,000", "peer loop ms", "peer / ours"],
        rows,
    )
    return figures, text


def main(argv: list[str] | None = None) -> int:
    """Run the lists benchmark and print its table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lists")
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--peer", default=os.environ.get("IONWORKS_PEER_PYTHON") or None
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    _, text = run(sizes, args.rounds, args.peer)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
