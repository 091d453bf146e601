"""The strict checks (``validate_strict=True``), each skippable by name.

Implemented so far: ``minimum_points_per_step``, ``cycle_constant_within_step``
and ``time_gaps``. The others (``capacity_energy_from_current_power``,
``voltage_continuity``, ``charge_discharge_column_direction``,
``consecutive_same_direction_full_steps``, ``step_capacity_within_rated``,
``eis_zim_sign``, ``eis_impedance_magnitude``) are not yet.
"""

from __future__ import annotations

from typing import Any

from ._always import first_true, numbers, run_ends
from ._issues import IssueCode, ValidationIssue

__all__ = ["MAX_TIME_GAP", "strict_issues"]

MAX_TIME_GAP = 18_000.0
"""Seconds between two samples beyond which the strict check reports a gap."""


def _points_per_step(step: Any) -> list[ValidationIssue]:
    import pyarrow as pa
    import pyarrow.compute as pc

    ends = run_ends(step)
    starts = pa.concat_arrays([pa.array([-1], pa.int64()), ends[:-1].cast(pa.int64())])
    sizes = pc.subtract(ends.cast(pa.int64()), starts)
    short = pc.less(sizes, 2)
    index = first_true(short)
    if index < 0:
        return []
    return [
        ValidationIssue(
            IssueCode.STEP_TOO_FEW_POINTS,
            f"Step {index} has a single point ({pc.sum(short).as_py()} step(s) "
            "in all have fewer than 2)",
            payload={"step_index": index, "minimum": 2},
        )
    ]


def _cycle_within_step(table: Any, step: Any) -> list[ValidationIssue]:
    import pyarrow.compute as pc

    if "Cycle count" not in table.column_names:
        return []
    cycle = numbers(table, "Cycle count")
    same_step = pc.equal(step[1:], step[:-1]).fill_null(False)
    changed = pc.not_equal(cycle[1:], cycle[:-1]).fill_null(False)
    row = first_true(pc.and_(same_step, changed))
    if row < 0:
        return []
    return [
        ValidationIssue(
            IssueCode.CYCLE_CHANGES_WITHIN_STEP,
            f"'Cycle count' changes within a step at row {row + 1}",
            payload={"row": row + 1},
        )
    ]


def _time_gaps(table: Any) -> list[ValidationIssue]:
    import pyarrow.compute as pc

    if "Time [s]" not in table.column_names or table.num_rows < 2:
        return []
    time = numbers(table, "Time [s]")
    gaps = pc.subtract(time[1:], time[:-1])
    row = first_true(pc.greater(gaps, MAX_TIME_GAP).fill_null(False))
    if row < 0:
        return []
    gap = gaps[row].as_py()
    return [
        ValidationIssue(
            IssueCode.TIME_GAP_TOO_LARGE,
            f"{gap:g} s pass between rows {row} and {row + 1} (more than "
            f"{MAX_TIME_GAP:g} s)",
            payload={"row": row + 1, "gap": gap, "threshold": MAX_TIME_GAP},
        )
    ]


def strict_issues(table: Any, skip: frozenset[str]) -> list[ValidationIssue]:
    """Run the strict checks that are implemented and not skipped."""
    issues: list[ValidationIssue] = []
    if "Step count" in table.column_names and table.num_rows:
        step = numbers(table, "Step count")
        if "minimum_points_per_step" not in skip:
            issues += _points_per_step(step)
        if "cycle_constant_within_step" not in skip:
            issues += _cycle_within_step(table, step)
    if "time_gaps" not in skip:
        issues += _time_gaps(table)
    return issues
