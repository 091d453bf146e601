"""The same script, run with the public client and with ours: the same outcomes.

A script written for ionworks-api runs unchanged on ours (DESIGN principle
7): ``tests/integration/peer/same_calls.py`` imports ``ionworks`` and runs
once in the public client's virtual environment (``IONWORKS_PEER_PYTHON``)
and once in this one, each against a fresh ionworks-local, and each call's
outcome (the kind of its value, or its error's status) is compared call by
call. Without the peer's interpreter, ours still runs and its outcomes are
checked against what the public client is known to return.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from ..support.peer_scripts import script_outcomes

PEER_PYTHON = os.environ.get("IONWORKS_PEER_PYTHON", "")
SCRIPT = Path(__file__).with_name("peer") / "same_calls.py"


def _outcomes(python: str, tmp_path: Path, *, isolated: bool) -> dict[str, Any]:
    return script_outcomes(python, SCRIPT, tmp_path, isolated=isolated)


def test_our_client_answers_the_escape_hatch_and_discovery(tmp_path: Path) -> None:
    seen = _outcomes(sys.executable, tmp_path, isolated=False)
    assert seen["constructed"] == [True]
    assert seen["get users/me"][0] == "dict"
    assert seen["post spec"][0] == "dict" and "id" in seen["post spec"][1]
    assert seen["patched notes"] == ["n"]
    assert seen["request list"] == ["dict", ["count", "items", "total"]]
    assert seen["get missing"] == ["error", 404]
    assert seen["caught by ionworks.errors"] == [404]
    assert seen["post refused"] == ["error", 422]
    assert seen["capabilities"] == [
        "dict",
        [
            "authentication",
            "domain_context",
            "openapi_spec",
            "schemas",
            "service",
            "version",
        ],
    ]
    assert seen["schema data"][0] == "dict" and "$defs" in seen["schema data"][1]
    assert seen["schema protocol"][0] == "dict"
    assert seen["schema unknown"][0] == "ValueError"
    assert seen["redirect_url of no redirect"] == ["error", None]
    assert seen["redirect_url"] == ["str", True]  # storage on the server's origin
    assert seen["request_raw"] == ["bytes", "PAR1"]
    assert seen["window rows"] == [float(n) for n in range(5, 15)]
    assert seen["beyond rows"] == 50  # 80 rows (40 and 40 extended): 30 to the end
    assert seen["roles"] == ["list", 3]
    assert seen["add_member"] == seen["update_member"] == ["none"]
    assert seen["add_member unknown role"][0] == "ValueError"
    assert seen["add_member unknown user"] == ["error", 404]
    assert seen["invite_member"] == ["object", "InviteResult"]
    assert seen["invited"] == [False, False]  # ionworks-local sends no email
    assert seen["remove_member"] == ["none"]
    assert seen["remove_member again"] == ["error", 404]
    assert seen["specs plain names"] == ["A", "B", "C"]
    assert seen["specs plain components"] == []  # only with include_components
    assert seen["specs full components"] == ["A", "B"]
    assert seen["specs by material names"] == ["A", "B"]
    assert seen["specs by materials names"] == ["A", "C"]
    assert seen["specs by no material names"] == []
    assert seen["specs by cathode names"] == []  # A, left out
    assert seen["related names"] == ["B"]
    assert seen["related by cathode names"] == []
    assert seen["related with itself names"] == ["A", "B"]
    assert seen["related of a wing"][0] == "ValueError"
    assert seen["delete spec"] == ["none"]
    assert seen["get deleted"] == ["error", 404]
    # Records of the public client's kinds: ISO text times, assignable, dumped.
    for label in ("spec", "cell", "created", "measurement", "extended", "batch"):
        record = seen[label + " record"]
        assert record["times"][:2] == ["str", "str"], label
        assert {"id", "name", "created_at"} <= set(record["set keys"]), label
        assert record["dump"] == [True, True] and record["copy"] == "other"
        assert seen[label + " assigned"][:2] == ["assigned", "L7"], label
    assert seen["created record"]["class"] == "CellMeasurementBundleResponse"
    assert seen["extended record"]["class"] == "CellMeasurementBundleResponse"
    assert seen["measurement kinds"] == ["MeasurementType", "time_series", [], 0]
    assert seen["wait_for_processing"][0] == "dict"  # a dict of dicts
    assert seen["settled status"] == ["ready"]
    assert seen["spec updated"] == ["u"] and seen["measurement updated"] == ["m"]
    assert seen["cell again"] == [True] and seen["cycles rows"] == [1]
    assert seen["download_files"] == seen["download_files named"]
    assert seen["download_files"] == ["dict", ["note.txt"]]
    assert seen["get deleted measurement"] == ["error", 404]
    # The Navigator: a name walk, kept until invalidated.
    assert seen["navigator specs"] == ["A", "B", "C"]
    assert seen["navigator spec missing"] == ["error", None]  # a KeyError
    assert seen["navigator no project"][0] == "ValueError"
    assert seen["navigator steps"] == ["DataFrame", True, 4]
    assert seen["navigator kept"] == ["run"]  # "again" is not seen yet
    assert seen["navigator invalidated"] == ["again", "run"]
    assert seen["cache off"] == [False, 4] and seen["cache ttl"] == [60]
    assert seen["validate late start"] == [["time_does_not_start_at_zero"]]


@pytest.mark.peer
@pytest.mark.skipif(
    not PEER_PYTHON,
    reason="IONWORKS_PEER_PYTHON is not set: no interpreter with the public "
    "client (ionworks-api) to compare with",
)
def test_the_public_client_and_ours_see_the_same_outcomes(tmp_path: Path) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "theirs").mkdir()
    ours = _outcomes(sys.executable, tmp_path / "ours", isolated=False)
    theirs = _outcomes(PEER_PYTHON, tmp_path / "theirs", isolated=True)
    assert set(ours) == set(theirs)
    differing = {
        call: (theirs[call], ours[call])
        for call in theirs
        if theirs[call] != ours[call]
    }
    print(f"{len(theirs)} calls compared")
    assert not differing, differing
