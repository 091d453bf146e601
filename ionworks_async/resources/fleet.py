"""A fleet's cycles in one table: every cell of a specification, a lot, or a list.

Each cell's ``detail()`` (steps only: no time series, no files) with the
bounded fan-out and the data cache of ``detail()`` itself, cells fetched a
few at a time; each measurement's cycle metrics computed from its steps, on
this machine; one long table of them all, keyed by specification, lot, cell,
measurement and cycle. A repeat over unchanged measurements is one round
trip a cell.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..tables.aliases import Frame
from ..tables.backends import in_backend

if TYPE_CHECKING:
    from ..models import CellInstance, CellInstanceDetail

AsyncIonworks = Any
"""The client (typed loosely here: the client module imports this one)."""

__all__ = ["FLEET_KEYS", "cycle_table"]

FLEET_KEYS = (
    "Specification",
    "Lot",
    "Cell",
    "Cell id",
    "Measurement",
    "Measurement id",
    "Cell cycle",
)
"""The key columns before the cycle metrics: names, ids, and the cycle
counted across the cell's measurements in the order they started."""


async def cycle_table(
    client: AsyncIonworks,
    cell_specification_id: str | None = None,
    batch_id: str | None = None,
    cell_instance_ids: Sequence[str] | None = None,
    cells_at_once: int | None = None,
) -> Frame:
    """Return the cycle metrics of every cell asked for, as one long frame.

    See :meth:`ionworks_async.AsyncIonworks.cycle_table`.
    """
    cells = await _cells(client, cell_specification_id, batch_id, cell_instance_ids)
    at_once = asyncio.Semaphore(cells_at_once or max(1, client.max_concurrency // 4))
    spec_names: dict[str, str] = {}

    async def detail(cell: CellInstance) -> CellInstanceDetail:
        async with at_once:
            found: CellInstanceDetail = await client.cell_instance.detail(
                cell.id,
                include_cycles=False,
                include_time_series=False,
                include_files=False,
            )
            return found

    async def spec_name(spec_id: str) -> None:
        spec_names[spec_id] = (await client.cell_spec.get(spec_id)).name

    specs = {cell.cell_specification_id for cell in cells}
    details, _ = await asyncio.gather(
        asyncio.gather(*(detail(cell) for cell in cells)),
        asyncio.gather(*(spec_name(spec) for spec in specs if spec)),
    )
    from ..tables.table import Table

    table = Table.from_arrow(_long_table(cells, details, spec_names))
    return await in_backend(table, client.dataframe_backend)


async def _cells(
    client: AsyncIonworks,
    cell_specification_id: str | None,
    batch_id: str | None,
    cell_instance_ids: Sequence[str] | None,
) -> list[CellInstance]:
    asked = [cell_specification_id, batch_id, cell_instance_ids]
    if sum(value is not None for value in asked) != 1:
        raise ValueError(
            "cycle_table takes one of cell_specification_id, batch_id or "
            "cell_instance_ids"
        )
    if cell_instance_ids is not None:
        if isinstance(cell_instance_ids, str):
            raise TypeError("cell_instance_ids is a list of ids, not one id")
        found = await asyncio.gather(
            *(client.cell_instance.get(cell_id) for cell_id in cell_instance_ids)
        )
        return list(found)
    if batch_id is not None:
        lot = await client.cell_batch.get(batch_id)
        if lot.cell_specification_id is None:
            return []
        return [
            cell
            async for cell in client.cell_instance.iter_all(
                lot.cell_specification_id, batch_id=batch_id
            )
        ]
    assert cell_specification_id is not None
    return [cell async for cell in client.cell_instance.iter_all(cell_specification_id)]


def _started(md: Any) -> tuple[str, str]:
    """Order a cell's measurements as they ran: start time, then creation."""
    return (md.measurement.start_time or "", md.measurement.created_at or "")


def _long_table(
    cells: list[CellInstance],
    details: list[CellInstanceDetail],
    spec_names: dict[str, str],
) -> Any:
    """Every measurement's cycle metrics, keyed, with each cell's retention."""
    import pyarrow as pa

    from ..analysis.metrics import cycle_metrics_arrow
    from ..tables.bridge import arrow_array, floats, python_array
    from ..tables.table import as_table

    parts = []
    for cell, detail in zip(cells, details, strict=True):
        measured = sorted(
            (m for m in detail.measurements if m.steps is not None),
            key=lambda m: (
                m.measurement.start_time or "",
                m.measurement.created_at or "",
            ),
        )
        counted = 0
        first: float | None = None
        for md in measured:
            assert md.steps is not None
            try:
                metrics = cycle_metrics_arrow(as_table(md.steps).to_arrow())
            except ValueError:  # steps with no capacities: nothing to measure
                continue
            rows = metrics.num_rows
            discharge = floats(metrics.column("Discharge capacity [A.h]"))
            if first is None:
                positive = np.flatnonzero(np.nan_to_num(discharge) > 0)
                first = float(discharge[positive[0]]) if len(positive) else None
            retention = np.full(rows, np.nan) if first is None else discharge / first
            keys: dict[str, list[Any]] = {
                "Specification": [spec_names.get(cell.cell_specification_id or "")]
                * rows,
                "Lot": [cell.batch_name] * rows,
                "Cell": [cell.name] * rows,
                "Cell id": [cell.id] * rows,
                "Measurement": [md.measurement.name] * rows,
                "Measurement id": [md.measurement.id] * rows,
            }
            columns = {name: python_array(values) for name, values in keys.items()}
            columns["Cell cycle"] = arrow_array(np.arange(counted, counted + rows))
            for name in metrics.column_names:
                columns[name] = metrics.column(name)
            columns["Cell capacity retention"] = arrow_array(
                retention, np.isnan(retention)
            )
            parts.append(pa.table(columns))
            counted += rows
    if not parts:
        return pa.table({name: pa.array([], pa.string()) for name in FLEET_KEYS})
    return pa.concat_tables(parts, promote_options="default")
