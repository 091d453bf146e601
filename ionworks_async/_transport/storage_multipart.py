"""Large uploads the public client's way: S3 multipart with the API's credentials.

``initiate-upload`` may offer, beside each signed PUT URL, a ``multipart``
target: an S3 endpoint, bucket, object path and short-lived credentials. A
body of :data:`MULTIPART_THRESHOLD` bytes or more then goes as parts of
:data:`PART_BYTES`: one ``CreateMultipartUpload``, the parts (at most
:data:`PARTS_IN_FLIGHT` at once, within the client's storage concurrency,
each retried on its own by the transport's retry loop), one
``CompleteMultipartUpload`` — or, when anything fails, an
``AbortMultipartUpload``, so storage keeps no orphaned parts. A part is read
from the body when it is sent, so memory holds at most the parts in flight.
Each request is signed with AWS Signature Version 4 (:mod:`.sigv4`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.sax.saxutils import escape

import attrs
from yarl import URL

from .._runtime.tasks import gather_or_cancel
from .._runtime.threads import run_in_thread
from ..errors import APIStatusError, ResponseValidationError
from .request import Body, Request, SentFile
from .sigv4 import EMPTY_SHA256, authorization, signature

if TYPE_CHECKING:
    from .session import Transport

__all__ = [
    "MULTIPART_THRESHOLD",
    "PARTS_IN_FLIGHT",
    "PART_BYTES",
    "MultipartTarget",
    "StorageTarget",
    "body_size",
    "put_multipart",
    "put_stored",
]

MULTIPART_THRESHOLD = 16 * 1024**2
"""Bodies of this many bytes or more go by multipart when it is offered."""

PART_BYTES = 8 * 1024**2
"""The size of a part (the last may be smaller; S3's least is 5 MiB)."""

PARTS_IN_FLIGHT = 4
"""The most parts sent at once (and held in memory), within storage's budget."""

_MAX_XML = 1024**2
_TAG = re.compile(rb"<UploadId>([^<]{1,1024})</UploadId>")


@attrs.frozen(repr=False)
class MultipartTarget:
    """Where and as whom a multipart upload goes (``initiate-upload``'s offer)."""

    endpoint: str
    region: str
    bucket: str
    object_path: str
    access_key_id: str
    secret_access_key: str
    session_token: str

    def __repr__(self) -> str:  # the credentials never reach a repr or a log
        return f"MultipartTarget({self.endpoint!r}, {self.bucket!r})"

    @classmethod
    def read(cls, offer: object) -> MultipartTarget | None:
        """Return the target of an upload's ``multipart`` field, if it is whole."""
        if not isinstance(offer, Mapping):
            return None
        values: dict[str, str] = {}
        for field in attrs.fields(cls):
            value = offer.get(field.name)
            if not isinstance(value, str) or not value:
                return None
            values[field.name] = value
        return cls(**values)

    def url(self) -> URL:
        """Return the object's URL (path style: endpoint, bucket, key)."""
        key = quote(self.object_path, safe="/-_.~")
        base = self.endpoint.rstrip("/")
        return URL(f"{base}/{quote(self.bucket, safe='')}/{key}", encoded=True)


@attrs.frozen(repr=False)
class StorageTarget:
    """Where one file of an upload goes: a signed PUT URL, maybe a multipart offer."""

    url: str
    multipart: MultipartTarget | None = None

    def __repr__(self) -> str:  # a signed URL is a credential too
        return f"StorageTarget(multipart={self.multipart is not None})"

    @classmethod
    def read(cls, upload: object) -> StorageTarget | None:
        """Return the target of one entry of ``uploads``, if it has a URL."""
        if not isinstance(upload, Mapping):
            return None
        url = upload.get("signed_url")
        if not isinstance(url, str):
            return None
        return cls(url, MultipartTarget.read(upload.get("multipart")))


async def put_stored(
    transport: Transport,
    target: StorageTarget,
    body: Body,
    content_type: str = "application/octet-stream",
) -> None:
    """Upload a file to its target: by parts from :data:`MULTIPART_THRESHOLD`.

    Multipart is used when the server offered it and the body is large
    enough; when storage refuses to start one (a 4xx, or 501: it does not
    do multipart, or not for these credentials), the body goes by the
    signed PUT as before. A failure once parts are being sent is raised.
    """
    offer = target.multipart
    if offer is None or body_size(body) < MULTIPART_THRESHOLD:
        await transport.put_signed(target.url, body, content_type)
        return
    try:
        await put_multipart(transport, offer, body, content_type)
    except _Unavailable:
        await transport.put_signed(target.url, body, content_type)


class _Unavailable(Exception):
    """Storage refused to start a multipart upload: the signed PUT is tried."""


def body_size(body: Body) -> int:
    """Return the size of a body in bytes."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return len(body)
    return (body.path if isinstance(body, SentFile) else body).stat().st_size


def _read_part(body: Body, start: int, size: int) -> tuple[bytes, str]:
    """Return one part's bytes and their SHA-256 (in a worker thread)."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        data = bytes(body[start : start + size])
    else:
        path: Path = body.path if isinstance(body, SentFile) else body
        with path.open("rb") as file:
            file.seek(start)
            data = file.read(size)
        if isinstance(body, SentFile):
            body.on_read(start + len(data))
    return data, hashlib.sha256(data).hexdigest()


def _signed(
    target: MultipartTarget,
    method: str,
    params: list[tuple[str, str]],
    data: bytes,
    payload_hash: str,
    headers: Mapping[str, str] | None = None,
) -> Request:
    url = target.url()
    amz_date = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    host = url.raw_host or ""
    if url.explicit_port and url.port not in (80, 443):
        host = f"{host}:{url.port}"
    signed = {
        "host": host,
        "x-amz-content-sha256": payload_hash,
        "x-amz-date": amz_date,
        "x-amz-security-token": target.session_token,
        **{name.lower(): value for name, value in (headers or {}).items()},
    }
    sig = signature(
        method=method,
        path=url.raw_path,
        query=params,
        headers=signed,
        payload_hash=payload_hash,
        secret=target.secret_access_key,
        amz_date=amz_date,
        region=target.region,
    )
    sent = {name: value for name, value in signed.items() if name != "host"}
    sent["Authorization"] = authorization(
        target.access_key_id, amz_date, target.region, signed, sig
    )
    return Request(
        method,
        url,
        params=params,
        body=data,
        headers=sent,
        credentials=False,
        transfer=True,
    )


async def put_multipart(
    transport: Transport,
    target: MultipartTarget,
    body: Body,
    content_type: str = "application/octet-stream",
) -> None:
    """Upload ``body`` to ``target`` in parts; abort the upload if a part fails.

    Raises
    ------
    IonworksError
        The transport's error of the request that failed (after its retries),
        or a :class:`~ionworks_async.errors.ResponseValidationError` when
        storage's answer cannot be read.
    """
    size = body_size(body)
    typed = {"Content-Type": content_type}
    try:
        created = await transport.fetch(
            _signed(target, "POST", [("uploads", "")], b"", EMPTY_SHA256, typed)
        )
    except APIStatusError as error:
        if error.status_code is not None and (
            400 <= error.status_code < 500 or error.status_code == 501
        ):
            raise _Unavailable from error
        raise
    upload_id = _upload_id(created.body, target)
    try:
        etags = await _parts(transport, target, body, size, upload_id)
        document = _completion(etags)
        await transport.fetch(
            _signed(
                target,
                "POST",
                [("uploadId", upload_id)],
                document,
                hashlib.sha256(document).hexdigest(),
                {"Content-Type": "application/xml"},
            )
        )
    except BaseException:
        with contextlib.suppress(Exception):  # storage drops the parts
            await asyncio.shield(
                transport.fetch(
                    _signed(
                        target, "DELETE", [("uploadId", upload_id)], b"", EMPTY_SHA256
                    )
                )
            )
        raise


async def _parts(
    transport: Transport,
    target: MultipartTarget,
    body: Body,
    size: int,
    upload_id: str,
) -> list[str]:
    """Send every part, :data:`PARTS_IN_FLIGHT` at a time; return their ETags."""
    starts = list(range(0, max(size, 1), PART_BYTES))
    window = asyncio.Semaphore(PARTS_IN_FLIGHT)

    async def send(number: int, start: int) -> str:
        async with window:
            data, digest = await run_in_thread()(_read_part, body, start, PART_BYTES)
            params = [("partNumber", str(number + 1)), ("uploadId", upload_id)]
            answer = await transport.fetch(_signed(target, "PUT", params, data, digest))
            etag = answer.headers.get("ETag")
            if not etag:
                raise _unreadable(target, "a part's answer has no ETag")
            return etag

    return await gather_or_cancel(
        send(number, start) for number, start in enumerate(starts)
    )


def _completion(etags: list[str]) -> bytes:
    parts = "".join(
        f"<Part><PartNumber>{number}</PartNumber><ETag>{escape(etag)}</ETag></Part>"
        for number, etag in enumerate(etags, 1)
    )
    return f"<CompleteMultipartUpload>{parts}</CompleteMultipartUpload>".encode()


def _upload_id(answer: bytes, target: MultipartTarget) -> str:
    found = _TAG.search(answer[:_MAX_XML])
    if found is None:
        raise _unreadable(target, "CreateMultipartUpload answered without UploadId")
    return found.group(1).decode("utf-8", "replace")


def _unreadable(target: MultipartTarget, reason: str) -> ResponseValidationError:
    return ResponseValidationError(
        f"Storage's answer to a multipart upload could not be read: {reason}.",
        method="POST",
        path=target.url().path,
    )
