"""The API's rules, applied alike to every reader's columns.

``Time [s]`` from 0 at full precision; ``Step count`` from 0, +1 at each
change of the cycler's step (or cycle) index and at each new impedance sweep;
``Cycle count`` from 0, +1 at each change of the cycler's cycle index;
``Current [A]`` positive on discharge, from the file's own convention; the
vendor's capacity and energy kept (in A.h and W.h, back at 0 at each step's
start and never falling within it) or integrated from current where the file
has none. Every operation is a pyarrow kernel over whole columns.
"""

from __future__ import annotations

from typing import Any

from ..tables.table import _pyarrow
from ._raw import Raw

__all__ = ["API_COLUMNS", "normalise"]

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
"""The columns a normalised table may hold, in this order."""


def normalise(raw: Raw) -> Any:
    """Return the API's time series (a pyarrow table) from a reader's columns."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    raw = _usable_rows(_whole(raw))
    for index_name in ("step", "cycle"):
        values = getattr(raw, index_name)
        if values is not None and values.null_count == len(values):
            setattr(raw, index_name, None)  # an empty column is no index
    time = pc.cast(raw.time, pa.float64())
    time = pc.subtract(time, time[0]) if len(time) else time
    current = _signed_current(raw)
    step = _step_count(raw, current)
    columns: dict[str, Any] = {
        "Time [s]": time,
        "Current [A]": current,
    }
    if raw.voltage is not None:
        columns["Voltage [V]"] = pc.cast(raw.voltage, pa.float64())
    columns["Step count"] = step
    columns["Cycle count"] = (
        pa.array([0] * len(time), pa.int64())
        if raw.cycle is None
        else _counts(_changed(raw.cycle))
    )
    passed = _passed(time, current, step)  # A.s a row, 0 across step starts
    direction = (
        _step_direction(passed, step)
        if raw.capacity is not None or raw.energy is not None
        else None
    )
    columns["Discharge capacity [A.h]"], columns["Charge capacity [A.h]"] = _pair(
        raw.discharge_capacity,
        raw.charge_capacity,
        raw.capacity,
        step,
        passed,
        direction,
    )
    if (
        raw.voltage is not None
        or raw.energy is not None
        or raw.charge_energy is not None
    ):
        power = _passed_power(time, current, columns.get("Voltage [V]"), step)
        columns["Discharge energy [W.h]"], columns["Charge energy [W.h]"] = _pair(
            raw.discharge_energy,
            raw.charge_energy,
            raw.energy,
            step,
            power,
            direction,
        )
    for name, values in (
        ("Temperature [degC]", raw.temperature),
        ("Frequency [Hz]", raw.frequency),
        ("Z_Re [Ohm]", raw.z_re),
        ("Z_Im [Ohm]", raw.z_im),
    ):
        if values is not None:
            columns[name] = pc.cast(values, pa.float64())
    return pa.table({name: columns[name] for name in API_COLUMNS if name in columns})


_ARRAYS = (
    "time",
    "current",
    "voltage",
    "state",
    "step",
    "cycle",
    "charge_capacity",
    "discharge_capacity",
    "capacity",
    "charge_energy",
    "discharge_energy",
    "energy",
    "temperature",
    "frequency",
    "z_re",
    "z_im",
)


def _whole(raw: Raw) -> Raw:
    """Make every column one array (a reader may hand chunked ones)."""
    pa = _pyarrow()
    for field in _ARRAYS:
        values = getattr(raw, field)
        if isinstance(values, pa.ChunkedArray):
            setattr(raw, field, values.combine_chunks())
    return raw


def _usable_rows(raw: Raw) -> Raw:
    """Drop rows with no time, or with neither current nor an impedance point."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    keep = pc.is_finite(pc.cast(raw.time, pa.float64()))
    has_current = pc.is_finite(pc.cast(raw.current, pa.float64()))
    if raw.frequency is not None:
        has_current = pc.or_(
            has_current, pc.is_finite(pc.cast(raw.frequency, pa.float64()))
        )
    keep = pc.fill_null(pc.and_(keep, has_current), False)
    if pc.all(keep).as_py() is not False:
        return raw
    kept = {}
    for field in _ARRAYS:
        values = getattr(raw, field)
        kept[field] = None if values is None else pc.filter(values, keep)
    return Raw(
        current_sign=raw.current_sign,
        mapping=raw.mapping,
        metadata=raw.metadata,
        **kept,
    )


