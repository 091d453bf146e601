"""Getting an upload's data ready: checked, encoded, in flat memory.

One pass over the data, in record batches, both validates it and encodes it:

- a parquet file is read a row group at a time and sent as it is;
- a CSV file is streamed (pyarrow's CSV reader) into a temporary zstd parquet
  file, a row group per block;
- a frame is sliced; a large one (over :data:`SPOOL_BYTES`) is written to a
  temporary parquet file, a small one encoded in memory.

Files are PUT streamed from disk, so the memory an upload takes does not grow
with its size. Runs in a worker thread (CPU and file work).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from ...tables._sources import (
    bytes_of,
    checked_path,
    is_file,
    record_batches,
    spooled,
)
from ...tables.table import _pyarrow, as_table, parquet_options
from ...types import TableSource
from ...validation import MeasurementValidationError, ValidationIssue
from ...validation._checker import TimeSeriesChecker
from ...validation._issues import errors_in
from ...validation._options import CheckOptions

__all__ = ["SPOOL_BYTES", "Prepared", "prepare_time_series", "with_file_fields"]

SPOOL_BYTES = 64 << 20
"""Frames larger than this (in memory) are encoded to a temporary file."""
NATIVE_IN_MEMORY_BYTES = 16 << 20
"""A cycler's file larger than this is encoded to a temporary file as it is
read (a smaller one's table is kept in memory)."""
ROW_GROUP_ROWS = 1 << 18


@attrs.frozen
class Prepared:
    """An upload's data, checked and encoded.

    Attributes
    ----------
    time_series : bytes or Path
        The time series as parquet: bytes, or a file to stream.
    steps : bytes or None
        The steps table as parquet, when given.
    size : int
        The time series' size in bytes.
    warnings : list of ValidationIssue
        Warning-severity issues (for ``warnings.warn``).
    temporary : Path or None
        A temporary file of ours, deleted by :meth:`discard`.
    file_fields : dict
        Measurement fields read from a cycler file's header (start time,
        protocol, test setup), for the fields the caller did not set.
    """

    time_series: bytes | Path
    steps: bytes | None
    size: int
    warnings: list[ValidationIssue]
    temporary: Path | None = None
    file_fields: dict[str, Any] = attrs.field(factory=dict)

    def discard(self) -> None:
        """Delete the temporary file, if any."""
        if self.temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                self.temporary.unlink()


class _Spool:
    """Record batches written to a temporary zstd parquet file.

    Batches are gathered into row groups of :data:`ROW_GROUP_ROWS` rows
    (a streamed CSV comes in small batches; tiny row groups compress badly).
    """

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="ionworks-upload-", suffix=".parquet")
        os.close(handle)
        self.path = Path(name)
        self.writer: Any = None
        self.pending: list[Any] = []
        self.rows = 0

    def write(self, batch: Any) -> None:
        pa = _pyarrow()
        if self.writer is None:
            self.writer = pa.parquet.ParquetWriter(
                self.path, batch.schema, **parquet_options(batch.schema)
            )
        self.pending.append(batch)
        self.rows += batch.num_rows
        if self.rows >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            group = _pyarrow().Table.from_batches(self.pending)
            self.writer.write_table(group, row_group_size=ROW_GROUP_ROWS)
        self.pending, self.rows = [], 0

    def close(self) -> None:
        if self.writer is not None:
            self._flush()
            self.writer.close()

    def remove(self) -> None:
        """Abandon the file: close it unfinished and delete it."""
        if self.writer is not None:
            self.writer.close()
        self.path.unlink(missing_ok=True)


