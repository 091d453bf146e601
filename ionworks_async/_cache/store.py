"""An on-disk cache of measurement data, validated by the measurement's metadata.

The steps, cycles and time series of a measurement whose processing is
``ready`` do not change until the measurement is updated, and every update
moves its ``updated_at``. ``detail()`` already holds both fields from the
list it reads first, so an entry's key is built from them: a repeat
``detail()`` of unchanged measurements reads its data from disk and makes no
data request; a changed measurement has a new key and is fetched again. No
entry expires by age.

The key also holds the API URL and a hash of the credentials, so that two
servers or two users never share an entry. The directory is created with
mode 0700; an entries folder found with other modes is made 0700, and one
owned by another user is not used (nothing is cached). Each entry is written
to a temporary file and renamed into place, and carries a BLAKE2 digest of
its bytes keyed by its own key, which every read checks: an entry cut short
by a crash, a full disk or an edit, or renamed to another key, is dropped
and fetched again, never returned. A folder deleted under a running client
is made again at the next write. In the child of a ``fork()``, the parent's
queued writes are the parent's: the child starts with none. The cache is
bounded in bytes; past the bound the entries used least recently (read or
written) are deleted first.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import queue
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from .._runtime.threads import run_in_thread
from ..models._base import moment
from .entries import HEADER_BYTES, read_entry, write_entry
from .folders import make_private
from .switches import ENTRIES_FOLDER

if TYPE_CHECKING:
    from .._transport.settings import Settings
    from ..models import CellMeasurement

__all__ = ["DEFAULT_CACHE_MAX_BYTES", "FLUSH_WAIT_SECONDS", "DataCache"]

logger = logging.getLogger("ionworks")

DEFAULT_CACHE_MAX_BYTES = 2 * 1024**3

_ENTRIES = ENTRIES_FOLDER
_STALE_TEMPORARY_SECONDS = 3600.0
_EVICT_TO = 0.9
"""Eviction frees space down to this share of the bound, not just under it."""
_OPEN: weakref.WeakSet[DataCache] = weakref.WeakSet()
"""Caches that have written (and may have writes queued): flushed at exit."""


def _owner_hash(settings: Settings) -> str:
    """Hash the API URL and credentials: entries are never shared across them."""
    owner = "\0".join(
        [
            settings.api_url,
            settings.api_key or "",
            settings.token or "",
            settings.organization_id or "",
        ]
    )
    return hashlib.sha256(owner.encode()).hexdigest()


WRITE_BEHIND_SECONDS = 0.02
"""How long the writer waits before a new batch of entries.

Writing files takes the GIL between system calls, and a thread waiting for
the GIL can wait up to the switch interval for each turn: entries written as
a ``detail()`` returns would delay its return (the caller resumes in a few
loop turns). The entries are readable from memory meanwhile.
"""
_EXIT_WAIT_SECONDS = 10.0
"""How long the interpreter's exit waits for the cache's queued writes."""
FLUSH_WAIT_SECONDS = 60.0
"""How long closing a client waits for the cache's queued writes.

Past it (a disk that hangs), the writes are left to the writer thread and
the close returns: a cache never holds its caller without bound.
"""


@atexit.register
def _flush_at_exit() -> None:
    """Let the writer threads finish what ``detail()`` handed them.

    They are daemon threads (never keeping a process alive): without this, a
    script that ends right after a ``detail()`` would lose those entries.
    """
    deadline = time.monotonic() + _EXIT_WAIT_SECONDS
    for cache in list(_OPEN):
        cache.wait_written(max(0.0, deadline - time.monotonic()))


def _reset_after_fork() -> None:
    """In a forked child, forget the parent's queued writes and writer thread."""
    for cache in list(_OPEN):
        cache.after_fork_in_child()
    _OPEN.clear()


