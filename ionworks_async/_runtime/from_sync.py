"""Plain (blocking) code that needs a coroutine run on a client's own loop.

A few results read more from the API when a library calls them back
synchronously: ionworks-schema's results fetch a fit's trace when
``result.trace`` is read. The client's session lives on one event loop;
from any other thread the coroutine is handed to that loop and waited for.
On that loop's own thread waiting would stop the loop it waits for, so the
caller is told to await the async form instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["run_on_loop"]

T = TypeVar("T")


def run_on_loop(
    loop: asyncio.AbstractEventLoop,
    make: Callable[[], Coroutine[Any, Any, T]],
    instead: str,
) -> T:
    """Run ``make()`` on ``loop`` and wait for its result, from another thread.

    Parameters
    ----------
    loop : asyncio.AbstractEventLoop
        The loop the client's session lives on.
    make : callable
        Makes the coroutine (called only when it can run).
    instead : str
        What to await on the loop's own thread, for the error's message.

    Raises
    ------
    RuntimeError
        When called on ``loop``'s own thread, or after the loop has stopped.
    """
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        raise RuntimeError(
            "This reads from the Ionworks API, and a blocking read on the event "
            f"loop would stop the loop it waits for: {instead} first, or call it "
            "in a worker thread (await asyncio.to_thread(...))."
        )
    if loop.is_closed() or not loop.is_running():
        raise RuntimeError(
            "The event loop of the client that made this result has stopped, so "
            "the result can no longer read from the API."
        )
    return asyncio.run_coroutine_threadsafe(make(), loop).result()
