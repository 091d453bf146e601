"""The on-disk cache of measurement data that a repeat ``detail()`` reads."""

from __future__ import annotations

import json
import os
import stat
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async._cache import DataCache, default_cache_dir, resolve_cache_dir
from ionworks_async._transport.settings import Settings
from ionworks_async.errors import NotFoundError
from ionworks_async.models.records import CellMeasurement

from ..support import LOCAL_KEY
from ..support.local_api import (
    API_KEY,
    CYCLES,
    STEPS,
    TIME_SERIES,
    LocalApi,
    parquet_bytes,
)

STAMP = "2026-11-01T08:00:00+00:00"


def _stamp(api: LocalApi, instance_id: str, updated_at: Any = STAMP) -> None:
    for measurement_id in api.measurement_ids(instance_id):
        api.answer_fields.setdefault(measurement_id, {})["updated_at"] = updated_at


def _data_requests(api: LocalApi) -> int:
    return sum(
        count
        for route, count in api.counts.items()
        if "steps" in route or "download" in route or route.startswith("/storage")
    )


def _entries(cache_dir: Path) -> list[Path]:
    """The data entries (the folder also keeps the connection hints)."""
    return sorted(
        path
        for path in (cache_dir / "measurement-data-v1").rglob("*")
        if path.is_file() and not path.name.startswith(".tmp-")
    )


async def _kept(client: AsyncIonworks, cache_dir: Path) -> list[Path]:
    """The entries on disk once the client's background writes are done."""
    assert client.context.data_cache is not None
    await client.context.data_cache.flush()
    return _entries(cache_dir)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


async def test_a_repeat_detail_makes_no_data_request(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 24)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        assert client.cache_dir == cache_dir
        first = await client.cell_instance.detail("inst")
        assert _data_requests(api) == 24 * 3
        assert (
            len(await _kept(client, cache_dir)) == 24 * 2
        )  # steps_and_cycles, time series
        api.counts.clear()
        again = await client.cell_instance.detail("inst")
    # One round trip: the instance and the list page, nothing else.
    assert sum(api.counts.values()) == 2 and _data_requests(api) == 0
    for fresh, kept in zip(first.measurements, again.measurements, strict=True):
        assert kept.time_series is not None and fresh.time_series is not None
        assert kept.time_series.to_dict() == fresh.time_series.to_dict()
        assert kept.steps is not None and kept.steps.to_dict() == STEPS
        assert kept.cycles is not None and kept.cycles.to_dict() == CYCLES
    assert again.measurements[0].time_series.to_dict() == TIME_SERIES  # type: ignore[union-attr]


async def test_an_updated_measurement_is_fetched_again(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 3)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_instance.detail("inst")
        # The second measurement changes: new data, a new updated_at.
        changed = {"Time [s]": [0.0, 5.0], "Voltage [V]": [3.9, 3.8]}
        api.replace_file("inst-m1", "time_series.parquet", parquet_bytes(changed))
        api.answer_fields["inst-m1"]["updated_at"] = "2026-11-02T08:00:00+00:00"
        api.counts.clear()
        detail = await client.cell_instance.detail("inst")
    assert _data_requests(api) == 3  # that one measurement's data only
    assert api.counts["/storage/{id}/{file}"] == 1
    series = detail.measurements[1].time_series
    assert series is not None and series.to_dict() == changed
    assert detail.measurements[0].time_series.to_dict() == TIME_SERIES  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("status", "updated_at"),
    [
        ("running", STAMP),
        ("pending", STAMP),
        ("ready", None),
        # kept as the server sent them: no time to trust, so no cache (and no
        # AttributeError from the cache either)
        ("ready", 1730000000),
        ("ready", "yesterday"),
    ],
)
async def test_data_that_may_still_change_is_not_kept(
    local_api: tuple[LocalApi, str], cache_dir: Path, status: str, updated_at: Any
) -> None:
    api, url = local_api
    api.add_instance("inst", 2)
    _stamp(api, "inst", updated_at)
    for measurement_id in api.measurement_ids("inst"):
        api.answer_fields[measurement_id]["processing_status"] = status
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_instance.detail("inst")
        await client.cell_instance.detail("inst")
    assert _entries(cache_dir) == []
    assert _data_requests(api) == 2 * 2 * 3


