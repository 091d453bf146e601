"""The API's routes called directly: the public client's escape hatch.

``request``, ``get``, ``post``, ``patch``, ``delete``, ``request_raw``,
``redirect_url``, ``post_multipart`` and ``upload_multipart`` reach any route
of the API, wrapped or not, with the same arguments as ionworks-api's; and
``capabilities``, ``schema``, ``pybamm_models`` and
``validate_pybamm_model_config`` ask its discovery routes. Every call goes
through the client's transport: its retries and deadline, its concurrency
bounds, its typed errors; the credentials go to the API's origin only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._runtime.boundary import errors_at_the_boundary
from .._transport import Request
from .._transport.multipart import multipart_body
from ..errors import APITimeoutError, ResponseValidationError

if TYPE_CHECKING:
    from yarl import URL

    from .._transport import QueryParams, Response, Transport
    from ._base import ResourceContext

__all__ = ["DirectCalls", "RawResponse"]

SCHEMAS = ("data", "protocol")
"""The schemas :meth:`DirectCalls.schema` knows (ionworks-api's)."""


@attrs.frozen
class RawResponse:
    """An answer that is not JSON, as ``request`` and the uploads return it.

    The part of ``requests.Response`` a caller of the public client reads:
    ``status_code``, ``headers``, ``content``, ``text``, ``json()``, ``ok``.
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    @property
    def ok(self) -> bool:
        """Whether the status is below 400 (it always is: errors raise)."""
        return self.status_code < 400

    def json(self) -> Any:
        """Decode the body as JSON."""
        from .._transport import decode_json

        return decode_json(self.content)


def _answer(response: Response, *, exact: bool) -> Any:
    """Read an answer as the public client does: JSON if it says so, else raw.

    ``exact``: JSON only for ``Content-Type: application/json`` itself (as
    its ``request`` decides); else any ``application/json...`` (its uploads).
    """
    kind = response.headers.get("Content-Type", "")
    is_json = (
        kind == "application/json" if exact else kind.startswith("application/json")
    )
    if is_json and response.body.strip():
        return response.json()
    return RawResponse(response.status, dict(response.headers), response.body)


def _query(params: Mapping[str, Any] | None) -> QueryParams | None:
    """Query parameters as ``requests`` sends them: lists repeated, None left out."""
    if not params:
        return None
    pairs = []
    for name, value in params.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            if one is not None:
                pairs.append((str(name), str(one)))
    return pairs


@errors_at_the_boundary
class DirectCalls:
    """Calls of any API route, for routes without a wrapper (ionworks-api's)."""

    _context: ResourceContext

    @property
    def _transport(self) -> Transport:
        return self._context.transport

    def _url(self, endpoint: str) -> URL:
        """Return an endpoint's absolute URL, refused unless on the API's origin."""
        from yarl import URL

        if not isinstance(endpoint, str) or not endpoint.startswith("/"):
            raise ValueError(
                f"endpoint must be an API path beginning with '/' (such as "
                f"'/cell_specifications'), not {endpoint!r}"
            )
        base = URL(self._transport.settings.api_url)
        url = URL(str(base).rstrip("/") + endpoint)
        if url.origin() != base.origin():
            raise ValueError(
                f"endpoint {endpoint!r} leads away from the API's origin "
                f"({base.origin()}): the credentials go to the API only"
            )
        return url

    async def request(
        self, method: str, endpoint: str, json_payload: dict[str, Any] | None = None
    ) -> Any:
        """Send a request to any API route and return its answer.

        Parameters
        ----------
        method : str
            The HTTP method (``"GET"``, ``"POST"``, ...).
        endpoint : str
            The API path, from ``/`` (a query string may follow).
        json_payload : dict, optional
            A JSON body (gzip-compressed from 512 KiB, as the public client's).

        Returns
        -------
        Any
            The decoded JSON for a ``Content-Type: application/json`` answer;
            ``None`` for DELETE; else a :class:`RawResponse`.

        Raises
        ------
        IonworksError
            The typed error of a failed request (after the retries allowed).
        ValueError
            For an endpoint that is not a path of the API.
        """
        from .._transport import encode_body

        verb = method.upper()
        body: bytes | None = None
        headers: dict[str, str] = {}
        if json_payload is not None:
            body, headers = encode_body(json_payload)
        response = await self._transport.fetch(
            Request(verb, self._url(endpoint), body=body, headers=headers)
        )
        if verb == "DELETE":
            return None
        return _answer(response, exact=True)

    async def request_raw(
        self,
        method: str,
        endpoint: str,
        timeout: tuple[int, int] | int | None = None,
    ) -> bytes:
        """Send a request and return the answer's bytes, following it to storage.

        For routes that answer binary data or redirect to a signed storage
        URL; the credentials do not follow the redirect.

        Parameters
        ----------
        method : str
            The HTTP method.
        endpoint : str
            The API path.
        timeout : int or (int, int), optional
            Seconds the whole call may take (a pair: connect and read, added).
            By default the client's ``timeout`` to connect and its
            ``download_timeout`` between two reads.

        Returns
        -------
        bytes
            The body (bounded by the client's ``max_download_bytes``).
        """
        request = Request(
            method.upper(),
            self._url(endpoint),
            follow_with_credentials=False,
            transfer=True,
            max_bytes=self._transport.max_download_bytes,
        )
        if timeout is None:
            return (await self._transport.fetch(request)).body
        seconds = float(sum(timeout) if isinstance(timeout, tuple) else timeout)
        try:
            async with asyncio.timeout(seconds):
                return (await self._transport.fetch(request)).body
        except TimeoutError:
            raise APITimeoutError(
                f"{request.where} did not complete within {seconds:g} s.",
                method=request.method,
                path=request.url.path,
            ) from None

    async def redirect_url(self, endpoint: str) -> str:
        """Return the storage URL a redirecting route points at, without following it.

        Parameters
        ----------
        endpoint : str
            An API path that answers with a redirect (a download route).

        Returns
        -------
        str
            The absolute URL of the storage object (for range requests).

        Raises
        ------
        ResponseValidationError
            When the route answers something other than a redirect.
        """
        from yarl import URL

        from .._transport.redirects import REDIRECT_STATUSES

        url = self._url(endpoint)
        response = await self._transport.hop(Request("GET", url))
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or not location:
            raise ResponseValidationError(
                f"Expected {url} to redirect to storage, got {response.status} "
                "with no Location header.",
                method="GET",
                path=url.path,
            )
        return str(url.join(URL(location)))

    async def get(self, endpoint: str) -> Any:
        """Send a GET to an API route (see :meth:`request`)."""
        return await self.request("GET", endpoint)

    async def post(self, endpoint: str, json_payload: dict[str, Any]) -> Any:
        """Send a POST with a JSON body to an API route (see :meth:`request`)."""
        return await self.request("POST", endpoint, json_payload=json_payload)

    async def post_multipart(
        self,
        endpoint: str,
        files: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """POST files as ``multipart/form-data``, or only query parameters.

        Parameters
        ----------
        endpoint : str
            The API path.
        files : dict, optional
            Files as ``requests`` takes them (``{"file": (name, content,
            content_type)}``); none sends a plain POST without a body.
        params : dict, optional
            Query parameters.

        Returns
        -------
        Any
            The decoded JSON, or a :class:`RawResponse`.
        """
        body: bytes | None = None
        headers: dict[str, str] = {}
        if files:
            body, headers = multipart_body(None, files)
        response = await self._transport.fetch(
            Request(
                "POST",
                self._url(endpoint),
                params=_query(params),
                body=body,
                headers=headers,
                transfer=True,
            )
        )
        return _answer(response, exact=False)

    async def patch(self, endpoint: str, json_payload: dict[str, Any]) -> Any:
        """Send a PATCH with a JSON body to an API route (see :meth:`request`)."""
        return await self.request("PATCH", endpoint, json_payload=json_payload)

    async def delete(self, endpoint: str) -> None:
        """Send a DELETE to an API route."""
        await self.request("DELETE", endpoint)

    async def upload_multipart(
        self,
        endpoint: str,
        *,
        data: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        method: str = "POST",
    ) -> Any:
        """Send form fields and files as one ``multipart/form-data`` request.

        Parameters
        ----------
        endpoint : str
            The API path (``"/models/upload-custom"``, say).
        data : dict, optional
            Form fields.
        files : dict, optional
            Files as ``requests`` takes them.
        method : str, optional
            ``"POST"`` (the default), or ``"PATCH"`` to replace a file.

        Returns
        -------
        Any
            The decoded JSON, or a :class:`RawResponse`.
        """
        body, headers = multipart_body(data, files)
        response = await self._transport.fetch(
            Request(
                method.upper(),
                self._url(endpoint),
                body=body,
                headers=headers,
                transfer=True,
            )
        )
        return _answer(response, exact=False)

    async def _object(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        """Send a request to an API path; return its answer, a JSON object."""
        payload = await self._transport.request_json(method, path, body=body)
        if not isinstance(payload, dict):
            raise ResponseValidationError(
                f"The Ionworks API answered {method} {path} with no JSON object",
                method=method,
                path=path,
            )
        return payload

    async def capabilities(self) -> dict[str, Any]:
        """Fetch what the platform offers: its domain, schemas and authentication.

        Returns
        -------
        dict
            ``domain_context``, ``schemas``, ``openapi_spec`` and
            ``authentication``.
        """
        return await self._object("GET", "/discovery/capabilities")

    async def schema(self, name: str) -> dict[str, Any]:
        """Fetch a discovery schema by name.

        Parameters
        ----------
        name : {"data", "protocol"}
            The cell data hierarchy, or the Universal Cycler Protocol.

        Returns
        -------
        dict
            The JSON Schema.

        Raises
        ------
        ValueError
            For a name that is not a known schema.
        """
        if name not in SCHEMAS:
            raise ValueError(
                f"Unknown schema {name!r}. Choose from: {', '.join(sorted(SCHEMAS))}"
            )
        return await self._object("GET", f"/discovery/schemas/{name}")

    async def pybamm_models(self) -> dict[str, Any]:
        """List the PyBaMM and Ionworks model classes and their option values.

        Returns
        -------
        dict
            ``pybamm_models``, ``ionworks_models``, ``options`` and
            ``pybamm_version``.
        """
        return await self._object("GET", "/discovery/pybamm_models")

    async def validate_pybamm_model_config(
        self,
        pybamm_model: str,
        options: dict[str, Any] | None = None,
        module: str = "lithium_ion",
    ) -> dict[str, Any]:
        """Ask whether a model and options can be built (nothing is kept).

        Parameters
        ----------
        pybamm_model : str
            A class name listed by :meth:`pybamm_models` (``"DFN"``, ``"SPM"``).
        options : dict, optional
            The model's options.
        module : str, optional
            The PyBaMM submodule, ``"lithium_ion"`` (the default) or
            ``"lead_acid"``.

        Returns
        -------
        dict
            ``{"valid": True}``, or ``valid`` false with ``error`` and
            ``error_type``.
        """
        body = {
            "pybamm_model": pybamm_model,
            "module": module,
            "options": options or {},
        }
        return await self._object("POST", "/discovery/pybamm_models/validate", body)
