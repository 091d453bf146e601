"""The documented upload arguments, checked: the measurement detail and checks.

``create(cell_instance_id, {"measurement": {...}, "time_series": frame,
"steps": frame}, validate_strict=..., rated_capacity=..., voltage_window=...,
skip_checks=...)`` is the form the Ionworks guide and the public client use.
This module reads it once, for ``create``, ``create_or_get`` and each item of
``create_many``, before any request.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._query import check_data
from ..tables import TableSource
from ..validation import check_skip_names

__all__ = [
    "DETAIL_KEYS",
    "MeasurementInput",
    "UploadChecks",
    "check_tags",
    "measurement_input",
    "upload_checks",
]

DETAIL_KEYS = ("measurement", "time_series", "steps")
"""The keys of a measurement detail."""
DATA_TYPES = ("ocp", "eis")
"""Values of the client-only ``data_type`` hint (never sent to the API)."""
MAX_TAGS = 50
MAX_TAG_LENGTH = 50


@attrs.frozen
class UploadChecks:
    """How an upload's data is to be checked before it is sent.

    Attributes
    ----------
    strict : bool
        Run the strict checks as well as the always-on ones.
    rated_capacity : float or None
        The cell's rated capacity in A.h (strict checks that need it).
    voltage_window : tuple of float or None
        The rated ``(V_min, V_max)`` (strict voltage-continuity check).
    skip_checks : frozenset of str
        Strict checks to skip, by name.
    """

    strict: bool = False
    rated_capacity: float | None = None
    voltage_window: tuple[float, float] | None = None
    skip_checks: frozenset[str] = frozenset()


def upload_checks(
    validate_strict: object,
    rated_capacity: object,
    voltage_window: object,
    skip_checks: object,
) -> UploadChecks:
    """Check the validation arguments of an upload call.

    Raises
    ------
    TypeError
        For a value of the wrong type (``skip_checks`` as one string included).
    ValueError
        For a capacity that is not positive, a window that is not
        ``low < high``, or a ``skip_checks`` name that is no strict check.
    """
    if not isinstance(validate_strict, bool):
        raise TypeError(
            f"validate_strict must be True or False, got {validate_strict!r}"
        )
    capacity = None
    if rated_capacity is not None:
        capacity = _number(rated_capacity, "rated_capacity")
        if capacity <= 0:
            raise ValueError(f"rated_capacity must be positive, got {rated_capacity!r}")
    window = None
    if voltage_window is not None:
        if isinstance(voltage_window, (str, bytes)) or not isinstance(
            voltage_window, Iterable
        ):
            raise TypeError("voltage_window must be a (V_min, V_max) pair")
        bounds = [_number(value, "voltage_window") for value in voltage_window]
        if len(bounds) != 2 or not bounds[0] < bounds[1]:
            raise ValueError(
                f"voltage_window must be (V_min, V_max) with V_min < V_max, "
                f"got {voltage_window!r}"
            )
        window = (bounds[0], bounds[1])
    skipped: frozenset[str] = frozenset()
    if skip_checks is not None:
        if isinstance(skip_checks, str) or not isinstance(skip_checks, Iterable):
            raise TypeError("skip_checks must be a list of check names")
        names = list(skip_checks)
        if not all(isinstance(name, str) for name in names):
            raise TypeError("skip_checks must be a list of check names")
        skipped = check_skip_names(names)
    return UploadChecks(validate_strict, capacity, window, skipped)


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        # numpy scalars convert; anything else is the caller's mistake.
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be a number, got {value!r}") from None
    else:
        number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


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
    data_type: str | None = None

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
    if data_type is not None and data_type not in DATA_TYPES:
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
