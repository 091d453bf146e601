"""Structured concurrency: gather that cancels and awaits siblings on failure."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Any, TypeVar

__all__ = ["gather_or_cancel", "gather_pair"]

T = TypeVar("T")
U = TypeVar("U")


async def gather_or_cancel(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """Run awaitables concurrently; on the first failure cancel the rest.

    Unlike :func:`asyncio.gather`, a failing branch does not leave its siblings
    running: they are cancelled *and awaited* before the error propagates, so
    no task, coroutine or response outlives the call. The same happens when
    the caller itself is cancelled.

    Parameters
    ----------
    awaitables : iterable of awaitables
        The branches; results come back in this order.

    Returns
    -------
    list
        The branches' results, in input order.

    Raises
    ------
    BaseException
        The error of the first branch (in input order) that failed.
    """
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    if not tasks:
        return []
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        # Reached on a branch's failure and on our own cancellation alike.
        pending = [task for task in tasks if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        for task in tasks:  # mark every error retrieved: no "never retrieved" log
            if not task.cancelled():
                task.exception()
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
    return [task.result() for task in tasks]


async def gather_pair(first: Awaitable[T], second: Awaitable[U]) -> tuple[T, U]:
    """Run two awaitables of different types as :func:`gather_or_cancel` does.

    Returns
    -------
    tuple
        Both results.
    """
    results: list[Any] = await gather_or_cancel([first, second])
    return results[0], results[1]
