"""Warnings name the user's line, whichever thread the work ran in."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import AsyncIonworks, read
from ionworks_async._runtime.threads import run_in_thread
from ionworks_async._runtime.user_warnings import warn_user
from ionworks_async.validation import MeasurementValidationWarning

from ..support import LOCAL_KEY
from ..support.cycler import cycler_run


def _cut_export(folder: Path) -> Path:
    """A text export whose last line the cycler had not finished writing."""
    run = cycler_run(cycles=1, points=40)
    rows = zip(run["Time [s]"], run["Voltage [V]"], run["Current [A]"], strict=True)
    path = folder / "cut.txt"
    path.write_text(
        "Time [s],Voltage [V],Current [A]\n"
        + "".join(f"{t},{v},{i}\n" for t, v, i in rows)
        + "9999,3.",
        encoding="utf-8",
    )
    return path


def _ours(caught: list[warnings.WarningMessage]) -> list[str]:
    return [
        w.filename
        for w in caught
        if issubclass(w.category, MeasurementValidationWarning)
    ]


def _detail(path: Path, name: str) -> dict[str, Any]:
    return {
        "measurement": {
            "name": name,
            "start_time": "2026-01-02T00:00:00+00:00",
            "end_time": "2026-01-01T00:00:00+00:00",
        },
        "time_series": path,
    }


def test_a_reading_warning_names_the_line_that_read(tmp_path: Path) -> None:
    path = _cut_export(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read.time_series(path)
    assert _ours(caught) == [__file__]


async def test_warnings_from_worker_threads_name_the_awaiting_line(
    tmp_path: Path, local_server: Any
) -> None:
    path = _cut_export(tmp_path)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "warned spec"})
        cell = await client.cell_instance.create(spec.id, {"name": "warned cell"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            # The file is read, checked and encoded in a worker thread; its
            # reading warning and the timing check's come back to this line.
            await client.cell_measurement.create(
                cell.id, _detail(path, "async run"), wait_for_processing=False
            )
    messages = [str(w.message) for w in caught]
    assert any("last line is cut" in m for m in messages), messages
    assert any("end_time_before_start_time" in m for m in messages), messages
    assert set(_ours(caught)) == {__file__}


def test_warnings_through_the_blocking_facade_name_the_callers_line(
    tmp_path: Path, local_thread_server: Any
) -> None:
    path = _cut_export(tmp_path)
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        spec = client.cell_spec.create({"name": "warned spec"})
        cell = client.cell_instance.create(spec.id, {"name": "warned cell"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            client.cell_measurement.create(
                cell.id, _detail(path, "blocking run"), wait_for_processing=False
            )
    messages = [str(w.message) for w in caught]
    assert any("last line is cut" in m for m in messages), messages
    assert any("end_time_before_start_time" in m for m in messages), messages
    assert set(_ours(caught)) == {__file__}


async def test_a_worker_threads_warning_is_carried_even_when_it_fails() -> None:
    def fails() -> None:
        warn_user("said before failing", MeasurementValidationWarning)
        raise ValueError("then failed")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError, match="then failed"):
            await run_in_thread()(fails)
    assert [(str(w.message), w.filename) for w in caught] == [
        ("said before failing", __file__)
    ]
    assert threading.current_thread() is threading.main_thread()