def prepare_time_series(
    time_series: TableSource,
    steps: TableSource | None,
    options: CheckOptions,
    *,
    validate: bool,
    metadata: dict[str, Any],
) -> Prepared:
    """Validate and encode an upload's data in one pass (call in a thread).

    Bytes and open binary files (parquet, CSV, or a cycler's own file) are
    written to a temporary file first and read as that file.

    Raises
    ------
    MeasurementValidationError
        When the data has error-severity issues (nothing is kept).
    ValueError, TypeError
        When the data cannot be read.
    """
    data = bytes_of(time_series)
    if data is None:
        return _prepare(time_series, steps, options, validate, metadata)
    path = spooled(data)
    try:
        prepared = _prepare(path, steps, options, validate, metadata)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if prepared.time_series == path:  # a parquet file, sent as it is
        return attrs.evolve(prepared, temporary=path)
    path.unlink(missing_ok=True)
    return prepared


def _prepare(
    time_series: TableSource,
    steps: TableSource | None,
    options: CheckOptions,
    validate: bool,
    metadata: dict[str, Any],
) -> Prepared:
    from ...read._api import native_table

    # A cycler's own file, read as it is sent.
    native = native_table(
        time_series, sign_check="current_sign_reversed" not in options.skip_checks
    )
    file_fields: dict[str, Any] = {}
    batches: Iterator[Any]
    if native is not None:
        batches, file_fields, path = native
        metadata = with_file_fields(metadata, file_fields)
        parquet_file, large = False, path.stat().st_size > NATIVE_IN_MEMORY_BYTES
    else:
        parquet_file = is_file(time_series) and Path(time_series).suffix.lower() in (
            ".parquet",
            ".pq",
        )
        large = is_file(time_series) and not parquet_file
        # A parquet file sent unchecked is not read at all.
        reading = validate or not parquet_file
        batches = record_batches(time_series) if reading else iter(())
    checker = TimeSeriesChecker(options) if validate else None
    spool: _Spool | None = None
    kept: list[Any] = []
    try:
        if large:
            spool = _Spool()
        for batch in batches:
            if checker is not None:
                checker.feed(batch)
            if spool is not None:
                spool.write(batch)
            elif not parquet_file:
                kept.append(batch)
        steps_table = None if steps is None else as_table(steps).to_arrow()
        issues: list[ValidationIssue] = []
        if checker is not None:
            issues = checker.finish(
                steps_table,
                start_time=metadata.get("start_time"),
                end_time=metadata.get("end_time"),
            )
        errors = errors_in(issues)
        if errors:
            raise MeasurementValidationError.of(errors)
        warned = [issue for issue in issues if issue.severity == "warning"]
        steps_bytes = None if steps_table is None else _parquet(steps_table)
        if parquet_file:
            path = checked_path(time_series)
            size = path.stat().st_size
            return Prepared(path, steps_bytes, size, warned, None, file_fields)
        if spool is None:
            spool = _in_memory(kept)
            if spool is None:
                series = _parquet(_pyarrow().Table.from_batches(kept))
                return Prepared(
                    series, steps_bytes, len(series), warned, None, file_fields
                )
        spool.close()
        size = spool.path.stat().st_size
        return Prepared(spool.path, steps_bytes, size, warned, spool.path, file_fields)
    except BaseException:
        if spool is not None:
            spool.remove()
        raise


def with_file_fields(
    metadata: dict[str, Any], file_fields: dict[str, Any]
) -> dict[str, Any]:
    """Return the caller's fields, completed from a file's header.

    The caller's values win; ``protocol`` and ``test_setup`` are merged key
    by key.
    """
    merged = dict(metadata)
    for key, value in file_fields.items():
        mine = merged.get(key)
        if isinstance(value, dict) and isinstance(mine, dict):
            merged[key] = {**value, **mine}
        elif mine is None:
            merged[key] = value
    return merged


def _in_memory(batches: list[Any]) -> _Spool | None:
    """Write large data to a spool file (None: small enough for memory)."""
    if sum(batch.nbytes for batch in batches) <= SPOOL_BYTES:
        return None
    spool = _Spool()
    try:
        for batch in batches:
            spool.write(batch)
    except BaseException:
        spool.remove()
        raise
    return spool


def _parquet(table: Any) -> bytes:
    buffer = io.BytesIO()
    _pyarrow().parquet.write_table(table, buffer, **parquet_options(table.schema))
    return buffer.getvalue()
