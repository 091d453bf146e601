"""The retry policy, as pure functions that can be tested without I/O.

What may be re-sent depends on whether the server may already have acted:

* idempotent requests (GET, HEAD, DELETE, PUT to a signed URL) are retried on
  connection failures, timeouts and 500/502/503/504;
* any request, POST and PATCH included, is retried on 429, on a 503 that
  carries ``Retry-After`` (the server says it did nothing), and when the
  connection failed before the request was sent;
* POST and PATCH are never re-sent otherwise, so nothing is created twice —
  unless the caller marks the request ``retry_safe``: a create whose name
  conflict is resolved to the existing record (``create_or_get``), where a
  re-sent create that the server had already committed answers 409 and
  finds the committed record.
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Callable
from email.utils import parsedate_to_datetime

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "RETRY_AFTER_CAP",
    "FailureKind",
    "backoff_delay",
    "parse_retry_after",
    "retry_delay",
    "should_retry",
]

BACKOFF_BASE = 0.3
"""Seconds before the first retry, doubling for each later one."""
BACKOFF_CAP = 8.0
"""The longest backoff between two attempts, in seconds."""
RETRY_AFTER_CAP = 60.0
"""The longest ``Retry-After`` the client will wait; longer ones are not retried."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})


class FailureKind(enum.Enum):
    """A failure that left no HTTP status to judge by."""

    CONNECT = "connect"
    """The connection could not be opened: the request was certainly not sent."""
    DISCONNECT = "disconnect"
    """The connection broke after the request may have been sent."""
    TIMEOUT = "timeout"
    """No complete answer within the timeout: the server may have acted."""


def should_retry(
    method: str,
    outcome: int | FailureKind,
    *,
    retries_done: int,
    max_retries: int,
    has_retry_after: bool = False,
    retry_safe: bool = False,
) -> bool:
    """Decide whether a failed attempt may be sent again.

    Parameters
    ----------
    method : str
        The HTTP method of the request.
    outcome : int or FailureKind
        The response status, or the kind of failure when there was no response.
    retries_done : int
        How many retries were already made (0 after the first attempt).
    max_retries : int
        The client's retry budget; 0 means a single attempt.
    has_retry_after : bool, optional
        Whether the response carried a usable ``Retry-After`` header.
    retry_safe : bool, optional
        Whether the caller makes a re-sent request harmless (a create whose
        name conflict resolves to the existing record): then it is retried
        as an idempotent request is.

    Returns
    -------
    bool
        True when another attempt is both allowed and safe.
    """
    if retries_done >= max_retries:
        return False
    idempotent = retry_safe or method.upper() in IDEMPOTENT_METHODS
    if isinstance(outcome, FailureKind):
        return outcome is FailureKind.CONNECT or idempotent
    if outcome == 429 or (outcome == 503 and has_retry_after):
        return True
    return idempotent and outcome in RETRYABLE_STATUSES


def backoff_delay(
    retries_done: int,
    *,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
    rand: Callable[[], float] = random.random,
) -> float:
    """Return the jittered exponential backoff before the next attempt.

    Parameters
    ----------
    retries_done : int
        Retries already made: 0 gives about ``base`` seconds.
    base, cap : float, optional
        The first delay and the ceiling, in seconds.
    rand : callable, optional
        A source of floats in [0, 1), replaceable in tests.

    Returns
    -------
    float
        A delay in ``[ceiling / 2, ceiling]`` where ``ceiling`` is
        ``min(cap, base * 2 ** retries_done)``: half fixed so retries keep
        backing off, half random so many clients do not retry in lockstep.
    """
    ceiling = min(cap, base * 2.0 ** min(retries_done, 32))
    return ceiling / 2.0 + ceiling / 2.0 * rand()


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Read a ``Retry-After`` header as seconds to wait.

    Parameters
    ----------
    value : str or None
        The header: delta-seconds (``"2"``, ``"1.5"``) or an HTTP date.
    now : float
        The current POSIX time, used to turn a date into a delay.

    Returns
    -------
    float or None
        Seconds to wait (0 for a date in the past), or ``None`` when the
        header is absent or unreadable.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if moment.tzinfo is None:
            return None
        seconds = moment.timestamp() - now
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


def retry_delay(
    retries_done: int,
    retry_after: float | None,
    *,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Return how long to wait before the next attempt, or ``None`` to give up.

    Parameters
    ----------
    retries_done : int
        Retries already made.
    retry_after : float or None
        The server's ``Retry-After`` in seconds, if it sent one.
    rand : callable, optional
        A source of floats in [0, 1), replaceable in tests.

    Returns
    -------
    float or None
        The server's delay when it gave one (it knows best), else the jittered
        backoff; ``None`` when the server asks for more than
        :data:`RETRY_AFTER_CAP` seconds, which the caller should hear about
        rather than silently wait for.
    """
    if retry_after is not None:
        if retry_after > RETRY_AFTER_CAP:
            return None
        return retry_after
    return backoff_delay(retries_done, rand=rand)
