"""One connection pool per event loop and equal settings, shared by clients."""

from __future__ import annotations

import asyncio
from typing import Any

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async._transport.pools import POOLS

from .test_preconnect import MEASUREMENTS, origins  # noqa: F401 (the fixture)


async def test_a_second_client_with_equal_settings_opens_no_connection(
    origins: Any,  # noqa: F811
) -> None:
    where, cell = origins
    first = AsyncIonworks(where.server.api_key, where.url, cache_dir=False)
    second = AsyncIonworks(where.server.api_key, where.url, cache_dir=False)
    other = AsyncIonworks(
        where.server.api_key, where.url, cache_dir=False, max_concurrency=8
    )
    loop = asyncio.get_running_loop()
    key = first.context.transport.pool_key
    try:
        await first.cell_instance.detail(cell)
        opened = where.api.connections + where.storage.connections
        assert POOLS.users(loop, key) == 1
        detail = await second.cell_instance.detail(cell)
        assert len(detail.measurements) == MEASUREMENTS
        assert where.api.connections + where.storage.connections == opened
        assert POOLS.users(loop, key) == 2
        # Closing one leaves the other's pool open and working.
        await first.aclose()
        assert POOLS.users(loop, key) == 1
        await second.cell_instance.detail(cell)
        assert where.api.connections + where.storage.connections == opened
        # Other limits: connections of its own.
        await other.cell_instance.detail(cell)
        assert where.api.connections > opened - where.storage.connections
        assert other.context.transport.pool_key != key
    finally:
        for client in (first, second, other):
            await client.aclose()
    assert POOLS.users(loop, key) == 0


def test_blocking_clients_share_the_private_loops_pool(
    local_thread_server: Any,
) -> None:
    from ionworks._loop import _RUNNER

    url, key = local_thread_server.url, local_thread_server.api_key
    with Ionworks(key, url) as first:
        spec = first.cell_spec.create({"name": "shared"})
        pool = first._async.context.transport.pool_key
        with Ionworks(key, url) as second:
            assert second.cell_spec.get(spec.id).id == spec.id
            assert POOLS.users(_RUNNER.loop(), pool) == 2
            first.close()  # the other goes on
            assert POOLS.users(_RUNNER.loop(), pool) == 1
            assert second.cell_spec.get(spec.id).name == "shared"
    assert POOLS.users(_RUNNER.loop(), pool) == 0
