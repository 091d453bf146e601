"""A request as one value: what is sent, to whom, and how it may be retried.

A :class:`Request` flows down the transport unchanged; following a redirect
derives a new one (:meth:`Request.redirected`) rather than threading loose
arguments through each layer.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeAlias

import attrs

from .._runtime.version import __version__
from .settings import Settings

if TYPE_CHECKING:
    from yarl import URL

__all__ = [
    "USER_AGENT",
    "Body",
    "QueryParams",
    "Request",
    "SentFile",
    "request_headers",
]

USER_AGENT = f"ionworks-async/{__version__}"

QueryParams: TypeAlias = Sequence[tuple[str, str]]
"""Query parameters, in order, already checked."""


class _ReportingReader(io.BufferedReader):
    """A file whose reads report how far into it they are."""

    def __init__(self, path: Path, on_read: Callable[[int], None]) -> None:
        super().__init__(io.FileIO(path, "rb"))
        self.on_read = on_read

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        if chunk:
            self.on_read(self.tell())
        return chunk


@attrs.frozen
class SentFile:
    """A file to stream as a request body, reporting the bytes read.

    Attributes
    ----------
    path : Path
        The file.
    on_read : callable
        Called (in a worker thread) with the position reached after each
        read; a retried request starts again from 0.
    """

    path: Path
    on_read: Callable[[int], None]

    def open(self) -> IO[bytes]:
        """Open the file for one attempt."""
        return _ReportingReader(self.path, self.on_read)


Body: TypeAlias = bytes | Path | SentFile
"""A request body: bytes, or a file streamed from disk."""


@attrs.frozen
class Request:
    """One request of a call, as it goes down the transport.

    Attributes
    ----------
    method : str
        The HTTP method.
    url : URL
        Where it goes (absolute).
    params : sequence of (str, str) or None
        Query parameters (dropped when a redirect is followed).
    body : bytes, Path, SentFile or None
        The body.
    headers : mapping of str to str
        Headers of the body (``Content-Type``, ``Content-Encoding``), beside
        the ones every request carries.
    credentials : bool
        Whether this hop carries the API key, token and organisation. A
        request without them goes to a signed storage URL, and so counts
        against the storage concurrency budget.
    follow_with_credentials : bool
        Whether the credentials may follow a redirect on the API's own origin
        (not for download routes: their target is storage, whatever its host).
    transfer : bool
        A download or upload of data: bounded between reads, not in total.
    retry_safe : bool
        Re-send a POST or PATCH after an ambiguous failure, because the caller
        resolves a duplicate (see :mod:`.retry_policy`).
    max_bytes : int or None
        The bound on a transfer's answer (the client's ``max_download_bytes``);
        ``None``: :data:`~.body.MAX_TRANSFER_BYTES`.
    """

    method: str
    url: URL
    params: QueryParams | None = None
    body: Body | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    credentials: bool = True
    follow_with_credentials: bool = True
    transfer: bool = False
    retry_safe: bool = False
    max_bytes: int | None = None

    @property
    def where(self) -> str:
        """``METHOD /path``, for messages and the log."""
        return f"{self.method} {self.url.path}"

    def redirected(self, url: URL, *, credentials: bool) -> Request:
        """Return the request a redirect to ``url`` makes of this one."""
        return attrs.evolve(self, url=url, params=None, credentials=credentials)


def request_headers(settings: Settings, request: Request) -> dict[str, str]:
    """Return the headers of a request, with the credentials only if it has them."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if request.credentials:
        if settings.api_key:
            headers["X-API-Key"] = settings.api_key
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        if settings.organization_id:
            headers["X-Organization-Id"] = settings.organization_id
    headers.update(request.headers)
    return headers
