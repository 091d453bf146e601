"""Synthetic EIS spectra and OCP curves, shared by the validation tests."""

from __future__ import annotations

import math
from typing import Any


def eis_spectrum(r0: float = 0.02, points: int = 40) -> dict[str, list[Any]]:
    """A Randles cell with a series inductance: an arc, and a tail above it.

    ``Z = jwL + R0 + R1 / (1 + jwR1C)`` from 10 kHz down to 10 mHz: ``Z_Im``
    (the raw imaginary part) is negative over the arc and positive in the
    inductive tail at the highest frequencies.
    """
    columns: dict[str, list[Any]] = {
        "Frequency [Hz]": [],
        "Z_Re [Ohm]": [],
        "Z_Im [Ohm]": [],
    }
    r1, capacitance, inductance = 0.03, 0.5, 2e-8
    for k in range(points):
        frequency = 10 ** (4 - 6 * k / (points - 1))
        omega = 2 * math.pi * frequency
        arc = complex(r1) / complex(1, omega * r1 * capacitance)
        z = complex(r0, omega * inductance) + arc
        columns["Frequency [Hz]"].append(frequency)
        columns["Z_Re [Ohm]"].append(z.real)
        columns["Z_Im [Ohm]"].append(z.imag)
    return columns


def ocp_curve(points: int = 50) -> dict[str, list[Any]]:
    """An open-circuit potential curve against state of charge."""
    soc = [k / (points - 1) for k in range(points)]
    return {
        "SOC": soc,
        "Voltage [V]": [3.0 + 1.2 * s for s in soc],
        "Step count": [0] * points,
    }
