"""pyarrow's CSV readers and the end of the process.

pyarrow drops a finished CSV reader on one of its own threads, a moment after
the read returns, and the Python objects the reader holds (a row handler, a
Python file, the codec of a file that is not UTF-8) are released there,
under the GIL. A thread that takes the GIL once the interpreter is finalising
is ended in the middle of C++, and the process aborts (``terminate called
without an active exception``, status 134): a script that read a file and
exited at once crashed about one time in three. So at exit, before
finalising, the interpreter waits, the GIL released, until the handlers it
knows of are gone and :data:`GRACE` has passed since the last read (for the
objects pyarrow makes itself); a process whose last read is older waits for
nothing. Bytes are handed to pyarrow in its own memory (:func:`arrow_buffer`),
never as a Python object.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from typing import Any

from ..tables.table import pyarrow_module

__all__ = ["GRACE", "arrow_buffer", "note_csv_read"]

GRACE = 0.05
"""Seconds after the last read that an exiting process waits (at most)."""
_TIMEOUT = 2.0
"""The longest an exiting process waits for the handlers pyarrow holds."""

_held: weakref.WeakSet[Any] = weakref.WeakSet()
_last = 0.0
_lock = threading.Lock()
_registered = False


def note_csv_read(*held: Any) -> None:
    """Note a CSV read (now), and Python objects its reader holds, for the exit."""
    global _last, _registered
    with _lock:
        if not _registered:
            atexit.register(_wait)
            _registered = True
        _last = time.monotonic()
        for each in held:
            _held.add(each)


def arrow_buffer(data: bytes) -> Any:
    """Return ``data`` copied into a buffer pyarrow owns (no Python object in it)."""
    buffer = pyarrow_module().allocate_buffer(len(data))
    if data:
        memoryview(buffer).cast("B")[:] = data
    return buffer


def _wait() -> None:
    start = time.monotonic()
    while time.monotonic() - start < _TIMEOUT and (
        len(_held) or time.monotonic() - _last < GRACE
    ):
        time.sleep(0.001)
