"""One cache entry on disk: its bytes behind a header and a digest keyed by its key.

An entry is written to a temporary file beside its place and renamed into
it, so a reader never sees half of one. Its BLAKE2 digest is keyed by the
entry's own key: an entry cut short (a crash, a full disk, an edit) or
renamed to another key fails the check on reading, and is deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path

from .switches import get_cache_ttl

__all__ = ["HEADER_BYTES", "read_entry", "write_entry"]

MAGIC = b"ionworks-cache-2\n"
"""Version 2 keys each entry's digest by the entry's key (1 did not)."""
DIGEST_BYTES = 32
HEADER_BYTES = len(MAGIC) + DIGEST_BYTES
"""What an entry's file holds beyond its data."""


def _digest(key: str, data: bytes) -> bytes:
    """Return an entry's digest: BLAKE2 of its bytes, keyed by its own key."""
    return hashlib.blake2b(
        data, digest_size=DIGEST_BYTES, key=bytes.fromhex(key)
    ).digest()


def read_entry(path: Path, key: str) -> bytes | None:
    """Return the entry's data if it is intact and young enough; else drop it.

    An entry older than the process's TTL (``set_cache_ttl``; its file's
    modification time is when it was written) is deleted and missed; a
    damaged one is deleted. A read marks the entry used (its access time),
    so the least recently used go first when the cache is over its bound.

    Raises
    ------
    OSError
        When the file cannot be read (it was deleted meanwhile).
    """
    written = os.stat(path).st_mtime
    ttl = get_cache_ttl()
    if ttl is not None and time.time() - written > ttl:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    raw = path.read_bytes()
    data = raw[HEADER_BYTES:]
    if raw[: len(MAGIC)] != MAGIC or raw[len(MAGIC) : HEADER_BYTES] != _digest(
        key, data
    ):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path, (time.time(), written))  # used now; written then
    return data


def write_entry(path: Path, key: str, data: bytes) -> None:
    """Write an entry atomically (a temporary file renamed into place)."""
    digest = _digest(key, data)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(MAGIC)
            file.write(digest)
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
