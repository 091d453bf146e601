"""Raw data through both clients against ionworks-local: the original files, kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ionworks import Ionworks
from ionworks_async import AsyncIonworks, NotFoundError, RawData

from ..support import LOCAL_KEY


async def _measurement(client: AsyncIonworks, name: str = "m") -> Any:
    spec = await client.cell_spec.create_or_get({"name": "raw spec"})
    cell = await client.cell_instance.create_or_get(spec.id, {"name": "cell"})
    made = await client.cell_measurement.create_properties(
        cell.id, name, {"mass": {"value": 1.0, "unit": "g"}}
    )
    return spec, made


async def test_a_file_is_kept_byte_for_byte_linked_and_deleted(
    local_server: Any, tmp_path: Path
) -> None:
    original = bytes(range(256)) * 40
    path = tmp_path / "cell07.mpr"
    path.write_bytes(original)
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, cache_dir=tmp_path / "cache"
    ) as client:
        spec, made = await _measurement(client)
        raw = await client.raw_data.upload(
            spec.project_id, path, source="BioLogic VMP3", metadata={"ch": 7}
        )
        assert isinstance(raw, RawData)
        assert (raw.name, raw.filename, raw.size_bytes) == (
            "cell07.mpr",
            "cell07.mpr",
            len(original),
        )
        assert raw.metadata == {"ch": 7} and raw.source == "BioLogic VMP3"
        buffered = await client.raw_data.upload(
            spec.project_id, io.BytesIO(b"abc"), name="from memory"
        )
        assert (buffered.name, buffered.size_bytes) == ("from memory", 3)
        listed = await client.raw_data.list(spec.project_id)
        assert [r.id for r in listed] == [raw.id, buffered.id] and listed.total == 2
        assert (await client.raw_data.list(spec.project_id, limit=1)).total == 2
        assert await client.raw_data.download(raw.id) == original
        url = await client.raw_data.download_url(raw.id)
        async with aiohttp.ClientSession() as plain, plain.get(url) as answer:
            assert await answer.read() == original  # no credentials needed
        await client.cell_measurement.attach_raw_data(made.id, [raw.id, buffered.id])
        await client.cell_measurement.attach_raw_data(made.id, [raw.id])
        linked = await client.cell_measurement.list_raw_data(made.id)
        assert [r.id for r in linked] == [raw.id, buffered.id]
        assert list(await client.raw_data.list_measurements(raw.id)) == [made.id]
        await client.cell_measurement.detach_raw_data(made.id, buffered.id)
        with pytest.raises(NotFoundError):
            await client.cell_measurement.detach_raw_data(made.id, buffered.id)
        changed = await client.raw_data.update(raw.id, name="run 7", source="")
        assert changed.name == "run 7" and changed.source is None
        await client.raw_data.delete(raw.id)
        with pytest.raises(NotFoundError):
            await client.raw_data.get(raw.id)
        assert await client.cell_measurement.list_raw_data(made.id) == []
        # Deleting a measurement unlinks its raw data, which stays.
        await client.cell_measurement.attach_raw_data(made.id, [buffered.id])
        await client.cell_measurement.delete(made.id)
        assert await client.raw_data.list_measurements(buffered.id) == []
        assert (await client.raw_data.get(buffered.id)).id == buffered.id


async def _download_urls(server: Any) -> int:
    """How many download URLs the server has signed (its own loop: no blocking)."""
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{server.url}/_local/stats") as answer,
    ):
        counted: int = (await answer.json())["requests"].get(
            "GET /raw_data/{id}/download-url", 0
        )
        return counted


async def test_a_download_is_kept_and_read_again_from_the_cache(
    local_server: Any, tmp_path: Path
) -> None:
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, cache_dir=tmp_path / "cache"
    ) as client:
        spec, _ = await _measurement(client)
        raw = await client.raw_data.upload(spec.project_id, io.BytesIO(b"kept"))
        assert await client.raw_data.download(raw.id) == b"kept"
    before = await _download_urls(local_server)
    async with AsyncIonworks(
        LOCAL_KEY, local_server.url, cache_dir=tmp_path / "cache"
    ) as again:
        assert await again.raw_data.download(raw.id) == b"kept"
        assert await again.raw_data.download(raw.id, use_cache=False) == b"kept"
    after = await _download_urls(local_server)
    assert after == before + 1  # the cached read asked nothing; use_cache=False did


async def test_ionworks_local_refuses_what_is_not_an_upload(local_server: Any) -> None:
    headers = {"X-API-Key": LOCAL_KEY}
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        spec, _ = await _measurement(client)
        project = spec.project_id
    body = {"project_id": project, "filename": "a.csv"}
    async with aiohttp.ClientSession(headers=headers) as http:
        base = local_server.url
        async with http.post(f"{base}/raw_data/initiate-upload", json=body) as answer:
            started = await answer.json()
        raw_id, url = started["raw_data_id"], started["uploads"][0]["signed_url"]
        confirm = f"{base}/raw_data/{raw_id}/confirm-upload"
        async with http.post(confirm, json={**body, "size_bytes": 3}) as answer:
            assert answer.status == 409  # nothing was uploaded yet
        async with aiohttp.ClientSession() as storage, storage.put(url, data=b"abc"):
            pass
        async with http.post(confirm, json={**body, "size_bytes": 4}) as answer:
            assert answer.status == 422  # the size says another file
        async with http.post(confirm, json={**body, "size_bytes": 3}) as answer:
            assert answer.status == 201
        async with http.post(confirm, json={**body, "size_bytes": 3}) as answer:
            assert answer.status == 409
            assert (await answer.json())["detail"]["existing_id"] == raw_id
        async with (
            aiohttp.ClientSession() as storage,
            storage.put(url, data=b"other") as answer,
        ):
            assert answer.status == 409  # the URL no longer takes data
        unknown = {"project_id": "no-such-project", "filename": "a.csv"}
        async with http.post(
            f"{base}/raw_data/initiate-upload", json=unknown
        ) as answer:
            assert answer.status == 404
        async with http.get(f"{base}/raw_data/{raw_id}") as answer:
            assert (await answer.json())["size_bytes"] == 3


def test_the_blocking_client_has_the_same_calls(local_thread_server: Any) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url, cache_dir=False) as client:
        spec = client.cell_spec.create({"name": "blocking raw"})
        raw = client.raw_data.upload(spec.project_id, io.BytesIO(b"x" * 10))
        assert client.raw_data.get(raw.id).size_bytes == 10
        assert client.raw_data.download(raw.id) == b"x" * 10
        with pytest.raises(FileNotFoundError):
            client.raw_data.upload(spec.project_id, "/no/such/file.csv")
