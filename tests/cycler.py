"""Synthetic cycler runs that look real: the shared data of the validation tests.

A run is cycles of: constant-current discharge (positive current, voltage
falling), rest (voltage relaxing up), constant-current charge (negative
current, voltage rising), rest. Capacity and energy count up from 0 in each
step, as cyclers export them.
"""

from __future__ import annotations

from typing import Any


def cycler_run(
    cycles: int = 3, points: int = 50, current: float = 2.0
) -> dict[str, list[Any]]:
    """Return the columns of a clean run (one sample a second)."""
    columns: dict[str, list[Any]] = {
        name: []
        for name in (
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
    }
    time, step = 0.0, 0
    shapes = [(current, -0.01), (0.0, 0.002), (-current, 0.01), (0.0, -0.002)]
    for cycle in range(cycles):
        for amps, slope in shapes:
            start = 3.7
            discharged = charged = 0.0
            for n in range(points):
                volts = start + slope * n
                columns["Time [s]"].append(time)
                columns["Voltage [V]"].append(volts)
                columns["Current [A]"].append(amps)
                columns["Step count"].append(step)
                columns["Cycle count"].append(cycle)
                columns["Discharge capacity [A.h]"].append(discharged)
                columns["Charge capacity [A.h]"].append(charged)
                columns["Discharge energy [W.h]"].append(discharged * volts)
                columns["Charge energy [W.h]"].append(charged * volts)
                time += 1.0
                if amps > 0:
                    discharged += amps / 3600
                elif amps < 0:
                    charged += -amps / 3600
            step += 1
    return columns
