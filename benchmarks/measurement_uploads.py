"""Measurement uploads at scale: ``create_many`` against a loop of ``create``.

Against ionworks-local at L ms a request (in its own process), uploads
time-series measurements of ``rows`` rows each (a synthetic cycler run,
validated and encoded by the client as for any upload) to one cell instance:

- ``create_many``: ``cell_measurement.create_many`` at the client's default
  concurrency, for ``count`` measurements and for a quarter of them, each in
  a child process of its own so that its peak RSS is its own (memory must not
  grow with the number of measurements);
- ``sequential create``: a loop of ``cell_measurement.create``;
- ``ionworks-api 0.38`` (with ``--peer``): the public client's loop of
  ``create``, in its own interpreter.

Every upload passes ``wait_for_processing=False``: what is measured is the
upload (initiate, PUT, confirm), not the server's processing. The bound is
``max_concurrency / (3 trips x L)``, and the loopback's PUT bandwidth over
the bytes sent a measurement.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ionworks_async.tables.table import Table

from ._local import API_KEY
from ._peer import run_script
from ._stats import PEAK_RSS_MB, table
from .validation import synthetic

CHILD = (
    PEAK_RSS_MB
    + """
import json, sys, time
import pyarrow.parquet as pq
from ionworks_async import AsyncIonworks
import asyncio
url, key, instance, path, mode, count = sys.argv[1:7]
count = int(count)
frame = pq.read_table(path)

async def main():
    async with AsyncIonworks(key, url, timeout=120, cache_dir=False) as client:
        items = (
            {"measurement": {"name": f"{mode}-{n}"}, "time_series": frame}
            for n in range(count)
        )
        started = time.perf_counter()
        if mode.startswith("many"):
            result = await client.cell_measurement.create_many(
                instance, items, wait_for_processing=False
            )
            result.raise_for_failures()
        else:
            for item in items:
                await client.cell_measurement.create(
                    instance, item, wait_for_processing=False
                )
        return time.perf_counter() - started

seconds = asyncio.run(main())
print(json.dumps({
    "seconds": seconds,
    "peak_rss_mb": peak_rss_mb(),
}))
"""
)

PEER = """
import json, sys, time
import pandas as pd
import ionworks
url, key, instance, path, count = sys.argv[1:6]
frame = pd.read_parquet(path)
client = ionworks.Ionworks(api_key=key, api_url=url)
started = time.perf_counter()
for n in range(int(count)):
    client.cell_measurement.create(
        instance,
        {"measurement": {"name": f"peer-{n}"}, "time_series": frame},
        wait_for_processing=False,
    )
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

SINK = """
import asyncio, sys
from aiohttp import web

async def put(request):
    size = 0
    async for chunk in request.content.iter_any():
        size += len(chunk)
    return web.json_response({"size": size})

async def main():
    app = web.Application(client_max_size=2**31)
    app.router.add_put("/sink", put)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    print(site._server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


def loopback_put_mb_s(megabytes: int = 256) -> float:
    """The loopback's PUT bandwidth: one body to a sink in another process."""
    import asyncio

    import aiohttp

    with subprocess.Popen(
        [sys.executable, "-c", SINK], stdout=subprocess.PIPE, text=True
    ) as sink:
        assert sink.stdout is not None
        port = int(sink.stdout.readline())
        body = b"\0" * (megabytes * 1_000_000)

        async def put() -> float:
            async with aiohttp.ClientSession() as session:
                started = time.perf_counter()
                async with session.put(f"http://127.0.0.1:{port}/sink", data=body):
                    pass
                return time.perf_counter() - started

        try:
            seconds = min(asyncio.run(put()) for _ in range(3))
        finally:
            sink.terminate()
    return megabytes / seconds


def _child(script: str, *args: str) -> dict[str, Any]:
    """Run one of our upload scripts in a child process of its own."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=3600,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def settle(client: Any, instance_id: str, timeout: float = 600) -> None:
    """Wait until the server has processed every upload of the instance.

    Uploads pass ``wait_for_processing=False``, so the server processes them
    after the run that sent them; the next run must not share its cores with
    that backlog.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = sum(
            measurement.processing_status in ("pending", "running")
            for measurement in client.cell_measurement.iter_all(instance_id)
        )
        if not busy:
            return
        time.sleep(0.25)
    raise TimeoutError(f"uploads still processing after {timeout:g} s")


