"""The batch runner behind every ``create_many``: bounded, resumable, counted.

:func:`~.runner.run_batch` runs items with bounded concurrency and a breaker
(a run of failures stops the batch, not each item in turn);
:class:`~.result.BatchResult` is what every ``create_many`` returns, each
item in exactly one of its lists; :mod:`.progress` reports as it goes (a
bar, a line, or the caller's callable, never on the event loop).
"""

from .progress import ByteProgress, ProgressReporter, reporter
from .result import BatchResult, ItemFailure, Success, Unknown
from .runner import ItemSource, Progress, run_batch

__all__ = [
    "BatchResult",
    "ByteProgress",
    "ItemFailure",
    "ItemSource",
    "Progress",
    "ProgressReporter",
    "Success",
    "Unknown",
    "reporter",
    "run_batch",
]
