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
from types import TracebackType
from typing import IO, Any

__all__ = ["Peer", "run_script"]


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


class Peer:
    """A script kept running in another interpreter, asked for figures in turns.

    The script reads one line at a time on stdin and answers each with one
    line of JSON; so a benchmark can interleave its rounds with ours in the
    same minutes, and a noisy minute weighs on both alike. Isolated as
    :func:`run_script` runs it.
    """

    def __init__(self, python: str, script: str, *args: str) -> None:
        self._home = tempfile.TemporaryDirectory()
        self._process = subprocess.Popen(
            [python, "-I", "-c", script, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self._home.name,
            env={"PATH": os.environ.get("PATH", ""), "HOME": self._home.name},
        )

    def ask(self, line: str) -> dict[str, Any]:
        """Send ``line``; return the script's answer.

        Raises
        ------
        ValueError
            When the script ended instead of answering (with its stderr's end).
        """
        stdin, stdout = self._pipes()
        stdin.write(line + "\n")
        stdin.flush()
        answer = stdout.readline()
        if not answer:
            error = self._process.stderr.read() if self._process.stderr else ""
            raise ValueError(f"the peer script ended: {error[-300:]}")
        result: dict[str, Any] = json.loads(answer)
        return result

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def __enter__(self) -> Peer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the script (its stdin closed) and clean up after it."""
        try:
            self._pipes()[0].close()
            self._process.wait(timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            for stream in (self._process.stdout, self._process.stderr):
                if stream is not None:
                    stream.close()
            self._home.cleanup()
