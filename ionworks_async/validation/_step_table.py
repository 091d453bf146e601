"""The strict checks of the steps table (``steps=``): one row a step.

Steps tables are small (a row a step), so these read plain Python lists.
"""

from __future__ import annotations

import math
from typing import Any

from .issues import IssueCode, ValidationIssue

__all__ = ["column_direction_issues", "full_step_issues", "step_capacity_issues"]

FULL_STEP = 2.0
"""Steps moving more than this many rated capacities are full steps."""
MAX_STEP_CAPACITY = 5.0
"""One step moving more than this many rated capacities earns a warning."""
REST = 1e-3
MIN_DURATION = 60.0
DOMINANCE = 4.0
SWAPPED_SHARE = 0.75


def _floats(table: Any, name: str) -> list[float]:
    """Return a column as floats (NaN for missing); all NaN when absent."""
    if name not in table.column_names:
        return [math.nan] * table.num_rows
    values = table.column(name).to_pylist()
    return [math.nan if value is None else float(value) for value in values]


def _step_ids(table: Any) -> list[Any]:
    if "Step count" in table.column_names:
        ids: list[Any] = table.column("Step count").to_pylist()
        return ids
    return list(range(table.num_rows))


def _direction(kind: object) -> str | None:
    """Return the direction of a ``Step type`` (None: rest, EIS, unknown)."""
    if not isinstance(kind, str):
        return None
    lowered = kind.lower()
    if "discharge" in lowered:
        return "discharge"
    return "charge" if "charge" in lowered else None


def full_step_issues(table: Any, rated: float) -> list[ValidationIssue]:
    """No two full steps (more than 2x rated) in a row in the same direction.

    Rests and steps of unknown type do not break the run; a measurement
    holding several concatenated experiments shows as such a pair.
    """
    needed = ("Step type", "Discharge capacity [A.h]", "Charge capacity [A.h]")
    if any(name not in table.column_names for name in needed):
        return []
    kinds = table.column("Step type").to_pylist()
    moved = {
        "discharge": _floats(table, "Discharge capacity [A.h]"),
        "charge": _floats(table, "Charge capacity [A.h]"),
    }
    ids = _step_ids(table)
    threshold = FULL_STEP * rated
    issues = []
    previous: tuple[str, Any] | None = None
    for k, kind in enumerate(kinds):
        direction = _direction(kind)
        if direction is None:
            continue
        value = moved[direction][k]
        if not (abs(value) > threshold):  # NaN is no full step
            continue
        if previous is not None and previous[0] == direction:
            issues.append(
                ValidationIssue(
                    IssueCode.CONSECUTIVE_SAME_DIRECTION_FULL_STEPS,
                    f"Steps {previous[1]!r} and {ids[k]!r} are both full "
                    f"{direction}s (each over {threshold:.3g} A.h, {FULL_STEP:g}x "
                    "the rated capacity): one measurement should hold one "
                    "experiment; split them",
                    payload={
                        "direction": direction,
                        "previous_step": previous[1],
                        "current_step": ids[k],
                        "threshold_capacity": threshold,
                        "rated_capacity": rated,
                    },
                )
            )
        previous = (direction, ids[k])
    return issues


def step_capacity_issues(table: Any, rated: float) -> list[ValidationIssue]:
    """Warn when a step moves more than 5x the rated capacity."""
    threshold = MAX_STEP_CAPACITY * rated
    ids = _step_ids(table)
    over: list[tuple[Any, str, float]] = []
    for name in ("Discharge capacity [A.h]", "Charge capacity [A.h]"):
        if name in table.column_names:
            over += [
                (ids[k], name, abs(value))
                for k, value in enumerate(_floats(table, name))
                if abs(value) > threshold
            ]
    if not over:
        return []
    step, name, value = over[0]
    return [
        ValidationIssue(
            IssueCode.STEP_CAPACITY_EXCEEDS_RATED,
            f"{len(over)} step(s) move more than {MAX_STEP_CAPACITY:.0%} of the "
            f"rated capacity ({threshold:.3g} A.h); first: step {step!r} has "
            f"'{name}' = {value:.3f} A.h. Are the step boundaries right?",
            severity="warning",
            payload={
                "total_count": len(over),
                "first_step": step,
                "first_column": name,
                "first_value": value,
                "threshold_capacity": threshold,
                "rated_capacity": rated,
            },
        )
    ]


