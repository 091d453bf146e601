"""BioLogic EC-Lab ``.mpr`` binaries, read from the format's published facts.

Written for this project (MIT) from the layout of the file, not from any
other reader's code. A file is ``BIO-LOGIC MODULAR FILE`` and a 52-byte
header, then modules: ``MODULE``, a 10-byte short name (``VMP Set``, ``VMP
data``, ``VMP LOG``), a 25-byte long name, then either ``length, version,
date`` (older EC-Lab) or ``0xFFFFFFFF, length, 0, version, date`` (newer:
the first word is all ones), the date as 8 bytes ``mm/dd/yy``, then
``length`` bytes of content.

The data module holds the number of rows (u32), the number of columns (u8
in version 2 and earlier, u16 later), the column ids (u16 each), then the
rows from a fixed offset (0x195 in version 2, 0x196 in version 3, 0x3EF
later): little-endian packed records, one field a column in id order, the
flag ids (1, 2, 3, 21, 31, 65) sharing one byte. Newer EC-Lab versions add
column ids this reader does not name: their widths follow from the row width
the module's length declares (see :func:`_unknown_kinds`), or the file is
refused naming them; the rows are read in one vectorised call (numpy).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..toolkit import (
    CorruptFileError,
    CyclerColumns,
    Head,
    MissingDependencyError,
    arrow_array,
)

__all__ = ["COLUMNS", "BiologicMprReader"]

MAGIC = b"BIO-LOGIC MODULAR FILE\x1a"
FILE_HEADER = 52
FLAGS = frozenset({1, 2, 3, 21, 31, 65})
"""Column ids that are bits of the one flags byte (mode, ox/red, error, ...)."""

COLUMNS: dict[int, tuple[str, str]] = {
    4: ("time/s", "<f8"),
    5: ("control/V/mA", "<f4"),
    6: ("Ewe/V", "<f4"),
    7: ("dQ/mA.h", "<f8"),
    8: ("I/mA", "<f4"),
    9: ("Ece/V", "<f4"),
    13: ("(Q-Qo)/mA.h", "<f8"),
    16: ("Analog IN 1/V", "<f4"),
    19: ("control/V", "<f4"),
    20: ("control/mA", "<f4"),
    23: ("dQ/mA.h", "<f8"),
    24: ("cycle number", "<f8"),
    26: ("Rapp/Ohm", "<f4"),
    32: ("freq/Hz", "<f4"),
    33: ("|Ewe|/V", "<f4"),
    34: ("|I|/A", "<f4"),
    35: ("Phase(Z)/deg", "<f4"),
    36: ("|Z|/Ohm", "<f4"),
    37: ("Re(Z)/Ohm", "<f4"),
    38: ("-Im(Z)/Ohm", "<f4"),
    39: ("I Range", "<u2"),
    69: ("R/Ohm", "<f4"),
    70: ("P/W", "<f4"),
    74: ("|Energy|/W.h", "<f8"),
    75: ("Analog OUT/V", "<f4"),
    76: ("<I>/mA", "<f4"),
    77: ("<Ewe>/V", "<f4"),
    123: ("Energy charge/W.h", "<f8"),
    124: ("Energy discharge/W.h", "<f8"),
    125: ("Capacitance charge/µF", "<f8"),
    126: ("Capacitance discharge/µF", "<f8"),
    131: ("Ns", "<u2"),
    169: ("Cs/µF", "<f4"),
    172: ("Cp/µF", "<f4"),
    211: ("Q charge/discharge/mA.h", "<f8"),
    212: ("half cycle", "<u4"),
    467: ("Q charge/discharge/mA.h", "<f8"),
    468: ("half cycle", "<u4"),
}
"""Column id -> (EC-Lab's name, little-endian type)."""

DATA_OFFSETS = {2: 0x195, 3: 0x196}
LATER_OFFSET = 0x3EF


@attrs.frozen
class Module:
    """One module of the file: its short name, version and content."""

    name: str
    version: int
    date: str
    content: bytes


def modules(path: Path, data: bytes) -> list[Module]:
    """Split a ``.mpr`` file into its modules, or raise naming what is wrong."""
    if not data.startswith(MAGIC):
        raise CorruptFileError(path, "not a BioLogic .mpr file (no magic bytes)")
    found: list[Module] = []
    offset = FILE_HEADER
    while offset < len(data):
        if data[offset : offset + 6] != b"MODULE":
            raise CorruptFileError(
                path, f"no module where one should start (byte {offset})"
            )
        name = data[offset + 6 : offset + 16].decode("latin-1").strip(" \x00")
        fields = data[offset + 41 : offset + 65]
        if len(fields) < 16:
            raise CorruptFileError(path, "the file ends inside a module header")
        first, second, _, fourth = struct.unpack("<IIII", fields[:16])
        if first == 0xFFFFFFFF:  # newer EC-Lab: max length, length, 0, version
            length, version, date_at, start = second, fourth, 57, 65
        else:
            length, version, date_at, start = first, second, 49, 57
        date = data[offset + date_at : offset + date_at + 8].decode("latin-1")
        content = data[offset + start : offset + start + length]
        if len(content) < length:
            raise CorruptFileError(
                path,
                f"the {name!r} module declares {length} bytes but the file "
                f"holds {len(content)}: it is cut short",
            )
        found.append(Module(name, version, date, content))
        offset += start + length
    return found


def rows_of(path: Path, module: Module) -> dict[str, Any]:
    """Decode a data module's rows: EC-Lab column name -> numpy array."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pyarrow
        raise MissingDependencyError(
            "Reading .mpr files needs numpy: pip install 'ionworks-async[cyclers]'"
        ) from None
    content = module.content
    if len(content) < 6:
        raise CorruptFileError(path, "its data module is too short to hold a header")
    (count,) = struct.unpack("<I", content[:4])
    if module.version <= 2:
        columns, ids_at = content[4], 5
    else:
        (columns,) = struct.unpack("<H", content[4:6])
        ids_at = 6
    if len(content) < ids_at + 2 * columns:
        raise CorruptFileError(
            path,
            f"its data module declares {columns} columns but holds the ids of "
            f"{max(len(content) - ids_at, 0) // 2}: damaged or cut short",
        )
    ids = struct.unpack(f"<{columns}H", content[ids_at : ids_at + 2 * columns])
    start = DATA_OFFSETS.get(module.version, LATER_OFFSET)
    unknown = _unknown_kinds(path, ids, count, len(content) - start)
    fields: list[tuple[str, str]] = []
    for column_id in ids:
        if column_id in FLAGS:
            if not fields or fields[0][0] != "flags":
                fields.insert(0, ("flags", "u1"))
            continue
        name, kind = COLUMNS.get(column_id) or (
            f"column {column_id}",
            unknown[column_id],
        )
        while name in (n for n, _ in fields):
            name += "'"
        fields.append((name, kind))
    record = np.dtype(fields)
    expected = start + count * record.itemsize
    if len(content) != expected:
        raise CorruptFileError(
            path,
            f"its data module holds {len(content)} bytes where {count} rows of "
            f"{record.itemsize} bytes from byte {start} need {expected}: cut "
            "short, or a layout this reader does not know",
        )
    table = np.frombuffer(content, dtype=record, count=count, offset=start)
    return {name: table[name] for name, _ in fields}


_WIDTHS = {1: "u1", 2: "<u2", 4: "<f4", 8: "<f8"}


def _unknown_kinds(
    path: Path, ids: tuple[int, ...], count: int, data_bytes: int
) -> dict[int, str]:
    """Tell the types of the column ids this reader does not name, by row width.

    The data module's length over its row count is the width of a row: what
    the known columns leave is the unknown ones'. One unknown column takes it
    all; several take equal shares of 4 bytes (EC-Lab's float32, the type of
    nearly all its measured columns) or of 8. Otherwise the file is refused:
    a guessed layout would shift every value after it. The unknown columns
    are kept under ``column <id>`` and mapped to nothing.
    """
    import numpy as np

    unknown = [i for i in ids if i not in COLUMNS and i not in FLAGS]
    if not unknown:
        return {}
    known = sum(np.dtype(COLUMNS[i][1]).itemsize for i in ids if i in COLUMNS)
    known += 1 if any(i in FLAGS for i in ids) else 0
    width, left = divmod(data_bytes, count) if count else (0, 1)
    share = width - known
    if not left and share > 0:
        if len(unknown) == 1 and share in _WIDTHS:
            return {unknown[0]: _WIDTHS[share]}
        for size in (4, 8):
            if share == size * len(unknown):
                return dict.fromkeys(unknown, _WIDTHS[size])
    raise CorruptFileError(
        path,
        f"its data has column ids {', '.join(map(str, unknown))}, which this reader "
        f"does not know, and their {share} bytes a row cannot be told apart: the "
        "rows cannot be read faithfully",
    )


class BiologicMprReader:
    """BioLogic EC-Lab's ``.mpr`` binaries."""

    key = "biologic mpr"
    cycler = "BioLogic"
    order = 140
    folder_names = ("biologic",)
    aliases = ("biologic_mpr",)

    def recognises(self, head: Head) -> bool:
        """Recognise the ``BIO-LOGIC MODULAR FILE`` magic bytes."""
        return head.data.startswith(MAGIC)

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read the data module into SI columns."""
        import numpy as np
        import pyarrow.compute as pc

        found = modules(head.path, head.path.read_bytes())
        data = [m for m in found if m.name == "VMP data"]
        if not data:
            raise CorruptFileError(head.path, "it has no data module")
        columns = rows_of(head.path, data[0])

        def array(*names: str, scale: float = 1.0) -> Any:
            for name in names:
                if name in columns:
                    values = columns[name].astype(np.float64)
                    return arrow_array(values if scale == 1.0 else values * scale)
            return None

        mapping = {}
        for field, names in (
            ("time", ("time/s",)),
            ("current", ("I/mA", "<I>/mA")),
            ("voltage", ("Ewe/V", "<Ewe>/V")),
            ("step", ("Ns",)),
            ("cycle", ("cycle number",)),
            ("capacity", ("Q charge/discharge/mA.h", "(Q-Qo)/mA.h")),
            ("charge_energy", ("Energy charge/W.h",)),
            ("discharge_energy", ("Energy discharge/W.h",)),
            ("energy", ("|Energy|/W.h",)),
            ("frequency", ("freq/Hz",)),
            ("z_re", ("Re(Z)/Ohm",)),
            ("z_im", ("-Im(Z)/Ohm",)),
            ("z_mod", ("|Z|/Ohm",)),
            ("z_phase", ("Phase(Z)/deg",)),
            ("power", ("P/W",)),
        ):
            chosen = next((n for n in names if n in columns), None)
            if chosen is not None:
                mapping[field] = chosen
        current = array("I/mA", "<I>/mA", scale=1e-3)
        time = array("time/s")
        if time is None or current is None:
            raise CorruptFileError(
                head.path,
                "its data has no time or current column; columns found: "
                + ", ".join(columns),
            )
        negated = array("-Im(Z)/Ohm")
        return CyclerColumns(
            time=time,
            current=current,
            current_sign="charge_positive",
            voltage=array("Ewe/V", "<Ewe>/V"),
            step=array("Ns"),
            cycle=array("cycle number"),
            capacity=array("Q charge/discharge/mA.h", "(Q-Qo)/mA.h", scale=1e-3),
            charge_energy=array("Energy charge/W.h"),
            discharge_energy=array("Energy discharge/W.h"),
            energy=None if "Energy charge/W.h" in columns else array("|Energy|/W.h"),
            frequency=array("freq/Hz"),
            z_re=array("Re(Z)/Ohm"),
            z_im=None if negated is None else pc.negate(negated),
            z_mod=array("|Z|/Ohm"),
            z_phase=array("Phase(Z)/deg"),
            power=array("P/W"),
            mapping=mapping,
            metadata={"cycler": "BioLogic", "data_version": data[0].version},
        )
