"""A fleet's cycles in one call: a specification's, a lot's, or a list of cells."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from aiohttp import web

from ionworks import Ionworks
from ionworks_async import AsyncIonworks
from ionworks_async.local import LocalServer

from ..support import LOCAL_KEY
from ..support.cycler import cycler_run


def _faded(fade: float) -> dict[str, list[Any]]:
    """Three cycles whose currents shrink by ``fade`` a cycle (so capacity does).

    The series keeps no capacity columns: the steps integrate the current.
    """
    run = cycler_run(cycles=3, points=40)
    run["Current [A]"] = [
        current * (1 - fade * cycle)
        for current, cycle in zip(run["Current [A]"], run["Cycle count"], strict=True)
    ]
    return {name: run[name] for name in list(run)[:5]}


async def _fleet(client: AsyncIonworks) -> tuple[str, dict[str, str]]:
    spec = await client.cell_spec.create({"name": "fleet spec"})
    lots = {
        name: (await client.cell_batch.create(spec.id, {"name": name})).id
        for name in ("lot A", "lot B")
    }
    for n, (lot, fade) in enumerate([("lot A", 0.0), ("lot A", 0.02), ("lot B", 0.1)]):
        cell = await client.cell_instance.create(
            spec.id, {"name": f"cell-{n}", "batch_id": lots[lot]}
        )
        for m in range(2):  # two measurements a cell, run one after the other
            await client.cell_measurement.create(
                cell.id,
                {
                    "measurement": {
                        "name": f"run {m}",
                        "start_time": f"2026-0{m + 1}-01T00:00:00+00:00",
                    },
                    "time_series": _faded(fade),
                },
            )
    return spec.id, lots


async def test_one_frame_of_every_cycle_of_a_spec_a_lot_or_a_list(
    tmp_path: Path,
) -> None:
    seen: Counter[str] = Counter()

    @web.middleware
    async def count(request: web.Request, handler: Any) -> web.StreamResponse:
        seen[request.path.split("/")[1]] += 1
        return await handler(request)

    async with (
        LocalServer(
            in_memory=True, api_keys=[LOCAL_KEY], middlewares=[count]
        ) as server,
        AsyncIonworks(LOCAL_KEY, server.url, cache_dir=tmp_path / "cache") as client,
    ):
        spec_id, lots = await _fleet(client)
        table = await client.cycle_table(spec_id)
        assert isinstance(table, pl.DataFrame)
        assert table.columns[:7] == [
            "Specification",
            "Lot",
            "Cell",
            "Cell id",
            "Measurement",
            "Measurement id",
            "Cell cycle",
        ]
        assert "Coulombic efficiency" in table.columns
        assert table.height == 3 * 2 * 3  # cells x measurements x cycles
        assert set(table["Specification"]) == {"fleet spec"}
        faded = table.filter(pl.col("Cell") == "cell-2").sort("Cell cycle")
        assert faded["Cell cycle"].to_list() == list(range(6))
        assert faded["Measurement"].to_list() == ["run 0"] * 3 + ["run 1"] * 3
        retention = faded["Cell capacity retention"].to_list()
        assert retention[0] == 1.0 and retention[2] == pytest.approx(0.8, rel=1e-6)
        assert retention[3] == 1.0  # the second run starts unfaded again
        lot_b = await client.cycle_table(batch_id=lots["lot B"])
        assert set(lot_b["Cell"]) == {"cell-2"} and set(lot_b["Lot"]) == {"lot B"}
        ids = table["Cell id"].unique().to_list()[:2]
        listed = await client.cycle_table(cell_instance_ids=ids)
        assert set(listed["Cell id"]) == set(ids)
        seen.clear()
        again = await client.cycle_table(spec_id)  # through the data cache
        assert again.equals(table)
        data = sum(n for path, n in seen.items() if path not in ("cell_instances",))
        assert seen["cell_instances"] <= 2 * 3  # one round trip a cell (2 requests)
        assert data <= 2  # the list of cells and the spec's name: no data
        with pytest.raises(ValueError, match="one of cell_specification_id"):
            await client.cycle_table(spec_id, batch_id=lots["lot A"])


def test_the_blocking_client_has_it_too(local_thread_server: Any) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url, cache_dir=False) as client:
        spec = client.cell_spec.create({"name": "one cell"})
        cell = client.cell_instance.create(spec.id, {"name": "only"})
        client.cell_measurement.create(
            cell.id, {"measurement": {"name": "r"}, "time_series": _faded(0.05)}
        )
        table = client.cycle_table(spec.id)
    assert table["Cell"].to_list() == ["only"] * 3
