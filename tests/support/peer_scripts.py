"""One script written for the public client, run by an interpreter on a server.

The peer tests run the same script with the public client's interpreter
(isolated: its own ``ionworks``) and with ours, each against a fresh
in-memory ionworks-local; the script prints its outcomes as JSON last.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from ionworks_async.local import serve

from . import LOCAL_KEY

__all__ = ["script_outcomes"]


def script_outcomes(
    python: str, script: Path, tmp_path: Path, *, isolated: bool
) -> dict[str, Any]:
    """Run ``script`` with one interpreter against a fresh in-memory server."""
    with serve(in_memory=True, api_keys=[LOCAL_KEY]) as server:
        done = subprocess.run(
            [python, *(["-I"] if isolated else []), str(script), server.url, LOCAL_KEY],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)},
        )
    assert done.returncode == 0, done.stderr[-4000:]
    seen: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen
