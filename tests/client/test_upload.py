"""Time-series upload: initiate -> PUT parquet -> confirm -> wait for processing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ionworks_async import AsyncIonworks, MeasurementProcessingError, Table

from ..support import LOCAL_KEY
from ..support.local_api import STEPS, TIME_SERIES, LocalApi


def _detail(name: str, series: Any) -> dict[str, Any]:
    return {"measurement": {"name": name}, "time_series": series}


async def test_create_uploads_zstd_parquet_and_waits_until_ready(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    api.processing["*"] = ["pending", "running", "ready"]
    measurement = await api_client.cell_measurement.create(
        "inst",
        {
            "measurement": {"name": "cycling", "notes": "n", "tags": ["a"]},
            "time_series": TIME_SERIES,
            "steps": Table(STEPS),
        },
    )
    assert measurement.processing_status == "ready" and measurement.name == "cycling"
    assert measurement.measurement.name == "cycling" and measurement.steps_created == 0
    initiate, confirm = api.bodies[:2]
    assert initiate == {"measurement": {"name": "cycling", "notes": "n"}}
    assert confirm["measurement"]["tags"] == ["a"]
    sent = api.uploads[f"{measurement.id}/time_series.parquet"]
    assert pq.read_table(pa.BufferReader(sent)).to_pydict() == TIME_SERIES
    metadata = pq.read_metadata(pa.BufferReader(sent))
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    steps = api.uploads[f"{measurement.id}/steps.parquet"]
    assert pq.read_table(pa.BufferReader(steps)).to_pydict() == STEPS
    assert api.counts["/cell_measurements/{id}"] == 3  # three polls
    for headers in api.storage_headers:
        assert "X-API-Key" not in headers and "Authorization" not in headers


async def test_processing_failure_raises_naming_the_measurement(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    api.processing["*"] = ["running", "failed"]
    with pytest.raises(MeasurementProcessingError) as caught:
        await api_client.cell_measurement.create(
            "inst", {"measurement": {"name": "bad"}, "time_series": TIME_SERIES}
        )
    assert "'bad'" in caught.value.message and "Step count" in caught.value.message
    (made,) = api.measurement_ids("inst")
    assert caught.value.failures == {made: "missing 'Step count' column"}


async def test_processing_timeout_raises(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    api.processing["*"] = ["pending"] * 100
    with pytest.raises(MeasurementProcessingError, match="did not finish"):
        await api_client.cell_measurement.create(
            "inst",
            {"measurement": {"name": "slow"}, "time_series": TIME_SERIES},
            processing_timeout=0.3,
        )


async def test_no_wait_returns_the_pending_measurement(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    measurement = await api_client.cell_measurement.create(
        "inst",
        {"measurement": {"name": "quick"}, "time_series": TIME_SERIES},
        wait_for_processing=False,
    )
    assert measurement.processing_status == "pending"
    assert api.counts["/cell_measurements/{id}"] == 0


async def test_create_or_get_conflict_uploads_nothing(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 1)
    existing = await api_client.cell_measurement.create_or_get(
        "inst", {"measurement": {"name": "measurement 0"}, "time_series": TIME_SERIES}
    )
    assert existing.id == "inst-m0"
    assert not api.uploads and api.counts["/cell_measurements/{id}/confirm-upload"] == 0


async def test_bad_time_series_fails_before_any_request(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    with pytest.raises(TypeError, match="dict of columns"):
        await api_client.cell_measurement.create(
            "inst", {"measurement": {"name": "x"}, "time_series": 42}
        )
    with pytest.raises(ValueError, match="same length"):
        await api_client.cell_measurement.create(
            "inst", {"measurement": {"name": "x"}, "time_series": {"a": [1], "b": []}}
        )
    assert api.api_requests() == 0


async def test_create_or_get_of_an_existing_name_reads_no_file(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks, tmp_path: Path
) -> None:
    """A resumed job learns that a measurement exists before reading its data."""
    api, _ = local_api
    api.add_instance("inst", 1)
    never_read = tmp_path / "gone.csv"  # reading it would fail
    existing = await api_client.cell_measurement.create_or_get(
        "inst", {"measurement": {"name": "measurement 0"}, "time_series": never_read}
    )
    assert existing.id == "inst-m0"
    result = await api_client.cell_measurement.create_many(
        "inst",
        [{"measurement": {"name": "measurement 0"}, "time_series": never_read}],
    )
    assert result.ok and result.existing == 1
    with pytest.raises(ValueError, match=r"gone\.csv"):  # a plain create reads first
        await api_client.cell_measurement.create(
            "inst", {"measurement": {"name": "new"}, "time_series": never_read}
        )
    assert api.counts["/cell_instances/{id}/cell_measurements/initiate-upload"] == 2


async def test_an_existing_measurement_whose_processing_failed_is_a_failure(
    local_server: Any,
) -> None:
    broken = {"Time [s]": [0.0, 1.0], "Voltage [V]": [4.0, 3.9], "Current [A]": [1, 1]}
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        with pytest.raises(MeasurementProcessingError):
            await client.cell_measurement.create(
                cell.id, _detail("run", broken), validate=False
            )
        with pytest.raises(MeasurementProcessingError, match="already exists"):
            await client.cell_measurement.create_or_get(
                cell.id, _detail("run", broken), validate=False
            )
        result = await client.cell_measurement.create_many(
            cell.id, [_detail("run", broken)], validate=False
        )
        (failure,) = result.failed
        assert "Step count" in str(failure.error) and "replace_failed" in str(
            failure.error
        )
        fixed = {**broken, "Step count": [0, 0]}
        replaced = await client.cell_measurement.create_or_get(
            cell.id, _detail("run", fixed), replace_failed=True
        )
        assert replaced.processing_status == "ready"
        names = [m.name async for m in client.cell_measurement.iter_all(cell.id)]
    assert names == ["run"]


async def test_wait_for_processing_of_many_collects_every_failure(
    local_server: Any,
) -> None:
    good = {
        "Time [s]": [0.0, 1.0, 2.0],
        "Voltage [V]": [4.0, 3.9, 3.8],
        "Current [A]": [1.0, 1.0, 0.0],
        "Step count": [0, 0, 1],
    }
    broken = {k: v for k, v in good.items() if k != "Step count"}
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        ok = await client.cell_measurement.create(
            cell.id, _detail("ok", good), wait_for_processing=False
        )
        bad = await client.cell_measurement.create(
            cell.id, _detail("bad", broken), wait_for_processing=False, validate=False
        )
        other = await client.cell_measurement.create(
            cell.id, _detail("other", good), wait_for_processing=False
        )
        with pytest.raises(MeasurementProcessingError) as failed:
            await client.cell_measurement.wait_for_processing([ok.id, bad.id, other.id])
        assert list(failed.value.failures) == [bad.id]
        assert "Step count" in failed.value.failures[bad.id]
        settled = await client.cell_measurement.wait_for_processing(
            [other.id, ok.id, ok.id]
        )
        assert list(settled) == [other.id, ok.id]
        # Dicts, as the public client returns them.
        assert {m["processing_status"] for m in settled.values()} == {"ready"}
        assert settled[ok.id]["id"] == ok.id and settled[ok.id]["name"] == ok.name
        both = await client.cell_measurement.steps_and_cycles(ok.id)
        steps = await client.cell_measurement.steps(ok.id)
        assert both.steps.num_rows == steps.num_rows == 2
        assert (
            both.cycles.num_rows
            == (await client.cell_measurement.cycles(ok.id)).num_rows
        )
        with pytest.raises(ValueError, match="at least one"):
            await client.cell_measurement.wait_for_processing([])
        with pytest.raises(TypeError):
            await client.cell_measurement.wait_for_processing([ok.id, 3])  # type: ignore[list-item]


async def test_wait_for_processing_times_out_under_one_deadline(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 2)
    ids = api.measurement_ids("inst")
    for measurement_id in ids:
        api.update_measurement(measurement_id, processing_status="running")
    with pytest.raises(MeasurementProcessingError) as failed:
        await api_client.cell_measurement.wait_for_processing(ids, timeout=0.3)
    assert sorted(failed.value.failures) == sorted(ids)
    assert all("did not finish" in reason for reason in failed.value.failures.values())
