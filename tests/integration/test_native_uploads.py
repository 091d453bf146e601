"""Uploads take a cycler's own file: read, checked and filled in, then sent."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from ionworks_async import AsyncIonworks, BatchResult, validate_time_series
from ionworks_async.read import CyclerFileError

from ..support import LOCAL_KEY

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MACCOR = DATA / "maccor" / "PredictionDiagnostics_000109_tztest.010"
MPR = DATA / "biologic" / "commercial_cell_001__1753283786_C01.mpr"


async def _cell(client: AsyncIonworks) -> str:
    spec = await client.cell_spec.create({"name": "native files"})
    return (await client.cell_instance.create(spec.id, {"name": "c1"})).id


async def test_create_takes_a_native_file_and_fills_fields_from_its_header(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        cell = await _cell(client)
        bundle = await client.cell_measurement.create(
            cell,
            {
                "measurement": {
                    "name": "diagnostics",
                    "test_setup": {"operator": "me"},
                },
                "time_series": str(MACCOR),
            },
        )
        assert bundle.processing_status == "ready"
        stored = await client.cell_measurement.get(bundle.id)
        assert stored.name == "diagnostics"
        assert stored.protocol == {"name": "PredictionDiagnostics_000109.000"}
        assert stored.test_setup["operator"] == "me"  # the caller's field wins
        assert stored.test_setup["cycler"] == "Maccor"
        assert stored.test_setup["channel_number"] == 10
        series = await client.cell_measurement.time_series(bundle.id)
        assert series.height == 2165
        assert series["Time [s]"][0] == 0.0


async def test_create_many_takes_binaries_and_a_bad_file_fails_alone(
    local_server: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.mpr"
    broken.write_bytes(MPR.read_bytes()[:5000])
    renamed = tmp_path / "cell07.dat"  # recognised by content, not by name
    shutil.copyfile(MPR, renamed)
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        cell = await _cell(client)
        result: BatchResult[Any] = await client.cell_measurement.create_many(
            cell,
            [
                {"measurement": {"name": "good"}, "time_series": renamed},
                {"measurement": {"name": "bad"}, "time_series": broken},
            ],
        )
        assert [s.record.name for s in result.succeeded] == ["good"]
        (failure,) = result.failed
        assert isinstance(failure.error, CyclerFileError)
        assert str(broken) in str(failure.error)
        names = [m.name for m in await client.cell_measurement.list(cell)]
        assert names == ["good"]  # nothing was created for the broken file


def test_validate_time_series_reads_a_native_file(tmp_path: Path) -> None:
    assert validate_time_series(MPR) == []
    cut = tmp_path / "cut.mpr"
    cut.write_bytes(MPR.read_bytes()[:-100])
    with pytest.raises(CyclerFileError, match="cut short"):
        validate_time_series(cut)


async def test_a_large_native_file_is_streamed_to_a_spool_and_sent_whole(
    local_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ionworks_async.pipeline import encode
    from ionworks_async.read import _text
    from ionworks_async.read import reading as _api

    # Make the sample "large": read in 2 kB blocks and spooled to a file.
    monkeypatch.setattr(_text, "WHOLE_BYTES", 0)
    monkeypatch.setattr(_text, "BLOCK_BYTES", 2000)
    monkeypatch.setattr(encode, "NATIVE_IN_MEMORY_BYTES", 0)
    spools: list[Path] = []
    original = encode._writer

    def spied(folder: Path | None) -> Any:
        writer = original(folder)
        spools.append(writer.path)
        return writer

    monkeypatch.setattr(encode, "_writer", spied)
    expected, _, _ = _api.normalised(MACCOR)
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        cell = await _cell(client)
        bundle = await client.cell_measurement.create(
            cell, {"measurement": {"name": "streamed"}, "time_series": MACCOR}
        )
        series = await client.cell_measurement.time_series(bundle.id)
    assert len(spools) == 1 and not spools[0].exists()  # spooled, then removed
    assert series.height == expected.num_rows == 2165
    assert series["Step count"].to_list() == expected.column("Step count").to_pylist()
    assert series["Discharge capacity [A.h]"].to_list() == (
        expected.column("Discharge capacity [A.h]").to_pylist()
    )