def _signed_current(raw: Raw) -> Any:
    """Return the current in A, positive on discharge."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    current = pc.fill_null(pc.cast(raw.current, pa.float64()), 0.0)
    if raw.current_sign == "charge_positive":
        return pc.negate(current)
    if raw.current_sign == "discharge_positive":
        return current
    state = pc.utf8_upper(pc.utf8_trim_whitespace(pc.cast(raw.state, pa.string())))
    discharging = pc.starts_with(state, "D")
    charging = pc.starts_with(state, "C")
    magnitude = pc.abs(current)
    return pc.if_else(
        pc.fill_null(discharging, False),
        magnitude,
        pc.if_else(pc.fill_null(charging, False), pc.negate(magnitude), current),
    )


def _changed(values: Any) -> Any:
    """Whether each row's value differs from the row before (False for the first)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    if len(values) == 0:
        return pa.array([], pa.bool_())
    if pa.types.is_floating(values.type):
        values = pc.if_else(pc.is_nan(values), None, values)
    current, previous = values[1:], values[:-1]
    current_null, previous_null = pc.is_null(current), pc.is_null(previous)
    differs = pc.if_else(
        pc.and_(current_null, previous_null),
        False,
        pc.if_else(
            pc.or_(current_null, previous_null),
            True,
            pc.not_equal(current, previous),
        ),
    )
    return pa.concat_arrays([pa.array([False]), differs])


def _counts(changes: Any) -> Any:
    """Count the changes as they come: 0 on the first row."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    return pc.cumulative_sum(pc.cast(changes, pa.int64()))


def _step_count(raw: Raw, current: Any) -> Any:
    """+1 at each change of step or cycle index and at each new impedance sweep."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    if raw.step is not None:
        changes = _changed(raw.step)
    else:
        changes = _changed(_direction_labels(current))
    if raw.cycle is not None:
        changes = pc.or_(changes, _changed(raw.cycle))
    if raw.frequency is not None and len(current) > 1:
        frequency = pc.cast(raw.frequency, pa.float64())
        rises = pc.greater(frequency[1:], frequency[:-1])
        sweep = pa.concat_arrays([pa.array([False]), pc.fill_null(rises, False)])
        changes = pc.or_(changes, sweep)
    return _counts(changes)


