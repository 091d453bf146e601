"""Checking a time series on the caller's machine, before any byte is sent.

The issue codes, the error type and the names of the strict checks are those
of the public client (``ionworks-api``), so code that branches on them works
unchanged: ``except MeasurementValidationError as error: if
error.has_code(IssueCode.TIME_NOT_MONOTONIC): ...``.

This module is being filled in (issue 13). What it checks today, vectorised
with pyarrow compute:

- ``Time [s]``: present on every row, starting at 0, never decreasing;
- ``Step count``: present, starting at 0, rising by 0 or 1 a row;
- cumulative capacity and energy columns: at ~0 (1e-6) at each step's first
  row, never falling (by more than 1e-6) within a step.

- the current's sign: positive current discharges the cell (a vote of the
  steps, weighted by the charge each passed).

The strict checks, the ``ocp``/``eis`` data types and the timing warnings are
not implemented yet, and uploads do not call it yet.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from .errors import IonworksError
from .tables import TableSource, as_table

__all__ = [
    "STRICT_CHECK_NAMES",
    "IssueCode",
    "MeasurementValidationError",
    "ValidationIssue",
    "check_skip_names",
    "validate_time_series",
]


class IssueCode(enum.StrEnum):
    """The stable codes of validation issues (the public client's values)."""

    CURRENT_SIGN_REVERSED = "current_sign_reversed"
    CURRENT_SIGN_INDETERMINATE = "current_sign_indeterminate"
    CURRENT_SIGN_UNSIGNED = "current_sign_unsigned"
    TIME_MISSING_ON_NON_EIS_ROW = "time_missing_on_non_eis_row"
    TIME_DOES_NOT_START_AT_ZERO = "time_does_not_start_at_zero"
    TIME_NOT_MONOTONIC = "time_not_monotonic"
    STEP_COUNT_MISSING = "step_count_missing"
    STEP_COUNT_DOES_NOT_START_AT_ZERO = "step_count_does_not_start_at_zero"
    STEP_COUNT_NON_SEQUENTIAL = "step_count_non_sequential"
    CUMULATIVE_VALUE_NOT_RESET = "cumulative_value_not_reset"
    CUMULATIVE_VALUE_DECREASED = "cumulative_value_decreased"
    STEP_TOO_FEW_POINTS = "step_too_few_points"
    CYCLE_CHANGES_WITHIN_STEP = "cycle_changes_within_step"
    CHARGE_CAPACITY_INTEGRAL_MISMATCH = "charge_capacity_integral_mismatch"
    DISCHARGE_CAPACITY_INTEGRAL_MISMATCH = "discharge_capacity_integral_mismatch"
    CHARGE_ENERGY_INTEGRAL_MISMATCH = "charge_energy_integral_mismatch"
    DISCHARGE_ENERGY_INTEGRAL_MISMATCH = "discharge_energy_integral_mismatch"
    TIME_GAP_TOO_LARGE = "time_gap_too_large"
    VOLTAGE_CONTINUITY = "voltage_continuity"
    CHARGE_DISCHARGE_CAPACITY_COLUMNS_SWAPPED = (
        "charge_discharge_capacity_columns_swapped"
    )
    CHARGE_DISCHARGE_ENERGY_COLUMNS_SWAPPED = "charge_discharge_energy_columns_swapped"
    CONSECUTIVE_SAME_DIRECTION_FULL_STEPS = "consecutive_same_direction_full_steps"
    STEP_CAPACITY_EXCEEDS_RATED = "step_capacity_exceeds_rated"
    EIS_ZIM_SIGN_REVERSED = "eis_zim_sign_reversed"
    EIS_IMPEDANCE_MAGNITUDE_IMPLAUSIBLE = "eis_impedance_magnitude_implausible"
    OCP_VOLTAGE_COLUMN_MISSING = "ocp_voltage_column_missing"
    OCP_X_AXIS_COLUMN_MISSING = "ocp_x_axis_column_missing"
    EIS_COLUMNS_MISSING = "eis_columns_missing"
    START_TIME_IN_FUTURE = "start_time_in_future"
    END_TIME_IN_FUTURE = "end_time_in_future"
    END_TIME_BEFORE_START_TIME = "end_time_before_start_time"
    DURATION_MISMATCH = "duration_mismatch"
    TIME_SERIES_ROW_COUNT_EXCEEDED = "time_series_row_count_exceeded"


STRICT_CHECK_NAMES = frozenset(
    {
        "minimum_points_per_step",
        "cycle_constant_within_step",
        "capacity_energy_from_current_power",
        "time_gaps",
        "voltage_continuity",
        "charge_discharge_column_direction",
        "consecutive_same_direction_full_steps",
        "step_capacity_within_rated",
        "eis_zim_sign",
        "eis_impedance_magnitude",
    }
)
"""The strict checks ``skip_checks`` may name."""


@attrs.frozen
class ValidationIssue:
    """One thing wrong with the data.

    Attributes
    ----------
    code : IssueCode
        What is wrong; branch on this, not on the message.
    message : str
        The explanation, with the first offending row.
    severity : {"error", "warning"}
        Errors stop the upload; warnings are reported through ``warnings``.
    payload : dict
        Details: rows, columns, observed values, thresholds.
    """

    code: IssueCode
    message: str
    severity: Literal["error", "warning"] = "error"
    payload: dict[str, Any] = attrs.field(factory=dict)


class MeasurementValidationError(IonworksError):
    """The data failed validation on this machine; nothing was sent.

    Parameters
    ----------
    message : str
        The count of errors and a bullet list of them (see :meth:`of`).
    errors : list of ValidationIssue, optional
        Every error-severity issue found.
    """

    def __init__(
        self, message: str, errors: list[ValidationIssue] | None = None
    ) -> None:
        super().__init__(message)
        self.errors: list[ValidationIssue] = errors or []

    @classmethod
    def of(cls, errors: list[ValidationIssue]) -> MeasurementValidationError:
        """Build the error of a list of issues, with its message."""
        lines = "\n".join(f"- [{issue.code}] {issue.message}" for issue in errors)
        return cls(f"{len(errors)} validation error(s):\n{lines}", errors)

    def __str__(self) -> str:
        return self.message

    def has_code(self, code: IssueCode | str) -> bool:
        """Whether any error has ``code``."""
        return any(issue.code == code for issue in self.errors)


def check_skip_names(names: Iterable[str]) -> frozenset[str]:
    """Check ``skip_checks`` names.

    Raises
    ------
    ValueError
        For a name that is not one of :data:`STRICT_CHECK_NAMES`.
    """
    given = frozenset(names)
    unknown = sorted(given - STRICT_CHECK_NAMES)
    if unknown:
        raise ValueError(
            f"Unknown skip_checks name(s) {', '.join(map(repr, unknown))}; the "
            f"strict checks are {', '.join(sorted(STRICT_CHECK_NAMES))}"
        )
    return given


def _first(mask: Any) -> int:
    """Return the index of the first true value of a boolean array (or -1)."""
    import pyarrow.compute as pc

    index = pc.index(mask, True).as_py()
    return int(index)


def _time_issues(table: Any) -> list[ValidationIssue]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if "Time [s]" not in table.column_names:
        return [
            ValidationIssue(
                IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
                "The time series has no 'Time [s]' column",
                payload={"column": "Time [s]"},
            )
        ]
    time = table.column("Time [s]").combine_chunks().cast(pa.float64())
    issues = []
    missing = pc.or_kleene(pc.is_null(time), pc.is_nan(time)).fill_null(True)
    row = _first(missing)
    if row >= 0:
        issues.append(
            ValidationIssue(
                IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
                f"'Time [s]' is missing at row {row}",
                payload={"row": row},
            )
        )
        return issues
    if len(time) and time[0].as_py() != 0:
        first = time[0].as_py()
        issues.append(
            ValidationIssue(
                IssueCode.TIME_DOES_NOT_START_AT_ZERO,
                f"'Time [s]' starts at {first:g}, not 0",
                payload={"first": first},
            )
        )
    if len(time) > 1:
        falls = pc.less(time[1:], time[:-1])
        row = _first(falls)
        if row >= 0:
            before, after = time[row].as_py(), time[row + 1].as_py()
            issues.append(
                ValidationIssue(
                    IssueCode.TIME_NOT_MONOTONIC,
                    f"'Time [s]' decreases at row {row + 1} ({before:g} -> {after:g})",
                    payload={"row": row + 1, "before": before, "after": after},
                )
            )
    return issues


def _step_issues(table: Any) -> list[ValidationIssue]:
    import pyarrow as pa
    import pyarrow.compute as pc

    if "Step count" not in table.column_names:
        return [
            ValidationIssue(
                IssueCode.STEP_COUNT_MISSING,
                "The time series has no 'Step count' column",
                payload={"column": "Step count"},
            )
        ]
    steps = table.column("Step count").combine_chunks().cast(pa.float64())
    if len(steps) == 0:
        return []
    issues = []
    first = steps[0].as_py()
    if first != 0:
        issues.append(
            ValidationIssue(
                IssueCode.STEP_COUNT_DOES_NOT_START_AT_ZERO,
                f"'Step count' starts at {first!r}, not 0",
                payload={"first": first},
            )
        )
    if len(steps) > 1:
        rise = pc.subtract(steps[1:], steps[:-1])
        bad = pc.invert(pc.is_in(rise, pa.array([0.0, 1.0]))).fill_null(True)
        row = _first(bad)
        if row >= 0:
            before, after = steps[row].as_py(), steps[row + 1].as_py()
            issues.append(
                ValidationIssue(
                    IssueCode.STEP_COUNT_NON_SEQUENTIAL,
                    f"'Step count' goes from {before!r} to {after!r} at row "
                    f"{row + 1} (it may rise by 0 or 1 a row)",
                    payload={"row": row + 1, "before": before, "after": after},
                )
            )
    return issues


CUMULATIVE_COLUMNS = (
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
)
"""Columns that count up from 0 within each step."""
CUMULATIVE_TOLERANCE = 1e-6


def _cumulative_issues(table: Any) -> list[ValidationIssue]:
    """Cumulative columns restart (at ~0) at each step and never fall within one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    present = [name for name in CUMULATIVE_COLUMNS if name in table.column_names]
    if "Step count" not in table.column_names or not present or not table.num_rows:
        return []
    steps = table.column("Step count").combine_chunks().cast(pa.float64())
    changes = pc.not_equal(steps[1:], steps[:-1]).fill_null(True)
    starts = pa.concat_arrays([pa.array([True]), changes])
    same_step = pc.invert(changes)
    issues = []
    for name in present:
        values = table.column(name).combine_chunks().cast(pa.float64())
        at_start = pc.filter(values, starts)
        not_reset = pc.greater(pc.abs(at_start), CUMULATIVE_TOLERANCE).fill_null(False)
        step = _first(not_reset)
        if step >= 0:
            count = pc.sum(not_reset).as_py()
            observed = at_start[step].as_py()
            issues.append(
                ValidationIssue(
                    IssueCode.CUMULATIVE_VALUE_NOT_RESET,
                    f"'{name}' does not restart at 0 at the start of step {step} "
                    f"(it is {observed:.6g}; {count} step(s) in all)",
                    payload={"column": name, "step_index": step, "observed": observed},
                )
            )
        falls = pc.less(
            pc.subtract(values[1:], values[:-1]), -CUMULATIVE_TOLERANCE
        ).fill_null(False)
        row = _first(pc.and_(same_step, falls))
        if row >= 0:
            before, after = values[row].as_py(), values[row + 1].as_py()
            issues.append(
                ValidationIssue(
                    IssueCode.CUMULATIVE_VALUE_DECREASED,
                    f"'{name}' falls within a step at row {row + 1} "
                    f"({before:.6g} -> {after:.6g})",
                    payload={
                        "column": name,
                        "row": row + 1,
                        "previous_value": before,
                        "current_value": after,
                    },
                )
            )
    return issues


REST_CURRENT = 1e-3
"""Steps whose mean current is below this (in A, or 2 % of the typical
current when that is smaller) are rests, which do not vote on the sign."""
REVERSED_SHARE = 0.75
"""The share of the vote that says "positive current charges" from which the
sign is reversed; from 1 - REVERSED_SHARE up to it, the vote is undecided."""


def _sign_issues(table: Any) -> list[ValidationIssue]:
    """Vote, step by step, on whether positive current discharges the cell.

    In each non-rest step the voltage is fitted linearly against the charge
    passed (∫I dt): with positive current discharging, the voltage falls as
    the charge grows. A step votes with the sign of that slope, weighted by
    the charge it passed (∫|I| dt) times how well the line fits (|r|).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    needed = ("Time [s]", "Voltage [V]", "Current [A]", "Step count")
    if any(name not in table.column_names for name in needed) or table.num_rows < 2:
        return []

    def column(name: str) -> Any:
        return table.column(name).combine_chunks().cast(pa.float64())

    time, voltage = column("Time [s]"), column("Voltage [V]")
    current, step = column("Current [A]"), column("Step count")
    span = pc.subtract(time[1:], time[:-1])
    middle = pc.divide(pc.add(current[1:], current[:-1]), 2.0)
    inside = pc.equal(step[1:], step[:-1])
    passed = pc.if_else(inside, pc.multiply(middle, span), 0.0)
    charge = pa.concat_arrays(
        [pa.array([0.0]), pc.cumulative_sum(passed.fill_null(0.0))]
    )
    moved = pa.concat_arrays([pa.array([0.0]), pc.abs(passed).fill_null(0.0)])
    typical = pc.quantile(pc.abs(current), q=0.95).to_pylist()[0] or 0.0
    rest = min(REST_CURRENT, max(0.02 * typical, 1e-12))
    # Steps are runs of rows: per-step sums are differences of running sums
    # taken at each run's last row (no hashing, no Python loop over rows).
    finite = pc.and_(pc.is_finite(charge), pc.is_finite(voltage)).fill_null(False)
    ends = pa.concat_arrays(
        [
            pc.indices_nonzero(pc.not_equal(step[1:], step[:-1]).fill_null(True)),
            pa.array([len(step) - 1], pa.uint64()),
        ]
    )

    def per_step(values: Any) -> list[float]:
        kept = pc.if_else(finite, values, 0.0).fill_null(0.0)
        at_ends = pc.take(pc.cumulative_sum(kept), ends)
        before = pa.concat_arrays([pa.array([0.0]), at_ends[:-1]])
        result: list[float] = pc.subtract(at_ends, before).to_pylist()
        return result

    ones = pc.if_else(finite, 1.0, 0.0)
    n = per_step(ones)
    total = {
        "i": per_step(current),
        "q": per_step(charge),
        "v": per_step(voltage),
        "qq": per_step(pc.multiply(charge, charge)),
        "vv": per_step(pc.multiply(voltage, voltage)),
        "qv": per_step(pc.multiply(charge, voltage)),
        "moved": per_step(moved),
    }
    votes = {"charge": 0.0, "discharge": 0.0}
    for k in range(len(n)):
        if n[k] < 2 or abs(total["i"][k] / n[k]) < rest or total["moved"][k] <= 0:
            continue
        var_q = total["qq"][k] - total["q"][k] ** 2 / n[k]
        var_v = total["vv"][k] - total["v"][k] ** 2 / n[k]
        cov = total["qv"][k] - total["q"][k] * total["v"][k] / n[k]
        if var_q <= 0 or var_v <= 0:
            continue
        fit = min(abs(cov) / (var_q * var_v) ** 0.5, 1.0)
        votes["charge" if cov > 0 else "discharge"] += fit * total["moved"][k]
    weight = votes["charge"] + votes["discharge"]
    if weight <= 0:
        return []
    share = votes["charge"] / weight
    payload = {"charge_fraction": share}
    if share >= REVERSED_SHARE:
        return [
            ValidationIssue(
                IssueCode.CURRENT_SIGN_REVERSED,
                "Positive current appears to charge the cell (its voltage rises "
                "with it): flip the sign of 'Current [A]' so that positive "
                "current is discharge",
                payload=payload,
            )
        ]
    if share <= 1 - REVERSED_SHARE:
        return []
    active = pc.filter(current, pc.greater(pc.abs(current), rest).fill_null(False))
    if len(active) and pc.all(pc.greater(active, 0.0)).as_py():
        return [
            ValidationIssue(
                IssueCode.CURRENT_SIGN_UNSIGNED,
                "'Current [A]' is never negative, yet the voltage rises in some "
                "steps and falls in others: the current looks unsigned. Make "
                "charge current negative",
                payload=payload,
            )
        ]
    return [
        ValidationIssue(
            IssueCode.CURRENT_SIGN_INDETERMINATE,
            "Whether positive current is discharge cannot be told from the data "
            f"(the steps are split {share:.0%} charge to {1 - share:.0%} discharge)",
            payload=payload,
        )
    ]


def validate_time_series(frame: TableSource) -> list[ValidationIssue]:
    """Check a time series; return every issue found (empty: none).

    Only the checks the module docstring lists run so far.

    Parameters
    ----------
    frame : TableSource
        The time series: a pandas, polars or pyarrow table, a :class:`Table`,
        a dict of columns, or the path of a ``.csv`` or ``.parquet`` file.

    Returns
    -------
    list of ValidationIssue
        The issues, in the order the checks ran.

    Raises
    ------
    TypeError, ValueError
        When the data cannot be read as a table at all.
    """
    import pyarrow as pa

    arrow = as_table(frame).to_arrow()
    try:
        return [
            *_sign_issues(arrow),
            *_time_issues(arrow),
            *_step_issues(arrow),
            *_cumulative_issues(arrow),
        ]
    except (pa.ArrowException, OverflowError) as error:
        raise ValueError(
            f"'Time [s]' and 'Step count' must be numeric columns ({error})"
        ) from None
