"""The one retry loop: every retry of every request of a client happens here.

A call (one request, the redirects it follows, and their retries) is
bounded twice, by one :class:`CallBudget` that every hop of the call shares:
the retry budget (``max_retries`` retries in all) and an overall deadline
(``retry_deadline`` seconds from the first attempt); no retry starts, and no
backoff is slept, past the deadline. What may be retried is
:func:`~.retry_policy.should_retry`'s decision;
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

import attrs

from ..errors import IonworksError
from .attempt import AttemptFailed
from .request import Request
from .responses import Response, error_from_response
from .retry_policy import FailureKind, parse_retry_after, retry_delay, should_retry

__all__ = ["CallBudget", "Retrier", "SendOnce"]

logger = logging.getLogger("ionworks")

SendOnce = Callable[[float], Awaitable[Response]]
"""One attempt, given the seconds left before the call's deadline."""


@attrs.define
class CallBudget:
    """What is left of one call's retries and time, shared by all its hops.

    Attributes
    ----------
    deadline : float
        The clock reading past which no retry starts.
    retries_done : int
        Retries made so far, on any hop of the call.
    """

    deadline: float
    retries_done: int = 0


class Retrier:
    """Retry budget, deadline and shared rate-limit pause of one client.

    Parameters
    ----------
    max_retries : int
        Retries after the first attempt; 0 means a single attempt.
    retry_deadline : float
        Seconds from a call's first attempt after which no retry starts.
    sleep : callable, optional
        The backoff's sleep (``asyncio.sleep``); tests pass a fake.
    clock : callable, optional
        A monotonic clock in seconds (``time.monotonic``); tests pass a fake.
    """

    def __init__(
        self,
        max_retries: int,
        retry_deadline: float,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int):
            raise TypeError("max_retries must be an integer")
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if not retry_deadline > 0:
            raise ValueError("retry_deadline must be a positive number of seconds")
        self.max_retries = max_retries
        self.retry_deadline = float(retry_deadline)
        self.sleep = sleep
        self.clock = clock
        # When the server rate-limits (429), every request of this client
        # waits, not only the one that was told: a batch slows down as one.
        self.paused_until = 0.0

    def budget(self) -> CallBudget:
        """Start the budget of a new call: its deadline runs from now."""
        return CallBudget(self.clock() + self.retry_deadline)

    async def run(
        self, request: Request, send_once: SendOnce, budget: CallBudget
    ) -> Response:
        """Send a request until it succeeds, may not be retried, or runs out.

        Parameters
        ----------
        request : Request
            The request, for the policy and the log.
        send_once : callable
            Makes one attempt, given the seconds left before the deadline.
        budget : CallBudget
            The call's retries and deadline, spent here and by its other hops.

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
        method, deadline = request.method, budget.deadline
        while True:
            pause = min(self.paused_until, deadline) - self.clock()
            if pause > 0:
                await self.sleep(pause)
            retry_after: float | None = None
            try:
                response = await send_once(max(deadline - self.clock(), 0.0))
            except AttemptFailed as failed:
                outcome: int | FailureKind = failed.kind
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
                request, outcome, budget.retries_done, retry_after, deadline
            )
            if delay is None:
                raise error
            logger.info(
                "Retrying %s %s in %.2f s after %s (retry %d of %d)",
                method,
                request.url.path,
                delay,
                outcome.value if isinstance(outcome, FailureKind) else outcome,
                budget.retries_done + 1,
                self.max_retries,
            )
            budget.retries_done += 1
            if outcome == 429:
                # Every request waits, this one included, at the top of the loop.
                self.paused_until = max(self.paused_until, self.clock() + delay)
            else:
                await self.sleep(delay)

    def _delay(
        self,
        request: Request,
        outcome: int | FailureKind,
        retries_done: int,
        retry_after: float | None,
        deadline: float,
    ) -> float | None:
        """Return the wait before the next attempt, or ``None`` to give up."""
        if not should_retry(
            request.method,
            outcome,
            retries_done=retries_done,
            max_retries=self.max_retries,
            has_retry_after=retry_after is not None,
            retry_safe=request.retry_safe,
        ):
            return None
        delay = retry_delay(retries_done, retry_after)
        if delay is None or self.clock() + delay >= deadline:
            return None
        return delay
