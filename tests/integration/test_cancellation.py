"""Cancelling a detail() or a create_many() leaves nothing behind."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from ionworks_async import AsyncIonworks
from ionworks_async.local import LocalServer, serve
from ionworks_async.local.faults import FaultSettings

from ..support import LOCAL_KEY


def acquired(client: AsyncIonworks) -> int:
    session = client.context.transport._session
    return 0 if session is None else len(session.connector._acquired)  # type: ignore[union-attr]


async def test_cancelling_create_many_cancels_every_request() -> None:
    with serve(
        in_memory=True, api_keys=[LOCAL_KEY], faults=FaultSettings(latency_ms=200)
    ) as server:
        async with AsyncIonworks(LOCAL_KEY, server.url) as client:
            spec = await client.cell_spec.create({"name": "cancel"})
            before = asyncio.all_tasks()
            taken: list[int] = []

            def items() -> Any:
                for index in range(500):
                    taken.append(index)
                    yield {"name": f"c{index}"}

            task = asyncio.ensure_future(
                client.cell_instance.create_many(spec.id, items())
            )
            while acquired(client) < 16:
                await asyncio.sleep(0.01)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            assert task.cancelled()
            assert asyncio.all_tasks() <= before
            assert acquired(client) == 0  # no response left open
            assert len(taken) <= client.max_concurrency + 1  # nothing more was consumed
            # the client still works
            again = await client.cell_instance.create_many(spec.id, [{"name": "after"}])
            assert again.ok


async def test_cancelling_detail_on_the_real_server(local_server: LocalServer) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        for n in range(20):
            await client.cell_measurement.create_properties(cell.id, f"p{n}", {})
        assert local_server.state is not None
        local_server.state.faults.settings.latency_ms = 300
        before = asyncio.all_tasks()
        task = asyncio.ensure_future(client.cell_instance.detail(cell.id))
        await asyncio.sleep(0.1)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        # Left: the server's handlers, and the connections being opened ahead
        # (the transport's, bounded, stopped when the client closes).
        assert {
            t
            for t in asyncio.all_tasks() - before
            if "RequestHandler" not in t.get_coro().__qualname__  # type: ignore[union-attr]
            and "Preconnector" not in t.get_coro().__qualname__  # type: ignore[union-attr]
        } == set()
        # The connections opened ahead are held until all are open (then
        # pooled): on a loaded machine that can outlast the cancellation.
        opening = client.context.transport.preconnector._tasks
        await asyncio.gather(*opening, return_exceptions=True)
        assert acquired(client) == 0
        local_server.state.faults.settings.latency_ms = 0
        assert len((await client.cell_instance.detail(cell.id)).measurements) == 20
