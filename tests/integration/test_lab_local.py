"""The public client's lab, against ionworks-local: the same answers as ours.

``peer/lab_local.py`` runs a lab's day (sites, cyclers, channels, services,
plans, protocols, the lab view, members, search, materials' tables,
analyses) once with the public client's interpreter and once with ours,
each against a fresh ionworks-local, and each step's outcome must be the
same. Without the peer's interpreter ours still runs and is checked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ionworks_async.local import serve

from ..support import LOCAL_KEY

PEER_PYTHON = os.environ.get("IONWORKS_PEER_PYTHON", "")
SCRIPT = Path(__file__).with_name("peer") / "lab_local.py"


def _outcomes(python: str, tmp_path: Path, *, isolated: bool) -> dict[str, Any]:
    with serve(in_memory=True, api_keys=[LOCAL_KEY]) as server:
        done = subprocess.run(
            [python, *(["-I"] if isolated else []), str(SCRIPT), server.url, LOCAL_KEY],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        )
    assert done.returncode == 0, done.stderr[-4000:]
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def test_our_client_runs_the_lab_on_ionworks_local(tmp_path: Path) -> None:
    seen = _outcomes(sys.executable, tmp_path, isolated=False)
    assert seen["out"] == [True, True] and seen["back"] == [False, False]
    assert seen["second service"] == ["error", 409]
    assert seen["overlap"] == ["error", 409]
    assert seen["states"] == ["free", "occupied"]
    assert seen["utilization"] == 50
    assert seen["compute"] == ["error", 501]
    assert seen["pipeline"] == ["error", 501]
    assert seen["electrolyte"] == 0.95
    assert seen["data"] == {"c [mol.m-3]": [1000.0, 1200.0], "k [S.m-1]": [0.9, 1.0]}


@pytest.mark.peer
@pytest.mark.skipif(
    not PEER_PYTHON,
    reason="IONWORKS_PEER_PYTHON is not set: no interpreter with the public "
    "client (ionworks-api) to compare with",
)
def test_the_public_clients_lab_answers_as_ours(tmp_path: Path) -> None:
    (tmp_path / "theirs").mkdir()
    (tmp_path / "ours").mkdir()
    theirs = _outcomes(PEER_PYTHON, tmp_path / "theirs", isolated=True)
    ours = _outcomes(sys.executable, tmp_path / "ours", isolated=False)
    assert theirs == ours
