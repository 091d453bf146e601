"""Uploading a large CSV file: peak memory and throughput of one ``create``.

A CSV cycler export of ``size`` bytes is written, then uploaded by
``cell_measurement.create`` in a child process (so its peak RSS is its own)
to a stand-in API whose storage reads every byte and keeps none (ionworks-local
would then process the series in pure Python, which is not what is measured
here). The client streams the CSV in blocks, validates each, writes a
temporary zstd parquet file and PUTs it from disk: its memory should not grow
with the file.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ._stats import PEAK_RSS_MB, table
from .validation import synthetic

CHILD = (
    PEAK_RSS_MB
    + """
import json, sys, time
started = time.perf_counter()
from ionworks import Ionworks
url, path, mode = sys.argv[1], sys.argv[2], sys.argv[3]
with Ionworks("bench-key", url) as client:
    if mode == "upload":
        client.cell_measurement.create(
            "cell-1",
            {"measurement": {"name": "big"}, "time_series": path},
            wait_for_processing=False,
        )
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_rss_mb": peak_rss_mb(),
}))
"""
)


def write_csv(path: Path, size: int) -> int:
    """Write a clean cycler run of at least ``size`` bytes; return its rows."""
    import pyarrow.csv as pacsv

    rows, piece = 0, 200_000
    with pacsv.CSVWriter(path, synthetic(1, 1).schema) as writer:
        while path.stat().st_size < size:
            writer.write_table(synthetic(piece, piece // 50, rows))
            rows += piece
    return rows


@contextmanager
def sink_api() -> Iterator[tuple[str, dict[str, int]]]:
    """Serve initiate, a storage PUT that counts and drops bytes, confirm."""
    from aiohttp import web

    received = {"bytes": 0}

    async def initiate(request: web.Request) -> web.Response:
        base = f"{request.scheme}://{request.host}"
        return web.json_response(
            {
                "measurement_id": "m1",
                "uploads": [
                    {
                        "filename": "time_series.parquet",
                        "signed_url": f"{base}/storage/m1/time_series.parquet",
                    }
                ],
            }
        )

    async def put(request: web.Request) -> web.Response:
        async for chunk in request.content.iter_chunked(1 << 20):
            received["bytes"] += len(chunk)
        return web.Response(status=200)

    async def confirm(request: web.Request) -> web.Response:
        body = await request.json()
        record = {
            **body["measurement"],
            "id": "m1",
            "cell_instance_id": body["cell_instance_id"],
            "measurement_type": "time_series",
            "processing_status": "pending",
            "steps_created": 0,
        }
        return web.json_response(record, status=201)

    app = web.Application(client_max_size=1 << 40)
    app.add_routes(
        [
            web.post(
                "/cell_instances/{id}/cell_measurements/initiate-upload", initiate
            ),
            web.put("/storage/{id}/{file}", put),
            web.post("/cell_measurements/{id}/confirm-upload", confirm),
        ]
    )
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", received
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.run_until_complete(runner.cleanup())
        loop.close()


def child(url: str, path: Path, mode: str) -> dict[str, float]:
    """Run the client in a child process; return its time and peak RSS."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(path), mode],
        capture_output=True,
        text=True,
        timeout=3600,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(size: int) -> tuple[dict[str, Any], str]:
    """Write a CSV of ``size`` bytes, upload it; return figures and a table."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        started = time.perf_counter()
        rows = write_csv(path, size)
        written = time.perf_counter() - started
        csv_bytes = path.stat().st_size
        with sink_api() as (url, received):
            baseline = child(url, path, "import")
            upload = child(url, path, "upload")
    figures = {
        "csv_bytes": csv_bytes,
        "rows": rows,
        "write_seconds": written,
        "baseline": baseline,
        "upload": upload,
        "sent_bytes": received["bytes"],
    }
    mb = csv_bytes / 1e6
    peak = upload["peak_rss_mb"]
    return figures, (
        table(
            ["what", "figure"],
            [
                ["CSV file", f"{mb:,.0f} MB, {rows:,} rows"],
                ["parquet sent (zstd)", f"{received['bytes'] / 1e6:,.0f} MB"],
                [
                    "upload time (read, validate, encode, PUT)",
                    f"{upload['seconds']:.1f} s ({mb / upload['seconds']:.0f} MB/s)",
                ],
                ["peak RSS of the uploading process", f"{peak:.0f} MB"],
                [
                    "peak RSS of the same process without the upload",
                    f"{baseline['peak_rss_mb']:.0f} MB",
                ],
            ],
        )
        + f"\nTarget: peak RSS under 500 MB for a 1 GB CSV: {peak:.0f} MB "
        f"({'met' if peak < 500 else 'MISSED'}"
        + ("" if csv_bytes >= 1e9 else f"; measured on {mb:.0f} MB")
        + ")"
    )
