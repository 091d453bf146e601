"""Which headers a request carries, and where a redirect may take them.

The credentials (API key, bearer token, organisation) go to the API's own
origin only: never to a signed storage URL, never to a redirect target on
another origin, whatever host that is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ._responses import Response, error_from_response
from ._settings import Settings
from ._version import __version__
from .errors import APIConnectionError, IonworksError

if TYPE_CHECKING:
    from yarl import URL

__all__ = [
    "MAX_REDIRECTS",
    "REDIRECT_STATUSES",
    "USER_AGENT",
    "Hop",
    "request_headers",
    "same_origin",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
USER_AGENT = f"ionworks-async/{__version__}"


def same_origin(first: URL, second: URL) -> bool:
    """Whether two URLs share scheme, host and port."""
    return (first.scheme, first.host, first.explicit_port or first.port) == (
        second.scheme,
        second.host,
        second.explicit_port or second.port,
    )


def request_headers(
    settings: Settings, credentials: bool, extra: Mapping[str, str]
) -> dict[str, str]:
    """Return the headers of a request, with the credentials only if asked."""
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if credentials:
        if settings.api_key:
            headers["X-API-Key"] = settings.api_key
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        if settings.organization_id:
            headers["X-Organization-Id"] = settings.organization_id
    headers.update(extra)
    return headers


@attrs.frozen
class Hop:
    """Where a redirect leads, and whether the credentials may follow."""

    url: URL
    credentials: bool


def next_hop(
    response: Response,
    url: URL,
    *,
    credentials: bool,
    follow_with_credentials: bool,
    api_url: URL,
) -> Hop:
    """Decide where a redirect response sends the request next.

    Parameters
    ----------
    response : Response
        A response whose status is in :data:`REDIRECT_STATUSES`.
    url : URL
        The URL that answered it.
    credentials : bool
        Whether this hop carried the credentials.
    follow_with_credentials : bool
        Whether the credentials may follow to the API's own origin (not for
        download routes: their target is storage, whatever its host).
    api_url : URL
        The API's base URL, the one origin the credentials belong to.

    Returns
    -------
    Hop
        The next URL and whether it gets the credentials.

    Raises
    ------
    IonworksError
        For a missing or unusable ``Location``, or a redirect of a request
        with a body that may not be re-sent (anything but 307 and 308).
    """
    from yarl import URL

    method = response.method
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
        error: IonworksError = error_from_response(response)
        raise error
    keep = credentials and follow_with_credentials and same_origin(target, api_url)
    return Hop(url=target, credentials=keep)
