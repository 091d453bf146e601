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

import functools
import os
import sys
import warnings
from collections.abc import Iterable
from contextvars import ContextVar
from importlib.util import find_spec
from pathlib import Path

__all__ = ["Carried", "carrying", "is_carrying", "reissue", "warn_user"]

Carried = list[tuple[str, type[Warning]]]
"""Warnings held for another thread: (message, category), in order."""

_CARRIED: ContextVar[Carried | None] = ContextVar("ionworks_carried", default=None)


def _origin(module: str) -> Path | None:
    """Return where a module's source is, found without importing it."""
    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        return None
    origin = spec.origin if spec is not None else None
    return Path(origin).resolve() if origin else None


@functools.cache
def _internal_places() -> tuple[tuple[str, ...], frozenset[str]]:
    """Return the folders and files of this SDK and of what runs it.

    Found on the first warning, by ``find_spec``: anyio and concurrent.futures
    are not imported at start-up for this.
    """
    here = Path(__file__).resolve().parent.parent  # ionworks_async/
    folders = [here, here.parent / "ionworks"]
    for package in ("asyncio", "concurrent.futures", "anyio"):
        origin = _origin(package)
        if origin is not None:
            folders.append(origin.parent)
    files = frozenset(
        str(origin)
        for origin in (_origin("threading"), _origin("contextlib"))
        if origin is not None
    )
    return tuple(str(folder) + os.sep for folder in folders), files


def _internal(filename: str) -> bool:
    if filename.startswith("<frozen"):
        return True
    prefixes, files = _internal_places()
    return filename.startswith(prefixes) or filename in files


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
