"""The API's rules, applied alike to every reader's columns, a block at a time.

``Time [s]`` from 0 at full precision; ``Step count`` from 0, +1 at each
change of the cycler's step index (impedance sweeps of one step are one);
``Cycle count`` from 0, +1 at each change of the cycler's cycle index;
``Current [A]`` positive on discharge, from the file's own convention; the
vendor's capacity and energy kept (in A.h and W.h, back at 0 at each step's
start and never falling within it) or integrated from current where the file
has none.

A file is read in blocks (:meth:`CyclerColumns.blocks`), and the rules that look at a
whole step (capacity from the step's start, its direction) need the step
whole: a :class:`Normaliser` holds back each block's last, unfinished step
and hands on only whole steps, so memory stays at about one block plus one
step, and the table is the same however the file is cut. What carries from
block to block is small: the time origin, the last step and cycle counts and
indices, and the last value of each vendor column. A file without step
indices is the exception: its steps are told from the current's level over
the whole file, so it is held whole.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..tables.bridge import arrow_array, floats
from ..tables.table import pyarrow_module
from ..validation.sign import SignVote
from ._columns import CyclerColumns
from ._kernels import (
    Steps,
    changed,
    counts,
    direction_labels,
    filled,
    first_of_step,
    index_codes,
    monotone,
    passed,
    rest_level,
    step_direction,
    within_step,
)
from ._rows import (
    kept_columns,
    pass_through,
    signed_current,
    usable_rows,
    whole_columns,
)

__all__ = [
    "API_COLUMNS",
    "KEPT_COLUMNS",
    "Normaliser",
    "clock_time",
    "normalise",
    "normalised_tables",
]

API_COLUMNS = (
    "Time [s]",
    "Current [A]",
    "Voltage [V]",
    "Step count",
    "Cycle count",
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
    "Temperature [degC]",
    "Frequency [Hz]",
    "Z_Re [Ohm]",
    "Z_Im [Ohm]",
)
"""The API's columns a normalised table may hold, in this order (the digest
of a series' rows is taken over these: see ``pipeline.digest``)."""
KEPT_COLUMNS = (
    "Z_Mod [Ohm]",
    "Z_Phase [deg]",
    "Power [W]",
    "Step from cycler",
    "Cycle from cycler",
)
"""The cycler's own columns kept after them, under ionworksdata's names (then
a reader's ``extras``): its impedance modulus and phase, its power (else
voltage times current, as ionworksdata adds it), its step and cycle indices."""


def normalise(raw: CyclerColumns) -> Any:
    """Return the API's time series (a pyarrow table) from a reader's columns."""
    pa = pyarrow_module()
    tables = list(normalised_tables(raw))
    if len(tables) == 1:
        return tables[0]
    return pa.concat_tables(tables).combine_chunks()


def normalised_tables(
    raw: CyclerColumns,
    vote: SignVote | None = None,
    normaliser: Normaliser | None = None,
) -> Iterator[Any]:
    """Yield the API's time series of a file's blocks, whole steps at a time.

    At least one table is yielded (an empty one for a file with no usable
    rows). With a ``vote``, each table's steps are voted on as it is built;
    a ``normaliser`` given keeps what it counted (:attr:`Normaliser.dropped`).
    """
    normaliser = Normaliser(vote) if normaliser is None else normaliser
    yielded = False
    blocks = raw.blocks()
    block = next(blocks)
    for following in blocks:
        table = normaliser.feed(block)
        if table is not None:
            yielded = True
            yield table
        block = following
    last = normaliser.finish(block)  # the last block: no step left open
    if last is not None or not yielded:
        yield last if last is not None else normaliser.empty()


class _Last:
    """What the rules need of the row before a block: its indices and labels."""

    __slots__ = ("cycle", "impedance", "label", "step")

    def __init__(self, raw: CyclerColumns, current: float, rest: float) -> None:
        self.step = _scalar(raw.step)
        self.cycle = _scalar(raw.cycle)
        self.impedance = (
            bool(_impedance_rows(raw.frequency[-1:])[0])
            if (raw.frequency is not None and len(raw.frequency))
            else False
        )
        self.label = float(direction_labels(np.array([current]), rest)[0])


def _impedance_rows(frequency: Any) -> np.ndarray[Any, Any]:
    """Which rows are of an impedance measurement: a frequency above 0."""
    values = _floats(frequency)
    with np.errstate(invalid="ignore"):
        return np.asarray(values > 0)


def _scalar(values: Any) -> Any:
    if values is None:
        return None
    value = values[-1].as_py()
    return None if isinstance(value, float) and math.isnan(value) else value


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def _differs(before: Any, first: Any) -> bool:
    """Whether an index changed across two blocks (None: missing)."""
    if isinstance(first, float) and math.isnan(first):
        first = None
    return bool(before != first)


