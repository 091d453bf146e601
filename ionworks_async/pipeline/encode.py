"""A time series on its way to an upload: read, checked and encoded in one pass.

Whatever the caller gives — a cycler's own file, a CSV or parquet file in
the API's columns, its bytes or an open binary file, a frame or a dict of
columns — is read in record batches (:func:`source_batches`); each batch goes
through the upload checks, into a digest of its rows when asked, and into
the encoded series:

- a parquet file in the API's columns is sent as it is (read only to check
  it);
- a cycler's file larger than :data:`NATIVE_IN_MEMORY_BYTES`, any CSV file,
  and any source given a ``folder``, are written to a zstd parquet file as
  they are read;
- anything else is encoded in memory, unless it passes :data:`SPOOL_BYTES`.

``create``, ``create_many``, ``validate_time_series`` and ``ionworks ingest``
all go through here. Runs in a worker thread (CPU and file work).
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from ..read.reading import native_table
from ..tables.aliases import TableSource
from ..tables.sources import bytes_of, checked_path, is_file, record_batches, spooled
from ..tables.table import as_table, parquet_options, pyarrow_module
from ..tables.writer import TableWriter
from ..validation import (
    CheckOptions,
    MeasurementValidationError,
    TimeSeriesChecker,
    ValidationIssue,
    errors_in,
)
from .digest import RowDigest

__all__ = [
    "NATIVE_IN_MEMORY_BYTES",
    "SPOOL_BYTES",
    "Batches",
    "Prepared",
    "parquet_bytes",
    "prepare",
    "source_batches",
    "with_file_fields",
]

SPOOL_BYTES = 64 << 20
"""Batches larger than this (in memory) are encoded to a temporary file."""
NATIVE_IN_MEMORY_BYTES = 16 << 20
"""A cycler's file larger than this is encoded to a temporary file as it is
read (a smaller one's table is kept in memory)."""
PARQUET_SUFFIXES = (".parquet", ".pq")


@attrs.frozen
class Prepared:
    """An upload's time series, checked and encoded.

    Attributes
    ----------
    time_series : bytes or Path
        The time series as parquet: bytes, or a file to stream.
    steps : bytes or None
        The steps table as parquet, when one was given.
    size : int
        The time series' size in bytes.
    warnings : list of ValidationIssue
        Warning-severity issues (for ``warnings.warn``).
    temporary : Path or None
        A temporary file of ours, deleted by :meth:`discard`.
    file_fields : dict
        Measurement fields read from a cycler file's header (start time,
        protocol, test setup), for the fields the caller did not set.
    rows : int
        The rows read (0 for a parquet file sent unchecked, unread).
    digest : str or None
        The :class:`~.digest.RowDigest` of the rows, when asked for.
    """

    time_series: bytes | Path
    steps: bytes | None
    size: int
    warnings: list[ValidationIssue]
    temporary: Path | None = None
    file_fields: dict[str, Any] = attrs.field(factory=dict)
    rows: int = 0
    digest: str | None = None

    def discard(self) -> None:
        """Delete the temporary file, if any."""
        if self.temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                self.temporary.unlink()


@attrs.frozen
class Batches:
    """A source read as record batches (see :func:`source_batches`).

    Attributes
    ----------
    batches : iterator
        The record batches, in the API's columns, in row order.
    file_fields : dict
        Measurement fields from a cycler file's header.
    as_is : bool
        Whether the source is a parquet file in the API's columns (sent as it
        is; ``batches`` is empty when it need not be read).
    large : bool
        Whether the encoded series belongs in a file, not in memory.
    """

    batches: Iterator[Any]
    file_fields: dict[str, Any]
    as_is: bool
    large: bool


def source_batches(
    source: TableSource, options: CheckOptions, *, read_parquet: bool = True
) -> Batches:
    """Read a source as record batches in the API's columns.

    A cycler's own file goes through its reader (a few whole steps at a
    time; the sign vote skipped when ``current_sign_reversed`` is); a file
    in the API's columns and a frame are read as they are. Bytes and open
    binary files must be spooled to a file first (:func:`prepare` does).

    Parameters
    ----------
    source : TableSource
        The time series.
    options : CheckOptions
        The checks to come (``skip_checks`` decides the sign vote).
    read_parquet : bool, optional
        Whether a parquet file in the API's columns is read at all (False:
        it is sent unread).
    """
    sign_check = "current_sign_reversed" not in options.skip_checks
    native = native_table(source, sign_check=sign_check)
    if native is not None:
        batches, fields, path = native
        return Batches(batches, fields, False, _size(path) > NATIVE_IN_MEMORY_BYTES)
    as_is = is_file(source) and Path(source).suffix.lower() in PARQUET_SUFFIXES
    reading = read_parquet or not as_is
    batches = record_batches(source) if reading else iter(())
    return Batches(batches, {}, as_is, is_file(source) and not as_is)


def prepare(
    source: TableSource,
    options: CheckOptions,
    *,
    steps: TableSource | None = None,
    validate: bool = True,
    metadata: dict[str, Any] | None = None,
    folder: Path | None = None,
    digest: bool = False,
) -> Prepared:
    """Read, check and encode an upload's time series in one pass.

    Call it in a worker thread. Bytes and open binary files (parquet, CSV, or
    a cycler's own file) are written to a temporary file first and read as
    that file.

    Parameters
    ----------
    source : TableSource
        The time series.
    options : CheckOptions
        What to check, beyond the always-on checks.
    steps : TableSource, optional
        The steps table, checked with the series and encoded beside it.
    validate : bool, optional
        Whether to check at all (False: a parquet file is sent unread).
    metadata : dict, optional
        The measurement's fields (``start_time`` and ``end_time`` are checked);
        completed from the file's header for :attr:`Prepared.file_fields`.
    folder : Path, optional
        Encode to a file in this folder, whatever the size (ingest's files).
    digest : bool, optional
        Compute the :class:`~.digest.RowDigest` of the rows.

    Raises
    ------
    MeasurementValidationError
        When the data has error-severity issues (nothing is kept; a file
        given by its path is named).
    CyclerFileError, ValueError, TypeError
        When the data cannot be read.
    """
    data = bytes_of(source)
    if data is None:
        named = source if is_file(source) else None
        return _prepare(
            source, named, options, steps, validate, metadata, folder, digest
        )
    path = spooled(data)
    try:
        prepared = _prepare(
            path, None, options, steps, validate, metadata, folder, digest
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if prepared.time_series == path:  # a parquet file, sent as it is
        return attrs.evolve(prepared, temporary=path)
    path.unlink(missing_ok=True)
    return prepared


def _prepare(
    source: TableSource,
    named: object,
    options: CheckOptions,
    steps: TableSource | None,
    validate: bool,
    metadata: dict[str, Any] | None,
    folder: Path | None,
    digest: bool,
) -> Prepared:
    read = source_batches(source, options, read_parquet=validate or digest)
    fields = with_file_fields(metadata or {}, read.file_fields)
    checker = TimeSeriesChecker(options) if validate else None
    rows = RowDigest()
    writer = (
        _writer(folder)
        if (folder is not None or read.large) and not read.as_is
        else None
    )
    kept: list[Any] = []
    try:
        for batch in read.batches:
            if checker is not None:
                checker.feed(batch)
            if digest:
                rows.update(batch)
            else:
                rows.rows += batch.num_rows
            if writer is not None:
                writer.write(batch)
            elif not read.as_is:
                kept.append(batch)
        steps_table = None if steps is None else as_table(steps).to_arrow()
        issues: list[ValidationIssue] = []
        if checker is not None:
            issues = checker.finish(
                steps_table,
                start_time=fields.get("start_time"),
                end_time=fields.get("end_time"),
            )
        errors = errors_in(issues)
        if errors:
            raise MeasurementValidationError.of(errors, named)
        if writer is None and not read.as_is:
            writer = _spooled(kept)
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    made = Prepared(
        b"",
        None if steps_table is None else parquet_bytes(steps_table),
        0,
        [issue for issue in issues if issue.severity == "warning"],
        None,
        read.file_fields,
        rows.rows,
        rows.hexdigest() if digest else None,
    )
    if read.as_is:
        path = checked_path(source)
        return attrs.evolve(made, time_series=path, size=path.stat().st_size)
    if writer is None:
        series = parquet_bytes(pyarrow_module().Table.from_batches(kept))
        return attrs.evolve(made, time_series=series, size=len(series))
    writer.close()
    size = writer.path.stat().st_size
    return attrs.evolve(made, time_series=writer.path, size=size, temporary=writer.path)


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


def parquet_bytes(table: Any) -> bytes:
    """Encode a table as zstd parquet in memory."""
    buffer = io.BytesIO()
    pyarrow_module().parquet.write_table(table, buffer, **parquet_options(table.schema))
    return buffer.getvalue()


def _size(path: Path) -> int:
    return path.stat().st_size


def _writer(folder: Path | None) -> TableWriter:
    """Open a writer to a new temporary parquet file (in ``folder``, if given)."""
    if folder is not None:
        return TableWriter(folder / f"{secrets.token_hex(8)}.parquet")
    handle, name = tempfile.mkstemp(prefix="ionworks-upload-", suffix=".parquet")
    os.close(handle)
    return TableWriter(Path(name))


def _spooled(batches: list[Any]) -> TableWriter | None:
    """Write large data to a temporary file (None: small enough for memory)."""
    if sum(batch.nbytes for batch in batches) <= SPOOL_BYTES:
        return None
    writer = _writer(None)
    try:
        for batch in batches:
            writer.write(batch)
    except BaseException:
        writer.abandon()
        raise
    return writer
