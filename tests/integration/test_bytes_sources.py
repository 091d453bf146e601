"""A time series given as bytes, a BytesIO or an open binary file uploads as a file."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from ionworks_async import AsyncIonworks, validate_time_series
from ionworks_async.local.demo import constant_current_protocol

from ..support import LOCAL_KEY

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MPR = DATA / "biologic" / "commercial_cell_001__1753283786_C01.mpr"


def _parquet() -> bytes:
    sink = io.BytesIO()
    pq.write_table(
        pa.table(constant_current_protocol(cycles=1, sample_seconds=60.0)), sink
    )
    return sink.getvalue()


def _csv() -> bytes:
    table = pa.table(constant_current_protocol(cycles=1, sample_seconds=60.0))
    sink = io.BytesIO()
    pacsv.write_csv(table, sink)
    return sink.getvalue()


async def test_bytes_bytesio_and_open_files_upload_as_their_files(
    local_server: Any, tmp_path: Path
) -> None:
    rows = len(constant_current_protocol(cycles=1, sample_seconds=60.0)["Time [s]"])
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        spec = await client.cell_spec.create({"name": "bytes"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        with MPR.open("rb") as native:
            sources = {
                "parquet bytes": _parquet(),
                "csv BytesIO": io.BytesIO(_csv()),
                "native open file": native,
            }
            for name, source in sources.items():
                made = await client.cell_measurement.create(
                    cell.id, {"measurement": {"name": name}, "time_series": source}
                )
                assert made.processing_status == "ready", name
                series = await client.cell_measurement.time_series(made.id)
                expected = 215 if name.startswith("native") else rows
                assert len(series) == expected, name
    leftovers = list(Path(tempfile.gettempdir()).glob("ionworks-data-*"))
    assert leftovers == []  # every temporary copy deleted


def test_validation_takes_bytes_and_refuses_a_text_mode_file(tmp_path: Path) -> None:
    assert validate_time_series(_parquet()) == []
    assert validate_time_series(MPR.read_bytes()) == []
    text = tmp_path / "series.csv"
    text.write_bytes(_csv())
    with text.open() as handle, pytest.raises(TypeError, match="binary mode"):
        validate_time_series(handle)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


async def test_files_take_bytes_bytesio_open_files_and_mappings(
    local_server: Any, tmp_path: Path
) -> None:
    on_disk = tmp_path / "report.pdf"
    on_disk.write_bytes(b"%PDF-1.4 a report")
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        files = client.cell_measurement
        with on_disk.open("rb") as opened:
            made = await files.create_file(
                cell.id,
                "teardown",
                [("weld.png", PNG), ("notes.txt", io.BytesIO(b"torn")), opened],
            )
        assert sorted(await files.list_files(made.id)) == [
            "notes.txt",
            "report.pdf",
            "weld.png",
        ]
        assert await files.get_file(made.id, "weld.png") == PNG
        assert await files.get_file(made.id, "report.pdf") == b"%PDF-1.4 a report"
        # A mapping, checked as images; and the same again is found, not made.
        photos = await files.create_file(
            cell.id, "photos", {"a.png": PNG}, validate_images=True
        )
        again = await files.create_file(
            cell.id, "photos", {"a.png": PNG}, if_exists="get"
        )
        assert again.id == photos.id
        with pytest.raises(ValueError, match="not a image/png image"):
            await files.create_file(
                cell.id, "bad", {"b.png": b"not png"}, validate_images=True
            )
        with pytest.raises(ValueError, match="plain name, without folders"):
            await files.create_file(cell.id, "bad", [("../x.png", PNG)])
        with pytest.raises(ValueError, match="same name"):
            await files.create_file(cell.id, "bad", [("x", b"1"), ("x", b"2")])
        with pytest.raises(TypeError, match="bytes or an open binary file"):
            await files.create_file(cell.id, "bad", [("x", 3)])
        text = tmp_path / "t.txt"
        text.write_text("words")
        with text.open() as opened_as_text, pytest.raises(TypeError, match="binary"):
            await files.create_file(cell.id, "bad", [opened_as_text])
    assert not list(Path(tempfile.gettempdir()).glob("ionworks-files-*"))
