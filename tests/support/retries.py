"""Give a client's retry loop a fake clock and sleep, or another budget.

The retry loop takes its clock and sleep in its constructor: these helpers
build a new one for a client's transport instead of patching the old one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from ionworks_async import AsyncIonworks
from ionworks_async._transport import Retrier


async def no_sleep(delay: float) -> None:
    """A backoff sleep that returns at once."""
    return None


def set_retrier(
    client: AsyncIonworks,
    *,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    clock: Callable[[], float] | None = None,
    max_retries: int | None = None,
) -> Retrier:
    """Replace the client's retry loop; unset parts keep the current ones."""
    transport = client.context.transport
    old = transport.retrier
    new = Retrier(
        old.max_retries if max_retries is None else max_retries,
        old.retry_deadline,
        sleep=old.sleep if sleep is None else sleep,
        clock=old.clock if clock is None else clock,
    )
    transport.retrier = new
    return new


class FakeTime:
    """A clock that moves only when the retry loop sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    async def sleep(self, delay: float) -> None:
        self.sleeps.append(delay)
        self.now += delay
        await asyncio.sleep(0)

    def clock(self) -> float:
        return self.now


def fake_time(client: AsyncIonworks) -> FakeTime:
    """Put a client's retries on a fake clock; return the clock."""
    fake = FakeTime()
    set_retrier(client, sleep=fake.sleep, clock=fake.clock)
    return fake
