"""What ionworks-local refuses before anything is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiohttp
import pytest

from ionworks_async.models._base import moment

from ..support import LOCAL_KEY


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "a", "properties": {"capacity": NaN}}',
        '{"name": "b", "properties": {"capacity": Infinity}}',
        '{"name": "c", "properties": {"capacity": -Infinity}}',
        '{"name": "d", "properties": {"capacity": 1e400}}',
        # Integers beyond a double's range; 5,000 digits once crashed the
        # server's JSON parser (Python's limit on integer text) with a 500.
        '{"name": "e", "properties": {"capacity": 1' + "0" * 309 + "}}",
        '{"name": "f", "properties": {"n": [{"m": -' + "9" * 5000 + "}]}}",
    ],
)
async def test_non_finite_numbers_are_refused(local_server: Any, body: str) -> None:
    headers = {"X-API-Key": LOCAL_KEY, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{local_server.url}/cell_specifications", data=body, headers=headers
        ) as answer:
            assert answer.status == 422
            assert "detail" in await answer.json()
        # Nothing was stored, so every list still answers.
        async with session.get(
            f"{local_server.url}/cell_specifications", headers=headers
        ) as answer:
            assert answer.status == 200
            assert (await answer.json())["items"] == []


async def test_large_integers_within_a_doubles_range_are_kept(
    local_server: Any,
) -> None:
    headers = {"X-API-Key": LOCAL_KEY, "Content-Type": "application/json"}
    largest = int(1.7976931348623157e308)
    body = f'{{"name": "g", "properties": {{"a": {largest}, "b": -{2**64}}}}}'
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{local_server.url}/cell_specifications", data=body, headers=headers
        ) as answer,
    ):
        assert answer.status == 201
        assert (await answer.json())["properties"] == {"a": largest, "b": -(2**64)}


async def test_text_with_a_lone_surrogate_is_422_not_500(local_server: Any) -> None:
    headers = {"X-API-Key": LOCAL_KEY, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{local_server.url}/cell_specifications",
            data=b'{"name": "Zelle-\\udcfc"}',
            headers=headers,
        ) as answer:
            assert answer.status == 422
            assert "not valid UTF-8" in (await answer.json())["message"]
        async with session.post(  # a proper pair of surrogates is text
            f"{local_server.url}/cell_specifications",
            data=b'{"name": "cell \\ud83d\\udd0b"}',
            headers=headers,
        ) as answer:
            assert answer.status == 201
            assert (await answer.json())["name"] == "cell \U0001f50b"


async def test_a_time_that_utc_would_push_out_of_the_calendar_is_kept(
    local_server: Any,
) -> None:
    # Valid RFC 3339 (the schema's date-time), found by schemathesis: in UTC
    # it is 0000-12-31T23:59, before year 1, where Python's datetime ends.
    from ionworks_async import AsyncIonworks

    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        made = await client.cell_measurement.create_properties(
            cell.id, "edge", {"a": 1}
        )
        updated = await client.cell_measurement.update(
            made.id,
            {"start_time": "0001-01-01T00:01:00+00:02", "end_time": "2000-01-01"},
        )
    start = moment(updated.start_time)
    assert start is not None and start.year == 1
    assert start.utcoffset() == dt.timedelta(minutes=2)
