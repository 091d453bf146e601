"""An IonworksError's traceback ends at the caller's line, not in the internals."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks, NotFoundError
from ionworks_async import APIConnectionError, AsyncIonworks, ConflictError
from ionworks_async._runtime.boundary import FULL_TRACEBACKS

from ..support import LOCAL_KEY

PACKAGES = (
    Path(__file__).parents[2] / "ionworks",
    Path(__file__).parents[2] / "ionworks_async",
)


def _library_frames(error: BaseException) -> list[str]:
    """The frames of ``error``'s traceback that are this project's code."""
    return [
        f"{Path(frame.filename).name}:{frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
        if any(Path(frame.filename).is_relative_to(p) for p in PACKAGES)
    ]


async def test_an_async_404_shows_the_callers_line_and_one_more(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.cell_instance.get("missing")
        assert _library_frames(caught.value) == ["boundary.py:call"]
        frames = traceback.extract_tb(caught.value.__traceback__)
        assert frames[0].name == "test_an_async_404_shows_the_callers_line_and_one_more"
        # Delegated methods (the measurement client's parts) too, and the
        # client's own; the message names the method and the id.
        with pytest.raises(NotFoundError) as caught:
            await client.cell_measurement.get("gone")
        assert _library_frames(caught.value) == ["boundary.py:call"]
        assert "GET /cell_measurements/gone" in str(caught.value)
        with pytest.raises(NotFoundError) as caught:
            await client.resolve_measurement("no spec", "no cell", "no run")
        assert _library_frames(caught.value) == ["boundary.py:call"]


def test_a_blocking_404_shows_the_callers_line_and_the_facade(
    local_thread_server: Any,
) -> None:
    with (
        Ionworks(LOCAL_KEY, local_thread_server.url) as client,
        pytest.raises(NotFoundError) as caught,
    ):
        client.cell_instance.get("missing")
    assert _library_frames(caught.value) == ["_generated.py:get", "_loop.py:run"]
    text = "".join(traceback.format_exception(caught.value))
    assert "During handling" not in text and "_transport" not in text


async def test_a_cause_is_kept_without_its_internal_frames(local_server: Any) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        made = client.cell_measurement.create_properties
        await made(cell.id, "mass", {"mass_g": 1.0})
        with pytest.raises(ConflictError, match="other values") as caught:
            await made(cell.id, "mass", {"mass_g": 2.0}, if_exists="get")
    cause = caught.value.__cause__
    assert isinstance(cause, ConflictError) and cause.__traceback__ is None
    assert _library_frames(caught.value) == ["boundary.py:call"]
    text = "".join(traceback.format_exception(caught.value))
    assert "direct cause" in text and "During handling" not in text


async def test_a_connection_error_hides_the_chain_below_it() -> None:
    async with AsyncIonworks(LOCAL_KEY, "http://127.0.0.1:9", max_retries=0) as client:
        with pytest.raises(APIConnectionError, match="could not connect") as caught:
            await client.cell_spec.get("any")
    text = "".join(traceback.format_exception(caught.value))
    assert "aiohttp/" not in text and "During handling" not in text
    assert _library_frames(caught.value) == ["boundary.py:call"]


async def test_the_full_traceback_is_there_when_asked_for(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FULL_TRACEBACKS, "1")
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.cell_instance.get("missing")
    frames = _library_frames(caught.value)
    assert frames[0] == "boundary.py:call" and "session.py:fetch" in frames


async def test_a_bug_keeps_its_whole_traceback(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ionworks_async.resources import _records_api as _requests

    def broken(*_: Any, **__: Any) -> Any:
        raise KeyError("a bug, not the caller's error")

    monkeypatch.setattr(_requests, "parse_record", broken)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.list()
        assert spec is not None
        with pytest.raises(KeyError) as caught:
            await client.cell_spec.create({"name": "x"})
    assert len(_library_frames(caught.value)) > 2


def test_a_mistake_in_the_users_input_ends_at_the_users_line(tmp_path: Path) -> None:
    from ionworks_async import read

    with pytest.raises(read.CyclerFileError) as caught:
        read.time_series(tmp_path / "no-such-export.csv")
    assert _library_frames(caught.value) == ["boundary.py:call"]
    with pytest.raises(read.CyclerFileError) as caught:
        read.detect_reader(tmp_path)  # a folder
    assert _library_frames(caught.value) == ["boundary.py:call"]
    with pytest.raises(ValueError, match="Did you mean") as refused:
        AsyncIonworks("k" * 40, "localhost:8765")
    assert _library_frames(refused.value) == ["boundary.py:call"]
    with pytest.raises(ValueError, match="Did you mean") as refused:
        Ionworks("k" * 40, "localhost:8765")
    assert _library_frames(refused.value) == [
        "_generated.py:__init__",
        "boundary.py:call",
    ]
