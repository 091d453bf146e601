"""Digatron CSV exports: units after ``#`` in the headers, ISO 8601 timestamps.

``Timestamp`` (with a UTC offset; fractional seconds only when non-zero) is
the time: ``Program Duration#s`` is not used, since exports declare seconds
there and write milliseconds. ``Current#A`` is positive charging (``Status``
says ``CHA``/``DCH``); ``AhCha#Ah``/``AhDch#Ah`` and ``WhCha#Wh``/``WhDch#Wh``
are cumulative; ``Step``, ``Cycle``, ``T1#degC``. A unit's case varies
(``AhCha#AH``), so headers are compared in lower case.

No public Digatron file could be found: this reader follows ionworksdata's
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
    first_row,
    header_names,
    parse_moment,
    read_text,
)

__all__ = ["DigatronReader"]

FIELDS = (
    Field("time", ("timestamp",), kind="moment", required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step",)),
    Field("cycle", ("cycle",)),
    Field("charge_capacity", ("ahcha",)),
    Field("discharge_capacity", ("ahdch",)),
    Field("charge_energy", ("whcha",)),
    Field("discharge_energy", ("whdch",)),
    Field("temperature", ("t1",)),
)
SIGNATURE = ("timestamp", "voltage#v", "current#a")


class DigatronReader:
    """Digatron's CSV exports."""

    key = "digatron"
    cycler = "Digatron"
    order = 80
    folder_names = ("digatron",)

    def recognises(self, head: Head) -> bool:
        """Recognise a header with ``Timestamp``, ``Voltage#V`` and ``Current#A``."""
        if not head.is_text or not head.lines:
            return False
        names = {n.lower() for n in header_names(head.lines[0], ",")}
        return all(name in names for name in SIGNATURE)

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Digatron export."""
        layout = Layout.at(head, 0, delimiter=",")
        metadata: dict[str, Any] = {"cycler": "Digatron"}
        stamp = next((n for n in layout.names if n.lower() == "timestamp"), "")
        moment = parse_moment(first_row(head, layout).get(stamp))
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
