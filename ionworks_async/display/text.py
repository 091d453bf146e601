"""Short text of values, and reprs built from a class name and fields."""

from __future__ import annotations

import datetime as dt
import enum
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

__all__ = ["call_repr", "short", "shown"]

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


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})
"""Unicode categories a terminal does not show as themselves: controls (an
escape sequence can hide or rewrite what follows), format characters (a
right-to-left override), separators, surrogates, private and unassigned."""


def shown(value: Any) -> str:
    r"""Return text safe to print on a terminal: every hidden character escaped.

    A file name may hold anything but ``/``: ``z\x1b[8m.csv`` would hide the
    lines printed after it, a right-to-left override would reverse them. Such
    characters are shown as their escapes (``\x1b``, ``\u202e``); a byte
    that was no UTF-8 (kept by Python as a lone surrogate) as ``\xfc``.

    Parameters
    ----------
    value : object
        The text, or a path.

    Returns
    -------
    str
        The text, its visible characters as they are.
    """
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for character in text:
        code = ord(character)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(character) in _HIDDEN:
            out.append(character.encode("unicode_escape").decode("ascii"))
        else:
            out.append(character)
    return "".join(out)


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
