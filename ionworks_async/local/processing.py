"""Deriving the steps and cycles tables from an uploaded time series.

Runs in a worker thread after ``confirm-upload``. Steps are the runs of equal
``Step count``; a step's type comes from the sign of its mean current
(positive is discharge); capacities integrate the current over time
(trapezoids). Cycles group steps by ``Cycle count`` with the coulombic
efficiency (discharge over charge capacity).
"""

from __future__ import annotations

import io
import math
from typing import Any

__all__ = [
    "EXTEND_FILE",
    "ProcessingFailed",
    "append_rows",
    "check_series",
    "derive_steps_and_cycles",
    "table_columns",
]

EXTEND_FILE = "time_series_extend.parquet"
"""The delta of an extend, kept until processing appends it."""

REQUIRED = ("Time [s]", "Voltage [V]", "Current [A]", "Step count")
REST_CURRENT = 1e-9
"""Mean currents this small (in A) make a rest step."""


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


def check_series(data: bytes) -> None:
    """Apply the client's always-on checks to a stored time series.

    Raises
    ------
    ProcessingFailed
        With every issue's code and message, for data that fails them (sent
        past the client's checks: raw HTTP, or ``validate=False``).
    """
    from ..validation import CheckOptions, TimeSeriesChecker, errors_in

    pa = _pyarrow()
    checker = TimeSeriesChecker(CheckOptions())
    try:
        reader = pa.parquet.ParquetFile(pa.BufferReader(data))
        for batch in reader.iter_batches():
            checker.feed(batch)
    except pa.ArrowException as error:
        raise ProcessingFailed(
            f"the time series is not readable parquet ({error})"
        ) from None
    except ValueError as error:
        raise ProcessingFailed(str(error)) from None
    errors = errors_in(checker.finish())
    if errors:
        raise ProcessingFailed(
            "validation failed: "
            + "; ".join(f"[{issue.code}] {issue.message}" for issue in errors)
        )


def _parquet(columns: dict[str, list[Any]]) -> bytes:
    pa = _pyarrow()
    buffer = io.BytesIO()
    pa.parquet.write_table(pa.table(columns), buffer, compression="zstd")
    return buffer.getvalue()


def _numbers(columns: dict[str, list[Any]], name: str) -> list[float]:
    values = columns[name]
    for row, value in enumerate(values):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise ProcessingFailed(f"{name!r} has a non-numeric value at row {row}")
    return [float(value) for value in values]


def _step_rows(steps: list[float]) -> list[tuple[int, int]]:
    """Return (first row, last row) of each run of equal step numbers."""
    runs: list[tuple[int, int]] = []
    start = 0
    for row in range(1, len(steps) + 1):
        if row == len(steps) or steps[row] != steps[start]:
            runs.append((start, row - 1))
            start = row
    return runs


def derive_steps_and_cycles(data: bytes) -> tuple[bytes, bytes]:
    """Return the steps and cycles tables (zstd parquet) of a time series.

    Raises
    ------
    ProcessingFailed
        For unreadable parquet, a missing column, non-numeric values or a
        ``Time [s]`` that decreases.
    """
    pa = _pyarrow()
    try:
        columns = table_columns(data)
    except pa.ArrowException as error:
        raise ProcessingFailed(
            f"the time series is not readable parquet ({error})"
        ) from None
    for name in REQUIRED:
        if name not in columns:
            raise ProcessingFailed(f"the time series has no {name!r} column")
    times = _numbers(columns, "Time [s]")
    if not times:
        raise ProcessingFailed("the time series has no rows")
    for row in range(1, len(times)):
        if times[row] < times[row - 1]:
            raise ProcessingFailed(f"'Time [s]' decreases at row {row}")
    voltages = _numbers(columns, "Voltage [V]")
    currents = _numbers(columns, "Current [A]")
    step_numbers = _numbers(columns, "Step count")
    cycle_numbers = (
        _numbers(columns, "Cycle count")
        if "Cycle count" in columns
        else [0.0] * len(times)
    )
    steps: dict[str, list[Any]] = {
        name: []
        for name in (
            "Step count",
            "Cycle count",
            "Step type",
            "Start time [s]",
            "End time [s]",
            "Duration [s]",
            "Start voltage [V]",
            "End voltage [V]",
            "Mean current [A]",
            "Discharge capacity [A.h]",
            "Charge capacity [A.h]",
        )
    }
    for first, last in _step_rows(step_numbers):
        discharge = charge = charge_seconds = 0.0
        for row in range(first, last):
            span = times[row + 1] - times[row]
            current = (currents[row] + currents[row + 1]) / 2
            charge_seconds += current * span
            if current > 0:
                discharge += current * span / 3600
            else:
                charge -= current * span / 3600
        duration = times[last] - times[first]
        mean = charge_seconds / duration if duration > 0 else currents[first]
        kind = (
            "Rest"
            if abs(mean) <= REST_CURRENT
            else (
                "Constant current discharge" if mean > 0 else "Constant current charge"
            )
        )
        for name, value in (
            ("Step count", int(step_numbers[first])),
            ("Cycle count", int(cycle_numbers[first])),
            ("Step type", kind),
            ("Start time [s]", times[first]),
            ("End time [s]", times[last]),
            ("Duration [s]", duration),
            ("Start voltage [V]", voltages[first]),
            ("End voltage [V]", voltages[last]),
            ("Mean current [A]", mean),
            ("Discharge capacity [A.h]", discharge),
            ("Charge capacity [A.h]", charge),
        ):
            steps[name].append(value)
    cycles: dict[str, list[Any]] = {
        "Cycle count": [],
        "Discharge capacity [A.h]": [],
        "Charge capacity [A.h]": [],
        "Coulombic efficiency": [],
    }
    for index, cycle in enumerate(steps["Cycle count"]):
        if not cycles["Cycle count"] or cycles["Cycle count"][-1] != cycle:
            cycles["Cycle count"].append(cycle)
            cycles["Discharge capacity [A.h]"].append(0.0)
            cycles["Charge capacity [A.h]"].append(0.0)
        cycles["Discharge capacity [A.h]"][-1] += steps["Discharge capacity [A.h]"][
            index
        ]
        cycles["Charge capacity [A.h]"][-1] += steps["Charge capacity [A.h]"][index]
    for discharge, charge in zip(
        cycles["Discharge capacity [A.h]"], cycles["Charge capacity [A.h]"], strict=True
    ):
        cycles["Coulombic efficiency"].append(
            discharge / charge if charge > 0 else None
        )
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
