"""The API's steps and cycles tables, computed from a time series.

The steps are the hosted API's step table (:mod:`.summary`, ionworksdata's
``steps.summarize``); the cycles group consecutive steps of one ``Cycle
count``, with the coulombic efficiency (discharge over charge capacity), as
the API's ``cycles`` route answers. The series is checked first (numbers
where numbers belong, time that never decreases), and its step numbers
truncated as ``int()`` does. ionworks-local's processing and
:func:`ionworks_async.read.time_series_and_steps` both call it.
"""

from __future__ import annotations

from typing import Any

from ..tables.sources import SLICE_ROWS
from ..tables.table import pyarrow_module as _pyarrow
from .errors import SeriesError
from .summary import StepTolerances, Summarizer

__all__ = ["REQUIRED", "SeriesError", "steps_and_cycles"]

REQUIRED = ("Time [s]", "Voltage [V]", "Current [A]", "Step count")
"""The columns a time series needs for its steps to be told."""


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


def steps_and_cycles(
    table: Any, rated_capacity: float | None = None
) -> tuple[Any, Any]:
    """Return the steps and cycles tables of a time series.

    Parameters
    ----------
    table : pyarrow.Table
        The time series, in the API's columns.
    rated_capacity : float, optional
        The cell's rated capacity in A.h (caps the step-type tolerances).

    Returns
    -------
    tuple of pyarrow.Table
        The step table the hosted API returns (:mod:`.summary`: one row a
        step, 36 columns), and one row a cycle in the API's shape (its
        capacities and coulombic efficiency).

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
    checked = {name: _numbers(table, name) for name in REQUIRED[1:]}
    if "Cycle count" in table.column_names:
        checked["Cycle count"] = _numbers(table, "Cycle count")
    checked["Step count"] = _whole(checked["Step count"])
    series = table
    for name, values in checked.items():
        series = series.set_column(series.column_names.index(name), name, values)
    summarizer = Summarizer(StepTolerances(rated_capacity))
    for batch in series.to_batches(max_chunksize=SLICE_ROWS):
        summarizer.feed(batch)
    steps = summarizer.table()
    cycles = _cycles(
        steps.column("Cycle count").to_pylist(),
        steps.column("Discharge capacity [A.h]").to_pylist(),
        steps.column("Charge capacity [A.h]").to_pylist(),
    )
    return steps, pa.table(cycles)


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
