"""The mechanics of a time-series upload: encoding, signed URLs, processing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import MeasurementProcessingError, ResponseValidationError
from ..models import CellMeasurement
from ..tables import TableSource, as_table

if TYPE_CHECKING:
    from .cell_measurement import AsyncCellMeasurementClient

__all__ = ["parquet_bytes", "run_in_thread", "upload_urls", "wait_until_processed"]

POLL_FIRST = 0.1
"""Seconds before the first processing poll; it grows 1.5x up to POLL_MAX."""
POLL_MAX = 2.0


def run_in_thread() -> Callable[..., Awaitable[Any]]:
    """Return ``anyio.to_thread.run_sync``, imported on first need (it is slow)."""
    import anyio.to_thread

    return anyio.to_thread.run_sync


def parquet_bytes(source: TableSource) -> bytes:
    """Encode any supported data source as zstd parquet (CPU work: in a thread)."""
    return as_table(source).to_parquet()


def upload_urls(payload: Any, path: str) -> tuple[str, dict[str, str]]:
    """Read ``{"measurement_id", "uploads": [{"filename", "signed_url"}]}``."""
    uploads = payload.get("uploads") if isinstance(payload, Mapping) else None
    measurement_id = (
        payload.get("measurement_id") if isinstance(payload, Mapping) else None
    )
    urls: dict[str, str] = {}
    for upload in uploads if isinstance(uploads, list) else []:
        if isinstance(upload, Mapping):
            filename, url = upload.get("filename"), upload.get("signed_url")
            if isinstance(filename, str) and isinstance(url, str):
                urls[filename] = url
    if not isinstance(measurement_id, str) or "time_series.parquet" not in urls:
        raise ResponseValidationError(
            f"The Ionworks API answered POST {path} without a measurement_id and "
            "a signed URL for time_series.parquet.",
            method="POST",
            path=path,
        )
    return measurement_id, urls


async def wait_until_processed(
    measurements: AsyncCellMeasurementClient,
    measurement: CellMeasurement,
    timeout: float,
) -> CellMeasurement:
    """Poll until processing is ``ready``; raise on ``failed`` or timeout."""
    deadline = time.monotonic() + timeout
    delay = POLL_FIRST
    while True:
        status = measurement.processing_status
        if status == "failed":
            reason = measurement.processing_error or "no reason given"
            raise MeasurementProcessingError(
                f"Processing of measurement {measurement.name!r} "
                f"({measurement.id}) failed: {reason}",
                {measurement.id: reason},
            )
        if status not in ("pending", "running"):
            return measurement
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise MeasurementProcessingError(
                f"Processing of measurement {measurement.name!r} "
                f"({measurement.id}) did not finish within {timeout:g} s "
                f"(last status: {status}).",
                {measurement.id: f"timed out after {timeout:g} s ({status})"},
            )
        await asyncio.sleep(min(delay, remaining))
        delay = min(delay * 1.5, POLL_MAX)
        measurement = await measurements.get(measurement.id)
