"""Large uploads by S3 multipart, ours and ionworks-local's, as the hosted API offers.

ionworks-local offers each upload file a multipart target (its S3 endpoint
and credentials for that object only); from 16 MiB the client sends parts,
signed with AWS Signature Version 4, and completes once — or aborts.
"""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any

import aiohttp
import pytest

from ionworks_async import AsyncIonworks, IonworksError
from ionworks_async._transport import storage_multipart
from ionworks_async._transport.sigv4 import EMPTY_SHA256, signature
from ionworks_async._transport.storage_multipart import MultipartTarget, StorageTarget

from ..support import LOCAL_KEY

S3_POST = "POST /storage/s3/{bucket}/{key}"
S3_PUT = "PUT /storage/s3/{bucket}/{key}"


def test_the_signature_is_aws_published_example() -> None:
    # "Example: GET Object" of AWS's Signature Version 4 documentation for S3.
    headers = {
        "host": "examplebucket.s3.amazonaws.com",
        "range": "bytes=0-9",
        "x-amz-content-sha256": EMPTY_SHA256,
        "x-amz-date": "20130524T000000Z",
    }
    assert (
        signature(
            method="GET",
            path="/test.txt",
            query=[],
            headers=headers,
            payload_hash=EMPTY_SHA256,
            secret="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            amz_date="20130524T000000Z",
            region="us-east-1",
        )
        == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )


async def _requests(client: AsyncIonworks) -> dict[str, int]:
    stats = await client.get("/_local/stats")
    return {k: v for k, v in stats["requests"].items() if "/storage/" in k}


async def test_a_large_file_goes_by_parts_and_arrives_whole(local_server: Any) -> None:
    data = os.urandom(17 * 1024**2 + 123)  # 3 parts of 8 MiB at most
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        project = await client.project.create({"name": "big"})
        raw = await client.raw_data.upload(project.id, io.BytesIO(data), "big.bin")
        assert await client.raw_data.download(raw.id) == data
        seen = await _requests(client)
    assert seen[S3_POST] == 2 and seen[S3_PUT] == 3  # create, 3 parts, complete
    assert "PUT /storage/{id}/{file}" not in seen  # not the single PUT
    assert local_server.state.multipart == {}  # completed, forgotten


async def test_a_time_series_and_files_go_by_parts_from_the_threshold(
    local_server: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setattr(storage_multipart, "MULTIPART_THRESHOLD", 1)
    rows = 50
    series = {
        "Time [s]": [float(n) for n in range(rows)],
        "Voltage [V]": [4.0 - n / 1000 for n in range(rows)],
        "Current [A]": [1.0] * 25 + [0.0] * 25,
        "Step count": [0] * 25 + [1] * 25,
        "Cycle count": [0] * rows,
    }
    photo = tmp_path / "cell.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "s"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        made = await client.cell_measurement.create(
            cell.id, {"measurement": {"name": "run"}, "time_series": series}
        )
        back = await client.cell_measurement.time_series(made.id)
        assert back.to_dict()["Voltage [V]"] == series["Voltage [V]"]
        files = await client.cell_measurement.create_file(cell.id, "photo", [photo])
        got = await client.cell_measurement.get_file(files.id, "cell.png")
        assert got == photo.read_bytes()
        seen = await _requests(client)
    assert seen[S3_POST] == 4 and seen[S3_PUT] == 2  # the series, the photo


