"""The process's cache switches, as the public client's ``ionworks.cache`` has them.

``set_cache_enabled``, ``set_cache_directory`` and ``set_cache_ttl`` (and
their getters) and ``clear_cache`` act on our cache: turned off, no data
call reads or writes it (as ``use_cache=False`` on each call); a directory
set here is where clients made afterwards keep it, unless given their own
``cache_dir``; a TTL makes entries older than it misses — on top of the
validation every entry already has (a measurement's data is kept under its
``updated_at``, so a change is never served stale, with or without a TTL).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .folders import choose_directory, default_cache_dir, resolve_cache_dir

__all__ = [
    "ENTRIES_FOLDER",
    "clear_cache",
    "get_cache_directory",
    "get_cache_enabled",
    "get_cache_ttl",
    "set_cache_directory",
    "set_cache_enabled",
    "set_cache_ttl",
]

ENTRIES_FOLDER = "measurement-data-v1"
"""The versioned folder inside the cache folder that holds the entries."""

_enabled = True
_ttl: float | None = None


def set_cache_enabled(enabled: bool) -> None:
    """Turn the on-disk data cache on or off for every client of the process.

    Parameters
    ----------
    enabled : bool
        ``False``: data calls neither read nor write the cache (as if each
        were given ``use_cache=False``).
    """
    global _enabled
    if not isinstance(enabled, bool):
        raise TypeError(f"enabled must be True or False, not {enabled!r}")
    _enabled = enabled


def get_cache_enabled() -> bool:
    """Return whether data calls may use the on-disk cache."""
    return _enabled


def set_cache_directory(directory: str | os.PathLike[str]) -> None:
    """Set the folder of the cache of clients made from now on.

    A client's own ``cache_dir`` argument still wins; this wins over the
    ``IONWORKS_CACHE_DIR`` variable and the platform's cache folder.

    Parameters
    ----------
    directory : str or PathLike
        The folder (made when first written, private to this user).
    """
    if not isinstance(directory, (str, os.PathLike)):
        raise TypeError(
            f"directory must be a folder path, not {type(directory).__name__}"
        )
    choose_directory(Path(directory).expanduser())


def get_cache_directory() -> Path:
    """Return the cache folder a client made now, without ``cache_dir``, uses.

    Returns
    -------
    Path
        The folder set by :func:`set_cache_directory`, else
        ``IONWORKS_CACHE_DIR``'s, else the platform's cache folder.
    """
    directory = resolve_cache_dir(None)
    return directory if directory is not None else default_cache_dir({})


def set_cache_ttl(ttl_seconds: float | None) -> None:
    """Make cached entries older than ``ttl_seconds`` count as misses.

    Parameters
    ----------
    ttl_seconds : float or None
        The age, in seconds, after which an entry is fetched again; ``None``
        (the default) keeps entries until the data changes or the cache's
        size bound evicts them.
    """
    global _ttl
    if ttl_seconds is not None and (
        isinstance(ttl_seconds, bool)
        or not isinstance(ttl_seconds, (int, float))
        or not ttl_seconds >= 0
    ):
        raise ValueError(
            f"ttl_seconds must be a number of seconds (0 or more) or None, "
            f"not {ttl_seconds!r}"
        )
    _ttl = ttl_seconds


def get_cache_ttl() -> float | None:
    """Return the cache's TTL in seconds, or ``None`` when entries do not age."""
    return _ttl


def clear_cache() -> int:
    """Delete every entry of the cache in :func:`get_cache_directory`.

    A client's :meth:`~ionworks_async.AsyncIonworks.clear_cache` clears the
    folder that client uses; this one needs no client.

    Returns
    -------
    int
        How many entries were deleted.
    """
    entries = get_cache_directory() / ENTRIES_FOLDER
    count = 0
    try:
        folders = list(os.scandir(entries))
    except OSError:
        return 0
    for folder in folders:
        if not folder.is_dir(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder.path):
                if entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        count += not entry.name.startswith(".tmp-")
    return count
