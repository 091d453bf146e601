"""Maccor text exports: a numeric or ``.txt`` extension (tab-separated), or CSV.

The first line (or two) is a preamble (``Today's Date``, ``Date of Test``,
``Filename``, ``Procedure``); then the header, whose first field is ``Rec``
or ``Rec#``. Time is ``Test (Sec)`` / ``Test Time (sec)`` in seconds, or
``TestTime`` as ``0d HH:MM:SS.ffff``. Current is unsigned with a ``State``
column (``C`` charge, ``D`` discharge, ``R`` rest); an export without one has
signed current, positive charging. ``Amp-hr`` and ``Watt-hr`` count from 0
in each step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    parse_moment,
    read_text,
    sniff_delimiter,
)

__all__ = ["MaccorReader"]

FIELDS = (
    Field("time", ("test time", "testtime", "test"), kind="duration", required=True),
    Field("current", ("amps", "current"), required=True),
    Field("voltage", ("volts", "voltage"), required=True),
    Field("step", ("step",)),
    Field("cycle", ("cyc#", "cycle c", "cycle", "cycle p")),
    Field("state", ("state", "md"), kind="text"),
    Field("capacity", ("amp-hr", "capacity")),
    Field("energy", ("watt-hr", "energy")),
    Field("temperature", ("temp 1", "temperature", "aux1", "temp")),
)


def _header_index(head: Head) -> int | None:
    for index, line in enumerate(head.lines[:6]):
        first = re.split(r"[\t,]", line.strip(), maxsplit=1)[0].strip()
        if first in ("Rec#", "Rec") and ("Step" in line or "Cyc" in line):
            return index
    return None


class MaccorReader:
    """Maccor's text and CSV exports."""

    key = "maccor"
    cycler = "Maccor"
    order = 10
    folder_names = ("maccor",)

    def recognises(self, head: Head) -> bool:
        """Recognise a ``Today's Date`` preamble, then a ``Rec``/``Rec#`` header."""
        if not head.is_text or not head.lines:
            return False
        return head.lines[0].startswith("Today's Date") and (
            _header_index(head) is not None
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Maccor export."""
        index = _header_index(head)
        assert index is not None
        layout = Layout.at(head, index, delimiter=sniff_delimiter(head.lines[index]))
        has_state = any(n.strip().lower() in ("state", "md") for n in layout.names)
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="state" if has_state else "charge_positive",
            cycler=self.cycler,
            metadata=_metadata(head, index),
        )


def _metadata(head: Head, header: int) -> dict[str, Any]:
    """Read the preamble: start time, procedure, file name, barcode, channel."""
    text = "\t".join(head.lines[:header])
    found: dict[str, Any] = {"cycler": "Maccor"}
    patterns = {
        "start_time": r"Date of Test:[\t, ]*([^\t]+?)(?:\s{2,}|\t| Filename|$)",
        "procedure": r"Procedure:[\t ]*([^\t]+?)(?:\t|$)",
        "source_file_path": r"Filename:[\t ]*([^\t]+?)(?:\s+Procedure|\t|$)",
        "barcode_comment": r"Comment/Barcode:[\t ]*([^\t]*?)(?:\t|$)",
    }
    for key, pattern in patterns.items():
        match = re.search(pattern, text)
        if match and match.group(1).strip():
            found[key] = match.group(1).strip().rstrip(",")
    moment = parse_moment(found.get("start_time"))
    if moment is not None:
        found["start_time"] = moment
    else:
        found.pop("start_time", None)
    suffix = head.path.suffix.lstrip(".")
    if suffix.isdigit():
        found["channel_number"] = int(
            suffix
        )  # Maccor writes the channel as the extension
    return found
