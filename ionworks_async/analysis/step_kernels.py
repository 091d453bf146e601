"""Per-step reductions of a series' columns, for the step table (numpy).

Each takes a block of whole steps (``starts``: each step's first row,
``counts``: its rows) and returns one value a step, in a few passes over
the block's arrays: no Python loop over rows or steps.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tables.bridge import floats, integers

__all__ = ["column_of", "differs", "new_step", "statistics", "trapezoids"]


IDENTIFIERS = frozenset(
    ("Step count", "Cycle count", "Step from cycler", "Cycle from cycler", "Frame")
)
"""Numbering columns: whole numbers stay int64 (no copy to floats)."""


def column_of(batch: Any, name: str) -> np.ndarray[Any, Any]:
    """Return a column as numpy: numbers as float64, anything else as objects.

    A numbering column of whole numbers, none missing, stays int64.
    """
    column = batch.column(name)
    kind = str(column.type)
    if name in IDENTIFIERS and kind.startswith("int") and not column.null_count:
        return integers(column)
    if kind.startswith(("int", "uint", "float", "double", "bool", "halffloat")):
        return floats(column)
    return np.asarray(column.to_pylist(), dtype=object)


def new_step(step: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Where each row starts a new step (row 0 excluded).

    A missing step number starts a step of its own, as ionworksdata's (its
    comparison with a missing value is missing, taken as a change).
    """
    if step.dtype == object:
        return np.asarray(
            [a is None or a != b for a, b in zip(step[1:], step[:-1], strict=True)],
            bool,
        )
    changed: np.ndarray[Any, Any] = step[1:] != step[:-1]
    return changed


def differs(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Where each row differs from the one before (row 0 excluded).

    A missing value is no change, either side of it (ionworksdata's
    comparison with a missing value is missing, taken as no change).
    """
    if values.dtype == object:
        return np.asarray(
            [
                a is not None and b is not None and a != b
                for a, b in zip(values[1:], values[:-1], strict=True)
            ],
            bool,
        )
    changed: np.ndarray[Any, Any] = values[1:] != values[:-1]
    if values.dtype.kind == "f" and np.isnan(values).any():
        changed &= ~np.isnan(values[1:]) & ~np.isnan(values[:-1])
    return changed


def trapezoids(times: Any, values: Any, starts: Any) -> tuple[Any, Any]:
    """Return each step's integral of ``values`` one way and the other (x·s).

    The interval that joins two steps lies in neither.
    """
    area = np.empty(len(values))  # twice each interval's: halved per step
    inner = area[:-1]  # one buffer, filled in place: no page faults each step
    np.add(values[1:], values[:-1], out=inner)
    inner *= np.subtract(times[1:], times[:-1], out=np.empty(len(inner)))
    area[-1] = 0.0
    area[starts[1:] - 1] = 0.0  # the joins
    total = np.add.reduceat(area, starts)
    if not np.isfinite(total).all():  # rare: a gap in the data
        np.nan_to_num(area, copy=False, posinf=0.0, neginf=0.0)
        total = np.add.reduceat(area, starts)
    ahead = np.add.reduceat(np.maximum(area, 0.0, out=area), starts) / 2
    return ahead, ahead - total / 2


def statistics(
    values: Any, starts: Any, counts: Any, trimmed: bool
) -> tuple[Any, Any, Any, Any]:
    """Return each step's minimum, maximum, spread and mean of ``values``."""
    sums = np.add.reduceat(values, starts)
    if np.isnan(sums).any():  # a missing value in some step: the careful way
        known = ~np.isnan(values)
        total = np.add.reduceat(np.where(known, values, 0.0), starts)
        seen = np.add.reduceat(known.astype(np.float64), starts)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = total / seen
        return (
            np.fmin.reduceat(values, starts),
            np.fmax.reduceat(values, starts),
            _spread(values, starts, counts, trimmed),
            mean,
        )
    mean = sums / counts
    ends = starts + counts - 1
    kept, kept_sums = counts.astype(np.float64), sums
    if trimmed:
        head, tail = counts > 2, counts > 3
        kept = kept - head - tail
        kept_sums = sums - head * values[starts] - tail * values[ends]
    centre = kept_sums / np.maximum(kept, 1.0)
    deviations = np.repeat(centre, counts)
    np.subtract(values, deviations, out=deviations)
    if trimmed:
        first, last = deviations[starts], deviations[ends]
    squares = np.add.reduceat(np.square(deviations, out=deviations), starts)
    if trimmed:
        squares -= head * first * first + tail * last * last
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = squares / (kept - 1)  # about the kept rows' own mean
    spread = np.where(kept > 1, np.sqrt(np.maximum(variance, 0.0)), 0.0)
    low = np.minimum.reduceat(values, starts)
    return low, np.maximum.reduceat(values, starts), spread, mean


def _spread(values: Any, starts: Any, counts: Any, trimmed: bool) -> Any:
    """Each step's sample standard deviation (less its first and last rows).

    Two passes, as a careful loop would: the mean of the rows kept, then the
    sum of their squared deviations from it (a constant step's is exactly 0).
    """
    known = ~np.isnan(values)
    clean = np.where(known, values, 0.0)
    ends = starts + counts - 1
    drops = (
        [((counts > 2) & known[starts], starts), ((counts > 3) & known[ends], ends)]
        if trimmed
        else []
    )
    kept = np.add.reduceat(known.astype(np.float64), starts)
    sums = np.add.reduceat(clean, starts)
    for drop, at in drops:
        kept -= drop
        sums -= np.where(drop, clean[at], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(kept > 0, sums / np.where(kept > 0, kept, 1.0), 0.0)
    deviations = np.where(known, values - np.repeat(mean, counts), 0.0)
    linear = np.add.reduceat(deviations, starts)
    squares = np.add.reduceat(deviations * deviations, starts)
    for drop, at in drops:
        linear -= np.where(drop, deviations[at], 0.0)
        squares -= np.where(drop, deviations[at] ** 2, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = (squares - linear * linear / kept) / (kept - 1)
    return np.where(kept > 1, np.sqrt(np.maximum(variance, 0.0)), 0.0)
