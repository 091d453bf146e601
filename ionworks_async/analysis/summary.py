"""The hosted API's step table of a time series: one row a step, 36 columns.

The hosted API's steps are ionworksdata's ``steps.summarize`` (the public
client's validators say so), and so are ours, column for column: where each
step starts and ends (row, time, voltage), its charge and discharge
capacity and energy, the minimum, maximum, spread and mean of its voltage,
current, power and frequency, the step and cycle numbers (ours and the
cycler's), its duration, its type, and its cycle's totals.

The rules, as ionworksdata's:

- A step is a run of rows of one ``Step count``. Its capacity (energy) is
  the rise of the cumulative ``Discharge``/``Charge capacity [A.h]``
  (``energy [W.h]``) columns from its first row to its last.
- Its spread is the sample standard deviation of its rows less the first
  (when it has more than two) and the last (more than three): a cycler logs
  the next setpoint's first sample in a step often enough to matter.
- Its type, in this order: ``EIS`` (mean frequency above 1e-8 Hz),
  ``Rest`` (mean current under the rest tolerance), constant current
  (current spread under its tolerance), constant voltage (voltage spread
  under 10 mV), constant power (power spread under 10 mW), else
  ``Unknown step type``; each but the first two ``charge`` or ``discharge``
  by its mean current's sign (positive is discharge). The rest and constant
  current tolerances are 1 mA and 10 mA, capped at C/1000 and C/200 given a
  rated capacity, else at 1 % of the largest current in the series.
- ``Cycle count`` counts the changes of ``Cycle from cycler``.

Where ionworksdata has nothing to say, ours does (each a choice, noted): a
series with no cumulative capacity (energy) columns gets them by integrating
the current (``Voltage [V] * Current [A]``) over time, where ionworksdata gives null
(and 0 Wh for energies beside capacities); a series with no ``Cycle from
cycler`` takes its ``Cycle count`` (ionworksdata counts 0 for every step).

The series is read a block of whole steps at a time and reduced with
numpy's ``reduceat``: memory holds one block and the per-step rows, however
long the series.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tables.bridge import arrow_array, python_array
from ..tables.sources import record_batches
from ..types import TableSource
from .errors import SeriesError
from .step_kernels import (
    IDENTIFIERS,
    column_of,
    differs,
    new_step,
    statistics,
    trapezoids,
)

__all__ = [
    "STEP_COLUMNS",
    "STEP_TYPES",
    "StepTolerances",
    "Summarizer",
    "step_columns",
    "summarize_arrow",
]

_STATS = ("Voltage [V]", "Current [A]", "Power [W]", "Frequency [Hz]")
_CUMULATIVE = (
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
)
_FIRSTS = ("Step from cycler", "Cycle from cycler", "Frame")
_NEEDED = ("Time [s]", "Voltage [V]", "Current [A]", "Step count")
_READ = frozenset((*_NEEDED, "Frequency [Hz]", "Cycle count", *_CUMULATIVE, *_FIRSTS))

STEP_COLUMNS = (
    "Start index",
    "End index",
    "Start time [s]",
    "End time [s]",
    "Start voltage [V]",
    "End voltage [V]",
    *_CUMULATIVE,
    *(
        f"{stat} {name[0].lower()}{name[1:]}"
        for name in _STATS
        for stat in ("Min", "Max", "Std", "Mean")
    ),
    "Step count",
    "Step from cycler",
    "Cycle count",
    "Cycle from cycler",
    "Duration [s]",
    "Step type",
    "Cycle charge capacity [A.h]",
    "Cycle discharge capacity [A.h]",
    "Cycle charge energy [W.h]",
    "Cycle discharge energy [W.h]",
)
"""The step table's columns, in ionworksdata's order (``Frame`` follows
``Cycle from cycler`` when the series has one)."""


def _numeric(kind: Any) -> bool:
    """Whether a pyarrow type holds numbers (or flags, or nothing at all)."""
    import pyarrow as pa

    return bool(
        pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
        or pa.types.is_null(kind)
    )


def step_columns(frame: bool) -> tuple[str, ...]:
    """Return :data:`STEP_COLUMNS`, with ``Frame`` where ionworksdata puts it."""
    if not frame:
        return STEP_COLUMNS
    at = STEP_COLUMNS.index("Cycle from cycler") + 1
    return (*STEP_COLUMNS[:at], "Frame", *STEP_COLUMNS[at:])


class StepTolerances:
    """The tolerances that tell a step's type (ionworksdata's settings).

    Parameters
    ----------
    capacity : float, optional
        The cell's rated capacity in A.h: caps the rest and constant-current
        tolerances at C/1000 and C/200.
    """

    CURRENT_STD = 1e-2
    VOLTAGE_STD = 1e-2
    POWER_STD = 1e-2
    REST = 1e-3
    EIS = 1e-8

    def __init__(self, capacity: float | None = None) -> None:
        self.capacity = capacity

    def rest_and_current(self, largest_current: float) -> tuple[float, float]:
        """Return the rest and constant-current tolerances, capped."""
        if self.capacity:
            return (
                min(self.REST, self.capacity / 1000),
                min(self.CURRENT_STD, self.capacity / 200),
            )
        if largest_current:
            cap = largest_current / 100
            return min(self.REST, cap), min(self.CURRENT_STD, cap)
        return self.REST, self.CURRENT_STD


BLOCK_ROWS = 1 << 18
"""Rows gathered before a block of whole steps is reduced (and memory freed)."""


class Summarizer:
    """The step table of a series fed a record batch at a time, in row order.

    Rows are gathered into blocks of :data:`BLOCK_ROWS` or so, each cut at
    a step's start and reduced at once: memory holds a block (or one step
    longer than that), never the series.

    Parameters
    ----------
    tolerances : StepTolerances, optional
        Given a rated capacity, the capped tolerances.
    """

    def __init__(self, tolerances: StepTolerances | None = None) -> None:
        self.tolerances = tolerances or StepTolerances()
        self.names: list[str] = []
        self.pending: list[dict[str, np.ndarray[Any, Any]]] = []
        """The rows not reduced yet, a batch's worth at a time."""
        self.pending_rows = 0
        self.summary = _Summary()

    def feed(self, batch: Any) -> None:
        """Add a pyarrow record batch or table of the series.

        Raises
        ------
        SeriesError
            When a column the table needs is missing or holds no numbers.
        """
        if not self.names:
            given = batch.schema.names
            for name in _NEEDED:
                if name not in given:
                    raise SeriesError(f"the time series has no {name!r} column")
            self.names = [name for name in given if name in _READ]
            for name in self.names:
                kind = batch.schema.field(name).type
                if name not in IDENTIFIERS and not _numeric(kind):
                    raise SeriesError(f"{name!r} holds {kind} values, not numbers")
        columns = {name: column_of(batch, name) for name in self.names}
        step = columns["Step count"]
        if not len(step):
            return
        self.pending.append(columns)
        self.pending_rows += len(step)
        if self.pending_rows < BLOCK_ROWS:
            return
        changes = np.flatnonzero(new_step(step)) + 1
        if len(self.pending) > 1:
            last = self.pending[-2]["Step count"][-1:]
            if new_step(np.concatenate([last, step[:1]]))[0]:
                changes = np.concatenate([[0], changes])
        if not len(changes):  # the step goes on: held until it ends
            return
        cut = int(changes[-1])
        parts = [*self.pending[:-1], {n: v[:cut] for n, v in columns.items()}]
        self.summary.add(
            {n: np.concatenate([part[n] for part in parts]) for n in self.names}
        )
        self.pending = [{name: values[cut:] for name, values in columns.items()}]
        self.pending_rows = len(step) - cut

    def table(self) -> Any:
        """Return the step table (pyarrow) of every row fed.

        Raises
        ------
        ValueError
            When no row was fed.
        """
        pending, self.pending, self.pending_rows = self.pending, [], 0
        if pending:
            self.summary.add(
                {n: np.concatenate([part[n] for part in pending]) for n in self.names}
            )
        return _arrow(self.summary.columns(self.tolerances))


