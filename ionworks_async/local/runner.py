"""Running processing in the background: derive steps and cycles, or extend.

After ``confirm-upload`` a time series is processed: steps and cycles are
derived. After ``confirm-extend`` the delta is appended first, and steps and
cycles are derived again from the whole series. A measurement left
``pending`` or ``running`` by a stop is processed again at the next start;
an extend interrupted after its series was written is recognised and not
appended twice.
"""

from __future__ import annotations

import asyncio
import logging

from .processing import (
    EXTEND_FILE,
    ProcessingFailed,
    append_rows,
    check_table,
    read_series,
    steps_and_cycles_of,
)
from .shared import State
from .storage.blobs import BlobStore

__all__ = ["process", "schedule_processing"]

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
