"""What ionworks-local refuses before anything is stored."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

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
