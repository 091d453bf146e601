"""Bulk ingestion throughput: a sequential loop against create_many.

Run: ``python -m benchmarks.ingest [--latency-ms 20] [--items 600] [--rounds 3]``

Against ``ionworks-local --latency-ms L`` in its own process, creates cell
instances with a sequential ``create_or_get`` loop and with ``create_many`` at
concurrency 8, 32 and 64, and prints instances a second (median of rounds)
beside the bound ``concurrency / latency``. Targets: at concurrency 64, at
least 20x the sequential loop and at least 70 % of the bound.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid

from ionworks_async import AsyncIonworks

from ._local import API_KEY, local_server
from ._stats import table

CONCURRENCIES = (8, 32, 64)


async def measure(
    url: str, items: int, rounds: int, latency: float
) -> dict[str, list[float]]:
    """Return instances a second of each strategy, one figure a round."""
    rates: dict[str, list[float]] = {"sequential create_or_get": []}
    rates.update({f"create_many, concurrency {c}": [] for c in CONCURRENCIES})
    async with AsyncIonworks(
        API_KEY, url, max_concurrency=max(CONCURRENCIES)
    ) as client:
        spec = await client.cell_spec.create({"name": f"bench {uuid.uuid4()}"})
        sequential_items = max(20, int(items * latency))  # about the same seconds
        await client.cell_instance.create_many(
            spec.id, [{"name": f"warm-{n}"} for n in range(64)]
        )
        for round_number in range(rounds):
            prefix = f"r{round_number}"
            started = time.perf_counter()
            for n in range(sequential_items):
                await client.cell_instance.create_or_get(
                    spec.id, {"name": f"{prefix}-s{n}"}
                )
            rates["sequential create_or_get"].append(
                sequential_items / (time.perf_counter() - started)
            )
            for concurrency in CONCURRENCIES:
                result = await client.cell_instance.create_many(
                    spec.id,
                    ({"name": f"{prefix}-c{concurrency}-{n}"} for n in range(items)),
                    concurrency=concurrency,
                )
                result.raise_for_failures()
                rates[f"create_many, concurrency {concurrency}"].append(result.rate)
    return rates


def report(rates: dict[str, list[float]], latency: float) -> str:
    """Render the table: median rate, bound, share of bound, speed-up."""
    sequential = statistics.median(rates["sequential create_or_get"])
    rows = []
    for strategy, values in rates.items():
        median = statistics.median(values)
        concurrency = (
            int(strategy.rsplit(" ", 1)[1]) if "concurrency" in strategy else 1
        )
        bound = concurrency / latency
        rows.append(
            [
                strategy,
                f"{median:.0f}",
                f"{min(values):.0f}-{max(values):.0f}",
                f"{bound:.0f}",
                f"{median / bound:.0%}",
                f"{median / sequential:.1f}x",
            ]
        )
    return table(
        [
            "strategy",
            "instances/s (median)",
            "range",
            "bound c/L",
            "of bound",
            "vs sequential",
        ],
        rows,
    )


def run(
    latency_ms: float, items: int, rounds: int
) -> tuple[dict[str, list[float]], str]:
    """Start the server, measure, and return the rates and the table."""
    with local_server("--latency-ms", str(latency_ms)) as url:
        rates = asyncio.run(measure(url, items, rounds, latency_ms / 1000))
    return rates, report(rates, latency_ms / 1000)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--items", type=int, default=600, help="items a create_many")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    _, text = run(args.latency_ms, args.items, args.rounds)
    print(f"## Bulk ingestion (ionworks-local, latency {args.latency_ms:g} ms)\n")
    print(text)


if __name__ == "__main__":
    main()
