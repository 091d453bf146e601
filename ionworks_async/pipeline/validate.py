"""Checking a time series without uploading it.

``validate_time_series`` returns the issues; ``validate_measurement_data``
is the public client's form of it (raises on errors, warns of the rest).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._runtime.user_warnings import warn_user
from ..tables.aliases import TableSource
from ..tables.sources import bytes_of, spooled
from ..tables.table import as_table
from ..validation import (
    MeasurementValidationError,
    MeasurementValidationWarning,
    TimeSeriesChecker,
    ValidationIssue,
    ValidationIssues,
    check_options,
    errors_in,
)
from .encode import source_batches

__all__ = ["validate_measurement_data", "validate_time_series"]


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
        the checks: a ``list`` that a notebook shows as one table.

    Raises
    ------
    TypeError, ValueError
        When the data cannot be read as a table, a checked column is not
        numeric, or an argument is wrong (an unknown ``skip_checks`` name).
    """
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
    checker = TimeSeriesChecker(options)
    for batch in source_batches(frame, options).batches:  # a cycler's file too
        checker.feed(batch)
    steps_table = None if steps is None else as_table(steps).to_arrow()
    found = checker.finish(steps_table, start_time=start_time, end_time=end_time)
    return ValidationIssues(found)


def validate_measurement_data(
    df: TableSource,
    strict: bool = False,
    data_type: str | None = None,
    steps_df: TableSource | None = None,
    rated_capacity: float | None = None,
    voltage_window: tuple[float, float] | None = None,
    skip_checks: Iterable[str] | None = None,
    start_time: Any = None,
    end_time: Any = None,
) -> None:
    """Check a time series as an upload does: raise on errors, warn of the rest.

    The public client's ``ionworks.validators.validate_measurement_data``,
    with its parameters in its order; the checks are
    :func:`validate_time_series`'s (which returns the issues instead).

    Parameters
    ----------
    df : TableSource
        The time series (any table :func:`validate_time_series` reads).
    strict : bool, optional
        Run the strict checks too. Defaults to False.
    data_type : {"ocp", "eis"}, optional
        The kind of data, when it is no cycler time series.
    steps_df : TableSource, optional
        The steps table, for its strict checks.
    rated_capacity : float, optional
        The cell's rated capacity in A.h.
    voltage_window : tuple of float, optional
        The cell's rated ``(V_min, V_max)``.
    skip_checks : iterable of str, optional
        Checks to skip, by name.
    start_time, end_time : datetime or str, optional
        The measurement's times, for the timing warnings.

    Raises
    ------
    MeasurementValidationError
        When any check found an error (``errors`` holds them all).
    """
    issues = validate_time_series(
        df,
        steps_df,
        strict=strict,
        data_type=data_type,
        rated_capacity=rated_capacity,
        voltage_window=voltage_window,
        skip_checks=skip_checks,
        start_time=start_time,
        end_time=end_time,
    )
    for issue in issues:
        if issue.severity != "error":
            warn_user(issue.message, MeasurementValidationWarning)
    errors = errors_in(issues)
    if errors:
        raise MeasurementValidationError.of(errors)
