"""ionworks-local's lab: sites, cyclers, channels and a project's lab view.

The async client's lab sub-clients against the server: what is stored, the
names each parent keeps unique, the filters, the derived calibration date,
a cycler's project followed by its channels, and the lab view's states.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ionworks_async import AsyncIonworks, ConflictError, NotFoundError
from ionworks_async.errors import (
    BadRequestError,
    NotAvailableError,
    UnprocessableEntityError,
)
from ionworks_async.local import LocalServer
from ionworks_async.models import ChannelState

from ..support import LOCAL_KEY


@pytest.fixture
async def client(local_server: LocalServer) -> AsyncIonworks:
    return AsyncIonworks(
        LOCAL_KEY,
        local_server.url,
        project_id=local_server.default_project_id,
        cache_dir=False,
        max_retries=0,
    )


async def test_sites_cyclers_and_channels_are_kept_and_found(
    client: AsyncIonworks, local_server: LocalServer
) -> None:
    async with client:
        boston = await client.site.create({"name": "Boston", "location": "Lab A"})
        await client.site.create({"name": "Paris", "location": "Rive gauche"})
        assert (await client.site.create_or_get({"name": "Boston"})).id == boston.id
        with pytest.raises(ConflictError) as conflict:
            await client.site.create({"name": "Boston"})
        assert conflict.value.existing_id == boston.id
        assert [s.name for s in await client.site.list(location="lab")] == ["Boston"]
        assert [s.name for s in await client.site.list(order="desc")] == [
            "Paris",
            "Boston",
        ]
        maccor = await client.cycler.create(
            boston.id,
            {
                "name": "Maccor-1",
                "manufacturer": "Maccor",
                "model": "4000",
                "port": 5000,
                "last_calibrated_at": "2026-01-01T00:00:00Z",
                "calibration_interval_days": 365,
            },
        )
        arbin = await client.cycler.create(boston.id, {"name": "Arbin-1"})
        assert maccor.project_id == local_server.default_project_id
        assert maccor.calibration_due_at == "2027-01-01T00:00:00.000000+00:00"
        assert arbin.calibration_due_at is None
        found = await client.cycler.list(boston.id, manufacturer="macc")
        assert [c.name for c in found] == ["Maccor-1"]
        due = await client.cycler.list(boston.id, calibration_due_before="2028-01-01")
        assert [c.name for c in due] == ["Maccor-1"]
        with pytest.raises(NotFoundError):
            await client.cycler.create("no-site", {"name": "X"})
        with pytest.raises(NotFoundError):
            await client.cycler.create(boston.id, {"name": "X", "project_id": "none"})
        with pytest.raises(UnprocessableEntityError):
            await client.cycler.create(boston.id, {"name": "X", "port": "5000"})

        one = await client.channel.create(maccor.id, {"name": "CH1", "max_amps": 5})
        await client.channel.create(maccor.id, {"name": "CH2"})
        await client.channel.create(arbin.id, {"name": "CH1"})  # another cycler
        assert one.project_id == maccor.project_id and one.max_amps == 5
        assert (await client.channel.list(maccor.id)).total == 2
        assert (await client.channel.list_all()).total == 3
        assert (await client.channel.list_all(cycler_id=arbin.id)).total == 1
        detail = await client.site.detail(boston.id)
        assert sorted(len(c.channels) for c in detail.cyclers) == [1, 2]

        other = await client.project.create({"name": "Other"})
        moved = await client.cycler.update(maccor.id, {"project_id": other.id})
        assert moved.project_id == other.id
        assert {c.project_id for c in await client.channel.list(maccor.id)} == {
            other.id
        }
        with pytest.raises(BadRequestError):
            await client.cycler.update(maccor.id, {"project_id": None})

        await client.site.delete(boston.id)  # its cyclers and channels go too
        assert (await client.channel.list_all()).total == 0
        with pytest.raises(NotFoundError):
            await client.cycler.get(maccor.id)


async def test_the_lab_view_reads_who_is_on_each_channel(
    client: AsyncIonworks, local_server: LocalServer
) -> None:
    project = local_server.default_project_id
    async with client:
        site = await client.site.create({"name": "Lab"})
        cycler = await client.cycler.create(site.id, {"name": "Neware-1"})
        channels = [
            await client.channel.create(cycler.id, {"name": f"CH{n}", "max_amps": n})
            for n in range(1, 5)
        ]
        await client.channel.update(channels[3].id, {"out_of_commission": True})
        spec = await client.cell_spec.create({"name": "LFP"})
        cell = await client.cell_instance.create(spec.id, {"name": "cell 1"})
        running = []
        for channel, ended in ((channels[0], None), (channels[1], None)):
            made = await client.request(
                "POST",
                f"/cell_instances/{cell.id}/cell_measurements/create",
                {
                    "name": f"run on {channel.name}",
                    "measurement_type": "properties",
                    "channel_id": channel.id,
                    "end_time": ended,
                },
            )
            running.append(made["id"])
        await client.request(  # ended: its channel is free again
            "POST",
            f"/cell_instances/{cell.id}/cell_measurements/create",
            {
                "name": "done",
                "measurement_type": "properties",
                "channel_id": channels[2].id,
                "end_time": "2026-01-01T00:00:00Z",
            },
        )
        quiet = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).isoformat()
        state = local_server.state
        assert state is not None
        state.store.connection.execute(
            "UPDATE cell_measurements SET updated_at = ? WHERE id = ?",
            (quiet, running[1]),
        )
        await client.request("POST", f"/cell_measurements/{running[0]}/watch", {})

        status = await client.lab.status(project)
        states = [c.state for c in status.sites[0].cyclers[0].channels]
        assert states == [
            ChannelState.occupied,
            ChannelState.stale,
            ChannelState.free,
            ChannelState.out_of_commission,
        ]
        assert (status.occupied, status.stale, status.free) == (1, 1, 1)
        use = await client.lab.utilization(project, status=status)
        assert (use.percent, use.total) == (50, 4)
        on = await client.lab.on_channel(project, channels[0].id, status=status)
        assert on is not None and on.cell_instance_name == "cell 1" and on.watched
        assert [f.channel.name for f in await client.lab.stale_channels(project)] == [
            "CH2"
        ]
        free = await client.lab.free_channels(project, min_amps=2.5)
        assert [f.channel.name for f in free] == ["CH3"]
        assert await client.lab.list_watched(project) == [running[0]]
        watched = await client.lab.watched_channels(project)
        assert [(f.channel.name, f.site_name) for f in watched] == [("CH1", "Lab")]
        with pytest.raises(NotFoundError):
            await client.lab.status("no-project")


async def test_the_hosted_services_compute_is_a_typed_no_sent_once(
    client: AsyncIonworks, local_server: LocalServer, tmp_path: Path
) -> None:
    protocol_file = tmp_path / "procedure.000"
    protocol_file.write_bytes(b"MACCOR")
    async with client:
        with pytest.raises(NotAvailableError) as refused:
            await client.protocol.convert("steps: []", "maccor")
        assert refused.value.status_code == 501
        assert refused.value.error_code == "NOT_AVAILABLE_LOCALLY"
        assert "not available on ionworks-local" in str(refused.value).lower()
        with pytest.raises(NotAvailableError):
            await client.protocol.parse_file(protocol_file)
        for path in ("/simulations/s-1", "/pipelines", "/ecm/examples", "/jobs/j"):
            with pytest.raises(NotAvailableError):
                await client.request("GET", path)
        stats = await client.request("GET", "/_local/stats")
    # one request each: a 501 is not retried
    assert stats["requests"]["POST /protocols/{path}"] == 2  # convert, parse
    assert stats["statuses"]["501"] == 6


async def test_a_service_takes_every_channel_out_and_brings_them_back(
    client: AsyncIonworks,
) -> None:
    async with client:
        site = await client.site.create({"name": "Lab"})
        cycler = await client.cycler.create(site.id, {"name": "Arbin"})
        one = await client.channel.create(cycler.id, {"name": "CH1"})
        two = await client.channel.create(cycler.id, {"name": "CH2"})
        event = await client.cycler.start_service(
            cycler.id, "calibration", "2026-12-08T09:00:00Z", notes="annual"
        )
        assert event.performed_at is None and event.notes == "annual"
        channels = await client.channel.list(cycler.id)
        assert [c.out_of_commission for c in channels] == [True, True]
        (outage,) = await client.channel.list_incidents(one.id)
        assert outage.service_event_id == event.id and outage.category == "calibration"
        with pytest.raises(ConflictError, match="open service event"):
            await client.cycler.start_service(cycler.id, "repair", "2026-12-09")
        done = await client.cycler.complete_service(
            cycler.id, "2026-12-08T11:00:00Z", calibration_interval_days=30
        )
        assert done.id == event.id and done.performed_at
        again = await client.cycler.get(cycler.id)
        assert again.calibration_due_at == "2027-01-07T11:00:00.000000+00:00"
        assert not any(
            c.out_of_commission for c in await client.channel.list(cycler.id)
        )
        assert (await client.channel.list_incidents(one.id))[0].resolved_at
        await client.channel.update(two.id, {"out_of_commission": True})
        own = await client.channel.list_incidents(two.id, limit=1)
        assert own.total == 2 and own[0].service_event_id is None
        assert own[0].resolved_at is None and not own[0].is_overdue_to_return
        await client.channel.update(two.id, {"out_of_commission": False})
        assert (await client.channel.list_incidents(two.id))[0].resolved_at
        recorded = await client.cycler.complete_service(cycler.id, event_type="repair")
        assert recorded.event_type == "repair"  # none open: one recorded as done
        events = await client.cycler.list_service_events(cycler.id)
        assert [e.event_type for e in events] == ["repair", "calibration"]
