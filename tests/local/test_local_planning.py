"""ionworks-local's planning: protocols, planned measurements and their schedules."""

from __future__ import annotations

import pytest

from ionworks_async import AsyncIonworks, ConflictError, NotFoundError
from ionworks_async.errors import UnprocessableEntityError
from ionworks_async.local import LocalServer
from ionworks_async.models import PlannedMeasurementStatus

from ..support import LOCAL_KEY

CCCV = "steps:\n  - Charge: {current: 1 A}\n  - Rest: {duration: 60 s}\n"


@pytest.fixture
def client(local_server: LocalServer) -> AsyncIonworks:
    return AsyncIonworks(
        LOCAL_KEY,
        local_server.url,
        project_id=local_server.default_project_id,
        cache_dir=False,
        max_retries=0,
    )


async def test_protocols_are_kept_found_and_told(client: AsyncIonworks) -> None:
    async with client:
        made = await client.protocol.create("CCCV", CCCV, description="standard")
        assert made.protocol_config == {
            "steps": [{"Charge": {"current": "1 A"}}, {"Rest": {"duration": "60 s"}}]
        }
        assert (await client.protocol.create_or_get("CCCV", CCCV)).id == made.id
        forced = await client.protocol.create("CCCV", CCCV, force_create=True)
        assert forced.id != made.id  # names are not unique
        with pytest.raises(ValueError, match="2 protocols in this project"):
            await client.protocol.find_by_name("CCCV")
        listed = await client.protocol.list(name_exact="CCCV")
        assert listed.total == 2 and listed[0].protocol_config is None
        full = await client.protocol.list(include=["protocol_config"], limit=1)
        assert full[0].protocol_config is not None and full[0].source_protocol is None
        assert await client.protocol.human_readable(made.id) == (
            "CCCV: 2 steps\n1. Charge: current 1 A\n2. Rest: duration 60 s"
        )
        assert await client.protocol.source_protocol(made.id) == CCCV
        renamed = await client.protocol.update(made.id, name="CCCV 1C")
        assert (renamed.name, renamed.description) == ("CCCV 1C", "standard")
        with pytest.raises(UnprocessableEntityError, match="list of 'steps'"):
            await client.protocol.create("bad", {"stages": []})
        await client.protocol.delete(forced.id)
        assert (await client.protocol.find_by_name("CCCV")) is None


async def test_tests_are_requested_scheduled_without_overlap_and_cancelled(
    client: AsyncIonworks,
) -> None:
    async with client:
        site = await client.site.create({"name": "Lab"})
        cycler = await client.cycler.create(site.id, {"name": "Maccor"})
        one = await client.channel.create(cycler.id, {"name": "CH1"})
        two = await client.channel.create(cycler.id, {"name": "CH2"})
        planned = client.planned_measurement
        a = await planned.create({"name": "a", "estimated_duration_seconds": 7200})
        b = await planned.create({"name": "b"})
        c = await planned.create({"name": "c", "estimated_duration_seconds": 1800})
        assert a.status is PlannedMeasurementStatus.requested
        assert (await planned.create_or_get({"name": "a"})).id == a.id
        day = "2030-01-01T"
        held = await planned.schedule(
            a.id, one.id, day + "00:00:00Z", day + "02:00:00Z"
        )
        assert held.status == "scheduled" and held.scheduled_by_email
        with pytest.raises(ConflictError, match="is reserved from"):
            await planned.schedule(b.id, one.id, day + "01:00:00Z", day + "03:00:00Z")
        touching = await planned.schedule(
            b.id, one.id, day + "02:00:00Z", day + "03:00:00Z"
        )  # touching is not overlapping
        assert touching.status == "scheduled"
        with pytest.raises(NotFoundError):
            await planned.schedule(c.id, "elsewhere", day + "05:00Z", day + "06:00Z")
        with pytest.raises(UnprocessableEntityError, match="after planned_start_time"):
            await planned.update(
                c.id,
                {
                    "planned_start_time": day + "06:00Z",
                    "planned_end_time": day + "05:00Z",
                },
            )
        await client.channel.update(two.id, {"out_of_commission": True})
        proposal = await planned.auto_schedule_proposal([c.id, a.id], day + "00:00:00Z")
        first, second = proposal.assignments
        assert (first.channel_name, first.planned_start_time) == (
            "CH1",
            day + "03:00:00.000000+00:00",  # after a and b, CH2 out of service
        )
        assert first.is_scheduled and not second.is_scheduled  # a: scheduled
        await client.channel.update(two.id, {"out_of_commission": False})
        applied = await planned.apply_auto_schedule_proposal([first])
        assert [p.channel_id for p in applied] == [one.id]
        with pytest.raises(ConflictError, match="changed since the proposal"):
            await planned.apply_auto_schedule_proposal([first])
        assert (await planned.cancel(b.id)).status == "cancelled"
        assert (await planned.list(status="scheduled")).total == 2
        assert (await planned.list(channel_id=one.id)).total == 3
        again = await planned.schedule(c.id, one.id, day + "02:00:00Z", day + "02:30Z")
        assert again.status == "scheduled"  # b's cancelled window is free again
        await planned.delete(a.id)
        with pytest.raises(NotFoundError):
            await planned.get(a.id)
