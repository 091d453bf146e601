"""The local server's error type, rendered as the API's standard error body."""

from __future__ import annotations

from typing import Any

__all__ = ["ERROR_CODES", "ApiError"]

ERROR_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    501: "NOT_AVAILABLE_LOCALLY",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """An error answer: status, message and optional ``detail``.

    Parameters
    ----------
    status : int
        The HTTP status.
    message : str
        What went wrong.
    detail : Any, optional
        Structured detail, e.g. ``{"existing_id": ...}`` for a conflict.
    headers : dict, optional
        Extra response headers (``Retry-After``).
    """

    def __init__(
        self,
        status: int,
        message: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """Return the standard error body."""
        return {
            "error_code": ERROR_CODES.get(self.status, f"HTTP_{self.status}"),
            "message": self.message,
            "detail": self.detail,
        }
