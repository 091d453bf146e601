"""The retry policy as pure functions: no I/O."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ionworks_async._transport.retry_policy import (
    BACKOFF_CAP,
    FailureKind,
    backoff_delay,
    parse_retry_after,
    retry_delay,
    should_retry,
)


@pytest.mark.parametrize("method", ["GET", "DELETE", "PUT", "HEAD"])
@pytest.mark.parametrize(
    "outcome",
    [
        500,
        502,
        503,
        504,
        FailureKind.CONNECT,
        FailureKind.DISCONNECT,
        FailureKind.TIMEOUT,
        429,
    ],
)
def test_idempotent_methods_retry_on_transient_failures(
    method: str, outcome: object
) -> None:
    assert should_retry(method, outcome, retries_done=0, max_retries=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize(
    "outcome", [500, 502, 503, 504, FailureKind.DISCONNECT, FailureKind.TIMEOUT]
)
def test_post_and_patch_are_never_resent_when_the_server_may_have_acted(
    method: str, outcome: object
) -> None:
    assert not should_retry(method, outcome, retries_done=0, max_retries=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_post_is_retried_when_the_server_certainly_did_nothing(method: str) -> None:
    assert should_retry(method, 429, retries_done=0, max_retries=5)
    assert should_retry(
        method, 503, retries_done=0, max_retries=5, has_retry_after=True
    )
    assert should_retry(method, FailureKind.CONNECT, retries_done=0, max_retries=5)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422, 501, 505])
def test_client_errors_and_other_statuses_are_not_retried(status: int) -> None:
    assert not should_retry("GET", status, retries_done=0, max_retries=5)


def test_attempts_are_bounded_by_max_retries() -> None:
    assert should_retry("GET", 503, retries_done=4, max_retries=5)
    assert not should_retry("GET", 503, retries_done=5, max_retries=5)
    assert not should_retry("GET", FailureKind.CONNECT, retries_done=0, max_retries=0)
    assert not should_retry("POST", 429, retries_done=0, max_retries=0)


def test_backoff_doubles_from_base_and_is_capped() -> None:
    top = [backoff_delay(n, rand=lambda: 1.0) for n in range(8)]
    assert top[:5] == pytest.approx([0.3, 0.6, 1.2, 2.4, 4.8])
    assert top[5:] == [BACKOFF_CAP] * 3
    assert backoff_delay(2, rand=lambda: 0.0) == pytest.approx(0.6)


@given(
    st.integers(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=0.999)
)
def test_backoff_is_always_within_half_and_full_ceiling(retries: int, r: float) -> None:
    delay = backoff_delay(retries, rand=lambda: r)
    ceiling = min(BACKOFF_CAP, 0.3 * 2.0 ** min(retries, 32))
    assert ceiling / 2 <= delay <= ceiling


def test_retry_after_seconds_and_http_date() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("2", now=now) == 2.0
    assert parse_retry_after(" 1.5 ", now=now) == 1.5
    later = dt.datetime.fromtimestamp(now + 30, tz=dt.UTC)
    assert parse_retry_after(
        format_datetime(later, usegmt=True), now=now
    ) == pytest.approx(30)
    earlier = dt.datetime.fromtimestamp(now - 30, tz=dt.UTC)
    assert parse_retry_after(format_datetime(earlier, usegmt=True), now=now) == 0.0
    assert parse_retry_after("-5", now=now) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "nan", "Mon, 99 Foo 2024"])
def test_unreadable_retry_after_is_ignored(value: str | None) -> None:
    assert parse_retry_after(value, now=0.0) is None


def test_retry_delay_honours_retry_after_up_to_sixty_seconds() -> None:
    assert retry_delay(0, 7.0) == 7.0
    assert retry_delay(3, 60.0) == 60.0
    assert retry_delay(0, 61.0) is None
    assert retry_delay(1, None, rand=lambda: 1.0) == pytest.approx(0.6)