def _clear_direction(table: Any) -> list[float]:
    """Each step's mean current where its direction is beyond doubt, else NaN.

    A step counts when its mean current is not a rest's, it lasted a minute
    (when durations are given), and its current kept one sign (min and max on
    one side of zero, or a spread small against the mean).
    """
    mean = _floats(table, "Mean current [A]")
    low, high = _floats(table, "Min current [A]"), _floats(table, "Max current [A]")
    spread = _floats(table, "Std current [A]")
    has_duration = "Duration [s]" in table.column_names
    duration = _floats(table, "Duration [s]")
    clear = []
    for k, value in enumerate(mean):
        one_sign = (
            math.isfinite(low[k])
            and math.isfinite(high[k])
            and (low[k] >= -REST if value > 0 else high[k] <= REST)
        ) or (math.isfinite(spread[k]) and spread[k] <= 0.5 * abs(value))
        long_enough = not has_duration or duration[k] >= MIN_DURATION
        keep = math.isfinite(value) and abs(value) >= REST and one_sign
        clear.append(value if keep and long_enough else math.nan)
    return clear


def column_direction_issues(table: Any) -> list[ValidationIssue]:
    """Check that the charge and discharge columns of a pair are not swapped.

    Steps whose direction is clear vote, weighted by what they moved: a
    discharging step (positive mean current) must fill the discharge column.
    """
    if "Mean current [A]" not in table.column_names or not table.num_rows:
        return []
    mean = _clear_direction(table)
    ids = _step_ids(table)
    pairs = (
        ("capacity", "Discharge capacity [A.h]", "Charge capacity [A.h]",
         IssueCode.CHARGE_DISCHARGE_CAPACITY_COLUMNS_SWAPPED),
        ("energy", "Discharge energy [W.h]", "Charge energy [W.h]",
         IssueCode.CHARGE_DISCHARGE_ENERGY_COLUMNS_SWAPPED),
    )  # fmt: skip
    issues = []
    for quantity, discharge_name, charge_name, code in pairs:
        if discharge_name not in table.column_names:
            continue
        if charge_name not in table.column_names:
            continue
        discharged = [
            abs(v) if math.isfinite(v) else 0.0 for v in _floats(table, discharge_name)
        ]
        charged = [
            abs(v) if math.isfinite(v) else 0.0 for v in _floats(table, charge_name)
        ]
        total = wrong = 0.0
        swapped: list[Any] = []
        for k, current in enumerate(mean):
            moved = max(discharged[k], charged[k])
            other = min(discharged[k], charged[k])
            if math.isnan(current) or moved <= 0 or moved < DOMINANCE * other:
                continue
            total += moved
            if (
                (charged[k] > discharged[k])
                if current > 0
                else (discharged[k] > charged[k])
            ):
                wrong += moved
                swapped.append(ids[k])
        if total <= 0 or wrong / total < SWAPPED_SHARE:
            continue
        issues.append(
            ValidationIssue(
                code,
                f"The charge and discharge {quantity} columns look swapped: "
                f"{wrong / total:.0%} of what the clearly signed steps moved is "
                f"in the column of the other direction (positive current "
                f"discharges, so it belongs in '{discharge_name}'); first "
                f"such step: {swapped[0]!r}",
                payload={
                    "discharge_column": discharge_name,
                    "charge_column": charge_name,
                    "swapped_fraction": wrong / total,
                    "example_steps": swapped[:5],
                    "threshold": SWAPPED_SHARE,
                },
            )
        )
    return issues
