"""What the local server's handlers share: state, JSON answers, JSON bodies."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import attrs
from aiohttp import web

from .errors import ApiError
from .faults import Faults, Stats
from .storage.blobs import BlobStore
from .storage.signing import Signer
from .storage.store import Store

__all__ = [
    "STATE",
    "KeyedLocks",
    "State",
    "encode_json",
    "error_response",
    "json_bytes_response",
    "json_response",
    "read_json",
    "route_name",
    "state_of",
]


class KeyedLocks:
    """One :class:`asyncio.Lock` a key, kept while someone holds or awaits it.

    An upload's signed PUT and its confirm take the upload's lock, so that
    a PUT whose body was still arriving when the upload was confirmed is
    refused, never written over the confirmed data.
    """

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Hold ``key``'s lock for the ``async with`` block."""
        lock, users = self._locks.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


@attrs.define
class State:
    """Everything the handlers share."""

    store: Store
    blobs: BlobStore
    signer: Signer
    api_keys: frozenset[str]
    faults: Faults
    control_open: bool = True
    """Whether ``/_local/*`` needs no key (only when listening on loopback)."""
    storage_origin: str = ""
    """Where signed storage URLs point (``scheme://host:port``): the storage
    site's own origin, as the hosted service's; empty for the API's origin."""
    stats: Stats = attrs.field(factory=Stats)
    uploads: KeyedLocks = attrs.field(factory=KeyedLocks)
    """Each upload's lock, taken by its signed PUTs and its confirm."""
    multipart: dict[str, tuple[str, dict[int, tuple[str, int]]]] = attrs.field(
        factory=dict
    )
    """Multipart uploads in progress: by upload id, the object and its parts
    so far (by number: MD5 and size)."""
    tasks: set[asyncio.Task[None]] = attrs.field(factory=set)
    processing_slots: asyncio.Semaphore = attrs.field(
        factory=lambda: asyncio.Semaphore(os.cpu_count() or 1)
    )
    """Measurements processed at once: one a core (more is no faster, and
    would take the cores that serve requests)."""


STATE: web.AppKey[State] = web.AppKey("state", State)


def encode_json(data: Any) -> bytes:
    """Compact JSON bytes, refusing NaN and infinity (not JSON)."""
    return json.dumps(data, separators=(",", ":"), allow_nan=False).encode()


def json_response(data: Any, status: int = 200) -> web.Response:
    """Answer JSON with ``Content-Type: application/json`` and no charset."""
    return json_bytes_response(encode_json(data), status)


def json_bytes_response(body: bytes, status: int = 200) -> web.Response:
    """Answer JSON already encoded."""
    return web.Response(
        body=body, status=status, headers={"Content-Type": "application/json"}
    )


def error_response(error: ApiError) -> web.Response:
    """Answer an error in the standard body."""
    response = json_response(error.body(), error.status)
    response.headers.update(error.headers)
    return response


def _no_constant(name: str) -> Any:
    raise ApiError(
        422, f"The request body holds {name}, which is not a JSON number: send null"
    )


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ApiError(422, f"The request body holds {text}, beyond a finite number")
    return value


_LARGEST = int(sys.float_info.max)
"""The largest integer a finite double reaches: integers beyond it are refused,
so that every number stored is one a JSON reader of any language can hold."""
_LARGEST_DIGITS = len(str(_LARGEST))


def _bounded(text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > _LARGEST_DIGITS or (
        digits == _LARGEST_DIGITS and abs(int(text)) > _LARGEST
    ):
        shown = text if len(text) <= 24 else f"{text[:12]}...({digits} digits)"
        raise ApiError(
            422,
            f"The request body holds the integer {shown}, beyond the range of a "
            "finite number (about 1.8e308)",
        )
    return int(text)


async def read_json(request: web.Request) -> Any:
    """Read a JSON body (gzip is decoded by aiohttp); 400 when it is not JSON.

    ``NaN``, ``Infinity``, a number beyond a double's range (a float or an
    integer: JSON does not tell them apart) and text with a lone surrogate
    are refused with 422 before anything is stored: once
    committed, they could not be answered as JSON again (every later list of
    that kind would fail).
    """
    raw = await request.read()
    try:
        body = json.loads(
            raw,
            parse_constant=_no_constant,
            parse_float=_finite,
            parse_int=_bounded,
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ApiError(400, f"The request body is not valid JSON: {error}") from None
    if b"\\ud" in raw.lower():  # an escaped surrogate: is it a lone one?
        try:
            json.dumps(body, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(
                422,
                "The request body holds text that is not valid UTF-8 (a lone "
                "surrogate, escaped as \\udXXX): fix the text before sending it",
            ) from None
    return body


def state_of(request: web.Request) -> State:
    """Return the state shared by the handlers of this request's app."""
    return request.app[STATE]


def route_name(request: web.Request) -> str:
    """Return the route as ``METHOD /canonical/{path}``, for the statistics."""
    resource = request.match_info.route.resource
    path = resource.canonical if resource is not None else "<unmatched>"
    return f"{request.method} {path}"


def origin(request: web.Request) -> str:
    """Return the scheme and host the request came to (for absolute URLs)."""
    return f"{request.scheme}://{request.host}"


def storage_origin(request: web.Request) -> str:
    """Return the origin signed storage URLs point to (see ``State.storage_origin``)."""
    return state_of(request).storage_origin or origin(request)


def upload_targets(
    request: web.Request, measurement_id: str, files: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    """Signed PUT targets for ``(file name, blob name)`` pairs, in that order."""
    state = state_of(request)
    targets = []
    for filename, blob in files:
        signed = state.signer.sign("PUT", f"/storage/{measurement_id}/{blob}")
        targets.append(
            {
                "filename": filename,
                "signed_url": storage_origin(request) + signed,
                "token": signed.rsplit("token=", 1)[1],
                "path": f"{measurement_id}/{blob}",
                "multipart": multipart_offer(request, f"{measurement_id}/{blob}"),
            }
        )
    return targets


S3_PREFIX = "/storage/s3"
"""Where the S3 endpoint of local storage answers (multipart uploads)."""
BUCKET = "ionworks-local"
REGION = "local"


def multipart_offer(request: web.Request, scope: str) -> dict[str, str]:
    """Return the ``multipart`` target of one upload file (``measurement/blob``).

    This server's S3 endpoint, its bucket, the object's path, and credentials
    good for that object only, until they expire (see ``routes/s3_multipart``).
    """
    state = state_of(request)
    return {
        "endpoint": storage_origin(request) + S3_PREFIX,
        "region": REGION,
        "bucket": BUCKET,
        "object_path": scope,
        **state.signer.credentials(scope),
    }