async def test_cache_false_neither_reads_nor_writes(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 2)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_instance.detail("inst", cache=False)
        assert await _kept(client, cache_dir) == []
        await client.cell_instance.detail("inst")
        assert len(await _kept(client, cache_dir)) == 4
        api.counts.clear()
        await client.cell_instance.detail("inst", cache=False)
        assert _data_requests(api) == 2 * 3
        with pytest.raises(TypeError, match="cache"):
            await client.cell_instance.detail("inst", cache="no")  # type: ignore[arg-type]
    async with AsyncIonworks(API_KEY, url, cache_dir=False) as client:
        assert client.cache_dir is None
        api.counts.clear()
        await client.cell_instance.detail("inst")
        assert _data_requests(api) == 2 * 3
        assert await client.clear_cache() == 0


async def test_a_measurement_detail_uses_the_cache_too(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 1)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_measurement.detail("inst-m0")
        api.counts.clear()
        detail = await client.cell_measurement.detail("inst-m0", include_cycles=False)
        # Steps alone are another entry: its download and storage fetch; the
        # time series is read from the cache.
        assert _data_requests(api) == 2
        api.counts.clear()
        detail = await client.cell_measurement.detail("inst-m0", include_cycles=False)
    assert list(api.counts) == ["/cell_measurements/{id}"]  # the metadata only
    assert detail.steps is not None and detail.steps.to_dict() == STEPS


async def test_the_data_calls_read_what_detail_kept_and_skip_storage_on_a_hit(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 1)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_measurement.detail("inst-m0")
        api.counts.clear()
        series = await client.cell_measurement.time_series("inst-m0")
        both = await client.cell_measurement.steps_and_cycles("inst-m0")
        # the record beside each route's own first answer; nothing from storage
        assert api.storage_requests() == 0
        assert api.counts["/cell_measurements/{id}"] == 2
        api.counts.clear()
        again = await client.cell_measurement.time_series("inst-m0", use_cache=False)
        assert (
            api.storage_requests() == 1 and "/cell_measurements/{id}" not in api.counts
        )
    assert series.to_dict() == again.to_dict()
    assert series.to_dict() == TIME_SERIES
    assert both.steps.to_dict() == STEPS


async def test_a_changed_measurement_is_fetched_again_and_kept_anew(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 1)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_measurement.steps("inst-m0")  # a miss: fetched, kept
        assert api.storage_requests() == 1
        await client.cell_measurement.steps("inst-m0")  # a hit
        assert api.storage_requests() == 1
        _stamp(api, "inst", "2026-11-02T08:00:00+00:00")  # extended, say
        await client.cell_measurement.steps("inst-m0")
        assert api.storage_requests() == 2
        with pytest.raises(TypeError, match="use_cache"):
            await client.cell_measurement.cycles("inst-m0", "yes")  # type: ignore[arg-type]


