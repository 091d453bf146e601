"""Projects, identity, a project's measurements, watching and name lookups.

The calls public-client users reach for, in both clients, against
ionworks-local (the public client itself runs them in the peer test).
"""

from __future__ import annotations

from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import (
    AsyncIonworks,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    Project,
)

from ..support import LOCAL_KEY


async def test_projects_identity_and_a_projects_measurements(local_server: Any) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        assert (await client.health_check())["status"] == "ok"
        me = await client.whoami()
        assert me["email"] and me["authorized_organization"]["name"] == "ionworks-local"
        (default,) = await client.project.list()
        assert isinstance(default, Project) and default.organization_id
        made = await client.project.create({"name": "Line 2"})
        assert (await client.project.get(made.id)).name == "Line 2"
        assert (
            await client.project.update(made.id, {"name": "Line 3"})
        ).name == "Line 3"
        assert [p.name for p in await client.project.list(name_exact="Line 3")] == [
            "Line 3"
        ]
        spec = await client.cell_spec.create({"name": "s", "project_id": made.id})
        other = await client.cell_spec.create({"name": "elsewhere"})
        for owner, names in ((spec, ("a", "b", "c")), (other, ("z",))):
            cell = await client.cell_instance.create(owner.id, {"name": "cell"})
            for name in names:
                await client.cell_measurement.create_properties(
                    cell.id, name, {"mass": {"value": 1.0, "unit": "g"}}, tags=[name]
                )
        found = await client.cell_measurement.list_by_project(made.id)
        assert sorted(m.name for m in found) == ["a", "b", "c"] and found.total == 3
        page = await client.cell_measurement.list_by_project(made.id, limit=2)
        assert len(page) == 2 and page.total == 3
        tagged = await client.cell_measurement.list_by_project(made.id, tags_any="b")
        assert [m.name for m in tagged] == ["b"]
        assert [
            m.name
            for m in await client.cell_measurement.list_by_project(
                made.id, q="C", order="desc"
            )
        ] == ["c"]
        with pytest.raises(ConflictError, match="holds 1 cell specifications"):
            await client.project.delete(made.id)
        with pytest.raises(ConflictError, match="default project"):
            await client.project.delete(default.id)
        await client.cell_spec.delete(spec.id)
        await client.project.delete(made.id)
        with pytest.raises(NotFoundError):
            await client.project.get(made.id)
    async with AsyncIonworks("wrong-key", local_server.url, cache_dir=False) as bad:
        with pytest.raises(AuthenticationError):
            await bad.whoami()
        assert (await bad.health_check())["status"] == "ok"  # open, as health is


async def test_watching_is_idempotent_and_names_resolve_or_say_why(
    local_server: Any,
) -> None:
    async with AsyncIonworks(LOCAL_KEY, local_server.url, cache_dir=False) as client:
        spec = await client.cell_spec.create({"name": "spec"})
        cell = await client.cell_instance.create(spec.id, {"name": "cell 1"})
        mass = await client.cell_measurement.create_properties(
            cell.id, "mass", {"mass": {"value": 1.0, "unit": "g"}}
        )
        await client.cell_measurement.watch(mass.id)
        await client.cell_measurement.watch(mass.id)
        assert local_server.state.store.watched(mass.id)
        await client.cell_measurement.unwatch(mass.id)
        await client.cell_measurement.unwatch(mass.id)
        assert not local_server.state.store.watched(mass.id)
        with pytest.raises(NotFoundError):
            await client.cell_measurement.watch("no-such-measurement")
        found = await client.resolve_measurement("spec", "cell 1", "mass")
        assert found.id == mass.id
        for names, missing in (
            (("nope", "cell 1", "mass"), "cell specification"),
            (("spec", "nope", "mass"), "cell instance"),
            (("spec", "cell 1", "nope"), "cell measurement"),
        ):
            with pytest.raises(NotFoundError, match=f"No {missing} named 'nope'"):
                await client.resolve_measurement(*names)
        # A specification's name is unique in its project, not across them.
        elsewhere = await client.project.create({"name": "elsewhere"})
        await client.cell_spec.create({"name": "spec", "project_id": elsewhere.id})
        with pytest.raises(ConflictError, match="2 cell specifications are named"):
            await client.resolve_measurement("spec", "cell 1", "mass")
        found = await client.resolve_measurement(
            "spec", "cell 1", "mass", project_id=spec.project_id
        )
        assert found.id == mass.id


def test_the_blocking_client_has_the_same_calls(local_thread_server: Any) -> None:
    with Ionworks(LOCAL_KEY, local_thread_server.url, cache_dir=False) as client:
        assert client.health_check()["status"] == "ok"
        assert client.whoami()["organizations"]
        made = client.project.create({"name": "blocking"})
        assert client.project.get(made.id).organization_id
        assert client.cell_measurement.list_by_project(made.id) == []
        client.project.delete(made.id)
