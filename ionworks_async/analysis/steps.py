"""The API's steps and cycles tables, computed from a time series.

A step is a run of equal ``Step count``; its type comes from the sign of its
mean current (positive is discharge); its capacities integrate the current
over time (trapezoids). Cycles group consecutive steps of one ``Cycle
count``, with the coulombic efficiency (discharge over charge capacity).
Vectorised with pyarrow compute: only the per-step and per-cycle rows are
built in Python. ionworks-local's processing and
:func:`ionworks_async.read.time_series_and_steps` both call it.
"""

from __future__ import annotations

from typing import Any

from ..tables.table import pyarrow_module as _pyarrow
from .kernels import run_ends

__all__ = ["REQUIRED", "REST_CURRENT", "SeriesError", "steps_and_cycles"]

REQUIRED = ("Time [s]", "Voltage [V]", "Current [A]", "Step count")
"""The columns a time series needs for its steps to be told."""
REST_CURRENT = 1e-9
"""Mean currents this small (in A) make a rest step."""


class SeriesError(ValueError):
    """A time series whose steps cannot be told; the message says why."""


def _numbers(table: Any, name: str) -> Any:
    """Return a column as a float64 array, every value a finite number."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    column = table.column(name).combine_chunks()
    kind = column.type
    if not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
        raise SeriesError(f"{name!r} has a non-numeric value at row 0")
    values = column.cast(pa.float64())
    bad = pc.invert(pc.fill_null(pc.is_finite(values), False))
    row = pc.index(bad, True).as_py()
    if row >= 0:
        raise SeriesError(f"{name!r} has a non-numeric value at row {row}")
    return values


def _step_bounds(step_numbers: Any) -> tuple[Any, Any]:
    """Return the first and last row of each run of equal step numbers."""
    pa = _pyarrow()
    import pyarrow.compute as pc

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


def steps_and_cycles(table: Any, rest_current: float = REST_CURRENT) -> tuple[Any, Any]:
    """Return the steps and cycles tables of a time series.

    Parameters
    ----------
    table : pyarrow.Table
        The time series, in the API's columns.
    rest_current : float, optional
        A step whose mean current is no larger (in A) is a rest (default
        :data:`REST_CURRENT`; C/1000 given a cell's rated capacity).

    Returns
    -------
    tuple of pyarrow.Table
        One row a step (``Step count``, ``Cycle count``, ``Step type``, start,
        end and duration, start and end voltage, mean current, discharge and
        charge capacity), and one row a cycle (its capacities and coulombic
        efficiency).

    Raises
    ------
    SeriesError
        For a missing column, non-numeric values, no rows, or a ``Time [s]``
        that decreases.
    """
    pa = _pyarrow()
    import pyarrow.compute as pc

    for name in REQUIRED:
        if name not in table.column_names:
            raise SeriesError(f"the time series has no {name!r} column")
    times = _numbers(table, "Time [s]")
    rows = len(times)
    if not rows:
        raise SeriesError("the time series has no rows")
    decreasing = pc.less(times.slice(1), times.slice(0, rows - 1))
    row = pc.index(decreasing, True).as_py()
    if row >= 0:
        raise SeriesError(f"'Time [s]' decreases at row {row + 1}")
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
        if abs(mean) <= rest_current
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
    cycles = _cycles(
        steps["Cycle count"].to_pylist(), discharge.to_pylist(), charge.to_pylist()
    )
    return pa.table(steps), pa.table(cycles)


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
