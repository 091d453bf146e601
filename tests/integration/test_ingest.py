"""Bulk ingestion: create_many, BatchResult, progress, and `ionworks ingest`."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import (
    APIConnectionError,
    AsyncIonworks,
    BatchError,
    ConflictError,
)
from ionworks_async.bulk.runner import run_batch
from ionworks_async.local import LocalServer, serve
from ionworks_async.local.demo import constant_current_protocol
from ionworks_async.local.faults import FaultSettings

from ..support import LOCAL_KEY

FAULTS = FaultSettings(
    error_rate=0.1, drop_rate=0.05, drop_after_commit_rate=0.05, rate_limit=200, seed=11
)


def job_environment(**extra: str) -> dict[str, str]:
    """The environment of a user's job: this process's, and ``extra``."""
    return {**os.environ, **extra}


def stats(server: LocalServer) -> dict[str, Any]:
    with urllib.request.urlopen(f"{server.url}/_local/stats", timeout=10) as response:
        result: dict[str, Any] = json.load(response)
        return result


def client_tasks() -> set[asyncio.Task[Any]]:
    return set(asyncio.all_tasks())


@pytest.fixture
def faulty_server() -> Iterator[LocalServer]:
    with serve(in_memory=True, api_keys=[LOCAL_KEY], faults=FAULTS) as server:
        yield server


@pytest.mark.slow
async def test_two_thousand_instances_through_faults_end_exactly_once(
    faulty_server: LocalServer,
) -> None:
    names = [f"cell-{index:05d}" for index in range(2000)]
    # About one attempt in five meets a fault (503, dropped, dropped after
    # commit) and 429s count too: with the default 5 retries, some request of
    # ~2,100 runs out about one run in ten. Ten retries make that negligible.
    async with AsyncIonworks(
        LOCAL_KEY, faulty_server.url, max_concurrency=64, max_retries=10
    ) as client:
        spec = (await client.cell_spec.create_many([{"name": "bulk"}])).records[0]
        result = await client.cell_instance.create_many(
            spec.id, ({"name": name, "batch": "B"} for name in names)
        )
        stored = [
            instance.name async for instance in client.cell_instance.iter_all(spec.id)
        ]
    assert result.ok and not result.failed, str(result)
    assert [success.index for success in result.succeeded] == list(range(2000))
    assert [record.name for record in result.records] == names
    assert result.created + result.existing == 2000
    assert sorted(stored) == names  # exactly 2,000, no duplicate name
    faults = stats(faulty_server)["faults"]
    # (whether the rate limit answers 429s here depends on the machine's pace;
    # the next test makes one that does not)
    assert faults["error"] and faults["drop"] and faults["drop_after_commit"]


async def test_a_rate_limit_answer_is_waited_out_and_the_call_succeeds() -> None:
    # Half a token a second, its bucket starting half full: the first request
    # meets a 429 whatever the machine's pace, with Retry-After of a second.
    limited = FaultSettings(rate_limit=0.5, seed=1)
    with serve(in_memory=True, api_keys=[LOCAL_KEY], faults=limited) as server:
        async with AsyncIonworks(LOCAL_KEY, server.url, max_retries=3) as client:
            spec = await client.cell_spec.create_or_get({"name": "limited"})
        counted = stats(server)
    assert spec.name == "limited"
    assert counted["faults"]["rate_limited"] >= 1
    assert counted["statuses"].get("429", 0) >= 1


async def test_measurement_uploads_through_faults_end_exactly_once(
    faulty_server: LocalServer,
) -> None:
    # Each upload is several requests (create, signed PUT, confirm): a fault
    # after any commit, the confirm's included, must leave one measurement.
    names = [f"run-{index:03d}" for index in range(40)]
    series = constant_current_protocol(cycles=1, sample_seconds=60.0)
    async with AsyncIonworks(
        LOCAL_KEY, faulty_server.url, max_concurrency=16, max_retries=10
    ) as client:
        spec = await client.cell_spec.create_or_get({"name": "bulk uploads"})
        cell = await client.cell_instance.create_or_get(spec.id, {"name": "cell"})
        result = await client.cell_measurement.create_many(
            cell.id,
            ({"measurement": {"name": n}, "time_series": series} for n in names),
            concurrency=8,
        )
        stored = await client.cell_measurement.list(cell.id, limit=100)
    assert result.ok and not result.failed, str(result)
    assert sorted(record.name for record in result.records) == names
    assert sorted(record.name for record in stored) == names  # none twice
    assert {record.id for record in result.records} == {r.id for r in stored}
    faults = stats(faulty_server)["faults"]
    assert faults["drop_after_commit"], "no answer was lost after a commit"


def test_a_job_killed_halfway_and_rerun_ends_with_the_same_set(tmp_path: Path) -> None:
    names = [f"cell-{index:05d}" for index in range(2000)]
    with serve(
        in_memory=True, api_keys=[LOCAL_KEY], faults=FaultSettings(latency_ms=2)
    ) as server:
        with Ionworks(LOCAL_KEY, server.url) as client:
            spec = client.cell_spec.create({"name": "resumable"})
        job = textwrap.dedent(f"""
            from ionworks import Ionworks
            with Ionworks({LOCAL_KEY!r}, {server.url!r}) as client:
                client.cell_instance.create_many(
                    {spec.id!r}, ({{"name": f"cell-{{i:05d}}"}} for i in range(2000)))
        """)
        process = subprocess.Popen([sys.executable, "-c", job], env=job_environment())
        try:
            deadline = time.monotonic() + 60
            while (
                stats(server)["requests"].get(
                    "POST /cell_specifications/{id}/cell_instances", 0
                )
                < 1000
            ):
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(30)
        with Ionworks(LOCAL_KEY, server.url) as client:
            halfway = client.cell_instance.list(spec.id, limit=1).total
            assert 900 <= halfway < 2000
            result = client.cell_instance.create_many(
                spec.id, [{"name": n} for n in names]
            )
            stored = sorted(
                instance.name for instance in client.cell_instance.iter_all(spec.id)
            )
    assert (
        result.ok
        and result.existing >= halfway
        and result.created == 2000 - result.existing
    )
    assert stored == names


async def test_memory_stays_flat_over_twenty_thousand_lazy_items() -> None:
    # 20,000 items: debug mode's record of where each coroutine was made
    # would make this take ten times as long, and it is about memory.
    asyncio.get_running_loop().set_debug(False)
    payload_size = 64 * 1024

    def items() -> Iterator[dict[str, Any]]:
        for index in range(20_000):  # 1.3 GB of payloads in all, never all at once
            yield {"name": f"item-{index}", "payload": bytes(payload_size)}

    async def create(item: dict[str, Any]) -> tuple[int, bool]:
        await asyncio.sleep(0)
        return len(item["payload"]), True

    tracemalloc.start()
    try:
        result = await run_batch(items(), create, concurrency=32)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.succeeded) == 20_000 and result.created == 20_000
    assert peak < 40 * payload_size + 12 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


async def test_stop_on_error_cancels_the_rest_cleanly() -> None:
    taken: list[int] = []
    cancelled = 0

    def items() -> Iterator[dict[str, Any]]:
        for index in range(1000):
            taken.append(index)
            yield {"name": f"item-{index}", "index": index}

    async def create(item: dict[str, Any]) -> tuple[int, bool]:
        nonlocal cancelled
        try:
            await asyncio.sleep(0.01 if item["index"] != 10 else 0.001)
        except asyncio.CancelledError:
            cancelled += 1
            raise
        if item["index"] == 10:
            raise ConflictError("boom", 409)
        return item["index"], True

    before = client_tasks()
    result = await run_batch(items(), create, concurrency=8, stop_on_error=True)
    assert client_tasks() <= before
    assert result.stopped_early and not result.ok
    assert [(failure.index, failure.name) for failure in result.failed] == [
        (10, "item-10")
    ]
    assert len(taken) <= 10 + 8 + 1 and cancelled >= 1
    assert all(success.index < len(taken) for success in result.succeeded)


async def test_progress_reporting(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def create(item: dict[str, Any]) -> tuple[str, bool]:
        if item["name"] == "bad":
            raise ValueError("bad item")
        return item["name"], True

    calls: list[tuple[int, int | None, int]] = []
    items = [{"name": "a"}, {"name": "bad"}, {"name": "c"}]
    await run_batch(
        items, create, concurrency=2, progress=lambda *args: calls.append(args)
    )
    assert calls[-1] == (3, 3, 1) and [call[0] for call in calls] == [1, 2, 3]
    await run_batch(iter(items), create, concurrency=2, progress=False)
    assert capsys.readouterr() == ("", "")
    # No tqdm: the plain counter (tqdm.auto too: an earlier test may load it).
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    await run_batch(iter(items), create, concurrency=2, progress=True)
    err = capsys.readouterr().err
    assert "3 done, 1 failed" in err and err.endswith("\n")


async def test_batch_result_report_and_if_exists_error(
    local_server: LocalServer,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        await client.cell_spec.create({"name": "taken"})
        result = await client.cell_spec.create_many(
            [{"name": "new"}, {"name": "taken"}, "not a dict", {"name": 5}],  # type: ignore[list-item]
            if_exists="error",
        )
        with pytest.raises(ValueError, match="if_exists"):
            await client.cell_spec.create_many([], if_exists="maybe")  # type: ignore[arg-type]
    assert [record.name for record in result.records] == ["new"]
    kinds = [(failure.index, type(failure.error).__name__) for failure in result.failed]
    assert kinds == [
        (1, "ConflictError"),
        (2, "TypeError"),
        (3, "UnprocessableEntityError"),
    ]
    text = str(result)
    assert (
        "4 items" in text
        and "1 created, 0 existing, 3 failed" in text
        and "'taken'" in text
    )
    with pytest.raises(BatchError) as caught:
        result.raise_for_failures()
    assert len(caught.value.failures) == 3 and "#2" in caught.value.message


def test_blocking_create_many_with_measurements(
    local_thread_server: LocalServer,
) -> None:
    series = constant_current_protocol(cycles=1, sample_seconds=30.0)
    seen: list[int] = []
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        spec = client.cell_spec.create({"name": "s"})
        cell = client.cell_instance.create_many(spec.id, [{"name": "c"}]).records[0]
        items = (
            {"measurement": {"name": f"m{index}", "notes": "n"}, "time_series": series}
            for index in range(5)
        )
        result = client.cell_measurement.create_many(
            cell.id,
            items,
            concurrency=3,
            progress=lambda done, total, failed: seen.append(done),
        )
        again = client.cell_measurement.create_many(
            cell.id,
            [
                {"measurement": {"name": "m0"}, "time_series": series},
                {"measurement": {"name": "props", "properties": {}}},
            ],
        )
    assert result.ok and result.created == 5 and seen[-1] == 5
    assert all(record.processing_status == "ready" for record in result.records)
    assert (again.created, again.existing) == (1, 1)
    assert again.records[1].measurement_type == "properties"


def write_folder(folder: Path, cells: int, measurements: int) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    folder.mkdir()
    (folder / "spec.json").write_text(
        json.dumps({"name": "Ingest spec", "form_factor": "pouch"})
    )
    table = pa.table(constant_current_protocol(cycles=1, sample_seconds=60.0))
    for cell in range(cells):
        cell_folder = folder / f"cell-{cell:02d}"
        cell_folder.mkdir()
        (cell_folder / "cell.json").write_text(json.dumps({"batch": f"B{cell % 3}"}))
        for index in range(measurements):
            if index % 2:
                pq.write_table(table, cell_folder / f"run-{index}.parquet")
            else:
                pacsv.write_csv(table, cell_folder / f"run-{index}.csv")
        (cell_folder / "run-0.json").write_text(json.dumps({"notes": "first run"}))


def run_ingest(
    folder: Path, server: LocalServer, *options: str
) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "ionworks"
    env = job_environment(IONWORKS_API_KEY=LOCAL_KEY, IONWORKS_API_URL=server.url)
    return subprocess.run(
        [str(command), "ingest", str(folder), "--no-progress", *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_ionworks_ingest_end_to_end_and_rerun(
    tmp_path: Path, local_thread_server: LocalServer
) -> None:
    folder = tmp_path / "exports"
    write_folder(folder, cells=20, measurements=3)
    first = run_ingest(folder, local_thread_server)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "60 ingested, 0 extended, 0 existing, 0 failed" in first.stdout
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        (spec,) = client.cell_spec.list(name_exact="Ingest spec")
        cells = list(client.cell_instance.iter_all(spec.id))
        assert len(cells) == 20 and {cell.batch for cell in cells} == {"B0", "B1", "B2"}
        runs = [m for cell in cells for m in client.cell_measurement.iter_all(cell.id)]
        assert len(runs) == 60 and {m.processing_status for m in runs} == {"ready"}
        assert sum(1 for m in runs if m.notes == "first run") == 20
    second = run_ingest(folder, local_thread_server, "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["counts"]["existing"] == 60 and report["created"] == {
        "specifications": 0,
        "cells": 0,
    }


def test_ionworks_ingest_reports_each_failure_once_with_exit_1(
    tmp_path: Path, local_thread_server: LocalServer
) -> None:
    folder = tmp_path / "exports"
    write_folder(folder, cells=2, measurements=1)
    (folder / "cell-01" / "broken.csv").write_text(
        "Time [s],Voltage [V],Current [A]\n0,4.2,1\n1,4.1,1\n"
    )
    (folder / "cell-00" / "falling.csv").write_text(
        "Time [s],Voltage [V],Current [A],Step count\n0,4.2,1,0\n2,4.1,1,0\n"
        "1,4.0,1,0\n3,3.9,1,0\n"
    )
    result = run_ingest(folder, local_thread_server)
    assert result.returncode == 1
    report = result.stdout.split("failed (fix them")[1]
    broken = folder / "cell-01" / "broken.csv"
    assert f"{broken}: " in report and "Step count" in report
    assert "falling.csv: " in report and "time_not_monotonic" in report
    assert "decreases at row 2 (2 -> 1) (line 4 of the file)" in report  # 1-based
    assert report.count("broken.csv") == 1  # each failure once
    for bad in ("broken.csv", "falling.csv"):
        (folder / ("cell-01" if bad == "broken.csv" else "cell-00") / bad).unlink()
    # Six unlogged hours before the last row: only the strict checks object.
    (folder / "cell-00" / "gap.csv").write_text(
        "Time [s],Voltage [V],Current [A],Step count\n0,4.2,1,0\n1,4.1,1,0\n"
        "2,4.0,0,1\n21602,4.0,0,1\n"
    )
    strict = run_ingest(folder, local_thread_server, "--strict")
    assert strict.returncode == 1 and "time_gap_too_large" in strict.stdout
    skipped = run_ingest(
        folder, local_thread_server, "--strict", "--skip-check", "time_gaps"
    )
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    unknown = run_ingest(folder, local_thread_server, "--skip-check", "gaps")
    assert unknown.returncode == 2 and "'gaps'" in unknown.stderr
    missing = run_ingest(tmp_path / "nowhere", local_thread_server)
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def failing_source(fail_after: int) -> Iterator[dict[str, Any]]:
    for index in range(100):
        if index == fail_after:
            raise OSError("disk went away")
        yield {"name": f"item-{index}"}


async def instant(item: dict[str, Any]) -> tuple[str, bool]:
    await asyncio.sleep(0)
    return item["name"], True


@pytest.mark.parametrize("stop_on_error", [False, True])
async def test_a_failing_item_source_ends_the_batch_with_its_error_and_result(
    stop_on_error: bool,
) -> None:
    with pytest.raises(BatchError) as caught:
        await run_batch(
            failing_source(2), instant, concurrency=4, stop_on_error=stop_on_error
        )
    error = caught.value
    assert isinstance(error.__cause__, OSError)
    assert isinstance(error.source_error, OSError) and "disk" in str(error)
    result = error.result
    assert result.created == 2 and not result.ok
    assert result.not_attempted is None  # a generator: how many were left is unknown
    assert (
        result.created + result.existing + len(result.failed) + len(result.unknown)
        == result.taken
        == 2
    )


async def test_items_cancelled_in_flight_are_unknown_never_dropped() -> None:
    async def slow_unless_bad(item: dict[str, Any]) -> tuple[str, bool]:
        if item["name"] == "item-3":
            await asyncio.sleep(0.01)
            raise ValueError("bad item")
        await asyncio.sleep(10)
        return item["name"], True

    items = [{"name": f"item-{index}"} for index in range(50)]
    result = await run_batch(items, slow_unless_bad, concurrency=8, stop_on_error=True)
    assert result.stopped_early and [f.index for f in result.failed] == [3]
    assert [entry.index for entry in result.unknown] == [0, 1, 2, 4, 5, 6, 7]
    assert result.taken == 8 and result.not_attempted == 42
    assert (
        result.created + result.existing + len(result.failed) + len(result.unknown)
        == result.taken
    )
    assert "7 unknown" in str(result) and "42 not attempted" in str(result)
    with pytest.raises(BatchError) as caught:
        result.raise_for_failures()
    assert caught.value.result is result


async def test_cancelling_a_batch_reports_what_was_in_flight(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def forever(item: dict[str, Any]) -> tuple[str, bool]:
        if item["name"] == "item-0":
            return item["name"], True
        await asyncio.sleep(60)
        return item["name"], True

    items = [{"name": f"item-{index}"} for index in range(20)]
    task = asyncio.ensure_future(run_batch(items, forever, concurrency=5))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert "Batch cancelled: 6 items" in caplog.text
    assert "1 created" in caplog.text and "5 unknown" in caplog.text


def test_blocking_create_many_pulls_user_code_off_the_event_loop(
    local_thread_server: LocalServer, tmp_path: Path
) -> None:
    """A generator may read files and call the blocking client itself."""
    for index in range(6):
        (tmp_path / f"cell-{index}.json").write_text(json.dumps({"notes": "n"}))
    threads: set[str] = set()
    progress_threads: set[str] = set()
    with Ionworks(LOCAL_KEY, local_thread_server.url) as client:
        spec = client.cell_spec.create({"name": "generator spec"})

        def cells() -> Iterator[dict[str, Any]]:
            for path in sorted(tmp_path.glob("cell-*.json")):
                threads.add(threading.current_thread().name)
                assert client.cell_spec.get(spec.id).id == spec.id  # blocking call
                yield {"name": path.stem, **json.loads(path.read_text())}

        result = client.cell_instance.create_many(
            spec.id,
            cells(),
            concurrency=3,
            progress=lambda *_: progress_threads.add(threading.current_thread().name),
        )
    assert result.ok and result.created == 6, str(result)
    assert "ionworks-event-loop" not in threads | progress_threads
    assert threads and progress_threads


async def test_a_slow_generator_does_not_stall_requests_in_flight() -> None:
    """The loop keeps serving while the source blocks in its worker thread."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    def slow_items() -> Iterator[dict[str, Any]]:
        for index in range(3):
            time.sleep(0.1)  # reading a large file, say
            yield {"name": f"item-{index}"}

    background = asyncio.ensure_future(ticker())
    try:
        result = await run_batch(slow_items(), instant, concurrency=2)
    finally:
        background.cancel()
    assert result.created == 3
    assert ticks >= 15, f"the event loop was blocked: {ticks} ticks in 0.3 s"


