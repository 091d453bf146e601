"""Checking a time series on the caller's machine, before any byte is sent.

The issue codes, the error type and the names of the strict checks are those
of the public client (``ionworks-api``), so code that branches on them works
unchanged: ``except MeasurementValidationError as error: if
error.has_code(IssueCode.TIME_NOT_MONOTONIC): ...``.

This package is being filled in (issue 13). What it checks today, vectorised
with pyarrow compute (about 0.4 s for 1,000,000 rows of 20,000 steps):

- always: the current's sign (positive current discharges the cell: a vote
  of the steps, weighted by the charge each passed); ``Time [s]`` present on
  every row, starting at 0, never decreasing; ``Step count`` present,
  starting at 0, rising by 0 or 1 a row; cumulative capacity and energy
  columns at ~0 at each step's first row and never falling within a step;
- with ``strict=True``: ``minimum_points_per_step``,
  ``cycle_constant_within_step`` and ``time_gaps`` (more than 5 h between
  two samples), each skippable by name.

Not implemented yet: the other seven strict checks, the ``ocp`` and ``eis``
data types and the timing warnings; uploads do not run the checks yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..tables import TableSource, as_table
from ._always import always_on_issues
from ._issues import (
    STRICT_CHECK_NAMES,
    IssueCode,
    MeasurementValidationError,
    ValidationIssue,
    check_skip_names,
)
from ._strict import strict_issues

__all__ = [
    "STRICT_CHECK_NAMES",
    "IssueCode",
    "MeasurementValidationError",
    "ValidationIssue",
    "check_skip_names",
    "validate_time_series",
]


def validate_time_series(
    frame: TableSource,
    *,
    strict: bool = False,
    skip_checks: Iterable[str] | None = None,
) -> list[ValidationIssue]:
    """Check a time series; return every issue found (empty: none).

    Parameters
    ----------
    frame : TableSource
        The time series: a pandas, polars or pyarrow table, a :class:`Table`,
        a dict of columns, or the path of a ``.csv`` or ``.parquet`` file.
    strict : bool, optional
        Run the strict checks too (see the package docstring for which exist
        so far). Defaults to False.
    skip_checks : iterable of str, optional
        Strict checks to skip, by name (:data:`STRICT_CHECK_NAMES`).

    Returns
    -------
    list of ValidationIssue
        The issues, in the order the checks ran.

    Raises
    ------
    TypeError, ValueError
        When the data cannot be read as a table, a checked column is not
        numeric, or a ``skip_checks`` name is unknown.
    """
    import pyarrow as pa

    if isinstance(skip_checks, str):
        raise TypeError("skip_checks must be a list of check names")
    skip = check_skip_names([] if skip_checks is None else skip_checks)
    arrow = as_table(frame).to_arrow()
    try:
        issues = always_on_issues(arrow)
        if strict:
            issues += strict_issues(arrow, skip)
    except (pa.ArrowException, OverflowError) as error:
        raise ValueError(f"A checked column is not numeric ({error})") from None
    return issues
