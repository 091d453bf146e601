"""A wrapper that records how many calls of a function ran at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class PeakCalls(Generic[T]):
    """Call ``function``, holding each call ``hold`` seconds; keep the peak.

    Called from worker threads: the hold gives every caller that is let in
    the time to arrive, so ``most`` is the bound the callers are held to.
    """

    def __init__(self, function: Callable[..., T], hold: float = 0.02) -> None:
        self.function = function
        self.hold = hold
        self.most = 0
        self._running = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            self._running += 1
            self.most = max(self.most, self._running)
        try:
            time.sleep(self.hold)
            return self.function(*args, **kwargs)
        finally:
            with self._lock:
                self._running -= 1
