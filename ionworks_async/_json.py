"""JSON encoding of request bodies and decoding of responses, with clear errors."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
from collections.abc import Mapping
from typing import Any

__all__ = ["GZIP_THRESHOLD", "decode_json", "encode_body", "encode_json"]

GZIP_THRESHOLD = 512 * 1024
"""Serialised bodies of this many bytes or more are gzip-compressed (level 1)."""


def _default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _locate_problem(value: Any, path: str = "") -> str | None:
    """Return the path of the first value ``json`` cannot encode, if any."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}[{key!r}] (keys must be strings)"
            found = _locate_problem(item, f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _locate_problem(item, f"{path}[{index}]")
            if found:
                return found
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{path} = {value!r} (NaN and infinity are not valid JSON)"
    if value is None or isinstance(value, (str, int, float, bool)):
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return None
    return f"{path} of type {type(value).__name__}"


def encode_json(value: Any) -> bytes:
    """Serialise a request body to compact UTF-8 JSON.

    Parameters
    ----------
    value : Any
        Mappings, sequences, strings, numbers, booleans, ``None``; dates and
        datetimes are sent as ISO 8601 strings.

    Returns
    -------
    bytes
        The encoded body.

    Raises
    ------
    TypeError
        Naming the first offending key when a value cannot be sent as JSON
        (NaN and infinity included: they are not valid JSON).
    """
    try:
        text = json.dumps(
            value,
            default=_default,
            allow_nan=False,
            ensure_ascii=False,
            separators=(",", ":"),
        )
    except (TypeError, ValueError, RecursionError) as error:
        where = _locate_problem(value) or "the body"
        raise TypeError(f"Cannot send {where} as JSON: {error}") from None
    return text.encode("utf-8")


def encode_body(value: Any) -> tuple[bytes, dict[str, str]]:
    """Encode a JSON body, gzip-compressing it at or above the threshold.

    Parameters
    ----------
    value : Any
        The body, as for :func:`encode_json`.

    Returns
    -------
    tuple of bytes and dict
        The bytes to send and the content headers that describe them.
    """
    body = encode_json(value)
    headers = {"Content-Type": "application/json"}
    if len(body) >= GZIP_THRESHOLD:
        body = gzip.compress(body, compresslevel=1)
        headers["Content-Encoding"] = "gzip"
    return body, headers


def decode_json(body: bytes) -> Any:
    """Decode a response body as JSON, whatever its declared charset.

    Parameters
    ----------
    body : bytes
        The raw body; UTF-8, UTF-16 and UTF-32 are detected.

    Returns
    -------
    Any
        The decoded value.

    Raises
    ------
    ValueError
        When the body is not JSON (including an empty body).
    """
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"the response body is not valid JSON ({error})") from None
