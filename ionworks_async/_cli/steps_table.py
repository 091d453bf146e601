"""``ionworks inspect --steps``: a file's step table, as the hosted API makes it."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

__all__ = ["step_table", "step_table_lines"]

SHOWN = (
    ("Step count", "step", "{:d}"),
    ("Cycle count", "cycle", "{:d}"),
    ("Step type", "type", "{}"),
    ("Start time [s]", "start s", "{:.1f}"),
    ("Duration [s]", "duration s", "{:.1f}"),
    ("Start voltage [V]", "V start", "{:.4f}"),
    ("End voltage [V]", "V end", "{:.4f}"),
    ("Mean current [A]", "I mean A", "{:.4g}"),
    ("Discharge capacity [A.h]", "Q out A.h", "{:.4g}"),
    ("Charge capacity [A.h]", "Q in A.h", "{:.4g}"),
)
"""The columns printed (of the 36 ``--json`` gives), their headings, formats."""


def step_table(path: Path, reader: str | None) -> Any:
    """Return the step table (pyarrow) of a cycler file as read."""
    from ..analysis.summary import summarize_arrow
    from ..read.reading import normalised

    table, _, _ = normalised(path, reader)
    return summarize_arrow(table)


def _cell(value: Any, pattern: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return pattern.format(value)


def step_table_lines(steps: Any) -> list[str]:
    """Return the step table as aligned text lines, a heading first."""
    columns = steps.to_pydict()
    rows = [
        [_cell(columns[name][k], pattern) for name, _, pattern in SHOWN]
        for k in range(steps.num_rows)
    ]
    headings = [heading for _, heading, _ in SHOWN]
    widths = [
        max(len(text) for text in [heading, *(row[i] for row in rows)])
        for i, heading in enumerate(headings)
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i == 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headings), *(line(row) for row in rows)]
