"""Files already in the API's columns, or close: CSV (any delimiter) and parquet.

Columns are recognised by their common spellings (``Time [s]``, ``time/s``,
``Test Time (h)``, ``Current (mA)``, ``Voltage``, ``Step``, ``Cycle
number``, ...), their units converted; ``extra_column_mappings`` names any
other. Current is taken as the API signs it, positive on discharge (the
always-on sign vote then confirms it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..toolkit import (
    CyclerColumns,
    Field,
    Head,
    Layout,
    find_column,
    header_names,
    parquet_loader,
    parquet_names,
    read_mapped,
    read_text,
    sniff_delimiter,
)

__all__ = ["CsvReader", "ParquetReader"]

FIELDS = (
    Field(
        "time",
        ("time", "test time", "elapsed time", "total time", "run time"),
        kind="duration",
        required=True,
    ),
    Field("current", ("current", "i"), required=True),
    Field("voltage", ("voltage", "potential", "ewe", "v")),
    Field("step", ("step count", "step", "step index", "step number", "step id")),
    Field("cycle", ("cycle count", "cycle", "cycle index", "cycle number")),
    Field("charge_capacity", ("charge capacity",)),
    Field("discharge_capacity", ("discharge capacity",)),
    Field("charge_energy", ("charge energy",)),
    Field("discharge_energy", ("discharge energy",)),
    Field("temperature", ("temperature", "temp")),
    Field("frequency", ("frequency", "freq")),
    Field("z_re", ("z re", "re(z)", "zreal")),
    Field("z_im", ("z im", "im(z)", "zimag")),
)


def _options_aliases(options: Mapping[str, Any]) -> dict[str, str]:
    aliases = options.get("extra_column_mappings") or {}
    return {str(k): str(v) for k, v in dict(aliases).items()}


class CsvReader:
    """Delimited text in the API's columns (or common spellings of them)."""

    key = "csv"
    cycler = "CSV"
    order = 900
    folder_names = ()

    def recognises(self, head: Head) -> bool:
        """Recognise a delimited header naming a time, a current and a voltage."""
        if not head.is_text or not head.lines:
            return False

        line = head.lines[0]
        names = header_names(line, sniff_delimiter(line))
        return all(
            find_column(names, field.spellings) is not None for field in FIELDS[:3]
        )

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a delimited file."""
        layout = Layout.at(head, 0)
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="discharge_positive",
            cycler=self.cycler,
            metadata={},
            aliases=_options_aliases(options),
        )


class ParquetReader:
    """Parquet files in the API's columns (or common spellings of them)."""

    key = "parquet"
    cycler = "Parquet"
    order = 910
    folder_names = ()

    def recognises(self, head: Head) -> bool:
        """Recognise a parquet file (``PAR1`` first)."""
        return head.data[:4] == b"PAR1"

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a parquet file."""
        return read_mapped(
            head.path,
            parquet_names(head.path),
            parquet_loader(head.path),
            FIELDS,
            current_sign="discharge_positive",
            cycler=self.cycler,
            metadata={},
            aliases=_options_aliases(options),
        )
