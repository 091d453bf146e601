"""An emulated network path on loopback: a TCP proxy that delays what it carries.

Each direction's bytes arrive half a round trip after they were sent, in the
order sent (one queue and one writer a direction), and a new connection
carries nothing for one round trip first, as TCP's handshake costs. TLS runs
through it end to end, so its handshake pays its round trips too. The proxy
listens on 127.0.0.1 only; a connection idle for :data:`IDLE_LIMIT` seconds
is closed, and :meth:`Link.aclose` ends everything, so nothing outlives a run.
Slow start is not modelled: the payloads here are small and the link is fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

__all__ = ["IDLE_LIMIT", "Link"]

IDLE_LIMIT = 600.0
"""Seconds a proxied connection may carry nothing before it is closed."""


class Link:
    """A loopback proxy to ``host:port`` with a round trip of ``rtt`` seconds.

    Parameters
    ----------
    host, port : str, int
        Where the proxy forwards to (a local server).
    rtt : float
        The round trip, in seconds: each direction delays by half of it, and
        a new connection waits one whole before carrying data.

    Attributes
    ----------
    connections : int
        Connections accepted so far (a counter the benchmark reads).
    """

    def __init__(self, host: str, port: int, rtt: float) -> None:
        self.target = (host, port)
        self.rtt = rtt
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        """Start listening on a free loopback port; return it."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def aclose(self) -> None:
        """Stop listening and close every proxied connection."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def _accept(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        opened = time.monotonic() + self.rtt  # the handshake's round trip
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            self._tasks.discard(task)
            return
        try:
            await asyncio.gather(
                self._pump(reader, up_writer, opened),
                self._pump(up_reader, writer, 0.0),
            )
        except (OSError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:  # aclose(): the handler ends quietly
            pass
        finally:
            for end in (writer, up_writer):
                end.close()
            self._tasks.discard(task)

    async def _pump(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        not_before: float,
    ) -> None:
        """Carry one direction: each chunk half a round trip late, in order."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        deliver = asyncio.ensure_future(self._deliver(queue, sink))
        try:
            while True:
                chunk = await asyncio.wait_for(source.read(65536), IDLE_LIMIT)
                now = max(time.monotonic(), not_before)
                queue.put_nowait((now + self.rtt / 2, chunk))
                if not chunk:  # the end of this direction travels too
                    break
            await deliver
        except TimeoutError:
            pass
        finally:
            deliver.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await deliver

    async def _deliver(
        self, queue: asyncio.Queue[tuple[float, bytes]], sink: asyncio.StreamWriter
    ) -> None:
        while True:
            due, chunk = await queue.get()
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if not chunk:
                if sink.can_write_eof():
                    sink.write_eof()
                return
            sink.write(chunk)
            await sink.drain()
