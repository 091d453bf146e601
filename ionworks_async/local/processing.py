"""Processing an uploaded time series: checked, steps and cycles derived, extended.

After ``confirm-upload`` a time series is processed in the background:
steps and cycles are derived, in a worker thread. After ``confirm-extend``
the delta is appended first, and steps and cycles are derived again from the
whole series. A measurement left ``pending`` or ``running`` by a stop is
processed again at the next start; an extend interrupted after its series
was written is recognised and not appended twice. The steps and cycles
tables are :func:`ionworks_async.analysis.steps.steps_and_cycles`' (the
client's ``read.time_series_and_steps`` computes the same), stored as parquet.
"""

from __future__ import annotations

import asyncio
import io
import logging
import math
from typing import Any

from .shared import State
from .storage.blobs import BlobStore

__all__ = [
    "EXTEND_FILE",
    "ProcessingFailed",
    "append_rows",
    "check_table",
    "derive_steps_and_cycles",
    "process",
    "read_series",
    "schedule_processing",
    "steps_and_cycles_of",
    "table_columns",
]

EXTEND_FILE = "time_series_extend.parquet"
"""The delta of an extend, kept until processing appends it."""


class ProcessingFailed(Exception):
    """The time series cannot be processed; the message says why."""


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # registers pyarrow.parquet
    except ImportError:
        raise ProcessingFailed(
            'processing needs pyarrow on the server: pip install "ionworks-async[data]"'
        ) from None
    return pyarrow


def table_columns(data: bytes) -> dict[str, list[Any]]:
    """Decode parquet bytes to columns, NaN and infinity becoming ``None``."""
    pa = _pyarrow()
    columns: dict[str, list[Any]] = pa.parquet.read_table(
        pa.BufferReader(data)
    ).to_pydict()
    for values in columns.values():
        for index, value in enumerate(values):
            if isinstance(value, float) and not math.isfinite(value):
                values[index] = None
    return columns


def read_series(data: bytes) -> Any:
    """Read a stored time series (parquet bytes) as a ``pyarrow.Table``.

    Raises
    ------
    ProcessingFailed
        When the bytes are not readable parquet.
    """
    pa = _pyarrow()
    try:
        return pa.parquet.read_table(pa.BufferReader(data))
    except pa.ArrowException as error:
        raise ProcessingFailed(
            f"the time series is not readable parquet ({error})"
        ) from None


def check_table(table: Any) -> None:
    """Apply the client's always-on checks to a stored time series.

    Raises
    ------
    ProcessingFailed
        With every issue's code and message, for data that fails them (sent
        past the client's checks: raw HTTP, or ``validate=False``).
    """
    from ..validation.checker import TimeSeriesChecker
    from ..validation.issues import errors_in
    from ..validation.options import CheckOptions

    checker = TimeSeriesChecker(CheckOptions())
    try:
        for batch in table.to_batches():
            checker.feed(batch)
    except ValueError as error:
        raise ProcessingFailed(str(error)) from None
    errors = errors_in(checker.finish())
    if errors:
        raise ProcessingFailed(
            "validation failed: "
            + "; ".join(f"[{issue.code}] {issue.message}" for issue in errors)
        )


def _parquet(table: Any) -> bytes:
    pa = _pyarrow()
    buffer = io.BytesIO()
    pa.parquet.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def derive_steps_and_cycles(data: bytes) -> tuple[bytes, bytes]:
    """Return the steps and cycles tables (zstd parquet) of a time series.

    Vectorized (pyarrow compute); only the per-step and per-cycle rows are
    built in Python.

    Raises
    ------
    ProcessingFailed
        For unreadable parquet, a missing column, non-numeric values or a
        ``Time [s]`` that decreases.
    """
    return steps_and_cycles_of(read_series(data))


def steps_and_cycles_of(table: Any) -> tuple[bytes, bytes]:
    """:func:`derive_steps_and_cycles` of a series already read."""
    from ..analysis.steps import SeriesError, steps_and_cycles

    try:
        steps, cycles = steps_and_cycles(table)
    except SeriesError as error:
        raise ProcessingFailed(str(error)) from None
    return _parquet(steps), _parquet(cycles)