async def test_progress_callbacks_run_in_order_and_a_broken_one_stops_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[int] = []

    def record(done: int, total: int | None, failed: int) -> None:
        seen.append(done)
        if done == 3:
            raise RuntimeError("progress bar bug")

    items = [{"name": f"item-{index}"} for index in range(10)]
    result = await run_batch(items, instant, concurrency=4, progress=record)
    assert result.created == 10 and seen == [1, 2, 3]
    assert "progress callback raised" in caplog.text


async def test_two_items_with_one_name_fail_the_second(
    local_server: LocalServer,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "dups"})
        result = await client.cell_instance.create_many(
            spec.id, [{"name": "x"}, {"name": "y"}, {"name": "x", "notes": "2nd"}]
        )
    assert [success.record.name for success in result.succeeded] == ["x", "y"]
    ((index, error),) = [(f.index, f.error) for f in result.failed]
    assert index == 2 and isinstance(error, ValueError)
    assert "same name as item #0" in str(error)


async def test_an_unreachable_server_stops_the_batch_at_the_breaker(
    no_backoff: list[float],
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends
    names = [{"name": f"cell-{index}"} for index in range(10_000)]
    async with AsyncIonworks(LOCAL_KEY, f"http://127.0.0.1:{port}") as client:
        for source in (names, iter(names)):
            with pytest.raises(BatchError) as caught:
                await client.cell_instance.create_many("spec", source)
            result = caught.value.result
            assert "unreachable" in str(caught.value)
            assert isinstance(caught.value.__cause__, APIConnectionError)
            in_flight = client.max_concurrency  # create_many's default bound
            assert 10 <= len(result.failed) <= 10 + in_flight
            assert not result.succeeded
            assert all(isinstance(f.error, APIConnectionError) for f in result.failed)
            assert result.taken == len(result.failed)
            if isinstance(source, list):
                assert result.not_attempted == 10_000 - result.taken
            else:
                assert result.not_attempted is None
