"""Waiting for server-side processing: of one upload, or of many under one deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from ..._arguments.query import segment
from ...errors import MeasurementProcessingError
from ...models import CellMeasurement, CellMeasurementBundleResponse
from ...models._base import structure_record
from .._base import ResourceClient
from .._paths import measurement_path
from .._records_api import RecordsApi, parse_record

__all__ = [
    "POLL_FIRST",
    "POLL_MAX",
    "MeasurementProcessing",
    "checked_measurement_ids",
    "poll",
    "refuse_failed",
    "settle",
    "wait_for_all",
    "wait_until_processed",
]

POLL_FIRST = 0.1
"""Seconds before the first processing poll; it grows 1.5x up to POLL_MAX."""
POLL_MAX = 2.0
POLLING = (("include_steps", "false"), ("include_time_series", "false"))
"""A poll asks for the record only, as the API's own clients do."""


async def poll(api: RecordsApi, measurement_id: str) -> CellMeasurement:
    """GET a measurement's record only (no data), as a processing poll."""
    path = measurement_path(measurement_id)
    payload = await api.transport.request_json("GET", path, params=list(POLLING))
    return parse_record(payload, CellMeasurement, "GET", path)


def refuse_failed(measurement: CellMeasurement) -> None:
    """Raise for an existing measurement whose processing failed.

    Raises
    ------
    MeasurementProcessingError
        When ``measurement.processing_status == "failed"``.
    """
    if measurement.processing_status != "failed":
        return
    reason = measurement.processing_error or "no reason given"
    raise MeasurementProcessingError(
        f"Measurement {measurement.name!r} ({measurement.id}) already exists, but "
        f"its processing failed: {reason}. Delete it, or pass replace_failed=True "
        "to replace it with this upload.",
        {measurement.id: reason},
    )


async def _settle(
    fetch: Callable[[str], Awaitable[CellMeasurement]],
    measurement: CellMeasurement,
    deadline: float,
) -> tuple[CellMeasurement, bool]:
    """Poll from a record until processing ends or the deadline passes.

    Returns the last record read and whether processing ended (``ready`` or
    ``failed``; ``False``: still ``pending`` or ``running`` at the deadline).
    """
    delay = POLL_FIRST
    while measurement.processing_status in ("pending", "running"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return measurement, False
        await asyncio.sleep(min(delay, remaining))
        delay = min(delay * 1.5, POLL_MAX)
        measurement = await fetch(measurement.id)
    return measurement, True


async def settle(
    api: RecordsApi, measurement: CellMeasurement, deadline: float
) -> tuple[CellMeasurement, bool]:
    """Poll a measurement until processing ends or ``deadline`` (monotonic).

    Returns the last record read and whether processing ended.
    """

    async def fetch(measurement_id: str) -> CellMeasurement:
        return await poll(api, measurement_id)

    return await _settle(fetch, measurement, deadline)


async def wait_until_processed(
    api: RecordsApi,
    measurement: CellMeasurement,
    timeout: float,
) -> CellMeasurement:
    """Poll until processing is ``ready``; raise on ``failed`` or timeout."""
    deadline = time.monotonic() + timeout
    measurement, ended = await settle(api, measurement, deadline)
    status = measurement.processing_status
    if not ended:
        raise MeasurementProcessingError(
            f"Processing of measurement {measurement.name!r} "
            f"({measurement.id}) did not finish within {timeout:g} s "
            f"(last status: {status}).",
            {measurement.id: f"timed out after {timeout:g} s ({status})"},
        )
    if status == "failed":
        reason = measurement.processing_error or "no reason given"
        raise MeasurementProcessingError(
            f"Processing of measurement {measurement.name!r} "
            f"({measurement.id}) failed: {reason}",
            {measurement.id: reason},
        )
    return measurement


def checked_measurement_ids(ids: str | Iterable[str]) -> list[str]:
    """Check one id or many; return them in order, without repeats.

    Raises
    ------
    TypeError, ValueError
        For an id that is not a non-empty string, or no id at all.
    """
    given = [ids] if isinstance(ids, str) else list(ids)
    if not given:
        raise ValueError("measurement_ids must name at least one measurement")
    for item in given:
        segment(item, "measurement_ids")
    return list(dict.fromkeys(given))


async def wait_for_all(
    api: RecordsApi,
    ids: list[str],
    timeout: float,
) -> dict[str, CellMeasurement]:
    """Poll every measurement concurrently until each is done, under one deadline.

    Every failure and timeout is collected before one error is raised.
    """
    deadline = time.monotonic() + timeout
    settled: dict[str, CellMeasurement] = {}
    failures: dict[str, str] = {}

    async def fetch(measurement_id: str) -> CellMeasurement:
        return await poll(api, measurement_id)

    async def one(measurement_id: str) -> None:
        first = await fetch(measurement_id)
        record, ended = await _settle(fetch, first, deadline)
        settled[measurement_id] = record
        status = record.processing_status
        if not ended:
            failures[measurement_id] = (
                f"did not finish within {timeout:g} s (last status: {status})"
            )
        elif status == "failed":
            failures[measurement_id] = record.processing_error or "no reason given"

    async with asyncio.TaskGroup() as group:
        for measurement_id in ids:
            group.create_task(one(measurement_id))
    if failures:
        listed = "; ".join(f"{key}: {reason}" for key, reason in failures.items())
        raise MeasurementProcessingError(
            f"Processing of {len(failures)} of {len(ids)} measurement(s) did not "
            f"succeed: {listed}",
            failures,
        )
    return {measurement_id: settled[measurement_id] for measurement_id in ids}


class MeasurementProcessing(ResourceClient):
    """Waiting for the server's processing (a part of the measurement client)."""

    async def wait_for_processing(
        self, measurement_ids: str | Iterable[str], timeout: float = 600.0
    ) -> dict[str, dict[str, Any]]:
        """Wait until the server has processed one upload, or many.

        The measurements are polled concurrently under one deadline, so a batch
        takes about as long as its slowest member. Every failure is collected
        before the one error is raised.

        Parameters
        ----------
        measurement_ids : str or iterable of str
            The measurement, or measurements, to wait for.
        timeout : float, optional
            Seconds to wait for all of them. Defaults to 600. A timeout stops
            the waiting, not the processing.

        Returns
        -------
        dict of str to dict
            Each measurement's fields as last read (``processing_status`` is
            ``"ready"``), by id, in the order given: dicts, as the public
            client returns them (``CellMeasurement.model_validate`` makes a
            record of one).

        Raises
        ------
        MeasurementProcessingError
            When any failed or did not finish in time; ``failures`` maps each
            such id to its reason.
        """
        ids = checked_measurement_ids(measurement_ids)
        settled = await wait_for_all(self._api, ids, timeout)
        return {key: record.to_dict() for key, record in settled.items()}


def bundle_of(
    measurement: CellMeasurement, steps_created: int = 0
) -> CellMeasurementBundleResponse:
    """Return a measurement as the bundle that creating or extending answers.

    Parameters
    ----------
    measurement : CellMeasurement
        The measurement as last read.
    steps_created : int, optional
        The confirm's count (0: steps are derived after it).

    Returns
    -------
    CellMeasurementBundleResponse
        The measurement's fields, flat, with ``steps_created``.
    """
    if isinstance(measurement, CellMeasurementBundleResponse):
        return measurement
    return structure_record(
        {**measurement.to_dict(), "steps_created": steps_created},
        CellMeasurementBundleResponse,
    )
