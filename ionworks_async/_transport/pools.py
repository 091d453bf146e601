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
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import aiohttp

__all__ = ["POOLS", "Pools"]


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
