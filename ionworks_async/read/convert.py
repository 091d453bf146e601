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

from .._runtime.boundary import input_boundary
from ..tables.bridge import arrow_array, floats, integers
from ..tables.table import pyarrow_module
from ..tables.writer import TableWriter
from ..validation import CheckOptions, TimeSeriesChecker
from ._notices import warn_reading
from .errors import CyclerFileError
from .reading import Filename, normalised_blocks

__all__ = ["BDF_LABELS", "Target", "convert_file", "to_bdf"]

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
    pa = pyarrow_module()
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


@input_boundary(CyclerFileError)
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

    Warns
    -----
    MeasurementValidationWarning
        For each check the data fails or warns of (the API's checks, as an
        upload runs them): the file is written all the same, and each is said.
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
    if target.resolve() == source.resolve():
        raise ValueError(
            f"{source}: converting it to {to} beside itself would write over it: "
            "give another directory"
        )
    partial = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    writer = TableWriter(partial, "parquet" if to == "parquet" else "csv")
    checker = TimeSeriesChecker(CheckOptions())
    try:
        totals: dict[str, float] = {}
        for table in tables:
            checker.feed(table)
            writer.write(to_bdf(table, totals) if to == "bdf" else table)
        writer.close()
        os.replace(partial, target)
    except BaseException:
        writer.abandon()
        raise
    for issue in checker.finish(None):
        refused = " (the API would refuse it)" if issue.severity == "error" else ""
        warn_reading(
            f"{source}: written to {target.name}, but [{issue.code}] "
            f"{issue.message}{refused}"
        )
    return target
