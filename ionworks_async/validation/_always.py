"""The always-on checks: the current's sign, time, step count, cumulative columns.

Vectorised with pyarrow compute. Steps are runs of equal ``Step count``:
per-step sums are differences of running sums at each run's last row.
"""

from __future__ import annotations

from typing import Any

from ._issues import IssueCode, ValidationIssue

__all__ = ["always_on_issues", "first_true", "numbers", "run_ends"]


def first_true(mask: Any) -> int:
    """Return the index of the first true value of a boolean array (or -1)."""
    import pyarrow.compute as pc

    index = pc.index(mask, True).as_py()
    return int(index)


def numbers(table: Any, name: str) -> Any:
    """Return a column as one float64 array (raises ArrowInvalid for text)."""
    import pyarrow as pa

    return table.column(name).combine_chunks().cast(pa.float64())


def run_ends(step: Any) -> Any:
    """Return the index of the last row of each run of equal ``step`` values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    changes = pc.not_equal(step[1:], step[:-1]).fill_null(True)
    return pa.concat_arrays(
        [pc.indices_nonzero(changes), pa.array([len(step) - 1], pa.uint64())]
    )


def _time_issues(table: Any) -> list[ValidationIssue]:
    import pyarrow.compute as pc

    if "Time [s]" not in table.column_names:
        return [
            ValidationIssue(
                IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
                "The time series has no 'Time [s]' column",
                payload={"column": "Time [s]"},
            )
        ]
    time = numbers(table, "Time [s]")
    issues = []
    missing = pc.or_kleene(pc.is_null(time), pc.is_nan(time)).fill_null(True)
    row = first_true(missing)
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
        row = first_true(falls)
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
    steps = numbers(table, "Step count")
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
        row = first_true(bad)
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
    steps = numbers(table, "Step count")
    changes = pc.not_equal(steps[1:], steps[:-1]).fill_null(True)
    starts = pa.concat_arrays([pa.array([True]), changes])
    same_step = pc.invert(changes)
    issues = []
    for name in present:
        values = numbers(table, name)
        at_start = pc.filter(values, starts)
        not_reset = pc.greater(pc.abs(at_start), CUMULATIVE_TOLERANCE).fill_null(False)
        step = first_true(not_reset)
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
        row = first_true(pc.and_(same_step, falls))
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

    time, voltage = numbers(table, "Time [s]"), numbers(table, "Voltage [V]")
    current, step = numbers(table, "Current [A]"), numbers(table, "Step count")
    span = pc.subtract(time[1:], time[:-1])
    middle = pc.divide(pc.add(current[1:], current[:-1]), 2.0)
    inside = pc.equal(step[1:], step[:-1])
    passed = pc.multiply(middle, span)
    # A gap in the data (null, NaN) passes no charge, rather than poisoning
    # the running sum of every later row.
    usable = pc.and_(inside, pc.is_finite(passed)).fill_null(False)
    passed = pc.if_else(usable, passed, 0.0)
    charge = pa.concat_arrays([pa.array([0.0]), pc.cumulative_sum(passed)])
    moved = pa.concat_arrays([pa.array([0.0]), pc.abs(passed).fill_null(0.0)])
    typical = pc.quantile(pc.abs(current), q=0.95).to_pylist()[0] or 0.0
    rest = min(REST_CURRENT, max(0.02 * typical, 1e-12))
    # Steps are runs of rows: per-step sums are differences of running sums
    # taken at each run's last row (no hashing, no Python loop over rows).
    finite = pc.and_(pc.is_finite(charge), pc.is_finite(voltage)).fill_null(False)
    ends = run_ends(step)

    def per_step(values: Any) -> list[float]:
        ok = pc.and_(finite, pc.is_finite(values)).fill_null(False)
        kept = pc.if_else(ok, values, 0.0)
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


def always_on_issues(arrow: Any) -> list[ValidationIssue]:
    """Run every always-on check on a pyarrow table."""
    return [
        *_sign_issues(arrow),
        *_time_issues(arrow),
        *_step_issues(arrow),
        *_cumulative_issues(arrow),
    ]
