"""BioLogic ASCII exports: EC-Lab ``.mpt`` and BT-Lab ``.txt``.

An ``EC-Lab ASCII FILE`` / ``BT-Lab ASCII FILE`` line and ``Nb header lines :
N`` (the header is line N), or a bare header, tab- or ``;``-separated (the
latter with a row index first), or the plain CSV of ``time_s``,
``Ecell_V``, ``I_mA``... ``time/s`` may hold the time of day
(``11/20/2024 11:38:41.707``) rather than seconds. ``time/s``,
``I/mA`` or ``<I>/mA`` (positive charging), ``Ewe/V`` or ``Ecell/V``, ``Ns``
(the sequence: the step), ``cycle number``, ``Q charge/mA.h`` and ``Q
discharge/mA.h``, ``Energy charge/W.h``; impedance as ``freq/Hz``,
``Re(Z)/Ohm`` and ``-Im(Z)/Ohm`` (negated here: the API keeps the raw
imaginary part). Numbers may use a decimal comma; units are latin-1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Field,
    Head,
    Layout,
    find_column,
    first_row,
    parse_moment,
    pyarrow_module,
    read_text,
    sniff_delimiter,
)

__all__ = ["BiologicTextReader"]

FIELDS = (
    Field("time", ("time",), required=True),
    Field("current", ("i", "<i>", "control/v/ma"), scale=1e-3, required=True),
    Field("voltage", ("ewe", "ecell", "<ewe>", "<ecell>")),
    Field("step", ("ns",)),
    Field("cycle", ("cycle number",)),
    Field("charge_capacity", ("q charge",)),
    Field("discharge_capacity", ("q discharge",)),
    Field("charge_energy", ("energy charge",)),
    Field("discharge_energy", ("energy discharge",)),
    Field("temperature", ("temperature",)),
    Field("frequency", ("freq",)),
    Field("z_re", ("re(z)",)),
    Field("z_im_negated", ("-im(z)",)),
    Field("z_mod", ("|z|",)),
    Field("z_phase", ("phase(z)", "phase(z)/deg")),
    Field("power", ("p",)),
)

_BANNERS = ("EC-Lab ASCII FILE", "BT-Lab ASCII FILE")
_KEYS = {
    "Run on channel": "channel_number",
    "Device": "instrument",
    "User": "operator",
    "Cell": "cell_label",
    "Comments": "notes",
}


_PLAIN = {
    "time_s": "time/s",
    "Ecell_V": "Ecell/V",
    "Ewe_V": "Ewe/V",
    "I_mA": "I/mA",
    "QCharge_mA_h": "Q charge/mA.h",
    "QDischarge_mA_h": "Q discharge/mA.h",
    "EnergyCharge_W_h": "Energy charge/W.h",
    "EnergyDischarge_W_h": "Energy discharge/W.h",
    "Temperature__C": "Temperature/°C",
    "cycleNumber": "cycle number",
}
"""BioLogic's plain CSV names (``time_s``, ``Ecell_V``...) as its ASCII ones."""


def _plain(line: str) -> bool:
    """Whether a header is BioLogic's plain CSV: ``time_s`` and a cell voltage."""
    names = {name.strip() for name in line.split(",")}
    return "time_s" in names and bool({"Ecell_V", "Ewe_V"} & names)


def _header_index(head: Head) -> int | None:
    if head.lines and _plain(head.lines[0]):
        return 0
    if head.lines and head.lines[0].strip() in _BANNERS:
        for line in head.lines[1:4]:
            match = re.match(r"\s*Nb header lines\s*:\s*(\d+)", line)
            if match:  # the header may lie beyond the head: see read()
                return int(match.group(1)) - 1
        return None
    if head.lines and "time/s" in head.lines[0]:
        delimiter = sniff_delimiter(head.lines[0])
        names = {name.strip() for name in head.lines[0].split(delimiter)}
        if delimiter in ("\t", ";") and "time/s" in names:
            return 0  # a bare header, tab- or ;-separated (a row index first)
    return None


class BiologicTextReader:
    """BioLogic's ASCII exports (``.mpt``, ``.txt``)."""

    key = "biologic"
    cycler = "BioLogic"
    order = 130
    folder_names = ("biologic",)
    aliases = ("biologic mpt", "biologic_mpt")

    def recognises(self, head: Head) -> bool:
        """Recognise an EC-Lab/BT-Lab banner, or a tab header with ``time/s``."""
        return head.is_text and _header_index(head) is not None

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a BioLogic ASCII export."""
        index = _header_index(head)
        assert index is not None
        head = head.holding(index + 2)  # a long protocol's header: and a row
        if index >= len(head.lines):
            raise CorruptFileError(
                head.path,
                f"its header should be line {index + 1} (Nb header lines), "
                f"but it has {len(head.lines)} lines",
            )
        layout = Layout.at(head, index)
        fields = FIELDS
        time_column = find_column(layout.names, ("time",), _PLAIN)
        written = first_row(head, layout).get(time_column or "", "")
        if ":" in written and any(mark in written for mark in "/-."):
            # Some exports write the time of day under time/s: read as such.
            fields = (attrs.evolve(FIELDS[0], kind="moment"), *FIELDS[1:])
        aliases = {name: _PLAIN[name] for name in layout.names if name in _PLAIN}
        return read_text(
            head,
            layout,
            fields,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=_metadata(head, index),
            adjust=_raw_imaginary_part,
            aliases=aliases or None,
        )


def _raw_imaginary_part(values: dict[str, Any]) -> None:
    import pyarrow.compute as pc

    pyarrow_module()
    negated = values.pop("z_im_negated", None)
    if negated is not None:
        values["z_im"] = pc.negate(negated)


def _metadata(head: Head, header: int) -> dict[str, Any]:
    found: dict[str, Any] = {"cycler": "BioLogic"}
    lines = head.lines[:header]
    if len(lines) > 3 and lines[3].strip():
        found["procedure"] = lines[3].strip()  # the technique, e.g. "Modulo Bat"
    for line in lines:
        key, colon, value = line.partition(" : ")
        if not colon:
            continue
        key, value = key.strip(), value.strip()
        if key.startswith("Acquisition started on") and "start_time" not in found:
            moment = parse_moment(value)
            if moment is not None:
                found["start_time"] = moment
        elif key in _KEYS and value:
            found[_KEYS[key]] = value
    return found
