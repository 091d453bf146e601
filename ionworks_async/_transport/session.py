"""The HTTP transport: one aiohttp session per client, every request goes here.

It composes the pieces that each hold one concern: the request as a value
with its headers (:mod:`.request`), the redirect policy that keeps
credentials on the API's origin (:mod:`.redirects`), the one retry loop with
the call's budget and deadline (:mod:`.retry_loop`), and a single attempt
(:mod:`.attempt`, replaceable by a double). It bounds the number of requests
in flight and turns every failure into an
:class:`~ionworks_async.errors.IonworksError`.

aiohttp and yarl are imported when a client is built, not when this module
is: importing aiohttp costs more than everything else ``import ionworks``
does (it builds SSL contexts). A client's constructor runs in its caller's
thread, so no event loop ever waits on that import.
"""

from __future__ import annotations

import asyncio
import ssl
from typing import TYPE_CHECKING, Any

from ..errors import APIConnectionError
from .attempt import Attempt, attempt, attempt_timeout
from .body import MAX_TRANSFER_BYTES
from .hints import Hints
from .limits import check_limits
from .network import ProxyResolver, Verify, tls_setting
from .pools import POOLS, new_session, verification
from .preconnect import Preconnector
from .redirects import MAX_REDIRECTS, REDIRECT_STATUSES, next_hop
from .request import Body, QueryParams, Request, request_headers
from .responses import Response, deleted_before, error_from_response
from .retry_loop import CallBudget, Retrier
from .settings import Settings
from .wire_json import encode_body

if TYPE_CHECKING:
    import aiohttp
    from yarl import URL

__all__ = ["Transport"]


