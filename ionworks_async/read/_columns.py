"""What a reader hands to the normalisation: the file's columns in SI units."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal, TypeAlias

import attrs

__all__ = ["ARRAYS", "CurrentSign", "CyclerColumns"]

CurrentSign: TypeAlias = Literal["charge_positive", "discharge_positive", "state"]
"""How the file signs current: positive charging, positive discharging, or
unsigned with a charge/discharge label per row (``state``)."""


@attrs.define
class CyclerColumns:
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
    z_mod, z_phase : Array or None
        The impedance's modulus (Ω) and phase (degrees), as the file gives them.
    power : Array or None
        W, as the file gives it (signed as the current, or unsigned).
    extras : dict of str to Array
        Further columns of the file kept as they are, by the name they take
        in the time series (``Ambient temperature [degC]``, an auxiliary
        channel's ``Temperature 2 [degC]``), already in those units.
    mapping : dict of str to str
        For each API column, the file's column it came from.
    metadata : dict
        The file's header metadata, in ionworksdata's vocabulary.
    more : iterator of CyclerColumns, optional
        The file's further blocks, when it is read a block at a time (their
        own ``more`` is None); see :meth:`blocks`.
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
    z_mod: Any = None
    z_phase: Any = None
    power: Any = None
    extras: dict[str, Any] = attrs.field(factory=dict)
    mapping: dict[str, str] = attrs.field(factory=dict)
    metadata: dict[str, Any] = attrs.field(factory=dict)
    more: Iterator[CyclerColumns] | None = attrs.field(default=None, repr=False)

    def blocks(self) -> Iterator[CyclerColumns]:
        """Yield this block, then the file's further ones, in order."""
        more, self.more = self.more, None
        yield self
        if more is not None:
            yield from more

    def __len__(self) -> int:
        return len(self.time)

    def replace(self, **arrays: Any) -> CyclerColumns:
        """Return a copy with other arrays (same sign, mapping, metadata; no more)."""
        values = {name: getattr(self, name) for name in ARRAYS}
        values.update(arrays)
        values.setdefault("extras", dict(self.extras))
        return CyclerColumns(
            current_sign=self.current_sign,
            mapping=self.mapping,
            metadata=self.metadata,
            **values,
        )

    def mapped(self, change: Callable[[Any], Any]) -> CyclerColumns:
        """Return a copy with ``change`` applied to every array it has (extras too)."""
        arrays = {
            name: None if (values := getattr(self, name)) is None else change(values)
            for name in ARRAYS
        }
        extras = {name: change(values) for name, values in self.extras.items()}
        return self.replace(**arrays, extras=extras)

    def rows(self, start: int, stop: int | None = None) -> CyclerColumns:
        """Return the rows ``start:stop`` (zero-copy slices)."""
        end = len(self) if stop is None else stop
        return self.mapped(lambda values: values.slice(start, end - start))

    @staticmethod
    def joined(pieces: list[CyclerColumns]) -> CyclerColumns:
        """Return consecutive blocks of one file as one block."""
        if len(pieces) == 1:
            return pieces[0]
        import pyarrow as pa

        arrays = {}
        for name in ARRAYS:
            parts = [getattr(piece, name) for piece in pieces]
            arrays[name] = None if parts[0] is None else pa.concat_arrays(parts)
        extras = {
            name: pa.concat_arrays([piece.extras[name] for piece in pieces])
            for name in pieces[0].extras
        }
        return pieces[0].replace(**arrays, extras=extras)


ARRAYS = (
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
    "z_mod",
    "z_phase",
    "power",
)
"""The per-row fields of :class:`CyclerColumns` (besides its ``extras``)."""
