"""Synthetic cycler runs that look real: the shared data of the validation tests.

A run is cycles of: constant-current discharge (positive current, voltage
falling), rest (voltage relaxing up), constant-current charge (negative
current, voltage rising) to 4.2 V, constant-voltage hold (the charge current
decaying), rest. Capacity and energy count up from 0 in each step, as cyclers
export them: the trapezoidal integrals of current and power.
"""

from __future__ import annotations

from typing import Any

COLUMNS = (
    "Time [s]",
    "Voltage [V]",
    "Current [A]",
    "Step count",
    "Cycle count",
    "Discharge capacity [A.h]",
    "Charge capacity [A.h]",
    "Discharge energy [W.h]",
    "Charge energy [W.h]",
)


def _shapes(points: int, current: float) -> list[list[tuple[float, float]]]:
    """(current, voltage) samples of each step of one cycle."""
    n = range(points)
    return [
        [(current, 4.1 - 0.8 * k / points) for k in n],  # CC discharge
        [(0.0, 3.3 + 0.1 * (1 - 0.9**k)) for k in n],  # rest
        [(-current, 3.45 + 0.75 * k / points) for k in n],  # CC charge
        [(-current * 0.93**k, 4.2) for k in n],  # CV hold
        [(0.0, 4.2 - 0.05 * (1 - 0.9**k)) for k in n],  # rest
    ]


def cycler_run(
    cycles: int = 4, points: int = 120, current: float = 2.0
) -> dict[str, list[Any]]:
    """Return the columns of a clean run (one sample a second).

    Parameters
    ----------
    cycles : int
        Number of cycles (five steps each).
    points : int
        Samples in each step.
    current : float
        The constant current, in A.
    """
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    time, step = 0.0, 0
    for cycle in range(cycles):
        for samples in _shapes(points, current):
            totals = [0.0, 0.0, 0.0, 0.0]  # discharge/charge capacity/energy
            previous: tuple[float, float] | None = None
            for amps, volts in samples:
                if previous is not None:
                    mean_i = (amps + previous[0]) / 2 / 3600
                    mean_p = (amps * volts + previous[0] * previous[1]) / 2 / 3600
                    totals[0] += max(mean_i, 0.0)
                    totals[1] += max(-mean_i, 0.0)
                    totals[2] += max(mean_p, 0.0)
                    totals[3] += max(-mean_p, 0.0)
                previous = (amps, volts)
                row = (time, volts, amps, step, cycle, *totals)
                for name, value in zip(COLUMNS, row, strict=True):
                    columns[name].append(value)
                time += 1.0
            step += 1
    return columns


def step_summary(run: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Return the steps table of a run: one row a step, as cyclers summarise."""
    summary: dict[str, list[Any]] = {
        name: []
        for name in (
            "Step count",
            "Cycle count",
            "Step type",
            "Duration [s]",
            "Mean current [A]",
            "Min current [A]",
            "Max current [A]",
            "Discharge capacity [A.h]",
            "Charge capacity [A.h]",
            "Discharge energy [W.h]",
            "Charge energy [W.h]",
        )
    }
    rows = range(len(run["Step count"]))
    for step in sorted(set(run["Step count"])):
        index = [k for k in rows if run["Step count"][k] == step]
        amps = [run["Current [A]"][k] for k in index]
        last = index[-1]
        mean = sum(amps) / len(amps)
        kind = "Rest"
        if mean > 1e-3:
            kind = "Constant current discharge"
        elif mean < -1e-3:
            kind = "Constant current charge"
        values = (
            step,
            run["Cycle count"][last],
            kind,
            run["Time [s]"][last] - run["Time [s]"][index[0]] + 1.0,
            mean,
            min(amps),
            max(amps),
            run["Discharge capacity [A.h]"][last],
            run["Charge capacity [A.h]"][last],
            run["Discharge energy [W.h]"][last],
            run["Charge energy [W.h]"][last],
        )
        for name, value in zip(summary, values, strict=True):
            summary[name].append(value)
    return summary
