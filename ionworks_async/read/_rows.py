"""A reader's rows made ready for the API's rules: whole, usable, signed.

What :class:`~.normalise.Normaliser` does to every block before it counts
steps: its columns as single arrays (:func:`whole_columns`), rows without a
time or a current left out and counted (:func:`usable_rows`), the current
positive on discharge from the file's convention (:func:`signed_current`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tables.bridge import arrow_array, flags, floats
from ..tables.table import pyarrow_module
from ._columns import ARRAYS, CyclerColumns

__all__ = [
    "kept_columns",
    "pass_through",
    "signed_current",
    "usable_rows",
    "whole_columns",
]

_floats = floats


def pass_through(values: Any) -> Any:
    """Return a column as it is, as float64 (missing values stay missing)."""
    pa = pyarrow_module()
    import pyarrow.compute as pc

    return values if values.type == pa.float64() else pc.cast(values, pa.float64())


def whole_columns(raw: CyclerColumns) -> CyclerColumns:
    """Make every column one array (a reader may hand chunked ones)."""
    pa = pyarrow_module()
    arrays = [getattr(raw, name) for name in ARRAYS] + list(raw.extras.values())
    if not any(isinstance(values, pa.ChunkedArray) for values in arrays):
        return raw
    return raw.mapped(
        lambda values: (
            values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        )
    )


def usable_rows(raw: CyclerColumns) -> tuple[CyclerColumns, int]:
    """Drop rows with no time, or with neither current nor an impedance point.

    Returns the rows kept, and how many of those dropped held something (a
    time, a current or a voltage): blank rows are not worth a word.
    """
    import pyarrow.compute as pc

    with np.errstate(invalid="ignore"):
        timed = np.isfinite(_floats(raw.time))
        has_current = np.isfinite(_floats(raw.current))
        if raw.frequency is not None:
            has_current |= np.isfinite(_floats(raw.frequency))
    keep = timed & has_current
    if keep.all():
        return raw, 0
    held = timed | has_current
    if raw.voltage is not None:
        held |= np.isfinite(_floats(raw.voltage))
    mask = arrow_array(keep)
    kept = raw.mapped(lambda values: pc.filter(values, mask))
    return kept, int(np.count_nonzero(held & ~keep))


def signed_current(raw: CyclerColumns) -> np.ndarray[Any, Any]:
    """Return the current in A, positive on discharge (missing values 0)."""
    pa = pyarrow_module()
    import pyarrow.compute as pc

    current = floats(raw.current, fill=0.0)
    if raw.current_sign == "charge_positive":
        return -current
    if raw.current_sign == "discharge_positive":
        return current
    state = pc.utf8_upper(pc.utf8_trim_whitespace(pc.cast(raw.state, pa.string())))
    discharging = _flags(pc.starts_with(state, "D"))
    charging = _flags(pc.starts_with(state, "C"))
    magnitude = np.abs(current)
    return np.where(discharging, magnitude, np.where(charging, -magnitude, current))


def _flags(values: Any) -> np.ndarray[Any, Any]:
    return flags(values)


def kept_columns(
    raw: CyclerColumns, current: Any, voltage: Any | None
) -> dict[str, Any]:
    """Return the cycler's own columns kept beside the API's (see ``KEPT_COLUMNS``).

    ``Power [W]`` is the file's, signed as the (normalised) current is: its
    magnitude is the cycler's, its direction the current's; without one it
    is voltage times current, as ionworksdata adds it. ``Step from cycler``
    and ``Cycle from cycler`` are the file's indices, where they are numbers.
    Then the reader's ``extras``.
    """
    kept: dict[str, Any] = {}
    if raw.power is not None:
        kept["Power [W]"] = np.abs(floats(raw.power)) * np.sign(current)
    elif voltage is not None:
        kept["Power [W]"] = current * voltage
    for name, values in (
        ("Step from cycler", raw.step),
        ("Cycle from cycler", raw.cycle),
    ):
        numbers = _numbers(values)
        if numbers is not None:
            kept[name] = numbers
    for name, values in raw.extras.items():
        kept[name] = pass_through(values)
    return kept


def _numbers(values: Any) -> Any:
    """Return a column as float64 numbers, or None when it holds other text."""
    pa = pyarrow_module()
    import pyarrow.compute as pc

    if values is None:
        return None
    if pa.types.is_floating(values.type) or pa.types.is_integer(values.type):
        return pass_through(values)
    try:
        return pc.cast(values, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
