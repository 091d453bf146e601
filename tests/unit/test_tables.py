from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pytest

from ionworks_async import MissingDependencyError, Table
from ionworks_async.tables.table import as_table

from ..support.local_api import TIME_SERIES, parquet_bytes


def test_columnar_json_table() -> None:
    table = Table({"a": [1, 2], "b": ["x", "y"]})
    assert table.column_names == ["a", "b"] and table.num_rows == 2 and len(table) == 2
    assert table["a"] == [1, 2] and table.to_dict() == {"a": [1, 2], "b": ["x", "y"]}
    assert table.to_arrow().num_rows == 2
    with pytest.raises(KeyError, match="columns are"):
        table["missing"]
    with pytest.raises(ValueError, match="same length"):
        Table({"a": [1], "b": [1, 2]})


def test_parquet_table_is_decoded_lazily() -> None:
    table = Table.from_parquet(parquet_bytes(TIME_SERIES))
    assert "not decoded" in repr(table)
    assert table.num_rows == 4 and table.column_names == list(TIME_SERIES)
    assert "not decoded" in repr(table)  # metadata reads do not decode the data
    assert table["Voltage [V]"] == TIME_SERIES["Voltage [V]"]
    assert table.to_dict() == TIME_SERIES
    assert table.to_pandas()["Time [s]"].tolist() == TIME_SERIES["Time [s]"]
    assert table.to_polars()["Voltage [V]"].to_list() == TIME_SERIES["Voltage [V]"]


def test_broken_parquet_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="parquet"):
        Table.from_parquet(b"not parquet").to_dict()


def test_to_parquet_round_trip_with_zstd() -> None:
    import pyarrow.parquet as pq

    data = Table(TIME_SERIES).to_parquet()
    assert (
        pq.read_metadata(pa.BufferReader(data)).row_group(0).column(0).compression
        == "ZSTD"
    )
    assert Table.from_parquet(data) == Table(TIME_SERIES)


def test_as_table_sources(tmp_path: Path) -> None:
    import pandas as pd

    (tmp_path / "ts.parquet").write_bytes(parquet_bytes(TIME_SERIES))
    pd.DataFrame(TIME_SERIES).to_csv(tmp_path / "ts.csv", index=False)
    import polars as pl

    for source in (
        pl.DataFrame(TIME_SERIES),
        TIME_SERIES,
        pa.table(TIME_SERIES),
        pd.DataFrame(TIME_SERIES),
        tmp_path / "ts.parquet",
        str(tmp_path / "ts.csv"),
        Table(TIME_SERIES),
    ):
        assert as_table(source).to_dict() == TIME_SERIES
    with pytest.raises(TypeError, match="dict of columns"):
        as_table(42)
    with pytest.raises(ValueError, match="cannot read"):
        as_table(tmp_path / "missing.parquet")
    with pytest.raises(ValueError, match=r"\.parquet or \.csv"):
        as_table(tmp_path / "file.txt")


def test_missing_pyarrow_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"ionworks-async\[data\]"):
        Table.from_parquet(b"x").to_dict()
    with pytest.raises(MissingDependencyError, match=r"ionworks-async\[data\]"):
        Table({"a": [1]}).to_parquet()
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingDependencyError, match="polars"):
        Table({"a": [1]}).to_polars()
