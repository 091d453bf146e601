"""A fully read HTTP response, and the typed error an error response stands for."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import (
    IonworksError,
    RateLimitError,
    ResponseValidationError,
    error_for_status,
)
from .retry_policy import parse_retry_after
from .wire_json import decode_json

if TYPE_CHECKING:
    from multidict import CIMultiDictProxy
    from yarl import URL

__all__ = ["Response", "deleted_before", "error_from_response"]


@attrs.frozen
class Response:
    """A fully read HTTP response."""

    status: int
    headers: CIMultiDictProxy[str]
    body: bytes
    method: str
    url: URL
    resent: bool = False
    """Whether aiohttp sent the request again on its own (a reused connection
    dropped): the answer is to a second sending."""

    @property
    def request_id(self) -> str | None:
        """The server's correlation id for this request, if it sent one."""
        return self.headers.get("x-correlation-id") or self.headers.get("x-request-id")

    def json(self) -> Any:
        """Decode the body as JSON, raising ResponseValidationError if it is not."""
        try:
            return decode_json(self.body)
        except ValueError as error:
            raise ResponseValidationError(
                f"The Ionworks API answered {self.method} {self.url.path} with "
                f"HTTP {self.status} but {error}.",
                self.status,
                request_id=self.request_id,
                method=self.method,
                path=self.url.path,
            ) from None


_S3_ERROR = re.compile(
    rb"<Code>([A-Za-z0-9.]{1,64})</Code>\s*<Message>([^<]{0,500})</Message>"
)


def error_from_response(response: Response) -> IonworksError:
    """Build the typed error for an error response, reading both body forms.

    Parameters
    ----------
    response : Response
        A response with status 400 or more (or an unfollowed redirect).

    Returns
    -------
    IonworksError
        The subclass that stands for the status, with the API's message,
        ``error_code``, decoded body as ``data`` and the request id.
    """
    status = response.status
    data: Any = None
    error_code: str | None = None
    message: str | None = None
    try:
        data = decode_json(response.body)
    except ValueError:
        text = response.body[:200].decode("utf-8", "replace").strip()
        message = text if text and not text.startswith("<") else None
        s3 = _S3_ERROR.search(response.body[:4096])  # object storage's XML
        if s3 is not None:
            error_code = s3.group(1).decode("ascii")
            message = f"{error_code}: {s3.group(2).decode('utf-8', 'replace')}"
    if isinstance(data, Mapping):
        code = data.get("error_code")
        error_code = code if isinstance(code, str) else None
        detail = data.get("detail")
        if isinstance(data.get("message"), str):
            message = data["message"]
        elif isinstance(detail, str):
            message = detail
        elif isinstance(detail, Mapping) and isinstance(detail.get("message"), str):
            message = detail["message"]
        elif detail is not None:
            message = str(detail)[:500]
    if not message:
        message = f"HTTP {status}"
    if status == 404 and (message == "Not Found" or message.startswith("No route")):
        message += (
            " (no such route: the API URL must be the server's root, without a "
            "path such as /v1)"
        )
    if status == 401:
        message += (
            " (check the API key: IONWORKS_API_KEY or api_key=..., "
            "or the token: IONWORKS_API_TOKEN)"
        )
    path = response.url.path
    kwargs: dict[str, Any] = {
        "error_code": error_code,
        "data": data,
        "request_id": response.request_id,
        "method": response.method,
        "path": path,
    }
    if status == 429:
        retry_after = parse_retry_after(
            response.headers.get("Retry-After"), now=time.time()
        )
        return RateLimitError(message, status, retry_after=retry_after, **kwargs)
    return error_for_status(status)(message, status, **kwargs)


def deleted_before(response: Response, retries_done: int) -> bool:
    """Whether a re-sent DELETE's 404 means an earlier sending deleted it.

    The first sending may have deleted the record and lost its answer; the
    next (the retry loop's, or aiohttp's own on a dropped kept connection)
    then finds nothing: the call succeeded. A 404 to the first sending is
    still an error.
    """
    return (
        response.method == "DELETE"
        and response.status == 404
        and (retries_done > 0 or response.resent)
    )
