"""Worker threads for what must not run on the event loop.

User code handed to the client (a plain iterable of items, a progress
callable) and CPU work (encoding parquet, validating data) run in anyio's
worker threads, so the event loop keeps serving every request in flight.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["run_in_thread"]


def run_in_thread() -> Callable[..., Awaitable[Any]]:
    """Return ``anyio.to_thread.run_sync``, imported on first need (it is slow).

    Returns
    -------
    callable
        ``await run_in_thread()(function, *args)`` runs ``function(*args)`` in
        a worker thread and returns its result (or raises its exception).
    """
    import anyio.to_thread

    return anyio.to_thread.run_sync
