"""BioLogic ASCII exports: EC-Lab ``.mpt`` and BT-Lab ``.txt``.

An ``EC-Lab ASCII FILE`` / ``BT-Lab ASCII FILE`` line and ``Nb header lines :
N`` (the header is line N), or a bare tab-separated header. ``time/s``,
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

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Field,
    Head,
    Layout,
    parse_moment,
    pyarrow_module,
    read_text,
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
)

_BANNERS = ("EC-Lab ASCII FILE", "BT-Lab ASCII FILE")
_KEYS = {
    "Run on channel": "channel_number",
    "Device": "instrument",
    "User": "operator",
    "Cell": "cell_label",
    "Comments": "notes",
}


def _header_index(head: Head) -> int | None:
    if head.lines and head.lines[0].strip() in _BANNERS:
        for line in head.lines[1:4]:
            match = re.match(r"\s*Nb header lines\s*:\s*(\d+)", line)
            if match:  # the header may lie beyond the head: see read()
                return int(match.group(1)) - 1
        return None
    if head.lines and "time/s" in head.lines[0] and "\t" in head.lines[0]:
        return 0
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
        layout = Layout.at(head, index, delimiter="\t")
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="charge_positive",
            cycler=self.cycler,
            metadata=_metadata(head, index),
            adjust=_raw_imaginary_part,
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
