"""Properties and file measurements made again: same content found, other a conflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ionworks_async import AsyncIonworks, ConflictError

from ..support import LOCAL_KEY


async def test_a_properties_or_file_measurement_made_twice(
    local_server: Any, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("teardown notes")
    other = tmp_path / "other.txt"
    other.write_text("more notes")
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        spec = await client.cell_spec.create({"name": "twice"})
        cell = await client.cell_instance.create(spec.id, {"name": "c"})
        values = {"mass": {"value": 68.2, "unit": "g"}}
        made = await client.cell_measurement.create_properties(cell.id, "mass", values)
        again = await client.cell_measurement.create_properties(
            cell.id, "mass", values, if_exists="get"
        )
        assert again.id == made.id
        with pytest.raises(ConflictError):  # the default: as the public client
            await client.cell_measurement.create_properties(cell.id, "mass", values)
        with pytest.raises(ConflictError, match="other values"):
            await client.cell_measurement.create_properties(
                cell.id, "mass", {"mass": {"value": 70, "unit": "g"}}, if_exists="get"
            )
        files = await client.cell_measurement.create_file(cell.id, "docs", [report])
        same = await client.cell_measurement.create_file(
            cell.id, "docs", [report], if_exists="get"
        )
        assert same.id == files.id
        with pytest.raises(ConflictError, match="other files"):
            await client.cell_measurement.create_file(
                cell.id, "docs", [report, other], if_exists="get"
            )
        with pytest.raises(ConflictError, match="other files"):
            await client.cell_measurement.create_file(
                cell.id, "mass", [report], if_exists="get"
            )
        with pytest.raises(ValueError, match="if_exists"):
            await client.cell_measurement.create_properties(
                cell.id,
                "x",
                values,
                if_exists="replace",  # type: ignore[arg-type]
            )
        names = sorted(m.name for m in await client.cell_measurement.list(cell.id))
        assert names == ["docs", "mass"]  # nothing made twice