class _Summary:
    """The per-step rows of the blocks seen so far."""

    def __init__(self) -> None:
        self.parts: dict[str, list[Any]] = {}
        self.offset = 0
        self.largest_current = 0.0
        self.cycle_changes = 0
        self.last_cycle: Any = np.nan
        self.integrated: set[str] = set()

    def add(self, block: dict[str, np.ndarray[Any, Any]]) -> None:
        rows = len(block["Step count"])
        step = block["Step count"]
        starts = np.concatenate([[0], np.flatnonzero(new_step(step)) + 1])
        counts = np.diff(np.concatenate([starts, [rows]]))
        ends = starts + counts - 1
        times = block["Time [s]"]
        current = block["Current [A]"]
        voltage = block["Voltage [V]"]
        power = voltage * current
        out: dict[str, Any] = {
            "Start index": starts + self.offset,
            "End index": ends + self.offset,
            "Start time [s]": times[starts],
            "End time [s]": times[ends],
            "Start voltage [V]": voltage[starts],
            "End voltage [V]": voltage[ends],
        }
        integrals: dict[str, tuple[Any, Any]] = {}
        for name in _CUMULATIVE:
            if name in block:
                out[name] = block[name][ends] - block[name][starts]
                continue
            self.integrated.add(name)
            kind = "Capacity" if "capacity" in name else "Energy"
            if kind not in integrals:
                rate = current if kind == "Capacity" else power
                integrals[kind] = trapezoids(times, rate, starts)
            ahead, back = integrals[kind]
            out[name] = (ahead if name.startswith("Discharge") else back) / 3600.0
        signals = [
            ("Voltage [V]", voltage),
            ("Current [A]", current),
            ("Power [W]", power),
        ]
        frequency = block.get("Frequency [Hz]")
        if frequency is not None:
            signals.append(("Frequency [Hz]", frequency))
        else:
            for stat in ("Min", "Max", "Std", "Mean"):
                out[f"{stat} frequency [Hz]"] = np.zeros(len(starts))
        for name, values in signals:
            trim = name != "Frequency [Hz]"
            low, high, spread, mean = statistics(values, starts, counts, trim)
            label = f"{name[0].lower()}{name[1:]}"
            out[f"Min {label}"], out[f"Max {label}"] = low, high
            out[f"Std {label}"], out[f"Mean {label}"] = spread, mean
            if name == "Current [A]":  # the largest current, from each step's
                largest = float(np.fmax.reduce(np.fmax(-low, high)))
                if largest > self.largest_current:  # NaN never is
                    self.largest_current = largest
        out["Step count"] = block["Step count"][starts]
        for name in _FIRSTS:
            if name in block:
                out[name] = block[name][starts]
        out["Cycle count"] = self._cycles(block, starts)
        for name, values in out.items():
            self.parts.setdefault(name, []).append(values)
        self.offset += rows

    def _cycles(self, block: dict[str, Any], starts: Any) -> Any:
        cycler = block.get("Cycle from cycler")
        if cycler is None:
            ours = block.get("Cycle count")
            return np.zeros(len(starts)) if ours is None else ours[starts]
        first = int(bool(differs(np.asarray([self.last_cycle, cycler[0]]))[0]))
        changes = np.flatnonzero(differs(cycler)) + 1  # rows a new cycle starts
        offset = self.cycle_changes + first
        self.cycle_changes = offset + len(changes)
        self.last_cycle = cycler[-1]
        return np.searchsorted(changes, starts, side="right") + offset

    def columns(self, tolerances: StepTolerances) -> dict[str, Any]:
        if not self.parts:
            raise ValueError("the time series has no rows")
        out = {name: np.concatenate(parts) for name, parts in self.parts.items()}
        out["Duration [s]"] = out["End time [s]"] - out["Start time [s]"]
        out["Step type"] = _types(out, tolerances, self.largest_current)
        cycles, inverse = np.unique(out["Cycle count"], return_inverse=True)
        for total, name in (
            ("Cycle charge capacity [A.h]", "Charge capacity [A.h]"),
            ("Cycle discharge capacity [A.h]", "Discharge capacity [A.h]"),
            ("Cycle charge energy [W.h]", "Charge energy [W.h]"),
            ("Cycle discharge energy [W.h]", "Discharge energy [W.h]"),
        ):
            values = out[name]
            missing = np.isnan(values)
            if missing.any():
                values = np.where(missing, 0.0, values)
            sums = np.bincount(inverse, values, minlength=len(cycles))
            out[total] = sums[inverse]
        return out


