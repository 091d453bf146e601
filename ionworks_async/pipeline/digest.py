"""Digests of what an upload was made from: a file's bytes, a series' rows.

The digest of a table's first ``n`` rows (:class:`RowDigest`) is the same
whatever follows them and however the rows were cut into batches, so
``ionworks ingest`` tells a grown file (its stored rows are the file's first
rows: extend) from a changed one without downloading what the server holds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..read.normalise import API_COLUMNS
from ..tables.bridge import floats
from ..tables.table import pyarrow_module

__all__ = ["RowDigest", "copy_with_digest", "file_digest", "rows_digest"]

CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (hex), read a MiB at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_with_digest(path: Path, target: Path) -> str:
    """Copy a file's bytes to ``target``; return their SHA-256 (hex).

    One pass: the digest is of the bytes copied, whatever the file does
    meanwhile (a cycler still appending to it), so that what is read from
    the copy, its digest and the original kept from it are one file.
    """
    digest = hashlib.sha256()
    with path.open("rb") as source, target.open("xb") as copy:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            copy.write(chunk)
    return digest.hexdigest()


class RowDigest:
    """A SHA-256 of a table's rows in the API's columns, fed a batch at a time.

    Each row is its values as float64 in :data:`API_COLUMNS` order (a
    missing column or value: NaN), so the digest of the first ``n`` rows
    does not depend on how the rows were cut into batches.

    Parameters
    ----------
    limit : int, optional
        Digest at most this many rows (the rest are ignored).
    """

    def __init__(self, limit: int | None = None) -> None:
        self.digest = hashlib.sha256()
        self.rows = 0
        self.limit = limit

    def update(self, batch: Any) -> None:
        """Add a batch's rows (up to ``limit`` rows in all)."""
        import numpy as np

        rows = batch.num_rows
        if self.limit is not None:
            rows = min(rows, self.limit - self.rows)
        if rows <= 0:
            return
        names = set(batch.schema.names)
        matrix = np.full((rows, len(API_COLUMNS)), np.nan)
        for index, name in enumerate(API_COLUMNS):
            if name in names:
                values = batch.column(name).slice(0, rows)
                matrix[:, index] = floats(values)
        self.digest.update(np.ascontiguousarray(matrix).tobytes())
        self.rows += rows

    def hexdigest(self) -> str:
        """Return the digest so far (hex)."""
        return self.digest.hexdigest()


def rows_digest(parquet: Path, rows: int) -> str:
    """Return the digest of a parquet file's first ``rows`` rows."""
    pq = pyarrow_module().parquet
    digest = RowDigest(limit=rows)
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=1 << 16):
        digest.update(batch)
        if digest.rows >= rows:
            break
    return digest.hexdigest()
