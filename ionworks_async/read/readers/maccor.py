"""Maccor text exports: a numeric or ``.txt`` extension (tab-separated), or CSV.

A preamble, then the header, whose first field is ``Rec`` or ``Rec#`` and
which names the step and the test time: what defines the export, whatever
the preamble. The preamble is one or two lines (``Today's Date``, written
``Today''s Date`` by some versions, ``Date of Test``, ``Filename``,
``Procedure``), or a block of per-file settings (``Name:``, ``Channel:``,
``Tester``, ``Procedure``, ``Started``, ``SCap``, ...) and a blank line.

Time is ``Test (Sec)`` / ``Test Time (sec)`` / ``TestTime`` in seconds, or
``TestTime`` as ``0d HH:MM:SS.ffff``. Units are in brackets (``Current
[A]``) or in the name (``mAmps``, ``mAmp-hr``, ``mWatt-hr``). Current is
unsigned with a ``State`` or ``Md`` column (``C`` charge, ``D`` discharge,
``R`` rest); an export without one has signed current, positive charging.
``Amp-hr`` and ``Watt-hr`` count from 0 in each step. Numbers may use a
decimal comma.

A milli-unit export may write millivolts under ``Volts``: its own energy
over its capacity (a mean voltage) then says so, and the voltage is scaled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    UnknownFormatError,
    parse_moment,
    read_text,
    sniff_delimiter,
)

__all__ = ["MaccorReader"]

_SETTINGS = {
    "Name": "test_name",
    "Procedure": "procedure",
    "Description": "notes",
    "Tester": "instrument",
    "Started": "started",
}

FIELDS = (
    Field("time", ("test time", "testtime", "test"), kind="duration", required=True),
    Field("current", ("amps", "current"), required=True),
    Field("voltage", ("volts", "voltage"), required=True),
    Field("step", ("step",)),
    Field("cycle", ("cyc#", "cycle c", "cycle", "cycle p")),
    Field("state", ("state", "md"), kind="text"),
    Field("capacity", ("amp-hr", "capacity", "cap.")),
    Field("energy", ("watt-hr", "energy", "ener.")),
    Field("temperature", ("temp 1", "temperature", "aux1", "temp")),
)


_TIME_NAMES = ("testtime", "test time", "test (sec)", "test(sec)")
_MILLI_NAMES = {
    "mamps": "Amps (mA)",
    "mamp-hr": "Amp-hr (mAh)",
    "mwatt-hr": "Watt-hr (mWh)",
}


def _header_index(head: Head) -> int | None:
    """Find the ``Rec``/``Rec#`` header line naming the step and the test time."""
    for index, line in enumerate(head.lines[:60]):
        first = re.split(r"[\t,]", line.strip(), maxsplit=1)[0].strip()
        lowered = line.lower()
        if (
            first in ("Rec#", "Rec")
            and "step" in lowered
            and any(name in lowered for name in _TIME_NAMES)
        ):
            return index
    return None


class MaccorReader:
    """Maccor's text and CSV exports."""

    key = "maccor"
    cycler = "Maccor"
    order = 10
    folder_names = ("maccor",)

    def recognises(self, head: Head) -> bool:
        """Recognise a ``Rec``/``Rec#`` header naming the step and the test time."""
        return head.is_text and _header_index(head) is not None

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a Maccor export."""
        index = _header_index(head)
        if index is None:
            raise UnknownFormatError(head.path, "no Maccor Rec header found")
        layout = Layout.at(head, index, delimiter=sniff_delimiter(head.lines[index]))
        has_state = any(n.strip().lower() in ("state", "md") for n in layout.names)
        aliases = {
            name: _MILLI_NAMES[name.strip().lower()]
            for name in layout.names
            if name.strip().lower() in _MILLI_NAMES
        }
        if aliases and _millivolts(head, layout):
            volts = next(n for n in layout.names if n.strip().lower() == "volts")
            aliases[volts] = "Volts (mV)"
        unit = _test_time_unit(head, layout)
        if unit is not None:
            aliases[next(n for n in layout.names if n.strip() == "TestTime")] = (
                f"TestTime ({unit})"
            )
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="state" if has_state else "charge_positive",
            cycler=self.cycler,
            metadata=_metadata(head, index),
            aliases=aliases,
        )


def _millivolts(head: Head, layout: Layout) -> bool:
    """Whether a milli-unit export's ``Volts`` are millivolts.

    Its ``mWatt-hr`` over its ``mAmp-hr`` is the mean voltage of a step in
    volts: ``Volts`` a thousand times that is in millivolts. Decided on the
    rows of the head where both have grown (``False`` without such rows).
    """
    lowered = [n.strip().lower() for n in layout.names]
    if not {"volts", "mamp-hr", "mwatt-hr"} <= set(lowered):
        return False
    at = {name: lowered.index(name) for name in ("volts", "mamp-hr", "mwatt-hr")}
    ratios = []
    start = layout.header_line + 1 + layout.skip_after_header
    for line in head.lines[start:]:
        fields = line.split(layout.delimiter)
        try:
            volts, capacity, energy = (
                float(fields[at[name]].replace(",", "."))
                for name in ("volts", "mamp-hr", "mwatt-hr")
            )
        except (IndexError, ValueError):
            continue
        if capacity > 1e-3 and energy > 1e-3:
            ratios.append(volts / (energy / capacity))
    if not ratios:
        return False
    ratios.sort()
    return 300.0 < ratios[len(ratios) // 2] < 3000.0


def _test_time_unit(head: Head, layout: Layout) -> str | None:
    """Tell the unit of a bare-number ``TestTime`` by the ``DPT Time`` clock.

    Exports of the per-file-settings dialect write the test time as a plain
    number in minutes, others in seconds; the header does not say. How far
    the clock moved over the head's rows, against the test time, does.
    ``None`` when there is no such pair of columns, or the clock says nothing.
    """
    names = [n.strip() for n in layout.names]
    clock = next((n for n in names if n.lower() in ("dpt time", "dpttime")), None)
    if "TestTime" not in names or clock is None:
        return None
    at, at_clock = names.index("TestTime"), names.index(clock)
    lines = head.lines[layout.header_line + 1 + layout.skip_after_header :]
    width = max(at, at_clock)

    def first_pair(order: Iterable[str]) -> tuple[float, float] | None:
        """Return the first row, in ``order``, with a test time and a clock."""
        for line in order:  # read only as far as needed: a head is long
            fields = line.split(layout.delimiter)
            if len(fields) <= width:
                continue
            try:
                test = float(fields[at].strip().replace(",", "."))
            except ValueError:
                return None  # a 0d HH:MM:SS duration: its unit is its own
            moment = parse_moment(fields[at_clock].strip())
            if moment is not None:
                return test, moment.timestamp()
        return None

    first, last = first_pair(lines), first_pair(reversed(lines))
    if first is None or last is None or last[0] <= first[0]:
        return None
    ratio = (last[1] - first[1]) / (last[0] - first[0])
    for unit, seconds in (("s", 1.0), ("min", 60.0), ("h", 3600.0)):
        if abs(ratio / seconds - 1.0) < 0.2:
            return unit
    return None


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
    for line in head.lines[:header]:  # the per-file settings: key, tab, value
        key, _, value = line.partition("\t")
        key, value = key.strip().rstrip(":"), value.strip()
        if value and key in _SETTINGS:
            found.setdefault(_SETTINGS[key], value)
    started = found.pop("started", None)
    if "start_time" not in found and started is not None:
        found["start_time"] = started
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
