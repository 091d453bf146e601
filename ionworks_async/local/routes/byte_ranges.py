"""HTTP byte ranges (RFC 9110 14): a stored file's part, as object storage serves it.

One range a request (``bytes=a-b``, ``bytes=a-``, ``bytes=-n``) is answered
206 with ``Content-Range``; a range past the end is 416 with the file's size;
a ``Range`` of another unit, several ranges, or one that does not parse is
ignored and the whole file answered, as the RFC lets a server do.
"""

from __future__ import annotations

import io
import re
from typing import Any

from aiohttp import web

__all__ = ["ranged_response"]

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _window(header: str, size: int) -> tuple[int, int] | bool | None:
    """Return the ``(first, last)`` bytes asked for; None: whole; False: 416."""
    match = _RANGE.fullmatch(header.strip())
    if match is None or (not match[1] and not match[2]):
        return None
    if not match[1]:  # the last n bytes
        length = int(match[2])
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    first = int(match[1])
    last = int(match[2]) if match[2] else None
    if last is not None and last < first:
        return None  # syntactically invalid: ignored (RFC 9110 14.1.1)
    if first >= size:
        return False
    return first, size - 1 if last is None else min(last, size - 1)


def ranged_response(request: web.Request, data: bytes) -> web.Response:
    """Answer a GET of ``data``: whole (200), a range of it (206), or 416."""
    headers = {"Content-Type": "application/octet-stream", "Accept-Ranges": "bytes"}
    header = request.headers.get("Range")
    window = _window(header, len(data)) if header else None
    if window is False:
        headers["Content-Range"] = f"bytes */{len(data)}"
        return web.Response(status=416, headers=headers)
    if not isinstance(window, tuple):
        return web.Response(body=_streamed(data), headers=headers)
    first, last = window
    headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
    part = memoryview(data)[first : last + 1]
    return web.Response(status=206, body=_streamed(part), headers=headers)


def _streamed(data: bytes | memoryview) -> Any:
    """Return a body aiohttp writes in chunks (raw bytes over 1 MiB hold its loop)."""
    return io.BytesIO(data) if len(data) > 1 << 20 else bytes(data)
