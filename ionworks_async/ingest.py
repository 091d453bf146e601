"""Batch ingestion: many creates, bounded, lazy, resumable, with a report.

:func:`run_batch` pulls items one at a time from any iterable or async
iterable — only the items in flight are held, so memory stays flat however
many there are — and runs at most ``concurrency`` of them at once. Each item's
outcome lands in a :class:`BatchResult`: the records in input order, and for
every failure its index, name and typed error.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Iterable
from typing import Generic, TextIO, TypeVar

import attrs

from .errors import BatchError

__all__ = [
    "BatchResult",
    "Failure",
    "ItemSource",
    "Progress",
    "Success",
    "run_batch",
]

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741

ItemSource = Iterable[I] | AsyncIterable[I]
"""Items of a batch: any iterable or async iterable, consumed lazily."""
Progress = bool | Callable[[int, int | None, int], None]
"""``True`` for a progress bar, or a callable ``(done, total_or_None, failed)``."""


@attrs.frozen
class Success(Generic[T]):
    """An item that ended with a record.

    Attributes
    ----------
    index : int
        The item's position in the input.
    record : T
        The created or existing record.
    created : bool
        False when the record already existed (``if_exists="get"``).
    """

    index: int
    record: T
    created: bool


@attrs.frozen
class Failure:
    """An item that failed.

    Attributes
    ----------
    index : int
        The item's position in the input.
    name : str or None
        The item's ``name``, when it had one.
    error : Exception
        The typed error (an ``IonworksError``, or ``TypeError``/``ValueError``
        for an item that could not be sent).
    """

    index: int
    name: str | None
    error: Exception

    def __str__(self) -> str:
        return f"#{self.index} {self.name!r}: {type(self.error).__name__}: {self.error}"


@attrs.define
class BatchResult(Generic[T]):
    """The outcome of a bulk operation.

    Attributes
    ----------
    succeeded : list of Success
        Every item that ended with a record, in input order.
    failed : list of Failure
        Every item that failed, in input order.
    elapsed : float
        Seconds the batch took.
    stopped_early : bool
        Whether ``stop_on_error`` stopped the batch before every item ran.
    """

    succeeded: list[Success[T]] = attrs.field(factory=list)
    failed: list[Failure] = attrs.field(factory=list)
    elapsed: float = 0.0
    stopped_early: bool = False

    @property
    def records(self) -> list[T]:
        """The records, in input order."""
        return [success.record for success in self.succeeded]

    @property
    def created(self) -> int:
        """How many records this batch created."""
        return sum(1 for success in self.succeeded if success.created)

    @property
    def existing(self) -> int:
        """How many records already existed.

        This includes records that an earlier attempt of this batch created
        but whose answer was lost: the client cannot tell them apart.
        """
        return len(self.succeeded) - self.created

    @property
    def rate(self) -> float:
        """Items finished a second."""
        done = len(self.succeeded) + len(self.failed)
        return done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def ok(self) -> bool:
        """Whether every item succeeded."""
        return not self.failed and not self.stopped_early

    def raise_for_failures(self) -> None:
        """Raise one :class:`~ionworks_async.errors.BatchError` listing every failure.

        Raises
        ------
        BatchError
            When any item failed; ``error.failures`` holds them.
        """
        if self.failed:
            lines = "\n".join(f"  {failure}" for failure in self.failed)
            raise BatchError(
                f"{len(self.failed)} of {len(self.failed) + len(self.succeeded)} "
                f"items failed:\n{lines}",
                list(self.failed),
            )

    def __str__(self) -> str:
        done = len(self.succeeded) + len(self.failed)
        text = (
            f"{done} items in {self.elapsed:.1f} s ({self.rate:.1f}/s): "
            f"{self.created} created, {self.existing} existing, "
            f"{len(self.failed)} failed"
        )
        if self.stopped_early:
            text += " (stopped at the first failure)"
        for failure in self.failed[:20]:
            text += f"\n  {failure}"
        if len(self.failed) > 20:
            text += f"\n  ... and {len(self.failed) - 20} more"
        return text


class _Counter:
    """A one-line progress counter on stderr, for when tqdm is not installed."""

    def __init__(self, total: int | None, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0
        self.latest: tuple[int, int | None, int] | None = None

    def __call__(self, done: int, total: int | None, failed: int) -> None:
        self.latest = (done, total, failed)
        now = time.monotonic()
        if now - self.last >= 0.1 or done == total:
            self.last = now
            self._render(done, total, failed, now)

    def _render(self, done: int, total: int | None, failed: int, now: float) -> None:
        rate = done / max(now - self.started, 1e-9)
        text = f"\r{done}" + (f"/{total}" if total is not None else "")
        text += f" done, {failed} failed, {rate:.1f}/s"
        if total is not None and rate > 0:
            text += f", ETA {max(total - done, 0) / rate:.0f} s"
        self.stream.write(text + "   ")
        self.stream.flush()

    def close(self) -> None:
        if self.latest is not None:
            self._render(*self.latest, time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


def _reporter(
    progress: Progress, total: int | None
) -> tuple[Callable[[int, int | None, int], None] | None, Callable[[], None]]:
    """Return the progress callback and what to call at the end."""
    if callable(progress):
        return progress, lambda: None
    if not progress:
        return None, lambda: None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError:
        counter = _Counter(total, sys.stderr)
        return counter, counter.close
    bar = tqdm(total=total, unit="item")

    def update(done: int, _total: int | None, failed: int) -> None:
        bar.update(done - bar.n)
        bar.set_postfix(failed=failed, refresh=False)

    return update, bar.close


async def _items(source: ItemSource[I]) -> AsyncGenerator[I, None]:
    if isinstance(source, AsyncIterable):
        async for item in source:
            yield item
    else:
        for item in source:
            yield item


def _name(item: object) -> str | None:
    name = item.get("name") if isinstance(item, dict) else None
    return name if isinstance(name, str) else None


async def run_batch(
    items: ItemSource[I],
    operation: Callable[[I], Awaitable[tuple[T, bool]]],
    *,
    concurrency: int,
    progress: Progress = False,
    stop_on_error: bool = False,
) -> BatchResult[T]:
    """Run ``operation`` on every item, at most ``concurrency`` at once.

    Parameters
    ----------
    items : iterable or async iterable
        Consumed lazily: an item is taken only when a worker is free.
    operation : callable
        ``await operation(item)`` gives ``(record, created)``.
    concurrency : int
        Items in flight at once.
    progress : bool or callable, optional
        ``True`` for a bar (tqdm if installed, else a stderr counter); a
        callable receives ``(done, total_or_None, failed)``.
    stop_on_error : bool, optional
        Cancel the rest at the first failure.

    Returns
    -------
    BatchResult
        Successes and failures in input order.
    """
    if (
        isinstance(concurrency, bool)
        or not isinstance(concurrency, int)
        or concurrency < 1
    ):
        raise ValueError(f"concurrency must be a positive integer, got {concurrency!r}")
    total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
    report, finish = _reporter(progress, total)
    result: BatchResult[T] = BatchResult()
    source = _items(items)
    take = asyncio.Lock()
    next_index = 0
    stop = asyncio.Event()
    started = time.monotonic()

    async def next_item() -> tuple[int, I] | None:
        nonlocal next_index
        async with take:
            if stop.is_set():
                return None
            try:
                item = await source.__anext__()
            except StopAsyncIteration:
                return None
            next_index += 1
            return next_index - 1, item

    async def worker() -> None:
        while (taken := await next_item()) is not None:
            index, item = taken
            name = _name(item)
            try:
                record, created = await operation(item)
            except Exception as error:  # every failure is reported, none lost
                result.failed.append(Failure(index, name, error.with_traceback(None)))
                if stop_on_error:
                    stop.set()
            else:
                result.succeeded.append(Success(index, record, created))
            del item  # hold no payload while waiting for the next one
            if report is not None:
                report(
                    len(result.succeeded) + len(result.failed),
                    total,
                    len(result.failed),
                )

    workers = [asyncio.ensure_future(worker()) for _ in range(concurrency)]
    try:
        if stop_on_error:
            waiter = asyncio.ensure_future(stop.wait())
            try:
                await asyncio.wait(
                    [*workers, waiter], return_when=asyncio.FIRST_COMPLETED
                )
                while not stop.is_set() and not all(task.done() for task in workers):
                    await asyncio.wait(
                        [*workers, waiter], return_when=asyncio.FIRST_COMPLETED
                    )
            finally:
                waiter.cancel()
            result.stopped_early = stop.is_set()
        else:
            await asyncio.gather(*workers)
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await source.aclose()
        finish()
    result.succeeded.sort(key=lambda success: success.index)
    result.failed.sort(key=lambda failure: failure.index)
    result.elapsed = time.monotonic() - started
    return result
