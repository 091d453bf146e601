"""Uploads check their data first, stream it from disk, and report progress."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ionworks_async import AsyncIonworks, pipeline
from ionworks_async.pipeline import encode as _encode
from ionworks_async.validation import (
    IssueCode,
    MeasurementValidationError,
    MeasurementValidationWarning,
)

from ..support.concurrency import PeakCalls
from ..support.cycler import cycler_run
from ..support.local_api import LocalApi

RUN = cycler_run(cycles=2, points=60)
REVERSED = {**RUN, "Current [A]": [-v for v in RUN["Current [A]"]]}


def _detail(name: str, series: Any, **fields: Any) -> dict[str, Any]:
    return {"measurement": {"name": name, **fields}, "time_series": series}


async def test_bad_data_fails_before_any_request_with_its_issues(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    with pytest.raises(MeasurementValidationError) as caught:
        await api_client.cell_measurement.create("inst", _detail("m", REVERSED))
    assert caught.value.has_code(IssueCode.CURRENT_SIGN_REVERSED)
    assert "current_sign_reversed" in str(caught.value)
    gap = {**RUN, "Time [s]": [t + (30_000 if t > 100 else 0) for t in RUN["Time [s]"]]}
    with pytest.raises(MeasurementValidationError, match="time_gap_too_large"):
        await api_client.cell_measurement.create(
            "inst", _detail("m", gap), validate_strict=True
        )
    with pytest.raises(MeasurementValidationError):
        await api_client.cell_measurement.create_or_get("inst", _detail("m", REVERSED))
    assert api.api_requests() == 1  # create_or_get's initiate only
    assert not api.uploads


async def test_skipped_checks_and_validate_false_let_data_through(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    gap = {**RUN, "Time [s]": [t + (30_000 if t > 100 else 0) for t in RUN["Time [s]"]]}
    await api_client.cell_measurement.create(
        "inst",
        _detail("gap", gap),
        validate_strict=True,
        skip_checks=["time_gaps"],
        wait_for_processing=False,
    )
    await api_client.cell_measurement.create(
        "inst", _detail("reversed", REVERSED), validate=False, wait_for_processing=False
    )
    sent = pq.read_table(pa.BufferReader(api.sent(index=1)))
    assert sent.column("Current [A]").to_pylist() == REVERSED["Current [A]"]


async def test_warnings_are_warned_and_the_upload_goes_on(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    with pytest.warns(MeasurementValidationWarning, match="end_time_before_start_time"):
        bundle = await api_client.cell_measurement.create(
            "inst",
            _detail(
                "late",
                RUN,
                start_time="2026-01-02T00:00:00+00:00",
                end_time="2026-01-01T00:00:00+00:00",
            ),
            wait_for_processing=False,
        )
    assert bundle.name == "late" and api.uploads


async def test_a_failing_item_fails_alone_in_a_bulk_job(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    items = [_detail(f"m{k}", REVERSED if k == 2 else RUN) for k in range(5)]
    result = await api_client.cell_measurement.create_many(
        "inst", items, if_exists="error", wait_for_processing=False
    )
    assert result.created == 4 and len(result.failed) == 1
    (failure,) = result.failed
    assert failure.index == 2
    assert isinstance(failure.error, MeasurementValidationError)
    assert failure.error.has_code(IssueCode.CURRENT_SIGN_REVERSED)
    assert api.counts["/cell_measurements/{id}/confirm-upload"] == 4


async def test_a_csv_file_is_streamed_to_a_temporary_parquet_and_removed(
    local_api: tuple[LocalApi, str],
    api_client: AsyncIonworks,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    csv = tmp_path / "run.csv"
    pd.DataFrame(RUN).to_csv(csv, index=False)
    spooled: list[Path] = []
    real_writer = _encode._writer

    def watched(folder: Path | None) -> Any:
        writer = real_writer(folder)
        spooled.append(writer.path)
        return writer

    monkeypatch.setattr(_encode, "_writer", watched)
    monkeypatch.setattr("ionworks_async.tables.sources.BLOCK_BYTES", 4096)
    monkeypatch.setattr("ionworks_async.tables.writer.ROW_GROUP_ROWS", 100)
    await api_client.cell_measurement.create(
        "inst", _detail("from csv", str(csv)), progress=True, wait_for_processing=False
    )
    (spool,) = spooled
    assert not spool.exists()  # removed after the upload
    body = api.sent(index=0)
    metadata = pq.read_metadata(pa.BufferReader(body))
    assert metadata.num_row_groups > 1  # written block by block
    assert metadata.row_group(0).column(0).compression == "ZSTD"
    sent = pq.read_table(pa.BufferReader(body))
    assert sent.column("Voltage [V]").to_pylist() == pytest.approx(RUN["Voltage [V]"])
    assert "from csv" in capsys.readouterr().err  # the byte progress bar


async def test_a_parquet_file_is_sent_as_it_is_and_bad_files_fail_early(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks, tmp_path: Path
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    path = tmp_path / "run.parquet"
    pq.write_table(pa.table(RUN), path, row_group_size=100)
    await api_client.cell_measurement.create(
        "inst", _detail("pq", path), wait_for_processing=False
    )
    assert api.sent(index=0) == path.read_bytes()
    bad = tmp_path / "reversed.parquet"
    pq.write_table(pa.table(REVERSED), bad, row_group_size=100)
    with pytest.raises(MeasurementValidationError):
        await api_client.cell_measurement.create("inst", _detail("bad", bad))
    with pytest.raises(ValueError, match="no such file"):
        await api_client.cell_measurement.create(
            "inst", _detail("gone", tmp_path / "gone.csv")
        )
    assert len(api.uploads) == 1


async def test_a_large_frame_goes_through_a_temporary_file(
    local_api: tuple[LocalApi, str],
    api_client: AsyncIonworks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    monkeypatch.setattr(_encode, "SPOOL_BYTES", 1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        await api_client.cell_measurement.create(
            "inst", _detail("big", pd.DataFrame(RUN)), wait_for_processing=False
        )
    sent = pq.read_table(pa.BufferReader(api.sent(index=0)))
    assert sent.num_rows == len(RUN["Time [s]"])


async def test_a_cancelled_upload_leaves_no_temporary_file(
    local_api: tuple[LocalApi, str],
    api_client: AsyncIonworks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    import threading

    api, _ = local_api
    started, release = threading.Event(), threading.Event()
    real = pipeline.prepare
    made: list[pipeline.Prepared] = []

    def slow(*args: Any, **kwargs: Any) -> pipeline.Prepared:
        started.set()
        release.wait(10)
        made.append(real(*args, **kwargs))
        return made[0]

    monkeypatch.setattr(pipeline, "prepare", slow)
    monkeypatch.setattr(_encode, "SPOOL_BYTES", 1000)  # through a file
    task = asyncio.ensure_future(
        api_client.cell_measurement.create("inst", _detail("big", RUN))
    )
    await asyncio.to_thread(started.wait, 10)
    task.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(200):  # the thread may finish after the task has ended
        if made and made[0].temporary and not made[0].temporary.exists():
            break
        await asyncio.sleep(0.02)
    (prepared,) = made
    assert prepared.temporary is not None and not prepared.temporary.exists()
    assert api.api_requests() == 0


async def test_bulk_uploads_prepare_their_data_at_most_one_a_core(
    local_api: tuple[LocalApi, str],
    api_client: AsyncIonworks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ionworks_async._runtime import threads as _threads

    api, _ = local_api
    api.add_instance("inst", 0)
    monkeypatch.setattr(_threads.os, "cpu_count", lambda: 2)
    counted = PeakCalls(pipeline.prepare)
    monkeypatch.setattr(pipeline, "prepare", counted)
    items = [_detail(f"m{k}", RUN) for k in range(12)]
    result = await api_client.cell_measurement.create_many(
        "inst", items, if_exists="error", wait_for_processing=False, concurrency=12
    )
    assert result.created == 12
    assert counted.most == 2  # 12 in flight, two cores: two prepared at once


async def test_sent_parquet_uses_dictionaries_for_step_numbers_not_floats(
    local_api: tuple[LocalApi, str], api_client: AsyncIonworks
) -> None:
    api, _ = local_api
    api.add_instance("inst", 0)
    await api_client.cell_measurement.create(
        "inst", _detail("m", RUN), wait_for_processing=False
    )
    sent = pq.ParquetFile(pa.BufferReader(api.sent(index=0)))
    group = sent.metadata.row_group(0)
    encodings = {
        group.column(k).path_in_schema: group.column(k).encodings
        for k in range(group.num_columns)
    }
    assert "RLE_DICTIONARY" in encodings["Step count"]
    assert "RLE_DICTIONARY" not in encodings["Time [s]"]
    assert "RLE_DICTIONARY" not in encodings["Current [A]"]
    assert group.column(0).compression == "ZSTD"
    assert sent.read().to_pydict() == pa.table(RUN).to_pydict()
