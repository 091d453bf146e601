"""Checking a time series on the caller's machine, before any byte is sent.

The issue codes, the error type and the names of the strict checks are those
of the public client (``ionworks-api``), so code that branches on them works
unchanged: ``except MeasurementValidationError as error: if
error.has_code(IssueCode.TIME_NOT_MONOTONIC): ...``.

Always (cycler data): the current's sign (positive current discharges the
cell: a vote of the steps, weighted by the charge each passed); ``Time [s]``
on every row but EIS rows, starting at 0, never decreasing; ``Step count``
present, starting at 0, rising by 0 or 1 a row; cumulative capacity and
energy columns at ~0 at each step's first row and never falling within it.

Strict (``strict=True``), each skippable by name: ``minimum_points_per_step``,
``cycle_constant_within_step``, ``capacity_energy_from_current_power``,
``time_gaps``, ``voltage_continuity`` (with ``voltage_window``),
``charge_discharge_column_direction`` (with ``steps``),
``consecutive_same_direction_full_steps`` and ``step_capacity_within_rated``
(with ``steps`` and ``rated_capacity``; the latter a warning), and for EIS
data ``eis_zim_sign`` and ``eis_impedance_magnitude``.

``data_type="ocp"`` checks a voltage column, an x axis and the step count;
``data_type="eis"`` the frequency and impedance columns. ``start_time`` and
``end_time`` earn warnings when they look wrong.

The checks are vectorised with pyarrow compute and read the data in batches
(a file is streamed, never held whole).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..tables.table import as_table
from ..types import TableSource
from ._issues import (
    ALWAYS_ON_CHECK_NAMES,
    STRICT_CHECK_NAMES,
    IssueCode,
    MeasurementValidationError,
    MeasurementValidationWarning,
    ValidationIssue,
)
from ._options import check_options

__all__ = [
    "ALWAYS_ON_CHECK_NAMES",
    "STRICT_CHECK_NAMES",
    "IssueCode",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "ValidationIssue",
    "validate_time_series",
]


def validate_time_series(
    frame: TableSource,
    steps: TableSource | None = None,
    *,
    strict: bool = False,
    data_type: str | None = None,
    rated_capacity: float | None = None,
    voltage_window: tuple[float, float] | None = None,
    skip_checks: Iterable[str] | None = None,
    start_time: Any = None,
    end_time: Any = None,
) -> list[ValidationIssue]:
    """Check a time series; return every issue found (empty: none).

    The same checks as an upload's, without uploading. A file is read in
    batches, so any size fits in memory.

    Parameters
    ----------
    frame : TableSource
        The time series: a pandas, polars or pyarrow table, a :class:`Table`,
        a dict of columns, or the path of a ``.csv`` or ``.parquet`` file.
    steps : TableSource, optional
        The steps table (one row a step), for its strict checks.
    strict : bool, optional
        Run the strict checks too. Defaults to False.
    data_type : {"ocp", "eis"}, optional
        The kind of data, when it is no cycler time series.
    rated_capacity : float, optional
        The cell's rated capacity in A.h (strict checks of steps and EIS).
    voltage_window : tuple of float, optional
        The cell's rated ``(V_min, V_max)`` (strict voltage continuity).
    skip_checks : iterable of str, optional
        Strict checks to skip, by name (:data:`STRICT_CHECK_NAMES`); the
        always-on ones too, with a warning (:data:`ALWAYS_ON_CHECK_NAMES`).
    start_time, end_time : datetime or str, optional
        The measurement's times, for the timing warnings.

    Returns
    -------
    list of ValidationIssue
        The issues, errors and warnings (``issue.severity``), in the order of
        the checks.

    Raises
    ------
    TypeError, ValueError
        When the data cannot be read as a table, a checked column is not
        numeric, or an argument is wrong (an unknown ``skip_checks`` name).
    """
    from ..read._api import native_table
    from ..tables._sources import bytes_of, record_batches, spooled
    from ._checker import TimeSeriesChecker

    options = check_options(
        strict, rated_capacity, voltage_window, skip_checks, data_type
    )
    data = bytes_of(frame)
    if data is not None:  # bytes, an open binary file: read as a file
        path = spooled(data)
        try:
            return validate_time_series(
                path,
                steps,
                strict=strict,
                rated_capacity=rated_capacity,
                voltage_window=voltage_window,
                skip_checks=skip_checks,
                data_type=data_type,
                start_time=start_time,
                end_time=end_time,
            )
        finally:
            path.unlink(missing_ok=True)
    # A cycler's own file: read as it is checked.
    native = native_table(
        frame, sign_check="current_sign_reversed" not in options.skip_checks
    )
    checker = TimeSeriesChecker(options)
    for batch in record_batches(frame) if native is None else native[0]:
        checker.feed(batch)
    steps_table = None if steps is None else as_table(steps).to_arrow()
    return checker.finish(steps_table, start_time=start_time, end_time=end_time)