class Normaliser:
    """The API's rules over a file's blocks, fed in order.

    :meth:`feed` returns the rows of the steps a block completes (a pyarrow
    table) or None; :meth:`finish` returns the rest, with the file's last
    block if it is given there (the steps it holds are all complete).

    Attributes
    ----------
    dropped : int
        The rows left out so far that held a time, a current or a voltage
        but not both of the first two (blank rows are not counted).
    """

    def __init__(self, vote: SignVote | None = None) -> None:
        self.dropped = 0
        self._vote = vote
        self._origin: float | None = None
        self._rest = 1e-9
        self._absent: set[str] = set()
        self._carry: list[CyclerColumns] = []
        self._carry_last: _Last | None = None
        self._emitted_last: _Last | None = None
        self._step_base = 0
        self._cycle_base = 0
        self._before: dict[str, float] = {}
        self._schema: Any = None

    def feed(self, raw: CyclerColumns) -> Any | None:
        """Take the next block; return the whole steps it completes, if any."""
        raw = self._usable(raw)
        if len(raw) == 0:
            return None
        if self._origin is None:
            self._start(raw)
        if raw.step is None:
            # Steps told from the current's level, which is the whole file's
            # (its 95th percentile): such a file is held until its end.
            self._carry.append(raw)
            return None
        current = signed_current(raw)
        before = self._carry_last if self._carry else self._emitted_last
        changes = self._step_changes(raw, current, before)
        starts = np.flatnonzero(changes)
        last = _Last(raw, float(current[-1]), self._rest)
        if len(starts) == 0:  # the open step goes on
            self._carry.append(raw)
            self._carry_last = last
            return None
        split = int(starts[-1])
        done = [*self._carry, raw.rows(0, split)] if split else list(self._carry)
        self._carry, self._carry_last = [raw.rows(split)], last
        return self._steps(CyclerColumns.joined(done)) if done else None

    def finish(self, last: CyclerColumns | None = None) -> Any | None:
        """Return the rows still held and those of the file's ``last`` block."""
        if last is not None:
            last = self._usable(last)
            if len(last):
                if self._origin is None:
                    self._start(last)
                self._carry.append(last)
        if not self._carry:
            return None
        rows, self._carry = CyclerColumns.joined(self._carry), []
        return self._steps(rows)

    def _start(self, raw: CyclerColumns) -> None:
        """Take the time origin from the file's first row."""
        self._origin = float(raw.time[0].as_py())

    def empty(self) -> Any:
        """Return an empty table of the API's columns (no usable rows)."""
        pa = pyarrow_module()
        return pa.table(
            {
                name: arrow_array(
                    np.empty(0, np.int64 if name.endswith("count") else np.float64)
                )
                for name in API_COLUMNS[:5]
            }
        )

    def _usable(self, raw: CyclerColumns) -> CyclerColumns:
        raw, dropped = usable_rows(whole_columns(raw))
        self.dropped += dropped
        if self._origin is None and len(raw):
            for name in ("step", "cycle"):
                values = getattr(raw, name)
                if values is not None and values.null_count == len(values):
                    self._absent.add(name)  # an empty column is no index
        if self._absent:
            raw = raw.replace(**dict.fromkeys(self._absent))
        return raw

    def _step_changes(
        self, raw: CyclerColumns, current: np.ndarray[Any, Any], before: _Last | None
    ) -> np.ndarray[Any, Any]:
        """Say of each row whether a step starts there (``before``: the row ahead).

        A step is the cycler's step index while it stays the same (a new cycle
        whose first step has the index of the last one does not start one:
        ionworksdata's ``Step count``), or, without an index, a run of one
        direction of current. Within one index, impedance rows (a frequency)
        and other rows are steps of their own; the sweeps of an impedance
        step stay one step (the cycle index tells them apart).
        """
        if raw.step is not None:
            changes = changed(index_codes(raw.step))
            first = before is not None and _differs(before.step, raw.step[0].as_py())
        else:
            labels = direction_labels(current, self._rest)
            changes = changed(labels)
            first = before is not None and before.label != labels[0]
        if raw.frequency is not None:
            impedance = _impedance_rows(raw.frequency)
            changes[1:] |= impedance[1:] != impedance[:-1]
            if before is not None:
                first = first or before.impedance != bool(impedance[0])
        changes[0] = first
        return changes

    def _steps(self, raw: CyclerColumns) -> Any:
        """Return the API's columns of whole steps that follow the rows done."""
        pa = pyarrow_module()
        assert self._origin is not None
        time = _floats(raw.time) - self._origin
        current = signed_current(raw)
        if raw.step is None:  # all the file's rows (see feed)
            self._rest = rest_level(current)
        last = self._emitted_last
        cycle_changes = None if raw.cycle is None else changed(index_codes(raw.cycle))
        step = self._step_base + counts(self._step_changes(raw, current, last))
        if cycle_changes is None:
            cycle = np.zeros(len(time), dtype=np.int64)
        else:  # (read above; its first row now says whether the cycle changed)
            cycle_changes[0] = last is not None and _differs(
                last.cycle, raw.cycle[0].as_py()
            )
            cycle = self._cycle_base + counts(cycle_changes)
        columns: dict[str, Any] = {
            "Time [s]": time,
            "Current [A]": current,
        }
        voltage = None if raw.voltage is None else _floats(raw.voltage)
        if voltage is not None:
            columns["Voltage [V]"] = pass_through(raw.voltage)
        columns["Step count"] = step
        columns["Cycle count"] = cycle
        steps = Steps(step)
        charge = passed(time, current, steps)  # A.s a row, 0 across step starts
        if self._vote is not None and voltage is not None:
            self._vote.add_steps(voltage, current, charge, steps.starts)
        direction = (
            step_direction(charge, steps)
            if raw.capacity is not None or raw.energy is not None
            else None
        )
        columns["Discharge capacity [A.h]"], columns["Charge capacity [A.h]"] = (
            self._pair(raw, "capacity", steps, charge, direction)
        )
        has_energy = raw.energy is not None or raw.charge_energy is not None
        if voltage is not None or has_energy:
            power = (
                np.zeros(len(time))
                if voltage is None
                else passed(
                    time,
                    current * np.where(np.isnan(voltage), 0.0, voltage),
                    steps,
                )
            )
            columns["Discharge energy [W.h]"], columns["Charge energy [W.h]"] = (
                self._pair(raw, "energy", steps, power, direction)
            )
        for name, values in (
            ("Temperature [degC]", raw.temperature),
            ("Frequency [Hz]", raw.frequency),
            ("Z_Re [Ohm]", raw.z_re),
            ("Z_Im [Ohm]", raw.z_im),
            ("Z_Mod [Ohm]", raw.z_mod),
            ("Z_Phase [deg]", raw.z_phase),
        ):
            if values is not None:
                columns[name] = pass_through(values)
        if raw.z_re is None and raw.z_mod is not None and raw.z_phase is not None:
            # the parts from the modulus and phase, as ionworksdata derives them
            angle = np.radians(_floats(raw.z_phase))
            columns["Z_Re [Ohm]"] = _floats(raw.z_mod) * np.cos(angle)
            columns["Z_Im [Ohm]"] = _floats(raw.z_mod) * np.sin(angle)
        columns.update(kept_columns(raw, current, voltage))
        self._step_base, self._cycle_base = int(step[-1]), int(cycle[-1])
        self._emitted_last = _Last(raw, float(current[-1]), self._rest)
        names = [name for name in (*API_COLUMNS, *KEPT_COLUMNS) if name in columns]
        names += [name for name in raw.extras if name not in names]
        return pa.Table.from_arrays(
            [
                arrow_array(values) if isinstance(values, np.ndarray) else values
                for values in (columns[name] for name in names)
            ],
            names=names,
        )

    def _pair(
        self,
        raw: CyclerColumns,
        quantity: str,
        steps: Steps,
        increments: np.ndarray[Any, Any],
        direction: Any,
    ) -> tuple[Any, Any]:
        """Return the discharge and charge columns of a quantity, per step from 0.

        ``increments`` is the quantity passed since the row before (A.s or W.s);
        ``direction`` each row's step direction, needed for a single
        unsigned column.
        """
        discharge = getattr(raw, f"discharge_{quantity}")
        charge = getattr(raw, f"charge_{quantity}")
        single = getattr(raw, quantity)
        if discharge is not None or charge is not None:
            zero = np.zeros(len(steps))
            return (
                zero
                if discharge is None
                else self._from_step_start(f"discharge_{quantity}", discharge, steps),
                zero
                if charge is None
                else self._from_step_start(f"charge_{quantity}", charge, steps),
            )
        if single is not None:
            values = self._filled(quantity, single)
            magnitude = np.abs(values - first_of_step(values, steps))
            return (
                monotone(np.where(direction > 0, magnitude, 0.0), steps),
                monotone(np.where(direction < 0, magnitude, 0.0), steps),
            )
        forward = np.maximum(increments, 0.0) / 3600.0
        backward = np.maximum(-increments, 0.0) / 3600.0
        return within_step(forward, steps), within_step(backward, steps)

    def _filled(self, name: str, values: Any) -> Any:
        """Return a vendor column, gaps filled from the last value before them."""
        out = filled(_floats(values), self._before.get(name, 0.0))
        if len(out):
            self._before[name] = float(out[-1])
        return out

    def _from_step_start(self, name: str, values: Any, steps: Steps) -> Any:
        """Count a vendor's cumulative column from its step's start, never falling."""
        magnitude = np.abs(self._filled(name, values))
        since = magnitude - first_of_step(magnitude, steps)
        return monotone(np.maximum(since, 0.0), steps)


_floats = floats
"""A column as float64 numpy (missing values NaN)."""


def clock_time(clock: Any, relative: Any, index: Any) -> Any:
    """Each step's start on a clock, plus the finer time within the step.

    ``index`` tells the steps apart (its changes start one); ``clock`` and
    ``relative`` are seconds. Returns a float64 pyarrow array.
    """
    within = _floats(relative)
    if index is None:
        ids = np.zeros(len(within), dtype=np.int64)
    else:
        ids = counts(changed(index_codes(index)))
    start = first_of_step(_floats(clock) - within, Steps(ids))
    return arrow_array(start + within)
