"""S3 multipart uploads to local storage, as the hosted storage takes them.

``initiate-upload`` offers each file a ``multipart`` target (see
:func:`multipart_offer`): this server's ``/storage/s3`` endpoint, a bucket,
the object's path, and credentials good for that one object until they
expire. The S3 calls a client makes of it — ``CreateMultipartUpload``
(``POST ?uploads``), ``UploadPart`` (``PUT ?partNumber&uploadId``),
``CompleteMultipartUpload`` (``POST ?uploadId``) and
``AbortMultipartUpload`` (``DELETE ?uploadId``) — are checked as S3 checks
them: an AWS Signature Version 4 over the request, the body's SHA-256 when
it is signed, parts of 5 MiB but the last, ETags that match. Parts are kept
as blobs beside the object and joined on disk; answers and errors are S3's
XML. boto3 (the public client's multipart path) and ours both work here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from aiohttp import web

from ..._transport.sigv4 import UNSIGNED_PAYLOAD, signature
from ..errors import ApiError
from ..shared import BUCKET, State, state_of
from ..storage.blobs import blob_call
from .uploads import accepts_upload

__all__ = ["MIN_PART_BYTES", "s3_delete", "s3_post", "s3_put"]

MIN_PART_BYTES = 5 * 1024**2
"""The least size of a part but the last (S3's)."""
MAX_PART_BYTES = 512 * 1024**2
_SKEW = dt.timedelta(minutes=15)
_AUTH = re.compile(
    r"AWS4-HMAC-SHA256 Credential=([A-Z0-9]{1,64})/(\d{8})/([a-z0-9-]{1,32})/s3/"
    r"aws4_request, ?SignedHeaders=([a-z0-9;-]{1,512}), ?Signature=([0-9a-f]{64})"
)


class S3Error(Exception):
    """An S3 error answer: status, code and message, as XML."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> web.Response:
        """Return the error as S3 answers it."""
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><Error>'
            f"<Code>{self.code}</Code><Message>{escape(self.message)}</Message>"
            "</Error>"
        )
        return web.Response(
            text=body, status=self.status, content_type="application/xml"
        )


def _xml(body: str) -> web.Response:
    text = '<?xml version="1.0" encoding="UTF-8"?>' + body
    return web.Response(text=text, content_type="application/xml")


def _checked_signature(request: web.Request, body: bytes, scope: str) -> None:
    """Raise :class:`S3Error` unless the request is signed for this object."""
    found = _AUTH.fullmatch(request.headers.get("Authorization", ""))
    token = request.headers.get("X-Amz-Security-Token", "")
    credential = state_of(request).signer.credential_of(token) if token else None
    if found is None or credential is None:
        raise S3Error(403, "AccessDenied", "A signed request with a session token")
    key_id, date, region, names, given = found.groups()
    allowed, expected_key, secret = credential
    if key_id != expected_key or allowed != scope:
        raise S3Error(403, "InvalidAccessKeyId", "This credential is not this object's")
    signed = names.split(";")
    needed = {"host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"}
    if not needed <= set(signed):
        raise S3Error(403, "AccessDenied", f"Sign {', '.join(sorted(needed))}")
    amz_date = request.headers.get("X-Amz-Date", "")
    try:
        moment = dt.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        raise S3Error(403, "AccessDenied", "X-Amz-Date is not a time") from None
    if abs(dt.datetime.now(dt.UTC) - moment) > _SKEW or not amz_date.startswith(date):
        raise S3Error(403, "RequestTimeTooSkewed", "X-Amz-Date is too far from now")
    payload = request.headers.get("X-Amz-Content-Sha256", "")
    headers = {name: request.headers.get(name, "") for name in signed}
    want = signature(
        method=request.method,
        path=request.rel_url.raw_path,
        query=list(request.query.items()),
        headers=headers,
        payload_hash=payload,
        secret=secret,
        amz_date=amz_date,
        region=region,
    )
    if not hmac.compare_digest(want, given):
        raise S3Error(403, "SignatureDoesNotMatch", "The signature does not match")
    signed_body = payload != UNSIGNED_PAYLOAD and not payload.startswith("STREAMING-")
    if signed_body and hashlib.sha256(body).hexdigest() != payload:
        raise S3Error(400, "XAmzContentSHA256Mismatch", "The body's hash differs")


def _decoded(request: web.Request, body: bytes) -> bytes:
    """Return the body, undone from ``aws-chunked`` when it was sent so."""
    payload = request.headers.get("X-Amz-Content-Sha256", "")
    if not payload.startswith("STREAMING-"):
        return body
    data, at = bytearray(), 0
    while True:
        end = body.find(b"\r\n", at)
        if end < 0:
            raise S3Error(400, "IncompleteBody", "A chunk's size line is cut short")
        try:
            size = int(body[at:end].split(b";", 1)[0], 16)
        except ValueError:
            raise S3Error(
                400, "InvalidRequest", "A chunk's size is no number"
            ) from None
        if size == 0:
            return bytes(data)
        data += body[end + 2 : end + 2 + size]
        at = end + 2 + size + 2


async def _body(request: web.Request, limit: int) -> bytes:
    """Read the whole body, refusing one beyond ``limit`` bytes."""
    data = bytearray()
    async for chunk in request.content.iter_any():
        data += chunk
        if len(data) > limit:
            raise S3Error(400, "EntityTooLarge", f"A body is at most {limit:,} bytes")
    return bytes(data)


def s3_object(request: web.Request) -> tuple[str, str, str]:
    """Return the request's (scope, measurement id, blob), or raise S3Error."""
    bucket, key = request.match_info["bucket"], request.match_info["key"]
    owner, _, blob = key.partition("/")
    if bucket != BUCKET or not owner or not blob or "/" in blob:
        raise S3Error(404, "NoSuchKey", "No such object")
    return key, owner, blob


async def s3_post(request: web.Request) -> web.Response:
    """POST ?uploads (create) or ?uploadId (complete)."""
    try:
        scope, owner, blob = s3_object(request)
        body = await _body(request, 1024**2)
        _checked_signature(request, body, scope)
        state = state_of(request)
        if "uploads" in request.query:
            _may_write(state, owner, blob)
            upload_id = secrets.token_hex(16)
            state.multipart[upload_id] = (scope, {})
            return _xml(
                "<InitiateMultipartUploadResult><Bucket>"
                f"{BUCKET}</Bucket><Key>{escape(scope)}</Key><UploadId>{upload_id}"
                "</UploadId></InitiateMultipartUploadResult>"
            )
        upload_id = request.query.get("uploadId", "")
        return await _complete(request, scope, owner, blob, upload_id, body)
    except S3Error as error:
        return error.response()


async def _complete(
    request: web.Request,
    scope: str,
    owner: str,
    blob: str,
    upload_id: str,
    body: bytes,
) -> web.Response:
    state = state_of(request)
    upload = state.multipart.get(upload_id)
    if upload is None or upload[0] != scope:
        raise S3Error(404, "NoSuchUpload", "No such upload (completed or aborted?)")
    if b"<!DOCTYPE" in body.upper() or len(body) > 1024**2:
        raise S3Error(400, "MalformedXML", "The part list is not plain XML")
    listed = _part_list(body)
    kept = upload[1]  # number: (MD5, size), as each part arrived
    numbers = [number for number, _ in listed]
    if not listed or numbers != sorted(set(numbers)):
        raise S3Error(400, "InvalidPartOrder", "List each part once, in order")
    for number, etag in listed:
        if number not in kept or kept[number][0] != etag.strip('"'):
            raise S3Error(400, "InvalidPart", f"Part {number} is not as uploaded")
    async with state.uploads.hold(owner):
        _may_write(state, owner, blob)
        parts = [_part_name(upload_id, number) for number in numbers]
        if any(kept[number][1] < MIN_PART_BYTES for number in numbers[:-1]):
            raise S3Error(400, "EntityTooSmall", "A part but the last is under 5 MiB")
        await blob_call(state.blobs, state.blobs.join, owner, blob, parts)
    del state.multipart[upload_id]
    joined = "".join(kept[n][0] for n in numbers).encode()
    etag = hashlib.md5(joined, usedforsecurity=False).hexdigest()
    return _xml(
        f"<CompleteMultipartUploadResult><Bucket>{BUCKET}</Bucket><Key>"
        f"{escape(scope)}</Key><ETag>&quot;{etag}-{len(numbers)}&quot;</ETag>"
        "</CompleteMultipartUploadResult>"
    )


def _part_list(body: bytes) -> list[tuple[int, str]]:
    """Read ``<Part>``s of a completion: (number, ETag), whatever else each holds.

    boto3 lists ``ETag`` before ``PartNumber`` and adds checksums; a DOCTYPE
    (the way to entity bombs) was refused before.
    """
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise S3Error(400, "MalformedXML", f"The part list: {error}") from None
    listed = []
    for part in root:
        if _local(part.tag) != "Part":
            continue
        fields = {_local(child.tag): (child.text or "").strip() for child in part}
        number, etag = fields.get("PartNumber", ""), fields.get("ETag", "")
        if not (number.isdigit() and len(number) <= 5 and etag):
            raise S3Error(400, "MalformedXML", "A part needs PartNumber and ETag")
        listed.append((int(number), etag))
    return listed


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _may_write(state: State, owner: str, blob: str) -> None:
    """Raise :class:`S3Error` unless the upload still takes this file."""
    try:
        accepts_upload(state, owner, blob)
    except ApiError as error:
        code = "AccessDenied" if error.status in (403, 409) else "InvalidRequest"
        raise S3Error(error.status, code, error.message) from None


def _part_name(upload_id: str, number: int) -> str:
    return f".part-{upload_id}-{number:05d}"


async def s3_put(request: web.Request) -> web.Response:
    """PUT ?partNumber&uploadId: one part."""
    try:
        scope, owner, _ = s3_object(request)
        state = state_of(request)
        upload_id = request.query.get("uploadId", "")
        upload = state.multipart.get(upload_id)
        number_text = request.query.get("partNumber", "")
        if upload is None or upload[0] != scope:
            raise S3Error(404, "NoSuchUpload", "No such upload (completed or aborted?)")
        if not (number_text.isdigit() and 1 <= int(number_text) <= 10000):
            raise S3Error(400, "InvalidArgument", "partNumber is 1 to 10000")
        body = await _body(request, MAX_PART_BYTES)
        _checked_signature(request, body, scope)
        data = _decoded(request, body)
        name = _part_name(upload_id, int(number_text))
        await blob_call(state.blobs, state.blobs.put, owner, name, data)
        md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
        upload[1][int(number_text)] = (md5, len(data))  # a part sent again: its last
        return web.Response(headers={"ETag": f'"{md5}"'})
    except S3Error as error:
        return error.response()


async def s3_delete(request: web.Request) -> web.Response:
    """DELETE ?uploadId: abort, dropping the parts."""
    try:
        scope, owner, _ = s3_object(request)
        _checked_signature(request, await _body(request, 1024), scope)
        state = state_of(request)
        upload_id = request.query.get("uploadId", "")
        upload = state.multipart.pop(upload_id, None)
        if upload is None or upload[0] != scope:
            raise S3Error(404, "NoSuchUpload", "No such upload")
        for number in upload[1]:
            name = _part_name(upload_id, number)
            await blob_call(state.blobs, state.blobs.discard, owner, name)
        return web.Response(status=204)
    except S3Error as error:
        return error.response()
