"""Where a redirect may take a request, and whether the credentials follow.

The credentials (API key, bearer token, organisation) go to the API's own
origin only: never to a signed storage URL, never to a redirect target on
another origin, whatever host that is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import APIConnectionError, IonworksError
from .request import Request
from .responses import Response, error_from_response

if TYPE_CHECKING:
    from yarl import URL

__all__ = ["MAX_REDIRECTS", "REDIRECT_STATUSES", "next_hop", "same_origin"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


def same_origin(first: URL, second: URL) -> bool:
    """Whether two URLs share scheme, host and port."""
    return (first.scheme, first.host, first.explicit_port or first.port) == (
        second.scheme,
        second.host,
        second.explicit_port or second.port,
    )


def next_hop(response: Response, request: Request, api_url: URL) -> Request:
    """Decide where a redirect response sends the request next.

    Parameters
    ----------
    response : Response
        A response whose status is in :data:`REDIRECT_STATUSES`.
    request : Request
        The request that it answered.
    api_url : URL
        The API's base URL, the one origin the credentials belong to.

    Returns
    -------
    Request
        The next hop: its URL, and the credentials only if they may follow
        (see :attr:`Request.follow_with_credentials`).

    Raises
    ------
    IonworksError
        For a missing or unusable ``Location``, or a redirect of a request
        with a body that may not be re-sent (anything but 307 and 308).
    """
    from yarl import URL

    method, url = request.method, request.url
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
    keep = (
        request.credentials
        and request.follow_with_credentials
        and same_origin(target, api_url)
    )
    return request.redirected(target, credentials=keep)
