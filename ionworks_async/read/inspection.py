"""What a file holds, as read, for ``ionworks inspect``."""

from __future__ import annotations

import datetime as dt
import os
import warnings
from pathlib import Path
from typing import Any

import attrs

from .._runtime.boundary import input_boundary
from .errors import CyclerFileError
from .reading import Filename, normalised

__all__ = ["Inspection", "inspect_file"]

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
    "z_mod": "Z_Mod [Ohm]",
    "z_phase": "Z_Phase [deg]",
    "power": "Power [W]",
    "state": "(the sign of Current [A])",
}


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


@input_boundary(CyclerFileError)
def inspect_file(filename: Filename, reader: str | None = None) -> Inspection:
    """Read a file and report what it holds and how each column was mapped.

    Raises
    ------
    CyclerFileError
        When it cannot be read.
    """
    from ..validation import CheckOptions, TimeSeriesChecker
    from ._header import measurement_fields
    from .reading import cycler_columns

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table, flat, key = normalised(filename, reader)
    _, raw, _ = cycler_columns(filename, key, None, None)
    checker = TimeSeriesChecker(CheckOptions())
    checker.feed(table)
    issues = [
        {
            "code": str(issue.code),
            "severity": issue.severity,
            "message": issue.message,
            "row": issue.payload.get("row"),
        }
        for issue in checker.finish()
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
        columns=_columns(raw.mapping, table.column_names),
        steps=_last(table, "Step count") + 1 if table.num_rows else 0,
        cycles=_last(table, "Cycle count") + 1 if table.num_rows else 0,
        start_time=start.isoformat() if isinstance(start, dt.datetime) else None,
        issues=issues,
        metadata=measurement_fields(flat),
    )


def _columns(mapping: dict[str, str], names: list[str]) -> dict[str, str]:
    """Say where each column of the time series comes from."""
    found = {FIELD_COLUMNS.get(name, name): source for name, source in mapping.items()}
    for kept, field in (("Step from cycler", "step"), ("Cycle from cycler", "cycle")):
        if kept in names and kept not in found and field in mapping:
            found[kept] = mapping[field]
    if "Power [W]" in names and "Power [W]" not in found:
        found["Power [W]"] = "Voltage [V] x Current [A]"
    return found


def _last(table: Any, name: str) -> int:
    return int(table.column(name)[-1].as_py())