STEP_TYPES = (
    "Unknown step type",
    "Rest",
    "EIS",
    "Constant current charge",
    "Constant current discharge",
    "Constant voltage charge",
    "Constant voltage discharge",
    "Constant power charge",
    "Constant power discharge",
)
"""Every step type, as ionworksdata names them (the codes of :func:`_types`)."""


def _types(out: dict[str, Any], tolerances: StepTolerances, largest: float) -> Any:
    """Return each step's type as a code into :data:`STEP_TYPES`."""
    rest, current_std = tolerances.rest_and_current(largest)
    mean = out["Mean current [A]"]
    way = (mean > 0).astype(np.int8)  # 0 charge, 1 discharge
    codes = np.zeros(len(mean), dtype=np.int8)
    rules = (
        (np.abs(out["Std power [W]"]) < tolerances.POWER_STD, 7),
        (np.abs(out["Std voltage [V]"]) < tolerances.VOLTAGE_STD, 5),
        (out["Std current [A]"] < current_std, 3),
    )
    for where, code in rules:  # the last rule set wins: the first in order
        codes = np.where(where, code + way, codes)
    codes = np.where(np.abs(mean) < rest, 1, codes)
    return np.where(out["Mean frequency [Hz]"] > tolerances.EIS, 2, codes)


