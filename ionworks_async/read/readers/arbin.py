"""Arbin MITS exports in CSV, in its spaced and underscored dialects.

The spaced dialect has units in parentheses (``Test Time (s)``); the
underscored one, of its SQL database, SI without units (``Test_Time``).

Current is positive charging. ``Charge Capacity`` and ``Discharge Capacity``
(and their energies) are cumulative over the test: the normalisation counts
them from each step's start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    find_column,
    first_row,
    header_names,
    parse_moment,
    read_text,
    sniff_delimiter,
)

__all__ = ["ArbinReader"]

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
    Field("temperature", ("temperature", "aux temperature 1", "aux temperature")),
)


class ArbinReader:
    """Arbin's CSV exports, both dialects."""

    key = "arbin"
    cycler = "Arbin"
    order = 20
    folder_names = ("arbin",)

    def recognises(self, head: Head) -> bool:
        """Recognise a header with a data point, test time, step index and current."""
        if not head.is_text or not head.lines:
            return False
        line = head.lines[0]
        names = {n.lower() for n in header_names(line, sniff_delimiter(line))}
        joined = " ".join(names).replace("_", " ")
        return (
            "data point" in joined
            and "test time" in joined
            and "step index" in joined
            and "current" in joined
            and "step type" not in joined  # Neware's
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read an Arbin CSV export."""
        layout = Layout.at(head, 0)
        metadata: dict[str, Any] = {"cycler": "Arbin"}
        moment_column = find_column(layout.names, ("date time", "datetime"))
        text = first_row(head, layout).get(moment_column or "", "").strip()
        if text:
            moment: dt.datetime | None
            try:  # the database dialect writes epoch seconds
                moment = dt.datetime.fromtimestamp(float(text), dt.UTC)
            except ValueError:
                moment = parse_moment(text)
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
