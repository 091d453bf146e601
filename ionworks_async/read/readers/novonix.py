"""Novonix (HPC and UHPC) CSV exports: ``[Summary]``, ``[Protocol]``, ``[Data]``.

The data's header follows ``[Data]``: ``Run Time (h)``, ``Current (A)``
(positive charging), ``Potential (V)``, ``Capacity (Ah)`` and ``Energy (Wh)``
(unsigned, per step), ``Cycle Number``, ``Step Number``, ``Temperature (°C)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    UnknownFormatError,
    find_column,
    first_row,
    parse_moment,
    read_text,
)

__all__ = ["NovonixReader"]

FIELDS = (
    Field("time", ("run time",), scale=3600.0, required=True),
    Field("current", ("current",), required=True),
    Field("voltage", ("potential", "voltage"), required=True),
    Field("step", ("step number",)),
    Field("cycle", ("cycle number",)),
    Field("capacity", ("capacity",)),
    Field("energy", ("energy",)),
    Field("temperature", ("temperature",)),
    Field("power", ("power",)),
    Field("Circuit temperature [degC]", ("circuit temperature",)),
)

_KEYS = {
    "Channel": "channel_number",
    "Cell": "cell_label",
    "Serial Number": "cycler_serial_number",
}


def _is_data(line: str) -> bool:
    return line.strip() == "[Data]"


class NovonixReader:
    """Novonix's CSV exports."""

    key = "novonix"
    cycler = "Novonix"
    order = 50
    folder_names = ("novonix",)

    def recognises(self, head: Head) -> bool:
        """Recognise a ``[Summary]`` section naming Novonix."""
        if not head.is_text or not head.lines:
            return False
        start = "\n".join(head.lines[:10]).lower()
        return head.lines[0].strip() == "[Summary]" and "novonix" in start

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Novonix export."""
        index = head.line_index(_is_data, "[Data]")
        while index is None and (longer := head.longer()) is not None:
            head = longer  # a long protocol (one JSON line) before the data
            index = head.line_index(_is_data, "[Data]")
        if index is not None:
            head = head.holding(index + 3)  # the header, and a row for the date
        if index is None:
            raise UnknownFormatError(
                head.path, "a Novonix file without its [Data] section"
            )
        layout = Layout.at(head, index + 1, delimiter=",")
        metadata: dict[str, Any] = {"cycler": "Novonix"}
        for line in head.lines[:index]:
            key, colon, value = line.partition(":")
            if colon and value.strip() and key.strip() in _KEYS:
                metadata[_KEYS[key.strip()]] = value.strip()
        description = next(
            (
                line.partition(":")[2].strip()
                for line in head.lines[:index]
                if line.startswith("Description:")
            ),
            "",
        )
        if description:
            metadata["notes"] = description
        moment_column = find_column(layout.names, ("date and time",))
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
