"""Kept connections: reused across a pause, and a stale one costs a GET nothing.

A front end closes an idle connection on its own clock, so a request sent on
it just then meets a closed socket. The raw server here does exactly that on
demand: it reads the request on a kept connection and drops the connection
without answering.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from ionworks_async import APIConnectionError, AsyncIonworks, NotFoundError
from ionworks_async._transport import pools as session_module

SPEC = {"id": "s", "name": "n"}


class KeptServer:
    """HTTP/1.1 with keep-alive; ``drop_next`` drops the next reused connection."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[tuple[int, str]] = []  # (connection, request line)
        self.drop_next = False
        self.deleted: set[bytes] = set()
        self.server: asyncio.Server | None = None

    async def handle(self, reader: asyncio.StreamReader, writer: Any) -> None:
        self.connections += 1
        number, served = self.connections, 0
        try:
            while line := await reader.readline():
                length = 0
                while (header := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = header.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                await reader.readexactly(length)
                self.requests.append((number, line.decode().strip()))
                gone = False
                if line.startswith(b"DELETE"):  # deleted at once, answered after
                    target = line.split()[1]
                    gone = target in self.deleted
                    self.deleted.add(target)
                if served and self.drop_next:  # the front end closed it
                    self.drop_next = False
                    return
                served += 1
                body = json.dumps(SPEC).encode()
                status = "201 Created" if line.startswith(b"POST") else "200 OK"
                if gone:
                    body, status = b'{"detail": "Not found"}', "404 Not Found"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        finally:
            writer.close()

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"


@pytest.fixture
async def kept() -> AsyncIterator[KeptServer]:
    server = KeptServer()
    server.server = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    async with server.server:
        yield server


async def test_a_get_on_a_connection_the_server_closed_is_resent_once_at_once(
    kept: KeptServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="ionworks")
    async with AsyncIonworks("k", kept.url, cache_dir=False) as client:
        await client.cell_spec.get("a")
        kept.drop_next = True
        assert (await client.cell_spec.get("b")).id == "s"
    # Sent on the kept connection (dropped), then once more on a new one.
    assert kept.requests == [
        (1, "GET /cell_specifications/a HTTP/1.1"),
        (1, "GET /cell_specifications/b HTTP/1.1"),
        (2, "GET /cell_specifications/b HTTP/1.1"),
    ]
    assert not caplog.records  # silent: no retry of the retry loop, no backoff


async def test_a_delete_whose_answer_was_lost_succeeds_when_aiohttp_resends_it(
    kept: KeptServer,
) -> None:
    async with AsyncIonworks("k", kept.url, cache_dir=False) as client:
        await client.cell_spec.get("a")
        kept.drop_next = True  # deleted, then the kept connection drops
        await client.cell_spec.delete("b")  # aiohttp's re-send meets 404: done
        with pytest.raises(NotFoundError):  # a first sending's 404 is still one
            await client.cell_spec.delete("b")
    assert [line for _, line in kept.requests] == [
        "GET /cell_specifications/a HTTP/1.1",
        *["DELETE /cell_specifications/b HTTP/1.1"] * 3,
    ]
    assert [number for number, _ in kept.requests][1:3] == [1, 2]  # re-sent anew


async def test_a_post_on_a_connection_the_server_closed_is_not_resent(
    kept: KeptServer,
) -> None:
    async with AsyncIonworks("k", kept.url, cache_dir=False) as client:
        await client.cell_spec.get("a")
        kept.drop_next = True
        with pytest.raises(APIConnectionError, match="POST /cell_specifications"):
            await client.cell_spec.create({"name": "n"})
    # It may have been received: it is never sent again.
    assert [line for _, line in kept.requests].count(
        "POST /cell_specifications HTTP/1.1"
    ) == 1


async def test_an_idle_connection_is_kept_for_the_keepalive_time(
    kept: KeptServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert 60.0 < session_module.KEEPALIVE_SECONDS < 75.0  # a minute's pause
    monkeypatch.setattr(session_module, "KEEPALIVE_SECONDS", 0.4)
    async with AsyncIonworks("k", kept.url, cache_dir=False) as client:
        await client.cell_spec.get("a")
        await asyncio.sleep(0.1)
        await client.cell_spec.get("b")  # within the time: the same connection
        await asyncio.sleep(1.0)
        await client.cell_spec.get("c")  # after it: the client closed it
    assert [number for number, _ in kept.requests] == [1, 1, 2]
