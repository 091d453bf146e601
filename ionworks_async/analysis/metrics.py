"""Cycle metrics from a step table: one row a cycle, ionworksdata's 21 columns.

As ionworksdata's ``cycle_metrics.get_cycle_metrics``: each cycle's
capacities and energies (the sums of its steps'), its lowest and highest
voltage, duration and start; the coulombic and energy efficiency
(discharge over charge; null without charge); retention and fade against
the first cycle's discharge (null when that is not positive); the
duration-weighted mean current and the duration of its discharge steps
(positive mean current) and charge steps (negative); the mean temperature
when the steps have one; and the capacity and energy throughput, cumulative.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tables.bridge import arrow_array, floats

__all__ = ["cycle_metrics_arrow"]


def _numbers(values: Any) -> Any:
    """Return the values with a missing one as 0 (a sum's terms)."""
    missing = np.isnan(values)
    return np.where(missing, 0.0, values) if missing.any() else values


def _nulls(values: Any) -> Any:
    """Return where the values are missing, or ``None`` (none are)."""
    missing = np.isnan(values)
    return missing if missing.any() else None


def _ratio(top: Any, bottom: Any) -> Any:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)


def _against_first(values: Any) -> tuple[Any, Any]:
    first = values[0] if len(values) else np.nan
    if not first > 0:
        nothing = np.full(len(values), np.nan)
        return nothing, nothing
    retention = values / first
    return retention, 1.0 - retention


def cycle_metrics_arrow(steps: Any, capacity_unit: str = "A.h") -> Any:
    """Return the cycle metrics of a step table (pyarrow in, pyarrow out).

    Parameters
    ----------
    steps : pyarrow.Table
        A step table (:func:`~.summary.summarize_arrow`'s, or the API's).
    capacity_unit : str, optional
        ``"A.h"``, or ``"mA.h.cm-2"`` for capacities per area.

    Raises
    ------
    ValueError
        When ``Cycle count`` or a capacity column is missing.
    """
    import pyarrow as pa

    names = frozenset(steps.column_names)

    def _column(steps: Any, name: str) -> np.ndarray[Any, Any] | None:
        return floats(steps.column(name)) if name in names else None

    discharge_name = f"Discharge capacity [{capacity_unit}]"
    charge_name = f"Charge capacity [{capacity_unit}]"
    for name in ("Cycle count", discharge_name, charge_name):
        if name not in names:
            raise ValueError(f"the steps table has no {name!r} column")
    cycle_of = _column(steps, "Cycle count")
    assert cycle_of is not None
    cycles, inverse = np.unique(cycle_of, return_inverse=True)
    count = len(cycles)

    def total(values: Any) -> Any:
        return np.bincount(inverse, _numbers(values), minlength=count)

    def extreme(values: Any, ufunc: Any, start: float) -> Any:
        out = np.full(count, start)
        ufunc.at(out, inverse, np.where(np.isnan(values), start, values))
        return np.where(np.isinf(out), np.nan, out)

    out: dict[str, Any] = {"Cycle count": cycles.astype(np.int64)}
    discharge = total(_column(steps, discharge_name))
    charge = total(_column(steps, charge_name))
    out[discharge_name], out[charge_name] = discharge, charge
    energy_out = _column(steps, "Discharge energy [W.h]")
    energy_in = _column(steps, "Charge energy [W.h]")
    energies = energy_out is not None and energy_in is not None
    if energies:
        out["Discharge energy [W.h]"] = total(energy_out)
        out["Charge energy [W.h]"] = total(energy_in)
    low, high = _column(steps, "Min voltage [V]"), _column(steps, "Max voltage [V]")
    if low is not None and high is not None:
        out["Min voltage [V]"] = extreme(low, np.minimum, np.inf)
        out["Max voltage [V]"] = extreme(high, np.maximum, -np.inf)
    duration = _column(steps, "Duration [s]")
    if duration is not None:
        out["Cycle duration [s]"] = total(duration)
    start = _column(steps, "Start time [s]")
    if start is not None:
        out["Start time [s]"] = extreme(start, np.minimum, np.inf)
    out["Coulombic efficiency"] = _ratio(discharge, charge)
    if energies:
        out["Energy efficiency"] = _ratio(
            out["Discharge energy [W.h]"], out["Charge energy [W.h]"]
        )
    out["Capacity retention"], out["Capacity fade"] = _against_first(discharge)
    if energies:
        out["Energy retention"], out["Energy fade"] = _against_first(
            out["Discharge energy [W.h]"]
        )
    mean = _column(steps, "Mean current [A]")
    if mean is not None and duration is not None:
        for way, chosen in (("discharge", mean > 0), ("charge", mean < 0)):
            name = way.capitalize()
            spent = np.bincount(inverse, np.where(chosen, duration, 0.0), count)
            moved = np.bincount(inverse, np.where(chosen, mean * duration, 0.0), count)
            steps_of = np.bincount(inverse, chosen.astype(np.float64), count)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[f"Mean {way} current [A]"] = np.where(
                    steps_of > 0, moved / spent, np.nan
                )
            out[f"{name} duration [s]"] = np.where(steps_of > 0, spent, np.nan)
    temperature = _column(steps, "Mean temperature [degC]")
    if temperature is not None and duration is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            out["Mean temperature [degC]"] = total(temperature * duration) / total(
                duration
            )
    out[f"Capacity throughput [{capacity_unit}]"] = np.cumsum(discharge + charge)
    if energies:
        out["Energy throughput [W.h]"] = np.cumsum(
            out["Discharge energy [W.h]"] + out["Charge energy [W.h]"]
        )
    return pa.table(
        {
            name: arrow_array(
                values, None if values.dtype == np.int64 else np.isnan(values)
            )
            for name, values in out.items()
        }
    )
