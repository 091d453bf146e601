"""Validation on the caller's machine: the checks implemented so far."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from ionworks_async import AsyncIonworks
from ionworks_async.validation import (
    STRICT_CHECK_NAMES,
    IssueCode,
    MeasurementValidationError,
    ValidationIssue,
    check_skip_names,
    validate_time_series,
)

from .cycler import cycler_run
from .fake_api import FakeApi

CLEAN = {
    "Time [s]": [0.0, 1.0, 1.0, 2.0, 3.0],
    "Voltage [V]": [4.1, 4.0, 4.0, 3.9, 3.9],
    "Current [A]": [1.0, 1.0, 0.0, 0.0, 0.0],
    "Step count": [0, 0, 1, 1, 2],
    "Discharge capacity [A.h]": [0.0, 0.0003, 0.0, 0.0, 0.0],
    "Charge energy [W.h]": [0.0, 0.0, 0.0, 0.0, 0.0],
}


def codes(frame: Any) -> list[IssueCode]:
    return [issue.code for issue in validate_time_series(frame)]


def test_a_clean_series_has_no_issue_in_any_form() -> None:
    assert codes(CLEAN) == []
    assert codes(pd.DataFrame(CLEAN)) == []
    assert codes({**CLEAN, "Step count": [0.0, 0.0, 1.0, 1.0, 2.0]}) == []


@pytest.mark.parametrize(
    ("change", "code", "row"),
    [
        (
            {"Time [s]": [5.0, 6.0, 6.0, 7.0, 8.0]},
            IssueCode.TIME_DOES_NOT_START_AT_ZERO,
            None,
        ),
        ({"Time [s]": [0.0, 1.0, 0.5, 2.0, 3.0]}, IssueCode.TIME_NOT_MONOTONIC, 2),
        (
            {"Time [s]": [0.0, 1.0, None, 2.0, 3.0]},
            IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
            2,
        ),
        (
            {"Time [s]": [0.0, float("nan"), 1, 2, 3]},
            IssueCode.TIME_MISSING_ON_NON_EIS_ROW,
            1,
        ),
        (
            {"Step count": [1, 1, 2, 2, 3]},
            IssueCode.STEP_COUNT_DOES_NOT_START_AT_ZERO,
            None,
        ),
        ({"Step count": [0, 0, 2, 2, 3]}, IssueCode.STEP_COUNT_NON_SEQUENTIAL, 2),
        (
            {"Step count": [0, 1, 0, 1, 2], "Discharge capacity [A.h]": [0.0] * 5},
            IssueCode.STEP_COUNT_NON_SEQUENTIAL,
            2,
        ),
        (
            {"Discharge capacity [A.h]": [0.0, 0.0003, 0.0003, 0.0003, 0.0]},
            IssueCode.CUMULATIVE_VALUE_NOT_RESET,
            None,
        ),
        (
            {"Discharge capacity [A.h]": [0.0, 0.0003, 0.0, 0.0001, 0.0]},
            None,
            None,
        ),
        (
            {"Discharge capacity [A.h]": [0.0, 0.0003, 0.0, -0.0001, 0.0]},
            IssueCode.CUMULATIVE_VALUE_DECREASED,
            3,
        ),
    ],
)
def test_each_broken_copy_raises_exactly_its_code(
    change: dict[str, Any], code: IssueCode | None, row: int | None
) -> None:
    issues = validate_time_series({**CLEAN, **change})
    if code is None:  # a change that keeps the series valid
        assert issues == []
        return
    (issue,) = issues
    assert issue.code == code and issue.severity == "error"
    assert issue.payload.get("row") == row


def test_a_missing_step_count_column() -> None:
    broken = {key: value for key, value in CLEAN.items() if key != "Step count"}
    assert codes(broken) == [IssueCode.STEP_COUNT_MISSING]


def test_columns_that_are_not_numbers_are_a_value_error() -> None:
    with pytest.raises(ValueError, match="numeric"):
        validate_time_series({**CLEAN, "Time [s]": ["a", "b", "c", "d", "e"]})


def test_the_error_lists_its_issues_and_answers_has_code() -> None:
    issues = [
        ValidationIssue(IssueCode.TIME_NOT_MONOTONIC, "time falls at row 3"),
        ValidationIssue(IssueCode.STEP_COUNT_MISSING, "no step count"),
    ]
    error = MeasurementValidationError.of(issues)
    assert error.errors == issues and str(error).startswith("2 validation error(s)")
    assert error.has_code("time_not_monotonic")
    assert error.has_code(IssueCode.STEP_COUNT_MISSING)
    assert not error.has_code(IssueCode.CURRENT_SIGN_REVERSED)
    assert len(IssueCode) == 33  # the public client's set


def test_skip_check_names_are_the_ten_strict_checks() -> None:
    assert len(STRICT_CHECK_NAMES) == 10
    assert check_skip_names(["time_gaps"]) == {"time_gaps"}
    with pytest.raises(ValueError, match="'time_gap'"):
        check_skip_names(["time_gap"])


async def test_an_unknown_skip_checks_name_fails_before_any_request(
    fake_api: tuple[FakeApi, str], fake_client: AsyncIonworks
) -> None:
    fake, _ = fake_api
    detail = {"measurement": {"name": "m"}, "time_series": CLEAN}
    with pytest.raises(ValueError, match="'time_gap'"):
        await fake_client.cell_measurement.create(
            "inst", detail, validate_strict=True, skip_checks=["time_gap"]
        )
    assert fake.api_requests() == 0


def test_a_synthetic_cycler_run_is_clean_and_its_sign_is_checked() -> None:
    run = cycler_run()
    assert validate_time_series(run) == []
    flipped = {**run, "Current [A]": [-value for value in run["Current [A]"]]}
    assert codes(flipped) == [IssueCode.CURRENT_SIGN_REVERSED]
    unsigned = {**run, "Current [A]": [abs(value) for value in run["Current [A]"]]}
    assert codes(unsigned) == [IssueCode.CURRENT_SIGN_UNSIGNED]
    negative = {**run, "Current [A]": [-abs(value) for value in run["Current [A]"]]}
    assert codes(negative) == [IssueCode.CURRENT_SIGN_INDETERMINATE]


def test_strict_checks_run_only_when_asked_and_can_be_skipped() -> None:
    run = cycler_run(cycles=2, points=10)
    assert validate_time_series(run, strict=True) == []
    gap = {
        **run,
        "Time [s]": [
            t + (20_000.0 if i >= 5 else 0.0) for i, t in enumerate(run["Time [s]"])
        ],
    }
    assert codes(gap) == []
    (issue,) = validate_time_series(gap, strict=True)
    assert issue.code == IssueCode.TIME_GAP_TOO_LARGE and issue.payload["row"] == 5
    assert validate_time_series(gap, strict=True, skip_checks=["time_gaps"]) == []
    cycle = {**run, "Cycle count": [0] * 5 + [1] * (len(run["Cycle count"]) - 5)}
    strict_codes = [i.code for i in validate_time_series(cycle, strict=True)]
    assert strict_codes == [IssueCode.CYCLE_CHANGES_WITHIN_STEP]
    lone = {name: values[:11] for name, values in run.items()}  # step 1: one row
    (issue,) = validate_time_series(lone, strict=True)
    assert (
        issue.code == IssueCode.STEP_TOO_FEW_POINTS and issue.payload["step_index"] == 1
    )
    assert (
        validate_time_series(lone, strict=True, skip_checks=["minimum_points_per_step"])
        == []
    )
    with pytest.raises(TypeError, match="list of check names"):
        validate_time_series(run, strict=True, skip_checks="time_gaps")


def test_gaps_in_current_or_voltage_do_not_spoil_the_sign_vote() -> None:
    run = cycler_run()
    holes = {
        **run,
        "Current [A]": [
            None if i == 3 else v for i, v in enumerate(run["Current [A]"])
        ],
        "Voltage [V]": [
            float("nan") if i == 60 else v for i, v in enumerate(run["Voltage [V]"])
        ],
    }
    assert codes(holes) == []
    flipped = {
        **holes,
        "Current [A]": [None if v is None else -v for v in holes["Current [A]"]],
    }
    assert codes(flipped) == [IssueCode.CURRENT_SIGN_REVERSED]
