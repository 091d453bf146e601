"""The normalisation's arithmetic on numpy arrays, one call per column.

Every function takes and returns whole numpy arrays (no Python loop over
rows). ``step`` arguments are step ids of the rows at hand: from 0, +1 at
each new step (dense), as :func:`counts` gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..analysis.kernels import Steps, passed
from ..tables.bridge import floats
from ..tables.table import pyarrow_module

__all__ = [
    "Steps",
    "changed",
    "counts",
    "direction_labels",
    "filled",
    "first_of_step",
    "index_codes",
    "monotone",
    "passed",
    "rest_level",
    "step_direction",
    "within_step",
]


def index_codes(values: Any) -> np.ndarray[Any, Any]:
    """Return a cycler's index column as float64 codes that compare like its values.

    Numbers are kept (missing ones NaN); anything else (text) becomes its
    dictionary code, a missing value -1.
    """
    pa = pyarrow_module()
    kind = values.type
    if (
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or (pa.types.is_boolean(kind))
    ):
        return floats(values)
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pc.cast(values, pa.string()))
    return floats(encoded.indices, fill=-1.0)


def changed(codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Whether each row's value differs from the row before (False for the first).

    NaN is a missing value: two missing values in a row are no change, a
    missing value beside a present one is.
    """
    out = np.zeros(len(codes), dtype=bool)
    if len(codes) > 1:
        missing = np.isnan(codes)
        out[1:] = (codes[1:] != codes[:-1]) & ~(missing[1:] & missing[:-1])
    return out


def counts(changes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Count the changes as they come: 0 on the first row (int64)."""
    return np.cumsum(changes, dtype=np.int64)


def direction_labels(current: np.ndarray[Any, Any], rest: float) -> Any:
    """-1, 0 or 1 a row: charge, rest or discharge (for files without steps)."""
    return np.where(current > rest, 1.0, np.where(current < -rest, -1.0, 0.0))


def rest_level(current: np.ndarray[Any, Any]) -> float:
    """Return the current below which a row rests: 1 % of |I|'s 95th percentile."""
    from ..analysis.kernels import quantile

    return max(1e-9, 0.01 * quantile(np.abs(current), 0.95))


def first_of_step(values: np.ndarray[Any, Any], steps: Steps) -> Any:
    """Each row's value at the first row of its step."""
    if len(steps) == 0:
        return values
    return values[steps.starts][steps.ids]


def filled(values: np.ndarray[Any, Any], before: float = 0.0) -> Any:
    """Carry the last finite value over missing ones (``before`` ahead of the first)."""
    finite = np.isfinite(values)
    if finite.all():
        return values
    index = np.where(finite, np.arange(len(values)), 0)
    np.maximum.accumulate(index, out=index)
    out = values[index]
    out[~np.isfinite(out)] = before
    return out


def monotone(values: np.ndarray[Any, Any], steps: Steps) -> Any:
    """Return the running maximum of non-negative values within each step."""
    if len(values) == 0:
        return values
    offset = steps.levels() * (float(values.max()) + 1.0)
    return np.maximum.accumulate(values + offset) - offset


def within_step(increments: np.ndarray[Any, Any], steps: Steps) -> Any:
    """Sum non-negative increments as they come, from 0 at each step."""
    total = np.cumsum(increments)
    return np.maximum(total - first_of_step(total, steps), 0.0)


def step_direction(passed: np.ndarray[Any, Any], steps: Steps) -> Any:
    """+1, 0 or -1 a row: its step discharged, rested or charged on the whole."""
    if len(steps) == 0:
        return np.zeros(0)
    per_step = np.bincount(steps.ids, weights=passed)
    floor = 1e-9 * float(np.abs(passed).max())
    sign = np.where(per_step > floor, 1, np.where(per_step < -floor, -1, 0))
    return sign[steps.ids]
