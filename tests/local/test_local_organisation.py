"""ionworks-local's organisation: its members and roles, its usage, and search."""

from __future__ import annotations

import pytest

from ionworks_async import AsyncIonworks, ConflictError, NotFoundError
from ionworks_async.local import LocalServer

from ..support import LOCAL_KEY


@pytest.fixture
def client(local_server: LocalServer) -> AsyncIonworks:
    return AsyncIonworks(
        LOCAL_KEY,
        local_server.url,
        project_id=local_server.default_project_id,
        cache_dir=False,
        max_retries=0,
    )


async def test_members_are_invited_given_roles_and_removed(
    client: AsyncIonworks,
) -> None:
    async with client:
        me = await client.whoami()
        (own,) = await client.organization.members()
        assert (own.email, own.role) == (me["email"], "Admin")
        invited = await client.organization.invite("ada@lab.example")
        assert not invited.invite_sent and not invited.already_member
        again = await client.organization.invite("ADA@lab.example", "Admin")
        assert again.already_member and again.user_id == invited.user_id
        await client.organization.set_role(invited.user_id, "Admin")
        await client.organization.deactivate(invited.user_id)
        ada = await client.organization.get_member("ada@lab.example")
        assert (ada.role, ada.is_active) == ("Admin", False)
        await client.organization.reactivate(invited.user_id)
        await client.organization.resend_invite(invited.user_id)
        with pytest.raises(ConflictError):
            await client.organization.deactivate(own.id)
        await client.project.add_member(
            client.context.project_id or "", invited.user_id, "Project Viewer"
        )
        ada = await client.organization.get_member("ada@lab.example")
        assert [p.project_id for p in ada.projects] == [client.context.project_id]
        await client.organization.remove(invited.user_id)
        assert len(await client.organization.members()) == 1
        with pytest.raises(NotFoundError):
            await client.organization.remove(invited.user_id)
        with pytest.raises(ValueError, match="No member"):
            await client.organization.get_member("ada@lab.example")
        usage = await client.organization.usage()
        assert usage.simulation.usage == 0 and usage.compute.limit is None


async def test_search_finds_names_of_every_kind(client: AsyncIonworks) -> None:
    async with client:
        spec = await client.cell_spec.create({"name": "NMC Zelle"})
        await client.cell_instance.create(spec.id, {"name": "zelle-1"})
        site = await client.site.create({"name": "Halle"})
        await client.cycler.create(site.id, {"name": "Zelle tester"})
        await client.protocol.create("Zellentest", {"steps": []})
        found = await client.search.query("ZELLE")
        assert [(hit.entity_type, hit.name) for hit in found] == [
            ("cell_specification", "NMC Zelle"),
            ("cell_instance", "zelle-1"),
            ("cycler", "Zelle tester"),
            ("protocol", "Zellentest"),
        ]
        assert found[1].parent_id == spec.id and found.total == 4
        only = await client.search.query("zelle", entity_types=["cycler", "protocol"])
        assert [hit.entity_type for hit in only] == ["cycler", "protocol"]
        page = await client.search.query("zelle", limit=1, offset=1, per_type=1)
        assert [hit.name for hit in page] == ["zelle-1"] and page.total == 4
        assert not await client.search.query("100%")  # literally, not a pattern
