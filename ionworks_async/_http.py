"""The HTTP transport: one aiohttp session per client, every request goes here.

It adds the credentials and JSON headers, compresses large bodies, bounds the
number of requests in flight, applies the retry policy of :mod:`._retry`,
follows redirects without leaking credentials, and turns every failure into
an :class:`~ionworks_async.errors.IonworksError`.

aiohttp and yarl are imported when a client is built, not when this module
is: importing aiohttp costs more than everything else ``import ionworks``
does (it builds SSL contexts). A client's constructor runs in its caller's
thread, so no event loop ever waits on that import.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._json import encode_body
from ._responses import Response, error_from_response
from ._retry import Failure, parse_retry_after, retry_delay, should_retry
from ._settings import Settings
from ._version import __version__
from .errors import (
    APIConnectionError,
    APITimeoutError,
    IonworksError,
)

if TYPE_CHECKING:
    import aiohttp
    from yarl import URL

__all__ = ["QueryParams", "Response", "Transport", "error_from_response"]

logger = logging.getLogger("ionworks")

QueryParams = Sequence[tuple[str, str]]
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = f"ionworks-async/{__version__}"


class _AttemptFailed(Exception):
    """An attempt that ended without a response (internal)."""

    def __init__(self, kind: Failure, error: IonworksError) -> None:
        super().__init__(str(error))
        self.kind = kind
        self.error = error


def _same_origin(first: URL, second: URL) -> bool:
    return (first.scheme, first.host, first.explicit_port or first.port) == (
        second.scheme,
        second.host,
        second.explicit_port or second.port,
    )


class Transport:
    """One aiohttp session, its concurrency limit and the retry loop.

    Parameters
    ----------
    settings : Settings
        URL and credentials.
    timeout : float
        Seconds for a whole JSON request.
    download_timeout : float
        Seconds between two reads of a download or an upload.
    max_retries : int
        Retries after the first attempt; 0 means a single attempt.
    max_concurrency : int
        Requests in flight at once, across every caller of this client.
    verify : bool
        Whether to verify TLS certificates (on unless explicitly turned off).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: float,
        download_timeout: float,
        max_retries: int,
        max_concurrency: int,
        verify: bool = True,
    ) -> None:
        if not isinstance(verify, bool):
            raise TypeError("verify must be True or False")
        if not verify:
            logger.warning(
                "TLS certificate verification is OFF for %s: anyone on the network "
                "path can read and change this traffic, the API key included. "
                "Use verify=False only with a test server.",
                settings.api_url,
            )
        self.verify = verify
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if timeout <= 0 or download_timeout <= 0:
            raise ValueError("timeouts must be positive numbers of seconds")
        self.settings = settings
        self.max_retries = max_retries
        self.max_concurrency = max_concurrency
        # Load the HTTP stack now, in the thread that builds the client: a
        # lazy import at the first request would block the event loop.
        import aiohttp
        import yarl  # noqa: F401

        self._json_timeout = aiohttp.ClientTimeout(total=timeout)
        self._transfer_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=timeout, sock_read=download_timeout
        )

        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._closed = False
        # The backoff sleep and its clock, replaceable by tests of the delays.
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.clock: Callable[[], float] = time.monotonic
        # When the server rate-limits (429), every request of this client
        # waits, not only the one that was told: a batch slows down as one.
        self._paused_until = 0.0

    # -- session lifecycle -------------------------------------------------

    def _session_for_running_loop(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._closed:
            raise RuntimeError(
                "This Ionworks client is closed; create a new one to make requests."
            )
        if self._session is None:
            import aiohttp

            connector = aiohttp.TCPConnector(
                limit=self.max_concurrency,
                ttl_dns_cache=300,
                ssl=self.verify,  # True: aiohttp's verified default context
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=self._json_timeout,
                skip_auto_headers=("Content-Type",),
            )
            self._loop = loop
            self._semaphore = asyncio.Semaphore(self.max_concurrency)
        elif loop is not self._loop:
            raise RuntimeError(
                "This AsyncIonworks client is bound to the event loop it first ran "
                "on and cannot be used from another one. Create one client per "
                "event loop (for example inside the coroutine passed to "
                "asyncio.run), or use the blocking ionworks.Ionworks client."
            )
        return self._session

    @property
    def closed(self) -> bool:
        """Whether :meth:`aclose` was called."""
        return self._closed

    async def aclose(self) -> None:
        """Close the session and its connections; calling it again does nothing."""
        self._closed = True
        session, self._session = self._session, None
        loop, self._loop = self._loop, None
        self._semaphore = None
        if session is None or session.closed:
            return
        if loop is not None and loop.is_closed():
            # Its loop is gone: the sockets died with it, nothing to await.
            session.detach()
            return
        await session.close()

    def forget_session(self) -> aiohttp.ClientSession | None:
        """Drop the session without closing it, and return it.

        For the child of a ``fork()``: the session belongs to the parent's
        event loop, so it must be neither used nor closed here. A new one is
        created lazily on the next request.
        """
        session, self._session = self._session, None
        self._loop = None
        self._semaphore = None
        return session

    # -- public request helpers -------------------------------------------

    def api_url(self, path: str) -> URL:
        """Return the absolute URL of an API path whose segments are encoded."""
        from yarl import URL

        return URL(self.settings.api_url + path, encoded=True)

    def _resolve(self, url: str) -> URL:
        """Return a URL given absolute or relative to the API's base URL."""
        from yarl import URL

        return URL(self.settings.api_url).join(URL(url))

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        body: Any = None,
    ) -> Any:
        """Send an API request and return its decoded JSON answer.

        Parameters
        ----------
        method : str
            The HTTP method.
        path : str
            The API path, its segments already percent-encoded.
        params : sequence of (str, str), optional
            Query parameters.
        body : Any, optional
            A JSON body; ``None`` sends none.

        Returns
        -------
        Any
            The decoded JSON; ``None`` for an empty body and for DELETE.
        """
        data: bytes | None = None
        content_headers: dict[str, str] = {}
        if body is not None:
            data, content_headers = encode_body(body)
        response = await self.fetch(
            method,
            self.api_url(path),
            params=params,
            data=data,
            extra_headers=content_headers,
            credentials=True,
        )
        if method == "DELETE" or not response.body.strip():
            return None  # DELETE answers 204 or 200; its body means nothing
        return response.json()

    async def download(self, path: str) -> bytes:
        """GET an API download route and fetch the signed URL it redirects to.

        The API key and token go to the API only, never to the storage URL.

        Parameters
        ----------
        path : str
            The API download route.

        Returns
        -------
        bytes
            The file's bytes.
        """
        response = await self.fetch(
            "GET",
            self.api_url(path),
            credentials=True,
            follow_with_credentials=False,
            transfer=True,
        )
        return response.body

    async def get_signed(self, url: str) -> bytes:
        """GET a signed storage URL, without the client's credentials.

        Parameters
        ----------
        url : str
            The signed URL (absolute, or relative to the API URL).

        Returns
        -------
        bytes
            The file's bytes.
        """
        target = self._resolve(url)
        response = await self.fetch("GET", target, credentials=False, transfer=True)
        return response.body

    async def put_signed(self, url: str, data: bytes) -> None:
        """PUT bytes to a signed storage URL, without the client's credentials.

        Parameters
        ----------
        url : str
            The signed URL (absolute, or relative to the API URL).
        data : bytes
            The file content.
        """
        await self.fetch(
            "PUT",
            self._resolve(url),
            data=data,
            extra_headers={"Content-Type": "application/octet-stream"},
            credentials=False,
            transfer=True,
        )

    # -- the request loop --------------------------------------------------

    def _headers(self, credentials: bool, extra: Mapping[str, str]) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if credentials:
            settings = self.settings
            if settings.api_key:
                headers["X-API-Key"] = settings.api_key
            if settings.token:
                headers["Authorization"] = f"Bearer {settings.token}"
            if settings.organization_id:
                headers["X-Organization-Id"] = settings.organization_id
        headers.update(extra)
        return headers

    async def fetch(
        self,
        method: str,
        url: URL,
        *,
        params: QueryParams | None = None,
        data: bytes | None = None,
        extra_headers: Mapping[str, str] | None = None,
        credentials: bool,
        follow_with_credentials: bool = True,
        transfer: bool = False,
    ) -> Response:
        """Send a request with retries, following redirects, and read the answer.

        Credentials go only to the first URL and, when
        ``follow_with_credentials``, to redirect targets on the API's origin.

        Returns
        -------
        Response
            A 2xx response.

        Raises
        ------
        IonworksError
            The typed error for any other outcome.
        """
        from yarl import URL

        headers = self._headers(credentials, extra_headers or {})
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._send_with_retries(
                method,
                url,
                params=params,
                data=data,
                headers=headers,
                transfer=transfer,
            )
            if response.status not in REDIRECT_STATUSES:
                if not 200 <= response.status < 300:  # 3xx that is no redirect too
                    raise error_from_response(response)
                return response
            location = response.headers.get("Location")
            try:
                target = url.join(URL(location)) if location else None
            except (ValueError, TypeError):
                target = None
            if target is None or target.scheme not in ("http", "https"):
                raise APIConnectionError(
                    f"{method} {url.path} was redirected to an unusable location.",
                    response.status,
                    request_id=response.request_id,
                    method=method,
                    path=url.path,
                )
            if method not in ("GET", "HEAD") and response.status not in (307, 308):
                raise error_from_response(response)
            keep = credentials and follow_with_credentials
            keep = keep and _same_origin(target, URL(self.settings.api_url))
            headers = self._headers(keep, extra_headers or {})
            credentials = keep
            url, params = target, None
        raise APIConnectionError(
            f"{method} {url.path} was redirected more than {MAX_REDIRECTS} times.",
            method=method,
            path=url.path,
        )

    async def _send_with_retries(
        self,
        method: str,
        url: URL,
        *,
        params: QueryParams | None,
        data: bytes | None,
        headers: dict[str, str],
        transfer: bool,
    ) -> Response:
        retries_done = 0
        while True:
            pause = self._paused_until - self.clock()
            if pause > 0:
                await self.sleep(pause)
            retry_after: float | None = None
            try:
                response = await self._attempt(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    transfer=transfer,
                )
            except _AttemptFailed as failed:
                outcome: int | Failure = failed.kind
                error: IonworksError = failed.error
            else:
                if response.status < 500 and response.status != 429:
                    return response
                outcome = response.status
                retry_after = parse_retry_after(
                    response.headers.get("Retry-After"), now=time.time()
                )
                error = error_from_response(response)
            if should_retry(
                method,
                outcome,
                retries_done=retries_done,
                max_retries=self.max_retries,
                has_retry_after=retry_after is not None,
            ):
                delay = retry_delay(retries_done, retry_after)
                if delay is not None:
                    logger.info(
                        "Retrying %s %s in %.2f s after %s (retry %d of %d)",
                        method,
                        url.path,
                        delay,
                        outcome,
                        retries_done + 1,
                        self.max_retries,
                    )
                    if outcome == 429:
                        # Rate limits are per client: every request waits, this
                        # one included, at the top of the loop.
                        self._paused_until = max(
                            self._paused_until, self.clock() + delay
                        )
                    else:
                        await self.sleep(delay)
                    retries_done += 1
                    continue
            raise error

    async def _attempt(
        self,
        method: str,
        url: URL,
        *,
        params: QueryParams | None,
        data: bytes | None,
        headers: dict[str, str],
        transfer: bool,
    ) -> Response:
        import aiohttp  # already loaded by __init__: a dictionary lookup

        session = self._session_for_running_loop()
        assert self._semaphore is not None
        timeout = self._transfer_timeout if transfer else self._json_timeout
        started = time.perf_counter()
        where = f"{method} {url.path}"
        async with self._semaphore:
            try:
                async with session.request(
                    method,
                    url,
                    params=list(params) if params else None,
                    data=data,
                    headers=headers,
                    timeout=timeout,
                    allow_redirects=False,
                ) as raw:
                    body = await raw.read()
                    response = Response(
                        raw.status, raw.headers, body, method, url.with_query(None)
                    )
            except aiohttp.ClientConnectorCertificateError as error:
                raise IonworksError(
                    f"{where} failed: the server's TLS certificate could not be "
                    f"verified ({error.certificate_error}).",
                    method=method,
                    path=url.path,
                ) from None
            except aiohttp.ClientConnectorError as error:
                raise _AttemptFailed(
                    Failure.CONNECT,
                    APIConnectionError(
                        f"{where} failed: could not connect to {url.host} "
                        f"({error.os_error}). Check the API URL and your network.",
                        method=method,
                        path=url.path,
                    ),
                ) from None
            except asyncio.TimeoutError:
                raise _AttemptFailed(
                    Failure.TIMEOUT,
                    APITimeoutError(
                        f"{where} timed out after "
                        f"{timeout.total or timeout.sock_read} s.",
                        method=method,
                        path=url.path,
                    ),
                ) from None
            except (aiohttp.ClientError, OSError, ValueError) as error:
                # Includes a dropped connection, a truncated body, and replies
                # aiohttp cannot parse (bad headers, bad Content-Length).
                raise _AttemptFailed(
                    Failure.DISCONNECT,
                    APIConnectionError(
                        f"{where} failed: {type(error).__name__}: "
                        f"{error or 'the connection was closed'}.",
                        method=method,
                        path=url.path,
                    ),
                ) from None
        logger.debug(
            "%s -> %d (%d bytes) in %.1f ms",
            where,
            response.status,
            len(body),
            (time.perf_counter() - started) * 1e3,
        )
        return response
