"""What a client learned of an API's connections, kept for the next process.

A process's first ``detail()`` knows neither where the API's signed storage
links point (until the first redirect comes back) nor how many requests its
data trip will send: its storage connections are a wave of handshakes after
the links arrive, and its API connections are opened at a guess. Both are
facts about the API that rarely change, so a client keeps them in its cache
folder (``connections-v1.json``, by API origin) and the next process starts
with them, opening its storage connections while its first trip is in flight.

Nothing in the file is secret (origins and counts). A hint only opens
connections, nothing is sent on them, so a stale one costs connections that
go unused; a file that cannot be read or written is passed over (logged at
debug level), never an error.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .preconnect import Preconnector

__all__ = ["FILE", "MAX_APIS", "Hints"]

logger = logging.getLogger("ionworks")

FILE = "connections-v1.json"
MAX_APIS = 16
"""API origins the file remembers (the least recently learned go first)."""
_MAX_WIDTH = 100_000


class Hints:
    """One API's connection hints, read from and written to a cache folder.

    Parameters
    ----------
    directory : Path or None
        The cache folder (``None``: nothing is read or kept).
    api_url : str
        The API whose hints these are (by its origin).
    """

    def __init__(self, directory: Path | None, api_url: str) -> None:
        self._path = None if directory is None else directory / FILE
        self._api = _origin(api_url) or api_url
        self._known = _entry(self._read().get(self._api))

    @property
    def storage_origin(self) -> str | None:
        """The origin the API's storage links pointed at last, if known."""
        origin = self._known.get("storage")
        return origin if isinstance(origin, str) else None

    @property
    def widths(self) -> dict[str, int]:
        """How many requests each kind of trip sent at once last time."""
        return dict(self._known.get("widths", {}))

    def teach(self, api: Preconnector, storage: Preconnector) -> None:
        """Give the openers of API and storage connections the widths known."""
        for key, width in self.widths.items():
            side, _, kind = key.partition(" ")
            (api if side == "api" else storage).learn(kind, width)

    def remember(
        self, *, storage: str | None = None, widths: dict[str, int] | None = None
    ) -> None:
        """Keep a storage origin and trips' widths; the file is written on change."""
        changed = False
        if (
            storage is not None
            and storage != self.storage_origin
            and _origin(storage) == storage
        ):
            self._known["storage"], changed = storage, True
        known = self._known.setdefault("widths", {})
        for kind, width in (widths or {}).items():
            if known.get(kind) != width and 0 <= width <= _MAX_WIDTH:
                known[kind], changed = width, True
        if changed:
            self._save()

    def _read(self) -> dict[str, Any]:
        if self._path is None:
            return {}
        try:
            if not _private(self._path):
                logger.debug("connection hints %s: others may write", self._path)
                return {}
            found = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            logger.debug("connection hints %s unread: %s", self._path, error)
            return {}
        return found if isinstance(found, dict) else {}

    def _save(self) -> None:
        if self._path is None:
            return
        every = {api: _entry(e) for api, e in self._read().items()}
        every = {api: entry for api, entry in every.items() if entry}
        every[self._api] = {**self._known, "at": time.time()}
        kept = sorted(every, key=lambda api: every[api].get("at", 0), reverse=True)
        text = json.dumps({api: every[api] for api in kept[:MAX_APIS]})
        try:
            self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                dir=self._path.parent, prefix=".tmp-hints-"
            )
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temporary, self._path)  # whole, for other processes
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            logger.debug("connection hints %s not kept: %s", self._path, error)


def _private(path: Path) -> bool:
    """Whether only this user could have written the file (and its folder).

    A hints file names hosts the client opens connections to: one planted in
    a folder others may write is not followed (as the data cache distrusts
    such a folder). Raises ``FileNotFoundError`` when there is no file.
    """
    if not hasattr(os, "getuid"):
        return True  # Windows: a profile's folders are the user's by their ACL
    for where in (path.parent, path):
        info = os.lstat(where)
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return False
        if where is path and not stat.S_ISREG(info.st_mode):
            return False
    return True


def _origin(url: str) -> str | None:
    """Return ``scheme://host[:port]`` of an http(s) URL, or ``None``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + ("" if port is None else f":{port}")


def _entry(found: object) -> dict[str, Any]:
    """Return the well-formed part of one API's entry (anything else dropped)."""
    if not isinstance(found, dict):
        return {}
    entry: dict[str, Any] = {}
    storage = found.get("storage")
    if isinstance(storage, str) and _origin(storage) == storage:
        entry["storage"] = storage
    widths = found.get("widths")
    if isinstance(widths, dict):
        entry["widths"] = {
            kind: width
            for kind, width in widths.items()
            if isinstance(kind, str)
            and isinstance(width, int)
            and not isinstance(width, bool)
            and 0 <= width <= _MAX_WIDTH
        }
    at = found.get("at")
    if isinstance(at, (int, float)) and not isinstance(at, bool):
        entry["at"] = float(at)
    return entry
