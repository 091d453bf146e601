"""Where the local server keeps measurement files (parquet blobs)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["BlobStore", "FileBlobs", "MemoryBlobs"]

_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


def _checked(part: str) -> str:
    # Ids and file names become path parts: allow no separator or dot-dot.
    if not _SAFE.match(part) or part in (".", ".."):
        raise ValueError(f"unsafe blob name {part!r}")
    return part


class BlobStore:
    """Files by (measurement id, file name)."""

    def put(self, measurement_id: str, filename: str, data: bytes) -> None:
        """Store a file, replacing any earlier one, atomically."""
        raise NotImplementedError

    def get(self, measurement_id: str, filename: str) -> bytes | None:
        """Return a file's bytes, or ``None``."""
        raise NotImplementedError

    def delete(self, measurement_id: str) -> None:
        """Remove every file of a measurement."""
        raise NotImplementedError

    def discard(self, measurement_id: str, filename: str) -> None:
        """Remove one file of a measurement, if it is there."""
        raise NotImplementedError


class MemoryBlobs(BlobStore):
    """Files in memory, for ``--in-memory`` servers."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], bytes] = {}

    def put(self, measurement_id: str, filename: str, data: bytes) -> None:
        """Store a file."""
        self._files[(_checked(measurement_id), _checked(filename))] = data

    def get(self, measurement_id: str, filename: str) -> bytes | None:
        """Return a file's bytes, or ``None``."""
        return self._files.get((measurement_id, filename))

    def delete(self, measurement_id: str) -> None:
        """Remove every file of a measurement."""
        for key in [key for key in self._files if key[0] == measurement_id]:
            del self._files[key]

    def discard(self, measurement_id: str, filename: str) -> None:
        """Remove one file of a measurement, if it is there."""
        self._files.pop((measurement_id, filename), None)


class FileBlobs(BlobStore):
    """Files under ``<root>/<measurement id>/<file name>``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def put(self, measurement_id: str, filename: str, data: bytes) -> None:
        """Store a file: write a temporary file, flush it, rename it into place."""
        folder = self.root / _checked(measurement_id)
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, folder / _checked(filename))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, measurement_id: str, filename: str) -> bytes | None:
        """Return a file's bytes, or ``None``."""
        try:
            return (
                self.root / _checked(measurement_id) / _checked(filename)
            ).read_bytes()
        except (OSError, ValueError):
            return None

    def delete(self, measurement_id: str) -> None:
        """Remove every file of a measurement."""
        with contextlib.suppress(OSError, ValueError):
            shutil.rmtree(self.root / _checked(measurement_id))

    def discard(self, measurement_id: str, filename: str) -> None:
        """Remove one file of a measurement, if it is there."""
        with contextlib.suppress(OSError, ValueError):
            (self.root / _checked(measurement_id) / _checked(filename)).unlink()