async def test_a_cached_read_of_a_missing_measurement_raises_and_leaves_no_task(
    local_api: tuple[LocalApi, str], cache_dir: Path
) -> None:
    _, url = local_api
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        with pytest.raises(NotFoundError):
            await client.cell_measurement.time_series("no-such-measurement")
        with pytest.raises(NotFoundError):
            await client.cell_measurement.cycles("no-such-measurement")


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign"])
async def test_a_damaged_entry_is_dropped_and_fetched_again(
    local_api: tuple[LocalApi, str], cache_dir: Path, damage: str
) -> None:
    api, url = local_api
    api.add_instance("inst", 1)
    _stamp(api, "inst")
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        await client.cell_instance.detail("inst", include_steps=False)
        assert len(await _kept(client, cache_dir)) == 2  # cycles, and the time series
        entry = max(
            await _kept(client, cache_dir), key=lambda path: path.stat().st_size
        )
        raw = entry.read_bytes()
        damaged = {
            "truncate": raw[: len(raw) // 2],
            "flip": raw[:-9] + bytes([raw[-9] ^ 1]) + raw[-8:],
            "empty": b"",
            "foreign": b"PAR1" + raw[4:],
        }[damage]
        entry.write_bytes(damaged)
        api.counts.clear()
        detail = await client.cell_instance.detail("inst", include_steps=False)
    series = detail.measurements[0].time_series
    assert series is not None and series.to_dict() == TIME_SERIES
    assert api.counts["/storage/{id}/{file}"] == 1  # fetched again
    assert entry.read_bytes() == raw  # and kept again, whole


async def test_a_crash_mid_write_leaves_nothing_that_is_read(
    local_api: tuple[LocalApi, str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, url = local_api
    api.add_instance("inst", 1)
    _stamp(api, "inst")

    def crash(*_: object) -> None:
        raise OSError(28, "No space left on device")

    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", crash)
            detail = await client.cell_instance.detail("inst")
            assert client.context.data_cache is not None
            await client.context.data_cache.flush()  # the writes fail here
        assert detail.measurements[0].time_series is not None  # the call succeeds
        assert await _kept(client, cache_dir) == []
        assert not [p for p in cache_dir.rglob(".tmp-*")]  # no temporary left
        # A temporary file of a killed process is never read as an entry.
        folder = next(path for path in cache_dir.rglob("*") if path.is_dir())
        (folder / ".tmp-killed").write_bytes(b"half an entry")
        api.counts.clear()
        await client.cell_instance.detail("inst")
        assert _data_requests(api) == 3
        assert len(await _kept(client, cache_dir)) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
async def test_folders_are_private(
    local_api: tuple[LocalApi, str], tmp_path: Path
) -> None:
    api, url = local_api
    api.add_instance("inst", 1)
    _stamp(api, "inst")
    cache_dir = tmp_path / "new" / "cache"
    old_umask = os.umask(0o002)
    try:
        async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
            await client.cell_instance.detail("inst")
    finally:
        os.umask(old_umask)
    folders = [cache_dir, *(path for path in cache_dir.rglob("*") if path.is_dir())]
    assert len(folders) >= 3
    for folder in folders:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for entry in _entries(cache_dir):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry


def _settings(api_key: str = "key", url: str = "https://api.test") -> Settings:
    return Settings(
        api_url=url, api_key=api_key, token=None, organization_id=None, project_id=None
    )


def _measurement(updated_at: str = STAMP) -> CellMeasurement:
    return CellMeasurement(
        id="m1",
        name="run",
        cell_instance_id="c1",
        measurement_type="time_series",
        processing_status="ready",
        updated_at=updated_at,
    )


def test_keys_belong_to_one_api_and_one_credential(tmp_path: Path) -> None:
    measurement = _measurement()
    mine = DataCache(tmp_path, 100, _settings()).key(measurement, "time_series")
    assert mine == DataCache(tmp_path, 100, _settings()).key(measurement, "time_series")
    others = {
        DataCache(tmp_path, 100, _settings("other key")).key(
            measurement, "time_series"
        ),
        DataCache(tmp_path, 100, _settings(url="https://b.test")).key(
            measurement, "time_series"
        ),
        DataCache(tmp_path, 100, _settings()).key(measurement, "steps"),
        DataCache(tmp_path, 100, _settings()).key(
            _measurement("2026-11-01T08:00:01+00:00"), "time_series"
        ),
    }
    assert mine not in others and len(others) == 4
    assert "key" not in str(mine)


async def test_the_least_recently_used_entries_go_first(tmp_path: Path) -> None:
    cache = DataCache(tmp_path, 1000, _settings())

    async def read(name: str) -> bytes | None:
        return (await cache.read_many([name * 64])).get(name * 64)

    for name in "abcd":
        cache.write(name * 64, name.encode() * 200)
        await cache.flush()
        os.utime(cache._path(name * 64), (1_000 + ord(name), 1_000 + ord(name)))
    assert await read("a") == b"a" * 200  # a is used: now the newest
    cache.write("e" * 64, b"e" * 200)  # 5 x 249 bytes > 1000
    await cache.flush()
    kept = {name for name in "abcde" if await read(name) is not None}
    # Freed down to 90 % of the bound: b and c, used least recently, are gone.
    assert kept == {"a", "d", "e"}
    assert await cache.clear() == 3
    assert await read("a") is None
    # A new process finds the entries on disk (and only intact ones).
    cache.write("f" * 64, b"f" * 10)
    await cache.flush()
    again = DataCache(tmp_path, 1000, _settings())
    assert await again.read_many(["f" * 64, "g" * 64]) == {"f" * 64: b"f" * 10}
    with pytest.raises(ValueError, match="positive"):
        DataCache(tmp_path, 0, _settings())


def test_where_the_cache_goes(tmp_path: Path) -> None:
    assert resolve_cache_dir(False) is None
    assert resolve_cache_dir(tmp_path / "c") == tmp_path / "c"
    assert resolve_cache_dir(None, {"IONWORKS_CACHE_DIR": str(tmp_path)}) == tmp_path
    for off in ("off", "0", "FALSE", "none"):
        assert resolve_cache_dir(None, {"IONWORKS_CACHE_DIR": off}) is None
    default = resolve_cache_dir(None, {"XDG_CACHE_HOME": str(tmp_path)})
    assert default == default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)})
    if sys.platform.startswith("linux"):
        assert default == tmp_path / "ionworks-async"
    with pytest.raises(TypeError, match="cache_dir"):
        resolve_cache_dir(True)


