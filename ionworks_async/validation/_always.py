"""The always-on checks of time, ``Step count`` and the cumulative columns.

Vectorised with pyarrow compute, over one :class:`Chunk` of whole steps at a
time; rows are reported by their number in the whole series.
"""

from __future__ import annotations

from typing import Any

from ..analysis.kernels import run_starts
from ._chunk import Chunk, first_true
from .issues import IssueCode, ValidationIssue

__all__ = [
    "CUMULATIVE_COLUMNS",
    "MAX_TIME_GAP",
    "cumulative_issues",
    "step_issues",
    "time_issues",
    "timed_rows",
]

EIS_FREQUENCY = "Frequency [Hz]"
"""Rows with a frequency are EIS rows: measured against it, they may omit time."""
MAX_TIME_GAP = 18_000.0
"""Seconds between two samples beyond which the strict check reports a gap."""
CUMULATIVE_COLUMNS = (
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
)
"""Columns that count up from 0 within each step."""
CUMULATIVE_TOLERANCE = 1e-6


def timed_rows(chunk: Chunk) -> tuple[Any, Any]:
    """Return the rows with a time (their indices) and those times."""
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_scalar

    time = chunk.column("Time [s]")
    index = pc.indices_nonzero(pc.is_finite(time).fill_null(arrow_scalar(False)))
    return index, pc.take(time, index)


def time_issues(chunk: Chunk, *, strict: bool) -> list[ValidationIssue]:
    """Time on every non-EIS row, from 0, never falling (strict: no 5 h gap)."""
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_scalar

    if not chunk.has("Time [s]"):
        return [
            ValidationIssue(
                IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
                "The time series has no 'Time [s]' column",
                payload={"column": "Time [s]"},
            )
        ]
    time = chunk.column("Time [s]")
    issues = []
    missing = pc.invert(pc.is_finite(time).fill_null(arrow_scalar(False)))
    if chunk.has(EIS_FREQUENCY):
        eis = pc.is_finite(chunk.column(EIS_FREQUENCY)).fill_null(arrow_scalar(False))
        missing = pc.and_(missing, pc.invert(eis))
    row = first_true(missing[1:] if chunk.head else missing)
    if row >= 0:
        row += chunk.offset + (1 if chunk.head else 0)
        issues.append(
            ValidationIssue(
                IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
                f"'Time [s]' is missing at row {row}, which is no EIS row "
                "(only EIS rows, with a 'Frequency [Hz]', may omit the time)",
                payload={"row": row},
            )
        )
    index, timed = timed_rows(chunk)
    if chunk.first and len(timed) and timed[0].as_py() != 0:
        first = timed[0].as_py()
        issues.append(
            ValidationIssue(
                IssueCode.TIME_DOES_NOT_START_AT_ZERO,
                f"'Time [s]' starts at {first:g}, not 0",
                payload={"first": first},
            )
        )
    if len(timed) < 2:
        return issues
    rise = pc.subtract(timed[1:], timed[:-1])
    k = first_true(pc.less(rise, arrow_scalar(0.0)))
    if k >= 0:
        before, after = timed[k].as_py(), timed[k + 1].as_py()
        row = chunk.offset + index[k + 1].as_py()
        issues.append(
            ValidationIssue(
                IssueCode.TIME_NOT_MONOTONIC,
                f"'Time [s]' decreases at row {row} ({before:g} -> {after:g})",
                payload={"row": row, "before": before, "after": after},
            )
        )
    k = (
        first_true(pc.greater(rise, arrow_scalar(float(MAX_TIME_GAP))))
        if strict
        else -1
    )
    if k >= 0:
        gap = rise[k].as_py()
        row = chunk.offset + index[k + 1].as_py()
        issues.append(
            ValidationIssue(
                IssueCode.TIME_GAP_TOO_LARGE,
                f"{gap:g} s pass before row {row} (more than {MAX_TIME_GAP:g} s "
                "between two samples)",
                payload={"row": row, "gap": gap, "threshold": MAX_TIME_GAP},
            )
        )
    return issues


def step_issues(chunk: Chunk) -> list[ValidationIssue]:
    """``Step count`` present, starting at 0, rising by 0 or 1 a row."""
    import numpy as np
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_array, arrow_scalar

    if not chunk.has("Step count"):
        return [
            ValidationIssue(
                IssueCode.STEP_COUNT_MISSING,
                "The time series has no 'Step count' column",
                payload={"column": "Step count"},
            )
        ]
    steps = chunk.column("Step count")
    if len(steps) == 0:
        return []
    issues = []
    first = steps[0].as_py()
    if chunk.first and first != 0:
        issues.append(
            ValidationIssue(
                IssueCode.STEP_COUNT_DOES_NOT_START_AT_ZERO,
                f"'Step count' starts at {first!r}, not 0",
                payload={"first": first},
            )
        )
    rise = pc.subtract(steps[1:], steps[:-1])
    bad = pc.invert(pc.is_in(rise, arrow_array(np.array([0.0, 1.0])))).fill_null(
        arrow_scalar(True)
    )
    k = first_true(bad)
    if k >= 0:
        before, after = steps[k].as_py(), steps[k + 1].as_py()
        row = chunk.offset + k + 1
        issues.append(
            ValidationIssue(
                IssueCode.STEP_COUNT_NON_SEQUENTIAL,
                f"'Step count' goes from {before!r} to {after!r} at row {row} "
                "(it may rise by 0 or 1 a row)",
                payload={"row": row, "before": before, "after": after},
            )
        )
    return issues


def cumulative_issues(chunk: Chunk) -> list[ValidationIssue]:
    """Cumulative columns restart (at ~0) at each step and never fall within one."""
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_scalar

    present = [name for name in CUMULATIVE_COLUMNS if chunk.has(name)]
    if not chunk.has("Step count") or not present or not chunk.table.num_rows:
        return []
    steps = chunk.column("Step count")
    starts = run_starts(steps, chunk.head)
    start_rows = pc.indices_nonzero(starts)
    same_step = pc.invert(starts[1:])
    issues = []
    for name in present:
        values = chunk.column(name)
        at_start = pc.take(values, start_rows)
        not_reset = pc.greater(
            pc.abs(at_start), arrow_scalar(CUMULATIVE_TOLERANCE)
        ).fill_null(arrow_scalar(False))
        k = first_true(not_reset)
        if k >= 0:
            row = start_rows[k].as_py()
            observed = at_start[k].as_py()
            issues.append(
                ValidationIssue(
                    IssueCode.CUMULATIVE_VALUE_NOT_RESET,
                    f"'{name}' does not restart at 0 where step "
                    f"{steps[row].as_py():g} starts (row {chunk.offset + row}: "
                    f"{observed:.6g})",
                    payload={
                        "column": name,
                        "row": chunk.offset + row,
                        "step": steps[row].as_py(),
                        "observed": observed,
                    },
                )
            )
        falls = pc.less(
            pc.subtract(values[1:], values[:-1]), arrow_scalar(-CUMULATIVE_TOLERANCE)
        ).fill_null(arrow_scalar(False))
        k = first_true(pc.and_(same_step, falls))
        if k >= 0:
            before, after = values[k].as_py(), values[k + 1].as_py()
            row = chunk.offset + k + 1
            issues.append(
                ValidationIssue(
                    IssueCode.CUMULATIVE_VALUE_DECREASED,
                    f"'{name}' falls within a step at row {row} "
                    f"({before:.6g} -> {after:.6g})",
                    payload={
                        "column": name,
                        "row": row,
                        "previous_value": before,
                        "current_value": after,
                    },
                )
            )
    return issues
