"""Connections opened before the requests that will need them (pre-connect).

On a new connection a request waits a TCP and a TLS handshake, two round trips,
before its own. ``detail()``'s second trip sends one request a measurement's
data at once, which the first trip's two connections cannot carry: without
help, its requests wait for a wave of handshakes after the list arrives, and
the storage downloads that follow for another. So while a trip is in flight,
the client opens the connections the next will need, and the next takes them
from the pool.

aiohttp has no public call for this. Its connector's ``connect()``, given a
request of the same origin and settings, returns a connection (from the pool,
else a new one: TCP, TLS and all); ``release()`` puts it back in the pool.
Nothing is sent on it. Connections the pool already had idle come back at
once (after one turn of the loop, when every ``connect()`` has either taken
one or begun opening one), so a warm call's requests never wait on them; the
new ones are held until all are open, so ``count`` are distinct, and a
request sent meanwhile opens its own, as it would have. Opening is best
effort: any failure is left to the requests themselves (they report it),
and a connector that cannot be used this way (another aiohttp) turns
pre-connecting off. One opening runs at a time for an origin (``detail()``
calls side by side share it), bounded by the request limit, so what it holds
never exceeds the connector's limit and never waits on itself.

How many to open: a detail's second trip is as wide as the last one this
client made (:meth:`Preconnector.learn`), or :data:`FIRST_WIDTH` at first.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import aiohttp
    from yarl import URL

__all__ = ["FIRST_WIDTH", "Preconnector"]

logger = logging.getLogger("ionworks")

FIRST_WIDTH = 32
"""Connections opened for a client's first ``detail()``, before any is learned."""


class Preconnector:
    """Opens connections to an origin in the background, bounded and counted.

    Parameters
    ----------
    limit : int
        The most connections one call opens (the request limit).

    Attributes
    ----------
    opened : int
        Connections handed back to the pool by pre-connecting (new or reused).
    created : int
        Of those, the ones it opened (the rest were idle in the pool already,
        and went back to it at once).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.opened = 0
        self.created = 0
        self.enabled = True
        self._widths: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def width(self, kind: str) -> int:
        """How many connections the next ``kind`` trip needs, as last learned."""
        return min(self._widths.get(kind, FIRST_WIDTH), self.limit)

    def known(self, kind: str) -> int | None:
        """Return the width last learned for ``kind`` (bounded), or ``None``."""
        width = self._widths.get(kind)
        return None if width is None else min(width, self.limit)

    def learn(self, kind: str, requests: int) -> None:
        """Remember how many requests a ``kind`` trip sent at once."""
        self._widths[kind] = max(0, requests)

    def open(self, session: aiohttp.ClientSession, url: URL, count: int) -> None:
        """Begin opening ``count`` connections to ``url``'s origin; return at once."""
        count = min(count, self.limit)
        if not self.enabled or count <= 0 or self._tasks:
            return  # one opening at a time: calls side by side share it
        task = asyncio.ensure_future(self._open(session, url, count))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _open(self, session: aiohttp.ClientSession, url: URL, count: int) -> None:
        import aiohttp

        loop = asyncio.get_running_loop()
        connector = session.connector
        assert connector is not None
        timeout = aiohttp.ClientTimeout(total=30)

        def request() -> aiohttp.ClientRequest:
            return aiohttp.ClientRequest(
                "GET", url.origin(), loop=loop, session=session
            )

        try:
            tasks = [
                asyncio.ensure_future(connector.connect(request(), [], timeout))
                for _ in range(count)
            ]
        except TypeError:  # another aiohttp's ClientRequest: do without
            self.enabled = False
            logger.debug("pre-connecting is off: this aiohttp does not allow it")
            return
        # One turn of the loop: each has taken an idle connection from the
        # pool (at once) or begun opening one. The idle ones go back now, so
        # the requests find them; only the new ones are held until all open.
        await asyncio.sleep(0)
        pooled = [
            t for t in tasks if t.done() and not t.cancelled() and not t.exception()
        ]
        for task in pooled:
            task.result().release()
        opening = [t for t in tasks if t not in pooled]
        try:
            outcomes = await asyncio.gather(*opening, return_exceptions=True)
        finally:
            for task in opening:
                if task.done() and not task.cancelled() and not task.exception():
                    task.result().release()
                else:
                    task.cancel()
        opened = [o for o in outcomes if not isinstance(o, BaseException)]
        self.opened += len(pooled) + len(opened)
        self.created += len(opened)
        failed = [o for o in outcomes if isinstance(o, BaseException)]
        if failed and not opened and all(isinstance(o, TypeError) for o in failed):
            self.enabled = False  # another aiohttp's connect(): do without
            logger.debug("pre-connecting is off: this aiohttp does not allow it")
        elif failed:
            logger.debug(
                "pre-connecting to %s: %d of %d failed", url, len(failed), count
            )

    async def aclose(self) -> None:
        """Stop opening (the pool's connections close with the session)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
