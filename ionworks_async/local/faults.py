"""Fault injection and request statistics for the local server.

Every decision is drawn from one seeded random generator, so a run with the
same ``--seed`` and the same request order injects the same faults. Faults
that are decided before the handler runs (latency, 503, 429, drop, slow)
never half-apply a write; ``drop_after_commit`` lets the write commit and
then closes the connection without answering — the case that makes
duplicate creation a real risk for clients.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

import attrs

__all__ = ["LIMITS", "FaultSettings", "Faults", "Stats"]

LIMITS = {
    "latency_ms": 600_000.0,
    "jitter_ms": 600_000.0,
    "error_rate": 1.0,
    "rate_limit": 1_000_000.0,
    "drop_rate": 1.0,
    "slow_rate": 1.0,
    "slow_seconds": 3_600.0,
    "drop_after_commit_rate": 1.0,
}
"""Each numeric setting's largest value (from 0): a rate is a probability,
and no delay may exceed ten minutes (an hour for a slow answer), so a typo
cannot stall the server for good."""


@attrs.define
class FaultSettings:
    """What to inject; every rate is a probability a request, 0 to 1."""

    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    error_rate: float = 0.0
    rate_limit: float = 0.0
    """Requests a second before 429s; 0 turns the limit off."""
    drop_rate: float = 0.0
    slow_rate: float = 0.0
    slow_seconds: float = 15.0
    """How long a slow answer takes: longer than the client's timeout."""
    drop_after_commit_rate: float = 0.0
    seed: int | None = None

    def update(self, values: dict[str, Any]) -> None:
        """Set fields from a JSON object, checking names and ranges first.

        Raises
        ------
        ValueError
            For an unknown field or a value out of range.
        """
        for name, value in values.items():
            if name not in attrs.fields_dict(FaultSettings):
                raise ValueError(f"unknown fault setting {name!r}")
            if name == "seed":
                if value is not None and (
                    isinstance(value, bool) or not isinstance(value, int)
                ):
                    raise ValueError("seed must be an integer or null")
            elif (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not 0 <= value <= LIMITS[name]
            ):
                raise ValueError(f"{name} must be a number from 0 to {LIMITS[name]:g}")
        for name, value in values.items():  # all checked: none half-applied
            setattr(self, name, value)


class Faults:
    """Draws the faults for each request from the settings."""

    def __init__(self, settings: FaultSettings) -> None:
        self.settings = settings
        self.reseed()
        self._tokens = 0.0
        self._refilled = time.monotonic()

    def reseed(self) -> None:
        """Restart the random sequence from the settings' seed."""
        self.random = random.Random(self.settings.seed)
        self._tokens = self.settings.rate_limit

    def latency(self) -> float:
        """Seconds to wait before handling this request."""
        settings = self.settings
        jitter = self.random.uniform(-settings.jitter_ms, settings.jitter_ms)
        return max(0.0, settings.latency_ms + jitter) / 1000

    def chance(self, rate: float) -> bool:
        """Draw one fault with probability ``rate``."""
        return rate > 0 and self.random.random() < rate

    def rate_limited(self) -> float | None:
        """Take a token from the rate limiter; return the wait if there is none."""
        rate = self.settings.rate_limit
        if rate <= 0:
            return None
        now = time.monotonic()
        # a bucket holds at least one token, or a limit under 1/s serves nothing
        capacity = max(rate, 1.0)
        self._tokens = min(capacity, self._tokens + (now - self._refilled) * rate)
        self._refilled = now
        if self._tokens >= 1:
            self._tokens -= 1
            return None
        return (1 - self._tokens) / rate


@attrs.define
class Stats:
    """What the server saw, served at ``GET /_local/stats``."""

    requests: Counter[str] = attrs.field(factory=Counter)
    statuses: Counter[str] = attrs.field(factory=Counter)
    faults: Counter[str] = attrs.field(factory=Counter)
    storage_requests: int = 0
    storage_requests_with_credentials: int = 0

    def as_json(self) -> dict[str, Any]:
        """Return the statistics as a JSON object."""
        return {
            "requests": dict(self.requests),
            "total_requests": sum(self.requests.values()),
            "statuses": dict(self.statuses),
            "faults": dict(self.faults),
            "storage_requests": self.storage_requests,
            "storage_requests_with_credentials": self.storage_requests_with_credentials,
        }

    def reset(self) -> None:
        """Forget everything counted so far."""
        self.requests.clear()
        self.statuses.clear()
        self.faults.clear()
        self.storage_requests = 0
        self.storage_requests_with_credentials = 0
