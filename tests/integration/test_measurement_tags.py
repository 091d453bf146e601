"""Measurement tags: stored normalised, filtered on, counted, changed in bulk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses
from yarl import URL

from ionworks_async import AsyncIonworks, BadRequestError, NotFoundError

from ..support import BASE_URL, LOCAL_KEY


async def _cell(client: AsyncIonworks) -> str:
    spec = await client.cell_spec.create({"name": "tagged cells"})
    cell = await client.cell_instance.create(spec.id, {"name": "c1"})
    return cell.id


async def test_tags_are_stored_normalised_and_filtered_case_insensitively(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        cell = await _cell(client)
        first = await client.cell_measurement.create_properties(
            cell, "a", {}, tags=["  Formation ", "aging", "formation", "Batch-7"]
        )
        assert first.tags == ["aging", "Batch-7", "Formation"]
        assert first.processing_status == "ready"  # nothing to process
        second = await client.cell_measurement.create_properties(
            cell, "b", {}, tags=["AGING"]
        )
        await client.cell_measurement.create_properties(cell, "c", {})

        def names(records: Any) -> list[str]:
            return sorted(record.name for record in records)

        listing = client.cell_measurement.list
        assert names(await listing(cell, tags_all="aging")) == ["a", "b"]
        assert names(await listing(cell, tags_all=["aging", "formation"])) == ["a"]
        assert names(await listing(cell, tags_any=["batch-7", "AGING"])) == ["a", "b"]
        assert names(await listing(cell, tags_any=[])) == ["a", "b", "c"]
        replaced = await client.cell_measurement.update(second.id, {"tags": ["x"]})
        assert replaced.tags == ["x"]
        with pytest.raises(ValueError, match="50 characters"):
            await client.cell_measurement.create_properties(
                cell, "d", {}, tags=["t" * 51]
            )
        with pytest.raises(TypeError, match="list of strings"):
            await client.cell_measurement.create_properties(cell, "d", {}, tags="one")  # type: ignore[arg-type]


async def test_bulk_tags_and_usage_counts(local_server: Any) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        cell = await _cell(client)
        ids = [
            (await client.cell_measurement.create_properties(cell, f"m{n}", {})).id
            for n in range(4)
        ]
        assert await client.cell_measurement.add_tags(ids[:3], ["Aging", "hot"]) == 3
        assert (
            await client.cell_measurement.add_tags(ids, "aging") == 1
        )  # one lacked it
        fourth = await client.cell_measurement.get(ids[3])
        assert fourth.tags == ["Aging"]  # the project's spelling
        tags = await client.cell_measurement.list_tags(None)
        assert [(t.tag, t.usage_count) for t in tags] == [("Aging", 4), ("hot", 3)]
        assert tags.total == 2
        assert [
            t.tag for t in await client.cell_measurement.list_tags(None, q="HO")
        ] == ["hot"]
        assert len(await client.cell_measurement.list_tags(None, limit=1)) == 1
        other = await client.cell_measurement.list_tags(project_id="no-such-project")
        assert list(other) == [] and other.total == 0
        assert await client.cell_measurement.remove_tags(ids, ["HOT", "absent"]) == 3
        assert await client.cell_measurement.remove_tags(ids, ["hot"]) == 0
        with pytest.raises(NotFoundError):
            await client.cell_measurement.add_tags([ids[0], "missing"], ["x"])
        assert "x" not in ((await client.cell_measurement.get(ids[0])).tags or [])
        many = [f"t{n}" for n in range(50)]
        with pytest.raises(BadRequestError, match="at most 50"):
            await client.cell_measurement.add_tags(ids[0], many)
        with pytest.raises(ValueError, match="at least one"):
            await client.cell_measurement.add_tags([], ["x"])


async def test_bulk_tags_are_sent_a_thousand_ids_at_a_time(
    client: AsyncIonworks, mocked: aioresponses
) -> None:
    bodies: list[dict[str, Any]] = []

    def answer(url: URL, **kwargs: Any) -> CallbackResult:
        body = json.loads(kwargs["data"])
        bodies.append(body)
        return CallbackResult(payload={"updated_count": len(body["measurement_ids"])})

    mocked.post(f"{BASE_URL}/cell_measurements/tags/bulk", callback=answer, repeat=True)
    ids = [f"m{n}" for n in range(2500)]
    assert await client.cell_measurement.remove_tags(ids, "old") == 2500
    assert sorted(len(body["measurement_ids"]) for body in bodies) == [500, 1000, 1000]
    assert all(body["add"] == [] and body["remove"] == ["old"] for body in bodies)
    sent = [item for body in bodies for item in body["measurement_ids"]]
    assert sorted(sent) == sorted(ids)