def _direction_labels(current: Any) -> Any:
    """-1, 0 or 1 a row: charge, rest or discharge (for files without steps)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    magnitude = pc.abs(current)
    typical = pc.quantile(magnitude, q=0.95).to_pylist()[0] if len(current) else 0.0
    rest = max(1e-9, 0.01 * (typical or 0.0))
    return pc.if_else(
        pc.greater(current, rest),
        1,
        pc.if_else(pc.less(current, -rest), -1, 0),
    ).cast(pa.int8())


def _first_of_step(values: Any, step: Any) -> Any:
    """Each row's value at the first row of its step.

    ``step`` is a step count: from 0, +1 at each new step (dense).
    """
    pa = _pyarrow()
    import pyarrow.compute as pc

    if len(step) == 0:
        return values
    starts = pa.concat_arrays([pa.array([True]), _changed(step)[1:]])
    return pc.take(values, pc.take(pc.indices_nonzero(starts), step))


def _passed(time: Any, current: Any, step: Any) -> Any:
    """Charge passed since the row before, in A.s (trapezoid; 0 at a step's start)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    if len(time) < 2:
        return pa.array([0.0] * len(time), pa.float64())
    span = pc.subtract(time[1:], time[:-1])
    middle = pc.divide(pc.add(current[1:], current[:-1]), 2.0)
    inside = pc.equal(step[1:], step[:-1])
    passed = pc.if_else(inside, pc.multiply(middle, span), 0.0)
    passed = pc.if_else(pc.is_finite(passed), passed, 0.0)
    return pa.concat_arrays([pa.array([0.0]), pc.fill_null(passed, 0.0)])


def _passed_power(time: Any, current: Any, voltage: Any, step: Any) -> Any:
    """Energy passed since the row before, in W.s (0 without a voltage)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    if voltage is None:
        return pa.array([0.0] * len(time), pa.float64())
    return _passed(time, pc.multiply(current, pc.fill_null(voltage, 0.0)), step)


def _pair(
    discharge: Any,
    charge: Any,
    single: Any,
    step: Any,
    passed: Any,
    direction: Any,
) -> tuple[Any, Any]:
    """Return the discharge and charge columns of a quantity, per step from 0.

    ``passed`` is the quantity passed since the row before (A.s or W.s);
    ``direction`` each row's step direction (see :func:`_step_direction`),
    needed for a single unsigned column.
    """
    pa = _pyarrow()
    import pyarrow.compute as pc

    if discharge is not None or charge is not None:
        zero = pa.array([0.0] * len(step), pa.float64())
        return (
            zero if discharge is None else _from_step_start(discharge, step),
            zero if charge is None else _from_step_start(charge, step),
        )
    if single is not None:
        magnitude = pc.abs(
            pc.subtract(_filled(single), _first_of_step(_filled(single), step))
        )
        out = (
            pc.if_else(pc.greater(direction, 0), magnitude, 0.0),
            pc.if_else(pc.less(direction, 0), magnitude, 0.0),
        )
        return _monotone(out[0], step), _monotone(out[1], step)
    forward = pc.divide(pc.max_element_wise(passed, 0.0), 3600.0)
    backward = pc.divide(pc.max_element_wise(pc.negate(passed), 0.0), 3600.0)
    return _within_step(forward, step), _within_step(backward, step)


def _filled(values: Any) -> Any:
    pa = _pyarrow()
    import pyarrow.compute as pc

    values = pc.cast(values, pa.float64())
    values = pc.if_else(pc.is_finite(values), values, None)
    return pc.fill_null(pc.fill_null_forward(values), 0.0)


def _from_step_start(values: Any, step: Any) -> Any:
    """Count a vendor's cumulative column from its step's start, never falling."""
    import pyarrow.compute as pc

    values = pc.abs(_filled(values))
    since = pc.subtract(values, _first_of_step(values, step))
    return _monotone(pc.max_element_wise(since, 0.0), step)


def _within_step(increments: Any, step: Any) -> Any:
    """Sum non-negative increments as they come, from 0 at each step."""
    import pyarrow.compute as pc

    total = pc.cumulative_sum(increments)
    return pc.max_element_wise(pc.subtract(total, _first_of_step(total, step)), 0.0)


def _monotone(values: Any, step: Any) -> Any:
    """Return the running maximum of non-negative values within each step."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    if len(values) == 0:
        return values
    top = pc.max(values).as_py() or 0.0
    offset = pc.multiply(pc.cast(step, pa.float64()), top + 1.0)
    return pc.subtract(pc.cumulative_max(pc.add(values, offset)), offset)


def _step_direction(passed: Any, step: Any) -> Any:
    """+1, 0 or -1 a row: its step discharged, rested or charged on the whole."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    table = pa.table({"step": step, "passed": passed})
    sums = table.group_by("step").aggregate([("passed", "sum")]).sort_by("step")
    per_step = sums.column("passed_sum").combine_chunks()
    magnitude = pc.abs(passed)
    floor = 1e-9 * (pc.max(magnitude).as_py() or 0.0)
    sign = pc.if_else(
        pc.greater(per_step, floor), 1, pc.if_else(pc.less(per_step, -floor), -1, 0)
    )
    return pc.take(sign, step)