def _local_requests(url: str, reset: bool = False) -> int:
    request = urllib.request.Request(
        url + "/_local/stats", method="DELETE" if reset else "GET"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
    routes = json.loads(raw)["requests"] if raw and not reset else {}
    return sum(n for route, n in routes.items() if "/_local/" not in route)


def test_the_blocking_client_keeps_data_across_clients(
    local_thread_server: Any,
) -> None:
    """ionworks-local: a new client's first detail() reads the kept data."""
    url = local_thread_server.url
    with Ionworks(LOCAL_KEY, url) as api:
        spec = api.cell_spec.create({"name": "cached"})
        cell = api.cell_instance.create(spec.id, {"name": "c"})
        series = {
            "Time [s]": [float(n) for n in range(40)],
            "Voltage [V]": [4.0 - 0.01 * n for n in range(40)],
            "Current [A]": [1.0] * 40,
            "Step count": [n // 10 for n in range(40)],
        }
        measurement = api.cell_measurement.create(
            cell.id, {"measurement": {"name": "run"}, "time_series": series}
        )
        first = api.cell_instance.detail(cell.id)
    with Ionworks(LOCAL_KEY, url) as api:
        _local_requests(url, reset=True)
        again = api.cell_instance.detail(cell.id)
        assert _local_requests(url) == 2
        assert (
            again.measurements[0].steps.to_dict()
            == first.measurements[0].steps.to_dict()
        )  # type: ignore[union-attr]
        # An extend changes the measurement: its new rows are fetched.
        api.cell_measurement.extend(
            measurement.id,
            {
                "Time [s]": [40.0, 41.0],
                "Voltage [V]": [3.5, 3.5],
                "Current [A]": [1.0, 1.0],
                "Step count": [4, 4],
            },
        )
        extended = api.cell_instance.detail(cell.id)
    assert extended.measurements[0].time_series.num_rows == 42  # type: ignore[union-attr]


async def test_detail_does_not_wait_for_the_disk(
    local_api: tuple[LocalApi, str], cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import threading

    api, url = local_api
    api.add_instance("inst", 3)
    _stamp(api, "inst")
    disk = threading.Event()
    real = DataCache._write

    def slow_disk(self: DataCache, key: str, data: bytes) -> None:
        disk.wait(10)
        real(self, key, data)

    monkeypatch.setattr(DataCache, "_write", slow_disk)
    async with AsyncIonworks(API_KEY, url, cache_dir=cache_dir) as client:
        first = await asyncio.wait_for(client.cell_instance.detail("inst"), 5)
        assert _entries(cache_dir) == []  # nothing written yet
        api.counts.clear()
        again = await client.cell_instance.detail("inst")  # read from memory
        assert _data_requests(api) == 0
        assert [m.time_series.to_dict() for m in again.measurements] == [  # type: ignore[union-attr]
            m.time_series.to_dict()
            for m in first.measurements  # type: ignore[union-attr]
        ]
        disk.set()
    assert len(_entries(cache_dir)) == 3 * 2  # closing the client waited for them


def test_the_interpreters_exit_waits_for_queued_writes(
    local_thread_server: Any, tmp_path: Path
) -> None:
    import subprocess

    url = local_thread_server.url
    with Ionworks(LOCAL_KEY, url, cache_dir=False) as api:
        spec = api.cell_spec.create({"name": "exit"})
        cell = api.cell_instance.create(spec.id, {"name": "c"})
        series = {
            "Time [s]": [0.0, 1.0, 2.0],
            "Voltage [V]": [4.0, 3.9, 3.8],
            "Current [A]": [1.0, 1.0, 1.0],
            "Step count": [0, 0, 0],
        }
        api.cell_measurement.create(
            cell.id, {"measurement": {"name": "run"}, "time_series": series}
        )
    script = """
import asyncio, sys, time
from ionworks_async import AsyncIonworks
from ionworks_async._cache import DataCache
real = DataCache._write
def slow(self, key, data):
    time.sleep(0.3)  # a slow disk: the writes are queued when the script ends
    real(self, key, data)
DataCache._write = slow
url, key, folder, cell = sys.argv[1:]

async def main():
    client = AsyncIonworks(key, url, cache_dir=folder)
    await client.cell_instance.detail(cell)
    # the session only: the writes are not awaited
    await client.context.transport.aclose()

asyncio.run(main())
print("done", flush=True)  # the interpreter's exit must wait for the writes
"""
    cache = tmp_path / "exit-cache"
    done = subprocess.run(
        [sys.executable, "-c", script, url, LOCAL_KEY, str(cache), cell.id],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "done"
    assert len(_entries(cache)) == 2  # steps_and_cycles and the time series


async def test_an_entry_renamed_to_another_key_is_not_returned(
    tmp_path: Path,
) -> None:
    """The digest is keyed by the entry's key: a renamed entry is foreign."""
    cache = DataCache(tmp_path, 10_000, _settings())
    first, second = "a" * 64, "b" * 64
    cache.write_many([(first, b"first's data"), (second, b"second's data")])
    await cache.flush()
    os.replace(cache._path(first), cache._path(second))
    again = DataCache(tmp_path, 10_000, _settings())
    assert await again.read_many([first, second]) == {}
    assert not cache._path(second).exists()  # dropped, to be fetched again


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
async def test_a_folder_others_could_write_is_made_private_and_not_trusted(
    tmp_path: Path,
) -> None:
    cache = DataCache(tmp_path, 10_000, _settings())
    key = "c" * 64
    cache.write(key, b"data")
    await cache.flush()
    shard = cache._path(key).parent
    for folder in (shard.parent, shard):
        os.chmod(folder, 0o777)  # a pre-existing folder, or someone's chmod
    again = DataCache(tmp_path, 10_000, _settings())
    assert await again.read_many([key]) == {}  # it may have been planted
    for folder in (shard.parent, shard):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    again.write(key, b"fresh")
    await again.flush()
    assert await DataCache(tmp_path, 10_000, _settings()).read_many([key]) == {
        key: b"fresh"
    }


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners")
async def test_a_folder_another_user_owns_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    key = "d" * 64
    cache = DataCache(tmp_path, 10_000, _settings())
    cache.write(key, b"data")
    await cache.flush()
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)  # we are someone else
    other = DataCache(tmp_path, 10_000, _settings())
    assert await other.read_many([key]) == {}
    other.write("e" * 64, b"mine")
    await other.flush()
    assert not cache._path("e" * 64).exists()
    assert "belongs to another user" in caplog.text


async def test_a_cache_folder_deleted_under_a_running_client_is_made_again(
    tmp_path: Path,
) -> None:
    import shutil

    folder = tmp_path / "cache"
    cache = DataCache(folder, 10_000, _settings())
    first, second = "f" * 64, "f" * 63 + "0"  # one shard
    cache.write(first, b"one")
    await cache.flush()
    shutil.rmtree(folder)  # a tmp cleaner, a user's rm -rf
    cache.write(second, b"two")
    await cache.flush()
    assert cache._path(second).exists()
    again = DataCache(folder, 10_000, _settings())
    assert await again.read_many([first, second]) == {second: b"two"}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_child_forked_with_writes_queued_starts_with_none(tmp_path: Path) -> None:
    import subprocess

    script = """
import asyncio, os, sys, time
from pathlib import Path
from ionworks_async._cache import DataCache
from ionworks_async._transport.settings import Settings
from ionworks_async.errors import NotFoundError
real = DataCache._write
def slow(self, key, data):
    time.sleep(1.0)  # the parent's writes are queued when it forks
    real(self, key, data)
DataCache._write = slow
settings = Settings(api_url="https://api.test", api_key="k", token=None,
                    organization_id=None, project_id=None)
cache = DataCache(Path(sys.argv[1]), 10**6, settings)
cache.write_many([("a" * 64, b"1"), ("b" * 64, b"2")])
time.sleep(0.1)
pid = os.fork()
if pid == 0:
    # the parent's writes are not the child's: nothing to wait for
    flushed = asyncio.run(cache.flush(timeout=3))
    cache.write("c" * 64, b"3")  # and the child still caches
    written = cache.wait_written(5)
    print("child", flushed, written, flush=True)
    sys.exit(0)  # the interpreter's exit waits for nothing of the parent's
_, status = os.waitpid(pid, 0)
print("parent", os.waitstatus_to_exitcode(status), cache.wait_written(10))
"""
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["child True True", "parent 0 True"]
    names = {path.name for path in _entries(tmp_path)}
    assert names == {"a" * 64, "b" * 64, "c" * 64}
