"""The dataframe_backend setting: which frame data methods return, and where."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from ionworks import Ionworks
from ionworks_async import AsyncIonworks, MissingDependencyError, Table
from ionworks_async.tables import backends as frames
from ionworks_async.tables.backends import ENVIRONMENT_VARIABLE, resolve_backend

from ..support import LOCAL_KEY

SERIES = {
    "Time [s]": [0.0, 1.0, 2.0, 3.0],
    "Voltage [V]": [4.0, 3.9, 3.8, 3.8],
    "Current [A]": [1.0, 1.0, 0.0, 0.0],
    "Step count": [0, 0, 1, 1],
}


def test_the_setting_comes_from_the_argument_then_the_environment() -> None:
    assert resolve_backend(None, {}) == "polars"  # the public client's default
    assert resolve_backend(None, {ENVIRONMENT_VARIABLE: "Table"}) == "table"
    assert resolve_backend("pandas", {ENVIRONMENT_VARIABLE: "polars"}) == "pandas"
    with pytest.raises(ValueError, match="dataframe_backend must be one of"):
        resolve_backend("numpy", {})
    with pytest.raises(ValueError, match=ENVIRONMENT_VARIABLE):
        resolve_backend(None, {ENVIRONMENT_VARIABLE: "spark"})


def test_without_polars_the_default_is_the_light_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(frames, "_installed", lambda name: name != "polars")
    assert resolve_backend(None, {}) == "table"


def test_set_dataframe_backend_rules_the_process_but_not_a_clients_argument(
    local_thread_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ionworks

    monkeypatch.setattr(frames, "_chosen", None)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "arrow")
    assert ionworks.get_dataframe_backend() == "arrow"
    with (
        Ionworks(LOCAL_KEY, local_thread_server.url) as follows,
        Ionworks(
            LOCAL_KEY, local_thread_server.url, dataframe_backend="table"
        ) as fixed,
    ):
        spec = follows.cell_spec.create({"name": "s"})
        cell = follows.cell_instance.create(spec.id, {"name": "c"})
        created = follows.cell_measurement.create(
            cell.id, {"measurement": {"name": "m"}, "time_series": SERIES}
        )
        assert isinstance(follows.cell_measurement.time_series(created.id), pa.Table)
        ionworks.set_dataframe_backend("Pandas")
        assert ionworks.get_dataframe_backend() == "pandas"
        assert follows.dataframe_backend == "pandas"
        series = follows.cell_measurement.time_series(created.id)
        assert isinstance(series, pd.DataFrame)
        assert list(series["Voltage [V]"]) == SERIES["Voltage [V]"]
        assert isinstance(fixed.cell_measurement.time_series(created.id), Table)
    with pytest.raises(ValueError, match="backend must be one of"):
        ionworks.set_dataframe_backend("numpy")
    assert ionworks.get_dataframe_backend() == "pandas"


def test_the_environment_variable_reaches_the_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "arrow")
    assert AsyncIonworks("k", "http://127.0.0.1:9").dataframe_backend == "arrow"
    with Ionworks("k", "http://127.0.0.1:9", dataframe_backend="polars") as client:
        assert client.dataframe_backend == "polars"


async def _measurement(client: AsyncIonworks) -> tuple[str, str]:
    spec = await client.cell_spec.create({"name": "s"})
    cell = await client.cell_instance.create(spec.id, {"name": "c"})
    created = await client.cell_measurement.create(
        cell.id, {"measurement": {"name": "m"}, "time_series": SERIES}
    )
    return cell.id, created.id


@pytest.mark.parametrize(
    ("backend", "kind"),
    [
        ("table", Table),
        ("arrow", pa.Table),
        ("pandas", pd.DataFrame),
        ("polars", pl.DataFrame),
    ],
)
async def test_data_methods_return_the_backend_type(
    local_server: Any, backend: Any, kind: type
) -> None:
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, dataframe_backend=backend
    ) as client:
        cell, measurement = await _measurement(client)
        data = client.cell_measurement
        series = await data.time_series(measurement)
        assert isinstance(series, kind)
        assert isinstance(await data.steps(measurement), kind)
        assert isinstance(await data.cycles(measurement), kind)
        both = await data.steps_and_cycles(measurement)
        assert isinstance(both.steps, kind) and isinstance(both.cycles, kind)
        (detail,) = (await client.cell_instance.detail(cell)).measurements
        assert isinstance(detail.time_series, kind)
        assert isinstance(detail.steps, kind)
    rows = series.num_rows if isinstance(series, (Table, pa.Table)) else len(series)
    assert rows == 4


async def test_conversion_runs_off_the_event_loop(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []
    convert = frames.convert

    def recording(table: Table, backend: Any) -> Any:
        threads.append(threading.get_ident())
        return convert(table, backend)

    monkeypatch.setattr(frames, "convert", recording)
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, dataframe_backend="pandas"
    ) as client:
        _, measurement = await _measurement(client)
        await client.cell_measurement.time_series(measurement)
    assert threads and threading.get_ident() not in threads


async def test_a_missing_library_is_a_clear_error(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, dataframe_backend="polars"
    ) as client:
        _, measurement = await _measurement(client)
        with pytest.raises(MissingDependencyError, match="pip install polars"):
            await client.cell_measurement.time_series(measurement)
