"""One HTTP attempt: send a request once, read the whole answer, type the failure.

An attempt either returns a :class:`~._responses.Response` (whatever its
status) or raises :class:`AttemptFailed` with the kind of failure, which the
retry loop in :mod:`._retrying` judges by :func:`~._retry.should_retry`.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeAlias

import attrs

from ._responses import Response
from ._retry import Failure
from ._threads import run_in_thread
from .errors import APIConnectionError, APITimeoutError, IonworksError

if TYPE_CHECKING:
    import aiohttp
    from yarl import URL

__all__ = ["AttemptFailed", "Body", "SentFile", "attempt"]

logger = logging.getLogger("ionworks")


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


class AttemptFailed(Exception):
    """An attempt that ended without a response (internal).

    Parameters
    ----------
    kind : Failure
        Whether the request certainly never left (connect), may have been
        acted on (disconnect), or got no answer in time (timeout).
    error : IonworksError
        The typed error to raise if no further attempt is made.
    """

    def __init__(self, kind: Failure, error: IonworksError) -> None:
        super().__init__(str(error))
        self.kind = kind
        self.error = error


def _timeout_text(timeout: aiohttp.ClientTimeout) -> str:
    seconds = timeout.total or timeout.sock_read or timeout.sock_connect
    return f"{seconds:g} s" if seconds else "the timeout"


async def attempt(
    session: aiohttp.ClientSession,
    method: str,
    url: URL,
    *,
    params: Sequence[tuple[str, str]] | None,
    data: Body | None,
    headers: Mapping[str, str],
    timeout: aiohttp.ClientTimeout,
    proxy: str | None,
) -> Response:
    """Send one request and read its whole body.

    A ``Path`` body is streamed from the file (opened afresh for each
    attempt, read in aiohttp's worker threads, sent with its length).

    Returns
    -------
    Response
        The answer, whatever its status.

    Raises
    ------
    AttemptFailed
        When no complete answer arrived.
    IonworksError
        When the server's TLS certificate could not be verified (never retried).
    """
    import aiohttp  # already loaded when the client was built: a dict lookup

    started = time.perf_counter()
    where = f"{method} {url.path}"
    handle: IO[bytes] | None = None
    if isinstance(data, Path):
        handle = await run_in_thread()(data.open, "rb")
    elif isinstance(data, SentFile):
        handle = await run_in_thread()(data.open)
    try:
        async with session.request(
            method,
            url,
            params=list(params) if params else None,
            data=handle if handle is not None else data,
            headers=dict(headers),
            timeout=timeout,
            allow_redirects=False,
            proxy=proxy,
        ) as raw:
            body = await raw.read()
            response = Response(
                raw.status, raw.headers, body, method, url.with_query(None)
            )
    except aiohttp.ClientConnectorCertificateError as error:
        raise IonworksError(
            f"{where} failed: the server's TLS certificate could not be verified "
            f"({error.certificate_error}). If a proxy inspects TLS, pass its CA "
            "bundle as verify='/path/to/ca.pem'.",
            method=method,
            path=url.path,
        ) from None
    except aiohttp.ClientConnectorError as error:
        if isinstance(error, aiohttp.ClientProxyConnectionError):
            what = "the proxy"
            advice = "Check HTTPS_PROXY / HTTP_PROXY or the proxy setting."
        else:
            what, advice = str(url.host), "Check the API URL and your network."
        raise AttemptFailed(
            Failure.CONNECT,
            APIConnectionError(
                f"{where} failed: could not connect to {what} ({error.os_error}). "
                + advice,
                method=method,
                path=url.path,
            ),
        ) from None
    except TimeoutError:
        raise AttemptFailed(
            Failure.TIMEOUT,
            APITimeoutError(
                f"{where} timed out after {_timeout_text(timeout)}.",
                method=method,
                path=url.path,
            ),
        ) from None
    except (aiohttp.ClientError, OSError, ValueError) as error:
        # Includes a dropped connection, a truncated body, and replies aiohttp
        # cannot parse (bad headers, bad Content-Length).
        raise AttemptFailed(
            Failure.DISCONNECT,
            APIConnectionError(
                f"{where} failed: {type(error).__name__}: "
                f"{error or 'the connection was closed'}.",
                method=method,
                path=url.path,
            ),
        ) from None
    finally:
        if handle is not None:
            handle.close()
    logger.debug(
        "%s -> %d (%d bytes) in %.1f ms",
        where,
        response.status,
        len(body),
        (time.perf_counter() - started) * 1e3,
    )
    return response
