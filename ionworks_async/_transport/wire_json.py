"""JSON encoding of request bodies and decoding of responses, with clear errors."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import gzip
import json
import math
import os
from collections.abc import Mapping
from typing import Any

__all__ = [
    "GZIP_THRESHOLD",
    "decode_json",
    "encode_body",
    "encode_json",
    "iso_datetime",
]

GZIP_THRESHOLD = 512 * 1024
"""Serialised bodies of this many bytes or more are gzip-compressed (level 1)."""


def iso_datetime(value: dt.datetime) -> str:
    """Return a datetime as ISO 8601 with its UTC offset.

    A naive datetime (no ``tzinfo``, as ``datetime.now()`` gives) is taken as
    local time and sent with the local offset: the API's datetimes carry an
    offset, and a bare wall-clock time would be read as UTC.
    """
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        value = value.astimezone()
    return value.isoformat()


def _default(value: Any) -> Any:
    """Encode what ``json`` cannot: dates, decimals, paths, enums, numpy values."""
    if isinstance(value, dt.datetime):
        if type(value).__name__ == "NaTType":  # pandas' missing timestamp
            return None
        if type(value).__module__.startswith("pandas") and value.tzinfo is None:
            # pandas (like numpy) keeps naive times in UTC, not local time
            value = value.replace(tzinfo=dt.UTC)
        return iso_datetime(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite number")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if type(value).__name__ == "NaTType":
        return None
    # numpy scalars and arrays (and anything shaped like them), without
    # importing numpy: .tolist() gives plain Python values.
    if hasattr(value, "dtype") and callable(getattr(value, "tolist", None)):
        if str(value.dtype).startswith("datetime64"):
            return _numpy_moments(value)
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _numpy_moments(value: Any) -> Any:
    """Numpy datetime64 values (UTC by numpy's convention) as ISO 8601 in UTC.

    ``tolist()`` of a ``[ns]`` value is an integer of nanoseconds, so they go
    through microseconds (a datetime) first; NaT is ``None``.
    """
    plain = value.astype("datetime64[us]").tolist()

    def one(moment: Any) -> Any:
        if moment is None:
            return None
        return moment.replace(tzinfo=dt.UTC).isoformat()

    if isinstance(plain, list):
        return [
            one(m) if not isinstance(m, list) else [one(x) for x in m] for m in plain
        ]
    return one(plain)


def _locate_problem(
    value: Any, path: str = "", on_path: frozenset[int] = frozenset()
) -> str | None:
    """Return the path of the first value ``json`` cannot encode, if any."""
    if isinstance(value, (Mapping, list, tuple)):
        if id(value) in on_path:
            return f"{path or 'the body'} (it contains itself)"
        on_path = on_path | {id(value)}
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}[{key!r}] (keys must be strings)"
            found = _locate_problem(item, f"{path}[{key!r}]", on_path)
            if found:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _locate_problem(item, f"{path}[{index}]", on_path)
            if found:
                return found
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{path} = {value!r} (NaN and infinity are not valid JSON)"
    if value is None or isinstance(value, (str, int, float, bool)):
        return None
    try:
        converted = _default(value)
    except (TypeError, ValueError):
        return f"{path} of type {type(value).__name__}"
    if converted is value:
        return None
    return _locate_problem(converted, path, on_path)


def encode_json(value: Any) -> bytes:
    """Serialise a request body to compact UTF-8 JSON.

    Parameters
    ----------
    value : Any
        Mappings, sequences, strings, numbers, booleans, ``None``; also dates
        and datetimes (ISO 8601; a naive datetime is local time and is sent
        with the local offset), ``Decimal``, enums (their value), paths (as
        strings), sets (sorted), and numpy scalars and arrays.

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
        try:
            where = _locate_problem(value) or "the body"
        except RecursionError:
            where = "the body (nested too deeply)"
        raise TypeError(f"Cannot send {where} as JSON: {error}") from None
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        where = _surrogate_path(value) or "the body"
        raise ValueError(
            f"Cannot send {where}: it holds a lone surrogate, which is not valid "
            "UTF-8 text (a name decoded with the wrong encoding?)"
        ) from None


def _surrogate_path(value: Any, path: str = "") -> str | None:
    """Return where the first text that is not valid UTF-8 sits in a body."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return f"{path or 'the body'} ({value!r})"
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _surrogate_path(key, path) if isinstance(key, str) else None
            found = found or _surrogate_path(item, f"{path}[{key!r}]")
            if found:
                return found
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _surrogate_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


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
