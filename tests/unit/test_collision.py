"""Another distribution's ``ionworks`` installed over ours is told once, with a fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ionworks_async._runtime.collision import foreign_ionworks

ROOT = Path(__file__).resolve().parents[2]


def _python(
    *arguments: str, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:  # a foreign "ionworks" found before ours
        env["PYTHONPATH"] = os.pathsep.join([str(path), str(ROOT)])
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=path or ROOT,
    )


def test_our_own_ionworks_is_not_foreign() -> None:
    assert foreign_ionworks() is None
    done = _python("-W", "error", "-c", "import ionworks_async, ionworks")
    assert done.returncode == 0, done.stderr


def test_a_foreign_ionworks_is_told_once_and_our_command_still_runs(
    tmp_path: Path,
) -> None:
    foreign = tmp_path / "ionworks"
    foreign.mkdir()
    (foreign / "__init__.py").write_text('"""ionworks-api, say."""\nname = "theirs"\n')
    done = _python(
        "-c",
        "import ionworks_async, importlib; importlib.reload(ionworks_async);"
        "import ionworks; print(ionworks.name)",
        path=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "theirs"
    assert done.stderr.count("ForeignIonworksWarning") == 1, done.stderr
    assert "not ionworks-async's" in done.stderr
    assert "python -m ionworks_async" in done.stderr
    command = _python("-m", "ionworks_async", "--version", path=tmp_path)
    assert command.returncode == 0 and "ionworks-async" in command.stdout
