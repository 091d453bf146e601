"""What callers give to create a measurement, checked before any request.

``create(cell_instance_id, {"measurement": {...}, "time_series": frame,
"steps": frame}, validate_strict=..., rated_capacity=..., voltage_window=...,
skip_checks=...)`` is the form the Ionworks guide and the public client use:
:func:`measurement_input` reads it once, for ``create``, ``create_or_get``
and each item of ``create_many``. :func:`measurement_fields` and
:func:`properties_body` turn the documented keywords of ``create_properties``
and ``create_file`` into a body; :func:`check_tags` checks tags.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from ..._arguments.query import DateLike, check_data, nfc, time_text
from ...types import TableSource
from ...validation.options import DATA_TYPES

__all__ = [
    "DETAIL_KEYS",
    "MeasurementInput",
    "check_tags",
    "measurement_fields",
    "measurement_input",
    "properties_body",
]

DETAIL_KEYS = ("measurement", "time_series", "steps")
"""The keys of a measurement detail."""
MAX_TAGS = 50
MAX_TAG_LENGTH = 50


def check_tags(tags: object, name: str = "tags") -> list[str]:
    """Check a list of tags for a create or update body.

    Raises
    ------
    TypeError
        When ``tags`` is not a list of strings (one string included: write
        ``["tag"]``).
    ValueError
        For a blank tag, one over 50 characters, or more than 50 tags.
    """
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        raise TypeError(f"{name} must be a list of strings, got {tags!r}")
    values = list(tags)
    if not all(isinstance(tag, str) for tag in values):
        raise TypeError(f"{name} must be a list of strings")
    for tag in values:
        if not tag.strip():
            raise ValueError(f"{name} must not hold a blank tag")
        if len(tag.strip()) > MAX_TAG_LENGTH:
            raise ValueError(
                f"{name}: {tag!r} is longer than {MAX_TAG_LENGTH} characters"
            )
    if len({tag.strip().casefold() for tag in values}) > MAX_TAGS:
        raise ValueError(f"{name}: a measurement holds at most {MAX_TAGS} tags")
    return values


@attrs.frozen
class MeasurementInput:
    """A measurement detail, checked.

    Attributes
    ----------
    metadata : dict
        The measurement's fields as sent to the API (``name`` required,
        ``data_type`` removed).
    time_series, steps : TableSource or None
        The data (``None``: not given).
    data_type : str or None
        The client-only hint ``"ocp"`` or ``"eis"``, for the data checks.
    """

    metadata: dict[str, Any]
    time_series: TableSource | None
    steps: TableSource | None = None
    data_type: Literal["ocp", "eis"] | None = None

    @property
    def name(self) -> str:
        """The measurement's name."""
        name: str = self.metadata["name"]
        return name


def measurement_input(
    detail: object, *, name: str = "measurement_detail", time_series: bool = True
) -> MeasurementInput:
    """Read ``{"measurement": {...}, "time_series": frame, "steps": frame}``.

    Parameters
    ----------
    detail : object
        The caller's measurement detail.
    name : str, optional
        The argument's name, for error messages.
    time_series : bool, optional
        Whether ``time_series`` is required (False: an item without one is a
        properties measurement).

    Raises
    ------
    TypeError
        When the detail or its ``measurement`` is not a dict.
    ValueError
        For an unknown key (a misspelt ``time_series`` would otherwise be
        dropped), a missing ``measurement`` name or time series, or a bad tag.
    """
    if not isinstance(detail, Mapping):
        raise TypeError(
            f'{name} must be a dict: {{"measurement": {{"name": ...}}, '
            f'"time_series": <frame>}}, got {type(detail).__name__}'
        )
    unknown = sorted(str(key) for key in detail if key not in DETAIL_KEYS)
    if unknown:
        raise ValueError(
            f"{name} has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"it takes {', '.join(map(repr, DETAIL_KEYS))}"
        )
    if "measurement" not in detail:
        raise ValueError(f'{name} needs "measurement": {{"name": ..., ...}}')
    metadata = check_data(detail["measurement"], f'{name}["measurement"]')
    title = metadata.get("name")
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f'{name}["measurement"] needs a non-empty "name"')
    data_type = metadata.pop("data_type", None)
    if data_type not in (None, *DATA_TYPES):
        raise ValueError(
            f"data_type must be one of {', '.join(DATA_TYPES)}, got {data_type!r}"
        )
    if metadata.get("tags") is not None:
        metadata["tags"] = check_tags(
            metadata["tags"], f'{name}["measurement"]["tags"]'
        )
    series = detail.get("time_series")
    steps = detail.get("steps")
    if series is None and (time_series or steps is not None):
        raise ValueError(
            f'{name} needs "time_series" (for a measurement without one, use '
            "create_properties or create_file)"
        )
    return MeasurementInput(metadata, series, steps, data_type)


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
