"""The current public client (ionworks-api) against ionworks-local, unchanged.

The public client installs a package named ``ionworks`` too, so it lives in a
virtual environment of its own: ``IONWORKS_PEER_PYTHON`` names its
interpreter (``bash .ci/run`` builds one). Each script under ``tests/integration/peer/``
runs there, isolated (``-I``) from this checkout, against a server started
here, and prints one JSON line of what it saw.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ionworks_async.local import serve

from ..support import LOCAL_KEY

PEER_PYTHON = os.environ.get("IONWORKS_PEER_PYTHON", "")
SCRIPTS = Path(__file__).with_name("peer")

pytestmark = [
    pytest.mark.peer,
    pytest.mark.skipif(
        not PEER_PYTHON,
        reason="IONWORKS_PEER_PYTHON is not set: no interpreter with the public "
        "client (ionworks-api) to run against ionworks-local",
    ),
]


def run_peer(script: str, tmp_path: Path) -> dict[str, Any]:
    """Run a peer script against a fresh in-memory ionworks-local."""
    with serve(in_memory=True, api_keys=[LOCAL_KEY]) as server:
        result = subprocess.run(
            [PEER_PYTHON, "-I", str(SCRIPTS / script), server.url, LOCAL_KEY],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        )
    assert result.returncode == 0, result.stderr[-4000:]
    seen: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return seen


def test_the_public_client_uses_lots_and_projects(tmp_path: Path) -> None:
    seen = run_peer("lots_and_projects.py", tmp_path)
    assert seen["spec_project"]  # filed in the server's default project
    assert seen["create_or_get_same"] and seen["lot_same"]
    assert seen["cell_batch"] == [True, "LOT-1"]
    assert seen["members"] == ["cell-1"] and seen["moved"] == "LOT-1"
    assert seen["count"] == 2 and seen["renamed"] == "LOT-1b"
    assert (seen["lots"], seen["lots_total"]) == (["LOT-1b"], 1)
    assert seen["refused"]  # the public client refuses a free-text batch itself
    assert seen["kept"] == ["cell-1", None]  # deleting a lot keeps its cells
    assert seen["remaining"] == ["cell-1"]


def test_the_public_client_measurement_workflow(tmp_path: Path) -> None:
    seen = run_peer("measurements.py", tmp_path)
    # It waits for processing, then returns the confirm's bundle as it was.
    assert seen["bundle"][0::2] == ["Formation", 0]
    assert seen["again_same"]
    assert seen["properties"] == ["properties", ["peer", "scale"]]
    assert seen["file"] == ["file", ["cell.png"], True]
    assert seen["extended"] == ["ready", None]
    assert seen["listed"] == ["Formation", "mass", "photo"]
    assert seen["tagged"] == ["Formation", "mass"]  # "Peer" and "peer" are one tag
    assert seen["added"] == 1 and seen["removed"] == 1
    assert seen["tags"][0] == ["Peer", 3] or seen["tags"][0] == ["peer", 3]
    assert seen["detail"] == ["ready", True, 60, 6]
    assert seen["steps_and_cycles"] == [6, 1]
    assert seen["time_series_rows"] == 60
    assert seen["instance_measurements"] == ["Formation", "mass", "photo"]


def test_the_public_client_keeps_raw_data_and_its_links(tmp_path: Path) -> None:
    seen = run_peer("raw_data.py", tmp_path)
    assert seen["uploaded"] == ["run.041", "run.041", "Maccor, channel 41"]
    assert seen["listed"] == [True, 1]
    assert seen["got"] == [True, True]
    assert seen["signed"]
    assert seen["downloaded"] == [True, True]  # byte for byte, then cached
    assert seen["updated"] == ["run 41", {"lab": "B"}]
    assert seen["cleared"] is None
    assert seen["linked"] == [True, 1]  # attached twice, linked once
    assert seen["measurements"] == [True, 1]
    assert seen["after"] == 0 and seen["gone"]


def test_the_public_client_projects_identity_and_lookups(tmp_path: Path) -> None:
    seen = run_peer("projects_and_identity.py", tmp_path)
    assert seen["health"] == "ok"
    assert seen["me"] == [True, True]
    assert seen["projects"] == [True, True]  # Project needs organization_id
    assert seen["made"] == ["Peer project", "Peer project 2"]
    assert seen["in_project"] == ["mass"]
    assert seen["resolved"] and seen["missing"] == 404


def test_the_public_client_uploads_large_files_by_parts(tmp_path: Path) -> None:
    seen = run_peer("large_uploads.py", tmp_path)
    assert seen["same"] == [True, True]
    if seen["boto3"]:  # CI installs its large-uploads extra: boto3's multipart
        assert seen["s3"]["POST /storage/s3/{bucket}/{key}"] == 4  # 2 x create+done
        assert seen["s3"]["PUT /storage/s3/{bucket}/{key}"] >= 4  # 2 parts each
    else:  # without boto3 it falls back to the signed PUT, which still works
        assert seen["s3"] == {}
