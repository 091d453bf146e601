"""One HTTP attempt: send a request once, read the whole answer, type the failure.

An attempt either returns a :class:`~.responses.Response` (whatever its
status) or raises :class:`AttemptFailed` with the kind of failure, which the
retry loop in :mod:`.retry_loop` judges by :func:`~.retry_policy.should_retry`.
This is the one module that calls aiohttp to send; :class:`Attempt` is its
shape, so a transport can be given a double instead.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from .._runtime.threads import run_in_thread
from ..errors import (
    APIConnectionError,
    APITimeoutError,
    IonworksError,
    TLSVerificationError,
)
from .body import read_bounded
from .request import Request, SentFile
from .responses import Response
from .retry_policy import FailureKind

if TYPE_CHECKING:
    import aiohttp

__all__ = ["STREAMED_BYTES", "Attempt", "AttemptFailed", "attempt", "attempt_timeout"]

STREAMED_BYTES = 1 << 20
"""Bodies of bytes larger than this are written in chunks (aiohttp would hold
the event loop writing them at once, and warns so)."""

logger = logging.getLogger("ionworks")


class AttemptFailed(Exception):
    """An attempt that ended without a response (internal).

    Parameters
    ----------
    kind : FailureKind
        Whether the request certainly never left (connect), may have been
        acted on (disconnect), or got no answer in time (timeout).
    error : IonworksError
        The typed error to raise if no further attempt is made.
    """

    def __init__(self, kind: FailureKind, error: IonworksError) -> None:
        super().__init__(str(error))
        self.kind = kind
        self.error = error


def _timeout_text(timeout: aiohttp.ClientTimeout) -> str:
    seconds = timeout.total or timeout.sock_read or timeout.sock_connect
    return f"{seconds:g} s" if seconds else "the timeout"


class Attempt(Protocol):
    """The one call that touches aiohttp: :func:`attempt`, or a test's double."""

    def __call__(
        self,
        session: aiohttp.ClientSession,
        request: Request,
        *,
        headers: Mapping[str, str],
        timeout: aiohttp.ClientTimeout,
        proxy: str | None,
    ) -> Awaitable[Response]:
        """Send ``request`` once and return the answer, whatever its status."""
        ...


async def attempt(
    session: aiohttp.ClientSession,
    request: Request,
    *,
    headers: Mapping[str, str],
    timeout: aiohttp.ClientTimeout,
    proxy: str | None,
) -> Response:
    """Send one request and read its whole body.

    A ``Path`` body is streamed from the file (opened afresh for each
    attempt, read in aiohttp's worker threads, sent with its length); bytes
    past :data:`STREAMED_BYTES` are written in chunks, as a stream of memory.

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
    method, url, data = request.method, request.url, request.body
    where = request.where
    handle: IO[bytes] | None = None
    if isinstance(data, Path):
        handle = await run_in_thread()(data.open, "rb")
    elif isinstance(data, SentFile):
        handle = await run_in_thread()(data.open)
    elif isinstance(data, bytes) and len(data) > STREAMED_BYTES:
        handle = io.BytesIO(data)  # written in chunks: the loop is not held
    sendings = _Sendings() if method == "DELETE" else None
    try:
        async with session.request(
            method,
            url,
            params=list(request.params) if request.params else None,
            data=handle if handle is not None else data,
            headers=dict(headers),
            timeout=timeout,
            allow_redirects=False,
            proxy=proxy,
            middlewares=None if sendings is None else (sendings,),
        ) as raw:
            body = await read_bounded(raw, request)
            response = Response(
                raw.status,
                raw.headers,
                body,
                method,
                url.with_query(None),
                resent=sendings is not None and sendings.count > 1,
            )
    except aiohttp.ClientConnectorCertificateError as error:
        raise TLSVerificationError(
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
        elif url.scheme == "https" and "WRONG_VERSION_NUMBER" in repr(error.os_error):
            what = str(url.host)
            advice = (
                "The server answered in plain HTTP, not TLS: use "
                f"{url.with_scheme('http').origin()} instead."
            )
        else:
            what, advice = str(url.host), "Check the API URL and your network."
        raise AttemptFailed(
            FailureKind.CONNECT,
            APIConnectionError(
                f"{where} failed: could not connect to {what} ({error.os_error}). "
                + advice,
                method=method,
                path=url.path,
            ),
        ) from None
    except TimeoutError:
        raise AttemptFailed(
            FailureKind.TIMEOUT,
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
            FailureKind.DISCONNECT,
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


class _Sendings:
    """A client middleware counting how often aiohttp sends one request.

    aiohttp sends an idempotent request again, unseen, when a kept connection
    drops under it; for a DELETE that matters (see ``deleted_before``).
    """

    def __init__(self) -> None:
        self.count = 0

    async def __call__(
        self,
        request: aiohttp.ClientRequest,
        handler: Callable[[aiohttp.ClientRequest], Awaitable[aiohttp.ClientResponse]],
    ) -> aiohttp.ClientResponse:
        self.count += 1
        return await handler(request)


def attempt_timeout(
    usual: aiohttp.ClientTimeout, remaining: float, *, transfer: bool
) -> aiohttp.ClientTimeout:
    """Return one attempt's timeout: ``usual``, cut to the call's deadline.

    An attempt never outlives its call's deadline; for a transfer only the
    connection is cut, as a large download may take its time.
    """
    import aiohttp  # already loaded by the transport: a dictionary lookup

    limit = usual.sock_connect if transfer else usual.total
    if limit is None or remaining >= limit:
        return usual
    if transfer:
        return aiohttp.ClientTimeout(
            total=None, sock_connect=max(remaining, 0.001), sock_read=usual.sock_read
        )
    return aiohttp.ClientTimeout(total=max(remaining, 0.001))
