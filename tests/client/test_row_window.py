"""A window of a time series' rows: byte ranges from storage, or the cache's copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import make_mocked_request

from ionworks_async import AsyncIonworks
from ionworks_async.local.demo import constant_current_protocol
from ionworks_async.local.routes.byte_ranges import ranged_response

from ..support import LOCAL_KEY


async def _measurement(client: AsyncIonworks) -> str:
    spec = await client.cell_spec.create({"name": "s"})
    cell = await client.cell_instance.create(spec.id, {"name": "c"})
    series = constant_current_protocol(cycles=40, sample_seconds=1.0)
    made = await client.cell_measurement.create(
        cell.id, {"measurement": {"name": "m"}, "time_series": series}
    )
    return made.measurement.id


async def test_a_window_reads_the_footer_and_its_row_group_only(
    local_server: Any, tmp_path: Path
) -> None:
    stats = local_server.state.stats
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, cache_dir=tmp_path, dataframe_backend="polars"
    ) as client:
        measurement = await _measurement(client)
        before = stats.as_json()["storage_requests"]
        window = await client.cell_measurement.time_series(
            measurement, False, (100_000, 100_020)
        )
        assert stats.as_json()["storage_requests"] - before == 2  # tail, one group
        whole = await client.cell_measurement.time_series(measurement)  # kept
        before = stats.as_json()["storage_requests"]
        cached = await client.cell_measurement.time_series(
            measurement, row_range=(100_000, 100_020)
        )
        assert stats.as_json()["storage_requests"] == before  # sliced from the cache
        empty = await client.cell_measurement.time_series(
            measurement, False, (10**9, 10**9 + 1)
        )
        with pytest.raises(ValueError, match="start <= stop"):
            await client.cell_measurement.time_series(measurement, False, (5, 2))
        with pytest.raises(TypeError, match="two integers"):
            await client.cell_measurement.time_series(measurement, False, (0.5, 2))  # type: ignore[arg-type]
    assert whole.height > 300_000
    assert window.equals(whole.slice(100_000, 20)) and cached.equals(window)
    assert empty.height == 0 and empty.columns == whole.columns


@pytest.mark.parametrize(
    ("header", "status", "body", "content_range"),
    [
        ("bytes=2-4", 206, b"234", "bytes 2-4/10"),
        ("bytes=7-", 206, b"789", "bytes 7-9/10"),
        ("bytes=-3", 206, b"789", "bytes 7-9/10"),
        ("bytes=8-100", 206, b"89", "bytes 8-9/10"),
        ("bytes=-100", 206, b"0123456789", "bytes 0-9/10"),
        ("bytes=10-", 416, b"", "bytes */10"),
        ("bytes=5-2", 200, b"0123456789", None),  # invalid: ignored
        ("items=0-1", 200, b"0123456789", None),  # another unit: ignored
        ("bytes=0-1,4-5", 200, b"0123456789", None),  # several: the whole
    ],
)
def test_storage_answers_one_byte_range_as_object_storage_does(
    header: str, status: int, body: bytes, content_range: str | None
) -> None:
    request = make_mocked_request("GET", "/storage/m/f", headers={"Range": header})
    response = ranged_response(request, b"0123456789")
    assert response.status == status and (response.body or b"") == body
    assert response.headers.get("Content-Range") == content_range
    assert response.headers["Accept-Ranges"] == "bytes"
