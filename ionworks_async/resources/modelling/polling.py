"""Waiting for the hosted service's work: polls under a deadline, backing off.

Each poll is one call through the transport (its retries, its deadline);
between polls the wait grows from ``poll_interval`` by half each time, up to
four times it, and never past the deadline. Cancelling the waiting task stops
it at once: nothing is left polling.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio

from ...errors import IonworksError

__all__ = ["poll_until", "wait_until_ended"]

T = TypeVar("T")
_logger = logging.getLogger("ionworks_async.pipeline")


async def poll_until(
    fetch: Callable[[], Awaitable[T]],
    done: Callable[[T], bool],
    *,
    timeout: float,
    poll_interval: float,
    what: str,
    report: Callable[[T, float], None] | None = None,
) -> T:
    """Fetch until ``done`` holds; return the last answer.

    Raises
    ------
    ValueError
        For a timeout or an interval that is not a positive finite number.
    TimeoutError
        When the deadline passes first, naming ``what``.
    """
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number of seconds, got {value!r}")
        if not (math.isfinite(value) and value > 0):
            raise ValueError(
                f"{name} must be a positive number of seconds, got {value}"
            )
    start = anyio.current_time()
    deadline = start + timeout
    wait = float(poll_interval)
    while True:
        answer = await fetch()
        now = anyio.current_time()
        if report is not None:
            report(answer, now - start)
        if done(answer):
            return answer
        if now >= deadline:
            raise TimeoutError(f"{what} did not complete within {timeout:g} seconds")
        await anyio.sleep(min(wait, deadline - now))
        wait = min(wait * 1.5, poll_interval * 4)


async def wait_until_ended(
    fetch: Callable[[], Awaitable[Any]],
    what: str,
    *,
    timeout: float,
    poll_interval: float,
    verbose: bool,
    raise_on_failure: bool,
) -> Any:
    """Poll a pipeline's state (``is_terminal``) until it ends; raise if it failed."""

    def report(found: Any, elapsed: float) -> None:
        if verbose:
            _logger.info("%s status: %s (%.0f s)", what, found.status, elapsed)

    found = await poll_until(
        fetch,
        lambda state: bool(state.is_terminal),
        timeout=timeout,
        poll_interval=poll_interval,
        what=what,
        report=report,
    )
    if found.is_failed and raise_on_failure:
        raise IonworksError(
            f"{what} {found.status}" + (f": {found.error}" if found.error else ""),
            error_code="JOB_FAILED",
        )
    return found
