"""kill -9 of ionworks-local during writes loses no acknowledged write."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
from pathlib import Path

from ionworks_async import AsyncIonworks, IonworksError
from ionworks_async.local import serve

from ..support import LOCAL_KEY


async def start_server(data_dir: Path) -> tuple[asyncio.subprocess.Process, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "ionworks_async.local.cli",
        "serve",
        "--port",
        "0",
        "--data-dir",
        str(data_dir),
        "--api-key",
        LOCAL_KEY,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
    return process, line.split()[-1]


async def test_kill_9_during_writes_loses_no_acknowledged_write(tmp_path: Path) -> None:
    process, url = await start_server(tmp_path)
    acknowledged: set[str] = set()
    try:
        async with AsyncIonworks(
            LOCAL_KEY, url, max_retries=0, max_concurrency=16
        ) as client:
            spec = await client.cell_spec.create({"name": "crash test"})

            async def create(index: int) -> None:
                name = f"cell-{index:04d}"
                try:
                    await client.cell_instance.create(
                        spec.id, {"name": name, "notes": "x" * 200}
                    )
                except IonworksError:
                    return  # not acknowledged: may or may not exist
                acknowledged.add(name)

            async def killer() -> None:
                while len(acknowledged) < 150:
                    await asyncio.sleep(0.005)
                process.send_signal(signal.SIGKILL)

            await asyncio.gather(killer(), *(create(index) for index in range(2000)))
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
    assert process.returncode == -signal.SIGKILL
    assert 150 <= len(acknowledged) < 2000

    database = sqlite3.connect(tmp_path / "ionworks.sqlite3")
    try:
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in database.execute("SELECT name FROM cell_instances")}
    finally:
        database.close()
    assert acknowledged <= stored

    with serve(data_dir=tmp_path, api_keys=[LOCAL_KEY]) as server:
        async with AsyncIonworks(LOCAL_KEY, server.url) as client:
            listed = {
                instance.name
                async for instance in client.cell_instance.iter_all(spec.id)
            }
    assert listed == stored
