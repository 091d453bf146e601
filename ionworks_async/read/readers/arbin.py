"""Arbin MITS exports in CSV, in its spaced and underscored dialects.

The spaced dialect has units in parentheses (``Test Time (s)``); the
underscored one, of its SQL database, SI without units (``Test_Time``).

Current is positive charging. ``Charge Capacity`` and ``Discharge Capacity``
(and their energies) are cumulative over the test: the normalisation counts
them from each step's start.
"""

from __future__ import annotations

import datetime as dt
import re
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

_SECONDS = re.compile(r"test[ _]time\s*\((s|sec)\)")

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
    Field("power", ("power",)),
)


class ArbinReader:
    """Arbin's CSV exports, both dialects."""

    key = "arbin"
    cycler = "Arbin"
    order = 20
    folder_names = ("arbin",)

    def recognises(self, head: Head) -> bool:
        """Recognise Arbin's names: a step index and current, and a data point.

        Or, without the data point, a cycle index and ``Test_Time(s)``.
        """
        if not head.is_text or not head.lines:
            return False
        line = head.lines[0]
        names = {n.lower() for n in header_names(line, sniff_delimiter(line))}
        joined = " ".join(names).replace("_", " ")
        if "step type" in joined:  # Neware's
            return False
        if not ("step index" in joined and "current" in joined):
            return False
        # MITS Pro's CSV numbers its data points; its workbooks' sheets do not,
        # but give the test time in seconds in parentheses (Landt's and BDF's
        # snake-case names carry their units otherwise).
        return ("data point" in joined and "test time" in joined) or (
            "cycle index" in joined and any(_SECONDS.fullmatch(name) for name in names)
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
