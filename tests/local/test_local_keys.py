"""ionworks-local's keys: no blank API key, no weak URL-signing key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import aiohttp

from ionworks_async.local import LocalServer
from ionworks_async.local.server import KEY_BYTES, _secret


async def test_blank_api_keys_are_dropped_and_a_random_one_is_made() -> None:
    async with LocalServer(in_memory=True, api_keys=["", "  "]) as server:
        assert server.generated_key and server.api_key.strip()
        assert "" not in server.api_keys
        async with aiohttp.ClientSession() as session:
            async with session.get(
                f"{server.url}/cell_specifications", headers={"X-API-Key": ""}
            ) as answer:
                assert answer.status == 401
            async with session.get(
                f"{server.url}/cell_specifications",
                headers={"X-API-Key": server.api_key},
            ) as answer:
                assert answer.status == 200


def test_an_empty_or_cut_signing_key_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "signing.key"
    for damaged in ("", "ab" * 4, "not hex at all"):
        path.write_text(damaged)
        key = _secret(tmp_path)
        assert len(key) == KEY_BYTES
        assert path.read_text() == key.hex()
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert _secret(tmp_path) == key  # a sound key is kept across restarts
    assert [p.name for p in tmp_path.iterdir()] == ["signing.key"]


async def test_one_server_a_data_folder(tmp_path: Path) -> None:
    import pytest

    async with LocalServer(data_dir=tmp_path, api_keys=["k"]):
        second = LocalServer(data_dir=tmp_path, api_keys=["k"])
        with pytest.raises(RuntimeError, match="Another ionworks-local already serves"):
            await second.start()
    # Stopped: the folder is free again.
    async with LocalServer(data_dir=tmp_path, api_keys=["k"]) as again:
        assert again.url


def test_a_second_serve_on_one_folder_exits_with_a_message(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    first = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ionworks_async.local.cli",
            "serve",
            "--data-dir",
            str(tmp_path),
            "--port",
            "0",
            "--api-key",
            "k",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "ionworks.sqlite3").exists():
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "ionworks_async.local.cli",
                "serve",
                "--data-dir",
                str(tmp_path),
                "--port",
                "0",
                "--api-key",
                "k",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1
        assert "Another ionworks-local already serves" in second.stderr
    finally:
        first.terminate()
        first.communicate(timeout=30)
