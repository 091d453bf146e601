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
    Field("z_mod", ("z mod", "|z|", "zmod")),
    Field("z_phase", ("z phase", "phase(z)", "zphz")),
    Field("power", ("power",)),
    Field("Step from cycler", ("step from cycler",)),  # kept as the file has them
    Field("Cycle from cycler", ("cycle from cycler",)),
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
        """Recognise a delimited header naming a time, a current and a voltage.

        The header may follow a few lines of preamble (``key,value`` lines).
        """
        return head.is_text and _header_line(head, {}) is not None

    def read(self, head: Head, options: Mapping[str, Any]) -> CyclerColumns:
        """Read a delimited file."""
        aliases = _options_aliases(options)
        index = _header_line(head, aliases)
        layout = Layout.at(head, 0 if index is None else index)
        return read_text(
            head,
            layout,
            FIELDS,
            current_sign="discharge_positive",
            cycler=self.cycler,
            metadata={},
            aliases=aliases,
        )


def _header_line(head: Head, aliases: Mapping[str, str]) -> int | None:
    """Find the header among the first lines: it names a time, a current, a voltage."""
    for index, line in enumerate(head.lines[:PREAMBLE_LINES]):
        names = header_names(line, sniff_delimiter(line))
        if len(names) > 2 and all(
            find_column(names, field.spellings, aliases) is not None
            for field in FIELDS[:3]
        ):
            return index
    return None


PREAMBLE_LINES = 40
"""How far a CSV's header may follow its preamble."""


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
