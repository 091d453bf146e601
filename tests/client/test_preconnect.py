"""Pre-connect: detail()'s connections open while its first trip is in flight.

A counting proxy (the benchmarks' emulated link, with no delay) stands in
front of ionworks-local's API origin and another in front of its storage
origin, so the tests see every connection opened; the server's statistics
count every request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from benchmarks._link import Link
from ionworks_async import AsyncIonworks
from ionworks_async._transport import preconnect
from ionworks_async.local.demo import constant_current_protocol
from ionworks_async.local.server import LocalServer

MEASUREMENTS = 3


class Origins:
    """ionworks-local with storage on its own origin, each behind a proxy."""

    def __init__(self, server: LocalServer, api: Link, storage: Link, port: int):
        self.server, self.api, self.storage = server, api, storage
        self.url = f"http://127.0.0.1:{port}"

    async def requests(self) -> int:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{self.server.url}/_local/stats") as answer,
        ):
            counts: dict[str, int] = (await answer.json())["requests"]
        return sum(n for route, n in counts.items() if "/_local/" not in route)


@pytest.fixture
async def origins() -> AsyncIterator[tuple[Origins, str]]:
    async with LocalServer(in_memory=True, storage_port=0) as server:
        async with AsyncIonworks(server.api_key, server.url) as client:
            spec = await client.cell_spec.create({"name": "s"})
            cell = await client.cell_instance.create(spec.id, {"name": "c"})
            for n in range(MEASUREMENTS):
                await client.cell_measurement.create(
                    cell.id,
                    {
                        "measurement": {"name": f"m{n}"},
                        "time_series": constant_current_protocol(1),
                    },
                )
        api_port = int(server.url.rsplit(":", 1)[1])
        api = Link("127.0.0.1", api_port, 0.0)
        storage = Link("127.0.0.1", int(server.storage_port or 0), 0.0)
        port = await api.start()
        server.advertise_storage(f"http://127.0.0.1:{await storage.start()}")
        try:
            yield Origins(server, api, storage, port), cell.id
        finally:
            await api.aclose()
            await storage.aclose()


async def test_the_data_trip_finds_its_connections_open_and_nothing_is_sent_twice(
    origins: tuple[Origins, str],
) -> None:
    where, cell = origins
    async with AsyncIonworks(where.server.api_key, where.url, cache_dir=False) as c:
        before = await where.requests()
        first = await c.cell_instance.detail(cell)
        sent = await where.requests() - before
        # The instance, the list, and per measurement steps_and_cycles, the
        # time series' link and its download: pre-connecting sent nothing.
        assert sent == 2 + 3 * MEASUREMENTS
        assert len(first.measurements) == MEASUREMENTS
        # At first, FIRST_WIDTH connections (bounded by max_concurrency).
        assert where.api.connections <= 2 + preconnect.FIRST_WIDTH
        assert c.context.transport.preconnector.opened >= preconnect.FIRST_WIDTH
        # It learned the data trip's width and the storage origin.
        transport = c.context.transport
        assert transport.preconnector.width("detail") == 2 * MEASUREMENTS
        assert transport.storage_origin is not None
        assert transport.storage_origin.port == int(
            where.server.storage_url.rsplit(":", 1)[1]
        )
        api_opened, storage_opened = where.api.connections, where.storage.connections
        before = await where.requests()
        await c.cell_instance.detail(cell)
        assert await where.requests() - before == sent  # the same requests, once each
        # Warm: every connection came from the pool, none was opened.
        assert where.api.connections == api_opened
        assert where.storage.connections == storage_opened
        assert transport.storage_preconnector.opened >= MEASUREMENTS


async def test_pre_connecting_is_bounded_by_the_request_limit(
    origins: tuple[Origins, str],
) -> None:
    where, cell = origins
    async with AsyncIonworks(
        where.server.api_key, where.url, cache_dir=False, max_concurrency=3
    ) as client:
        await client.cell_instance.detail(cell)
        assert client.context.transport.preconnector.opened <= 3
    assert where.api.connections <= 2 + 3 + 3  # trip 1, pre-opened, the rest


async def test_through_a_proxy_nothing_is_pre_opened(
    origins: tuple[Origins, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    where, _ = origins
    async with AsyncIonworks(where.server.api_key, where.url, cache_dir=False) as c:
        monkeypatch.setattr(
            c.context.transport.proxies, "for_url", lambda url: "http://proxy"
        )
        c.context.transport.preconnect("detail")
        await asyncio.sleep(0.05)
        assert c.context.transport.preconnector.opened == 0
    assert where.api.connections == 0


async def test_an_aiohttp_that_cannot_pre_connect_turns_it_off(
    origins: tuple[Origins, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import aiohttp

    def unlike(*_: Any, **__: Any) -> Any:
        raise TypeError("another ClientRequest")

    monkeypatch.setattr(aiohttp, "ClientRequest", unlike)
    where, cell = origins
    async with AsyncIonworks(where.server.api_key, where.url, cache_dir=False) as c:
        detail = await c.cell_instance.detail(cell)  # the call itself is unharmed
        assert len(detail.measurements) == MEASUREMENTS
        assert c.context.transport.preconnector.enabled is False
        assert c.context.transport.preconnector.opened == 0


async def test_details_side_by_side_share_one_opening_and_all_finish(
    origins: tuple[Origins, str],
) -> None:
    where, cell = origins
    async with AsyncIonworks(
        where.server.api_key, where.url, cache_dir=False, max_concurrency=4
    ) as client:
        details = await asyncio.wait_for(
            asyncio.gather(*(client.cell_instance.detail(cell) for _ in range(12))),
            timeout=30,
        )
        assert all(len(d.measurements) == MEASUREMENTS for d in details)
        assert client.context.transport.preconnector.opened <= 4


async def test_a_new_process_opens_storage_connections_before_any_redirect(
    origins: tuple[Origins, str], tmp_path: Any
) -> None:
    where, cell = origins
    async with AsyncIonworks(where.server.api_key, where.url, cache_dir=tmp_path) as c:
        await c.cell_instance.detail(cell)  # learns, and keeps, origin and widths
    storage_before = where.storage.connections
    # A client built afresh (as in the next process) starts from the hints.
    async with AsyncIonworks(where.server.api_key, where.url, cache_dir=tmp_path) as c:
        transport = c.context.transport
        assert transport.storage_origin is not None
        assert transport.preconnector.width("detail") == 2 * MEASUREMENTS
        transport.preconnect("detail")  # what detail() does first
        for _ in range(100):
            if transport.storage_preconnector.opened >= MEASUREMENTS:
                break
            await asyncio.sleep(0.01)
        # Storage connections opened with no request sent to either origin.
        assert where.storage.connections - storage_before == MEASUREMENTS
        assert transport.storage_preconnector.opened == MEASUREMENTS
        before = await where.requests()
        detail = await c.cell_instance.detail(cell, cache=False)
        assert len(detail.measurements) == MEASUREMENTS
        assert await where.requests() - before == 2 + 3 * MEASUREMENTS
        # The downloads took the opened connections: none was added.
        assert where.storage.connections - storage_before == MEASUREMENTS


async def test_idle_connections_go_back_at_once_while_new_ones_open(
    origins: tuple[Origins, str],
) -> None:
    where, cell = origins
    api_port = int(where.server.url.rsplit(":", 1)[1])
    slow = Link("127.0.0.1", api_port, 0.2)  # a round trip, and one more to connect
    url = f"http://127.0.0.1:{await slow.start()}"
    try:
        async with AsyncIonworks(where.server.api_key, url, cache_dir=False) as c:
            await c.cell_instance.detail(cell)  # warm: its connections are idle
            transport = c.context.transport
            opened, created = slow.connections, transport.preconnector.created
            transport.preconnector.learn("detail", opened + 3)  # 3 more than idle
            transport.preconnect("detail")
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            loop = asyncio.get_running_loop()
            start = loop.time()
            await c.cell_instance.get(cell)  # finds an idle connection: one trip
            assert loop.time() - start < 0.35  # a new connection would be 0.4 s
            for _ in range(100):
                if transport.preconnector.created - created >= 3:
                    break
                await asyncio.sleep(0.02)
            assert transport.preconnector.created - created == 3
            assert slow.connections - opened == 3  # only the missing ones opened
    finally:
        await slow.aclose()
