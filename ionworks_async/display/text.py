"""Short text of values, and reprs built from a class name and fields."""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable
from typing import Any

__all__ = ["call_repr", "short"]

LIMIT = 60
"""The longest value a repr or an HTML cell shows in full (characters)."""


def short(value: Any, limit: int = LIMIT) -> str:
    """Return ``value`` as text of at most ``limit`` characters.

    Strings are shown without quotes, timestamps in ISO 8601, mappings and
    lists as compact JSON; what is cut ends in ``…``.

    Parameters
    ----------
    value : object
        The value.
    limit : int, optional
        The longest text returned.

    Returns
    -------
    str
        The text.
    """
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        text = value
    elif isinstance(value, dt.datetime):
        text = value.isoformat(timespec="seconds")
    elif isinstance(value, (dict, list, tuple)):
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(value)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def call_repr(name: str, fields: Iterable[tuple[str, Any]], *extra: str) -> str:
    """Return ``Name(field=value, …, extra…)``, skipping fields that are ``None``.

    Parameters
    ----------
    name : str
        The class name.
    fields : iterable of (str, object)
        The fields to show, in order; values are shown with :func:`repr`
        (strings longer than :data:`LIMIT` are cut).
    *extra : str
        Text appended as it is (``"3 measurements"``).

    Returns
    -------
    str
        The repr.
    """
    parts = []
    for key, value in fields:
        if value is None:
            continue
        if isinstance(value, enum.Enum):
            value = value.value
        text = repr(value) if not isinstance(value, str) else repr(short(value))
        parts.append(f"{key}={text}")
    return f"{name}({', '.join([*parts, *extra])})"
