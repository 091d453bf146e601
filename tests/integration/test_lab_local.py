"""The public client's lab, against ionworks-local: the same answers as ours.

``peer/lab_local.py`` runs a lab's day (sites, cyclers, channels, services,
plans, protocols, the lab view, members, search, materials' tables,
analyses) once with the public client's interpreter and once with ours,
each against a fresh ionworks-local, and each step's outcome must be the
same. Without the peer's interpreter ours still runs and is checked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from ..support.peer_scripts import script_outcomes

PEER_PYTHON = os.environ.get("IONWORKS_PEER_PYTHON", "")
SCRIPT = Path(__file__).with_name("peer") / "lab_local.py"


def _outcomes(python: str, tmp_path: Path, *, isolated: bool) -> dict[str, Any]:
    return script_outcomes(python, SCRIPT, tmp_path, isolated=isolated)


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
