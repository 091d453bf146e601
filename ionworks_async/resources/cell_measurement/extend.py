"""Appending rows to a running test: initiate-extend, PUT, confirm-extend.

The delta is checked before any request: it has rows, ``Time [s]`` and
``Step count``, its time never decreases, and it passes the always-on checks
as a continuation of the stored series. The server checks the rest
(time continues after the last stored sample, the columns match, the test has
no ``end_time``); a failed extend leaves the measurement ``ready`` with
``processing_error`` set, which is raised here. A 409 while the
measurement is still processing (an earlier upload or extend) is retried
after waiting for that processing, a bounded number of times; a 409 for any
other reason is raised at once.
"""

from __future__ import annotations

import math
import time

from ..._arguments.query import check_flag
from ..._runtime.threads import cpu_limiter, run_in_thread
from ..._transport import put_stored
from ...errors import ConflictError, IonworksError, MeasurementProcessingError
from ...models import CellMeasurement, CellMeasurementBundleResponse
from ...tables.table import as_table
from ...types import TableSource
from .._base import ResourceClient
from .._paths import measurement_path
from .._records_api import RecordsApi, parse_record
from .processing import bundle_of, poll, settle, wait_until_processed
from .transfer import target, upload_targets

__all__ = [
    "EXTEND_ATTEMPTS",
    "MeasurementExtend",
    "extend_measurement",
    "extend_parquet",
]

EXTEND_ATTEMPTS = 3
"""Tries of an extend that meets a 409 because the measurement is processing."""
REQUIRED = ("Time [s]", "Step count")


def extend_parquet(source: TableSource) -> bytes:
    """Check a delta and encode it as parquet (CPU work: in a thread).

    The always-on checks run on the rows as a continuation of the stored
    series (time and step count need not start at 0; the first rows may
    finish a step begun before them).

    Raises
    ------
    ValueError
        When the delta is empty, lacks ``Time [s]`` or ``Step count``, or its
        time decreases or is missing.
    MeasurementValidationError
        When the rows fail an always-on check (a step count that jumps, a
        cumulative column that falls, the current's sign reversed).
    """
    table = as_table(source)
    missing = [name for name in REQUIRED if name not in table.column_names]
    if missing:
        raise ValueError(f"extend: the time series has no {', '.join(missing)} column")
    if table.num_rows == 0:
        raise ValueError("extend: the time series has no rows")
    previous = -math.inf
    for row, value in enumerate(table["Time [s]"]):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(
                f"extend: Time [s] at row {row} is {value!r}, not a number"
            )
        if not value >= previous:  # also catches NaN
            raise ValueError(
                f"extend: Time [s] decreases at row {row} ({previous!r} -> {value!r})"
            )
        previous = value
    from ...validation import MeasurementValidationError
    from ...validation.checker import TimeSeriesChecker
    from ...validation.issues import errors_in
    from ...validation.options import CheckOptions

    checker = TimeSeriesChecker(CheckOptions(), continuation=True)
    checker.feed(table.to_arrow())
    errors = errors_in(checker.finish())
    if errors:
        raise MeasurementValidationError.of(errors)
    return table.to_parquet()


async def _extend_once(api: RecordsApi, path: str, delta: bytes) -> CellMeasurement:
    http = api.transport
    initiate = f"{path}/initiate-extend"
    payload = await http.request_json("POST", initiate, body={}, retry_safe=True)
    _, targets = upload_targets(payload, initiate)
    await put_stored(
        http, target(targets, "time_series_extend.parquet", initiate), delta
    )
    confirm = f"{path}/confirm-extend"
    answer = await http.request_json("POST", confirm, body={})
    return parse_record(answer, CellMeasurement, "POST", confirm)


async def extend_measurement(
    api: RecordsApi,
    measurement_id: str,
    time_series: TableSource,
    *,
    wait_for_processing: bool,
    processing_timeout: float,
) -> CellMeasurementBundleResponse:
    """Append ``time_series`` to a measurement; see :mod:`._extend`."""
    path = measurement_path(measurement_id)
    delta: bytes = await run_in_thread()(
        extend_parquet, time_series, limiter=cpu_limiter()
    )
    deadline = time.monotonic() + processing_timeout
    idle_retried = False
    for attempt in range(EXTEND_ATTEMPTS):
        try:
            measurement = await _extend_once(api, path, delta)
            break
        except ConflictError as error:
            if attempt == EXTEND_ATTEMPTS - 1:
                raise
            current = await poll(api, measurement_id)
            if current.processing_status in ("pending", "running"):
                await _wait_quietly(api, current, deadline, error)
            elif idle_retried:
                raise  # a 409 of another kind (an ended measurement)
            else:
                # The processing it met may have ended before the poll: once more.
                idle_retried = True
    if not wait_for_processing:
        return bundle_of(measurement)
    measurement = await wait_until_processed(
        api, measurement, max(deadline - time.monotonic(), 0.0)
    )
    if measurement.processing_error:
        reason = measurement.processing_error
        raise MeasurementProcessingError(
            f"Extending measurement {measurement.name!r} ({measurement.id}) "
            f"failed: {reason}. Its stored data is unchanged.",
            {measurement.id: reason},
        )
    return bundle_of(measurement)


async def _wait_quietly(
    api: RecordsApi,
    current: CellMeasurement,
    deadline: float,
    conflict: IonworksError,
) -> None:
    """Wait for an earlier processing to end (its failure is not this call's).

    Raises the 409 when it is still running at the deadline.
    """
    _, ended = await settle(api, current, deadline)
    if not ended:
        raise conflict


class MeasurementExtend(ResourceClient):
    """Extending running tests (part of the cell measurement client)."""

    async def extend(
        self,
        measurement_id: str,
        time_series: TableSource,
        wait_for_processing: bool = True,
        *,
        processing_timeout: float = 600.0,
    ) -> CellMeasurementBundleResponse:
        """Append rows to a running test's time series.

        The rows are checked before any request: there are some, they have
        ``Time [s]`` and ``Step count``, and time never decreases. The server
        requires that they start after the last stored sample (ionworks-local
        stores a delta sent twice once), that the columns match the stored
        ones, and that the measurement has no ``end_time``. A 409
        because the measurement is still processing an earlier upload or
        extend is retried after waiting for it (up to three tries).

        Parameters
        ----------
        measurement_id : str
            The measurement ID.
        time_series : TableSource
            The new rows, in any form :meth:`create` takes.
        wait_for_processing : bool, optional
            Wait until the server has re-derived steps and cycles. Defaults to
            True.
        processing_timeout : float, optional
            Seconds for the whole call, waits included. Defaults to 600.

        Returns
        -------
        CellMeasurementBundleResponse
            The measurement's fields (``ready`` when waited for), with
            ``steps_created`` 0 (steps are derived after the extend), as the
            public client returns it.

        Raises
        ------
        ValueError
            When the rows fail the checks above (nothing is sent).
        ConflictError
            When the server refuses the rows (see above).
        MeasurementProcessingError
            When processing the extended series failed (the stored data is
            unchanged) or did not finish in time.
        """
        check_flag(wait_for_processing, "wait_for_processing")
        return await extend_measurement(
            self._api,
            measurement_id,
            time_series,
            wait_for_processing=wait_for_processing,
            processing_timeout=processing_timeout,
        )
