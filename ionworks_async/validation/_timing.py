"""Warnings about a measurement's ``start_time`` and ``end_time``.

Timing metadata is often approximate, so these never stop an upload: a time
in the future or before 1990, an end before the start (which the server
refuses), a wall clock span that disagrees with the span of ``Time [s]``, and
a span of more than ten years (a test that long is a unit or clock mistake:
milliseconds read as seconds, an epoch read as a duration).
"""

from __future__ import annotations

import datetime as dt

from .issues import IssueCode, ValidationIssue

__all__ = ["timing_issues"]

SPAN_SHARE = 0.05
SPAN_FLOOR = 60.0
TEN_YEARS = 10 * 365.25 * 86400.0
"""The longest span of a test that is plausible, in seconds."""
EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
"""Before this, a time is a mistake (an epoch, a default date), not a test."""


def _moment(value: object) -> dt.datetime | None:
    """Return an aware datetime (a naive one is local time, as uploads send it)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo is not None else value.astimezone()


def timing_issues(
    start_time: object,
    end_time: object,
    span: float | None,
    now: dt.datetime | None = None,
) -> list[ValidationIssue]:
    """Check the timing metadata; every issue is a warning.

    Parameters
    ----------
    start_time, end_time : datetime, ISO 8601 str or None
        The measurement's wall-clock times.
    span : float or None
        The span of ``Time [s]`` in the data (max - min), when known.
    now : datetime, optional
        The present, for tests (default: now, in UTC).
    """
    start, end = _moment(start_time), _moment(end_time)
    present = now or dt.datetime.now(dt.UTC)
    issues = []
    for name, value, code in (
        ("start_time", start, IssueCode.START_TIME_IN_FUTURE),
        ("end_time", end, IssueCode.END_TIME_IN_FUTURE),
    ):
        if value is None:
            continue
        if value > present:
            issues.append(
                ValidationIssue(
                    code,
                    f"{name} ({value.isoformat()}) is in the future",
                    severity="warning",
                    payload={name: value.isoformat()},
                )
            )
        elif value < EARLIEST:
            issues.append(
                ValidationIssue(
                    IssueCode.TIME_BEFORE_1990,
                    f"{name} ({value.isoformat()}) is before 1990: is it a "
                    "default date, or an epoch offset read as a date?",
                    severity="warning",
                    payload={name: value.isoformat()},
                )
            )
    if span is not None and span > TEN_YEARS:
        issues.append(
            ValidationIssue(
                IssueCode.TIME_SPAN_IMPLAUSIBLE,
                f"'Time [s]' spans {span / (365.25 * 86400):.0f} years: is it in "
                "milliseconds, or absolute times (seconds since 1970) rather than "
                "seconds since the start?",
                severity="warning",
                payload={"data_span_seconds": span},
            )
        )
    if start is None or end is None:
        return issues
    if end < start:
        issues.append(
            ValidationIssue(
                IssueCode.END_TIME_BEFORE_START_TIME,
                f"end_time ({end.isoformat()}) is before start_time "
                f"({start.isoformat()}); the server refuses this",
                severity="warning",
                payload={"start_time": start.isoformat(), "end_time": end.isoformat()},
            )
        )
    elif span is not None and span > 0:
        wall = (end - start).total_seconds()
        tolerance = max(SPAN_FLOOR, SPAN_SHARE * span)
        if abs(wall - span) > tolerance:
            issues.append(
                ValidationIssue(
                    IssueCode.DURATION_MISMATCH,
                    f"end_time - start_time is {wall:.0f} s but 'Time [s]' spans "
                    f"{span:.0f} s (more than {tolerance:.0f} s apart): are the "
                    "times right, or was the test paused?",
                    severity="warning",
                    payload={
                        "wall_clock_seconds": wall,
                        "data_span_seconds": span,
                        "tolerance_seconds": tolerance,
                    },
                )
            )
    return issues
