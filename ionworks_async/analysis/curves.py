"""Voltage-capacity curves, dQ/dV and dV/dQ, one cycle and direction at a time.

A *segment* is what a cycle did one way: the rows of its steps whose mean
current is a discharge's (positive) or a charge's (negative), rests and
impedance steps left out. Its capacity starts at 0 and grows by what each
row moved that way: the rise of the series' cumulative ``Discharge`` or
``Charge capacity [A.h]`` column within a step, else the current integrated
over time (trapezoids); the interval that joins two steps moves nothing.

Differential capacity (dQ/dV) and voltage (dV/dQ) come two ways, as the
field computes them:

- ``"bin"`` (default): a histogram. The voltage (capacity) axis is cut into
  bins of ``step``; what a segment moved in each bin, over the bin's width,
  is its value there. Robust to noise and to a voltage that goes back on
  itself; ``step`` sets the resolution (5 mV: the peaks of graphite's
  stages stay apart).
- ``"savgol"``: the capacity interpolated onto an even voltage grid of
  ``step`` (the voltage made monotonic first, as it runs), then
  differentiated with a Savitzky-Golay filter of ``window`` points and
  ``order`` (a least-squares polynomial through each window: smooth where
  the bins are noisy, at the cost of flattening the sharpest peaks).

Signs follow the curve: dQ/dV is positive charging and negative
discharging (capacity grows as the voltage falls), as are dV/dQ's.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from ..tables.bridge import arrow_array, floats, python_array
from ..tables.table import as_table
from ..types import TableSource
from .errors import SeriesError
from .summary import StepTolerances, summarize_arrow

__all__ = ["Method", "Segments", "differential", "segments"]

Method = Literal["bin", "savgol"]
_WAYS = ("charge", "discharge")


class Segments:
    """A series' segments: per row, its cycle, direction and capacity so far.

    Attributes
    ----------
    cycle, voltage, capacity, time : numpy.ndarray
        Of the rows in segments, in row order.
    way : numpy.ndarray
        ``0`` charging, ``1`` discharging.
    """

    def __init__(self, time_series: TableSource, rated_capacity: float | None) -> None:
        table = as_table(time_series).to_arrow()
        names = table.column_names
        for name in ("Time [s]", "Voltage [V]", "Current [A]", "Step count"):
            if name not in names:
                raise SeriesError(f"the time series has no {name!r} column")
        steps = summarize_arrow(table, StepTolerances(rated_capacity))
        rest, _ = StepTolerances(rated_capacity).rest_and_current(
            float(np.nanmax(np.abs(floats(steps.column("Max current [A]"))), initial=0))
        )
        starts = floats(steps.column("Start index")).astype(np.int64)
        counts = floats(steps.column("End index")).astype(np.int64) - starts + 1
        mean = floats(steps.column("Mean current [A]"))
        eis = floats(steps.column("Mean frequency [Hz]")) > StepTolerances.EIS
        way = np.where(mean > 0, 1, 0)
        moving = (np.abs(mean) >= rest) & ~eis
        time = floats(table.column("Time [s]"))
        current = floats(table.column("Current [A]"))
        moved = np.zeros(len(time))
        joins = np.zeros(len(time), dtype=bool)
        joins[starts] = True
        for direction, name in enumerate(("Charge", "Discharge")):
            rows = np.repeat(moving & (way == direction), counts)
            column = f"{name} capacity [A.h]"
            if column in names:
                values = floats(table.column(column))
                rise = np.diff(values, prepend=values[:1])
            else:
                sign = 1.0 if direction else -1.0
                area = (current[1:] + current[:-1]) / 2 * np.diff(time) / 3600
                rise = np.concatenate([[0.0], sign * area])
            rise = np.where(joins | ~rows, 0.0, np.nan_to_num(rise))
            moved += rise
        keep = np.repeat(moving, counts)
        self.cycle = np.repeat(floats(steps.column("Cycle count")), counts)[keep]
        self.way = np.repeat(way, counts)[keep]
        self.voltage = floats(table.column("Voltage [V]"))[keep]
        self.time = time[keep]
        moved = moved[keep]
        segment = np.flatnonzero(
            (np.diff(self.cycle, prepend=np.nan) != 0)
            | (np.diff(self.way, prepend=-1) != 0)
        )
        self.bounds = np.append(segment, len(moved))
        running = np.cumsum(moved)
        before = np.repeat(
            running[self.bounds[:-1]] - moved[self.bounds[:-1]], np.diff(self.bounds)
        )
        self.capacity = running - before

    def pieces(self, cycles: Any = None, direction: str = "both") -> list[slice]:
        """Return the row slices of the segments asked for, in order."""
        if direction not in ("both", *_WAYS):
            raise ValueError(
                f"direction must be 'charge', 'discharge' or 'both', got {direction!r}"
            )
        wanted = None if cycles is None else {int(c) for c in np.atleast_1d(cycles)}
        chosen = []
        for first, end in zip(self.bounds[:-1], self.bounds[1:], strict=True):
            if wanted is not None and int(self.cycle[first]) not in wanted:
                continue
            if direction != "both" and _WAYS[self.way[first]] != direction:
                continue
            chosen.append(slice(int(first), int(end)))
        return chosen


def segments(
    segs: Segments, cycles: Any = None, direction: str = "both"
) -> dict[str, Any]:
    """Return the voltage-capacity curves (columns of a long table)."""
    parts = segs.pieces(cycles, direction)
    ranges = [np.arange(p.start, p.stop) for p in parts]
    index = np.concatenate(ranges) if ranges else np.zeros(0, dtype=np.int64)
    return {
        "Cycle count": segs.cycle[index].astype(np.int64),
        "Direction": [_WAYS[w] for w in segs.way[index]],
        "Capacity [A.h]": segs.capacity[index],
        "Voltage [V]": segs.voltage[index],
        "Time [s]": segs.time[index],
    }


def _savgol_derivative(values: Any, spacing: float, window: int, order: int) -> Any:
    """Return the first derivative by a Savitzky-Golay filter (edges mirrored)."""
    if window % 2 == 0 or window < order + 2:
        raise ValueError(
            f"window must be odd and larger than order + 1, got {window} and {order}"
        )
    half = window // 2
    offsets = np.arange(-half, half + 1, dtype=np.float64)
    design = np.vander(offsets, order + 1, increasing=True)
    weights = np.linalg.pinv(design)[1] / spacing  # the slope at the centre
    if len(values) < window:
        return np.full(len(values), np.nan)
    padded = np.concatenate([values[half:0:-1], values, values[-2 : -half - 2 : -1]])
    return np.convolve(padded, weights[::-1], mode="valid")


def differential(
    segs: Segments,
    of: Literal["dqdv", "dvdq"],
    cycles: Any,
    direction: str,
    method: Method,
    step: float | None,
    window: int,
    order: int,
) -> dict[str, Any]:
    """Return dQ/dV against voltage, or dV/dQ against capacity (long columns)."""
    if method not in ("bin", "savgol"):
        raise ValueError(f"method must be 'bin' or 'savgol', got {method!r}")
    out: dict[str, list[Any]] = {"cycle": [], "way": [], "x": [], "y": []}
    for piece in segs.pieces(cycles, direction):
        voltage, capacity = segs.voltage[piece], segs.capacity[piece]
        way = int(segs.way[piece.start])
        axis, value = (voltage, capacity) if of == "dqdv" else (capacity, voltage)
        width = step or (0.005 if of == "dqdv" else max(capacity[-1], 1e-12) / 200)
        if len(axis) < 2:
            continue
        if method == "bin":
            x, y = _binned(axis, value, width)
            if of == "dqdv" and way == 1:
                y = -y  # discharging: the capacity grows as the voltage falls
        else:
            x, y = _smoothed(axis, value, width, way, of, window, order)
        out["cycle"] += [int(segs.cycle[piece.start])] * len(x)
        out["way"] += [_WAYS[way]] * len(x)
        out["x"] += x.tolist()
        out["y"] += y.tolist()
    x_name, y_name = (
        ("Voltage [V]", "dQ/dV [A.h.V-1]")
        if of == "dqdv"
        else ("Capacity [A.h]", "dV/dQ [V.A.h-1]")
    )
    return {
        "Cycle count": np.asarray(out["cycle"], dtype=np.int64),
        "Direction": out["way"],
        x_name: np.asarray(out["x"], dtype=np.float64),
        y_name: np.asarray(out["y"], dtype=np.float64),
    }


def _binned(axis: Any, value: Any, width: float) -> tuple[Any, Any]:
    """Return what ``value`` did in each bin of ``axis``, over the bin's width."""
    low = np.floor(np.nanmin(axis) / width) * width
    bins = np.floor((axis - low) / width).astype(np.int64)
    changes = np.diff(value, prepend=value[0])
    sums = np.bincount(bins, changes)
    seen = np.bincount(bins) > 0
    centres = low + (np.arange(len(sums)) + 0.5) * width
    return centres[seen], sums[seen] / width


def _smoothed(
    axis: Any, value: Any, width: float, way: int, of: str, window: int, order: int
) -> tuple[Any, Any]:
    """Return the Savitzky-Golay derivative of ``value`` on an even ``axis`` grid."""
    falling = of == "dqdv" and way == 1
    running = np.minimum.accumulate(axis) if falling else np.maximum.accumulate(axis)
    ordered = running[::-1] if falling else running
    values = value[::-1] if falling else value
    keep = np.concatenate([[True], np.diff(ordered) > 0])
    ordered, values = ordered[keep], values[keep]
    if len(ordered) < 2:
        return np.array([]), np.array([])
    grid = np.arange(ordered[0], ordered[-1], width)
    interpolated = np.interp(grid, ordered, values)
    return grid, _savgol_derivative(interpolated, width, window, order)


def arrow_of(columns: dict[str, Any]) -> Any:
    """Return long columns as a pyarrow table."""
    import pyarrow as pa

    return pa.table(
        {
            name: python_array(list(values))
            if isinstance(values, list)
            else arrow_array(values)
            for name, values in columns.items()
        }
    )
