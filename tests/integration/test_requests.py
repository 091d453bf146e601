"""Request for request: each method sends what the public client sends.

``peer/route_calls.py`` calls every method of the sub-clients listed in
:data:`COVERED` (some several times, with other arguments, conflicts and
errors), once with the public client's interpreter (``IONWORKS_PEER_PYTHON``)
and once with ours, each against a server that records the requests of each
call and answers from stored examples of the shapes the public client parses
(:mod:`.routes.examples`). Call by call, the requests (method, path,
query, JSON body or multipart parts; in any order, since a ``detail`` sends
some at once) and the answers read must be the same.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks

from .routes.recorder import recording

PEER_PYTHON = os.environ.get("IONWORKS_PEER_PYTHON", "")
SCRIPT = Path(__file__).with_name("peer") / "route_calls.py"
COVERED = (
    "cell_spec",
    "cell_batch",
    "cell_instance",
    "cell_measurement",
    "raw_data",
    "project",
    "site",
    "cycler",
    "channel",
    "lab",
    "planned_measurement",
    "protocol",
    "organization",
    "search",
    "urls",
    "material",
    "study",
    "job",
    "material_property_dataset",
    "analysis",
    "model",
    "parameterized_model",
    "optimization",
    "simulation",
    "model_builder",
    "ecm",
    "pipeline",
    "simple_pipeline",
    "electrolyte",
)
"""The sub-clients the calls cover: each of their public methods is called."""

DATA_CLIENTS = {
    "cell_spec",
    "cell_batch",
    "cell_instance",
    "cell_measurement",
    "raw_data",
    "project",
}
OURS_ONLY = {"create_many", "iter_all"}
"""Methods of our data clients that the public client has not (nothing to compare)."""

FEWER = {
    ("cell_instance", "detail"): "its measurements' records come with their list, "
    "read whole (limit=100), and steps with steps_and_cycles",
    ("cell_measurement", "detail"): "steps come with steps_and_cycles (and cycles "
    "alone when steps are not wanted), not downloaded again",
    ("raw_data", "download"): "the record is read only to name a cached copy",
}
"""Calls that send fewer (or lighter) requests than the public client's, and why.

Their answers must still be the same (docs/coming-from-ionworks-api.md)."""


def _run(python: str, tmp_path: Path) -> tuple[list[Any], dict[str, list[Any]]]:
    """Run the calls with one interpreter; return the answers and the requests."""
    home = tmp_path / Path(python).parent.parent.name
    home.mkdir()
    with recording() as (url, recorded):
        done = subprocess.run(
            [python, "-I", str(SCRIPT), url],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=home,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(home)},
        )
        requests = {n: sorted(sent, key=json.dumps) for n, sent in recorded.items()}
    assert done.returncode == 0, done.stderr[-4000:]
    answers: list[Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answers, requests


def _calls() -> list[tuple[str, str]]:
    """The (sub-client, method) of each call of the script, read from its source."""
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and getattr(node.targets[0], "id", "") == "CALLS"
        ):
            calls = ast.literal_eval(node.value)
            return [(name, method) for name, method, _, _ in calls]
    raise AssertionError("route_calls.py has no CALLS")


def test_the_calls_cover_every_method_of_the_covered_sub_clients() -> None:
    called = set(_calls())
    with Ionworks("k" * 40, "http://127.0.0.1:9", cache_dir=False) as client:
        for name in COVERED:
            resource = getattr(client, name)
            methods = {
                member
                for member in dir(resource)
                if not member.startswith("_") and callable(getattr(resource, member))
            }
            assert methods, name
            ours_only = OURS_ONLY if name in DATA_CLIENTS else set()
            uncalled = methods - ours_only - {m for n, m in called if n == name}
            assert uncalled == set(), name


def test_our_calls_send_requests_and_read_answers(tmp_path: Path) -> None:
    answers, requests = _run(sys.executable, tmp_path)
    calls = _calls()
    assert len(answers) == len(calls)
    # Every call sends requests but those refused before any (an error), those
    # answered from a lab view given to them, links and a search for no type.
    silent = {n for n in range(len(answers)) if str(n) not in requests}
    quiet = {"lab", "urls", "search"}
    unsent = [
        calls[n]
        for n in silent
        if calls[n][0] not in quiet
        and not calls[n][0].startswith("=")  # an answer read again, or its cache
        and not (isinstance(answers[n][2], dict) and "error" in answers[n][2])
        and answers[n][2] != {"list": [], "total": 0}  # none of no materials
    ]
    assert unsent == []
    first = answers[0][2]
    assert first == {
        "type": "Site",
        "id": "site-1",
        "name": "Boston",
        "location": "Lab A",
    }
    assert answers[1][2] == {"error": "status", "status": 404}
    sent = requests[str(calls.index(("site", "detail")))]
    assert [request[1] for request in sent] == [
        "/cyclers/cyc-1/channels",
        "/sites/site-1",
        "/sites/site-1/cyclers",
    ]


@pytest.mark.peer
@pytest.mark.skipif(
    not PEER_PYTHON,
    reason="IONWORKS_PEER_PYTHON is not set: no interpreter with the public "
    "client (ionworks-api) to compare with",
)
def test_every_call_sends_the_public_clients_requests(tmp_path: Path) -> None:
    theirs, their_requests = _run(PEER_PYTHON, tmp_path)
    ours, our_requests = _run(sys.executable, tmp_path)
    calls = _calls()
    assert len(theirs) == len(ours) == len(calls)
    differing = [
        (n, *calls[n])
        for n in range(len(calls))
        if their_requests.get(str(n)) != our_requests.get(str(n))
        and not (
            calls[n] in FEWER
            and len(our_requests.get(str(n), [])) <= len(their_requests[str(n)])
        )
    ]
    assert {calls[n] for n in range(len(calls)) if calls[n] in FEWER} == set(FEWER)
    assert differing == [], [
        (their_requests.get(str(n)), our_requests.get(str(n))) for n, *_ in differing
    ]
    answered = [(n, *calls[n]) for n in range(len(calls)) if theirs[n] != ours[n]]
    assert answered == [], [(theirs[n], ours[n]) for n, *_ in answered]
    sent = sum(len(requests) for requests in our_requests.values())
    print(f"{len(calls)} calls, {sent} requests, the same from both clients")
