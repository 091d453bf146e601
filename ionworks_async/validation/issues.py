"""The vocabulary of validation: issue codes, issues, the error, check names."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from .._runtime.user_warnings import warn_user
from ..display import html_table, short
from ..errors import IonworksError

__all__ = [
    "ALWAYS_ON_CHECK_NAMES",
    "STRICT_CHECK_NAMES",
    "IssueCode",
    "MeasurementValidationError",
    "MeasurementValidationWarning",
    "ValidationIssue",
    "ValidationIssues",
    "check_skip_names",
    "errors_in",
]


class IssueCode(enum.StrEnum):
    """The stable codes of validation issues.

    The public client's 33 values, and two of ours: ``time_before_1990`` and
    ``time_span_implausible`` (warnings).
    """

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
    TIME_SPAN_IMPLAUSIBLE = "time_span_implausible"
    TIME_BEFORE_1990 = "time_before_1990"
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

ALWAYS_ON_CHECK_NAMES = frozenset(
    {
        "current_sign_reversed",
        "current_sign_indeterminate",
        "current_sign_unsigned",
        "time_missing_on_non_eis_row",
        "time_does_not_start_at_zero",
        "time_not_monotonic",
        "step_count_does_not_start_at_zero",
        "step_count_non_sequential",
        "cumulative_value_not_reset",
        "cumulative_value_decreased",
    }
)
"""The always-on checks ``skip_checks`` may also name, by their issue codes.

Skipping one is warned about (``MeasurementValidationWarning``): the server
runs its own checks, and data that fails them is refused or misread there.
``current_sign_reversed`` also turns off a cycler file reader's own refusal
of a current that charges when positive."""


@attrs.frozen(repr=False)
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

    def __repr__(self) -> str:
        return (
            f"ValidationIssue({str(self.code)!r}, {self.severity}: "
            f"{short(self.message, 120)!r})"
        )

    def _repr_html_(self) -> str:
        rows = [(str(self.code), self.severity, self.message)]
        return html_table(("code", "severity", "message"), rows, limit=300)


class ValidationIssues(list[ValidationIssue]):
    """The issues a check found: a ``list``, shown in a notebook as one table."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        rows = [(str(i.code), i.severity, i.message) for i in self]
        caption = f"{len(self)} validation issue(s)" if self else "no issues"
        return html_table(
            ("code", "severity", "message"), rows, caption=caption, limit=300
        )


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
    def of(
        cls, errors: list[ValidationIssue], source: object = None
    ) -> MeasurementValidationError:
        """Build the error of a list of issues, with its message.

        ``source`` (a file) is named at the message's start when given.
        """
        lines = "\n".join(f"- [{issue.code}] {issue.message}" for issue in errors)
        where = "" if source is None else f"{source}: "
        return cls(f"{where}{len(errors)} validation error(s):\n{lines}", errors)

    def __str__(self) -> str:
        return self.message

    def has_code(self, code: IssueCode | str) -> bool:
        """Whether any error has ``code``."""
        return any(issue.code == code for issue in self.errors)


class MeasurementValidationWarning(UserWarning):
    """A warning-severity validation issue (the upload goes on)."""


def errors_in(issues: Iterable[ValidationIssue]) -> list[ValidationIssue]:
    """Return the error-severity issues (those that stop an upload)."""
    return [issue for issue in issues if issue.severity == "error"]


def check_skip_names(names: Iterable[str]) -> frozenset[str]:
    """Check ``skip_checks`` names.

    Raises
    ------
    ValueError
        For a name that is not one of :data:`STRICT_CHECK_NAMES` or
        :data:`ALWAYS_ON_CHECK_NAMES`.
    """
    given = frozenset(names)
    unknown = sorted(given - STRICT_CHECK_NAMES - ALWAYS_ON_CHECK_NAMES)
    if unknown:
        raise ValueError(
            f"Unknown skip_checks name(s) {', '.join(map(repr, unknown))}; the "
            f"strict checks are {', '.join(sorted(STRICT_CHECK_NAMES))}, and "
            f"the always-on ones {', '.join(sorted(ALWAYS_ON_CHECK_NAMES))}"
        )
    for name in sorted(given & ALWAYS_ON_CHECK_NAMES):
        warn_user(
            f"skipping the always-on check {name!r}: the server checks the data "
            "too, and may refuse or misread it",
            MeasurementValidationWarning,
        )
    return given
