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
