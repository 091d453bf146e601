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
(a file is streamed, never held whole): :class:`TimeSeriesChecker` is fed
record batches and gives the issues at the end, with :class:`CheckOptions`
(built from a call's arguments by :func:`check_options`). Checking a file or
a frame end to end is :func:`ionworks_async.validate_time_series`, in
:mod:`ionworks_async.pipeline`, which reads it.
"""

from __future__ import annotations

from .checker import TimeSeriesChecker
from .issues import (
    ALWAYS_ON_CHECK_NAMES,
    STRICT_CHECK_NAMES,
    IssueCode,
    MeasurementValidationError,
    MeasurementValidationWarning,
    ValidationIssue,
    ValidationIssues,
    errors_in,
)
from .options import DATA_TYPES, CheckOptions, check_options
from .sign import SignVote

__all__ = [
    "ALWAYS_ON_CHECK_NAMES",
    "DATA_TYPES",
    "STRICT_CHECK_NAMES",
    "CheckOptions",
    "IssueCode",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "SignVote",
    "TimeSeriesChecker",
    "ValidationIssue",
    "ValidationIssues",
    "check_options",
    "errors_in",
]
