"""Array kernels over a time series' steps: runs, the step structure, integrals.

What the readers' normaliser, the upload checks and ionworks-local's
processing all compute per step, written once: where each run of equal step
ids starts and ends (:func:`run_starts`, :func:`run_ends`), the step
structure of a block derived once (:class:`Steps`), a rate integrated over
time within each step (:func:`passed`), and a quantile without numpy's
overhead (:func:`quantile`).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Steps",
    "float_array",
    "one_array",
    "passed",
    "quantile",
    "run_ends",
    "run_starts",
]


def run_ends(step: Any) -> Any:
    """Return the index of the last row of each run of equal ``step`` values."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_array, arrow_scalar

    changes = pc.not_equal(step[1:], step[:-1]).fill_null(arrow_scalar(True))
    last = arrow_array(np.array([len(step) - 1])).cast(pa.uint64())
    return pa.concat_arrays([pc.indices_nonzero(changes), last])


def run_starts(step: Any, head: bool) -> Any:
    """Return a mask of the rows that start a step (not the head row)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..tables.bridge import arrow_array, arrow_scalar

    changes = pc.not_equal(step[1:], step[:-1]).fill_null(arrow_scalar(True))
    return pa.concat_arrays([arrow_array(np.array([not head])), changes])


def float_array(values: Any) -> Any:
    """Return a pyarrow array as float64 numpy (missing values NaN)."""
    from ..tables.bridge import floats

    return floats(values)


def one_array(column: Any) -> Any:
    """Return a table's column as one array (its only chunk, without a copy)."""
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


class Steps:
    """A block's step ids and what the per-step kernels need of them, derived once.

    Attributes
    ----------
    step : numpy.ndarray
        The ids: the normaliser's step counts (int64, dense), or a series'
        ``Step count`` column as the sign vote reads it (float64).
    ids : numpy.ndarray
        The ids from 0 (``step - step[0]``), to index per-step arrays.
    new : numpy.ndarray
        Whether each row starts a step (the first row does).
    starts : numpy.ndarray
        The index of each step's first row.
    """

    __slots__ = ("_levels", "ids", "new", "starts", "step")

    def __init__(self, step: Any) -> None:
        import numpy as np

        self.step = step
        self.ids = step - step[0] if len(step) else step
        self.new = np.ones(len(step), dtype=bool)
        self.new[1:] = step[1:] != step[:-1]
        self.starts = np.flatnonzero(self.new)
        self._levels: Any = None

    def __len__(self) -> int:
        return len(self.step)

    def levels(self) -> Any:
        """Return the ids from 0 as float64 (the offsets of ``_kernels.monotone``)."""
        if self._levels is None:
            self._levels = self.ids.astype("float64")
        return self._levels


def passed(time: Any, rate: Any, steps: Steps) -> Any:
    """``rate`` integrated since the row before (trapezoid; 0 at a step's start).

    Non-finite increments (a gap in the data) pass nothing, rather than
    poisoning every running sum after them.
    """
    import numpy as np

    out = np.zeros(len(time), dtype=np.float64)
    if len(time) < 2:
        return out
    with np.errstate(invalid="ignore", over="ignore"):
        part = (rate[1:] + rate[:-1]) / 2.0 * (time[1:] - time[:-1])
    part[steps.new[1:] | ~np.isfinite(part)] = 0.0
    out[1:] = part
    return out


def quantile(values: Any, q: float) -> float:
    """Return the ``q`` quantile of a numpy array, interpolated as numpy does.

    ``numpy.quantile``'s own overhead is tens of microseconds, more than a
    small file's whole vote: two partitions give the same value.
    """
    import numpy as np

    if len(values) == 0:
        return 0.0
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    ordered = np.partition(values, [low, high])
    fraction = position - low
    return float(ordered[low] + (ordered[high] - ordered[low]) * fraction)
