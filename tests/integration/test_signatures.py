"""Every public method of the public client's clients, with the same signature.

The public client (ionworks-api, in its own environment) prints the
signatures of ``Ionworks`` and of each sub-client ours has
(``peer/signatures.py`` lists them); ours, blocking and async, must have each
method with the same positional parameters (names, order, defaults) and each
of its keyword-only ones; ours may add keyword-only parameters after them.

No method may differ: each one differing is named.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ionworks import Ionworks
from ionworks_async import AsyncIonworks

sys.path.insert(0, str(Path(__file__).with_name("peer")))
from signatures import helpers, signatures

PEER_PYTHON = os.environ.get("IONWORKS_PEER_PYTHON", "")
SCRIPT = Path(__file__).with_name("peer") / "signatures.py"

Parameters = list[list[Any]]


def differs(theirs: Parameters, ours: Parameters | None) -> bool:
    """Whether a caller of the public client's method could fail on ours."""
    if ours is None:
        return True
    positional = [p for p in theirs if p[1] != "KEYWORD_ONLY"]
    our_positional = [p for p in ours if p[1] != "KEYWORD_ONLY"]
    if our_positional[: len(positional)] != positional:
        return True
    if any(p[1] != "VAR_KEYWORD" for p in our_positional[len(positional) :]):
        return True  # a positional parameter more: a call's arguments shift
    our_keywords = {p[0]: p for p in ours if p[1] == "KEYWORD_ONLY"}
    return any(our_keywords.get(p[0]) != p for p in theirs if p[1] == "KEYWORD_ONLY")


def _differing(theirs: dict[str, Any], ours: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (client, method)
        for client, methods in theirs.items()
        for method, parameters in methods.items()
        if differs(parameters, ours.get(client, {}).get(method))
    }


def test_the_rule_tells_a_breaking_signature_from_an_added_keyword() -> None:
    base = [["a", "POSITIONAL_OR_KEYWORD", None], ["b", "KEYWORD_ONLY", "None"]]
    assert not differs(base, [*base, ["c", "KEYWORD_ONLY", "1"]])
    assert differs(base, [["a", "POSITIONAL_OR_KEYWORD", None]])  # b is missing
    assert differs(base, [["x", "POSITIONAL_OR_KEYWORD", None], base[1]])
    assert differs(base, [base[0], ["c", "POSITIONAL_OR_KEYWORD", "1"], base[1]])
    assert differs(base, [base[0], ["b", "KEYWORD_ONLY", "2"]])  # another default


@pytest.mark.peer
@pytest.mark.skipif(
    not PEER_PYTHON,
    reason="IONWORKS_PEER_PYTHON is not set: no interpreter with the public "
    "client (ionworks-api) to compare with",
)
def test_every_method_of_our_sub_clients_has_the_public_clients_signature(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [PEER_PYTHON, "-I", str(SCRIPT), "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-4000:]
    theirs = json.loads(done.stdout.strip().splitlines()[-1])
    key = "k" * 40
    with Ionworks(key, "http://127.0.0.1:9", cache_dir=False) as blocking:
        ours_blocking = {**signatures(blocking), **helpers(blocking)}
    ours_async = signatures(AsyncIonworks(key, "http://127.0.0.1:9", cache_dir=False))
    compared = sum(len(methods) for methods in theirs.values())
    print(f"{compared} methods and functions compared")
    assert {"Navigator", "functions"} <= set(theirs)
    assert _differing(theirs, ours_blocking) == set()
    # The async clients too (the Navigator and the functions are the blocking
    # module's: AsyncNavigator is given its client, which its owner closes).
    clients = {name: theirs[name] for name in ours_async}
    assert _differing(clients, ours_async) == set()
