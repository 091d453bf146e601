"""Warnings that point at the user's line, from any thread the work ran in.

``warnings.warn`` names the frame ``stacklevel`` levels up, which is right
only when the depth between the user and the warning never changes. Ours
does: a check may run straight from the user's call, in a worker thread
(whose stack starts in ``concurrent.futures``), or on the blocking facade's
private loop (whose stack starts in ``asyncio``). So a warning is issued by
:func:`warn_user`, which names the first frame outside this SDK and the
machinery that runs it; and work that leaves the user's thread *carries*
its warnings back (:func:`carrying`) to be issued there (:func:`reissue`).

A context variable carries them, not ``warnings.catch_warnings``: that swaps
process-wide state, and threads working at once would hear each other's
warnings or lose them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import sys
import threading
import warnings
from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path

__all__ = ["Carried", "carrying", "is_carrying", "reissue", "warn_user"]

Carried = list[tuple[str, type[Warning]]]
"""Warnings held for another thread: (message, category), in order."""

_CARRIED: ContextVar[Carried | None] = ContextVar("ionworks_carried", default=None)


def _package_dir(module_file: str | None) -> str:
    return str(Path(module_file or "").resolve().parent) + os.sep


def _internal_prefixes() -> tuple[str, ...]:
    here = Path(__file__).resolve().parent.parent  # ionworks_async/
    prefixes = [
        str(here) + os.sep,
        str(here.parent / "ionworks") + os.sep,
        _package_dir(asyncio.__file__),
        _package_dir(concurrent.futures.__file__),
    ]
    try:
        import anyio

        prefixes.append(_package_dir(anyio.__file__))
    except ImportError:  # pragma: no cover - anyio is a dependency
        pass
    return tuple(prefixes)


_PREFIXES = _internal_prefixes()
_FILES = frozenset(
    str(Path(name).resolve())
    for name in (threading.__file__, contextlib.__file__)
    if name is not None
)


def _internal(filename: str) -> bool:
    if filename.startswith("<frozen"):
        return True
    return filename.startswith(_PREFIXES) or filename in _FILES


def _user_stacklevel() -> int:
    """Return the ``stacklevel`` of the first outside frame, for our caller."""
    frame = sys._getframe(2)  # the caller of warn_user (or of reissue)
    level = 2
    while frame.f_back is not None and _internal(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    return level


def warn_user(message: str, category: type[Warning]) -> None:
    """Warn at the user's line, or carry the warning to the user's thread.

    Parameters
    ----------
    message : str
        The warning's text.
    category : type of Warning
        Its category.
    """
    carried = _CARRIED.get()
    if carried is not None:
        carried.append((message, category))
        return
    warnings.warn(message, category, stacklevel=_user_stacklevel())


def reissue(carried: Iterable[tuple[str, type[Warning]]]) -> None:
    """Issue warnings carried back from other work, at the user's line.

    Parameters
    ----------
    carried : iterable of (str, type of Warning)
        What :func:`carrying` collected.
    """
    for message, category in carried:
        held = _CARRIED.get()
        if held is not None:  # carried further still (the blocking facade)
            held.append((message, category))
        else:
            warnings.warn(message, category, stacklevel=_user_stacklevel())


def carrying(carried: Carried) -> None:
    """Make :func:`warn_user` collect into ``carried`` in the current context.

    Called at the start of work in a context of its own (a worker thread's
    copied context, a task's), so it never leaks to the caller's.

    Parameters
    ----------
    carried : list
        Receives each warning, to be given to :func:`reissue` afterwards.
    """
    _CARRIED.set(carried)


def is_carrying() -> bool:
    """Whether warnings in this context are already carried elsewhere."""
    return _CARRIED.get() is not None
