"""Import what the first data will need while the first requests are in flight.

A client returns frames, polars ones by default: their imports (pyarrow's
backends cost more, as they import pandas too when it is installed) would
otherwise be paid on a process's first ``detail()`` after the data arrived,
on the critical path (``benchmarks/README.md`` has the figures).
Building a client starts them in one background thread (once a process), so
they run while the connections open and the first answers travel. Importing
``ionworks`` itself stays as light as before: nothing starts until a client
is built. Python's import lock makes an import the caller needs meanwhile wait
for the thread's, never run twice.
"""

from __future__ import annotations

import importlib
import os
import threading
from importlib.util import find_spec

__all__ = ["MODULES", "warm_up"]

_ARROW = ("anyio", "pyarrow", "pyarrow.parquet", "pyarrow.compute", "pandas")
MODULES = {
    "table": ("anyio",),
    "arrow": _ARROW,
    "pandas": _ARROW,
    "polars": ("anyio", "polars"),  # Table.to_polars needs no pyarrow
}
"""What each frame backend's first data imports: anyio (the worker threads);
pyarrow and its compute functions, and pandas, which pyarrow imports on its
first ``pa.array()`` when it is installed; polars reads parquet
itself. Those not installed are left out."""

_started: set[str] = set()
_lock = threading.Lock()
_running: list[threading.Thread] = []
FORK_WAIT = 30.0
"""Seconds a ``fork()`` waits for the imports to finish (see :func:`_before_fork`)."""


def _before_fork() -> None:
    """Let the imports finish before a ``fork()``.

    A child forked in the middle of one would inherit the module's import
    lock, held by a thread it does not have, and hang at its own import of it.
    """
    for thread in list(_running):
        thread.join(FORK_WAIT)


os.register_at_fork(before=_before_fork)


def warm_up(backend: str) -> threading.Thread | None:
    """Begin importing ``backend``'s libraries in a daemon thread, once a process.

    Returns
    -------
    threading.Thread or None
        The thread, or ``None`` when there is nothing (more) to import.
    """
    wanted = [
        name
        for name in MODULES.get(backend, ())
        if name not in _started and find_spec(name.split(".")[0]) is not None
    ]
    with _lock:
        wanted = [name for name in wanted if name not in _started]
        if not wanted:
            return None
        _started.update(wanted)
    thread = threading.Thread(
        target=_import_all, args=(wanted,), name="ionworks-warm-up", daemon=True
    )
    _running.append(thread)
    thread.start()
    return thread


def _import_all(names: list[str]) -> None:
    try:
        for name in names:
            importlib.import_module(name)
    except Exception:  # a broken install: the caller's own import reports it
        return
    finally:
        with _lock:
            _running.remove(threading.current_thread())
