"""Neware BTSDA CSV exports: milli- and micro-units, ``HH:MM:SS.fff`` times.

``Current(µA)`` or ``(mA)`` (positive charging), ``Voltage(mV)`` or
``(V)``, ``Chg. Cap.(mAs)`` / ``DChg. Cap.(mAs)`` and their energies in mWs
(each counted within its step), ``Total Time`` as ``HH:MM:SS.fff``, ``Step
Index``, ``Cycle Index``, ``Date`` with milliseconds; a trailing comma ends
every line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    find_column,
    first_row,
    parse_moment,
    read_text,
)

__all__ = ["NewareReader"]

FIELDS = (
    Field(
        "time",
        ("total time", "test time", "cumulative time"),
        kind="duration",
        required=True,
    ),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step index", "step id", "step")),
    Field("cycle", ("cycle index", "cycle id", "cycle")),
    Field("charge_capacity", ("chg. cap.", "charge capacity")),
    Field("discharge_capacity", ("dchg. cap.", "discharge capacity")),
    Field("charge_energy", ("chg. energy", "charge energy")),
    Field("discharge_energy", ("dchg. energy", "discharge energy")),
    Field("temperature", ("t1", "temperature", "aux. temp.")),
    Field("power", ("power",)),
)


class NewareReader:
    """Neware's BTSDA CSV exports (the flat "record" table)."""

    key = "neware"
    cycler = "Neware"
    order = 100
    folder_names = ("neware",)

    def recognises(self, head: Head) -> bool:
        """Recognise a header with ``DataPoint``, ``Step Type``, ``Current(unit)``."""
        if not head.is_text or not head.lines:
            return False
        line = head.lines[0]
        return (
            ("DataPoint" in line or "Data Serial Number" in line)
            and "Step Type" in line
            and "Current(" in line
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Neware CSV export."""
        layout = Layout.at(head, 0, delimiter=",")
        metadata: dict[str, Any] = {"cycler": "Neware"}
        moment_column = find_column(layout.names, ("date", "realtime", "date time"))
        moment = parse_moment(first_row(head, layout).get(moment_column or ""))
        if moment is not None:
            metadata["start_time"] = moment
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=metadata,
        )
