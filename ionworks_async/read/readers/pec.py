"""PEC tester CSV exports: a ``key:,value`` preamble, then ``Test,Cell,Rack,...``.

``Total Time`` as ``hh:mm:ss.xxx`` (hours may pass 24), ``Current (A)``
(positive charging), ``Voltage (V)``, cumulative ``Charge Capacity (mAh)`` /
``Discharge Capacity (mAh)`` and energies in mWh, ``Step``, ``Cycle``,
``Temp (°C)``. Rows often hold more fields than the header names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    PREAMBLE_BYTES,
    CyclerColumns,
    Field,
    Head,
    Layout,
    parse_moment,
    read_text,
)

__all__ = ["PecReader"]

FIELDS = (
    Field("time", ("total time",), kind="duration", required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step",)),
    Field("cycle", ("cycle",)),
    Field("charge_capacity", ("charge capacity",)),
    Field("discharge_capacity", ("discharge capacity",)),
    Field("charge_energy", ("charge energy",)),
    Field("discharge_energy", ("discharge energy",)),
    Field("temperature", ("temp", "temperature", "cell surface temperature")),
    Field("Ambient temperature [degC]", ("ambient temperature",)),
)

_KEYS = {
    "Test": "test_name",
    "TestRegime Name": "procedure",
    "Test Description": "notes",
}


def _header_index(head: Head) -> int | None:
    return head.line_index(
        lambda line: line.startswith("Test,Cell,"), "Test,Cell,", within=PREAMBLE_BYTES
    )


class PecReader:
    """PEC's CSV exports."""

    key = "pec"
    cycler = "PEC"
    order = 70
    folder_names = ("pec",)

    def recognises(self, head: Head) -> bool:
        """Recognise a ``TestRegime`` preamble and a ``Test,Cell,...`` header."""
        if not head.is_text:
            return False
        start = "\n".join(head.lines[:60])
        return "TestRegime Name:" in start and _header_index(head) is not None

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a PEC export."""
        index = _header_index(head)
        assert index is not None
        layout = Layout.at(head, index, delimiter=",")
        metadata: dict[str, Any] = {"cycler": "PEC"}
        for line in head.lines[:index]:
            key, colon, value = line.partition(":,")
            value = value.strip(" ,")
            if not colon or not value:
                continue
            if key.strip() == "Start Time":
                moment = parse_moment(value)
                if moment is not None:
                    metadata["start_time"] = moment
            elif key.strip() in _KEYS:
                metadata[_KEYS[key.strip()]] = value
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=metadata,
        )
