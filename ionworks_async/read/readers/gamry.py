"""Gamry Framework ``.DTA`` files: a tagged header, then its data tables.

The ``EXPLAIN`` header holds tagged lines (``TAG``, ``TITLE``, ``DATE``,
``TIME``, ``PSTAT``); the tables (``CURVE``, ``ZCURVE`` for impedance) have a
names row and a units row.

Time ``T`` or ``Time`` (s), current ``Im`` or ``Idc`` (A, positive anodic:
charging the working electrode), voltage ``Vf`` or ``Vdc``; impedance as
``Freq``, ``Zreal`` and ``Zimag`` (the raw imaginary part). A table whose
header declares more points than it holds is a run stopped early (Gamry
writes the count it planned), or a copy taken while it ran: its complete
rows are read, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Head,
    UnknownFormatError,
    find_column,
    parse_moment,
    python_array,
    warn_reading,
)

__all__ = ["GamryReader"]

_TABLE = re.compile(r"^(Z?CURVE\d*)\tTABLE(?:\t(\d+))?\s*$")
_SPELLINGS = {
    "time": ("t", "time"),
    "current": ("im", "idc"),
    "voltage": ("vf", "vdc"),
    "frequency": ("freq",),
    "z_re": ("zreal",),
    "z_im": ("zimag",),
    "z_mod": ("zmod",),
    "z_phase": ("zphz",),
}


class GamryReader:
    """Gamry's ``.DTA`` files."""

    key = "gamry"
    cycler = "Gamry"
    order = 150
    folder_names = ("gamry",)

    def recognises(self, head: Head) -> bool:
        """Recognise ``EXPLAIN``, then a ``TAG`` line."""
        return (
            head.is_text
            and len(head.lines) > 1
            and head.lines[0].strip() == "EXPLAIN"
            and head.lines[1].startswith("TAG")
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a ``.DTA`` file's tables, one after the other."""
        assert head.encoding is not None
        text = head.path.read_text(encoding=head.encoding, errors="replace")
        lines = text.splitlines()
        tables = _tables(lines)
        names: list[str] | None = None
        rows: list[list[float | None]] = []
        for number, (name, declared, table_names, table_rows) in enumerate(tables):
            if declared is not None and len(table_rows) < declared:
                if number == len(tables) - 1 and not text.endswith(("\n", "\r")):
                    del table_rows[-1:]  # a copy taken mid-write: its last line cut
                warn_reading(
                    f"{head.path}: its {name} table declares {declared} points "
                    f"but holds {len(table_rows)} (a run stopped early, or a copy "
                    "taken while it ran): its complete rows are read",
                )
            if names is None:
                names = table_names
            if table_names == names:
                rows += table_rows
        if names is None or not rows:
            raise UnknownFormatError(head.path, "a Gamry file with no data table")
        columns = {
            name: python_array([row[i] if i < len(row) else None for row in rows])
            for i, name in enumerate(names)
        }
        values: dict[str, Any] = {}
        mapping: dict[str, str] = {}
        for field, spellings in _SPELLINGS.items():
            column = find_column(names, spellings)
            if column is not None:
                values[field] = columns[column]
                mapping[field] = column
        for required in ("time", "current"):
            if required not in values:
                raise UnknownFormatError(
                    head.path,
                    f"looks like a Gamry file but has no {required} column; "
                    f"columns found: {', '.join(names)}",
                )
        return CyclerColumns(
            current_sign="charge_positive",
            mapping=mapping,
            metadata=_metadata(lines),
            **values,
        )


def _tables(
    lines: list[str],
) -> list[tuple[str, int | None, list[str], list[list[float | None]]]]:
    """Every table of the file: name, declared points, column names, rows."""
    found = []
    index = 0
    while index < len(lines):
        match = _TABLE.match(lines[index])
        if not match:
            index += 1
            continue
        names = lines[index + 1].strip().split("\t") if index + 1 < len(lines) else []
        rows: list[list[float | None]] = []
        index += 3  # the names row, then the units row
        while index < len(lines) and lines[index][:1] in ("\t", " "):
            fields = re.split(r"[\t ]+", lines[index].strip())
            rows.append([_number(field) for field in fields])
            index += 1
        declared = int(match.group(2)) if match.group(2) else None
        found.append((match.group(1), declared, names, rows))
    return found


def _number(text: str) -> float | None:
    # Fields are tab-separated: a comma is a German locale's decimal point.
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _metadata(lines: list[str]) -> dict[str, Any]:
    tags: dict[str, str] = {}
    for line in lines:
        if _TABLE.match(line):
            break
        parts = line.split("\t")
        if len(parts) >= 3:
            tags.setdefault(parts[0], parts[2])
        elif len(parts) == 2:
            tags.setdefault(parts[0], parts[1])
    found: dict[str, Any] = {"cycler": "Gamry"}
    if "TAG" in tags:
        found["procedure"] = tags["TAG"]
    for tag, key in (
        ("TITLE", "test_name"),
        ("PSTAT", "instrument"),
        ("PSTATSERIALNO", "cycler_serial_number"),
        ("NOTES", "notes"),
    ):
        if tags.get(tag):
            found[key] = tags[tag]
    moment = parse_moment(f"{tags.get('DATE', '')} {tags.get('TIME', '')}".strip())
    if moment is not None:
        found["start_time"] = moment
    return found