def append_rows(stored: bytes, delta: bytes) -> bytes | None:
    """Return the stored series with the delta appended (zstd parquet).

    Returns ``None`` when the stored series already ends with the delta (its
    processing was interrupted after the series was written).

    Raises
    ------
    ProcessingFailed
        When the delta is unreadable, its columns differ from the stored
        ones, or it does not start after the last stored sample.
    """
    pa = _pyarrow()
    pq = pa.parquet
    try:
        old = pq.read_table(pa.BufferReader(stored))
        new = pq.read_table(pa.BufferReader(delta))
    except (pa.ArrowException, OSError) as error:
        raise ProcessingFailed(f"extend: the rows are not readable ({error})") from None
    if sorted(new.column_names) != sorted(old.column_names):
        raise ProcessingFailed(
            f"extend: the columns {sorted(new.column_names)} differ from the "
            f"stored {sorted(old.column_names)}"
        )
    try:
        new = new.select(old.column_names).cast(old.schema)
    except (pa.ArrowException, ValueError) as error:
        raise ProcessingFailed(
            f"extend: the rows do not match the stored types ({error})"
        ) from None
    if new.num_rows == 0:
        raise ProcessingFailed("extend: no rows")
    if old.num_rows >= new.num_rows and old.slice(old.num_rows - new.num_rows).equals(
        new
    ):
        return None
    last = old.column("Time [s]")[old.num_rows - 1].as_py() if old.num_rows else None
    first = new.column("Time [s]")[0].as_py()
    if last is not None and not (first is not None and first > last):
        raise ProcessingFailed(
            f"extend: the rows start at Time [s] = {first!r}, not after the last "
            f"stored sample ({last!r})"
        )
    buffer = io.BytesIO()
    pq.write_table(pa.concat_tables([old, new]), buffer, compression="zstd")
    return buffer.getvalue()


logger = logging.getLogger("ionworks.local")


def schedule_processing(state: State, measurement_id: str) -> None:
    """Derive a measurement's steps and cycles in the background."""
    task = asyncio.get_running_loop().create_task(process(state, measurement_id))
    state.tasks.add(task)
    task.add_done_callback(state.tasks.discard)


async def process(state: State, measurement_id: str) -> None:
    """Run processing: pending -> running -> ready (or failed, with the reason).

    Any failure of a first processing ends in ``failed`` with the error in
    ``processing_error``; a failed extend returns to ``ready`` with it. A
    measurement is never left ``running`` by a crash of the processing.
    """
    store, blobs = state.store, state.blobs
    store.set_processing(measurement_id, "running")
    delta = await asyncio.to_thread(blobs.get, measurement_id, EXTEND_FILE)
    try:
        async with state.processing_slots:
            await asyncio.to_thread(_derive_and_store, blobs, measurement_id, delta)
    except Exception as error:
        if isinstance(error, ProcessingFailed):
            reason = str(error)
        else:  # a crash is a failure too, never "running"
            logger.exception("Processing of measurement %s crashed", measurement_id)
            reason = f"processing crashed: {type(error).__name__}: {error}"
        status = "failed" if delta is None else "ready"
        store.set_processing(measurement_id, status, reason)
    else:
        store.set_processing(measurement_id, "ready")
    if delta is not None:
        await asyncio.to_thread(blobs.discard, measurement_id, EXTEND_FILE)


def _derive_and_store(
    blobs: BlobStore, measurement_id: str, delta: bytes | None
) -> None:
    """Append the delta (if any), check, derive and store: one worker thread.

    The series is read once for the checks and the derivation.
    """
    data = blobs.get(measurement_id, "time_series.parquet")
    if data is None:
        raise ProcessingFailed("time_series.parquet is missing")
    if delta is not None:
        data = append_rows(data, delta) or data
    series = read_series(data)
    check_table(series)
    steps, cycles = steps_and_cycles_of(series)
    if delta is not None or blobs.get(measurement_id, "steps.parquet") is None:
        blobs.put(measurement_id, "steps.parquet", steps)
    blobs.put(measurement_id, "cycles.parquet", cycles)
    if delta is not None:  # the series last: see append_rows
        blobs.put(measurement_id, "time_series.parquet", data)
