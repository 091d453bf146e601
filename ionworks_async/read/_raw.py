"""What a reader hands to the normalisation: the file's columns in SI units."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

import attrs

__all__ = ["CurrentSign", "Raw"]

CurrentSign: TypeAlias = Literal["charge_positive", "discharge_positive", "state"]
"""How the file signs current: positive charging, positive discharging, or
unsigned with a charge/discharge label per row (``state``)."""


@attrs.define
class Raw:
    """A cycler file's columns, converted to SI, before the API's rules apply.

    Every array has one value a row (pyarrow arrays). Only ``time`` and
    ``current`` are required; ``voltage`` too but for impedance data.

    Attributes
    ----------
    time : Array
        Seconds since any origin (float64; reset to 0 by the normalisation).
    current : Array
        Amperes, signed as ``current_sign`` says.
    voltage : Array or None
        Volts.
    current_sign : CurrentSign
        The file's convention.
    state : Array or None
        With ``current_sign="state"``: ``"C"`` charge, ``"D"`` discharge,
        anything else rest (strings).
    step, cycle : Array or None
        The cycler's step and cycle indices (any type; changes are what count).
    charge_capacity, discharge_capacity : Array or None
        A.h, as the file counts them (cumulative over the test, or per step).
    capacity : Array or None
        A.h of one unsigned column (per step or cumulative), split by the
        step's direction.
    charge_energy, discharge_energy, energy : Array or None
        W.h, as for capacity.
    temperature : Array or None
        °C.
    frequency, z_re, z_im : Array or None
        Hz and Ω, ``z_im`` the raw imaginary part (negative over a
        capacitive arc).
    mapping : dict of str to str
        For each API column, the file's column it came from.
    metadata : dict
        The file's header metadata, in ionworksdata's vocabulary.
    """

    time: Any
    current: Any
    current_sign: CurrentSign
    voltage: Any = None
    state: Any = None
    step: Any = None
    cycle: Any = None
    charge_capacity: Any = None
    discharge_capacity: Any = None
    capacity: Any = None
    charge_energy: Any = None
    discharge_energy: Any = None
    energy: Any = None
    temperature: Any = None
    frequency: Any = None
    z_re: Any = None
    z_im: Any = None
    mapping: dict[str, str] = attrs.field(factory=dict)
    metadata: dict[str, Any] = attrs.field(factory=dict)
