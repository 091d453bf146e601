"""The checks of the ``ocp`` and ``eis`` data types (``data_type``).

OCP curves need a voltage and an x axis; EIS spectra need frequency and
impedance, and (strict) the raw imaginary part negative over the capacitive
arc and an ohmic resistance of a plausible order for the cell's capacity.
Spectra are small: these read plain Python lists.
"""

from __future__ import annotations

import math
from typing import Any

from .issues import IssueCode, ValidationIssue

__all__ = ["EIS_COLUMNS", "eis_column_issues", "eis_strict_issues", "ocp_issues"]

OCP_X_AXES = ("Capacity [A.h]", "Stoichiometry", "SOC")
EIS_COLUMNS = ("Frequency [Hz]", "Z_Re [Ohm]", "Z_Im [Ohm]")
RESISTANCE_CAPACITY = 0.05
"""An order of magnitude for R0 x capacity of a Li-ion cell, in Ohm A.h."""
R0_BAND = 100.0
"""R0 may differ from that estimate by this factor either way."""
ZIM_REVERSED_SHARE = 0.75


def ocp_issues(names: list[str]) -> list[ValidationIssue]:
    """Check that an OCP curve has ``Voltage [V]`` and an x-axis column."""
    issues = []
    if "Voltage [V]" not in names:
        issues.append(
            ValidationIssue(
                IssueCode.OCP_VOLTAGE_COLUMN_MISSING,
                f"OCP data needs a 'Voltage [V]' column; it has {names}",
                payload={"available_columns": names},
            )
        )
    if not any(name in names for name in OCP_X_AXES):
        issues.append(
            ValidationIssue(
                IssueCode.OCP_X_AXIS_COLUMN_MISSING,
                f"OCP data needs one x-axis column of {', '.join(OCP_X_AXES)}; "
                f"it has {names}",
                payload={"candidates": list(OCP_X_AXES), "available_columns": names},
            )
        )
    return issues


def eis_column_issues(names: list[str]) -> list[ValidationIssue]:
    """Check that a spectrum has frequency and impedance columns."""
    missing = [name for name in EIS_COLUMNS if name not in names]
    if not missing:
        return []
    return [
        ValidationIssue(
            IssueCode.EIS_COLUMNS_MISSING,
            f"EIS data needs the columns {list(EIS_COLUMNS)}; missing {missing}",
            payload={
                "required": list(EIS_COLUMNS),
                "missing": missing,
                "available_columns": names,
            },
        )
    ]


def _points(table: Any) -> list[tuple[float, float, float]]:
    """(frequency, Z_Re, Z_Im) of the rows where all three are finite."""
    columns = [table.column(name).to_pylist() for name in EIS_COLUMNS]
    points = []
    for row in zip(*columns, strict=True):
        if all(isinstance(v, (int, float)) and math.isfinite(v) for v in row):
            points.append((float(row[0]), float(row[1]), float(row[2])))
    return points


def _zim_issues(points: list[tuple[float, float, float]]) -> list[ValidationIssue]:
    if len(points) < 3:
        return []
    points.sort()
    # R0 = min(Z_Re) is where the arc meets the real axis; at higher
    # frequencies lies the inductive tail, whose Z_Im is rightly positive.
    r0_at = min(range(len(points)), key=lambda k: points[k][1])
    capacitive = [point[2] for point in points[: r0_at + 1]]
    weight = sum(abs(value) for value in capacitive)
    if weight <= 0:
        return []
    share = sum(value for value in capacitive if value > 0) / weight
    if share < ZIM_REVERSED_SHARE:
        return []
    return [
        ValidationIssue(
            IssueCode.EIS_ZIM_SIGN_REVERSED,
            f"'Z_Im [Ohm]' looks negated: {share:.0%} of the capacitive arc "
            "(weighted by |Z_Im|) is positive, but Z_Im is the raw imaginary "
            "part, negative over the arc. Store -Z_Im",
            payload={
                "positive_fraction": share,
                "r0": points[r0_at][1],
                "n_capacitive_points": len(capacitive),
            },
        )
    ]


def _magnitude_issues(
    points: list[tuple[float, float, float]], rated: float
) -> list[ValidationIssue]:
    if not points:
        return []
    r0 = min(point[1] for point in points)
    if r0 <= 0:
        return []
    expected = RESISTANCE_CAPACITY / rated
    low, high = expected / R0_BAND, expected * R0_BAND
    if low <= r0 <= high:
        return []
    return [
        ValidationIssue(
            IssueCode.EIS_IMPEDANCE_MAGNITUDE_IMPLAUSIBLE,
            f"The ohmic resistance R0 = min(Z_Re) = {r0:.3g} Ohm is outside "
            f"[{low:.3g}, {high:.3g}] Ohm, {R0_BAND:g}x either side of what a "
            f"{rated:g} A.h cell has: is the impedance in the wrong unit?",
            payload={
                "r0": r0,
                "r_expected": expected,
                "band_low": low,
                "band_high": high,
                "rated_capacity": rated,
            },
        )
    ]


def eis_strict_issues(
    table: Any, skip: frozenset[str], rated: float | None
) -> list[ValidationIssue]:
    """Run the strict EIS checks: the sign of Z_Im and the magnitude of R0."""
    points = _points(table)
    issues = []
    if "eis_zim_sign" not in skip:
        issues += _zim_issues(points)
    if rated is not None and "eis_impedance_magnitude" not in skip:
        issues += _magnitude_issues(points, rated)
    return issues
