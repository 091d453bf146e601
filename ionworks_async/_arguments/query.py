"""Checking caller input and turning it into URL paths and query strings."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from .._transport.wire_json import iso_datetime
from ..types import DateLike

__all__ = [
    "DateLike",
    "check_data",
    "check_flag",
    "check_utf8",
    "integer_text",
    "like_literal",
    "name_contains",
    "nfc",
    "query_params",
    "segment",
    "time_text",
]


_ORDER_BY = frozenset({"name", "created_at", "updated_at", "start_time"})


def like_literal(text: str) -> str:
    """Escape the user's text for an ``ilike`` pattern: it matches literally.

    ``%`` and ``_`` are LIKE's wildcards, the backslash its escape: unescaped,
    ``name="cell_1"`` would match ``cell 1`` and ``100%`` ``1000 cycles``.
    The API reads ``*`` as ``%`` too, and no escape keeps it: it is sent as
    ``_`` (any one character), and what else that matches is dropped from
    the answer (:func:`name_contains`).
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "_")


def name_contains(filters: Mapping[str, Any]) -> str | None:
    """Return the text a ``name`` filter must hold as is, when the API cannot.

    ``None`` unless the filter holds a ``*`` (see :func:`like_literal`): then
    the records the API finds are kept only if their name holds the text.
    """
    name = filters.get("name")
    if filters.get("name_exact") is not None or not isinstance(name, str):
        return None
    return nfc(name).casefold() if "*" in name else None


def check_utf8(value: str, name: str) -> None:
    """Refuse text that cannot be sent as UTF-8 (a lone surrogate).

    A file name read as Latin-1 where it was not, or decoded with
    ``surrogateescape``, holds such characters; no HTTP request can carry them.

    Raises
    ------
    ValueError
        Naming the parameter and showing the value.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"{name} is not valid UTF-8 text: {value!r} holds a lone surrogate "
            "(a name decoded with the wrong encoding?); fix the text before "
            "sending it"
        ) from None


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
    check_utf8(value, name)
    encoded = quote(value, safe="")
    if encoded in (".", ".."):
        encoded = encoded.replace(".", "%2E")
    return encoded


def nfc(text: str) -> str:
    """Return a name in Unicode NFC, the form every name is sent and compared in.

    macOS hands back file names decomposed (NFD: ``u`` + a combining
    diaeresis) where Linux and Windows keep what was typed (NFC: ``ü``); two
    spellings of one name would otherwise make two records.
    """
    return unicodedata.normalize("NFC", text)


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
        A shallow copy, safe to add fields to; its ``"name"``, when text, in
        Unicode NFC (:func:`nfc`).

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
    checked = dict(data)
    if isinstance(checked.get("name"), str):
        checked["name"] = nfc(checked["name"])
    return checked


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


def time_text(value: object, name: str) -> str:
    """Return a point in time as the API's text (a naive datetime: local zone).

    Raises
    ------
    TypeError
        When it is not a datetime, a date or a non-empty string.
    """
    if isinstance(value, dt.datetime):
        return iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        return value
    raise TypeError(f"{name} must be a datetime, a date or an ISO 8601 string")


_EXACT = ("form_factor",)
"""Filters sent as ``eq.<value>``; the other plain filters are sent as given."""
SLOTS = ("anode", "cathode", "electrolyte", "separator", "case")
"""A cell specification's component slots, in the API's order."""
_PLAIN = (
    "project_id",
    "batch_id",
    "measurement_type",
    "q",
    "full",
    *(f"{slot}_material_id" for slot in SLOTS),
    "exclude_cell_spec_id",
)


def integer_text(value: object, name: str, low: int, high: int | None) -> str:
    """Check an integer parameter against its bounds; return it as query text.

    Raises
    ------
    TypeError
        When it is not an int (a bool included).
    ValueError
        When it is below ``low`` or above ``high``.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"{low} or more"
        raise ValueError(f"{name} must be {bounds}, got {value}")
    return str(value)


def query_params(
    *,
    limit: int | None = None,
    offset: int | None = None,
    filters: Mapping[str, Any] | None = None,
) -> list[tuple[str, str]]:
    """Build the query string of a list route from the client's arguments.

    ``None`` values are not sent; ``name_exact`` wins over ``name``.

    Parameters
    ----------
    limit, offset : int, optional
        The page.
    filters : mapping, optional
        The filter keywords of ``list`` (see :mod:`ionworks_async._filters`),
        already checked against the resource's allowed names.

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
    given = {key: value for key, value in (filters or {}).items() if value is not None}
    params: list[tuple[str, str]] = []
    if limit is not None:
        params.append(("limit", integer_text(limit, "limit", 1, 100)))
    if offset is not None:
        params.append(("offset", integer_text(offset, "offset", 0, None)))
    for key in ("name_exact", "name", "created_by_email", *_EXACT, *_PLAIN):
        if key in given and not isinstance(given[key], str):
            raise TypeError(f"{key} must be a string, got {type(given[key]).__name__}")
    if "name_exact" in given:
        params.append(("name", f"eq.{nfc(given['name_exact'])}"))
    elif "name" in given:
        params.append(("name", f"ilike.%{like_literal(nfc(given['name']))}%"))
    if "created_by_email" in given:
        email = like_literal(given["created_by_email"])
        params.append(("created_by_email", f"ilike.%{email}%"))
    for key, argument in (
        ("created_at_gt", "created_after"),
        ("created_at_lt", "created_before"),
        ("updated_at_gt", "updated_after"),
        ("updated_at_lt", "updated_before"),
        ("start_time_gt", "started_after"),
        ("start_time_lt", "started_before"),
    ):
        if argument in given:
            params.append((key, time_text(given[argument], argument)))
    order_by = given.get("order_by")
    if order_by is not None:
        if order_by not in _ORDER_BY:
            raise ValueError(
                f"order_by must be one of {sorted(_ORDER_BY)}, got {order_by!r}"
            )
        params.append(("order_by", order_by))
    order = given.get("order")
    if order is not None:
        if order not in ("asc", "desc"):
            raise ValueError(f"order must be 'asc' or 'desc', got {order!r}")
        params.append(("order", order))
    params += [(key, f"eq.{given[key]}") for key in _EXACT if key in given]
    params += [(key, given[key]) for key in _PLAIN if key in given]
    for key in ("tags_all", "tags_any"):
        if key in given:
            params += [(key, tag) for tag in _tags(given[key], key)]
    material = given.get("material_id")
    if isinstance(material, str):
        params.append(("material_id", material))
    elif material is not None:  # a list: any of them (an empty one: the caller's)
        ids = list(material) if isinstance(material, Iterable) else None
        if (
            ids is None
            or isinstance(material, bytes | Mapping)
            or not all(isinstance(one, str) for one in ids)
        ):
            raise TypeError(
                f"material_id must be a material's id or a list of them, "
                f"got {material!r}"
            )
        params += [("material_ids", one) for one in ids]
    return params


def _tags(value: object, name: str) -> list[str]:
    """Read a tag filter: a bare string is one tag; an empty list is no filter."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, (bytes, Mapping)):
        raise TypeError(f"{name} must be a tag or a list of tags, got {value!r}")
    tags = list(value)
    if not all(isinstance(tag, str) for tag in tags):
        raise TypeError(f"{name} must be a tag or a list of tags, got {value!r}")
    return tags
