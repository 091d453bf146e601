"""Batch ingestion: many creates, bounded, lazy, resumable, with a report.

:func:`run_batch` takes items one at a time from any iterable or async
iterable — only the items in flight are held, so memory stays flat however
many there are — and runs at most ``concurrency`` of them at once. A plain
iterable is user code (a generator may read files, or call the blocking
client): it is pulled in a worker thread, one item for each free slot, never
on the event loop.

Every item taken ends in exactly one of the :class:`BatchResult`'s lists, so
``created + existing + failed + unknown == taken`` always holds:

* ``succeeded`` — a record, created or already there;
* ``failed`` — a typed error (the item is certainly not half-done twice: a
  retry that may duplicate is never made);
* ``unknown`` — cancelled in flight (``stop_on_error``, Ctrl-C): it may or
  may not exist on the server; re-running with ``if_exists="get"`` settles it.

A batch that cannot go on ends early and raises :class:`BatchError` carrying
the partial result: when the item source itself fails (its exception is the
error's ``__cause__`` and ``result.source_error``), and when the server is
unreachable (``BREAKER_THRESHOLD`` items in a row failed to connect: the rest
are not attempted).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

import attrs

from .._runtime.threads import run_in_thread
from ..errors import APIConnectionError, BatchError
from ..types import ItemSource
from .progress import Progress, ProgressReporter, reporter
from .result import BatchResult, ItemFailure, Success, Unknown

__all__ = [
    "BREAKER_THRESHOLD",
    "BatchResult",
    "ItemFailure",
    "ItemSource",
    "Progress",
    "Success",
    "Unknown",
    "run_batch",
]

logger = logging.getLogger("ionworks")

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741

BREAKER_THRESHOLD = 10
"""Items failing to connect in a row after which a batch stops taking items."""
_END = object()


class _Items(Generic[I]):
    """Takes items from an iterable (in a worker thread) or an async iterable."""

    def __init__(self, items: ItemSource[I]) -> None:
        self.items = items
        self.iterator: Any = None
        # Built-in containers run no user code: no thread hop for them.
        self.in_thread = not isinstance(items, (AsyncIterable, list, tuple, range))

    async def next(self) -> Any:
        """Return the next item, or ``_END``; raise what the source raises."""
        if isinstance(self.items, AsyncIterable):
            if self.iterator is None:
                self.iterator = self.items.__aiter__()
            try:
                return await self.iterator.__anext__()
            except StopAsyncIteration:
                return _END
        if not self.in_thread:
            if self.iterator is None:
                self.iterator = iter(self.items)
            return next(self.iterator, _END)
        return await run_in_thread()(self._next_in_thread)

    def _next_in_thread(self) -> Any:
        if self.iterator is None:
            self.iterator = iter(self.items)  # type: ignore[arg-type]
        return next(self.iterator, _END)

    async def aclose(self) -> None:
        """Close a generator left half-consumed (its ``finally`` runs now)."""
        close = getattr(self.iterator, "aclose", None)
        if close is not None:
            await close()
            return
        close = getattr(self.iterator, "close", None)
        if close is not None:
            if self.in_thread:
                await run_in_thread()(close)
            else:
                close()


def _name(item: object) -> str | None:
    name = item.get("name") if isinstance(item, dict) else None
    return name if isinstance(name, str) else None


@attrs.define
class _Run(Generic[I, T]):
    """The state of one batch while it runs."""

    source: _Items[I]
    operation: Callable[[I], Awaitable[tuple[T, bool]]]
    report: ProgressReporter
    total: int | None
    stop_on_error: bool
    key: Callable[[I], Hashable | None] | None
    breaker: int
    result: BatchResult[T] = attrs.field(factory=BatchResult)
    take: asyncio.Lock = attrs.field(factory=asyncio.Lock)
    stop: asyncio.Event = attrs.field(factory=asyncio.Event)
    exhausted: bool = False
    next_index: int = 0
    in_flight: dict[int, str | None] = attrs.field(factory=dict)
    seen: dict[Hashable, int] = attrs.field(factory=dict)
    connection_failures: int = 0

    async def next_item(self) -> tuple[int, I] | None:
        async with self.take:
            if self.stop.is_set() or self.exhausted:
                return None
            try:
                item = await self.source.next()
            except Exception as error:  # the source failed: the batch ends
                self.result.source_error = error.with_traceback(None)
                self.stop.set()
                return None
            if item is _END:
                self.exhausted = True
                return None
            self.next_index += 1
            return self.next_index - 1, item

    async def worker(self) -> None:
        while (taken := await self.next_item()) is not None:
            index, item = taken
            name = _name(item)
            duplicate = self._duplicate_of(index, item)
            if duplicate is not None:
                self._failed(ItemFailure(index, name, duplicate))
                continue
            self.in_flight[index] = name
            try:
                record, created = await self.operation(item)
            except Exception as error:  # every failure is reported, none lost
                del self.in_flight[index]
                self._failed(ItemFailure(index, name, error.with_traceback(None)))
            else:
                del self.in_flight[index]
                self.connection_failures = 0
                self.result.succeeded.append(Success(index, record, created))
                self._progress()
            del item  # hold no payload while waiting for the next one

    def _duplicate_of(self, index: int, item: I) -> ValueError | None:
        if self.key is None:
            return None
        try:
            key = self.key(item)
        except Exception:
            return None
        if key is None:
            return None
        first = self.seen.setdefault(key, index)
        if first == index:
            return None
        return ValueError(
            f"Item #{index} has the same name as item #{first} of this batch; "
            "names are unique, so it was not sent. Rename one of them."
        )

    def _failed(self, failure: ItemFailure) -> None:
        self.result.failed.append(failure)
        if isinstance(failure.error, APIConnectionError):
            self.connection_failures += 1
            if self.connection_failures >= self.breaker and not self.stop.is_set():
                self.result.unreachable = failure.error
                self.stop.set()
        else:
            self.connection_failures = 0
        if self.stop_on_error and not self.stop.is_set():
            self.result.stopped_early = True
            self.stop.set()
        self._progress()

    def _progress(self) -> None:
        done = len(self.result.succeeded) + len(self.result.failed)
        self.report.report(done, self.total, len(self.result.failed))

    async def run(self, concurrency: int) -> None:
        workers = [asyncio.ensure_future(self.worker()) for _ in range(concurrency)]
        try:
            if self.stop_on_error:
                stopped = asyncio.ensure_future(self.stop.wait())
                try:
                    waiting: set[asyncio.Future[Any]] = {*workers, stopped}
                    while not stopped.done() and not all(t.done() for t in workers):
                        _, waiting = await asyncio.wait(
                            waiting, return_when=asyncio.FIRST_COMPLETED
                        )
                finally:
                    stopped.cancel()
                for task in workers:  # a bug in a worker is not swallowed
                    if task.done() and not task.cancelled() and task.exception():
                        raise task.exception()  # type: ignore[misc]
            else:
                await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            # What was cancelled in flight may exist on the server, or not.
            self.result.unknown.extend(
                Unknown(index, name) for index, name in sorted(self.in_flight.items())
            )
            self.in_flight.clear()
            try:
                await self.source.aclose()
            finally:
                await self.report.aclose()

    def finish(self, elapsed: float) -> BatchResult[T]:
        result = self.result
        result.succeeded.sort(key=lambda success: success.index)
        result.failed.sort(key=lambda failure: failure.index)
        result.elapsed = elapsed
        if self.exhausted:
            result.not_attempted = 0
        elif self.total is not None:
            result.not_attempted = max(self.total - self.next_index, 0)
        else:
            result.not_attempted = None
        return result


async def run_batch(
    items: ItemSource[I],
    operation: Callable[[I], Awaitable[tuple[T, bool]]],
    *,
    concurrency: int,
    progress: Progress = False,
    stop_on_error: bool = False,
    key: Callable[[I], Hashable | None] | None = None,
    breaker: int = BREAKER_THRESHOLD,
) -> BatchResult[T]:
    """Run ``operation`` on every item, at most ``concurrency`` at once.

    Parameters
    ----------
    items : iterable or async iterable
        Consumed lazily: an item is taken only when a worker is free. A plain
        iterable (other than a list, tuple or range) is pulled in a worker
        thread.
    operation : callable
        ``await operation(item)`` gives ``(record, created)``.
    concurrency : int
        Items in flight at once.
    progress : bool or callable, optional
        ``True`` for a bar (tqdm if installed, else a stderr counter); a
        callable receives ``(done, total_or_None, failed)``, in a worker thread.
    stop_on_error : bool, optional
        At the first failure, take no more items and cancel those in flight
        (they are reported as unknown).
    key : callable, optional
        An item's identity (its name under its parent): a second item with
        the key of an earlier one fails without being sent.
    breaker : int, optional
        Items failing to connect in a row after which no more are taken.

    Returns
    -------
    BatchResult
        Successes, failures and unknowns in input order.

    Raises
    ------
    BatchError
        When the item source raised, or the server was unreachable; it
        carries the partial result as ``error.result``.
    """
    if (
        isinstance(concurrency, bool)
        or not isinstance(concurrency, int)
        or concurrency < 1
    ):
        raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
    total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
    run = _Run(
        source=_Items(items),
        operation=operation,
        report=reporter(progress, total),
        total=total,
        stop_on_error=stop_on_error,
        key=key,
        breaker=breaker,
    )
    started = time.monotonic()
    try:
        await run.run(concurrency)
    except asyncio.CancelledError:
        result = run.finish(time.monotonic() - started)
        logger.warning(
            "Batch cancelled: %s. Items cancelled in flight may exist on the "
            "server; run the same job again (if_exists='get') to settle them.",
            result.summary(),
        )
        raise
    result = run.finish(time.monotonic() - started)
    if result.source_error is not None:
        raise BatchError(
            f"The batch ended early because its item source raised "
            f"{result.source_error!r}: {result.summary()}",
            list(result.failed),
            result=result,
        ) from result.source_error
    if result.unreachable is not None:
        raise BatchError(
            f"The batch stopped: the Ionworks API is unreachable ({breaker} items "
            f"in a row failed to connect; the last: {result.unreachable}). "
            f"{result.summary()}. Run the same job again when the server is back: "
            "what exists is kept, the rest is created.",
            list(result.failed),
            result=result,
        ) from result.unreachable
    return result
