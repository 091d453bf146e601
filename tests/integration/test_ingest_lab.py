"""``ionworks ingest`` meets the lab: each file's cycler and channel, linked.

A sidecar names a registered cycler and channel: the measurement is linked
to the channel (its ``channel_id``) and the names are recorded; a sidecar
naming one that is not registered fails that file alone, saying which; a
file's own header (a Maccor export's channel, written as its extension)
links it when a registered cycler has its make's name and that channel.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from ionworks_async import AsyncIonworks
from ionworks_async.ingest import ingest_folder
from ionworks_async.ingest.lab_links import channel_matches

from ..support import LOCAL_KEY

DATA = Path(__file__).resolve().parents[1] / "data" / "cyclers"
MACCOR = DATA / "maccor" / "maccor_test_file_4267-66-6519.041"
NOVONIX = DATA / "novonix" / "sample_data_novonix.csv"


def test_a_channel_is_named_or_numbered() -> None:
    assert channel_matches("CH41", 41)
    assert channel_matches("Channel 07", "7")
    assert channel_matches("ch-3", "CH3")
    assert channel_matches("A1", "a1")
    assert not channel_matches("CH41", 4)
    assert not channel_matches("A1", 1)


async def test_files_are_linked_to_the_channels_that_made_them(
    tmp_path: Path, local_thread_server: Any
) -> None:
    root = tmp_path / "lab"
    cell = root / "cell-1"
    cell.mkdir(parents=True)
    (root / "spec.json").write_text(json.dumps({"name": "linked"}))
    shutil.copy(NOVONIX, cell / "named.csv")
    (cell / "named.csv.json").write_text(
        json.dumps({"cycler": "novonix-A", "channel": 2})
    )
    shutil.copy(NOVONIX, cell / "unknown.csv")
    (cell / "unknown.csv.json").write_text(
        json.dumps({"cycler": "Novonix-A", "channel": "CH9"})
    )
    shutil.copy(MACCOR, cell / "run.041")  # its header: Maccor, channel 41
    async with AsyncIonworks(
        LOCAL_KEY, local_thread_server.url, cache_dir=False
    ) as client:
        site = await client.site.create({"name": "Boston"})
        novonix = await client.cycler.create(site.id, {"name": "Novonix-A"})
        maccor = await client.cycler.create(site.id, {"name": "Maccor"})
        await client.channel.create(novonix.id, {"name": "CH1"})
        ch2 = await client.channel.create(novonix.id, {"name": "CH02"})
        ch41 = await client.channel.create(maccor.id, {"name": "41"})
        report = await ingest_folder(client, root)
        outcomes = {o.path.name: o for o in report.outcomes}
        assert outcomes["named.csv"].status == "ingested"
        assert outcomes["run.041"].status == "ingested"
        refused = outcomes["unknown.csv"]
        assert refused.status == "failed"
        assert "cycler 'Novonix-A' has no channel 'CH9'" in (refused.reason or "")
        named = await client.cell_measurement.get(outcomes["named.csv"].measurement_id)
        assert named.channel_id == ch2.id
        assert named.test_setup["cycler_name"] == "novonix-A"
        assert named.test_setup["channel_name"] == 2
        by_header = await client.cell_measurement.get(
            outcomes["run.041"].measurement_id
        )
        assert by_header.channel_id == ch41.id
        assert by_header.test_setup["channel_number"] == 41
        status = await client.lab.status(novonix.project_id)
        states = {
            channel.name: channel.state
            for cycler in status.sites[0].cyclers
            for channel in cycler.channels
        }
        assert states == {"CH1": "free", "CH02": "occupied", "41": "occupied"}
