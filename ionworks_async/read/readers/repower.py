"""Repower CSV exports: ``System Time`` and a per-step ``Relative Time``.

``Voltage(V)``, ``Current(A)`` (positive charging), ``Step ID``, ``Cycle
ID``, ``Step State``, ``Charge Capacity(Ah)``/``Discharge Capacity(Ah)`` (or
one ``Capacity(Ah)``) and energies, a temperature column whose name begins
``MTV``. ``System Time`` (`` YYYY-mm-dd HH:MM:SS``) has whole seconds only;
``Relative Time(Sec)`` or ``(Hour)`` restarts at each step with finer
resolution: the time is each step's start on the system clock plus the
relative time within it.

No public Repower file could be found: this reader follows ionworksdata's
documented mapping and is tested on files written in that dialect.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    base_name,
    clock_time,
    first_row,
    header_names,
    parse_moment,
    read_text,
)

__all__ = ["RepowerReader"]

BASE_FIELDS = (
    Field("system_time", ("system time",), kind="moment", required=True),
    Field("relative_time", ("relative time",), required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step id",)),
    Field("cycle", ("cycle id",)),
    Field("charge_capacity", ("charge capacity",)),
    Field("discharge_capacity", ("discharge capacity",)),
    Field("capacity", ("capacity",)),
    Field("charge_energy", ("charge energy",)),
    Field("discharge_energy", ("discharge energy",)),
    Field("energy", ("energy",)),
)


class RepowerReader:
    """Repower's CSV exports."""

    key = "repower"
    cycler = "Repower"
    order = 90
    folder_names = ("repower",)

    def recognises(self, head: Head) -> bool:
        """Recognise ``System Time``, ``Step ID`` and a ``Relative Time`` column."""
        if not head.is_text or not head.lines:
            return False
        names = header_names(head.lines[0], ",")
        return (
            "System Time" in names
            and "Step ID" in names
            and any(n.startswith("Relative Time") for n in names)
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Repower export."""
        layout = Layout.at(head, 0, delimiter=",")
        fields: tuple[Field, ...] = BASE_FIELDS
        temperature = next((n for n in layout.names if n.startswith("MTV")), None)
        if temperature is not None:
            fields += (Field("temperature", (base_name(temperature),)),)
        if any(n.startswith("Charge Capacity") for n in layout.names):
            fields = tuple(f for f in fields if f.name not in ("capacity", "energy"))
        metadata: dict[str, Any] = {"cycler": "Repower"}
        moment = parse_moment(first_row(head, layout).get("System Time"))
        if moment is not None:
            metadata["start_time"] = moment
        raw = read_text(
            head,
            layout,
            fields,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=metadata,
            adjust=_step_clock,
            blockwise=False,  # each step's start on the clock: whole steps
        )
        raw.mapping["time"] = f"{raw.mapping.pop('system_time')} + " + raw.mapping.pop(
            "relative_time"
        )
        return raw


def _step_clock(values: dict[str, Any]) -> None:
    """Each step's start on the system clock, plus the relative time in it."""
    system = values.pop("system_time")
    relative = values.pop("relative_time")
    values["time"] = clock_time(system, relative, values.get("step"))
