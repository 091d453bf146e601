"""Where the data cache lives, and the rules its folders keep.

The folder is the argument, else ``IONWORKS_CACHE_DIR``, else the platform's
cache folder (:func:`resolve_cache_dir`). Folders the cache makes are 0700
whatever the umask; an existing entries folder is made 0700 if it is not,
and one another user owns, or that is no folder, is refused
(:func:`make_private`): nothing is kept there.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "CACHE_DIR_VARIABLE",
    "choose_directory",
    "default_cache_dir",
    "make_private",
    "resolve_cache_dir",
]

CACHE_DIR_VARIABLE = "IONWORKS_CACHE_DIR"
_OFF = frozenset({"0", "false", "no", "off", "none"})
_chosen: list[Path] = []
"""The folder ``set_cache_directory`` chose for the process, if any."""


def choose_directory(folder: Path) -> None:
    """Make ``folder`` the cache folder of clients made from now on."""
    _chosen[:] = [folder]


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the platform's cache folder for this client.

    ``%LOCALAPPDATA%/ionworks-async/cache`` on Windows,
    ``~/Library/Caches/ionworks-async`` on macOS, and
    ``$XDG_CACHE_HOME/ionworks-async`` (``~/.cache/ionworks-async``) elsewhere.
    """
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = env.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "ionworks-async" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ionworks-async"
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ionworks-async"


def resolve_cache_dir(
    value: object, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Return the cache folder: the argument, else the process's, else the default.

    The process's is the folder ``set_cache_directory`` chose, else
    ``IONWORKS_CACHE_DIR``'s; the default is :func:`default_cache_dir`.

    ``False`` (or ``IONWORKS_CACHE_DIR`` set to ``off``, ``0``, ``false``,
    ``no`` or ``none``) turns the cache off, and ``None`` is returned.

    Raises
    ------
    TypeError
        For a value that is neither a path, ``False`` nor ``None``.
    """
    env = os.environ if environ is None else environ
    if value is False:
        return None
    if value is None and _chosen:
        return _chosen[0]
    if value is None:
        configured = env.get(CACHE_DIR_VARIABLE, "").strip()
        if not configured:
            return default_cache_dir(env)
        if configured.lower() in _OFF:
            return None
        return Path(configured).expanduser()
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bool):
        return Path(value).expanduser()
    raise TypeError(
        f"cache_dir must be a folder path, False or None, not {type(value).__name__}"
    )


def make_private(folder: Path) -> bool:
    """Make an existing folder 0700; refuse one another user owns.

    Returns whether the folder was open to others' writes (what it holds may
    then have been planted, and is not trusted).

    Raises
    ------
    PermissionError
        When the folder is not a folder or another user owns it.
    """
    if not hasattr(os, "getuid"):
        return False  # Windows: folders inherit the profile's ACL
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise PermissionError(f"{folder} is not this user's folder")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return bool(info.st_mode & 0o022)
