"""Answers are bounded whatever the server sends: size, decoded size, rate.

A loopback aiohttp server streams an endless JSON body, a gzip bomb, a
download that trickles and one that declares an impossible length. The
bounds are lowered for the test (they are module constants); each violation
is a ``ResponseValidationError`` that names the call, and none is retried.
"""

from __future__ import annotations

import asyncio
import gzip
import importlib
import tracemalloc
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from ionworks_async import AsyncIonworks, ResponseValidationError

from ..support.hostile_server import RawServer, http_answer
from ..support.retries import no_sleep, set_retrier

body_module = importlib.import_module("ionworks_async._transport.body")
KEY = "bounded-key"
MIB = 1024**2


async def endless_json(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    await response.prepare(request)
    await response.write(b'{"id": "s1", "name": "')
    while True:
        await response.write(b"a" * 65536)


async def gzip_bomb(request: web.Request) -> web.Response:
    return web.Response(
        body=gzip.compress(b" " * (8 * MIB)),  # a few KiB on the wire
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )


async def redirect_to_trickle(request: web.Request) -> web.Response:
    raise web.HTTPTemporaryRedirect("/storage/trickle")


async def redirect_to_endless(request: web.Request) -> web.Response:
    raise web.HTTPTemporaryRedirect("/storage/endless")


async def redirect_to_large(request: web.Request) -> web.Response:
    raise web.HTTPTemporaryRedirect("/storage/large")


async def endless_download(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    await response.prepare(request)
    block = bytes(256 * 1024)
    while True:  # as fast as the socket takes it, for ever
        await response.write(block)


LARGE = b"PAR1" + bytes(range(256)) * (12 * 4096) + b"PAR1"  # 12 MiB and 8 bytes


async def large_download(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    await response.prepare(request)
    for start in range(0, len(LARGE), 100_000):
        await response.write(LARGE[start : start + 100_000])
    await response.write_eof()
    return response


async def trickle(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    await response.prepare(request)
    while True:
        await response.write(b"x" * 100)
        await asyncio.sleep(0.02)


@pytest.fixture
async def hostile_url() -> AsyncIterator[tuple[str, dict[str, int]]]:
    counts: dict[str, int] = {}

    @web.middleware
    async def count(request: web.Request, handler: Any) -> web.StreamResponse:
        counts[request.path] = counts.get(request.path, 0) + 1
        response: web.StreamResponse = await handler(request)
        return response

    app = web.Application(middlewares=[count])
    app.router.add_get("/cell_specifications/endless", endless_json)
    app.router.add_get("/cell_specifications/bomb", gzip_bomb)
    app.router.add_get(
        "/cell_measurements/m1/time_series/download", redirect_to_trickle
    )
    app.router.add_get("/storage/trickle", trickle)
    app.router.add_get(
        "/cell_measurements/m2/time_series/download", redirect_to_endless
    )
    app.router.add_get("/storage/endless", endless_download)
    app.router.add_get("/cell_measurements/m3/files/big.bin", redirect_to_large)
    app.router.add_get("/storage/large", large_download)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", counts
    finally:
        await runner.cleanup()


@pytest.fixture
def small_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_module, "MAX_JSON_BYTES", 1 * MIB)
    monkeypatch.setattr(body_module, "MAX_TRANSFER_BYTES", 2 * MIB)
    monkeypatch.setattr(body_module, "TRANSFER_GRACE_SECONDS", 0.3)
    monkeypatch.setattr(body_module, "MIN_TRANSFER_RATE", 1 * MIB)


@pytest.mark.parametrize("record", ["endless", "bomb"])
async def test_a_json_answer_beyond_the_bound_is_refused(
    hostile_url: tuple[str, dict[str, int]], small_bounds: None, record: str
) -> None:
    url, counts = hostile_url
    async with AsyncIonworks(KEY, url, cache_dir=False, timeout=30) as client:
        set_retrier(client, sleep=no_sleep)
        with pytest.raises(ResponseValidationError, match="beyond 1,048,576 bytes"):
            await client.cell_spec.get(record)
    assert counts[f"/cell_specifications/{record}"] == 1  # refused, not retried


async def test_a_download_that_trickles_ends(
    hostile_url: tuple[str, dict[str, int]], small_bounds: None
) -> None:
    url, counts = hostile_url
    async with AsyncIonworks(KEY, url, cache_dir=False) as client:
        set_retrier(client, sleep=no_sleep)
        with pytest.raises(ResponseValidationError, match="bytes/s"):
            await client.cell_measurement.time_series("m1")
    assert counts["/storage/trickle"] == 1


async def test_a_download_declaring_an_impossible_length_is_refused_unread(
    small_bounds: None,
) -> None:
    server = RawServer()
    await server.start()
    try:
        server.answer = lambda method, target, headers: (
            http_answer(307, [("Location", "/storage/huge")], b"", content_length="0")
            if "download" in target
            else http_answer(200, [], b"", content_length=str(10**12))
        )
        async with AsyncIonworks(KEY, server.url, cache_dir=False) as client:
            set_retrier(client, sleep=no_sleep)
            with pytest.raises(ResponseValidationError, match="Content-Length"):
                await client.cell_measurement.time_series("m1")
    finally:
        await server.stop()


async def test_an_endless_download_waits_on_disk_and_ends_at_the_clients_cap(
    hostile_url: tuple[str, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, counts = hostile_url
    monkeypatch.setattr(body_module, "SPOOL_BYTES", 1 * MIB)
    cap = 96 * MIB
    tracemalloc.start()
    try:
        async with AsyncIonworks(
            KEY, url, cache_dir=False, max_download_bytes=cap
        ) as client:
            set_retrier(client, sleep=no_sleep)
            with pytest.raises(ResponseValidationError) as caught:
                await client.cell_measurement.time_series("m2")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "beyond 100,663,296 bytes, max_download_bytes" in str(caught.value)
    assert counts["/storage/endless"] == 1  # refused, not retried
    assert peak < cap / 4, f"{peak / MIB:.0f} MiB held for a {cap / MIB:.0f} MiB cap"


async def test_a_download_larger_than_memory_holds_arrives_whole(
    hostile_url: tuple[str, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = hostile_url
    monkeypatch.setattr(body_module, "SPOOL_BYTES", 1 * MIB)
    written: list[int] = []
    spool = body_module._Spool._write

    def noted(self: Any, held: list[bytes]) -> None:
        written.append(sum(map(len, held)))
        spool(self, held)

    monkeypatch.setattr(body_module._Spool, "_write", noted)
    async with AsyncIonworks(KEY, url, cache_dir=False) as client:
        data = await client.cell_measurement.get_file("m3", "big.bin")
    assert data == LARGE
    assert sum(written) == len(LARGE) and len(written) > 2  # it went to disk


def test_the_download_cap_is_a_positive_number_of_bytes() -> None:
    for wrong in (0, -1, 1.5, "8G"):
        with pytest.raises(ValueError, match="max_download_bytes"):
            AsyncIonworks(KEY, "http://127.0.0.1:1", max_download_bytes=wrong)  # type: ignore[arg-type]
