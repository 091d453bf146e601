"""Worker threads for what must not run on the event loop.

User code handed to the client (a plain iterable of items, a progress
callable) and CPU work (encoding parquet, validating data) run in anyio's
worker threads, so the event loop keeps serving every request in flight.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from .user_warnings import Carried, carrying, is_carrying, reissue

__all__ = ["cpu_limiter", "run_in_thread"]

_cpu_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
    weakref.WeakKeyDictionary()
)


def run_in_thread() -> Callable[..., Awaitable[Any]]:
    """Return a runner in anyio's worker threads, imported on first need (slow).

    Warnings the function issues are carried back and issued at the user's
    line (:mod:`ionworks_async._runtime.user_warnings`), not at the worker
    thread's first frame in ``concurrent.futures``.

    Returns
    -------
    callable
        ``await run_in_thread()(function, *args)`` runs ``function(*args)`` in
        a worker thread and returns its result (or raises its exception);
        ``limiter=`` as ``anyio.to_thread.run_sync``'s.
    """
    import anyio.to_thread

    run_sync = anyio.to_thread.run_sync

    async def run(function: Callable[..., Any], *args: Any, limiter: Any = None) -> Any:
        if is_carrying():  # the worker's copied context carries them already
            return await run_sync(function, *args, limiter=limiter)
        heard: Carried = []

        def carried_call() -> Any:
            carrying(heard)  # in the worker's own copy of the context
            return function(*args)

        try:
            return await run_sync(carried_call, limiter=limiter)
        finally:
            reissue(heard)

    return run


def cpu_limiter() -> Any:
    """Return the running loop's bound on CPU work in threads (one a core).

    Checking and encoding uploads, and converting tables to a dataframe
    library, is CPU work: more of it at once than there are cores is no
    faster, and each piece in progress holds its buffers (the memory of
    many uploads in flight against one a core is measured in
    ``benchmarks/measurement_uploads.py``).
    So however many requests are in flight, at most one a core does this.

    Returns
    -------
    anyio.CapacityLimiter
        For ``run_in_thread()(function, *args, limiter=cpu_limiter())``.
    """
    import anyio

    loop = asyncio.get_running_loop()
    limiter = _cpu_limiters.get(loop)
    if limiter is None:
        limiter = anyio.CapacityLimiter(os.cpu_count() or 1)
        _cpu_limiters[loop] = limiter
    return limiter
