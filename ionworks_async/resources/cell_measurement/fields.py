"""The flat fields of a measurement (and a properties body) from keyword arguments."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..._arguments.query import DateLike, nfc, time_text
from .inputs import check_tags

__all__ = ["measurement_fields", "properties_body"]


def measurement_fields(
    name: object,
    *,
    notes: str | None,
    protocol: dict[str, Any] | None,
    start_time: DateLike | None,
    end_time: DateLike | None,
    test_setup: dict[str, Any] | None,
    tags: Sequence[str] | None,
) -> dict[str, Any]:
    """Check a measurement's documented keyword fields; return them as a body.

    ``None`` arguments are left out. Shared by ``create_properties`` and
    ``create_file``, which take the same keywords.

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
    body: dict[str, Any] = {"name": nfc(name)}
    body.update({key: value for key, value in optional.items() if value is not None})
    return body


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

    Raises
    ------
    TypeError, ValueError
        As :func:`measurement_fields`, and for ``properties`` not a dict.
    """
    body = measurement_fields(
        name,
        notes=notes,
        protocol=protocol,
        start_time=start_time,
        end_time=end_time,
        test_setup=test_setup,
        tags=tags,
    )
    if not isinstance(properties, Mapping):
        raise TypeError(
            f"properties must be a dict of values, got {type(properties).__name__}"
        )
    return {**body, "measurement_type": "properties", "properties": dict(properties)}
