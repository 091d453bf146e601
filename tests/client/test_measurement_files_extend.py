"""File measurements and extending a running test, against ionworks-local."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ionworks_async import (
    AsyncIonworks,
    ConflictError,
    MeasurementProcessingError,
)
from ionworks_async.local.routes.files import file_blob
from ionworks_async.resources.cell_measurement.extend import extend_parquet
from ionworks_async.resources.cell_measurement.files import check_image, content_type
from ionworks_async.validation import IssueCode, MeasurementValidationError

from ..support import LOCAL_KEY
from ..support.local_api import LocalApi

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16


def _series(start: float, rows: int, first_step: int = 0) -> dict[str, list[Any]]:
    return {
        "Time [s]": [start + n for n in range(rows)],
        "Voltage [V]": [4.0 - 0.01 * n for n in range(rows)],
        "Current [A]": [1.0] * rows,
        "Step count": [first_step + n // 5 for n in range(rows)],
    }


async def _cell(client: AsyncIonworks) -> str:
    spec = await client.cell_spec.create({"name": "s"})
    return (await client.cell_instance.create(spec.id, {"name": "c"})).id


async def test_downloaded_files_are_read_from_the_cache_while_unchanged(
    local_server: Any, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(b"capacity: 4.9 Ah\n")
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, cache_dir=tmp_path / "cache"
    ) as client:
        cell = await _cell(client)
        bundle = await client.cell_measurement.create_file(cell, "report", [report])
        storage = local_server.state.stats

        def from_storage() -> int:
            return int(storage.as_json()["storage_requests"])

        first = await client.cell_measurement.download_files(bundle.id)
        fetched = from_storage()
        again = await client.cell_measurement.download_files(bundle.id, True)
        assert from_storage() == fetched  # read from the cache
        fresh = await client.cell_measurement.download_files(bundle.id, False)
        assert from_storage() == fetched + 1
    assert first == again == fresh == {"report.txt": report.read_bytes()}


async def test_a_file_measurement_round_trips(
    local_server: Any, tmp_path: Path
) -> None:
    photo = tmp_path / "cell photo.png"
    photo.write_bytes(PNG)
    report = tmp_path / "report.txt"
    report.write_bytes("impedance: 21 mΩ\n".encode())
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        cell = await _cell(client)
        bundle = await client.cell_measurement.create_file(
            cell, "teardown", [photo, str(report)], notes="n", tags=["teardown"]
        )
        assert (bundle.measurement_type, bundle.processing_status) == ("file", "ready")
        assert bundle.measurement.name == "teardown" and bundle.tags == ["teardown"]
        files = client.cell_measurement
        assert await files.list_files(bundle.id) == ["cell photo.png", "report.txt"]
        assert await files.get_file(bundle.id, "cell photo.png") == PNG
        assert await files.download_files(bundle.id, filenames=["report.txt"]) == {
            "report.txt": report.read_bytes()
        }
        detail = await files.detail(bundle.id)
        assert detail.files == {
            "cell photo.png": PNG,
            "report.txt": report.read_bytes(),
        }
        assert detail.processing_status == "ready" and detail.notes == "n"
        (listed,) = (await client.cell_instance.detail(cell)).measurements
        assert listed.files is not None and set(listed.files) == {
            "cell photo.png",
            "report.txt",
        }
        with pytest.raises(ConflictError):
            await files.create_file(cell, "teardown", [photo])


async def test_files_are_checked_before_any_request(
    local_server: Any, tmp_path: Path
) -> None:
    fake_png = tmp_path / "fake.png"
    fake_png.write_bytes(b"GIF89a not a png")
    text = tmp_path / "notes.txt"
    text.write_bytes(b"hello")
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        cell = await _cell(client)
        create = client.cell_measurement.create_file
        with pytest.raises(ValueError, match="not a image/png image"):
            await create(cell, "a", [fake_png], validate_images=True)
        with pytest.raises(ValueError, match="not an image file name"):
            await create(cell, "a", [text], validate_images=True)
        with pytest.raises(FileNotFoundError):
            await create(cell, "a", [tmp_path / "missing.png"])
        with pytest.raises(ValueError, match="same name"):
            other = tmp_path / "sub"
            other.mkdir()
            (other / "notes.txt").write_bytes(b"x")
            await create(cell, "a", [text, other / "notes.txt"])
        assert list(await client.cell_measurement.list(cell)) == []


def test_image_checks_and_media_types(tmp_path: Path) -> None:
    webp = tmp_path / "a.webp"
    webp.write_bytes(WEBP)
    check_image(webp)
    webp.write_bytes(b"RIFF\x10\x00\x00\x00WAVE")
    with pytest.raises(ValueError, match="webp"):
        check_image(webp)
    assert content_type(Path("x.JPG")) == "image/jpeg"
    assert content_type(Path("x.csv")) == "application/octet-stream"


async def test_extend_appends_rows_and_rederives_steps(local_server: Any) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        cell = await _cell(client)
        measurements = client.cell_measurement
        first = await measurements.create(
            cell,
            {"measurement": {"name": "live"}, "time_series": _series(0, 10)},
            wait_for_processing=False,
        )
        # Still processing: the first try meets a 409, waits, and goes on.
        extended = await measurements.extend(first.id, _series(10, 10, first_step=2))
        assert extended.processing_status == "ready"
        # The public client's kind: the bundle, steps derived after the call.
        assert type(extended).__name__ == "CellMeasurementBundleResponse"
        assert extended.steps_created == 0 and extended.id == first.id
        assert extended.processing_error is None
        series = await measurements.time_series(first.id)
        assert series.to_dict()["Time [s]"] == [float(n) for n in range(20)]
        assert (await measurements.steps(first.id)).num_rows == 4
        # The JSON routes answer the re-derived tables, not what they kept.
        both = await measurements.steps_and_cycles(first.id)
        assert both.steps.num_rows == 4
        await measurements.extend(first.id, _series(20, 10, first_step=4))
        both = await measurements.steps_and_cycles(first.id)
        assert both.steps.num_rows == 6
        assert (await measurements.cycles(first.id)).to_dict() == both.cycles.to_dict()
        # The same rows again are stored once (a retried job duplicates nothing).
        await measurements.extend(first.id, _series(20, 10, first_step=4))
        assert (await measurements.time_series(first.id)).num_rows == 30
        # Rows that do not come after the stored ones: refused, data unchanged.
        with pytest.raises(MeasurementProcessingError, match="not after") as failed:
            await measurements.extend(first.id, _series(5, 3, first_step=3))
        assert "unchanged" in str(failed.value)
        after = await measurements.get(first.id)
        assert after.processing_status == "ready" and after.processing_error
        assert (await measurements.time_series(first.id)).num_rows == 30
        # A finished test takes no more rows.
        await measurements.update(first.id, {"end_time": "2026-01-01T00:00:00Z"})
        with pytest.raises(ConflictError, match="end_time"):
            await measurements.extend(first.id, _series(30, 2, first_step=4))


async def test_extend_checks_rows_before_any_request(
    api_client: AsyncIonworks,
) -> None:
    extend = api_client.cell_measurement.extend
    rows = _series(0, 3)
    with pytest.raises(ValueError, match="Step count"):
        await extend("m", {k: v for k, v in rows.items() if k != "Step count"})
    with pytest.raises(ValueError, match="no rows"):
        await extend("m", {k: [] for k in rows})
    with pytest.raises(ValueError, match="decreases at row 2"):
        await extend("m", {**rows, "Time [s]": [0.0, 2.0, 1.0]})
    with pytest.raises(ValueError, match="not a number"):
        await extend("m", {**rows, "Time [s]": [0.0, None, 1.0]})
    # The always-on checks, on rows that continue a stored series: time and
    # steps need not start at 0, the first step may have begun before.
    later = _series(500, 12, first_step=7)
    jump = {**later, "Step count": [7] * 6 + [9] * 6}
    with pytest.raises(MeasurementValidationError) as caught:
        await extend("m", jump)
    assert caught.value.has_code(IssueCode.STEP_COUNT_NON_SEQUENTIAL)
    midway = [0.5 + 0.01 * n for n in range(6)] + [0.01 * n for n in range(6)]
    falling = [0.5 - 0.01 * n for n in range(6)] + [0.0] * 6
    for column, code in (
        (midway, None),
        (falling, IssueCode.CUMULATIVE_VALUE_DECREASED),
    ):
        delta = {**later, "Step count": [7] * 6 + [8] * 6}
        delta["Discharge capacity [A.h]"] = column
        if code is None:  # passes the checks: encoded, ready to send
            assert extend_parquet(delta).startswith(b"PAR1")
        else:
            with pytest.raises(MeasurementValidationError) as caught:
                await extend("m", delta)
            assert caught.value.has_code(code)


async def test_file_and_extend_requests_are_the_documented_ones(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks, tmp_path: Path
) -> None:
    api, _ = local_api
    api.add_instance("inst", 1)
    photo, data = tmp_path / "a b.png", tmp_path / "log.csv"
    photo.write_bytes(PNG)
    data.write_bytes(b"t,v\n0,4.1\n")
    bundle = await api_client.cell_measurement.create_file(
        "inst", "pics", [photo, data], notes="n", tags=["x"]
    )
    assert bundle.steps_created == 0
    initiate, confirm = api.bodies
    assert initiate == {
        "measurement": {"name": "pics", "notes": "n"},
        "measurement_type": "file",
        "filenames": ["a b.png", "log.csv"],
    }
    assert confirm == {
        "cell_instance_id": "inst",
        "measurement": {"name": "pics", "notes": "n", "tags": ["x"]},
        "measurement_type": "file",
        "filenames": ["a b.png", "log.csv"],
    }
    new_id = bundle.id
    assert api.uploads[f"{new_id}/{file_blob('a b.png')}"] == PNG
    assert api.uploads[f"{new_id}/{file_blob('log.csv')}"] == data.read_bytes()
    types = sorted(headers["Content-Type"] for headers in api.storage_headers)
    assert types == ["application/octet-stream", "image/png"]
    assert not any("X-API-Key" in headers for headers in api.storage_headers)

    api.bodies.clear()
    api.processing["inst-m0"] = ["running", "ready"]
    more = {  # the seeded series' columns, on from its last row
        "Time [s]": [4.0, 5.0],
        "Voltage [V]": [3.8, 3.7],
        "Current [A]": [1.0, 1.0],
        "Step count": [1, 1],
        "Cycle count": [0, 0],
    }
    extended = await api_client.cell_measurement.extend("inst-m0", more)
    assert extended.processing_status == "ready"
    assert api.bodies == [{}, {}]  # initiate-extend, confirm-extend
    assert api.uploads["inst-m0/time_series_extend.parquet"].startswith(b"PAR1")
