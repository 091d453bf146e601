"""Where the local server keeps measurement files (parquet blobs)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

__all__ = ["BlobStore", "FileBlobs", "MemoryBlobs", "blob_call"]

T = TypeVar("T")

_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


def _checked(part: str) -> str:
    # Ids and file names become path parts: allow no separator or dot-dot.
    if not _SAFE.match(part) or part in (".", ".."):
        raise ValueError(f"unsafe blob name {part!r}")
    return part


class BlobStore:
    """Files by (measurement id, file name), and bytes derived from them.

    :meth:`derived` keeps up to :attr:`DERIVED_BYTES` of bytes derived from
    files (the JSON of the step and cycle tables), least recently used
    first out, as the hosted API keeps those tables in its database rather
    than parse a file for every request. Writing or removing a
    measurement's files forgets what was derived from them.
    """

    DERIVED_BYTES = 256 * 1024 * 1024
    blocking = True
    """Whether reads and writes touch the disk (and so belong off the loop)."""

    def __init__(self) -> None:
        self._derived: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._derived_size = 0
        self._derived_lock = threading.Lock()
        self._generation = 0

    def put(self, measurement_id: str, filename: str, data: bytes) -> None:
        """Store a file, replacing any earlier one, atomically."""
        raise NotImplementedError

    def get(self, measurement_id: str, filename: str) -> bytes | None:
        """Return a file's bytes, or ``None``."""
        raise NotImplementedError

    def join(self, measurement_id: str, filename: str, parts: list[str]) -> None:
        """Store the concatenation of stored files as one, and remove them.

        A multipart upload's completion; the parts must all be there.
        """
        pieces = [self.get(measurement_id, part) for part in parts]
        if any(piece is None for piece in pieces):
            raise FileNotFoundError("a part of the upload is missing")
        self.put(measurement_id, filename, b"".join(p for p in pieces if p))
        for part in parts:
            self.discard(measurement_id, part)

    def has(self, measurement_id: str, filename: str) -> bool:
        """Whether a file is stored, without reading it."""
        raise NotImplementedError

    def delete(self, measurement_id: str) -> None:
        """Remove every file of a measurement."""
        raise NotImplementedError

    def discard(self, measurement_id: str, filename: str) -> None:
        """Remove one file of a measurement, if it is there."""
        raise NotImplementedError

    def remembered(self, measurement_id: str, filename: str) -> bytes | None:
        """Return what :meth:`derived` last kept for a file, if anything."""
        key = (measurement_id, filename)
        with self._derived_lock:
            value = self._derived.get(key)
            if value is not None:
                self._derived.move_to_end(key)
            return value

    def derived(
        self, measurement_id: str, filename: str, derive: Callable[[bytes], bytes]
    ) -> bytes | None:
        """Return ``derive(file)``, kept while the file is unchanged.

        Returns ``None`` when there is no such file.
        """
        remembered = self.remembered(measurement_id, filename)
        if remembered is not None:
            return remembered
        with self._derived_lock:
            generation = self._generation
        data = self.get(measurement_id, filename)
        if data is None:
            return None
        value = derive(data)
        with self._derived_lock:
            if generation == self._generation and len(value) <= self.DERIVED_BYTES:
                # No write since the read: the value is current.
                self._derived[(measurement_id, filename)] = value
                self._derived_size += len(value)
                while self._derived_size > self.DERIVED_BYTES:
                    self._derived_size -= len(self._derived.popitem(last=False)[1])
        return value

    def _forget(self, measurement_id: str, filename: str | None = None) -> None:
        with self._derived_lock:
            self._generation += 1
            for key in [
                key
                for key in self._derived
                if key[0] == measurement_id and filename in (None, key[1])
            ]:
                self._derived_size -= len(self._derived.pop(key))


async def blob_call(blobs: BlobStore, call: Callable[..., T], *args: Any) -> T:
    """Run a blob store method: in a worker thread when it touches the disk."""
    if blobs.blocking:
        return await asyncio.to_thread(call, *args)
    return call(*args)


class MemoryBlobs(BlobStore):
    """Files in memory, for ``--in-memory`` servers."""

    blocking = False

    def __init__(self) -> None:
        super().__init__()
        self._files: dict[tuple[str, str], bytes] = {}

    def put(self, measurement_id: str, filename: str, data: bytes) -> None:
        """Store a file."""
        self._files[(_checked(measurement_id), _checked(filename))] = data
        self._forget(measurement_id, filename)

    def get(self, measurement_id: str, filename: str) -> bytes | None:
        """Return a file's bytes, or ``None``."""
        return self._files.get((measurement_id, filename))

    def has(self, measurement_id: str, filename: str) -> bool:
        """Whether a file is stored."""
        return (measurement_id, filename) in self._files

    def delete(self, measurement_id: str) -> None:
        """Remove every file of a measurement."""
        for key in [key for key in self._files if key[0] == measurement_id]:
            del self._files[key]
        self._forget(measurement_id)

    def discard(self, measurement_id: str, filename: str) -> None:
        """Remove one file of a measurement, if it is there."""
        self._files.pop((measurement_id, filename), None)
        self._forget(measurement_id, filename)


class FileBlobs(BlobStore):
    """Files under ``<root>/<measurement id>/<file name>``."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def put(self, measurement_id: str, filename: str, data: bytes) -> None:
        """Store a file: write a temporary file, flush it, rename it into place."""
        self._write(measurement_id, filename, lambda file, _: file.write(data))

    def join(self, measurement_id: str, filename: str, parts: list[str]) -> None:
        """Concatenate stored files into one on disk, a part at a time."""

        def copy(file: IO[bytes], folder: Path) -> None:
            for part in parts:
                with (folder / _checked(part)).open("rb") as piece:
                    shutil.copyfileobj(piece, file, 1024**2)

        self._write(measurement_id, filename, copy)
        for part in parts:
            self.discard(measurement_id, part)

    def _write(
        self,
        measurement_id: str,
        filename: str,
        write: Callable[[IO[bytes], Path], object],
    ) -> None:
        """Write a temporary file, flush it, rename it into place."""
        folder = self.root / _checked(measurement_id)
        folder.mkdir(mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                write(file, folder)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, folder / _checked(filename))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        finally:
            self._forget(measurement_id, filename)

    def get(self, measurement_id: str, filename: str) -> bytes | None:
        """Return a file's bytes, or ``None``."""
        try:
            return (
                self.root / _checked(measurement_id) / _checked(filename)
            ).read_bytes()
        except (OSError, ValueError):
            return None

    def has(self, measurement_id: str, filename: str) -> bool:
        """Whether a file is stored."""
        try:
            return (self.root / _checked(measurement_id) / _checked(filename)).is_file()
        except ValueError:
            return False

    def delete(self, measurement_id: str) -> None:
        """Remove every file of a measurement."""
        with contextlib.suppress(OSError, ValueError):
            shutil.rmtree(self.root / _checked(measurement_id))
        self._forget(measurement_id)

    def discard(self, measurement_id: str, filename: str) -> None:
        """Remove one file of a measurement, if it is there."""
        with contextlib.suppress(OSError, ValueError):
            (self.root / _checked(measurement_id) / _checked(filename)).unlink()
        self._forget(measurement_id, filename)
