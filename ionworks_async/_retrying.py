"""The one retry loop: every retry of every request of a client happens here.

A call (one request and its retries) is bounded twice: by the retry budget
(``max_retries``) and by an overall deadline (``retry_deadline`` seconds from
the first attempt); no retry starts, and no backoff is slept, past the
deadline. What may be retried is :func:`~._retry.should_retry`'s decision;
a request marked ``retry_safe`` (a create whose caller resolves a name
conflict to the existing record) is retried like an idempotent one, which is
how bulk creates recover from an answer lost after the server committed.
A 429 pauses every request of the client, not only the one that was told.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from ._attempt import AttemptFailed
from ._responses import Response, error_from_response
from ._retry import Failure, parse_retry_after, retry_delay, should_retry
from .errors import IonworksError

__all__ = ["Retrier", "SendOnce"]

logger = logging.getLogger("ionworks")

SendOnce = Callable[[float], Awaitable[Response]]
"""One attempt, given the seconds left before the call's deadline."""


class Retrier:
    """Retry budget, deadline and shared rate-limit pause of one client.

    Parameters
    ----------
    max_retries : int
        Retries after the first attempt; 0 means a single attempt.
    retry_deadline : float
        Seconds from a call's first attempt after which no retry starts.
    """

    def __init__(self, max_retries: int, retry_deadline: float) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int):
            raise TypeError("max_retries must be an integer")
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if not retry_deadline > 0:
            raise ValueError("retry_deadline must be a positive number of seconds")
        self.max_retries = max_retries
        self.retry_deadline = float(retry_deadline)
        # The backoff sleep and its clock, replaceable by tests of the delays.
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.clock: Callable[[], float] = time.monotonic
        # When the server rate-limits (429), every request of this client
        # waits, not only the one that was told: a batch slows down as one.
        self.paused_until = 0.0

    async def run(
        self, method: str, path: str, send_once: SendOnce, *, retry_safe: bool
    ) -> Response:
        """Send a request until it succeeds, may not be retried, or runs out.

        Parameters
        ----------
        method, path : str
            The request, for the policy and the log.
        send_once : callable
            Makes one attempt, given the seconds left before the deadline.
        retry_safe : bool
            Re-send after an answer that may have been acted on, as for GET.

        Returns
        -------
        Response
            The first response that is not retried (a success or an error the
            caller maps to its typed error).

        Raises
        ------
        IonworksError
            The last failure, when no answer came and no retry is left.
        """
        deadline = self.clock() + self.retry_deadline
        retries_done = 0
        while True:
            pause = min(self.paused_until, deadline) - self.clock()
            if pause > 0:
                await self.sleep(pause)
            retry_after: float | None = None
            try:
                response = await send_once(max(deadline - self.clock(), 0.0))
            except AttemptFailed as failed:
                outcome: int | Failure = failed.kind
                error: IonworksError = failed.error
            else:
                if response.status < 500 and response.status != 429:
                    return response
                outcome = response.status
                retry_after = parse_retry_after(
                    response.headers.get("Retry-After"), now=time.time()
                )
                error = error_from_response(response)
            delay = self._delay(
                method, outcome, retries_done, retry_after, retry_safe, deadline
            )
            if delay is None:
                raise error
            logger.info(
                "Retrying %s %s in %.2f s after %s (retry %d of %d)",
                method,
                path,
                delay,
                outcome.value if isinstance(outcome, Failure) else outcome,
                retries_done + 1,
                self.max_retries,
            )
            retries_done += 1
            if outcome == 429:
                # Every request waits, this one included, at the top of the loop.
                self.paused_until = max(self.paused_until, self.clock() + delay)
            else:
                await self.sleep(delay)

    def _delay(
        self,
        method: str,
        outcome: int | Failure,
        retries_done: int,
        retry_after: float | None,
        retry_safe: bool,
        deadline: float,
    ) -> float | None:
        """Return the wait before the next attempt, or ``None`` to give up."""
        if not should_retry(
            method,
            outcome,
            retries_done=retries_done,
            max_retries=self.max_retries,
            has_retry_after=retry_after is not None,
            retry_safe=retry_safe,
        ):
            return None
        delay = retry_delay(retries_done, retry_after)
        if delay is None or self.clock() + delay >= deadline:
            return None
        return delay
