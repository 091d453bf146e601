"""The exceptions raised by the Ionworks clients.

Every failure a public method can meet (an HTTP error status, a dropped
connection, a timeout, a body that cannot be read) reaches the caller as an
:class:`IonworksError` subclass; no aiohttp, asyncio, json or cattrs exception
escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "ConflictError",
    "IonworksError",
    "MeasurementProcessingError",
    "MissingDependencyError",
    "NotAvailableError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "ServerError",
    "TLSVerificationError",
    "UnprocessableEntityError",
    "error_for_status",
]


class MissingDependencyError(ImportError):
    """An optional dependency needed for this operation is not installed.

    The message names the extra that brings it (``pip install
    "ionworks-async[data]"``, ``[plot]``, ``[cyclers]``).
    """


class IonworksError(Exception):
    """Base class of every error raised by the Ionworks clients.

    Parameters
    ----------
    message : str
        What went wrong, and where possible what to do about it.
    status_code : int or None, optional
        The HTTP status of the response, or ``None`` when there was none.

    Attributes
    ----------
    message : str
        The human-readable message.
    status_code : int or None
        The HTTP status code, ``None`` for connection failures.
    error_code : str or None
        The API's machine-readable code (``"CONFLICT"``, ...), when given.
    data : Any
        The decoded error body (a dict for JSON bodies), else ``None``.
    request_id : str or None
        The ``x-correlation-id`` response header: quote it in support requests.
    method : str or None
        The HTTP method of the failed request.
    path : str or None
        The URL path of the failed request (never its query or credentials).
    """

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        *,
        error_code: str | None = None,
        data: Any = None,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.error_code = error_code
        self.data = data
        self.request_id = request_id
        self.method = method
        self.path = path

    def __str__(self) -> str:
        """Return the message, after the status as the public client writes it.

        With no status (a connection failure, a client-side error) there is no
        ``error code: None`` part; the failed request's method and path follow
        the message when it does not name them already.
        """
        text = self.message
        if self.method and self.path and self.path not in text:
            text = f"{text} ({self.method} {self.path})"
        if self.status_code is None:
            return text
        return f"error code: {self.status_code}, message: {text}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, "
            f"error_code={self.error_code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r}, method={self.method!r}, "
            f"path={self.path!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep the keyword-only attributes when pickled (multiprocessing pools).
        return (_rebuild_error, (type(self), self.__dict__.copy()))

    @property
    def detail(self) -> Any:
        """The ``detail`` member of a JSON error body, or ``None``."""
        if isinstance(self.data, Mapping):
            return self.data.get("detail")
        return None


def _rebuild_error(cls: type[IonworksError], state: dict[str, Any]) -> IonworksError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class APIStatusError(IonworksError):
    """The API answered with an error status; each status has a subclass.

    ``status_code`` is always set. Statuses without a class of their own (a
    4xx other than those below, an unfollowed 3xx) raise this class itself.
    """


class BadRequestError(APIStatusError):
    """The API rejected the request as malformed (HTTP 400)."""


class AuthenticationError(APIStatusError):
    """The API key or token is missing or wrong (HTTP 401)."""


class PermissionDeniedError(APIStatusError):
    """The credentials are valid but may not do this (HTTP 403)."""


class NotFoundError(APIStatusError):
    """The record or route does not exist (HTTP 404)."""


class ConflictError(APIStatusError):
    """A record with this name already exists under the same parent (HTTP 409).

    Attributes
    ----------
    existing_id : str or None
        The id of the existing record, when the API named it.
    """

    @property
    def existing_id(self) -> str | None:
        """The id of the record the request conflicted with, if the API gave it."""
        detail = self.detail
        if isinstance(detail, Mapping):
            value = detail.get("existing_id")
            if isinstance(value, str) and value:
                return value
        return None


class PayloadTooLargeError(APIStatusError):
    """The request body was larger than the API accepts (HTTP 413)."""


class UnprocessableEntityError(APIStatusError):
    """The request was well-formed but its fields failed validation (HTTP 422)."""


class RateLimitError(APIStatusError):
    """Too many requests (HTTP 429), still refused after the allowed retries.

    Attributes
    ----------
    retry_after : float or None
        Seconds the API asked the client to wait, when it said.
    """

    def __init__(
        self, message: str, status_code: int | None = 429, **kwargs: Any
    ) -> None:
        self.retry_after: float | None = kwargs.pop("retry_after", None)
        super().__init__(message, status_code, **kwargs)


class ServerError(APIStatusError):
    """The API failed (HTTP 5xx), still failing after the allowed retries."""


class NotAvailableError(APIStatusError):
    """The server does not offer this (HTTP 501), so trying again will not help.

    ionworks-local answers it (``error_code`` ``NOT_AVAILABLE_LOCALLY``) for
    what needs the hosted service's compute: simulations, pipelines,
    optimizations, model building, ECM fits, protocol parsing and
    conversion. Run those against the hosted API.
    """


class APIConnectionError(IonworksError):
    """The request did not complete: the connection failed or was dropped."""


class APITimeoutError(APIConnectionError):
    """The request did not complete within the client's timeout."""


class TLSVerificationError(APIConnectionError):
    """The server's TLS certificate could not be verified (never retried).

    Behind a proxy that inspects TLS, pass its CA bundle as ``verify=``.
    """


class ResponseValidationError(IonworksError):
    """A successful response could not be read as the expected record.

    Raised when a 2xx body is not JSON, has the wrong shape or types, or lacks
    a required field such as ``id``.
    """


class MeasurementProcessingError(IonworksError):
    """Server-side processing of one or more measurements failed or timed out.

    Parameters
    ----------
    message : str
        A summary naming the measurements.
    failures : dict of str to str
        Measurement id (or name) to the reason its processing failed.
    """

    def __init__(self, message: str, failures: Mapping[str, str]) -> None:
        super().__init__(message)
        self.failures: dict[str, str] = dict(failures)


class BatchError(IonworksError):
    """A bulk operation did not complete.

    Raised by ``create_many`` when the batch had to end early (its item source
    raised, or the server was unreachable), and by
    ``BatchResult.raise_for_failures()``.

    Parameters
    ----------
    message : str
        A summary listing the failures.
    failures : list
        The failed items (index, name and error of each).
    result : BatchResult, optional
        The partial result: every item taken, in its list.

    Attributes
    ----------
    failures : list
        The failed items.
    result : BatchResult or None
        The partial result.
    """

    def __init__(self, message: str, failures: list[Any], result: Any = None) -> None:
        super().__init__(message)
        self.failures = failures
        self.result = result

    @property
    def source_error(self) -> Exception | None:
        """The exception of the item source that ended the batch, if that did."""
        error = getattr(self.result, "source_error", None)
        return error if isinstance(error, Exception) else None


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(status_code: int) -> type[APIStatusError]:
    """Return the error class that stands for an HTTP error status.

    Parameters
    ----------
    status_code : int
        An HTTP status of 400 or more.

    Returns
    -------
    type[APIStatusError]
        The most specific subclass; :class:`NotAvailableError` for 501,
        :class:`ServerError` for any other 5xx and
        :class:`APIStatusError` itself for other statuses.
    """
    if status_code == 501:
        return NotAvailableError
    if status_code >= 500:
        return ServerError
    return _STATUS_ERRORS.get(status_code, APIStatusError)
