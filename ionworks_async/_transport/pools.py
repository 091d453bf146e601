"""One connection pool per event loop and equal settings, shared by clients.

A notebook or a script that builds ``Ionworks()`` twice, or one per thread
(every blocking client runs on the one private loop), would otherwise pay
every TCP and TLS handshake twice. Clients whose connections would be alike
(the same TLS verification and the same connection limit) share one aiohttp
session while they are open, counted; the last to close closes it, so closing
one never breaks another. Requests still pass their own timeouts, proxies and
credentials, and each client keeps its own request limits; the shared
connector's limit bounds them all together.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import ssl
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from .network import Verify

if TYPE_CHECKING:
    import aiohttp

__all__ = ["KEEPALIVE_SECONDS", "POOLS", "Pools", "new_session", "verification"]

KEEPALIVE_SECONDS = 70.0
"""How long an idle connection is kept for the next request (aiohttp: 15 s).

API front ends keep idle connections for about a minute (AWS's load
balancers 60 s, nginx and ionworks-local 75 s), so a script or a notebook
that pauses for a minute between calls keeps its connections and pays no new
handshakes; 70 s is under the 75 s servers' own close, so the two never
cross. A connection the server closes sooner is dropped from the pool
when its close arrives; one whose close crosses a request on the wire costs a
GET, PUT or DELETE nothing, as aiohttp re-sends it once, at once, on a new
connection (RFC 9112 §9.3.1). A POST is never re-sent that way: the retry
loop decides, by whether the call is safe to repeat.
"""


def verification(verify: Verify) -> Hashable:
    """Return the part of a ``verify`` argument that makes connections differ."""
    if isinstance(verify, bool):
        return verify
    if isinstance(verify, ssl.SSLContext):
        return ("context", id(verify))  # alive while a pool holds it
    return ("bundle", os.fspath(verify))


def new_session(
    limit: int, tls: bool | ssl.SSLContext, timeout: aiohttp.ClientTimeout
) -> aiohttp.ClientSession:
    """Return a new session of ``limit`` connections (shared: see :class:`Pools`).

    Idle connections are kept :data:`KEEPALIVE_SECONDS`; cookies are never
    kept; each request passes its own timeout (``timeout`` is the default).
    """
    import aiohttp

    connector = aiohttp.TCPConnector(
        limit=limit,
        ttl_dns_cache=300,
        keepalive_timeout=KEEPALIVE_SECONDS,
        ssl=tls,
    )
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=timeout,
        skip_auto_headers=("Content-Type",),
    )


@dataclasses.dataclass
class _Entry:
    session: aiohttp.ClientSession
    users: int = 0


class Pools:
    """Sessions by event loop and settings key, with how many clients use each."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # clients on other loops, in other threads
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[Hashable, _Entry]
        ] = weakref.WeakKeyDictionary()

    def acquire(
        self,
        loop: asyncio.AbstractEventLoop,
        key: Hashable,
        make: Callable[[], aiohttp.ClientSession],
    ) -> aiohttp.ClientSession:
        """Return the loop's session for ``key`` (made by ``make`` if none), counted."""
        with self._lock:
            entries = self._by_loop.setdefault(loop, {})
            entry = entries.get(key)
            if entry is None or entry.session.closed:
                entry = entries[key] = _Entry(make())
            entry.users += 1
            return entry.session

    def release(
        self, loop: asyncio.AbstractEventLoop, key: Hashable
    ) -> aiohttp.ClientSession | None:
        """Count one client off; return the session to close when it was the last."""
        with self._lock:
            entries = self._by_loop.get(loop, {})
            entry = entries.get(key)
            if entry is None:
                return None
            entry.users -= 1
            if entry.users > 0:
                return None
            del entries[key]
            return entry.session

    def users(self, loop: asyncio.AbstractEventLoop, key: Hashable) -> int:
        """How many open clients share the loop's session for ``key`` (for tests)."""
        with self._lock:
            entry = self._by_loop.get(loop, {}).get(key)
            return 0 if entry is None else entry.users


POOLS = Pools()
"""The process's pools."""
