"""BaSyTec result exports: a ``~``-prefixed preamble whose last line is the header.

Tab-separated; ``Time[s]``, ``U[V]``, ``I[A]`` (positive charging), ``Line``
(the test plan's line: the step), ``Cyc-Count``, ``Ah-Step`` and ``Wh-Step``
(signed, per step), ``T1[°C]``. The preamble names the test, the cell, the
plan, the channel, the operator and the start (``dd.mm.yyyy HH:MM:SS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    parse_moment,
    read_text,
)

__all__ = ["BasytecReader"]

FIELDS = (
    Field("time", ("time",), kind="duration", required=True),
    Field("current", ("i",), required=True),
    Field("voltage", ("u",), required=True),
    Field("step", ("line",)),
    Field("cycle", ("cyc-count",)),
    Field("capacity", ("ah-step", "ah")),
    Field("energy", ("wh-step", "wh")),
    Field("temperature", ("t1",)),
    Field("power", ("p",)),
)

_KEYS = {
    "Name of Test": "test_name",
    "Battery": "cell_label",
    "Testplan": "procedure",
    "Testchannel": "channel_number",
    "Operator (Test)": "operator",
}


def _header_index(head: Head) -> int | None:
    last = None
    for index, line in enumerate(head.lines):
        if not line.startswith("~"):
            break
        last = index
    return last


class BasytecReader:
    """BaSyTec's result files."""

    key = "basytec"
    cycler = "BaSyTec"
    order = 40
    folder_names = ("basytec",)

    def recognises(self, head: Head) -> bool:
        """Recognise a ``~`` preamble ending in a header with ``U[V]`` and ``I[A]``."""
        if not head.is_text or not head.lines or not head.lines[0].startswith("~"):
            return False
        index = _header_index(head)
        return index is not None and (
            "U[V]" in head.lines[index] and "I[A]" in head.lines[index]
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a BaSyTec result file."""
        index = _header_index(head)
        assert index is not None
        layout = Layout.at(head, index, delimiter="\t", strip_prefix="~")
        metadata: dict[str, Any] = {"cycler": "BaSyTec"}
        for line in head.lines[:index]:
            key, colon, value = line.lstrip("~").partition(":")
            value = value.strip()
            if not colon or not value:
                continue
            if key.strip() == "Start of Test":
                moment = parse_moment(value, day_first=True)
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
