"""The flat body of a properties measurement, from the documented arguments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._query import DateLike, time_text
from ._measurement_input import check_tags

__all__ = ["properties_body"]


def properties_body(
    name: object,
    properties: object,
    *,
    notes: str | None,
    protocol: dict[str, Any] | None,
    start_time: DateLike | None,
    end_time: DateLike | None,
    test_setup: dict[str, Any] | None,
    tags: Sequence[str] | None,
) -> dict[str, Any]:
    """Check the arguments of ``create_properties`` and build its flat body.

    ``None`` arguments are left out of the body.

    Raises
    ------
    TypeError
        For a value of the wrong type (``tags`` given as one string included).
    ValueError
        For a blank name, or a tag that is blank or over 50 characters.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    if not name.strip():
        raise ValueError("name must be a non-empty string")
    if not isinstance(properties, Mapping):
        raise TypeError(
            f"properties must be a dict of values, got {type(properties).__name__}"
        )
    body: dict[str, Any] = {
        "name": name,
        "measurement_type": "properties",
        "properties": dict(properties),
    }
    for key, value in (("protocol", protocol), ("test_setup", test_setup)):
        if value is not None and not isinstance(value, Mapping):
            raise TypeError(f"{key} must be a dict, got {type(value).__name__}")
    if notes is not None and not isinstance(notes, str):
        raise TypeError(f"notes must be a string, got {type(notes).__name__}")
    optional: dict[str, Any] = {
        "notes": notes,
        "protocol": protocol,
        "start_time": None
        if start_time is None
        else time_text(start_time, "start_time"),
        "end_time": None if end_time is None else time_text(end_time, "end_time"),
        "test_setup": test_setup,
        "tags": None if tags is None else check_tags(tags),
    }
    body.update({key: value for key, value in optional.items() if value is not None})
    return body
