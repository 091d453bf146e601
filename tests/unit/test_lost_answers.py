"""Honest answers after a lost reply, and what goes on the wire for datetimes."""

from __future__ import annotations

import datetime as dt
import json

import aiohttp
import numpy as np
import pandas as pd
import pytest
from aioresponses import aioresponses

from ionworks_async import AsyncIonworks, NotFoundError
from ionworks_async._transport.wire_json import encode_json

from ..support import BASE_URL


async def test_a_retried_delete_that_finds_nothing_succeeded(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    url = f"{BASE_URL}/cell_instances/i1"
    # The first attempt deleted it, but its answer was lost.
    mocked.delete(url, exception=aiohttp.ServerDisconnectedError())
    mocked.delete(url, status=404, payload={"detail": "Cell instance not found"})
    assert await client.cell_instance.delete("i1") is None


async def test_a_first_delete_of_a_missing_record_is_still_not_found(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    url = f"{BASE_URL}/cell_instances/gone"
    mocked.delete(url, status=404, payload={"detail": "Cell instance not found"})
    with pytest.raises(NotFoundError):
        await client.cell_instance.delete("gone")


def test_numpy_and_pandas_datetimes_go_out_as_iso_8601_in_utc() -> None:
    moment = "2024-03-04T05:06:07.123456+00:00"
    values = {
        "ns": np.datetime64("2024-03-04T05:06:07.123456789", "ns"),
        "s": np.datetime64("2024-03-04T05:06:07", "s"),
        "array": np.array(
            ["2024-03-04T05:06:07.123456", "NaT"], dtype="datetime64[us]"
        ),
        "pandas": pd.Timestamp("2024-03-04 05:06:07.123456"),
        "pandas_aware": pd.Timestamp("2024-03-04 06:06:07.123456", tz="Europe/Paris"),
        "missing": pd.NaT,
        "python": dt.datetime(2024, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
    }
    sent = json.loads(encode_json(values))
    assert sent["ns"] == moment
    assert sent["s"] == "2024-03-04T05:06:07+00:00"
    assert sent["array"] == [moment, None]
    assert sent["pandas"] == moment
    assert sent["pandas_aware"] == "2024-03-04T06:06:07.123456+01:00"
    assert sent["missing"] is None
    assert sent["python"] == "2024-03-04T05:06:07+00:00"


async def test_text_that_is_not_utf8_is_named_before_any_request(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    name = "Zelle-\udcfc"  # what a Latin-1 file name decoded as UTF-8 gives
    with pytest.raises(ValueError, match="lone surrogate") as caught:
        await client.cell_spec.create({"name": name, "notes": "ok"})
    assert "['name']" in str(caught.value)
    with pytest.raises(ValueError, match="cell_instance_id is not valid UTF-8"):
        await client.cell_instance.get(name)
    assert mocked.requests == {}
