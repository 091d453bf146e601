"""File measurements: their names, where their bytes are kept, and their routes.

A file measurement is initiated with ``"measurement_type": "file"`` and the
file names; each file gets a signed upload URL, in request order. Its bytes
are kept under a blob name derived from the file name (any file name is
allowed but a path: no slash or backslash, not ``.`` or ``..``, no control
character).
"""

from __future__ import annotations

import hashlib
from typing import Any

from aiohttp import web

from ..errors import ApiError
from ..shared import json_response, state_of, storage_origin
from ..storage.blobs import blob_call
from ..storage.record_types import MEASUREMENT

__all__ = [
    "MAX_FILES",
    "check_filenames",
    "file_blob",
    "get_file",
    "is_file_blob",
    "list_files",
    "stored_filenames",
]

MAX_FILES = 100
"""File names in one file measurement."""
_BLOB_PREFIX = "file-"


def file_blob(filename: str) -> str:
    """Return the blob name of a file (safe for a path, unique per name)."""
    return _BLOB_PREFIX + hashlib.sha256(filename.encode()).hexdigest()[:32]


def is_file_blob(name: str) -> bool:
    """Whether ``name`` is a blob name made by :func:`file_blob`."""
    digest = name.removeprefix(_BLOB_PREFIX)
    return (
        name.startswith(_BLOB_PREFIX)
        and len(digest) == 32
        and all(c in "0123456789abcdef" for c in digest)
    )


def check_filenames(value: Any) -> list[str]:
    """Check the ``filenames`` of a file measurement.

    Raises
    ------
    ApiError
        422 unless it is a list of 1 to 100 distinct plain file names.
    """
    if not isinstance(value, list) or not value:
        raise ApiError(
            422,
            "filenames must be a non-empty list of file names",
            {"field": "filenames"},
        )
    if len(value) > MAX_FILES:
        raise ApiError(422, f"At most {MAX_FILES} files", {"field": "filenames"})
    for name in value:
        plain = (
            isinstance(name, str)
            and 0 < len(name) <= 255
            and name not in (".", "..")
            and not any(c in "/\\" or ord(c) < 32 or ord(c) == 127 for c in name)
        )
        if not plain:
            raise ApiError(
                422, f"Not a plain file name: {name!r}", {"field": "filenames"}
            )
    if len(set(value)) != len(value):
        raise ApiError(422, "filenames repeats a name", {"field": "filenames"})
    return list(value)


def stored_filenames(record: dict[str, Any]) -> list[str]:
    """Return the file names a measurement record holds (none: not a file one)."""
    metadata = record.get("file_metadata")
    files = metadata.get("files") if isinstance(metadata, dict) else None
    return [
        entry["filename"]
        for entry in (files if isinstance(files, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("filename"), str)
    ]


async def list_files(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/files: ``{"filenames": [...]}``."""
    record = state_of(request).store.get(MEASUREMENT, request.match_info["id"])
    return json_response({"filenames": stored_filenames(record)})


async def get_file(request: web.Request) -> web.Response:
    """GET /cell_measurements/{id}/files/{filename}: 307 to a signed URL."""
    state = state_of(request)
    measurement_id, filename = request.match_info["id"], request.match_info["filename"]
    record = state.store.get(MEASUREMENT, measurement_id)
    if filename not in stored_filenames(record):
        raise ApiError(404, f"This measurement has no file {filename!r}")
    blob = file_blob(filename)
    if not await blob_call(state.blobs, state.blobs.has, measurement_id, blob):
        raise ApiError(404, f"The bytes of {filename!r} are missing")
    location = storage_origin(request) + state.signer.sign(
        "GET", f"/storage/{measurement_id}/{blob}"
    )
    raise web.HTTPTemporaryRedirect(location)