class Transport:
    """One aiohttp session, its concurrency limit and the retry loop.

    Parameters
    ----------
    settings : Settings
        URL and credentials.
    timeout : float
        Seconds for one attempt of a JSON request.
    download_timeout : float
        Seconds between two reads of a download or an upload.
    max_download_bytes : int, optional
        The most a download may bring; beyond it, a typed error (past
        :data:`~.body.SPOOL_BYTES` it waits on disk, not in memory).
    max_retries : int
        Retries after the first attempt; 0 means a single attempt.
    retry_deadline : float
        Seconds after a call's first attempt past which no retry starts.
    max_concurrency : int
        API requests in flight at once, across every caller of this client.
    storage_concurrency : int
        Requests to signed storage URLs in flight at once: another origin
        (object storage on the hosted service), with its own budget.
    verify : bool, str, PathLike or ssl.SSLContext
        TLS verification: on, a CA bundle path, a context, or off.
    proxy : str or None
        A proxy for every request; ``None`` follows the environment.
    retrier : Retrier, optional
        The retry loop; by default one of ``max_retries`` and
        ``retry_deadline`` on the real clock.
    send : Attempt, optional
        The one call that touches aiohttp (:func:`~.attempt.attempt`); a test
        passes a double to answer without a socket.
    hints : Hints, optional
        Where what it learns of the API's connections (storage origin, trip
        widths) is kept for the next process (see :mod:`.hints`); by default
        nothing is.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        timeout: float,
        download_timeout: float,
        max_download_bytes: int = MAX_TRANSFER_BYTES,
        max_retries: int,
        retry_deadline: float = 60.0,
        max_concurrency: int,
        storage_concurrency: int = 64,
        verify: Verify = True,
        proxy: str | None = None,
        retrier: Retrier | None = None,
        send: Attempt = attempt,
        hints: Hints | None = None,
    ) -> None:
        check_limits(
            max_concurrency=max_concurrency,
            storage_concurrency=storage_concurrency,
            timeout=timeout,
            download_timeout=download_timeout,
            max_download_bytes=max_download_bytes,
        )
        self.max_download_bytes = max_download_bytes
        self.retrier = retrier or Retrier(max_retries, retry_deadline)
        self.send = send
        self.tls: bool | ssl.SSLContext = tls_setting(verify, settings.api_url)
        self.pool_key = (verification(verify), max_concurrency + storage_concurrency)
        """What a client's connections depend on: equal keys share a pool."""
        self.proxies = ProxyResolver(proxy)
        self.preconnector = Preconnector(max_concurrency)
        self.storage_preconnector = Preconnector(storage_concurrency)
        self.storage_origin: URL | None = None
        """The origin signed storage URLs pointed at last (learned from redirects)."""
        self.hints = hints or Hints(None, settings.api_url)
        self._storage_kept = False
        self.settings = settings
        self.timeout = float(timeout)
        self.max_concurrency = max_concurrency
        self.storage_concurrency = storage_concurrency
        # Load the HTTP stack now, in the thread that builds the client: a
        # lazy import at the first request would block the event loop.
        import aiohttp
        from yarl import URL

        self._api_origin = URL(settings.api_url)
        if self.hints.storage_origin is not None:
            self.storage_origin = URL(self.hints.storage_origin)
        self.hints.teach(self.preconnector, self.storage_preconnector)
        self._json_timeout = aiohttp.ClientTimeout(total=timeout)
        self._transfer_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=timeout, sock_read=download_timeout
        )
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._storage_semaphore: asyncio.Semaphore | None = None
        self._closed = False

    @property
    def max_retries(self) -> int:
        """Retries after the first attempt (of :attr:`retrier`)."""
        return self.retrier.max_retries

    # -- session lifecycle -------------------------------------------------

    def _session_for_running_loop(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._closed:
            raise RuntimeError(
                "This Ionworks client is closed; create a new one to make requests."
            )
        if self._session is None:
            self._session = POOLS.acquire(
                loop,
                self.pool_key,
                lambda: new_session(
                    self.max_concurrency + self.storage_concurrency,
                    self.tls,
                    self._json_timeout,
                ),
            )
            self._loop = loop
            self._semaphore = asyncio.Semaphore(self.max_concurrency)
            self._storage_semaphore = asyncio.Semaphore(self.storage_concurrency)
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

    # -- connections before requests (see .preconnect) ----------------------

    def preconnect(self, kind: str) -> None:
        """Open, in the background, the connections a ``kind`` trip needs.

        The API's, as many as the last such trip sent (or a first guess),
        and storage's, when its origin and the trip's downloads are known.
        """
        opener = self.preconnector
        self._preconnect(opener, self._api_origin, opener.width(kind))
        downloads = self.storage_preconnector.known(kind)
        if downloads:
            self.preconnect_storage(downloads)

    def learn(self, kind: str, requests: int, downloads: int) -> None:
        """Remember how wide a ``kind`` trip was: its API requests and downloads."""
        self.preconnector.learn(kind, requests)
        self.storage_preconnector.learn(kind, downloads)
        self.hints.remember(
            widths={f"api {kind}": requests, f"storage {kind}": downloads}
        )

    def preconnect_storage(self, count: int) -> None:
        """Open ``count`` connections to the storage origin, when it is known."""
        if self.storage_origin is not None:
            self._preconnect(self.storage_preconnector, self.storage_origin, count)

    def _preconnect(self, opener: Preconnector, origin: URL, count: int) -> None:
        if self.send is not attempt:  # a test's double answers without sockets
            return
        if self.proxies.for_url(origin) is None:  # through a proxy: never
            opener.open(self._session_for_running_loop(), origin, count)

    async def aclose(self) -> None:
        """Close the session and its connections; calling it again does nothing."""
        self._closed = True
        await self.preconnector.aclose()
        await self.storage_preconnector.aclose()
        session, self._session = self._session, None
        loop, self._loop = self._loop, None
        self._semaphore = self._storage_semaphore = None
        if session is None or loop is None:
            return
        if POOLS.release(loop, self.pool_key) is None:
            return  # another open client shares it
        if session.closed:
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
        self._semaphore = self._storage_semaphore = None
        return session

    # -- public request helpers -------------------------------------------

    def api_url(self, path: str) -> URL:
        """Return the absolute URL of an API path whose segments are encoded."""
        from yarl import URL

        return URL(self.settings.api_url + path, encoded=True)

    def _resolve(self, url: str) -> URL:
        """Return a URL given absolute or relative to the API's base URL."""
        from yarl import URL

        return self._api_origin.join(URL(url))

    async def request_json(
        self,
        method: str,
        path: str,
        *,
        params: QueryParams | None = None,
        body: Any = None,
        retry_safe: bool = False,
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
        retry_safe : bool, optional
            Re-send a POST or PATCH after an ambiguous failure, because the
            caller resolves a duplicate (see :mod:`.retry_policy`).

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
            Request(
                method,
                self.api_url(path),
                params=params,
                body=data,
                headers=content_headers,
                retry_safe=retry_safe,
            )
        )
        if method == "DELETE" or not response.body.strip():
            return None  # DELETE answers 204 or 200; its body means nothing
        return response.json()

    async def get_bytes(self, path: str) -> bytes:
        """GET an API ``path`` (its segments encoded); return its 2xx body undecoded."""
        response = await self.fetch(Request("GET", self.api_url(path)))
        return response.body

    async def download(self, path: str) -> bytes:
        """GET an API download route, then the signed URL it redirects to: the bytes.

        The API key and token go to the API only, never to the storage URL.
        """
        return (await self.fetch(self.data_request(self.api_url(path)))).body

    async def get_signed(self, url: str) -> bytes:
        """GET a signed storage URL (absolute, or relative to the API's): the bytes.

        The client's credentials do not go with it.
        """
        request = self.data_request(self._resolve(url), credentials=False)
        return (await self.fetch(request)).body

    def data_request(self, url: URL, *, credentials: bool = True) -> Request:
        """Make a GET of data: a transfer, bounded by ``max_download_bytes``.

        The credentials go with it to the API only, never on to storage.
        """
        return Request(
            "GET",
            url,
            credentials=credentials,
            follow_with_credentials=False,
            transfer=True,
            max_bytes=self.max_download_bytes,
        )

    async def put_signed(
        self,
        url: str,
        data: Body,
        content_type: str = "application/octet-stream",
    ) -> None:
        """PUT bytes to a signed storage URL, without the client's credentials.

        Parameters
        ----------
        url : str
            The signed URL (absolute, or relative to the API URL).
        data : bytes, Path or SentFile
            The file content, or a file to stream from disk.
        content_type : str, optional
            The body's media type.
        """
        await self.fetch(
            Request(
                "PUT",
                self._resolve(url),
                body=data,
                headers={"Content-Type": content_type},
                credentials=False,
                transfer=True,
            )
        )

    # -- redirects, then the retry loop, then one attempt ----------------

    async def fetch(self, request: Request) -> Response:
        """Send a request with retries, following redirects, and read the answer.

        Credentials go only to the first URL and, when the request's
        ``follow_with_credentials``, to redirect targets on the API's origin.
        Every hop of the call shares one retry budget and one deadline.

        Returns
        -------
        Response
            A 2xx response.

        Raises
        ------
        IonworksError
            The typed error for any other outcome.
        """
        budget = self.retrier.budget()
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._send(request, budget)
            if response.status not in REDIRECT_STATUSES:
                if deleted_before(response, budget.retries_done):
                    return response
                if not 200 <= response.status < 300:  # 3xx that is no redirect too
                    raise error_from_response(response)
                return response
            request = self.next_hop(response, request)
        raise APIConnectionError(
            f"{request.where} was redirected more than {MAX_REDIRECTS} times.",
            method=request.method,
            path=request.url.path,
        )

    def next_hop(self, response: Response, request: Request) -> Request:
        """Return where a redirect sends a request; remember storage's origin."""
        request = next_hop(response, request, self._api_origin)
        if not request.credentials:  # to storage: remember where it is
            self.storage_origin = request.url.origin()
            if not self._storage_kept:  # for the next process, once
                self._storage_kept = True
                self.hints.remember(storage=str(self.storage_origin))
        return request

    async def hop(self, request: Request) -> Response:
        """Send one request through the retry loop, following no redirect.

        Returns a 2xx or a redirect (its ``Location`` unread); raises the
        typed error for any other answer.
        """
        response = await self._send(request, self.retrier.budget())
        if response.status in REDIRECT_STATUSES or 200 <= response.status < 300:
            return response
        raise error_from_response(response)

    async def _send(self, request: Request, budget: CallBudget) -> Response:
        """Send one hop through the retry loop, within its concurrency bound.

        API requests share ``max_concurrency``; storage requests (no
        credentials: a signed URL) share ``storage_concurrency``.
        """
        session = self._session_for_running_loop()
        semaphore = self._semaphore if request.credentials else self._storage_semaphore
        assert semaphore is not None
        proxy = self.proxies.for_url(request.url)
        headers = request_headers(self.settings, request)

        async def send_once(remaining: float) -> Response:
            usual = self._transfer_timeout if request.transfer else self._json_timeout
            timeout = attempt_timeout(usual, remaining, transfer=request.transfer)
            async with semaphore:
                return await self.send(
                    session, request, headers=headers, timeout=timeout, proxy=proxy
                )

        return await self.retrier.run(request, send_once, budget)