def summarize_arrow(
    time_series: TableSource, tolerances: StepTolerances | None = None
) -> Any:
    """Return the step table of a time series as a pyarrow table.

    Parameters
    ----------
    time_series : TableSource
        The series: any frame, a :class:`~ionworks_async.tables.Table`, or a
        parquet or CSV file (read a block at a time).
    tolerances : StepTolerances, optional
        Given a rated capacity, the capped tolerances.

    Raises
    ------
    SeriesError
        When a column the table needs is missing or holds no numbers.
    ValueError
        When the series has no rows.
    """
    summarizer = Summarizer(tolerances)
    for batch in record_batches(time_series):
        summarizer.feed(batch)
    return summarizer.table()


def _arrow(out: dict[str, Any]) -> Any:
    import pyarrow as pa

    names = step_columns("Frame" in out)
    arrays = []
    for name in names:
        values = out.get(name)
        if values is None:
            arrays.append(pa.nulls(len(out["Step count"]), pa.int64()))
        elif name == "Step type":
            arrays.append(_named(values))
        elif name in ("Start index", "End index", "Step count", "Cycle count"):
            arrays.append(arrow_array(values.astype(np.int64)))
        elif values.dtype == object:
            arrays.append(python_array(values.tolist()))
        else:
            arrays.append(_numbers(values, name))
    return pa.table(arrays, names=list(names))


_STEP_TYPE_NAMES: list[Any] = []
"""The step types as a pyarrow array, made on first use."""


def _named(codes: Any) -> Any:
    """Return step-type codes as a string column."""
    if not _STEP_TYPE_NAMES:
        _STEP_TYPE_NAMES.append(python_array(list(STEP_TYPES)))
    return _STEP_TYPE_NAMES[0].take(arrow_array(codes.astype(np.int64)))


def _numbers(values: Any, name: str) -> Any:
    """Return a float column, or int64 for the cycler's whole numbers."""
    if name in _FIRSTS:
        finite = ~np.isnan(values)
        if finite.all() and np.array_equal(values, np.trunc(values)):
            return arrow_array(values.astype(np.int64))
    missing = np.isnan(values)
    return arrow_array(values, missing if missing.any() else None)
