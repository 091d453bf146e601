"""Hostile and broken servers: every public method returns or raises IonworksError.

A property-based test (hypothesis) answers the client's requests with random
statuses, bodies and headers from a real loopback server: invalid JSON, HTML
pages, truncated or lying bodies, wrong types, missing ids, deep or huge
payloads, non-UTF-8, bad Retry-After and Content-Length, redirect loops and
redirects to other schemes. Whatever comes back, a call must end within its
timeout with a well-formed result or an IonworksError subclass, and leave no
connection checked out.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ionworks_async import (
    AsyncIonworks,
    BatchResult,
    CellInstance,
    CellInstanceDetail,
    CellMeasurement,
    CellMeasurementDetail,
    CellSpecification,
    IonworksError,
    PaginatedList,
    Table,
)

from ..support.hostile_server import RawAnswer, RawServer, http_answer
from ..support.local_api import TIME_SERIES, parquet_bytes
from ..support.retries import set_retrier

RECORD = {
    "id": "r1",
    "name": "n",
    "cell_specification_id": "s1",
    "cell_instance_id": "i1",
    "measurement_type": "time_series",
    "processing_status": "ready",
}
PARQUET = parquet_bytes(TIME_SERIES)

Call = Callable[[AsyncIonworks], Awaitable[Any]]


async def collect(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


CALLS: list[tuple[str, Call, tuple[type, ...]]] = [
    ("spec.get", lambda c: c.cell_spec.get("s1"), (CellSpecification,)),
    ("spec.list", lambda c: c.cell_spec.list(form_factor="x"), (PaginatedList,)),
    ("spec.iter_all", lambda c: collect(c.cell_spec.iter_all()), (list,)),
    ("spec.create", lambda c: c.cell_spec.create({"name": "n"}), (CellSpecification,)),
    (
        "spec.create_or_get",
        lambda c: c.cell_spec.create_or_get({"name": "n"}),
        (CellSpecification,),
    ),
    (
        "spec.update",
        lambda c: c.cell_spec.update("s1", {"notes": "x"}),
        (CellSpecification,),
    ),
    ("spec.delete", lambda c: c.cell_spec.delete("s1"), (type(None),)),
    ("instance.get", lambda c: c.cell_instance.get("i1"), (CellInstance,)),
    ("instance.list", lambda c: c.cell_instance.list("s1", 10, 0), (PaginatedList,)),
    (
        "instance.create_or_get",
        lambda c: c.cell_instance.create_or_get("s1", {"name": "n"}),
        (CellInstance,),
    ),
    ("instance.detail", lambda c: c.cell_instance.detail("i1"), (CellInstanceDetail,)),
    (
        "instance.create_many",
        lambda c: c.cell_instance.create_many("s1", [{"name": "a"}, {"name": "b"}]),
        (BatchResult,),
    ),
    ("measurement.list", lambda c: c.cell_measurement.list("i1"), (PaginatedList,)),
    (
        "measurement.detail",
        lambda c: c.cell_measurement.detail("m1"),
        (CellMeasurementDetail,),
    ),
    ("measurement.steps", lambda c: c.cell_measurement.steps("m1"), (Table,)),
    ("measurement.cycles", lambda c: c.cell_measurement.cycles("m1"), (Table,)),
    (
        "measurement.time_series",
        lambda c: c.cell_measurement.time_series("m1"),
        (Table,),
    ),
    (
        "measurement.create",
        lambda c: c.cell_measurement.create(
            "i1",
            {"measurement": {"name": "n"}, "time_series": TIME_SERIES},
            processing_timeout=0.5,
        ),
        (CellMeasurement,),
    ),
    (
        "measurement.create_properties",
        lambda c: c.cell_measurement.create_properties("i1", "p", {}),
        (CellMeasurement,),
    ),
]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
good_bodies = st.sampled_from(
    [
        json.dumps(RECORD).encode(),
        json.dumps({"items": [RECORD], "count": 1, "total": 1}).encode(),
        json.dumps([RECORD]).encode(),
        json.dumps(
            {
                "measurement_id": "m1",
                "uploads": [
                    {
                        "filename": "time_series.parquet",
                        "signed_url": "/storage/m1/ts?token=t",
                    }
                ],
            }
        ).encode(),
        json.dumps({"cycles": {"Cycle count": [0, 1]}}).encode(),
        PARQUET,
        b"",
    ]
)
bad_bodies = st.one_of(
    json_values.map(lambda value: json.dumps(value).encode()),
    st.sampled_from(
        [
            b"{not json",
            b"<html><body>502 Bad Gateway</body></html>",
            b"\xff\xfe\xfd garbage",
            json.dumps({**RECORD, "id": 5}).encode(),
            json.dumps({"name": "no id"}).encode(),
            json.dumps({"items": "nope"}).encode(),
            json.dumps({"items": [1, 2]}).encode(),
            b"[" * 5000 + b"]" * 5000,
            json.dumps({**RECORD, "notes": "x" * 2_000_000}).encode(),
            json.dumps({**RECORD, "created_at": "not a date"}).encode(),
            json.dumps(
                {"error_code": 5, "message": ["x"], "detail": {"existing_id": 3}}
            ).encode(),
            json.dumps({"detail": {"existing_cell_instance_id": 7}}).encode(),
            b"PAR1 not really parquet PAR1",
            PARQUET[:-10],
        ]
    ),
    st.binary(max_size=64),
)
statuses = st.one_of(
    st.sampled_from(
        [
            200,
            201,
            204,
            301,
            302,
            303,
            307,
            308,
            400,
            401,
            403,
            404,
            409,
            413,
            422,
            429,
            500,
            502,
            503,
            504,
        ]
    ),
    st.integers(min_value=200, max_value=599),
)
locations = st.sampled_from(
    [
        None,
        "",
        "/same/place",
        "ftp://127.0.0.1/file",
        "javascript:alert(1)",
        "//",
        "http://127.0.0.1:1/refused",
        "http://[::1",
        "\x00",
        "/storage/m1/ts?token=t",
    ]
)
retry_afters = st.sampled_from(
    [
        None,
        "0",
        "1",
        "-3",
        "abc",
        "1e9",
        "nan",
        "inf",
        "",
        "Wed, 21 Oct 2015 07:28:00 GMT",
        "Thu, 01 Jan 2099 00:00:00 GMT",
    ]
)
content_types = st.sampled_from(
    [
        None,
        "application/json",
        "text/html",
        "application/json; charset=latin-1",
        "application/octet-stream",
        "multipart/mixed",
    ]
)
lengths = st.sampled_from(
    ["auto", "auto", "auto", None, "0", "5", "99999", "abc", "-1"]
)


@st.composite
def answers(draw: st.DrawFn) -> RawAnswer:
    status = draw(statuses)
    body = draw(st.one_of(good_bodies, bad_bodies))
    headers: list[tuple[str, str]] = []
    if (content_type := draw(content_types)) is not None:
        headers.append(("Content-Type", content_type))
    if (retry_after := draw(retry_afters)) is not None:
        headers.append(("Retry-After", retry_after))
    if 300 <= status < 400 and (location := draw(locations)) is not None:
        headers.append(("Location", location))
    if draw(st.integers(0, 9)) == 0:
        headers.append(("Content-Encoding", "gzip"))
        if draw(st.booleans()):
            body = gzip.compress(body)
    if draw(st.booleans()):
        headers.append(
            (
                "x-correlation-id",
                draw(
                    st.text(max_size=10).map(
                        lambda text: text.encode("ascii", "ignore").decode() or "id"
                    )
                ),
            )
        )
    return http_answer(
        status,
        headers,
        body,
        content_length=draw(lengths),
        close=draw(st.integers(0, 4)) == 0,
    )


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[asyncio.AbstractEventLoop, RawServer, AsyncIonworks]]:
    loop = asyncio.new_event_loop()
    server = RawServer()
    loop.run_until_complete(server.start())

    async def make() -> AsyncIonworks:
        # A body that stalls is bounded by the download timeout (300 s by
        # default): 2 s here, so that a stall is told from a hang.
        return AsyncIonworks(
            "sk-hostile-secret",
            server.url,
            timeout=2.0,
            download_timeout=2.0,
            max_retries=1,
        )

    client = loop.run_until_complete(make())

    async def no_wait(delay: float) -> None:
        await asyncio.sleep(0)

    set_retrier(client, sleep=no_wait)
    yield loop, server, client
    loop.run_until_complete(client.aclose())
    loop.run_until_complete(server.stop())
    loop.close()


def check_one(
    hostile: tuple[asyncio.AbstractEventLoop, RawServer, AsyncIonworks],
    call_index: int,
    script: list[RawAnswer],
) -> None:
    loop, server, client = hostile
    name, call, expected = CALLS[call_index]
    answers_left = list(script)
    server.answer = lambda method, target, headers: (
        answers_left.pop(0) if len(answers_left) > 1 else answers_left[0]
    )

    async def run() -> Any:
        return await asyncio.wait_for(call(client), timeout=30)

    try:
        result = loop.run_until_complete(run())
    except IonworksError as error:
        assert "sk-hostile-secret" not in str(
            error
        ) and "sk-hostile-secret" not in repr(error)
    except TimeoutError:
        pytest.fail(f"{name} hung")
    except Exception as error:
        pytest.fail(f"{name} raised {type(error).__name__}: {error!r}")
    else:
        assert isinstance(result, expected), f"{name} returned {type(result).__name__}"
    session = client.context.transport._session
    if session is not None and session.connector is not None:
        acquired = session.connector._acquired  # type: ignore[attr-defined]
        assert not acquired, f"{name} left {len(acquired)} connection(s) checked out"


@pytest.mark.slow
@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(CALLS) - 1), st.lists(answers(), min_size=1, max_size=4))
def test_hostile_responses_end_in_a_result_or_a_typed_error(
    hostile: tuple[asyncio.AbstractEventLoop, RawServer, AsyncIonworks],
    call_index: int,
    script: list[RawAnswer],
) -> None:
    check_one(hostile, call_index, script)


@pytest.mark.long
@settings(max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(CALLS) - 1), st.lists(answers(), min_size=1, max_size=6))
def test_hostile_responses_long_run(
    hostile: tuple[asyncio.AbstractEventLoop, RawServer, AsyncIonworks],
    call_index: int,
    script: list[RawAnswer],
) -> None:
    check_one(hostile, call_index, script)
