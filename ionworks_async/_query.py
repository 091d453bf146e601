"""Checking caller input and turning it into URL paths and query strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ._json import iso_datetime

__all__ = ["DateLike", "check_data", "check_flag", "query_params", "segment"]

DateLike = dt.datetime | dt.date | str
"""A point in time for a filter: a datetime, a date, or an ISO 8601 string."""

_ORDER_BY = frozenset({"name", "created_at", "updated_at", "start_time"})


def segment(value: object, name: str) -> str:
    """Check an id and percent-encode it as exactly one URL path segment.

    Parameters
    ----------
    value : object
        The id given by the caller.
    name : str
        The parameter's name, for the error message.

    Returns
    -------
    str
        The encoded segment: ``/``, ``?``, ``%``, ``#`` and dot-segments can
        never change the route.

    Raises
    ------
    TypeError
        When the id is not a string.
    ValueError
        When the id is empty or only whitespace.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string id, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty id")
    encoded = quote(value, safe="")
    if encoded in (".", ".."):
        encoded = encoded.replace(".", "%2E")
    return encoded


def check_data(data: object, name: str = "data") -> dict[str, Any]:
    """Check that a request body is a mapping with string keys.

    Parameters
    ----------
    data : object
        The body given by the caller.
    name : str, optional
        The parameter's name, for the error message.

    Returns
    -------
    dict
        A shallow copy, safe to add fields to.

    Raises
    ------
    TypeError
        When it is not a mapping, or a key is not a string.
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"{name} must be a dict of fields, got {type(data).__name__}")
    for key in data:
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be strings, got {key!r}")
    return dict(data)


def check_flag(value: object, name: str) -> bool:
    """Check that an ``include_*`` style flag is a real bool.

    Raises
    ------
    TypeError
        When it is anything else (``"false"`` would otherwise be true).
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def _time_text(value: object, name: str) -> str:
    if isinstance(value, dt.datetime):
        return iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return value
    raise TypeError(f"{name} must be a datetime, a date or an ISO 8601 string")


def query_params(
    *,
    limit: int | None = None,
    offset: int | None = None,
    name: str | None = None,
    name_exact: str | None = None,
    created_by_email: str | None = None,
    created_after: DateLike | None = None,
    created_before: DateLike | None = None,
    updated_after: DateLike | None = None,
    updated_before: DateLike | None = None,
    started_after: DateLike | None = None,
    started_before: DateLike | None = None,
    order_by: str | None = None,
    order: str | None = None,
    equals: Mapping[str, str | list[str] | None] | None = None,
) -> list[tuple[str, str]]:
    """Build the query string of a list route from the client's arguments.

    ``None`` arguments are not sent; ``name_exact`` wins over ``name``; list
    values in ``equals`` become repeated keys.

    Returns
    -------
    list of (str, str)
        The parameters, in a stable order.

    Raises
    ------
    ValueError, TypeError
        For a ``limit`` outside 1..100, a negative ``offset``, an unknown
        ``order_by`` or ``order``, or a value of the wrong type.
    """
    params: list[tuple[str, str]] = []
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an integer, got {limit!r}")
        if not 1 <= limit <= 100:
            raise ValueError(f"limit must be between 1 and 100, got {limit}")
        params.append(("limit", str(limit)))
    if offset is not None:
        if isinstance(offset, bool) or not isinstance(offset, int):
            raise TypeError(f"offset must be an integer, got {offset!r}")
        if offset < 0:
            raise ValueError(f"offset must be 0 or more, got {offset}")
        params.append(("offset", str(offset)))
    for key, text in (("name_exact", name_exact), ("name", name)):
        if text is not None and not isinstance(text, str):
            raise TypeError(f"{key} must be a string, got {type(text).__name__}")
    if name_exact is not None:
        params.append(("name", f"eq.{name_exact}"))
    elif name is not None:
        params.append(("name", f"ilike.%{name}%"))
    if created_by_email is not None:
        params.append(("created_by_email", f"ilike.%{created_by_email}%"))
    for key, moment in (
        ("created_at_gt", created_after),
        ("created_at_lt", created_before),
        ("updated_at_gt", updated_after),
        ("updated_at_lt", updated_before),
        ("start_time_gt", started_after),
        ("start_time_lt", started_before),
    ):
        if moment is not None:
            params.append((key, _time_text(moment, key)))
    if order_by is not None:
        if order_by not in _ORDER_BY:
            raise ValueError(
                f"order_by must be one of {sorted(_ORDER_BY)}, got {order_by!r}"
            )
        params.append(("order_by", order_by))
    if order is not None:
        if order not in ("asc", "desc"):
            raise ValueError(f"order must be 'asc' or 'desc', got {order!r}")
        params.append(("order", order))
    for key, value in (equals or {}).items():
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            params.append((key, f"eq.{item}" if key == "form_factor" else item))
    return params
