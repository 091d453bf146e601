"""A cycler file converted to the API's columns (parquet, CSV) or to BDF, streamed.

The file is read a few whole steps at a time (:func:`~._api.normalised_blocks`)
and written as it is read, to a temporary file beside the target that takes
the target's name only once the whole file has read and passed the sign vote:
a file that fails leaves nothing behind, and memory stays flat whatever the
file's size.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..tables._numpy import arrow_array, floats, integers
from ..tables.table import _pyarrow, parquet_options
from ._api import Filename, normalised_blocks

__all__ = ["BDF_LABELS", "TableWriter", "Target", "convert_file", "to_bdf"]

BDF_LABELS = {
    "Time [s]": "Test Time / s",
    "Voltage [V]": "Voltage / V",
    "Current [A]": "Current / A",
    "Step count": "Step Count / 1",
    "Cycle count": "Cycle Count / 1",
    "Charge capacity [A.h]": "Charging Capacity / Ah",
    "Discharge capacity [A.h]": "Discharging Capacity / Ah",
    "Charge energy [W.h]": "Charging Energy / Wh",
    "Discharge energy [W.h]": "Discharging Energy / Wh",
    "Temperature [degC]": "Ambient Temperature / degC",
}
"""The API's columns as the Battery Data Format's preferred labels."""


Target = Literal["parquet", "csv", "bdf"]

ROW_GROUP_ROWS = 1 << 18
"""Rows gathered into one parquet row group (blocks come a few steps at a time)."""


def to_bdf(table: Any, totals: dict[str, float] | None = None) -> Any:
    """Return a normalised table in the Battery Data Format.

    Preferred labels with units; current positive charging; capacities and
    energies accumulated from the test's start, never reset (as BDF defines
    them).

    Parameters
    ----------
    table : pyarrow.Table
        Whole steps of a normalised table.
    totals : dict, optional
        For a file converted a block at a time: each quantity's total over
        the blocks before this one, updated in place.
    """
    pa = _pyarrow()
    import pyarrow.compute as pc

    totals = {} if totals is None else totals
    step = integers(table.column("Step count"))
    columns: dict[str, Any] = {}
    for name, label in BDF_LABELS.items():
        if name not in table.column_names:
            continue
        values = table.column(name).combine_chunks()
        if name == "Current [A]":
            values = pc.negate(values)
        elif "capacity" in name or "energy" in name:
            values, totals[name] = _accumulated(values, step, totals.get(name, 0.0))
        columns[label] = values
    return pa.table(columns)


def _accumulated(per_step: Any, step: Any, before: float) -> tuple[Any, float]:
    """Turn per-step running values into totals since the test's start."""
    values = floats(per_step)
    if len(values) == 0:
        return per_step, before
    starts = np.flatnonzero(np.diff(step, prepend=step[0] - 1))
    finals = np.maximum.reduceat(values, starts)
    earlier = before + np.cumsum(finals) - finals  # the steps before each
    ids = np.repeat(np.arange(len(starts)), np.diff(starts, append=len(values)))
    return arrow_array(values + earlier[ids]), before + float(finals.sum())


def convert_file(
    filename: Filename,
    directory: Filename | None = None,
    to: Target = "parquet",
    reader: str | None = None,
) -> Path:
    """Write a file's normalised time series as parquet, CSV or BDF CSV.

    Parameters
    ----------
    filename : str or PathLike
        The cycler's file.
    directory : str or PathLike, optional
        Where to write (default: beside the file).
    to : {"parquet", "csv", "bdf"}
        The output: the API's columns as zstd parquet or CSV, or a BDF CSV
        (``<name>.bdf.csv``).
    reader : str, optional
        A reader key, instead of recognising the file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    CyclerFileError
        When the file cannot be read (nothing is written).
    """
    if to not in ("parquet", "csv", "bdf"):
        raise ValueError(f"to must be 'parquet', 'csv' or 'bdf', got {to!r}")
    source = Path(os.fspath(filename))
    tables, _, _ = normalised_blocks(source, reader)
    folder = source.parent if directory is None else Path(os.fspath(directory))
    folder.mkdir(parents=True, exist_ok=True)
    stem = source.name.split(".")[0] or source.stem
    suffix = {"parquet": ".parquet", "csv": ".csv", "bdf": ".bdf.csv"}[to]
    target = folder / f"{stem}{suffix}"
    partial = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    writer = TableWriter(partial, to)
    try:
        totals: dict[str, float] = {}
        for table in tables:
            writer.write(to_bdf(table, totals) if to == "bdf" else table)
        writer.close()
        os.replace(partial, target)
    except BaseException:
        writer.close()
        partial.unlink(missing_ok=True)
        raise
    return target


class TableWriter:
    """Write tables of one schema to a parquet or CSV file, as they come."""

    def __init__(self, path: Path, to: Target) -> None:
        self.path, self.to = path, to
        self.writer: Any = None
        self.pending: list[Any] = []
        self.rows = 0

    def write(self, table: Any) -> None:
        if self.writer is None:
            self.writer = self._open(table.schema)
        if self.to != "parquet":
            self.writer.write_table(table)
            return
        self.pending.append(table)
        self.rows += table.num_rows
        if self.rows >= ROW_GROUP_ROWS:
            self._flush()

    def _open(self, schema: Any) -> Any:
        pa = _pyarrow()
        import pyarrow.csv as pacsv

        if self.to == "parquet":
            return pa.parquet.ParquetWriter(
                self.path, schema, **parquet_options(schema)
            )
        return pacsv.CSVWriter(self.path, schema)

    def _flush(self) -> None:
        if self.pending:
            pa = _pyarrow()
            group = pa.concat_tables(self.pending)
            self.writer.write_table(group, row_group_size=ROW_GROUP_ROWS)
        self.pending, self.rows = [], 0

    def close(self) -> None:
        if self.writer is not None:
            if self.to == "parquet":
                self._flush()
            self.writer.close()
            self.writer = None
