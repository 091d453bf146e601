"""The transport's numeric settings, checked before anything is built."""

from __future__ import annotations

__all__ = ["check_limits"]


def check_limits(
    *,
    max_concurrency: int,
    storage_concurrency: int,
    timeout: float,
    download_timeout: float,
    max_download_bytes: int,
) -> None:
    """Raise ``ValueError`` naming the first setting out of its range."""
    if max_concurrency < 1:
        raise ValueError("max_concurrency must be at least 1")
    if storage_concurrency < 1:
        raise ValueError("storage_concurrency must be at least 1")
    if not (timeout > 0 and download_timeout > 0):
        raise ValueError("timeouts must be positive numbers of seconds")
    if type(max_download_bytes) is not int or max_download_bytes < 1:
        raise ValueError(
            "max_download_bytes must be a positive number of bytes, got "
            f"{max_download_bytes!r}"
        )
