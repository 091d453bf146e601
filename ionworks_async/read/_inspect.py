"""What a file holds, for ``ionworks inspect``; and its conversion, for ``convert``."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path
from typing import Any, Literal

import attrs

from ..tables.table import _pyarrow, parquet_options
from ._api import Filename, normalised

__all__ = ["BDF_LABELS", "Inspection", "convert_file", "inspect_file", "to_bdf"]

FIELD_COLUMNS = {
    "time": "Time [s]",
    "current": "Current [A]",
    "voltage": "Voltage [V]",
    "step": "Step count",
    "cycle": "Cycle count",
    "charge_capacity": "Charge capacity [A.h]",
    "discharge_capacity": "Discharge capacity [A.h]",
    "capacity": "Charge/Discharge capacity [A.h]",
    "charge_energy": "Charge energy [W.h]",
    "discharge_energy": "Discharge energy [W.h]",
    "energy": "Charge/Discharge energy [W.h]",
    "temperature": "Temperature [degC]",
    "frequency": "Frequency [Hz]",
    "z_re": "Z_Re [Ohm]",
    "z_im": "Z_Im [Ohm]",
    "state": "(the sign of Current [A])",
}

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


@attrs.frozen
class Inspection:
    """What a cycler file holds, as read.

    Attributes
    ----------
    path : Path
        The file.
    reader : str
        The reader that recognised it.
    rows : int
        Rows of the time series.
    columns : dict of str to str
        For each API column, the file's column it was read from.
    steps, cycles : int
        How many steps and cycles the normalised series has.
    start_time : str or None
        When the test began (ISO 8601), if the file says.
    issues : list of dict
        The always-on checks' issues (``code``, ``severity``, ``message``,
        ``row``); empty when the file passes.
    metadata : dict
        The measurement fields the file's header gives.
    """

    path: Path
    reader: str
    rows: int
    columns: dict[str, str]
    steps: int
    cycles: int
    start_time: str | None
    issues: list[dict[str, Any]]
    metadata: dict[str, Any]

    @property
    def ok(self) -> bool:
        """Whether the series passes the always-on checks."""
        return not any(issue["severity"] == "error" for issue in self.issues)

    def to_dict(self) -> dict[str, Any]:
        """Return the inspection as JSON-ready values."""
        return {**attrs.asdict(self), "path": str(self.path), "ok": self.ok}

    def __str__(self) -> str:
        lines = [
            f"{self.path}",
            f"  reader      {self.reader}",
            f"  rows        {self.rows}",
            f"  steps       {self.steps}",
            f"  cycles      {self.cycles}",
            f"  start time  {self.start_time or '(not in the file)'}",
            "  columns",
            *(f"    {api:32} <- {source}" for api, source in self.columns.items()),
        ]
        if self.issues:
            lines.append(
                "  checks      failed" if not self.ok else "  checks      warnings"
            )
            for issue in self.issues:
                row = f" (row {issue['row']})" if issue.get("row") is not None else ""
                lines.append(f"    [{issue['code']}]{row} {issue['message']}")
        else:
            lines.append("  checks      passed")
        return "\n".join(lines)


def inspect_file(filename: Filename, reader: str | None = None) -> Inspection:
    """Read a file and report what it holds and how each column was mapped.

    Raises
    ------
    CyclerFileError
        When it cannot be read.
    """
    from ..validation import validate_time_series
    from ._api import _raw
    from ._metadata import measurement_fields

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table, flat, key = normalised(filename, reader)
    _, raw, _ = _raw(filename, key, None, None)
    issues = [
        {
            "code": str(issue.code),
            "severity": issue.severity,
            "message": issue.message,
            "row": issue.payload.get("row"),
        }
        for issue in validate_time_series(table)
    ]
    issues += [
        {"code": "read_warning", "severity": "warning", "message": str(w.message)}
        for w in caught
    ]
    start = flat.get("start_time")
    return Inspection(
        path=Path(os.fspath(filename)),
        reader=key,
        rows=table.num_rows,
        columns={
            FIELD_COLUMNS.get(field, field): source
            for field, source in raw.mapping.items()
        },
        steps=_last(table, "Step count") + 1 if table.num_rows else 0,
        cycles=_last(table, "Cycle count") + 1 if table.num_rows else 0,
        start_time=start.isoformat() if isinstance(start, dt.datetime) else None,
        issues=issues,
        metadata=measurement_fields(flat),
    )


def _last(table: Any, name: str) -> int:
    return int(table.column(name)[-1].as_py())


def to_bdf(table: Any) -> Any:
    """Return a normalised table in the Battery Data Format.

    Preferred labels with units; current positive charging; capacities and
    energies accumulated from the test's start, never reset (as BDF defines
    them).
    """
    pa = _pyarrow()
    import pyarrow.compute as pc

    step = table.column("Step count").combine_chunks()
    columns: dict[str, Any] = {}
    for name, label in BDF_LABELS.items():
        if name not in table.column_names:
            continue
        values = table.column(name).combine_chunks()
        if name == "Current [A]":
            values = pc.negate(values)
        elif "capacity" in name or "energy" in name:
            values = _accumulated(values, step)
        columns[label] = values
    return pa.table(columns)


def _accumulated(per_step: Any, step: Any) -> Any:
    """Turn per-step running values into totals since the test's start."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    grouped = (
        pa.table({"step": step, "value": per_step})
        .group_by("step")
        .aggregate([("value", "max")])
        .sort_by("step")
    )
    finals = grouped.column("value_max").combine_chunks()
    before = pc.subtract(pc.cumulative_sum(finals), finals)  # the earlier steps'
    return pc.add(per_step, pc.take(before, step))


Target = Literal["parquet", "csv", "bdf"]


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
    """
    pa = _pyarrow()
    import pyarrow.csv as pacsv

    if to not in ("parquet", "csv", "bdf"):
        raise ValueError(f"to must be 'parquet', 'csv' or 'bdf', got {to!r}")
    source = Path(os.fspath(filename))
    table, _, _ = normalised(source, reader)
    folder = source.parent if directory is None else Path(os.fspath(directory))
    folder.mkdir(parents=True, exist_ok=True)
    stem = source.name.split(".")[0] or source.stem
    if to == "parquet":
        target = folder / f"{stem}.parquet"
        pa.parquet.write_table(table, target, **parquet_options(table.schema))
    elif to == "csv":
        target = folder / f"{stem}.csv"
        pacsv.write_csv(table, target)
    else:
        target = folder / f"{stem}.bdf.csv"
        pacsv.write_csv(to_bdf(table), target)
    return target