async def test_a_failed_part_aborts_the_upload_and_nothing_is_kept(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = storage_multipart._read_part

    def failing(body: Any, start: int, size: int) -> tuple[bytes, str]:
        if start > 0:
            raise OSError("the disk went away")
        return original(body, start, size)

    monkeypatch.setattr(storage_multipart, "_read_part", failing)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        project = await client.project.create({"name": "big"})
        with pytest.raises(OSError, match="disk went away"):
            await client.raw_data.upload(
                project.id, io.BytesIO(os.urandom(17 * 1024**2)), "big.bin"
            )
        seen = await _requests(client)
    assert seen["DELETE /storage/s3/{bucket}/{key}"] == 1  # aborted
    assert local_server.state.multipart == {}
    kept = getattr(local_server.state.blobs, "_files", {})
    assert not [name for _, name in kept if name.startswith(".part-")]


async def test_storage_that_will_not_start_a_multipart_gets_the_signed_put(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = StorageTarget.read

    def forged(upload: object) -> StorageTarget | None:
        found = read(upload)
        if found is None or found.multipart is None:
            return found
        wrong = MultipartTarget(
            **{**_fields(found.multipart), "secret_access_key": "x"}
        )
        return StorageTarget(found.url, wrong)

    monkeypatch.setattr(StorageTarget, "read", staticmethod(forged))
    data = os.urandom(16 * 1024**2)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        project = await client.project.create({"name": "big"})
        raw = await client.raw_data.upload(project.id, io.BytesIO(data), "big.bin")
        assert await client.raw_data.download(raw.id) == data
        seen = await _requests(client)
    assert seen[S3_POST] == 1 and seen["PUT /storage/{id}/{file}"] == 1


def _fields(target: MultipartTarget) -> dict[str, str]:
    return {
        name: getattr(target, name)
        for name in (
            "endpoint",
            "region",
            "bucket",
            "object_path",
            "access_key_id",
            "secret_access_key",
            "session_token",
        )
    }


async def _offer(client: AsyncIonworks, project_id: str) -> MultipartTarget:
    payload = await client.post(
        "/raw_data/initiate-upload", {"project_id": project_id, "filename": "x.bin"}
    )
    found = MultipartTarget.read(payload["uploads"][0]["multipart"])
    assert found is not None
    return found


async def _send(
    target: MultipartTarget,
    method: str,
    params: list[tuple[str, str]],
    data: bytes = b"",
    payload_hash: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, str]:
    digest = payload_hash or hashlib.sha256(data).hexdigest()
    request = storage_multipart._signed(target, method, params, data, digest)
    sent = {**request.headers, **(headers or {})}
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            method, request.url, params=params, data=data, headers=sent
        ) as answer,
    ):
        return answer.status, await answer.text()


async def test_local_storage_checks_what_s3_checks(local_server: Any) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        project = await client.project.create({"name": "s3"})
        target = await _offer(client, project.id)
    status, text = await _send(target, "POST", [("uploads", "")])
    assert status == 200 and "<UploadId>" in text
    upload_id = text.split("<UploadId>")[1].split("<")[0]
    part = [("partNumber", "1"), ("uploadId", upload_id)]

    # A body that is not the one signed; a signature by another secret.
    status, text = await _send(target, "PUT", part, b"abc", EMPTY_SHA256)
    assert (status, "XAmzContentSHA256Mismatch" in text) == (400, True)
    forged = MultipartTarget(**{**_fields(target), "secret_access_key": "x"})
    status, text = await _send(forged, "PUT", part, b"abc")
    assert (status, "SignatureDoesNotMatch" in text) == (403, True)
    other = MultipartTarget(**{**_fields(target), "object_path": "elsewhere/raw"})
    status, text = await _send(other, "POST", [("uploads", "")])
    assert (status, "InvalidAccessKeyId" in text) == (403, True)

    # An aws-chunked body (boto3's streaming form) is decoded.
    chunked = b"3;chunk-signature=0\r\nabc\r\n0\r\n\r\n"
    status, _ = await _send(
        target, "PUT", part, chunked, "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    )
    assert status == 200
    part_two = [("partNumber", "2"), ("uploadId", upload_id)]
    status, _ = await _send(target, "PUT", part_two, b"def")
    assert status == 200

    md5 = hashlib.md5(b"abc", usedforsecurity=False).hexdigest()
    md5_two = hashlib.md5(b"def", usedforsecurity=False).hexdigest()
    listing = (
        f'<CompleteMultipartUpload><Part><ETag>"{md5}"</ETag>'
        f"<PartNumber>1</PartNumber></Part><Part><PartNumber>2</PartNumber>"
        f'<ETag>"{md5_two}"</ETag></Part></CompleteMultipartUpload>'
    ).encode()
    done = [("uploadId", upload_id)]
    bomb = b'<!DOCTYPE x [<!ENTITY a "a">]>' + listing
    status, text = await _send(target, "POST", done, bomb)
    assert (status, "MalformedXML" in text) == (400, True)
    status, text = await _send(target, "POST", done, listing)
    assert (status, "EntityTooSmall" in text) == (400, True)  # 3 bytes, not last
    status, text = await _send(target, "DELETE", done)
    assert status == 204
    status, text = await _send(target, "POST", done, listing)
    assert (status, "NoSuchUpload" in text) == (404, True)
    status, text = await _send(target, "PUT", part, b"abc")
    assert (status, "NoSuchUpload" in text) == (404, True)


async def test_an_s3_error_reaches_the_caller_with_its_code(
    local_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_upload(answer: bytes, target: MultipartTarget) -> str:
        return "not-an-upload"

    monkeypatch.setattr(storage_multipart, "_upload_id", no_such_upload)
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        project = await client.project.create({"name": "big"})
        with pytest.raises(IonworksError) as failed:
            await client.raw_data.upload(
                project.id, io.BytesIO(os.urandom(17 * 1024**2)), "big.bin"
            )
    assert failed.value.error_code == "NoSuchUpload"
    assert "NoSuchUpload: No such upload" in str(failed.value)