class DataCache:
    """Measurement data on disk, keyed by what says the data is unchanged.

    Parameters
    ----------
    directory : Path
        The cache folder; entries go in a versioned folder inside it.
    max_bytes : int
        The bound on the entries' total size.
    settings : Settings
        The client's API URL and credentials, hashed into every key.
    """

    def __init__(self, directory: Path, max_bytes: int, settings: Settings) -> None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int):
            raise TypeError("cache_max_bytes must be an integer")
        if max_bytes <= 0:
            raise ValueError("cache_max_bytes must be positive")
        self.directory = directory
        self.max_bytes = max_bytes
        self._entries = directory / _ENTRIES
        self._owner = _owner_hash(settings)
        self._lock = threading.Lock()
        self._refused = False
        """Whether the entries folder belongs to another user (nothing is kept)."""
        self._index: dict[str, int] | None = None
        """Each entry's size by key, as this process knows them; None: unread.

        Read from the folder once, then kept up to date by this process, so
        that a miss costs no file system call. An entry another process
        writes later is not in it: that data is fetched and written again.
        """
        self._total = 0
        """The sum of the index's sizes."""
        self._queue: queue.SimpleQueue[tuple[str, bytes]] = queue.SimpleQueue()
        self._pending = 0
        """Entries handed to :meth:`write` and not yet written."""
        self._writing = False
        """Whether the writer is in a batch (it waits before a new one)."""
        self._unwritten: dict[str, bytes] = {}
        """Entries handed to :meth:`write` and not yet on disk, readable here."""
        self._written = threading.Condition(self._lock)
        self._writer: threading.Thread | None = None
        self._made: set[Path] = set()
        """Entry folders known to exist (forgotten when the entries are cleared)."""

    def after_fork_in_child(self) -> None:
        """Start afresh in a forked child: no writer, no queued writes.

        The parent's writer thread does not exist in the child, and its lock
        may have been held at the fork; the parent writes its own entries.
        """
        self._lock = threading.Lock()
        self._written = threading.Condition(self._lock)
        self._queue = queue.SimpleQueue()
        self._pending = 0
        self._writing = False
        self._unwritten = {}
        self._writer = None

    def key(self, measurement: CellMeasurement, kind: str) -> str | None:
        """Return the key of one kind of a measurement's data, if it may be kept.

        Only data of a processed measurement (``ready``) with an
        ``updated_at`` is kept: anything else may still change. An
        ``updated_at`` the record kept as the server sent it (an epoch number,
        a string that is no ISO 8601 time) cannot be trusted to move with each
        change: such a measurement is simply not cached.
        """
        updated = moment(measurement.updated_at)
        if measurement.processing_status != "ready" or updated is None:
            return None
        parts = [
            self._owner,
            measurement.id,
            updated.isoformat(),
            measurement.processing_status,
            kind,
        ]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def raw_key(self, raw_data_id: str) -> str:
        """Return the key of a raw-data file (immutable: its id says it all)."""
        return hashlib.sha256(f"{self._owner}\0raw\0{raw_data_id}".encode()).hexdigest()

    async def read_many(self, keys: list[str]) -> dict[str, bytes]:
        """Return the entries found of ``keys``, intact, in one worker thread.

        Keys not in the index are misses at no cost; damaged entries are
        dropped (and left out).
        """
        with self._lock:
            found = {
                key: self._unwritten[key] for key in keys if key in self._unwritten
            }
        if self._index is None:
            await run_in_thread()(self._load_index)
        index = self._index
        present = [
            key
            for key in keys
            if index is not None and key in index and key not in found
        ]
        if present:
            found.update(await run_in_thread()(self._read_all, present))
        return found

    def write(self, key: str, data: bytes) -> None:
        """Keep bytes under a key, atomically, in the background.

        See :meth:`write_many`.
        """
        self.write_many([(key, data)])

    def write_many(self, entries: list[tuple[str, bytes]]) -> None:
        """Keep bytes under keys, atomically, in the background.

        The entries are readable at once (from memory until they are on
        disk) and written by the cache's writer thread a moment later
        (:data:`WRITE_BEHIND_SECONDS`): ``detail()`` does not wait for the
        disk. :meth:`flush` waits for the writes, and so do closing the
        client and the interpreter's exit (:func:`_flush_at_exit`).
        """
        if self._refused:
            return
        with self._lock:
            self._pending += len(entries)
            self._unwritten.update(entries)
            _OPEN.add(self)
            if self._writer is None or not self._writer.is_alive():
                # Started on first need, and again in the child of a fork.
                self._writer = threading.Thread(
                    target=self._write_queued, name="ionworks-cache", daemon=True
                )
                self._writer.start()
        for entry in entries:
            self._queue.put(entry)

    async def flush(self, timeout: float = FLUSH_WAIT_SECONDS) -> bool:
        """Wait until every entry handed to :meth:`write` is on disk.

        Returns False, leaving the rest to the writer thread, if ``timeout``
        (seconds) passed first.
        """
        if not self._pending:
            return True
        done: bool = await run_in_thread()(self.wait_written, timeout)
        if not done:
            logger.warning(
                "The data cache's writes did not finish in %.0f s; "
                "they are left to its writer thread",
                timeout,
            )
        return done

    async def clear(self) -> int:
        """Delete every entry; return how many there were."""
        count: int = await run_in_thread()(self._clear)
        return count

    # -- in a worker thread ------------------------------------------------

    def _path(self, key: str) -> Path:
        return self._entries / key[:2] / key

    def _load_index(self) -> None:
        index = {path.name: size for _, size, path in self._scan()}
        with self._lock:
            if self._index is None:
                self._index, self._total = index, sum(index.values())

    def _read_all(self, keys: list[str]) -> dict[str, bytes]:
        found = {}
        for key in keys:
            data = self._read(key)
            if data is not None:
                found[key] = data
        return found

    def _read(self, key: str) -> bytes | None:
        try:
            data = read_entry(self._path(key), key)
        except OSError:
            data = None  # deleted by another process
        if data is None:
            self._forget(key)
        return data

    def _write_queued(self) -> None:
        while True:
            key, data = self._queue.get()
            if not self._writing:
                # A new batch: let the call that handed it over return first.
                time.sleep(WRITE_BEHIND_SECONDS)
            self._writing = True
            try:
                self._write(key, data)
            except Exception:  # never let one entry stop the writer
                logger.warning(
                    "Could not keep %s in the data cache", key, exc_info=True
                )
            finally:
                with self._lock:
                    self._pending -= 1
                    self._writing = self._pending > 0
                    if self._unwritten.get(key) is data:
                        del self._unwritten[key]
                    self._written.notify_all()

    def wait_written(self, timeout: float | None = None) -> bool:
        """Block until every entry handed to :meth:`write` is on disk.

        Returns False if ``timeout`` (seconds) passed first.
        """
        with self._lock:
            return self._written.wait_for(lambda: self._pending == 0, timeout)

    def _write(self, key: str, data: bytes) -> None:
        path = self._path(key)
        if self._index is None:
            self._load_index()  # first: it drops entries others could write
        try:
            try:
                self._make_folders(path.parent)
                write_entry(path, key, data)
            except FileNotFoundError:
                # The folder was deleted under us (a tmp cleaner, rm -rf):
                # make it again, once.
                self._made.clear()
                self._make_folders(path.parent)
                write_entry(path, key, data)
        except OSError:
            return  # a read-only or full disk: the data is fetched next time
        self._grow(key, HEADER_BYTES + len(data))

    def _make_folders(self, folder: Path) -> None:
        # Folders this cache makes are 0700 whatever the umask. A cache_dir
        # that exists already keeps its mode; the entries folder and its
        # shards are made 0700 if they are not, and refused (nothing is
        # kept) if another user owns them.
        if folder in self._made:
            return
        for each in (self.directory, self._entries, folder):
            try:
                each.mkdir(mode=0o700, parents=each is self.directory)
            except FileExistsError:
                if each is not self.directory:
                    self._make_private(each)
                continue
            os.chmod(each, 0o700)
        self._made.add(folder)

    def _make_private(self, folder: Path) -> bool:
        """:func:`~.folders.make_private`, refusing the cache for a foreign folder."""
        try:
            return make_private(folder)
        except PermissionError:
            self._refused = True
            logger.warning(
                "The data cache folder %s belongs to another user or is not a "
                "folder: nothing is cached",
                folder,
            )
            raise

    def _grow(self, key: str, size: int) -> None:
        if self._index is None:
            self._load_index()  # includes the entry just written
        with self._lock:
            assert self._index is not None
            self._total += size - self._index.get(key, 0)
            self._index[key] = size
            over = self._total > self.max_bytes
        if over:
            self._evict()

    def _forget(self, key: str) -> None:
        with self._lock:
            if self._index is not None:
                self._total -= self._index.pop(key, 0)

    def _scan(self) -> list[tuple[float, int, Path]]:
        """Return (last use, size, path) of every entry; delete stale leftovers."""
        entries = []
        now = time.time()
        try:
            opened = self._make_private(self._entries)
            folders = list(os.scandir(self._entries))
        except OSError:
            return []
        for folder in folders:
            if not folder.is_dir(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                untrusted = self._make_private(Path(folder.path)) or opened
                for entry in os.scandir(folder.path):
                    info = entry.stat(follow_symlinks=False)
                    if untrusted or entry.name.startswith(".tmp-"):
                        # Writable by others (maybe planted), or a write cut
                        # short by a crash (never read, deleted late).
                        if untrusted or now - info.st_mtime > _STALE_TEMPORARY_SECONDS:
                            with contextlib.suppress(OSError):
                                os.unlink(entry.path)
                        continue
                    entries.append((info.st_atime, info.st_size, Path(entry.path)))
        return entries

    def _evict(self) -> None:
        entries = sorted(self._scan(), key=lambda entry: entry[0])
        total = sum(size for _, size, _ in entries)
        target = int(self.max_bytes * _EVICT_TO)
        kept = {path.name: size for _, size, path in entries}
        for _, size, path in entries:
            if total <= target:
                break
            with contextlib.suppress(OSError):
                path.unlink()
            del kept[path.name]
            total -= size
        with self._lock:
            self._index, self._total = kept, total

    def _clear(self) -> int:
        self.wait_written(FLUSH_WAIT_SECONDS)  # or a queued entry is written after
        entries = self._scan()
        for _, _, path in entries:
            with contextlib.suppress(OSError):
                path.unlink()
        with self._lock:
            self._index, self._total = {}, 0
        self._made.clear()
        return len(entries)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)
