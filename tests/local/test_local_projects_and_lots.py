"""ionworks-local's projects and lots, the migration of older stores, and the
seed guide run verbatim against it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from ionworks import Ionworks
from ionworks_async import (
    AsyncIonworks,
    BadRequestError,
    ConflictError,
    NotFoundError,
)
from ionworks_async.local import LocalServer
from ionworks_async.local.storage.schema import SCHEMA_VERSION

from ..support import LOCAL_KEY


async def raw(
    server: LocalServer, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession(headers={"X-API-Key": LOCAL_KEY}) as session,
        session.request(method, server.url + path, json=body) as response,
    ):
        return response.status, await response.json(content_type=None)


async def test_every_key_has_a_default_project(local_server: LocalServer) -> None:
    status, projects = await raw(local_server, "GET", "/projects")
    assert (
        status == 200 and projects["items"][0]["id"] == local_server.default_project_id
    )
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "NMC"})
    assert spec.project_id == local_server.default_project_id


async def test_specification_names_are_unique_within_a_project(
    local_server: LocalServer,
) -> None:
    status, other = await raw(local_server, "POST", "/projects", {"name": "Other"})
    assert status == 201
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        first = await client.cell_spec.create({"name": "NMC"})
        second = await client.cell_spec.create(
            {"name": "NMC", "project_id": other["id"]}
        )
        with pytest.raises(ConflictError) as conflict:
            await client.cell_spec.create({"name": "NMC"})
        assert conflict.value.existing_id == first.id
        listed = await client.cell_spec.list(project_id=other["id"])
        assert [spec.id for spec in listed] == [second.id]
        with pytest.raises(NotFoundError, match="GET /projects"):
            await client.cell_spec.create({"name": "X", "project_id": "nope"})
        with pytest.raises(BadRequestError, match="always belongs to a project"):
            await client.cell_spec.update(first.id, {"project_id": None})
        with pytest.raises(ConflictError):  # moving it into a project that has one
            await client.cell_spec.update(first.id, {"project_id": other["id"]})
    async with AsyncIonworks(LOCAL_KEY, local_server.url, project_id=other["id"]) as c:
        assert (await c.cell_spec.create_or_get({"name": "NMC"})).id == second.id
        created = await c.cell_spec.create({"name": "Only here"})
        assert created.project_id == other["id"]


async def test_lots_of_a_specification(local_server: LocalServer) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "NMC"})
        other_spec = await client.cell_spec.create({"name": "LFP"})
        lot = await client.cell_batch.create(
            spec.id, {"name": "Lot-A", "date_manufactured": "2024-01-20"}
        )
        assert (lot.instance_count, lot.project_id) == (0, spec.project_id)
        with pytest.raises(ConflictError) as conflict:
            await client.cell_batch.create(spec.id, {"name": "LOT-a"})
        assert conflict.value.existing_id == lot.id
        assert (
            await client.cell_batch.create_or_get(spec.id, {"name": "lot-A"})
        ).id == (lot.id)
        assert (await client.cell_batch.create(other_spec.id, {"name": "Lot-A"})).id
        cells = [
            await client.cell_instance.create(
                spec.id, {"name": f"c{i}", "batch_id": lot.id}
            )
            for i in range(3)
        ]
        loose = await client.cell_instance.create(spec.id, {"name": "loose"})
        assert (await client.cell_batch.get(lot.id)).instance_count == 3
        members = await client.cell_instance.list(spec.id, batch_id=lot.id)
        assert sorted(c.name for c in members) == ["c0", "c1", "c2"]
        await client.cell_batch.update(lot.id, {"name": "Lot-A2"})
        assert (await client.cell_instance.get(cells[0].id)).batch == "Lot-A2"
        with pytest.raises(BadRequestError, match="another specification"):
            other_lot = await client.cell_batch.create(other_spec.id, {"name": "Z"})
            await client.cell_instance.update(loose.id, {"batch_id": other_lot.id})
        with pytest.raises(NotFoundError):
            await client.cell_instance.update(loose.id, {"batch_id": "no-such-lot"})
        await client.cell_batch.delete(lot.id)
        kept = await client.cell_instance.get(cells[1].id)
        assert (kept.batch_id, kept.batch_name, kept.batch) == (None, None, None)
        assert len(await client.cell_instance.list(spec.id)) == 4


async def test_a_free_text_batch_is_refused_naming_batch_id(
    local_server: LocalServer,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "NMC"})
    status, body = await raw(
        local_server,
        "POST",
        f"/cell_specifications/{spec.id}/cell_instances",
        {"name": "c", "batch": "B1"},
    )
    assert (status, body["error_code"]) == (422, "VALIDATION_ERROR")
    assert "batch_id" in body["message"]


async def test_the_seed_batch_resolves_once_per_lot_name(
    local_server: LocalServer,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "NMC"})
        await raw(local_server, "DELETE", "/_local/stats")
        items = [{"name": f"c{i}", "batch": f"LOT-{i % 4}"} for i in range(200)]
        result = await client.cell_instance.create_many(spec.id, items)
        _, stats = await raw(local_server, "GET", "/_local/stats")
        lots = await client.cell_batch.list(spec.id)
    routes = stats["requests"]
    assert result.created == 200
    assert routes["POST /cell_specifications/{id}/cell_batches"] == 4
    assert sorted((lot.name, lot.instance_count) for lot in lots) == [
        (f"LOT-{i}", 50) for i in range(4)
    ]


# -- a store written before projects and lots ----------------------------------

OLD_SCHEMA = """
CREATE TABLE cell_specifications (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, form_factor TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL, doc TEXT NOT NULL
);
CREATE TABLE cell_instances (
    id TEXT PRIMARY KEY,
    cell_specification_id TEXT NOT NULL
        REFERENCES cell_specifications(id) ON DELETE CASCADE,
    name TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL, doc TEXT NOT NULL,
    UNIQUE (cell_specification_id, name)
);
CREATE TABLE cell_measurements (
    id TEXT PRIMARY KEY,
    cell_instance_id TEXT NOT NULL REFERENCES cell_instances(id) ON DELETE CASCADE,
    name TEXT NOT NULL, measurement_type TEXT NOT NULL, processing_status TEXT,
    start_time TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    created_by_email TEXT NOT NULL, doc TEXT NOT NULL,
    UNIQUE (cell_instance_id, name)
);
CREATE TABLE uploads (
    measurement_id TEXT PRIMARY KEY,
    cell_instance_id TEXT NOT NULL REFERENCES cell_instances(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX instances_by_spec ON cell_instances(cell_specification_id);
"""
STAMP = "2024-01-01T00:00:00.000000+00:00"


def _old_store(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)

    def insert(table: str, doc: dict[str, Any], **columns: Any) -> None:
        doc = {**doc, "created_at": STAMP, "updated_at": STAMP}
        row = {
            "id": doc["id"],
            "name": doc["name"],
            "created_at": STAMP,
            "updated_at": STAMP,
            "created_by_email": "old@x",
            **columns,
            "doc": json.dumps(doc),
        }
        db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES "
            f"({', '.join('?' for _ in row)})",
            list(row.values()),
        )

    insert("cell_specifications", {"id": "s1", "name": "NMC"}, form_factor=None)
    insert(
        "cell_specifications",
        {
            "id": "s2",
            "name": "LFP",
            "project_id": "legacy-project",
            "form_factor": "pouch",
        },
        form_factor="pouch",
    )
    for cell_id, spec, batch in [
        ("i1", "s1", "B1"),
        ("i2", "s1", "b1"),
        ("i3", "s1", "B2"),
        ("i4", "s1", None),
        ("i5", "s2", "B1"),
    ]:
        doc = {"id": cell_id, "name": cell_id, "cell_specification_id": spec}
        if batch is not None:
            doc["batch"] = batch
        insert("cell_instances", doc, cell_specification_id=spec)
    insert(
        "cell_measurements",
        {"id": "m1", "name": "m", "cell_instance_id": "i1", "measurement_type": "p"},
        cell_instance_id="i1",
        measurement_type="properties",
    )
    db.commit()
    db.close()


async def test_a_store_of_the_previous_version_is_migrated(tmp_path: Path) -> None:
    _old_store(tmp_path / "ionworks.sqlite3")
    async with (
        LocalServer(data_dir=tmp_path, api_keys=[LOCAL_KEY]) as server,
        AsyncIonworks(LOCAL_KEY, server.url) as client,
    ):
        nmc, lfp = await client.cell_spec.get("s1"), await client.cell_spec.get("s2")
        assert nmc.project_id == server.default_project_id
        assert lfp.project_id == "legacy-project" and lfp.form_factor == "pouch"
        cells = {c.id: c for c in await client.cell_instance.list("s1")}
        assert {i: c.batch for i, c in cells.items()} == {
            "i1": "B1",
            "i2": "B1",  # the same lot, compared case-insensitively
            "i3": "B2",
            "i4": None,
        }
        lots = await client.cell_batch.list("s1")
        assert sorted((lot.name, lot.instance_count) for lot in lots) == [
            ("B1", 2),
            ("B2", 1),
        ]
        assert (await client.cell_instance.get("i5")).batch == "B1"  # its own lot
        assert "batch" not in (await client.cell_instance.get("i1")).extra
        assert len(await client.cell_measurement.list("i1")) == 1
        # names are now unique per project: the same name in another project
        await client.cell_spec.create({"name": "LFP"})
        await client.cell_spec.delete("s1")  # cascades through the rebuilt table
        assert await client.cell_batch.list("s2")
    db = sqlite3.connect(tmp_path / "ionworks.sqlite3")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT COUNT(*) FROM cell_instances").fetchone()[0] == 1
    db.close()
    async with LocalServer(data_dir=tmp_path, api_keys=[LOCAL_KEY]) as again:
        assert again.default_project_id == server.default_project_id  # kept


# -- the seed guide, verbatim ---------------------------------------------------


def test_the_seed_guide_runs_verbatim(local_thread_server: Any) -> None:
    client = Ionworks(LOCAL_KEY, local_thread_server.url)
    cell_spec = client.cell_spec.create({"name": "NCM622/Graphite"})

    # -- the guide's code, as printed ------------------------------------------
    cell_instance = client.cell_instance.create(
        cell_spec.id,
        {
            "name": "NCM622-GR-001",
            "batch": "BATCH-2024-001",
            "date_manufactured": "2024-01-20",
            "measured_properties": {
                "cathode": {"loading": {"value": 12.1, "unit": "mg/cm**2"}},
                "anode": {"loading": {"value": 6.4, "unit": "mg/cm**2"}},
            },
        },
    )
    print(cell_instance.id)
    cell_instance = client.cell_instance.create_or_get(
        cell_spec.id,
        {
            "name": "NCM622-GR-001",
            # ...
        },
    )
    instances = client.cell_instance.list(cell_spec.id)
    for inst in instances:
        print(inst.name)
    instance_id = cell_instance.id
    instance = client.cell_instance.get(instance_id)
    detail = client.cell_instance.detail(instance_id)
    spec = client.cell_spec.get(detail.specification_id)
    detail = client.cell_instance.detail(instance_id, include_time_series=False)
    instances = client.cell_instance.list(cell_spec.id)
    for inst in instances:
        measurements = client.cell_measurement.list(inst.id)
        print(f"{inst.name}: {len(measurements)} measurements")
    updated = client.cell_instance.update(
        instance_id,
        {
            "batch": "BATCH-2024-002",
        },
    )
    # -- end of the guide's code -------------------------------------------------

    assert instance.batch == "BATCH-2024-001" and spec.id == cell_spec.id
    assert updated.batch == "BATCH-2024-002"
    lots = client.cell_batch.list(cell_spec.id)
    assert sorted(lot.name for lot in lots) == ["BATCH-2024-001", "BATCH-2024-002"]
    client.cell_instance.delete(instance_id)
    assert client.cell_instance.list(cell_spec.id) == []
    client.close()


async def test_a_walk_reads_its_lists_order_once_until_a_write(
    local_server: LocalServer,
) -> None:
    assert local_server.state is not None
    db = local_server.state.store.connection
    statements: list[str] = []
    async with AsyncIonworks(LOCAL_KEY, local_server.url) as client:
        spec = await client.cell_spec.create({"name": "NMC"})
        await client.cell_instance.create_many(
            spec.id, [{"name": f"GR-{n:03d}"} for n in range(250)]
        )
        db.set_trace_callback(statements.append)
        try:
            first = await client.cell_instance.list(spec.id)
            pages = [await client.cell_instance.list(spec.id, 100, o) for o in (0, 200)]
            await client.cell_instance.create(spec.id, {"name": "GR-250"})
            after = await client.cell_instance.list(spec.id, 100, 200)
        finally:
            db.set_trace_callback(None)
    assert [c.name for c in first] == [f"GR-{n:03d}" for n in range(250)]
    assert [len(p) for p in pages] == [100, 50] and pages[1][-1].name == "GR-249"
    assert after.total == 251 and after[-1].name == "GR-250"  # a write: read again
    assert not [s for s in statements if "COUNT(*) FROM cell_instances" in s]
    assert [s for s in statements if "OFFSET" in s] == []
    orders = [s for s in statements if s.startswith("SELECT t.rowid FROM")]
    assert len(orders) == 2  # the walk and the pages after it, then the write's
