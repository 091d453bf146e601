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
    "check_table",
    "derive_steps_and_cycles",
    "read_series",
    "steps_and_cycles_of",
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
    from ..validation._checker import TimeSeriesChecker
    from ..validation._issues import errors_in
    from ..validation._options import CheckOptions

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


def _parquet(columns: dict[str, Any]) -> bytes:
    pa = _pyarrow()
    buffer = io.BytesIO()
    pa.parquet.write_table(pa.table(columns), buffer, compression="zstd")
    return buffer.getvalue()


def _numbers(table: Any, name: str) -> Any:
    """Return a column as a float64 array, every value a finite number."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    column = table.column(name).combine_chunks()
    kind = column.type
    if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
        raise ProcessingFailed(f"{name!r} has a non-numeric value at row 0")
    values = column.cast(pa.float64())
    bad = pc.invert(pc.fill_null(pc.is_finite(values), False))
    row = pc.index(bad, True).as_py()
    if row >= 0:
        raise ProcessingFailed(f"{name!r} has a non-numeric value at row {row}")
    return values


def _step_bounds(step_numbers: Any) -> tuple[Any, Any]:
    """Return the first and last row of each run of equal step numbers."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    from ..validation._arrays import run_ends

    lasts = run_ends(step_numbers).cast(pa.int64())
    firsts = pa.concat_arrays([pa.array([0], pa.int64()), pc.add(lasts[:-1], 1)])
    return firsts, lasts


def _step_integrals(
    times: Any, currents: Any, firsts: Any, lasts: Any
) -> tuple[Any, Any]:
    """Return each step's charge passed one way and the other (A.s, trapezoids).

    A step's sums are differences of running sums taken at its first and last
    rows: the interval that joins two steps lies in neither. A run of zero
    current adds exactly nothing, so a rest's sums are exactly zero.
    """
    pa = _pyarrow()
    import pyarrow.compute as pc

    rows = len(times)
    spans = pc.subtract(times.slice(1), times.slice(0, rows - 1))
    means = pc.divide(pc.add(currents.slice(1), currents.slice(0, rows - 1)), 2.0)
    charge = pc.multiply(means, spans)
    zero = pa.array([0.0])
    sums = []
    for part in (pc.max_element_wise(charge, 0.0), pc.min_element_wise(charge, 0.0)):
        running = pa.concat_arrays([zero, pc.cumulative_sum(part)])
        sums.append(pc.subtract(running.take(lasts), running.take(firsts)))
    return sums[0], sums[1]


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
    pa = _pyarrow()
    import pyarrow.compute as pc

    for name in REQUIRED:
        if name not in table.column_names:
            raise ProcessingFailed(f"the time series has no {name!r} column")
    times = _numbers(table, "Time [s]")
    rows = len(times)
    if not rows:
        raise ProcessingFailed("the time series has no rows")
    decreasing = pc.less(times.slice(1), times.slice(0, rows - 1))
    row = pc.index(decreasing, True).as_py()
    if row >= 0:
        raise ProcessingFailed(f"'Time [s]' decreases at row {row + 1}")
    voltages = _numbers(table, "Voltage [V]")
    currents = _numbers(table, "Current [A]")
    step_numbers = _numbers(table, "Step count")
    firsts, lasts = _step_bounds(step_numbers)
    if "Cycle count" in table.column_names:
        cycle_numbers = _numbers(table, "Cycle count").take(firsts)
    else:
        cycle_numbers = pa.array([0.0] * len(firsts))
    discharged, charged = _step_integrals(times, currents, firsts, lasts)
    starts, ends = times.take(firsts), times.take(lasts)
    durations = pc.subtract(ends, starts)
    net = pc.add(discharged, charged)
    # a step of one sample (no duration) has its current as its mean
    means = pc.if_else(
        pc.greater(durations, 0.0), pc.divide(net, durations), currents.take(firsts)
    )
    kinds = [
        "Rest"
        if abs(mean) <= REST_CURRENT
        else ("Constant current discharge" if mean > 0 else "Constant current charge")
        for mean in means.to_pylist()
    ]
    discharge = pc.divide(discharged, 3600.0)
    charge = pc.divide(pc.negate(charged), 3600.0)
    steps = {
        "Step count": _whole(step_numbers.take(firsts)),
        "Cycle count": _whole(cycle_numbers),
        "Step type": pa.array(kinds, pa.string()),
        "Start time [s]": starts,
        "End time [s]": ends,
        "Duration [s]": durations,
        "Start voltage [V]": voltages.take(firsts),
        "End voltage [V]": voltages.take(lasts),
        "Mean current [A]": means,
        "Discharge capacity [A.h]": discharge,
        "Charge capacity [A.h]": charge,
    }
    return _parquet(steps), _parquet(
        _cycles(
            steps["Cycle count"].to_pylist(), discharge.to_pylist(), charge.to_pylist()
        )
    )


def _whole(numbers: Any) -> Any:
    """Return float step or cycle numbers as int64, truncated as ``int()`` does."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    return pc.cast(pc.trunc(numbers), pa.int64(), safe=False)


def _cycles(
    cycle_of_step: list[int], discharge: list[float], charge: list[float]
) -> dict[str, list[Any]]:
    """Group consecutive steps of one cycle, with the coulombic efficiency."""
    cycles: dict[str, list[Any]] = {
        "Cycle count": [],
        "Discharge capacity [A.h]": [],
        "Charge capacity [A.h]": [],
    }
    for cycle, out, back in zip(cycle_of_step, discharge, charge, strict=True):
        if not cycles["Cycle count"] or cycles["Cycle count"][-1] != cycle:
            cycles["Cycle count"].append(cycle)
            cycles["Discharge capacity [A.h]"].append(0.0)
            cycles["Charge capacity [A.h]"].append(0.0)
        cycles["Discharge capacity [A.h]"][-1] += out
        cycles["Charge capacity [A.h]"][-1] += back
    cycles["Coulombic efficiency"] = [
        out / back if back > 0 else None
        for out, back in zip(
            cycles["Discharge capacity [A.h]"],
            cycles["Charge capacity [A.h]"],
            strict=True,
        )
    ]
    return cycles


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
