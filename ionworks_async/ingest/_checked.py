"""A lab file read, checked and encoded before any record is made for it.

Runs in a worker thread. The file is read with its cycler's reader a few
whole steps at a time, every batch goes through the upload checks, into a
temporary parquet file in the API's columns (what is then uploaded, unread
again) and into a digest of its rows: the digest of a file's first ``n``
rows is the same whatever follows them, so a grown file can be told from a
changed one without downloading what the server holds.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from ..read._api import is_api_file, normalised_blocks
from ..read._convert import TableWriter
from ..read._metadata import measurement_fields
from ..read._normalise import API_COLUMNS
from ..tables._sources import record_batches
from ..tables.table import _pyarrow
from ..validation import MeasurementValidationError, ValidationIssue
from ..validation._checker import TimeSeriesChecker
from ..validation._issues import errors_in
from ..validation._options import CheckOptions

__all__ = ["Checked", "RowDigest", "check_file", "file_digest", "rows_digest"]

CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (hex), read a MiB at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class RowDigest:
    """A SHA-256 of a table's rows in the API's columns, fed a batch at a time.

    Each row is its values as float64 in :data:`API_COLUMNS` order (a
    missing column or value: NaN), so the digest of the first ``n`` rows
    does not depend on how the rows were cut into batches.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.digest = hashlib.sha256()
        self.rows = 0
        self.limit = limit

    def update(self, batch: Any) -> None:
        """Add a batch's rows (up to ``limit`` rows in all)."""
        import numpy as np

        from ..tables._numpy import floats

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
    pq = _pyarrow().parquet
    digest = RowDigest(limit=rows)
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=1 << 16):
        digest.update(batch)
        if digest.rows >= rows:
            break
    return digest.hexdigest()


@attrs.frozen
class Checked:
    """A file that read and passed the checks.

    Attributes
    ----------
    parquet : Path
        Its time series in the API's columns (a temporary file).
    rows : int
        Its rows.
    digest : str
        :class:`RowDigest` of its rows.
    fields : dict
        Measurement fields from the file's header.
    warnings : list of ValidationIssue
        The checks' warnings.
    """

    parquet: Path
    rows: int
    digest: str
    fields: dict[str, Any]
    warnings: list[ValidationIssue]


def check_file(path: Path, folder: Path, options: CheckOptions) -> Checked:
    """Read, check and encode one file (call in a worker thread).

    Raises
    ------
    CyclerFileError, ValueError
        When the file cannot be read (a cycler's file, or one in the API's
        columns).
    MeasurementValidationError
        When its data fails the checks (naming the file).
    """
    flat: dict[str, Any] = {}
    batches: Iterator[Any]
    if is_api_file(path):  # in the API's columns already: sent as it is
        batches = record_batches(path)
    else:
        sign_check = "current_sign_reversed" not in options.skip_checks
        tables, flat, _ = normalised_blocks(path, sign_check=sign_check)
        batches = _batches(tables)
    target = folder / f"{secrets.token_hex(8)}.parquet"
    writer = TableWriter(target, "parquet")
    checker = TimeSeriesChecker(options)
    digest = RowDigest()
    try:
        for batch in batches:
            checker.feed(batch)
            digest.update(batch)
            writer.write(_pyarrow().Table.from_batches([batch]))
        writer.close()
        fields = measurement_fields(flat)
        issues = checker.finish(
            None,
            start_time=fields.get("start_time"),
            end_time=fields.get("end_time"),
        )
        errors = errors_in(issues)
        if errors:
            raise MeasurementValidationError.of(errors, path)
    except BaseException:
        writer.close()
        target.unlink(missing_ok=True)
        raise
    warned = [issue for issue in issues if issue.severity == "warning"]
    return Checked(target, digest.rows, digest.hexdigest(), fields, warned)


def _batches(tables: Iterable[Any]) -> Iterator[Any]:
    for table in tables:
        yield from table.to_batches()
