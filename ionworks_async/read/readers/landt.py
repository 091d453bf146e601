"""Landt CSV exports: a metadata preamble padded with commas, snake_case headers.

``test_time_s``, ``current_A`` (positive charging), ``voltage_V``,
``step_index``, ``cycle_index``, cumulative ``charge_capacity_Ah`` /
``discharge_capacity_Ah`` and energies, ``temperature_1_C``.
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
    first_row,
    parse_moment,
    read_text,
)

__all__ = ["LandtReader"]

FIELDS = (
    Field("time", ("test time",), kind="duration", required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("voltage",), required=True),
    Field("step", ("step index",)),
    Field("cycle", ("cycle index",)),
    Field("charge_capacity", ("charge capacity",)),
    Field("discharge_capacity", ("discharge capacity",)),
    Field("charge_energy", ("charge energy",)),
    Field("discharge_energy", ("discharge energy",)),
    Field("temperature", ("temperature 1", "temperature 1 c")),
    Field("Temperature 2 [degC]", ("temperature 2", "temperature 2 c")),
    Field("Temperature 3 [degC]", ("temperature 3", "temperature 3 c")),
    Field("power", ("power",)),
)

_KEYS = {"cell id": "cell_label", "test": "test_name"}


def _header_index(head: Head) -> int | None:
    return head.line_index(
        lambda line: "test_time_s" in line and "current_A" in line,
        "test_time_s",
        within=PREAMBLE_BYTES,
    )


class LandtReader:
    """Landt's CSV exports."""

    key = "landt"
    cycler = "Landt"
    order = 60
    folder_names = ("landt",)

    def recognises(self, head: Head) -> bool:
        """Recognise a header with ``test_time_s``, ``current_A``, ``step_index``."""
        if not head.is_text:
            return False
        index = _header_index(head)
        return index is not None and "step_index" in head.lines[index]

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Landt export."""
        index = _header_index(head)
        assert index is not None
        layout = Layout.at(head, index, delimiter=",")
        metadata: dict[str, Any] = {"cycler": "Landt"}
        for line in head.lines[:index]:
            key, colon, value = line.partition(":")
            value = value.strip(" ,")
            if colon and value and key.strip().lower() in _KEYS:
                metadata[_KEYS[key.strip().lower()]] = value
        moment = parse_moment(first_row(head, layout).get("date_time_iso_string"))
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
