"""Synthetic cycling data for demos and examples: :func:`constant_current_protocol`.

The README's examples and ``ionworks-local demo`` (the seed guide's workflow
with the blocking client, in :mod:`ionworks._demo`) upload it.
"""

from __future__ import annotations

import math

__all__ = ["constant_current_protocol"]


def constant_current_protocol(
    cycles: int = 2,
    *,
    capacity_ah: float = 1.0,
    c_rate: float = 1.0,
    sample_seconds: float = 5.0,
    rest_seconds: float = 600.0,
) -> dict[str, list[float]]:
    """Generate a time series of constant-current discharge/charge cycles.

    Each cycle is a discharge at ``c_rate``, a rest, a charge and a rest,
    sampled every ``sample_seconds``; the voltage follows a simple open-circuit
    curve of the state of charge plus an ohmic drop. Two cycles at the
    defaults are about 3,400 rows.

    Returns
    -------
    dict of str to list of float
        ``Time [s]``, ``Voltage [V]``, ``Current [A]`` (positive discharging),
        ``Step count``, ``Cycle count``, ``Discharge capacity [A.h]`` and
        ``Charge capacity [A.h]`` (counted from 0 in each step).
    """
    current = capacity_ah * c_rate
    resistance = 0.05
    columns: dict[str, list[float]] = {
        name: []
        for name in (
            "Time [s]",
            "Voltage [V]",
            "Current [A]",
            "Step count",
            "Cycle count",
            "Discharge capacity [A.h]",
            "Charge capacity [A.h]",
        )
    }
    now = 0.0
    state_of_charge = 1.0
    step = 0

    def open_circuit(soc: float) -> float:
        soc = min(max(soc, 1e-3), 1 - 1e-3)
        return 3.4 + 0.7 * soc + 0.05 * math.log(soc / (1 - soc))

    for cycle in range(cycles):
        for amps, seconds in (
            (current, 3600 / c_rate),
            (0.0, rest_seconds),
            (-current, 3600 / c_rate),
            (0.0, rest_seconds),
        ):
            discharged = charged = 0.0  # cyclers count each step from 0
            for _ in range(int(seconds / sample_seconds)):
                columns["Time [s]"].append(now)
                columns["Voltage [V]"].append(
                    round(open_circuit(state_of_charge) - amps * resistance, 6)
                )
                columns["Current [A]"].append(amps)
                columns["Step count"].append(step)
                columns["Cycle count"].append(cycle)
                columns["Discharge capacity [A.h]"].append(discharged)
                columns["Charge capacity [A.h]"].append(charged)
                now += sample_seconds
                delta = amps * sample_seconds / 3600
                state_of_charge -= delta / capacity_ah
                if amps > 0:
                    discharged += delta
                else:
                    charged -= delta
            step += 1
    return columns
