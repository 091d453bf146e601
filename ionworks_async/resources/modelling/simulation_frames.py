"""A simulation's frames, with the capacity columns the public client derives.

The time series gains ``Step capacity [A.h]`` (discharge minus charge
capacity, within the step) and ``Capacity [A.h]`` (the same, carried over
the steps before: each step's end values summed in step order); the steps
table gains ``Delta capacity [A.h]`` and ``Delta energy [W.h]``. Columns the
service already sends are kept as sent.
"""

from __future__ import annotations

from typing import Any

from ...tables.backends import in_backend
from ...tables.table import Table

__all__ = ["steps_frame", "time_series_frame"]

DISCHARGE = "Discharge capacity [A.h]"
CHARGE = "Charge capacity [A.h]"


def _with(table: Table, columns: dict[str, Any]) -> Table:
    from ...tables.bridge import arrow_array

    arrow = table.to_arrow()
    for name, values in columns.items():
        arrow = arrow.append_column(name, arrow_array(values))
    return Table.from_arrow(arrow)


def _floats(table: Table, name: str) -> Any:
    import numpy as np

    return np.asarray(table.to_arrow().column(name).to_numpy(), dtype=float)


def _capacity(table: Table, step: Any) -> Any:
    """Return discharge minus charge capacity carried over the earlier steps."""
    import numpy as np

    discharge, charge = _floats(table, DISCHARGE), _floats(table, CHARGE)
    counts = table.to_arrow().column("Step count").to_numpy()
    order: dict[Any, int] = {}
    for index, value in enumerate(counts):  # each step's last row
        order[value] = index
    steps = sorted(order)
    d_end = np.array([discharge[order[s]] for s in steps])
    c_end = np.array([charge[order[s]] for s in steps])
    d_off = dict(
        zip(steps, np.concatenate([[0.0], np.cumsum(d_end)[:-1]]), strict=True)
    )
    c_off = dict(
        zip(steps, np.concatenate([[0.0], np.cumsum(c_end)[:-1]]), strict=True)
    )
    offsets = np.array([d_off[v] - c_off[v] for v in counts])
    return step + offsets


def with_capacity(table: Table) -> Table:
    """Return a time series with its step and carried capacity columns."""
    names = set(table.column_names)
    if DISCHARGE not in names or CHARGE not in names:
        return table
    added: dict[str, Any] = {}
    step = _floats(table, DISCHARGE) - _floats(table, CHARGE)
    if "Step capacity [A.h]" not in names:
        added["Step capacity [A.h]"] = step
    if "Capacity [A.h]" not in names:
        added["Capacity [A.h]"] = (
            _capacity(table, step) if "Step count" in names else step
        )
    return _with(table, added) if added else table


def with_deltas(table: Table) -> Table:
    """Return a steps table with its capacity and energy deltas."""
    import numpy as np

    names = set(table.column_names)
    added: dict[str, Any] = {}
    for quantity, unit in (("capacity", "A.h"), ("energy", "W.h")):
        out, into = f"Discharge {quantity} [{unit}]", f"Charge {quantity} [{unit}]"
        delta = f"Delta {quantity} [{unit}]"
        if (out in names or into in names) and delta not in names:
            zero = np.zeros(table.num_rows)
            d = _floats(table, out) if out in names else zero
            c = _floats(table, into) if into in names else zero
            added[delta] = d - c
    return _with(table, added) if added else table


async def time_series_frame(table: Table, backend: Any) -> Any:
    """Return a simulation's time series as a frame of the backend."""
    return await in_backend(with_capacity(table), backend)


async def steps_frame(table: Table, backend: Any) -> Any:
    """Return a simulation's steps as a frame of the backend."""
    return await in_backend(with_deltas(table), backend)
