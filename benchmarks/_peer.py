"""Run a script in the public client's interpreter (``--peer``), apart from ours.

ionworks-api installs a package named ``ionworks``, as this project does, so
its scripts run isolated (``-I``): in an empty folder, with a bare
environment, never seeing this checkout's packages.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Any

__all__ = ["run_script"]


def run_script(
    python: str, script: str, *args: str, timeout: float = 1800
) -> dict[str, Any]:
    """Run ``script`` with ``args`` in ``python``; return its last line as JSON.

    Raises
    ------
    OSError, subprocess.SubprocessError, ValueError
        When the interpreter cannot run, the script fails or prints no JSON.
    """
    with tempfile.TemporaryDirectory() as home:
        done = subprocess.run(
            [python, "-I", "-c", script, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
            cwd=home,
            env={"PATH": os.environ.get("PATH", ""), "HOME": home},
        )
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise ValueError(f"the peer script printed nothing: {done.stderr[-300:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result
