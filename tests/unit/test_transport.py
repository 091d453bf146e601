"""Headers, bodies, error mapping and retries, against aioresponses."""

from __future__ import annotations

import gzip
import json
import logging
import re
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

from ionworks_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncIonworks,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    IonworksError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
    UnprocessableEntityError,
)
from ionworks_async._transport.wire_json import GZIP_THRESHOLD

from ..support import BASE_URL
from ..support.local_api import API_KEY
from ..support.mock_http import mock_http
from ..support.retries import fake_time, set_retrier

INSTANCE = {"id": "i1", "name": "cell", "cell_specification_id": "s1"}
ANY_URL = re.compile(r".*")


def calls(mocked: aioresponses, method: str, url: str) -> list[Any]:
    return mocked.requests[(method, URL(url))]


async def test_api_requests_carry_auth_and_json_headers(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    client.context.transport.settings = type(client.context.transport.settings)(
        api_url=BASE_URL, api_key=API_KEY, token="tok", organization_id="org-9"
    )
    mocked.post(
        f"{BASE_URL}/cell_specifications/s1/cell_instances",
        payload=INSTANCE,
        status=201,
    )
    await client.cell_instance.create("s1", {"name": "cell"})
    (call,) = calls(mocked, "POST", f"{BASE_URL}/cell_specifications/s1/cell_instances")
    headers = call.kwargs["headers"]
    assert headers["X-API-Key"] == API_KEY
    assert headers["Authorization"] == "Bearer tok"
    assert headers["X-Organization-Id"] == "org-9"
    assert headers["Accept"] == "application/json"
    assert headers["Content-Type"] == "application/json"
    assert "Content-Encoding" not in headers
    assert json.loads(call.kwargs["data"]) == {"name": "cell"}


async def test_large_bodies_are_gzipped(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    big = {"name": "cell", "notes": "x" * GZIP_THRESHOLD}
    small = {"name": "cell", "notes": "x" * (GZIP_THRESHOLD - 100)}
    url = f"{BASE_URL}/cell_specifications/s1/cell_instances"
    mocked.post(url, payload=INSTANCE, status=201, repeat=True)
    await client.cell_instance.create("s1", big)
    await client.cell_instance.create("s1", small)
    big_call, small_call = calls(mocked, "POST", url)
    assert big_call.kwargs["headers"]["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(big_call.kwargs["data"])) == big
    assert "Content-Encoding" not in small_call.kwargs["headers"]
    assert len(small_call.kwargs["data"]) < GZIP_THRESHOLD


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "text/plain",
        "application/vnd.api+json",
    ],
)
async def test_json_is_read_whatever_the_content_type(
    client: AsyncIonworks,
    content_type: str,
    mocked: aioresponses,
) -> None:
    mocked.get(
        f"{BASE_URL}/cell_instances/i1",
        body=json.dumps(INSTANCE),
        content_type=content_type,
    )
    assert (await client.cell_instance.get("i1")).name == "cell"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, PayloadTooLargeError),
        (418, APIStatusError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
        (599, ServerError),
    ],
)
async def test_status_maps_to_error_class(
    client: AsyncIonworks,
    status: int,
    error_class: type[IonworksError],
    mocked: aioresponses,
) -> None:
    set_retrier(client, max_retries=0)
    body = {"error_code": "SOME_CODE", "message": "it went wrong", "detail": {"k": 1}}
    mocked.get(
        f"{BASE_URL}/cell_instances/i1",
        payload=body,
        status=status,
        headers={"x-correlation-id": "req-123"},
    )
    with pytest.raises(error_class) as caught:
        await client.cell_instance.get("i1")
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.error_code == "SOME_CODE"
    assert error.message.startswith("it went wrong")
    assert error.data == body and error.detail == {"k": 1}
    assert error.request_id == "req-123"
    assert (error.method, error.path) == ("GET", "/cell_instances/i1")
    assert str(error) == (
        f"error code: {status}, message: {error.message} (GET /cell_instances/i1)"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"detail": "Cell instance not found"}, "Cell instance not found"),
        ({"detail": {"message": "nested"}}, "nested"),
        ("<html>Bad gateway</html>", "HTTP 404"),
        ("plain text problem", "plain text problem"),
        ("", "HTTP 404"),
    ],
)
async def test_legacy_and_non_json_error_bodies(
    client: AsyncIonworks,
    body: Any,
    message: str,
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    if isinstance(body, dict):
        mocked.get(url, payload=body, status=404)
    else:
        mocked.get(url, body=body, status=404)
    with pytest.raises(NotFoundError) as caught:
        await client.cell_instance.get("i1")
    assert caught.value.message == message
    assert caught.value.error_code is None


async def test_rate_limit_error_carries_retry_after(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    set_retrier(client, max_retries=0)
    mocked.get(
        f"{BASE_URL}/cell_instances/i1",
        status=429,
        headers={"Retry-After": "3"},
        payload={"error_code": "RATE_LIMITED", "message": "slow down"},
    )
    with pytest.raises(RateLimitError) as caught:
        await client.cell_instance.get("i1")
    assert caught.value.retry_after == 3.0


async def test_get_is_retried_on_5xx_then_succeeds(
    client: AsyncIonworks,
    no_backoff: list[float],
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    mocked.get(url, status=502)
    mocked.get(url, status=500)
    mocked.get(url, payload=INSTANCE)
    assert (await client.cell_instance.get("i1")).id == "i1"
    assert len(calls(mocked, "GET", url)) == 3
    assert no_backoff == pytest.approx([0.3, 0.6])


async def test_retries_are_bounded(
    client: AsyncIonworks,
    no_backoff: list[float],
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    mocked.get(url, status=503, repeat=True)
    with pytest.raises(ServerError):
        await client.cell_instance.get("i1")
    assert len(calls(mocked, "GET", url)) == 4  # max_retries=3


async def test_max_retries_zero_means_one_attempt(no_backoff: list[float]) -> None:
    async with AsyncIonworks(api_key="k", api_url=BASE_URL, max_retries=0) as client:
        with mock_http() as mocked:
            mocked.get(f"{BASE_URL}/cell_instances/i1", status=503, repeat=True)
            with pytest.raises(ServerError):
                await client.cell_instance.get("i1")
            assert len(calls(mocked, "GET", f"{BASE_URL}/cell_instances/i1")) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_post_is_never_resent_after_a_5xx(
    client: AsyncIonworks,
    status: int,
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_specifications/s1/cell_instances"
    mocked.post(url, status=status, repeat=True)
    with pytest.raises(ServerError):
        await client.cell_instance.create("s1", {"name": "x"})
    assert len(calls(mocked, "POST", url)) == 1


async def test_patch_is_never_resent_after_a_dropped_connection(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    mocked.patch(url, exception=aiohttp.ServerDisconnectedError(), repeat=True)
    with pytest.raises(APIConnectionError):
        await client.cell_instance.update("i1", {"notes": "b"})
    assert len(calls(mocked, "PATCH", url)) == 1


async def test_post_is_retried_on_429_and_on_503_with_retry_after(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    time = fake_time(client)
    url = f"{BASE_URL}/cell_specifications/s1/cell_instances"
    mocked.post(url, status=429, headers={"Retry-After": "2"})
    mocked.post(url, status=503, headers={"Retry-After": "1"})
    mocked.post(url, payload=INSTANCE, status=201)
    assert (await client.cell_instance.create("s1", {"name": "cell"})).id == "i1"
    assert len(calls(mocked, "POST", url)) == 3
    assert time.sleeps == [2.0, 1.0]


async def test_retry_after_above_sixty_seconds_is_not_waited_for(
    client: AsyncIonworks,
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    mocked.get(url, status=429, headers={"Retry-After": "3600"}, repeat=True)
    with pytest.raises(RateLimitError) as caught:
        await client.cell_instance.get("i1")
    assert len(calls(mocked, "GET", url)) == 1
    assert caught.value.retry_after == 3600.0


async def test_connect_failure_is_retried_even_for_post(
    client: AsyncIonworks,
    no_backoff: list[float],
    mocked: aioresponses,
) -> None:
    url = f"{BASE_URL}/cell_specifications/s1/cell_instances"
    refused = aiohttp.ClientConnectorError(
        connection_key=None, os_error=ConnectionRefusedError(111, "refused")
    )  # type: ignore[arg-type]
    mocked.post(url, exception=refused)
    mocked.post(url, payload=INSTANCE, status=201)
    assert (await client.cell_instance.create("s1", {"name": "cell"})).id == "i1"
    assert len(calls(mocked, "POST", url)) == 2


async def test_timeouts_and_disconnects_are_typed_and_retried_for_get(
    client: AsyncIonworks, no_backoff: list[float]
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    with mock_http() as mocked:
        mocked.get(url, exception=TimeoutError(), repeat=True)
        with pytest.raises(APITimeoutError) as caught:
            await client.cell_instance.get("i1")
        assert len(calls(mocked, "GET", url)) == 4
    assert (
        caught.value.status_code is None and caught.value.path == "/cell_instances/i1"
    )
    with mock_http() as mocked:
        mocked.get(url, exception=aiohttp.ClientPayloadError("truncated"))
        mocked.get(url, payload=INSTANCE)
        assert (await client.cell_instance.get("i1")).id == "i1"


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        '{"id": 5, "name": "x", "cell_specification_id": "s"}',
        '{"name": "no id", "cell_specification_id": "s"}',
        '"just a string"',
        '{"id": "", "name": "n", "cell_specification_id": "s"}',
        '{"id": "i", "cell_specification_id": "s"}',
    ],
)
async def test_unreadable_success_bodies_raise_response_validation_error(
    client: AsyncIonworks,
    body: str,
    mocked: aioresponses,
) -> None:
    mocked.get(f"{BASE_URL}/cell_instances/i1", body=body)
    with pytest.raises(ResponseValidationError) as caught:
        await client.cell_instance.get("i1")
    assert caught.value.path == "/cell_instances/i1"


async def test_api_key_never_appears_in_errors_or_logs(
    client: AsyncIonworks,
    caplog: pytest.LogCaptureFixture,
    no_backoff: list[float],
    mocked: aioresponses,
) -> None:
    caplog.set_level(logging.DEBUG, logger="ionworks")
    mocked.get(ANY_URL, status=503, payload={"detail": "down"}, repeat=True)
    with pytest.raises(ServerError) as caught:
        await client.cell_instance.get("i1")
    texts = [str(caught.value), repr(caught.value), caught.value.message, caplog.text]
    assert caplog.records, "retries should have been logged"
    assert all(API_KEY not in text for text in texts)


async def test_closed_client_and_double_close(client: AsyncIonworks) -> None:
    await client.aclose()
    await client.aclose()
    assert client.closed
    with pytest.raises(RuntimeError, match="closed"):
        await client.cell_instance.get("i1")


def test_client_bound_to_its_first_event_loop() -> None:
    import asyncio

    client = AsyncIonworks(api_key="k", api_url=BASE_URL)

    async def use() -> None:
        with mock_http() as mocked:
            mocked.get(f"{BASE_URL}/cell_instances/i1", payload=INSTANCE)
            await client.cell_instance.get("i1")

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(use())
        other = asyncio.new_event_loop()
        try:
            with pytest.raises(RuntimeError, match="event loop"):
                other.run_until_complete(use())
        finally:
            other.close()
        loop.run_until_complete(client.aclose())
    finally:
        loop.close()


async def test_a_429_pauses_every_request_of_the_client(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    """Shared backoff: one rate-limit answer holds back the other requests too."""
    import asyncio

    time = fake_time(client)
    mocked.get(f"{BASE_URL}/cell_instances/a", status=429, headers={"Retry-After": "5"})
    mocked.get(f"{BASE_URL}/cell_instances/a", payload={**INSTANCE, "id": "a"})
    mocked.get(f"{BASE_URL}/cell_instances/b", payload={**INSTANCE, "id": "b"})
    first = asyncio.ensure_future(client.cell_instance.get("a"))
    while not time.sleeps:
        await asyncio.sleep(0)
    time.now -= 4  # "b" starts one second after the 429: four seconds left
    second = await client.cell_instance.get("b")
    assert (await first).id == "a" and second.id == "b"
    assert time.sleeps[:2] == [5.0, 4.0]


async def test_one_deadline_bounds_every_attempt_of_a_call() -> None:
    async with AsyncIonworks(
        api_key="k", api_url=BASE_URL, max_retries=50, retry_deadline=10.0
    ) as client:
        time = fake_time(client)
        url = f"{BASE_URL}/cell_instances/i1"
        with mock_http() as mocked:
            mocked.get(url, status=503, repeat=True)
            with pytest.raises(ServerError):
                await client.cell_instance.get("i1")
            attempts = len(calls(mocked, "GET", url))
    # Backoff 0.3, 0.6, 1.2, 2.4, 4.8 ... (jittered down to half): the budget
    # of 50 retries is cut by the deadline after a handful.
    assert 3 <= attempts <= 7
    assert sum(time.sleeps) < 10.0


async def test_a_retry_after_beyond_the_deadline_is_not_waited_for() -> None:
    async with AsyncIonworks(
        api_key="k", api_url=BASE_URL, retry_deadline=5.0
    ) as client:
        time = fake_time(client)
        url = f"{BASE_URL}/cell_instances/i1"
        with mock_http() as mocked:
            mocked.get(url, status=429, headers={"Retry-After": "30"}, repeat=True)
            with pytest.raises(RateLimitError) as caught:
                await client.cell_instance.get("i1")
            assert len(calls(mocked, "GET", url)) == 1
    assert time.sleeps == [] and caught.value.retry_after == 30.0


async def test_create_or_get_resends_an_ambiguous_create_within_the_one_loop(
    client: AsyncIonworks, no_backoff: list[float]
) -> None:
    """A create that committed but lost its answer resolves to the record."""
    url = f"{BASE_URL}/cell_specifications/s1/cell_instances"
    with mock_http() as mocked:
        mocked.post(url, exception=aiohttp.ServerDisconnectedError())
        mocked.post(url, status=503)
        mocked.post(
            url,
            status=409,
            payload={"error_code": "CONFLICT", "detail": {"existing_id": "i1"}},
        )
        mocked.get(f"{BASE_URL}/cell_instances/i1", payload=INSTANCE)
        record = await client.cell_instance.create_or_get("s1", {"name": "cell"})
        assert record.id == "i1"
        assert len(calls(mocked, "POST", url)) == 3
    assert len(no_backoff) == 2  # the transport's backoff, and only it
    # A plain create is never re-sent after the server may have acted.
    with mock_http() as mocked:
        mocked.post(url, exception=aiohttp.ServerDisconnectedError(), repeat=True)
        with pytest.raises(APIConnectionError):
            await client.cell_instance.create("s1", {"name": "cell"})
        assert len(calls(mocked, "POST", url)) == 1


async def test_bulk_creates_make_one_call_of_retries_per_item(
    no_backoff: list[float],
) -> None:
    """Before, an outer loop re-ran the transport's whole loop: 6 x 6 attempts."""
    refused = aiohttp.ClientConnectorError(
        connection_key=None,  # type: ignore[arg-type]
        os_error=ConnectionRefusedError(111, "refused"),
    )
    async with AsyncIonworks(api_key="k", api_url=BASE_URL, max_retries=5) as client:
        fake_time(client)
        url = f"{BASE_URL}/cell_specifications/s1/cell_instances"
        with mock_http() as mocked:
            mocked.post(url, exception=refused, repeat=True)
            result = await client.cell_instance.create_many("s1", [{"name": "a"}])
            assert len(calls(mocked, "POST", url)) == 6
    assert [type(failure.error) for failure in result.failed] == [APIConnectionError]


@pytest.mark.parametrize("deadline", [0, -1.0])
def test_retry_deadline_must_be_positive(deadline: float) -> None:
    with pytest.raises(ValueError, match="retry_deadline"):
        AsyncIonworks(api_key="k", retry_deadline=deadline)
