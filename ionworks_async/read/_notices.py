"""What a reading warns of, told twice: as a warning, and to whoever listens.

A reader warns of what it read around (a last line cut, a run stopped early,
rows left out) with :func:`warn_reading`: a
:class:`~ionworks_async.validation.MeasurementValidationWarning`, as always,
and the message added to the list of :func:`listening`, when a caller (a lab
folder's ingest, reading files in threads at once) listens in this context.
``warnings.catch_warnings`` would not do there: it swaps process-wide state,
and threads reading at once would hear each other's warnings or lose them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .._runtime.user_warnings import warn_user
from ..validation import MeasurementValidationWarning

__all__ = ["listening", "warn_reading"]

_HEARD: ContextVar[list[str] | None] = ContextVar("ionworks_read_notices", default=None)


def warn_reading(message: str) -> None:
    """Warn of ``message`` and add it to the list of :func:`listening`, if any.

    Parameters
    ----------
    message : str
        What was read around, naming the file.
    """
    warn_user(message, MeasurementValidationWarning)
    heard = _HEARD.get()
    if heard is not None:
        heard.append(message)


@contextmanager
def listening() -> Iterator[list[str]]:
    """Collect the messages :func:`warn_reading` warns of in this context.

    Yields
    ------
    list of str
        Filled as the readings inside the ``with`` block warn.
    """
    heard: list[str] = []
    token = _HEARD.set(heard)
    try:
        yield heard
    finally:
        _HEARD.reset(token)