def run(
    url: str,
    latency_ms: float,
    count: int,
    rows: int,
    sequential_count: int,
    peer: str | None,
) -> tuple[dict[str, Any], str]:
    """Run every strategy once; return the figures and a markdown table."""
    import pyarrow.parquet as pq

    from ionworks import Ionworks

    from .detail import set_latency

    frame = synthetic(rows, rows // 50)
    data_mb = frame.nbytes / 1e6
    figures: dict[str, Any] = {
        "count": count,
        "rows": rows,
        "data_mb_each": data_mb,
        "latency_ms": latency_ms,
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.parquet"
        pq.write_table(frame, path)  # what each child reads (and sends re-encoded)
        sent_mb = len(Table.from_arrow(frame).to_parquet()) / 1e6  # as the client does
        figures["sent_mb_each"] = sent_mb
        set_latency(url, 0)
        client = Ionworks(API_KEY, url, cache_dir=False)
        spec = client.cell_spec.create_or_get({"name": "upload benchmark"})
        instance = client.cell_instance.create(spec.id, {"name": f"u{time.time()}"})
        concurrency = client.max_concurrency
        set_latency(url, latency_ms)
        common = (url, API_KEY, instance.id, str(path))
        runs: dict[str, dict[str, Any]] = {}
        try:
            for label, mode, n in (
                (f"create_many, {count // 4}", "many-quarter", count // 4),
                (f"create_many, {count}", "many", count),
                (f"sequential create, {sequential_count}", "loop", sequential_count),
            ):
                settle(client, instance.id)
                runs[label] = {"count": n, **_child(CHILD, *common, mode, str(n))}
            if peer:
                settle(client, instance.id)
                label = f"ionworks-api 0.38 create loop, {sequential_count}"
                try:
                    result = run_script(peer, PEER, *common, str(sequential_count))
                    runs[label] = {"count": sequential_count, **result}
                except (OSError, subprocess.SubprocessError, ValueError) as error:
                    figures["peer_error"] = str(error)[-300:]
            settle(client, instance.id)
        finally:
            client.close()
    set_latency(url, 0)
    bandwidth = loopback_put_mb_s()
    bound = min(concurrency / (3 * latency_ms / 1000), bandwidth / sent_mb)
    figures["runs"] = runs
    figures["bound_per_s"] = bound
    figures["loopback_put_mb_s"] = bandwidth
    rows_out = []
    for label, entry in runs.items():
        rate = entry["count"] / entry["seconds"]
        entry["per_s"] = rate
        rss = entry.get("peak_rss_mb")
        rows_out.append(
            [
                label,
                f"{rate:.1f}",
                f"{rate * data_mb:.1f}",
                f"{rate * sent_mb:.1f}",
                "" if rss is None else f"{rss:.0f}",
                f"{rate / bound:.0%}",
            ]
        )
    many = runs[f"create_many, {count}"]["per_s"]
    loop = runs[f"sequential create, {sequential_count}"]["per_s"]
    quarter = runs[f"create_many, {count // 4}"]
    verdicts = [
        f"create_many / sequential create: {many / loop:.1f}x "
        f"({'met' if many >= 10 * loop else 'MISSED'}; target 10x)",
        f"peak RSS at {count} / at {count // 4}: "
        f"{runs[f'create_many, {count}']['peak_rss_mb'] / quarter['peak_rss_mb']:.2f}"
        " (target: independent of the count)",
    ]
    peer_label = f"ionworks-api 0.38 create loop, {sequential_count}"
    if peer_label in runs:
        speedup = many / runs[peer_label]["per_s"]
        verdicts.append(
            f"create_many / ionworks-api 0.38's create loop: {speedup:.1f}x "
            f"({'met' if speedup >= 10 else 'MISSED'}; target 10x)"
        )
    figures["speedup_vs_sequential"] = many / loop
    text = (
        table(
            [
                "strategy, measurements",
                "measurements/s",
                "data MB/s",
                "sent MB/s",
                "peak RSS MB",
                "of bound",
            ],
            rows_out,
        )
        + f"\n\nEach measurement: {rows:,} rows, {data_mb:.1f} MB in memory, "
        f"{sent_mb:.2f} MB of zstd parquet sent. Bound: "
        f"min({concurrency} / (3 x {latency_ms:g} ms), loopback PUT "
        f"{bandwidth:.0f} MB/s / {sent_mb:.2f} MB) = {bound:.0f} a second.\n\n"
        + "\n".join(f"- {line}" for line in verdicts)
    )
    return figures, text
