"""The public client's helpers on ours: the Navigator, the cache switches, the
validator that raises; against ionworks-local."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from ionworks_async import (
    AsyncIonworks,
    AsyncNavigator,
    MeasurementValidationError,
    MeasurementValidationWarning,
    clear_cache,
    get_cache_directory,
    get_cache_enabled,
    get_cache_ttl,
    set_cache_directory,
    set_cache_enabled,
    set_cache_ttl,
    validate_measurement_data,
)
from ionworks_async._cache import folders, switches

from ..support import LOCAL_KEY


@pytest.fixture(autouse=True)
def _switches_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """The switches are the process's: each test leaves them as it found them."""
    monkeypatch.setattr(switches, "_enabled", True)
    monkeypatch.setattr(switches, "_ttl", None)
    monkeypatch.setattr(folders, "_chosen", [])


def _series(rows: int = 20, start: float = 0.0) -> dict[str, list[Any]]:
    return {
        "Time [s]": [start + n for n in range(rows)],
        "Voltage [V]": [4.0 - 0.01 * n for n in range(rows)],
        "Current [A]": [1.0 if n < rows // 2 else 0.0 for n in range(rows)],
        "Step count": [0 if n < rows // 2 else 1 for n in range(rows)],
        "Cycle count": [0] * rows,
    }


async def _written(client: AsyncIonworks) -> None:
    """Wait for the cache's writer (writes go behind the caller)."""
    cache = client.context.data_cache
    assert cache is not None
    await cache.flush()


async def _lab(client: AsyncIonworks) -> dict[str, Any]:
    """Two specs, three cells (made out of name order), one measurement each."""
    project = await client.project.create({"name": "walk"})
    beta = await client.cell_spec.create({"name": "beta", "project_id": project.id})
    alpha = await client.cell_spec.create({"name": "alpha", "project_id": project.id})
    cells = [
        await client.cell_instance.create(alpha.id, {"name": name})
        for name in ("c2", "c1")
    ]
    for cell in cells:
        await client.cell_measurement.create(
            cell.id, {"measurement": {"name": "run"}, "time_series": _series()}
        )
    return {"project": project.id, "alpha": alpha, "beta": beta, "cells": cells}


async def test_the_navigator_walks_by_name_and_keeps_what_it_fetched(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        lab = await _lab(client)
        navigator = AsyncNavigator(client, project_id=lab["project"])
        assert list(await navigator.specs()) == ["alpha", "beta"]
        cells = await navigator.instances("alpha")
        assert [cell.name for cell in cells] == ["c1", "c2"]
        assert await navigator.instances("alpha") is cells  # kept, not refetched
        with pytest.raises(KeyError, match="'alpha', 'beta'"):
            await navigator.spec("gamma")
        measurements = await navigator.measurements(cells[0].id)
        steps = await navigator.steps(measurements[0].id)
        again = await navigator.steps(measurements[0].id)
        assert steps is not again and steps.to_dict() == again.to_dict()  # copies
        assert len(await navigator.time_series(measurements[0].id)) == 20

        # Something new is not seen until its part is invalidated.
        await client.cell_instance.create(lab["alpha"].id, {"name": "c0"})
        assert len(await navigator.instances("alpha")) == 2
        navigator.invalidate(instance_id=cells[0].id)
        assert [c.name for c in await navigator.instances("alpha")] == [
            "c0",
            "c1",
            "c2",
        ]
        await client.cell_spec.create({"name": "aa", "project_id": lab["project"]})
        assert "aa" not in await navigator.specs()
        navigator.invalidate(spec_name="alpha")
        assert list(await navigator.specs()) == ["aa", "alpha", "beta"]
        navigator.invalidate()  # everything
        assert navigator._specs is None and navigator._tables == {}

        unscoped = AsyncNavigator(client)
        with pytest.raises(ValueError, match="project_id is required"):
            await unscoped.specs()
        assert len(await unscoped.measurements(cells[1].id)) == 1  # by id: fine
        with pytest.raises(ValueError, match="at least 1"):
            AsyncNavigator(client, 0)


async def test_the_cache_switches_act_on_every_client(
    local_server: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "chosen"
    set_cache_directory(folder)
    assert get_cache_directory() == folder
    entries = folder / switches.ENTRIES_FOLDER

    def kept() -> list[Path]:
        return (
            [p for p in entries.rglob("*") if p.is_file()] if entries.exists() else []
        )

    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        assert client.cache_dir == folder  # made after the switch: its folder
        lab = await _lab(client)
        measurement = (await client.cell_measurement.list(lab["cells"][0].id))[0]

        set_cache_enabled(False)
        assert get_cache_enabled() is False
        await client.cell_measurement.steps(measurement.id)
        await _written(client)
        assert kept() == []  # off: nothing written

        set_cache_enabled(True)
        await client.cell_measurement.steps(measurement.id)
        await _written(client)
        assert len(kept()) == 1

        # A TTL makes an older entry a miss (and drops it).
        set_cache_ttl(60)
        assert get_cache_ttl() == 60
        (entry,) = kept()
        os.utime(entry, (time.time(), time.time() - 3600))
        await client.cell_measurement.steps(measurement.id)
        await _written(client)
        (fresh,) = kept()
        assert time.time() - fresh.stat().st_mtime < 600  # written again

    assert clear_cache() == 1 and kept() == []
    assert clear_cache() == 0
    with pytest.raises(ValueError, match="ttl_seconds"):
        set_cache_ttl(-1)
    with pytest.raises(TypeError, match="True or False"):
        set_cache_enabled("no")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="folder path"):
        set_cache_directory(3)  # type: ignore[arg-type]


def test_validate_measurement_data_raises_errors_and_warns_of_the_rest() -> None:
    validate_measurement_data(_series())  # nothing to say
    with pytest.raises(MeasurementValidationError) as failed:
        validate_measurement_data(_series(start=5.0))
    assert failed.value.has_code("time_does_not_start_at_zero")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validate_measurement_data(_series(), start_time="2999-01-01T00:00:00Z")
    assert [w.category for w in caught] == [MeasurementValidationWarning]
    assert caught[0].filename == __file__  # the caller's line, not ours
